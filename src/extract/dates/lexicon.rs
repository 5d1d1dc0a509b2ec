//! The word lists of `rules/data/dates.toml` as lookups, built once per extractor: what
//! `super::parse` consults to turn a matched word into a number (`去年` → -1, `上半年` →
//! months 1–6, `民国` → 1911).

use std::collections::HashMap;

use crate::rules::dates::{DateRules, Direction, FiveYearPlanRules, OffsetWord};

/// The word lists of the dates table, as lookups.
#[derive(Debug, Default)]
pub(super) struct Lexicon {
    /// `今年` → 0, `去年` → -1.
    pub(super) relative_year: HashMap<String, i32>,
    /// `同年` → 0, `次年` → +1.
    pub(super) anaphoric_year: HashMap<String, i32>,
    /// `本月` → 0, `上个月` → -1.
    pub(super) relative_month: HashMap<String, i32>,
    /// `上世纪` → -1.
    pub(super) relative_century: HashMap<String, i32>,
    /// `民国` → 1911.
    pub(super) era: HashMap<String, i32>,
    /// `近`, `过去` → past; `未来` → future.
    pub(super) recent: HashMap<String, Direction>,
    /// `上半年` → months 1–6.
    pub(super) half_year: HashMap<String, [u32; 2]>,
    /// `底` → months 12–12.
    pub(super) part_of_year: HashMap<String, [u32; 2]>,
    /// `上旬` → days 1–10.
    pub(super) part_of_month: HashMap<String, [u32; 2]>,
    /// Five-year-plan numbering.
    pub(super) plans: FiveYearPlanRules,
    /// Words before `近N年` that make it a duration.
    pub(super) duration_markers: Vec<String>,
    /// Chars before a bare `年底` that make it part of another word.
    pub(super) part_of_year_blocked_before: Vec<String>,
    /// Words that mark a document's own date.
    pub(super) dateline_markers: Vec<String>,
    /// Words for "today" right before a document's own date (`今日（…）`).
    pub(super) dateline_today: Vec<String>,
    /// Words after a date that open a period to the present (`以来`).
    pub(super) open_since_after: Vec<String>,
    /// Words before a year-less date that put it after the reference (`将于`).
    pub(super) future_markers: Vec<String>,
    /// Labels of figure and table captions (`图`, `表`).
    pub(super) caption_labels: Vec<String>,
    /// Words before a year-less date that make it recurring (`每年`).
    pub(super) recurring_markers: Vec<String>,
    /// Words before a written year that make it a count (`历时`).
    pub(super) year_count_before: Vec<String>,
    /// Words after a written year that make it a count (`以上`).
    pub(super) year_count_after: Vec<String>,
    /// The offset of three-digit era years without an era word.
    pub(super) bare_era_offset: i32,
}

impl Lexicon {
    /// Builds the lookups from the rule table.
    pub fn new(rules: &DateRules) -> Self {
        let offsets =
            |words: &[OffsetWord]| words.iter().map(|w| (w.word.clone(), w.offset)).collect();
        Self {
            relative_year: offsets(&rules.relative_year),
            anaphoric_year: offsets(&rules.anaphoric_year),
            relative_month: offsets(&rules.relative_month),
            relative_century: offsets(&rules.relative_century),
            era: offsets(&rules.era),
            recent: rules
                .recent_years
                .iter()
                .map(|w| (w.word.clone(), w.direction))
                .collect(),
            half_year: rules
                .half_year
                .iter()
                .map(|w| (w.word.clone(), w.months))
                .collect(),
            part_of_year: rules
                .part_of_year
                .iter()
                .map(|w| (w.word.clone(), w.months))
                .collect(),
            part_of_month: rules
                .part_of_month
                .iter()
                .map(|w| (w.word.clone(), w.days))
                .collect(),
            plans: rules.five_year_plan.clone(),
            duration_markers: rules.duration_markers.clone(),
            part_of_year_blocked_before: rules.part_of_year_blocked_before.clone(),
            dateline_markers: rules.dateline_markers.clone(),
            dateline_today: rules.dateline_today.clone(),
            open_since_after: rules.open_since_after.clone(),
            future_markers: rules.future_markers.clone(),
            caption_labels: rules.caption_labels.clone(),
            recurring_markers: rules.recurring_markers.clone(),
            year_count_before: rules.year_count_before.clone(),
            year_count_after: rules.year_count_after.clone(),
            bare_era_offset: rules.bare_era_offset,
        }
    }
}
