//! Rule tables of the organizations extractor, loaded from `data/gazetteer.toml` (the
//! versioned gazetteer of well-known bodies) and `data/organizations.toml` (the suffix
//! grammar and its word lists).
//!
//! [`OrganizationRules::embedded`] parses and checks both once per run; users add their
//! own gazetteer entries with `--gazetteer FILE` ([`OrganizationRules::extend_gazetteer`])
//! and extend the tables with `--rules FILE` ([`super::overlay`]).
//! [`crate::extract::organizations::OrganizationExtractor::new`] compiles them, and the
//! pipeline loads [`OrganizationRules::dictionary_words`] into jieba's user dictionary so
//! segmentation keeps known names whole.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::{parse_toml, RuleError};
use crate::extract::OrgType;

/// The embedded gazetteer, as shipped.
const EMBEDDED_GAZETTEER: &str = include_str!("data/gazetteer.toml");

/// The embedded suffix grammar tables, as shipped.
const EMBEDDED_TABLES: &str = include_str!("data/organizations.toml");

/// Table names used in error messages.
const GAZETTEER: &str = "gazetteer";
const TABLES: &str = "organizations";

/// The jieba tag given to gazetteer names in the user dictionary.
const DICTIONARY_TAG: &str = "nt";

/// One well-known organization of the gazetteer.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerEntry {
    /// The full name (`国家发展和改革委员会`).
    pub name: String,
    /// Its kind.
    #[serde(rename = "type")]
    pub org_type: OrgType,
    /// Other names of the same body (`国家发展改革委`, `发改委`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A gazetteer file: the embedded one or a user's `--gazetteer FILE`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    /// Data version; required in the embedded file, optional in user files.
    version: Option<String>,
    #[serde(default)]
    entry: Vec<GazetteerEntry>,
}

/// An organizational suffix and the kind of body it names (`研究院` → research institute).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgSuffix {
    /// The suffix text.
    pub suffix: String,
    /// The `org_type` of names ending so.
    pub org_type: OrgType,
    /// True (the default) when a place plus the suffix alone is a name (`深圳大学`,
    /// `鹏城实验室`); false when it needs a name part (`深圳公司` is none).
    #[serde(default = "yes")]
    pub bare_place: bool,
}

/// Serde default for flags that are on unless a table says otherwise.
fn yes() -> bool {
    true
}

/// The word lists of the suffix grammar (`[words]` in `organizations.toml`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgWords {
    /// Words that act as places though jieba does not tag them `ns` (`市`, `国家`).
    pub place_words: Vec<String>,
    /// Common words jieba tags `ns` that are no places (`城市`, `海洋`).
    pub not_places: Vec<String>,
    /// Places too vague to make a name with a bare suffix (`中国`, `美国`).
    pub vague_places: Vec<String>,
    /// Non-name words that may still start a name (`南方`, `中华`).
    pub strong_words: Vec<String>,
    /// Verbs that may occur inside a name (`创新`, `发展`).
    pub name_verbs: Vec<String>,
    /// Nouns that never sit inside a name (`企业`, `教授`).
    pub chain_breakers: Vec<String>,
    /// Generic references that are never names (`上市公司`, `重点实验室`).
    pub generic: Vec<String>,
    /// Common words ending in a suffix that are not names (`格局`, `干部`).
    pub not_organization_words: Vec<String>,
    /// Endings of parks and zones, which are not organizations (`产业园`, `高新区`).
    pub zone_endings: Vec<String>,
    /// Sub-unit words a known name runs on over, after optional places
    /// (`人民银行` + `深圳` + `分行`, `统计局` + `调查队`).
    pub subunit_endings: Vec<String>,
    /// Founding words a known university or institute takes before it (`国立`, `私立`).
    pub founding_prefixes: Vec<String>,
    /// Words that make a following level-only name generic (`各` `市政府`, `有关`
    /// `区政府`).
    pub distributive_words: Vec<String>,
    /// Bracketed legal forms and group marks a name runs on over (`…事务所（特殊普通合伙）`,
    /// `…（集团）`); a bracketed place after a company name counts too (`…（中国）`).
    #[serde(default)]
    pub legal_form_brackets: Vec<String>,
    /// Function words jieba may glue onto the first word of a name (`经` + `立信` →
    /// `经立信`); the grammar drops them when the rest still starts a name.
    #[serde(default)]
    pub leading_function_words: Vec<String>,
}

/// Settings of the enumeration cue (`比亚迪、新宙邦等新能源企业`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumerationRules {
    /// Head nouns after `等` that make the listed names companies.
    pub heads: Vec<String>,
    /// At most this many chars between `等` and the head noun.
    pub max_gap_chars: usize,
    /// Shortest listed name, in chars.
    pub min_name_chars: usize,
    /// Longest listed name, in chars.
    pub max_name_chars: usize,
}

/// The layout of `organizations.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgTables {
    suffix: Vec<OrgSuffix>,
    nt_ending: Vec<OrgSuffix>,
    words: OrgWords,
    enumeration: EnumerationRules,
}

/// Organization gazetteer, suffix grammar and word lists.
#[derive(Clone, Debug, Default)]
pub struct OrganizationRules {
    /// Gazetteer entries: embedded first, then user files in the order given.
    pub gazetteer: Vec<GazetteerEntry>,
    /// Version of each gazetteer loaded, as `(origin, version)`.
    pub gazetteer_versions: Vec<(String, String)>,
    /// Organizational suffixes of the grammar (`org_suffix`).
    pub suffixes: Vec<OrgSuffix>,
    /// Extra endings that type jieba `nt` words only (`org_jieba_nt`).
    pub nt_endings: Vec<OrgSuffix>,
    /// Word lists of the grammar.
    pub words: OrgWords,
    /// The enumeration cue (`org_enumeration`).
    pub enumeration: EnumerationRules,
}

impl OrganizationRules {
    /// The embedded tables.
    ///
    /// # Errors
    /// When an embedded table is broken (a bug caught by the hygiene tests).
    pub fn embedded() -> Result<Self, RuleError> {
        Self::load(&super::overlay::Overlays::default())
    }

    /// The embedded gazetteer and tables, with the user's `[organizations]` sections laid
    /// over the tables (gazetteer files are added with [`Self::extend_gazetteer`]).
    ///
    /// # Errors
    /// When the merged tables are not valid or break one of their rules.
    pub fn load(overlays: &super::overlay::Overlays) -> Result<Self, RuleError> {
        let (text, origin) = overlays.apply(TABLES, EMBEDDED_TABLES)?;
        let tables: OrgTables = parse_toml(&text, &origin, TABLES)?;
        check_tables(&tables, &origin)?;
        let mut rules = Self {
            suffixes: tables.suffix,
            nt_endings: tables.nt_ending,
            words: tables.words,
            enumeration: tables.enumeration,
            ..Self::default()
        };
        rules.extend_gazetteer(EMBEDDED_GAZETTEER, "embedded")?;
        Ok(rules)
    }

    /// Adds the entries of a gazetteer file's text; an entry whose name is already known
    /// replaces the earlier one (a user file may retype an embedded body).
    ///
    /// # Errors
    /// When the text is not a valid gazetteer (bad TOML, empty or repeated names).
    pub fn extend_gazetteer(&mut self, text: &str, origin: &str) -> Result<(), RuleError> {
        let file: GazetteerFile = parse_toml(text, origin, GAZETTEER)?;
        check_gazetteer(&file.entry, origin)?;
        if let Some(version) = file.version {
            self.gazetteer_versions.push((origin.to_string(), version));
        }
        for entry in file.entry {
            match self
                .gazetteer
                .iter_mut()
                .find(|known| known.name == entry.name)
            {
                Some(known) => *known = entry,
                None => self.gazetteer.push(entry),
            }
        }
        Ok(())
    }

    /// Every gazetteer name and alias with its kind; later entries win on repeats.
    pub fn gazetteer_names(&self) -> BTreeMap<&str, OrgType> {
        let mut names = BTreeMap::new();
        for entry in &self.gazetteer {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                names.insert(name.as_str(), entry.org_type);
            }
        }
        names
    }

    /// Words to add to jieba's user dictionary so segmentation keeps known names whole:
    /// (word, optional frequency, optional POS tag). Every gazetteer name and alias,
    /// tagged `nt`, frequency left to jieba's `suggest_freq`.
    pub fn dictionary_words(&self) -> impl Iterator<Item = (&str, Option<usize>, Option<&str>)> {
        self.gazetteer
            .iter()
            .flat_map(|entry| std::iter::once(&entry.name).chain(&entry.aliases))
            .map(|name| (name.as_str(), None, Some(DICTIONARY_TAG)))
    }
}

/// Rejects empty names and names repeated within one gazetteer file.
fn check_gazetteer(entries: &[GazetteerEntry], origin: &str) -> Result<(), RuleError> {
    let mut seen = HashSet::new();
    for entry in entries {
        for name in std::iter::once(&entry.name).chain(&entry.aliases) {
            if name.trim().is_empty() || name.trim() != name {
                return Err(invalid(
                    origin,
                    GAZETTEER,
                    format!("entry name {name:?} is empty or padded"),
                ));
            }
            if !seen.insert(name.as_str()) {
                return Err(invalid(
                    origin,
                    GAZETTEER,
                    format!("name {name:?} appears twice"),
                ));
            }
        }
    }
    Ok(())
}

/// Rejects empty or repeated words in the suffix tables and word lists.
fn check_tables(tables: &OrgTables, origin: &str) -> Result<(), RuleError> {
    let suffixes = tables.suffix.iter().map(|suffix| suffix.suffix.as_str());
    let nt_endings = tables.nt_ending.iter().map(|suffix| suffix.suffix.as_str());
    check_list("suffix", suffixes.chain(nt_endings), origin)?;
    let words = &tables.words;
    let lists: [(&str, &[String]); 14] = [
        ("place_words", &words.place_words),
        ("not_places", &words.not_places),
        ("vague_places", &words.vague_places),
        ("strong_words", &words.strong_words),
        ("name_verbs", &words.name_verbs),
        ("chain_breakers", &words.chain_breakers),
        ("generic", &words.generic),
        ("not_organization_words", &words.not_organization_words),
        ("zone_endings", &words.zone_endings),
        ("subunit_endings", &words.subunit_endings),
        ("founding_prefixes", &words.founding_prefixes),
        ("distributive_words", &words.distributive_words),
        ("legal_form_brackets", &words.legal_form_brackets),
        ("leading_function_words", &words.leading_function_words),
    ];
    for (name, list) in lists {
        check_list(name, list.iter().map(String::as_str), origin)?;
    }
    check_list(
        "enumeration.heads",
        tables.enumeration.heads.iter().map(String::as_str),
        origin,
    )
}

/// Rejects an empty or repeated word in one list.
fn check_list<'a>(
    list: &str,
    words: impl Iterator<Item = &'a str>,
    origin: &str,
) -> Result<(), RuleError> {
    let mut seen = HashSet::new();
    for word in words {
        if word.trim().is_empty() {
            return Err(invalid(origin, TABLES, format!("{list} has an empty word")));
        }
        if !seen.insert(word) {
            return Err(invalid(
                origin,
                TABLES,
                format!("{list} has {word:?} twice"),
            ));
        }
    }
    Ok(())
}

/// A [`RuleError::Invalid`] for `table` of `origin`.
fn invalid(origin: &str, table: &'static str, message: String) -> RuleError {
    RuleError::Invalid {
        origin: origin.to_string(),
        table,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load_and_have_a_version() {
        let rules = OrganizationRules::embedded().unwrap();
        assert!(
            rules.gazetteer.len() > 300,
            "a few hundred well-known bodies"
        );
        assert_eq!(rules.gazetteer_versions.len(), 1);
        assert!(!rules.gazetteer_versions[0].1.is_empty());
        assert!(!rules.suffixes.is_empty());
    }

    #[test]
    fn every_gazetteer_name_is_unique_across_entries() {
        let rules = OrganizationRules::embedded().unwrap();
        let count: usize = rules.gazetteer.iter().map(|e| 1 + e.aliases.len()).sum();
        assert_eq!(rules.gazetteer_names().len(), count);
    }

    #[test]
    fn every_gazetteer_type_class_is_present() {
        let rules = OrganizationRules::embedded().unwrap();
        for org_type in [
            OrgType::Company,
            OrgType::Government,
            OrgType::University,
            OrgType::ResearchInstitute,
            OrgType::Association,
            OrgType::Media,
            OrgType::International,
            OrgType::Other,
        ] {
            assert!(
                rules.gazetteer.iter().any(|e| e.org_type == org_type),
                "{org_type:?}"
            );
        }
    }

    #[test]
    fn gazetteer_names_are_not_generic_or_zones() {
        let rules = OrganizationRules::embedded().unwrap();
        for name in rules.gazetteer_names().keys() {
            assert!(
                !rules.words.generic.iter().any(|g| g == name),
                "{name} is generic"
            );
            assert!(
                !rules
                    .words
                    .zone_endings
                    .iter()
                    .any(|z| name.ends_with(z.as_str())),
                "{name}"
            );
        }
    }

    #[test]
    fn dictionary_words_cover_names_and_aliases_tagged_nt() {
        let rules = OrganizationRules::embedded().unwrap();
        let words: Vec<_> = rules.dictionary_words().collect();
        assert!(words.contains(&("国家发展和改革委员会", None, Some("nt"))));
        assert!(words.contains(&("发改委", None, Some("nt"))));
    }

    #[test]
    fn user_gazetteer_extends_and_retypes() {
        let mut rules = OrganizationRules::embedded().unwrap();
        let before = rules.gazetteer.len();
        let user = "entry = [\n  { name = \"示例科技\", type = \"company\" },\n  { name = \"华为\", type = \"other\" },\n]\n";
        rules.extend_gazetteer(user, "user.toml").unwrap();
        assert_eq!(rules.gazetteer.len(), before + 1);
        assert_eq!(rules.gazetteer_names()["华为"], OrgType::Other);
        assert_eq!(rules.gazetteer_names()["示例科技"], OrgType::Company);
    }

    #[test]
    fn bad_user_gazetteers_are_rejected_with_the_origin() {
        let mut rules = OrganizationRules::default();
        let repeated = "entry = [{ name = \"甲\", type = \"company\", aliases = [\"甲\"] }]";
        let error = rules.extend_gazetteer(repeated, "mine.toml").unwrap_err();
        assert!(error.to_string().contains("mine.toml"), "{error}");
        let unknown_type = "entry = [{ name = \"甲\", type = \"club\" }]";
        assert!(rules.extend_gazetteer(unknown_type, "mine.toml").is_err());
        let empty = "entry = [{ name = \"\", type = \"company\" }]";
        assert!(rules.extend_gazetteer(empty, "mine.toml").is_err());
    }

    #[test]
    fn suffixes_have_no_generic_only_entries_and_types_are_consistent() {
        let rules = OrganizationRules::embedded().unwrap();
        for suffix in &rules.suffixes {
            assert!(!suffix.suffix.is_empty());
        }
        let enumeration = &rules.enumeration;
        assert!(
            enumeration.min_name_chars >= 1
                && enumeration.min_name_chars <= enumeration.max_name_chars
        );
    }
}
