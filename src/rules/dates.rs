//! Rule tables for the dates extractor: the word lists its patterns splice in (relative
//! and anaphoric year words, half years, parts of years and months, range connectors, era
//! prefixes, five-year-plan anchors), loaded from the embedded `data/dates.toml`.
//!
//! The patterns themselves (one named regex per rule) are listed in
//! `crate::extract::dates::patterns`; this module only holds data and checks it.

use serde::Deserialize;

use super::{parse_toml, RuleError};

/// The embedded table, as shipped.
const EMBEDDED: &str = include_str!("data/dates.toml");

/// Rule tables for the dates extractor.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRules {
    /// Range connectors between two dates (`-`, `—`, `至`, `到`).
    pub connectors: Vec<String>,
    /// Words that make a following `近 N 年` a duration (`成立近20年`).
    pub duration_markers: Vec<String>,
    /// Characters that, right before a bare `年初`/`年底`, show the 年 belongs to another
    /// word (`百年初心`, `每年年底`).
    pub part_of_year_blocked_before: Vec<String>,
    /// Words right before a year-less date that make it recurring (`每年3月`).
    pub recurring_markers: Vec<String>,
    /// Words before a written year that make it a count of years (`历时1000年`).
    pub year_count_before: Vec<String>,
    /// Words after a written year that make it a count of years (`2000年以上`).
    pub year_count_after: Vec<String>,
    /// The offset of three-digit era years without an era word (`113年1月` = 2024).
    pub bare_era_offset: i32,
    /// Words that mark a date near the top of a document as its own date (`发于`).
    pub dateline_markers: Vec<String>,
    /// Words for "today" right before a full date near the top of a document
    /// (`今日（2024年2月28日）`): that date is the document's own date.
    #[serde(default)]
    pub dateline_today: Vec<String>,
    /// Words between a split fiscal year and its 年度 (`2023/24课税年度`).
    #[serde(default)]
    pub fiscal_year_words: Vec<String>,
    /// Words after a date that make it the start of a period running to the present
    /// (`2022年12月以来`): it lends no year to later year-less dates.
    #[serde(default)]
    pub open_since_after: Vec<String>,
    /// Words right before a year-less date that put it after the document's date
    /// (`将于3月1日起`): it takes the first such day on or after the reference date.
    #[serde(default)]
    pub future_markers: Vec<String>,
    /// Labels of figure and table captions (`图2 2019—2023年地区生产总值`): normalize marks
    /// captions as page artifacts, but the dates they name are content.
    #[serde(default)]
    pub caption_labels: Vec<String>,
    /// `今年`, `去年`, …: offset in years from the reference year.
    pub relative_year: Vec<OffsetWord>,
    /// `同年`, `次年`: offset in years from the year stated earlier in the paragraph.
    pub anaphoric_year: Vec<OffsetWord>,
    /// `上世纪`, `本世纪`: offset in centuries from the reference year's century.
    pub relative_century: Vec<OffsetWord>,
    /// `本月`, `上个月`: offset in months from the reference month.
    pub relative_month: Vec<OffsetWord>,
    /// `近`, `过去`, `未来`: the words of `近五年`-style periods.
    pub recent_years: Vec<RecentWord>,
    /// `上半年`, `下半年`: the months they cover.
    pub half_year: Vec<MonthSpan>,
    /// `初`, `底`, `末` after 年: the months they cover.
    pub part_of_year: Vec<MonthSpan>,
    /// `上旬`, `底` after 月: the days they cover.
    pub part_of_month: Vec<DaySpan>,
    /// `民国`: era prefixes and the year they add.
    pub era: Vec<OffsetWord>,
    /// Five-year-plan numbering.
    pub five_year_plan: FiveYearPlanRules,
}

/// A word with a signed offset (years, months, or an era's base year).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OffsetWord {
    /// The word, Simplified script.
    pub word: String,
    /// What it adds to its base.
    pub offset: i32,
}

/// Whether a `近五年`-style word looks back or ahead of the reference year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The N whole years before the reference year.
    Past,
    /// The N whole years after the reference year.
    Future,
}

/// A `近五年`-style word.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecentWord {
    /// The word (`近`, `过去`).
    pub word: String,
    /// Back or ahead.
    pub direction: Direction,
}

/// A word covering a run of months of one year, inclusive (`上半年` → `[1, 6]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthSpan {
    /// The word.
    pub word: String,
    /// First and last month, 1–12.
    pub months: [u32; 2],
}

/// A word covering a run of days of one month, inclusive (`上旬` → `[1, 10]`); a last day
/// past the month's end is clipped to it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaySpan {
    /// The word.
    pub word: String,
    /// First and last day, 1–31.
    pub days: [u32; 2],
}

/// How five-year plans are numbered.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiveYearPlanRules {
    /// `(plan number, first year)` pairs, ascending; a plan starts 5 years per number
    /// after the last anchor at or below it.
    pub anchors: Vec<[i32; 2]>,
    /// Words after a plan numbered 1–10 that make it a plan (`九五时期`).
    pub suffixes: Vec<String>,
}

impl FiveYearPlanRules {
    /// The first year of plan `number` (`13` → 2016), or `None` below the first anchor.
    #[must_use]
    pub fn first_year(&self, number: i32) -> Option<i32> {
        let [anchor, year] = self
            .anchors
            .iter()
            .rev()
            .find(|[anchor, _]| *anchor <= number)?;
        Some(year + 5 * (number - anchor))
    }
}

impl DateRules {
    /// The embedded tables.
    ///
    /// # Errors
    /// When an embedded table is broken.
    pub fn embedded() -> Result<Self, RuleError> {
        Self::from_toml(EMBEDDED, "embedded")
    }

    /// The embedded table with the user's `[dates]` sections laid over it.
    ///
    /// # Errors
    /// When the merged table is not valid or breaks one of its rules.
    pub fn load(overlays: &super::overlay::Overlays) -> Result<Self, RuleError> {
        let (text, origin) = overlays.apply("dates", EMBEDDED)?;
        Self::from_toml(&text, &origin)
    }

    /// Parses and checks a dates table; `origin` names the file in errors.
    ///
    /// # Errors
    /// When the text is not a valid table or breaks one of its own rules.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, RuleError> {
        let rules: Self = parse_toml(text, origin, "dates")?;
        rules.check().map_err(|message| RuleError::Invalid {
            origin: origin.to_string(),
            table: "dates",
            message,
        })?;
        Ok(rules)
    }

    /// Every word list, with its name, for the shared hygiene checks.
    fn word_lists(&self) -> Vec<(&'static str, Vec<&str>)> {
        fn words<T>(items: &[T], word: impl Fn(&T) -> &str) -> Vec<&str> {
            items.iter().map(word).collect()
        }
        vec![
            ("connectors", words(&self.connectors, String::as_str)),
            (
                "duration_markers",
                words(&self.duration_markers, String::as_str),
            ),
            (
                "part_of_year_blocked_before",
                words(&self.part_of_year_blocked_before, String::as_str),
            ),
            (
                "recurring_markers",
                words(&self.recurring_markers, String::as_str),
            ),
            (
                "year_count_before",
                words(&self.year_count_before, String::as_str),
            ),
            (
                "year_count_after",
                words(&self.year_count_after, String::as_str),
            ),
            (
                "dateline_markers",
                words(&self.dateline_markers, String::as_str),
            ),
            (
                "dateline_today",
                words(&self.dateline_today, String::as_str),
            ),
            (
                "fiscal_year_words",
                words(&self.fiscal_year_words, String::as_str),
            ),
            (
                "open_since_after",
                words(&self.open_since_after, String::as_str),
            ),
            (
                "future_markers",
                words(&self.future_markers, String::as_str),
            ),
            (
                "caption_labels",
                words(&self.caption_labels, String::as_str),
            ),
            ("relative_year", words(&self.relative_year, |w| &w.word)),
            ("anaphoric_year", words(&self.anaphoric_year, |w| &w.word)),
            (
                "relative_century",
                words(&self.relative_century, |w| &w.word),
            ),
            ("relative_month", words(&self.relative_month, |w| &w.word)),
            ("recent_years", words(&self.recent_years, |w| &w.word)),
            ("half_year", words(&self.half_year, |w| &w.word)),
            ("part_of_year", words(&self.part_of_year, |w| &w.word)),
            ("part_of_month", words(&self.part_of_month, |w| &w.word)),
            ("era", words(&self.era, |w| &w.word)),
            (
                "five_year_plan.suffixes",
                words(&self.five_year_plan.suffixes, String::as_str),
            ),
        ]
    }

    /// The table's own rules: no empty or duplicate words in a list, months 1–12 and days
    /// 1–31 in order, plan anchors ascending.
    fn check(&self) -> Result<(), String> {
        for (name, words) in self.word_lists() {
            if words.iter().any(|word| word.trim().is_empty()) {
                return Err(format!("{name}: empty word"));
            }
            let mut sorted = words.clone();
            sorted.sort_unstable();
            if let Some([word, _]) = sorted.windows(2).find(|pair| pair[0] == pair[1]) {
                return Err(format!("{name}: duplicate word {word:?}"));
            }
        }
        let mut months = self.half_year.iter().chain(&self.part_of_year);
        if let Some(bad) = months.find(|span| !ordered(span.months, 12)) {
            return Err(format!(
                "{}: months {:?} out of 1–12 or reversed",
                bad.word, bad.months
            ));
        }
        if let Some(bad) = self
            .part_of_month
            .iter()
            .find(|span| !ordered(span.days, 31))
        {
            return Err(format!(
                "{}: days {:?} out of 1–31 or reversed",
                bad.word, bad.days
            ));
        }
        let anchors = &self.five_year_plan.anchors;
        if anchors.is_empty() || anchors.windows(2).any(|pair| pair[0][0] >= pair[1][0]) {
            return Err("five_year_plan.anchors: empty or not ascending".to_string());
        }
        Ok(())
    }
}

/// True when `1 <= first <= last <= max`.
fn ordered([first, last]: [u32; 2], max: u32) -> bool {
    1 <= first && first <= last && last <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> DateRules {
        DateRules::embedded().expect("embedded dates table")
    }

    #[test]
    fn embedded_table_loads_and_passes_its_checks() {
        let rules = rules();
        assert!(rules
            .relative_year
            .iter()
            .any(|w| w.word == "去年" && w.offset == -1));
        assert!(rules.connectors.contains(&"至".to_string()));
    }

    #[test]
    fn plain_lists_are_sorted() {
        let rules = rules();
        for (name, words) in rules.word_lists() {
            let plain = matches!(
                name,
                "connectors"
                    | "duration_markers"
                    | "part_of_year_blocked_before"
                    | "dateline_markers"
                    | "dateline_today"
                    | "fiscal_year_words"
                    | "open_since_after"
                    | "future_markers"
                    | "caption_labels"
                    | "recurring_markers"
                    | "year_count_before"
                    | "year_count_after"
                    | "five_year_plan.suffixes"
            );
            if plain {
                assert!(
                    words.windows(2).all(|pair| pair[0] < pair[1]),
                    "{name} is not sorted"
                );
            }
        }
    }

    #[test]
    fn year_words_do_not_collide_across_lists() {
        let rules = rules();
        for word in &rules.relative_year {
            assert!(
                !rules
                    .anaphoric_year
                    .iter()
                    .any(|other| other.word == word.word),
                "{} is both relative and anaphoric",
                word.word
            );
        }
    }

    #[test]
    fn five_year_plans_follow_the_anchors() {
        let plans = rules().five_year_plan;
        assert_eq!(plans.first_year(1), Some(1953));
        assert_eq!(plans.first_year(2), Some(1958));
        assert_eq!(plans.first_year(3), Some(1966));
        assert_eq!(plans.first_year(13), Some(2016));
        assert_eq!(plans.first_year(14), Some(2021));
        assert_eq!(plans.first_year(0), None);
    }

    #[test]
    fn duplicates_and_bad_months_are_rejected() {
        let duplicate = EMBEDDED.replace("word = \"明年\"", "word = \"今年\"");
        let error = DateRules::from_toml(&duplicate, "test").expect_err("duplicate");
        assert!(error.to_string().contains("duplicate word"), "{error}");
        let months = EMBEDDED.replace("months = [7, 12]", "months = [12, 7]");
        let error = DateRules::from_toml(&months, "test").expect_err("reversed months");
        assert!(error.to_string().contains("months"), "{error}");
    }
}
