//! Rule tables of the indicators extractor, loaded from `data/indicators.toml`.
//!
//! Unit words by canonical unit, multipliers, qualifiers, range connectors, the words
//! that cancel a number (ordinals, ranks, vague amounts), the verbs that link a subject to
//! its number and the words that decide `measure`. [`IndicatorRules::embedded`] parses
//! and checks them once per run; [`crate::extract::indicators::IndicatorExtractor::new`]
//! compiles them.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{parse_toml, RuleError};

/// The embedded table, as shipped.
const EMBEDDED: &str = include_str!("data/indicators.toml");

/// Table name used in error messages.
const TABLE: &str = "indicators";

/// Every canonical unit SCHEMA.md allows in the `unit` column.
pub const CANONICAL_UNITS: &[&str] = &[
    "CNY",
    "EUR",
    "GBP",
    "HKD",
    "JPY",
    "MOP",
    "TWD",
    "USD",
    "count",
    "day",
    "fraction",
    "ha",
    "hour",
    "km",
    "km2",
    "m",
    "m2",
    "minute",
    "month",
    "mu",
    "multiple",
    "other",
    "percent",
    "percentage_point",
    "person_year",
    "ton",
    "year",
];

/// A qualifier as written in the table (mapped onto `extract::Qualifier`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualifierName {
    /// 约, 左右, 近, 余, 多.
    Approx,
    /// 超过, 逾, 以上, 突破.
    MoreThan,
    /// 不少于, 不低于.
    AtLeast,
    /// 不足, 低于, 以下.
    LessThan,
    /// 不超过, 最多.
    AtMost,
}

/// Qualifier words by where they stand relative to the number.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualifierTables {
    /// Before the number, outside the span (`约91%`, `超过600家`).
    pub before: BTreeMap<String, QualifierName>,
    /// After the unit, outside the span (`95%以上`, `10万左右`).
    pub after: BTreeMap<String, QualifierName>,
    /// Between number and multiplier or unit, inside the span (`三千余项`, `500多家`).
    pub inside: BTreeMap<String, QualifierName>,
}

/// How numbers are written and which neighbours cancel or link them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrammarTables {
    /// Currency words a prefix currency overrides (`港币1.26亿元` is HKD, not CNY).
    pub generic_currency: Vec<String>,
    /// Words between the two numbers of a range (`~`, `至`).
    pub range_connectors: Vec<String>,
    /// Words making the next number an ordinal (`第`).
    pub ordinal_prefixes: Vec<String>,
    /// Words making the next number a rank when its unit is a rank unit (`前十名`).
    pub rank_prefixes: Vec<String>,
    /// Units that read as ranks after a rank prefix (`名`, `位`).
    pub rank_units: Vec<String>,
    /// Words making a following duration a time frame, not a measured quantity
    /// (`连续三年`, `未来5年`, `过去5年`).
    pub frame_prefixes: Vec<String>,
    /// Canonical units a frame prefix turns into a time frame (`year`, `month`, `day`).
    pub frame_units: Vec<String>,
    /// Words making the next number vague (`数十家`).
    pub vague_prefixes: Vec<String>,
    /// Words after `N/YYYY` (a slash number over a year) making it a document number
    /// (`13/2023号法律`), not a fraction.
    pub document_number_suffixes: Vec<String>,
    /// Words making the next count the base of a rate (`每10股派发…`), not a quantity.
    pub rate_base_prefixes: Vec<String>,
    /// Numerals that are never a quantity alone (`万`, `千`).
    pub lone_numerals: Vec<String>,
    /// Numerals that are an article before `article_units` (`一家企业`).
    pub article_numerals: Vec<String>,
    /// Canonical units after which an article numeral is no count (`count`, `year`).
    pub article_units: Vec<String>,
    /// Unit words that a single Chinese digit before them turns into a word (`二元`).
    pub digit_word_units: Vec<String>,
    /// A quoted phrase this short (chars) holding a quantity is a name (`“30条”`).
    pub quoted_name_max_chars: usize,
    /// Words between a subject and its number (`达到`, `为`, `增长`).
    pub linking_words: Vec<String>,
}

/// Words that decide the `measure` column.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureTables {
    /// Change verbs and markers before the number (`增长`, `同比`).
    pub growth_words: Vec<String>,
    /// Words that turn a change verb into a target (`提升至`).
    pub target_words: Vec<String>,
    /// Clause words before the number that mark a change anywhere (`同比`).
    pub comparison_markers: Vec<String>,
    /// Subject endings naming a change (`增长率`).
    pub growth_subject_suffixes: Vec<String>,
    /// Canonical units a change can be stated in as growth (`percent`, `multiple`); a
    /// change in any other unit (`增加2.5万人`) is a level.
    pub growth_units: Vec<String>,
    /// Clause words that make a percent a share (`占`).
    pub share_markers: Vec<String>,
    /// Subject endings naming a share (`比重`, `渗透率`).
    pub share_subject_suffixes: Vec<String>,
    /// Noun endings naming a rate (`税率`): `15%的标准税率` is the rate's value, not a
    /// share of it.
    pub rate_suffixes: Vec<String>,
}

/// Subject grammar: lengths and words.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectTables {
    /// Longest subject kept, in chars.
    pub max_chars: usize,
    /// Shortest subject kept, in chars.
    pub min_chars: usize,
    /// Verbs that end a subject phrase looking back from the number.
    pub stop_words: Vec<String>,
    /// Words dropped from the start of a subject.
    pub drop_leading: Vec<String>,
    /// Time unit words of a leading date, dropped with their number (`2022` `年`).
    pub time_words: Vec<String>,
    /// Words opening a clause that compares with a yardstick (`较`, `比`): the clause's
    /// quantity measures the previous quantity's subject.
    pub comparison_openers: Vec<String>,
    /// Words after a list of subjects announcing one quantity each (`分别`).
    pub respective_markers: Vec<String>,
    /// Words joining the subjects of such a list (`、`, `及`, `和`).
    pub coordinators: Vec<String>,
    /// Chars removed from a subject (quotes, spaces).
    pub strip_chars: String,
}

/// Rule tables for the indicators extractor.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorRules {
    /// Multiplier word → factor (`万` → 1e4).
    pub multipliers: BTreeMap<String, f64>,
    /// Canonical unit → unit words (`count` → `家`, `个`, …).
    pub units: BTreeMap<String, Vec<String>>,
    /// Unit word → factor into its canonical unit (`成` → 10 percent).
    pub unit_scales: BTreeMap<String, f64>,
    /// Unit word → following texts that cancel it (`家` + `庭`).
    pub blocked_after: BTreeMap<String, Vec<String>>,
    /// Unit word → chars before the number that cancel it (`月` + `19日`).
    pub blocked_before: BTreeMap<String, Vec<String>>,
    /// Currency word before a number → ISO code (`港币` → HKD).
    pub prefix_currencies: BTreeMap<String, String>,
    /// Local currency ISO code → the places it is the money of (`HKD` → `香港`): a
    /// Traditional-script document naming exactly one such currency and its place, and
    /// never the home currency, means it by a bare `元`.
    pub local_currencies: BTreeMap<String, Vec<String>>,
    /// Number grammar.
    pub grammar: GrammarTables,
    /// Qualifier words.
    pub qualifiers: QualifierTables,
    /// Measure words.
    pub measure: MeasureTables,
    /// Subject grammar.
    pub subject: SubjectTables,
}

impl IndicatorRules {
    /// The embedded tables, parsed and checked.
    ///
    /// # Errors
    /// When an embedded table is broken (caught by the hygiene tests).
    pub fn embedded() -> Result<Self, RuleError> {
        Self::from_toml(EMBEDDED, "embedded")
    }

    /// The embedded table with the user's `[indicators]` sections laid over it.
    ///
    /// # Errors
    /// When the merged table is not valid or breaks one of its rules.
    pub fn load(overlays: &super::overlay::Overlays) -> Result<Self, RuleError> {
        let (text, origin) = overlays.apply(TABLE, EMBEDDED)?;
        Self::from_toml(&text, &origin)
    }

    /// Parses and checks a table in the embedded format; `origin` names it in errors.
    ///
    /// # Errors
    /// When the text is not valid TOML for this table or breaks one of its rules.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, RuleError> {
        let rules: Self = parse_toml(text, origin, TABLE)?;
        rules.check().map_err(|message| RuleError::Invalid {
            origin: origin.to_string(),
            table: TABLE,
            message,
        })?;
        Ok(rules)
    }

    /// Every unit word with its canonical unit.
    pub fn unit_words(&self) -> impl Iterator<Item = (&str, &str)> {
        self.units
            .iter()
            .flat_map(|(unit, words)| words.iter().map(move |word| (word.as_str(), unit.as_str())))
    }

    /// The table's own rules: known units, no empty or duplicate words, sane factors.
    fn check(&self) -> Result<(), String> {
        for unit in self
            .units
            .keys()
            .chain(self.prefix_currencies.values())
            .chain(&self.measure.growth_units)
            .chain(self.local_currencies.keys())
            .chain(&self.grammar.frame_units)
        {
            if !CANONICAL_UNITS.contains(&unit.as_str()) {
                return Err(format!("unknown canonical unit {unit:?}"));
            }
        }
        no_duplicates("unit words", self.unit_words().map(|(word, _)| word))?;
        for (word, factor) in self.multipliers.iter().chain(&self.unit_scales) {
            if word.is_empty() || !factor.is_finite() || *factor <= 0.0 {
                return Err(format!("bad factor {factor} for {word:?}"));
            }
        }
        let grammar = &self.grammar;
        let lists: [(&str, &[String]); 27] = [
            ("generic_currency", &grammar.generic_currency),
            ("range_connectors", &grammar.range_connectors),
            ("ordinal_prefixes", &grammar.ordinal_prefixes),
            ("rank_prefixes", &grammar.rank_prefixes),
            ("rank_units", &grammar.rank_units),
            ("vague_prefixes", &grammar.vague_prefixes),
            (
                "document_number_suffixes",
                &grammar.document_number_suffixes,
            ),
            ("rate_base_prefixes", &grammar.rate_base_prefixes),
            ("frame_prefixes", &grammar.frame_prefixes),
            ("frame_units", &grammar.frame_units),
            ("lone_numerals", &grammar.lone_numerals),
            ("article_numerals", &grammar.article_numerals),
            ("article_units", &grammar.article_units),
            ("digit_word_units", &grammar.digit_word_units),
            ("linking_words", &grammar.linking_words),
            ("growth_words", &self.measure.growth_words),
            ("comparison_markers", &self.measure.comparison_markers),
            (
                "share_subject_suffixes",
                &self.measure.share_subject_suffixes,
            ),
            (
                "growth_subject_suffixes",
                &self.measure.growth_subject_suffixes,
            ),
            ("growth_units", &self.measure.growth_units),
            ("rate_suffixes", &self.measure.rate_suffixes),
            ("stop_words", &self.subject.stop_words),
            ("drop_leading", &self.subject.drop_leading),
            ("time_words", &self.subject.time_words),
            ("comparison_openers", &self.subject.comparison_openers),
            ("respective_markers", &self.subject.respective_markers),
            ("coordinators", &self.subject.coordinators),
        ];
        for (name, list) in lists {
            no_duplicates(name, list.iter().map(String::as_str))?;
        }
        for (iso, places) in &self.local_currencies {
            no_duplicates(iso, places.iter().map(String::as_str))?;
        }
        for (word, blockers) in self.blocked_after.iter().chain(&self.blocked_before) {
            no_duplicates(word, blockers.iter().map(String::as_str))?;
            if !self.unit_words().any(|(unit_word, _)| unit_word == word) {
                return Err(format!("blocked unit {word:?} is not a unit word"));
            }
        }
        if self.subject.min_chars == 0 || self.subject.max_chars < self.subject.min_chars {
            return Err("subject lengths must satisfy 0 < min_chars <= max_chars".to_string());
        }
        Ok(())
    }
}

/// Fails on an empty or repeated word in a list.
fn no_duplicates<'a>(name: &str, words: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for word in words {
        if word.is_empty() {
            return Err(format!("{name}: empty word"));
        }
        if !seen.insert(word) {
            return Err(format!("{name}: duplicate word {word:?}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_loads_and_passes_its_checks() {
        let rules = IndicatorRules::embedded().unwrap();
        assert!(rules
            .unit_words()
            .any(|(word, unit)| word == "家" && unit == "count"));
        assert_eq!(rules.multipliers["万亿"].to_string(), "1000000000000");
        assert_eq!(rules.qualifiers.before["超过"], QualifierName::MoreThan);
    }

    #[test]
    fn canonical_units_are_sorted_and_unique() {
        assert!(CANONICAL_UNITS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn every_canonical_unit_but_fraction_has_words() {
        let rules = IndicatorRules::embedded().unwrap();
        for unit in CANONICAL_UNITS.iter().filter(|unit| **unit != "fraction") {
            assert!(rules.units.contains_key(*unit), "no words for {unit}");
        }
    }

    #[test]
    fn qualifier_words_are_not_empty() {
        let rules = IndicatorRules::embedded().unwrap();
        let tables = [
            &rules.qualifiers.before,
            &rules.qualifiers.after,
            &rules.qualifiers.inside,
        ];
        assert!(tables
            .iter()
            .all(|table| table.keys().all(|word| !word.is_empty())));
    }

    #[test]
    fn rejects_unknown_units_and_duplicates() {
        let bad_unit = EMBEDDED.replace("ton = [\"吨\"]", "tonne = [\"吨\"]");
        assert!(IndicatorRules::from_toml(&bad_unit, "test").is_err());
        let duplicate = EMBEDDED.replace("ton = [\"吨\"]", "ton = [\"吨\", \"家\"]");
        assert!(IndicatorRules::from_toml(&duplicate, "test").is_err());
    }
}
