//! What the words around a quantity say about it: the qualifier (`约`, `超过`, `以上`),
//! the linking words between subject and number (`达到`, `增长`), and the `measure`
//! (`增长8.3%` is growth, `占GDP比重42.5%` is a share).

use super::qualifier_of;
use crate::extract::{Measure, Qualifier};
use crate::rules::indicators::IndicatorRules;

/// What stands between a quantity and the subject before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Lead {
    /// Where the subject region ends: before the linking words and qualifiers.
    pub end: usize,
    /// The qualifier written before the number, if any.
    pub qualifier: Option<Qualifier>,
    /// True when a change verb links subject and number (`增长8.3%`, not `提升至42.5%`).
    pub growth: bool,
}

/// The compiled context words.
#[derive(Debug)]
pub(super) struct ContextWords {
    /// Qualifiers before the number and linking words, longest first.
    lead_words: Vec<(String, Option<Qualifier>)>,
    after: Vec<(String, Qualifier)>,
    growth_words: Vec<String>,
    target_words: Vec<String>,
    comparison_markers: Vec<String>,
    growth_subject_suffixes: Vec<String>,
    growth_units: Vec<String>,
    share_markers: Vec<String>,
    share_subject_suffixes: Vec<String>,
    rate_suffixes: Vec<String>,
}

impl ContextWords {
    /// Compiles the tables.
    pub(super) fn new(rules: &IndicatorRules) -> Self {
        let mut lead_words: Vec<(String, Option<Qualifier>)> = rules
            .qualifiers
            .before
            .iter()
            .map(|(word, name)| (word.clone(), Some(qualifier_of(*name))))
            .chain(
                rules
                    .grammar
                    .linking_words
                    .iter()
                    .map(|word| (word.clone(), None)),
            )
            .collect();
        lead_words.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut after: Vec<(String, Qualifier)> = rules
            .qualifiers
            .after
            .iter()
            .map(|(word, name)| (word.clone(), qualifier_of(*name)))
            .collect();
        after.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let measure = &rules.measure;
        Self {
            lead_words,
            after,
            growth_words: measure.growth_words.clone(),
            target_words: measure.target_words.clone(),
            comparison_markers: measure.comparison_markers.clone(),
            growth_subject_suffixes: measure.growth_subject_suffixes.clone(),
            growth_units: measure.growth_units.clone(),
            share_markers: measure.share_markers.clone(),
            share_subject_suffixes: measure.share_subject_suffixes.clone(),
            rate_suffixes: measure.rate_suffixes.clone(),
        }
    }

    /// Strips qualifiers and linking words backwards from `number_start` down to
    /// `clause_start` (`总投资额超过370亿元`: `超过` is the qualifier, the lead ends at `额`).
    pub(super) fn lead(&self, text: &str, clause_start: usize, number_start: usize) -> Lead {
        let mut lead = Lead {
            end: number_start,
            qualifier: None,
            growth: false,
        };
        let mut target_seen = false;
        loop {
            let before = text[clause_start..lead.end].trim_end();
            lead.end = clause_start + before.len();
            let Some((word, qualifier)) = self.lead_words.iter().find(|(word, _)| {
                before
                    .strip_suffix(word.as_str())
                    .is_some_and(|rest| !year_of_a_date(word, rest))
            }) else {
                break;
            };
            lead.qualifier = lead.qualifier.or(*qualifier);
            target_seen |= self.target_words.contains(word);
            lead.growth |= !target_seen && self.growth_words.contains(word);
            lead.end -= word.len();
        }
        lead
    }

    /// The qualifier written right after the quantity (`95%以上`) and where it ends.
    pub(super) fn after(&self, text: &str, end: usize) -> (Option<Qualifier>, usize) {
        let rest = &text[end..];
        match self
            .after
            .iter()
            .find(|(word, _)| rest.starts_with(word.as_str()))
        {
            Some((word, qualifier)) => (Some(*qualifier), end + word.len()),
            None => (None, end),
        }
    }

    /// Growth, share or level, from the lead, the clause before the number, the unit and
    /// the subject. Only a relative change is growth (`增长8.3%`, `增长3倍`); an absolute
    /// one (`增加2.5万人`) is a level, as GOLD_SPEC states growth in percent.
    pub(super) fn measure(
        &self,
        lead: &Lead,
        clause_before: &str,
        unit: &str,
        subject: Option<&str>,
    ) -> Measure {
        let ends_with_any = |words: &[String]| {
            subject.is_some_and(|subject| words.iter().any(|word| subject.ends_with(word.as_str())))
        };
        let relative = self.growth_units.iter().any(|word| word == unit);
        if relative
            && (lead.growth
                || self
                    .comparison_markers
                    .iter()
                    .any(|marker| clause_before.contains(marker.as_str())))
        {
            return Measure::Growth;
        }
        let proportion = matches!(unit, "percent" | "fraction");
        if proportion && (self.shares(clause_before) || ends_with_any(&self.share_subject_suffixes))
        {
            return Measure::Share;
        }
        if relative && ends_with_any(&self.growth_subject_suffixes) {
            return Measure::Growth;
        }
        Measure::Level
    }

    /// True when a noun names a rate (`标准税率`): a percent before it (`15%的标准税率`)
    /// is that rate's value, not a part of a whole.
    pub(super) fn names_a_rate(&self, noun: &str) -> bool {
        self.rate_suffixes
            .iter()
            .any(|suffix| noun.ends_with(suffix.as_str()))
    }

    /// Where the last share marker (`占`) of `clause_before` starts and ends.
    pub(super) fn share_marker(&self, clause_before: &str) -> Option<(usize, usize)> {
        self.share_markers
            .iter()
            .filter_map(|marker| {
                clause_before
                    .rfind(marker.as_str())
                    .map(|at| (at, at + marker.len()))
            })
            .max()
    }

    /// True when the clause before the number holds a share marker.
    fn shares(&self, clause_before: &str) -> bool {
        self.share_marker(clause_before).is_some()
    }
}

/// Chars that make a 年 right after them part of a date (`全年`, `上半年`, `今年`, `2023年`).
const DATE_BEFORE_YEAR: &str = "全半今去明前当同次每近0123456789〇零一二三四五六七八九十";

/// True when `word` starts with the 年 of a date rather than the Taiwan/HK `年增`
/// (year-on-year): `全年增长`, `上半年增5%` keep `增长`/`增` as the linking word.
fn year_of_a_date(word: &str, rest: &str) -> bool {
    word.starts_with('年') && rest.ends_with(|ch: char| DATE_BEFORE_YEAR.contains(ch))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> ContextWords {
        ContextWords::new(&IndicatorRules::embedded().unwrap())
    }

    #[test]
    fn lead_strips_qualifiers_and_linking_words() {
        let text = "总投资额超过370亿元";
        let lead = words().lead(text, 0, text.find("370").unwrap());
        assert_eq!(&text[..lead.end], "总投资额");
        assert_eq!(lead.qualifier, Some(Qualifier::MoreThan));
        let text = "研发投入达到约1880亿元";
        let lead = words().lead(text, 0, text.find("1880").unwrap());
        assert_eq!(
            (&text[..lead.end], lead.qualifier),
            ("研发投入", Some(Qualifier::Approx))
        );
    }

    #[test]
    fn growth_unless_a_target_is_closer() {
        let text = "增加值增长8.3%";
        assert!(words().lead(text, 0, text.find('8').unwrap()).growth);
        let text = "比重提升至42.5%";
        assert!(!words().lead(text, 0, text.find('4').unwrap()).growth);
    }

    #[test]
    fn measures() {
        let words = words();
        let level = Lead {
            end: 0,
            qualifier: None,
            growth: false,
        };
        assert_eq!(
            words.measure(&level, "占GDP比重提升至", "percent", Some("GDP比重")),
            Measure::Share
        );
        assert_eq!(
            words.measure(&level, "研发投入强度", "percent", Some("研发投入强度")),
            Measure::Share
        );
        assert_eq!(
            words.measure(&level, "增长率达", "percent", Some("增长率")),
            Measure::Growth
        );
        assert_eq!(
            words.measure(&level, "同比增长", "percent", None),
            Measure::Growth
        );
        assert_eq!(
            words.measure(&level, "研发投入达到", "CNY", Some("研发投入")),
            Measure::Level
        );
        let growing = Lead {
            growth: true,
            ..level
        };
        assert_eq!(
            words.measure(&growing, "比上年末增加", "count", Some("常住人口")),
            Measure::Level
        );
        assert_eq!(
            words.measure(&level, "经济成长率", "percent", Some("经济成长率")),
            Measure::Growth
        );
    }

    #[test]
    fn qualifier_after() {
        assert_eq!(
            words().after("95%以上企业", 3),
            (Some(Qualifier::MoreThan), 9)
        );
        assert_eq!(words().after("95%企业", 3), (None, 3));
    }
}
