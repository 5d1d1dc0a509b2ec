//! The dates extractor: every temporal expression of a document, normalized to an
//! inclusive calendar interval (`dates` table).
//!
//! `ingest → normalize → segment → **extract (dates)** → validate → write`; it runs first
//! so that indicators and policies can link to its mentions ([`ClauseDates::date_in_clause`]).
//!
//! # Rules
//!
//! The patterns are listed in one table, [`patterns::PATTERNS`]; each row's name lands in
//! the `rule` column:
//!
//! | rule | example | interval |
//! | --- | --- | --- |
//! | `date_ymd` | `2024 年 1 月 19 日`, `去年9月1日` | the day |
//! | `date_ymd_numeric` | `2025.8.25`, `2024/3/15`, `2024-03-15` | the day |
//! | `date_ym` | `2019年4月`, `今年7月`, `民国113年4月` | the month |
//! | `date_year` | `2019年`, `2019年度`, `二〇二三年`, `07年` | the year |
//! | `date_roc_year` | `民国113年`, `112年度` | 2024; 2023 (three-digit years before 月 or 年度 are ROC years) |
//! | `date_relative_year` | `去年`, `今年`, `前年`, `明年` | the year, from the reference |
//! | `date_anaphoric_year` | `同年`, `当年`, `次年` | from the last year stated before |
//! | `date_md` | `12月1日` | the day, year from the paragraph or the reference |
//! | `date_md_unsuffixed` | `八月十五` | the day |
//! | `date_month` | `10月` | the month, year from the paragraph or the reference |
//! | `date_month_range` | `今年1—9月`, `今年首两个月` | first to last month (granularity `month`) |
//! | `date_day_range` | `6月1日-6月30日` | first to last day |
//! | `date_fiscal_year` | `2024-25年度`, `二〇二四至二五年度`, `2023/24课税年度`, `2024-25至2028-29年度` | 1 April to 31 March (granularity `year`; a range `multi_year`); `2024年度` stays the calendar year |
//! | `date_year_range` | `1980—1992年`, `2019年至2022年` | `multi_year` |
//! | `date_range` | `2018年10月至2019年3月` | two adjacent dates joined by `至`/`到`/`-` |
//! | `date_quarter` | `2023年一季度`, `前三季度` | Q1 = Jan–Mar; `前三季度` = Jan–Sep |
//! | `date_half_year` | `上半年`, `下半年` | Jan–Jun, Jul–Dec (granularity `quarter`) |
//! | `date_part_of_year` | `年底`, `2019年末`, `年初` | December; January (granularity `month`) |
//! | `date_part_of_month` | `9月底`, `5月上旬` | days 21–end; 1–10 (granularity `day`) |
//! | `date_decade` | `20世纪80年代`, `90年代`, `1990年代` | 1980–1989; bare `NN年代` is 19NN for NN ≥ 30, else 20NN |
//! | `date_century` | `21世纪` | 2001–2100 |
//! | `five_year_plan` | `十三五` | 2016–2020 (plans 1–10 only when quoted or before `时期`…) |
//! | `date_recent_years` | `近五年`, `过去 5 年` | the N whole years before the reference year |
//! | `date_relative_month` | `上个月`, `本月15日`, `上月`(底) | the month or day, from the reference; a 底/末/初 after it stays outside the span |
//!
//! # Conventions
//!
//! * Spans hold the date only: `到2025年`, `截至2019年底`, `2022年以来`, `2015年至今`
//!   give `2025年`, `2019年底`, `2022年`, `2015年` (the gold's convention).
//! * Year-less dates (`10月`, `12月1日`, `年底`, `一季度`) take the year of the nearest
//!   earlier date of the same paragraph that lies within one calendar year
//!   (`1987年10月 … 12月1日` → 1987-12-01, `relative = false`); with none, the reference
//!   year (`relative = true`). Anaphoric years (`同年`, `当年`, `次年`) take the last
//!   year stated before, in this paragraph or an earlier one; with none they are dropped.
//! * A range is one mention (`2019年至2022年`, `今年1—9月`): `multi_year` between two
//!   years, otherwise the finer granularity of its two ends (`month` for `1—9月`).
//!   A document without a reference date lends year-less dates the last year stated in
//!   an earlier paragraph (`2023年全年…。\n其中，第一季度…` → 2023 Q1).
//! * Relative expressions resolve against [`ExtractContext::reference_date`]; without it
//!   they are kept with `relative = true` and empty `start`/`end`. Exception: a past
//!   relative year (`上年`, `去年`, `前年`) after a year stated in the same sentence
//!   (and before the reference year) counts from that year: `2023年…比上年增长5.2%` →
//!   上年 = 2022, `relative = true`, `reference_date` = 2023-01-01 (the stated year's
//!   first day, so the offset can be recomputed).
//! * Not dates: durations (`两年`, `5年`, `15年`, `历时1000年`, `2000年以上`), recurring
//!   times (`每年3月`, `每年年底`), anniversaries (`45周年`), issue and line
//!   numbers (`第1201期`, `13号线`), `近年来` (no bounds), `今天`/`目前` (in policy text they
//!   mean "nowadays").
//! * Sentences marked as page artifacts are skipped, except one that is a date and
//!   nothing else (a dateline), figure or table captions (`图2 2019—2023年…`) and
//!   numbered footnotes (`①基期为2016年`).

mod cues;
mod document;
mod fiscal;
pub mod index;
mod lexicon;
mod link;
mod parse;
pub mod patterns;
mod resolve;
mod scan;

use chrono::NaiveDate;

pub use document::find_document_date;
pub use index::SpanIndex;
pub use link::ClauseDates;

use super::{DateMention, ExtractContext, Extractor, MentionKind, Mentions};
use crate::rules::dates::DateRules;
use crate::rules::Rules;
use crate::segment::{Segmented, Sentence};
use crate::span::Span;
use lexicon::Lexicon;
use resolve::{Resolved, YearScope};
use scan::{Candidate, WordBoundaries};

/// Finds dates and periods and resolves them to calendar intervals.
#[derive(Debug)]
pub struct DateExtractor {
    patterns: patterns::Patterns,
    lexicon: Lexicon,
    /// Matches a range connector and nothing else, to join adjacent dates.
    connector: Option<regex::Regex>,
    /// Matches a contemporary Republic-of-China date with its era word (`中华民国113年`):
    /// the cue that the document writes its other years bare ([`parse::DocumentCues`]).
    roc_cue: Option<regex::Regex>,
}

impl DateExtractor {
    /// Compiles the extractor from the rules.
    #[must_use]
    pub fn new(rules: &Rules) -> Self {
        Self::from_date_rules(&rules.dates)
    }

    /// Compiles the extractor from the dates table alone.
    #[must_use]
    pub fn from_date_rules(rules: &DateRules) -> Self {
        let connectors: Vec<String> = rules.connectors.iter().map(|c| regex::escape(c)).collect();
        let connector = format!(
            r"^[ \t\u{{3000}}]*(?:{})+[ \t\u{{3000}}]*$",
            connectors.join("|")
        );
        Self {
            patterns: patterns::compile(rules),
            lexicon: Lexicon::new(rules),
            connector: regex::Regex::new(&connector).ok(),
            roc_cue: cues::roc_cue(rules),
        }
    }

    /// What the whole document says about reading its dates: whether it dates itself in
    /// Republic-of-China years with the era word (then `112年` alone is ROC 112).
    fn document_cues(&self, doc: &Segmented) -> parse::DocumentCues {
        parse::DocumentCues {
            roc_years: self
                .roc_cue
                .as_ref()
                .is_some_and(|cue| cue.is_match(doc.text())),
        }
    }

    /// The date candidates of one sentence, sentence-relative.
    fn sentence_candidates(
        &self,
        doc: &Segmented,
        sentence: &Sentence,
        cues: parse::DocumentCues,
    ) -> Vec<Candidate> {
        let text = doc.sentence_text(sentence);
        let words = WordBoundaries::new(&sentence.tokens, sentence.span.start());
        let found = scan::candidates(text, &words, &self.patterns, &self.lexicon, cues);
        if sentence.artifact
            && !is_whole_sentence(&found, text)
            && !crate::extract::displaced::is_displaced_content(&self.lexicon.caption_labels, text)
        {
            return Vec::new();
        }
        found
    }

    /// Resolves one sentence's candidates, joins adjacent ones into ranges and pushes them.
    fn push_sentence(
        &self,
        doc: &Segmented,
        sentence: &Sentence,
        scope: &mut YearScope,
        (reference, cues): (Option<NaiveDate>, parse::DocumentCues),
        out: &mut Vec<DateMention>,
    ) {
        let text = doc.sentence_text(sentence);
        let offset = sentence.span.start();
        let mut previous: Option<(Candidate, Resolved)> = None;
        let mut stated: Option<i32> = None;
        for candidate in self.sentence_candidates(doc, sentence, cues) {
            let anchor = comparison_anchor(&candidate.expr, stated, reference);
            let before = &text[..candidate.start];
            let Some(resolved) = cues::resolve_candidate(
                &self.lexicon,
                &candidate,
                before,
                *scope,
                anchor.or(reference),
            ) else {
                continue;
            };
            if resolved.relative {
                // `截至2019年底，今年年初，去年底`: 去年 counts from the reference again.
                stated = None;
            }
            let since = cues::opens_a_period_to_now(&self.lexicon, &text[candidate.end..]);
            match resolved.year_context() {
                Some(year) if anchor.is_none() => {
                    if !since {
                        scope.state(year);
                    }
                    if !year.relative {
                        stated = Some(year.year);
                    }
                }
                _ => {}
            }
            let left = previous.take();
            let joined = left.and_then(|(left, left_resolved)| {
                let range = self.join(text, (&left, &left_resolved), (&candidate, &resolved))?;
                Some((
                    Span::new(offset + left.start, offset + candidate.end),
                    range,
                ))
            });
            if let (Some((span, (rule, range))), Some(last)) = (joined, out.last_mut()) {
                *last = mention(span, rule, &range, anchor.or(reference));
            } else {
                let span = Span::new(offset + candidate.start, offset + candidate.end);
                out.push(mention(
                    span,
                    candidate.rule,
                    &resolved,
                    anchor.or(reference),
                ));
                previous = Some((candidate, resolved));
            }
        }
    }

    /// Two adjacent dates separated only by a connector (`2019年至2022年`) as one range,
    /// with its rule; `None` when the gap is not a connector or the range goes backwards.
    fn join(
        &self,
        sentence: &str,
        (left, left_resolved): (&Candidate, &Resolved),
        (right, right_resolved): (&Candidate, &Resolved),
    ) -> Option<(&'static str, Resolved)> {
        let gap = &sentence[left.end..right.start];
        let connector = self.connector.as_ref()?;
        if !connector.is_match(gap) {
            return None;
        }
        let range = resolve::join(left_resolved, right_resolved)?;
        Some((range_rule(left_resolved, right_resolved), range))
    }

    /// The document's own date: see [`find_document_date`].
    #[must_use]
    pub fn document_date(&self, doc: &Segmented) -> Option<NaiveDate> {
        document::find(self, doc)
    }
}

impl Extractor for DateExtractor {
    fn kind(&self) -> MentionKind {
        MentionKind::Date
    }

    fn extract(&self, doc: &Segmented, context: &ExtractContext, found: &mut Mentions) {
        let mut paragraph = None;
        let mut scope = YearScope::default();
        let mut dates = Vec::new();
        let cues = self.document_cues(doc);
        for sentence in &doc.sentences {
            if paragraph != Some(sentence.paragraph) {
                paragraph = Some(sentence.paragraph);
                scope.enter_paragraph();
            }
            self.push_sentence(
                doc,
                sentence,
                &mut scope,
                (context.reference_date, cues),
                &mut dates,
            );
        }
        found.dates.extend(dates);
    }
}

/// The reference a past relative year (`上年`, `去年`, `前年`) takes from the year stated
/// earlier in its sentence with no relative date between (`2023年…比上年增长5.2%` →
/// 上年 = 2022): January 1 of that year, which lands in `reference_date`. `None` (use the document's reference) when no
/// year was stated, or when it is not before the reference year (`去年…，2025年将…`).
fn comparison_anchor(
    expr: &parse::Expr,
    stated: Option<i32>,
    reference: Option<NaiveDate>,
) -> Option<NaiveDate> {
    use chrono::Datelike;
    let parse::Expr::Point(period) = expr else {
        return None;
    };
    let parse::YearSpec::Relative(offset) = period.year else {
        return None;
    };
    let year = stated.filter(|year| offset < 0 && reference.is_none_or(|r| *year < r.year()))?;
    NaiveDate::from_ymd_opt(year, 1, 1)
}

/// True when the candidates are one date covering the whole sentence (a dateline).
fn is_whole_sentence(found: &[Candidate], text: &str) -> bool {
    let trimmed = text.trim_end_matches(['。', '.', '，', ',']);
    matches!(found, [only] if only.start == 0 && only.end == trimmed.len())
}

/// The rule of two dates joined into a range, named by what the two sides are.
fn range_rule(left: &Resolved, right: &Resolved) -> &'static str {
    use crate::extract::Granularity::{Day, Month, Year};
    match (left.granularity, right.granularity) {
        (Year, Year) => "date_year_range",
        (Month, Month) => "date_month_range",
        (Day, Day) => "date_day_range",
        _ => "date_range",
    }
}

/// The mention of a resolved date.
fn mention(
    span: Span,
    rule: &'static str,
    resolved: &Resolved,
    reference: Option<NaiveDate>,
) -> DateMention {
    DateMention {
        span,
        rule,
        start: resolved.start,
        end: resolved.end,
        granularity: resolved.granularity,
        relative: resolved.relative,
        reference_date: if resolved.relative { reference } else { None },
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::extract::Granularity;
    use crate::segment::{segment_plain, WordSegmenter};

    static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));
    static EXTRACTOR: LazyLock<DateExtractor> =
        LazyLock::new(|| DateExtractor::new(&Rules::embedded().expect("rules")));

    /// `(text, start, end, granularity)` of every date in `text`.
    fn dates(text: &str, reference: Option<&str>) -> Vec<(String, String, String, Granularity)> {
        let doc = segment_plain(text, &WORDS);
        let context = ExtractContext {
            reference_date: reference.map(|r| r.parse().expect("date")),
        };
        let mut found = Mentions::default();
        EXTRACTOR.extract(&doc, &context, &mut found);
        let show = |date: Option<NaiveDate>| date.map_or("-".to_string(), |d| d.to_string());
        found
            .dates
            .iter()
            .map(|m| {
                (
                    text[m.span].to_string(),
                    show(m.start),
                    show(m.end),
                    m.granularity,
                )
            })
            .collect()
    }

    fn one(text: &str, reference: Option<&str>) -> (String, String, String, Granularity) {
        let mut found = dates(text, reference);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.remove(0)
    }

    #[test]
    fn every_rule_is_in_the_module_docs() {
        let docs = include_str!("mod.rs");
        for spec in patterns::PATTERNS {
            assert!(
                docs.contains(&format!("//! | `{}` |", spec.rule)),
                "{} undocumented",
                spec.rule
            );
        }
    }

    #[test]
    fn absolute_forms() {
        let day = one("于2024 年 1 月 19 日发布", None);
        assert_eq!(
            day,
            (
                "2024 年 1 月 19 日".into(),
                "2024-01-19".into(),
                "2024-01-19".into(),
                Granularity::Day
            )
        );
        assert_eq!(one("发于2025.8.25总第1201期", None).1, "2025-08-25");
        assert_eq!(one("1987年10月确立", None).2, "1987-10-31");
        assert_eq!(one("二〇二三年是关键", None).1, "2023-01-01");
        assert_eq!(one("民国113年", None).1, "2024-01-01");
    }

    #[test]
    fn year_inheritance_within_a_paragraph() {
        let found = dates(
            "于1987年10月确立了制度；12月1日正式实施。",
            Some("2024-01-19"),
        );
        assert_eq!(found[1].1, "1987-12-01");
        let found = dates("1987年10月确立。\n12月1日实施。", Some("2024-01-19"));
        assert_eq!(found[1].1, "2024-12-01");
    }

    #[test]
    fn ranges_join_into_one_mention() {
        let found = dates("2019年至2022年，1980—1992年，今年1—9月", Some("2024-01-19"));
        let texts: Vec<&str> = found.iter().map(|d| d.0.as_str()).collect();
        assert_eq!(texts, ["2019年至2022年", "1980—1992年", "今年1—9月"]);
        assert_eq!(found[0].3, Granularity::MultiYear);
        assert_eq!(
            (found[2].1.as_str(), found[2].2.as_str()),
            ("2024-01-01", "2024-09-30")
        );
    }

    #[test]
    fn relative_dates_without_reference_stay_open() {
        let (text, start, _, granularity) = one("去年前三季度增长8.3%", None);
        assert_eq!(
            (text.as_str(), start.as_str(), granularity),
            ("去年前三季度", "-", Granularity::Quarter)
        );
        assert_eq!(one("去年前三季度", Some("2024-01-19")).2, "2023-09-30");
    }

    #[test]
    fn a_relative_month_before_a_part_word_is_the_month() {
        for (text, month_start, month_end) in [
            ("截至上月底，贷款余额增长", "2024-05-01", "2024-05-31"),
            ("本月初召开会议", "2024-06-01", "2024-06-30"),
            ("预计下个月末完成", "2024-07-01", "2024-07-31"),
        ] {
            let (span, start, end, granularity) = one(text, Some("2024-06-12"));
            assert!(!span.ends_with(['底', '末', '初']), "{text}: {span}");
            assert_eq!(
                (start.as_str(), end.as_str(), granularity),
                (month_start, month_end, Granularity::Month),
                "{text}"
            );
        }
        assert_eq!(one("截至上年末", Some("2024-06-12")).0, "上年末");
        assert_eq!(one("到年底完成", Some("2024-06-12")).0, "年底");
    }

    #[test]
    fn the_first_months_of_a_stated_year() {
        let (span, start, end, granularity) = one("今年首三个月出口增长", Some("2024-06-12"));
        assert_eq!(
            (span.as_str(), start.as_str(), end.as_str(), granularity),
            (
                "今年首三个月",
                "2024-01-01",
                "2024-03-31",
                Granularity::Month
            )
        );
        assert_eq!(one("2023年前两个月", None).2, "2023-02-28");
        assert!(dates("前两个月增长较快", Some("2024-06-12")).is_empty());
    }

    #[test]
    fn durations_and_numbers_are_not_dates() {
        for text in [
            "连续5年每年推出",
            "两年后",
            "建校45周年",
            "总第1201期",
            "地铁13号线",
            "百年初心",
        ] {
            assert_eq!(dates(text, Some("2024-01-19")), [], "{text}");
        }
    }

    #[test]
    fn fiscal_years_run_april_to_march() {
        let found = dates(
            "二〇一九至二〇年度预算；2017/18课税年度；2020-21至2022-23年度；2021年度",
            None,
        );
        let got: Vec<(&str, &str, &str, Granularity)> = found
            .iter()
            .map(|d| (d.0.as_str(), d.1.as_str(), d.2.as_str(), d.3))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "二〇一九至二〇年度",
                    "2019-04-01",
                    "2020-03-31",
                    Granularity::Year
                ),
                (
                    "2017/18课税年度",
                    "2017-04-01",
                    "2018-03-31",
                    Granularity::Year
                ),
                (
                    "2020-21至2022-23年度",
                    "2020-04-01",
                    "2023-03-31",
                    Granularity::MultiYear
                ),
                ("2021年度", "2021-01-01", "2021-12-31", Granularity::Year),
            ]
        );
    }

    #[test]
    fn bare_roc_years_need_an_era_dated_document() {
        let text = "中华民国112年3月1日\n110年出口成长，较109年增加。";
        let found = dates(text, None);
        let years: Vec<(&str, &str)> = found.iter().map(|d| (d.0.as_str(), d.1.as_str())).collect();
        assert_eq!(
            years,
            [
                ("中华民国112年3月1日", "2023-03-01"),
                ("110年", "2021-01-01"),
                ("109年", "2020-01-01"),
            ]
        );
        assert_eq!(dates("建成110年，较109年增加。", None), []);
        assert_eq!(dates("民国38年\n建成110年。", None).len(), 1);
    }

    #[test]
    fn since_dates_and_announced_dates_keep_the_reference_year() {
        let found = dates(
            "该项目自2019年5月启动以来成效明显。新规将于4月1日起施行。",
            Some("2022-03-10"),
        );
        assert_eq!(found[1].1, "2022-04-01");
        let found = dates("新规将于1月5日起施行。", Some("2022-12-10"));
        assert_eq!(found[0].1, "2023-01-05");
        let found = dates("2019年5月启动后成效明显。6月底完成。", Some("2022-03-10"));
        assert_eq!(found[1].1, "2019-06-21");
    }

    #[test]
    fn artifact_sentences_keep_only_datelines_and_captions() {
        let text = "第1页 2019年GFCI排名\n2024年1月19日\n图3 2020年产量\n②基期为2016年";
        let mut doc = segment_plain(text, &WORDS);
        for sentence in &mut doc.sentences {
            sentence.artifact = true;
        }
        let mut found = Mentions::default();
        EXTRACTOR.extract(&doc, &ExtractContext::default(), &mut found);
        let rules: Vec<&str> = found.dates.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["date_ymd", "date_year", "date_year"]);
    }
}
