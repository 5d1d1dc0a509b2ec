//! Cues around a date candidate that change how `super::DateExtractor` reads it: the
//! document's own dating (Republic-of-China years, [`roc_cue`]), a date that opens a period
//! to the present (`以来`), and a year-less date announced as coming (`将于3月1日`).
//! (Whether a caption or footnote is content is [`crate::extract::displaced`].)

use chrono::NaiveDate;

use super::lexicon::Lexicon;
use super::parse;
use super::resolve::{self, Resolved, YearScope};
use super::scan::Candidate;
use crate::rules::dates::DateRules;

/// The regex of `DateExtractor::roc_cue`: an era word of the bare-era offset (`民国`,
/// `中华民国`) before an Arabic year of 60–149 (1971–2060). Earlier years are left out:
/// a history text quoting `民国38年` does not write its own years bare.
pub(super) fn roc_cue(rules: &DateRules) -> Option<regex::Regex> {
    let eras: Vec<String> = rules
        .era
        .iter()
        .filter(|era| era.offset == rules.bare_era_offset)
        .map(|era| regex::escape(&era.word))
        .collect();
    if eras.is_empty() {
        return None;
    }
    let pattern = format!(
        r"(?:{})[ \t\u{{3000}}]*(?:[6-9][0-9]|1[0-4][0-9])[ \t\u{{3000}}]*年",
        eras.join("|")
    );
    regex::Regex::new(&pattern).ok()
}

/// Resolves a candidate; a year-less date announced as coming (`将于3月1日起`, after a
/// `future_markers` word) takes the first such period that does not end
/// before the reference date instead of the paragraph's year.
pub(super) fn resolve_candidate(
    lexicon: &Lexicon,
    candidate: &Candidate,
    before: &str,
    scope: YearScope,
    reference: Option<NaiveDate>,
) -> Option<Resolved> {
    use chrono::Datelike;
    let future = (lexicon.future_markers.iter()).any(|word| before.ends_with(word.as_str()));
    let implicit = matches!(
        candidate.expr,
        parse::Expr::Point(parse::Period {
            year: parse::YearSpec::Implicit,
            ..
        })
    );
    let Some(reference) = reference.filter(|_| future && implicit) else {
        return resolve::resolve(&candidate.expr, scope, reference);
    };
    let in_year = |year| {
        let context = resolve::YearContext {
            year,
            relative: true,
        };
        let scope = YearScope {
            paragraph: Some(context),
            document: Some(context),
        };
        resolve::resolve(&candidate.expr, scope, Some(reference))
    };
    let this_year = in_year(reference.year())?;
    if this_year.end.is_some_and(|end| end < reference) {
        return in_year(reference.year() + 1);
    }
    Some(this_year)
}

/// True when the clause after a date (up to `，`/`。`/`；`) holds a word that makes the
/// date the start of a period running to the present (`2022年12月推出以来`): such a
/// date says nothing about the year the following text speaks of, so it lends no
/// year to later year-less dates (`…以来，…。将于3月1日起…` is the reference year's).
pub(super) fn opens_a_period_to_now(lexicon: &Lexicon, after: &str) -> bool {
    let clause = after
        .find(['，', '。', '；', ',', ';'])
        .map_or(after, |end| &after[..end]);
    (lexicon.open_since_after.iter()).any(|word| clause.contains(word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> DateRules {
        DateRules::embedded().expect("table")
    }

    #[test]
    fn roc_cue_needs_a_contemporary_era_year() {
        let cue = roc_cue(&table()).expect("cue");
        assert!(cue.is_match("发布日期：中华民国111年2月8日"));
        assert!(cue.is_match("民国 98 年"));
        assert!(!cue.is_match("民国38年迁台"));
        assert!(!cue.is_match("110年增长"));
    }

    #[test]
    fn captions_and_numbered_footnotes_are_content_with_the_embedded_labels() {
        use crate::extract::displaced::is_displaced_content;
        let labels = &Lexicon::new(&table()).caption_labels;
        assert!(is_displaced_content(labels, "图2 2018年产值"));
        assert!(is_displaced_content(labels, "表三 主要指标"));
        assert!(is_displaced_content(labels, "③数据截至2020年"));
        assert!(!is_displaced_content(labels, "图书馆2019年"));
        assert!(!is_displaced_content(labels, "- 12 -"));
    }

    #[test]
    fn since_clauses_open_a_period_to_now() {
        let lexicon = Lexicon::new(&table());
        assert!(opens_a_period_to_now(&lexicon, "启动以来，成效明显"));
        assert!(!opens_a_period_to_now(&lexicon, "启动，以来访者为主"));
    }
}
