//! Rule tables of the policies extractor, loaded from `data/policies.toml`: the title
//! endings that make a 《》 title a policy instrument and give its type, the head nouns of
//! quoted programmes, the cue words that make a quoted slogan a policy, and the verbs that
//! name a policy's issuer.
//!
//! [`PolicyRules::embedded`] parses and checks them once per run;
//! [`crate::extract::policies::PolicyExtractor::new`] compiles them.

use std::collections::HashSet;

use serde::Deserialize;

use super::{parse_toml, RuleError};
use crate::extract::PolicyType;

/// The embedded table, as shipped.
const EMBEDDED: &str = include_str!("data/policies.toml");

/// Table name used in error messages.
const TABLE: &str = "policies";

/// A title ending and the type it gives (`规划` → plan).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleSuffix {
    /// The ending.
    pub suffix: String,
    /// The `policy_type` of titles ending so.
    pub policy_type: PolicyType,
}

/// A head noun after a quoted name and the type it gives (`计划` → plan).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeHead {
    /// The head noun.
    pub head: String,
    /// The `policy_type` of the programme.
    pub policy_type: PolicyType,
}

/// Word lists for titles (`[words]`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleWords {
    /// Words ending in 法 that name no law (`方法`, `兵法`).
    pub not_laws: Vec<String>,
}

/// Settings of the quoted-name rules (`[quoted]`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotedRules {
    /// Shortest quoted name, in chars.
    pub min_chars: usize,
    /// Longest quoted name, in chars; longer quotes are speech.
    pub max_chars: usize,
    /// Words right before a bare quoted name that make it a policy (`实施`).
    pub verbs_before: Vec<String>,
    /// Qualifiers of a count that may stand between such a verb and the quote, with the
    /// count itself (`发布` `约` `100个` `“…”`).
    pub count_qualifiers: Vec<String>,
    /// Words right after a bare quoted name that make it a policy (`优惠`, `试点`).
    pub nouns_after: Vec<String>,
    /// Verbs that end the topic of an article count going left (`实施`).
    pub topic_stops: Vec<String>,
    /// Longest topic before an article count, in chars.
    pub max_topic_chars: usize,
}

/// Settings of issuer linking (`[issuer]`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuerRules {
    /// Verbs saying who issued a policy (`印发`, `发布`).
    pub verbs: Vec<String>,
    /// Words allowed between the issuer and the verb (`近日`).
    pub between: Vec<String>,
}

/// Rule tables for the policies extractor.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyRules {
    /// Title endings and their types.
    pub suffix: Vec<TitleSuffix>,
    /// Title word lists.
    pub words: TitleWords,
    /// Head nouns of quoted programmes.
    pub head: Vec<ProgrammeHead>,
    /// Quoted-name settings.
    pub quoted: QuotedRules,
    /// Issuer settings.
    pub issuer: IssuerRules,
}

impl PolicyRules {
    /// The embedded tables.
    ///
    /// # Errors
    /// When an embedded table is broken (a bug caught by the hygiene tests).
    pub fn embedded() -> Result<Self, RuleError> {
        Self::from_toml(EMBEDDED, "embedded")
    }

    /// The embedded table with the user's `[policies]` sections laid over it.
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
        rules.check(origin)?;
        Ok(rules)
    }

    /// Rejects empty or repeated entries and impossible limits.
    fn check(&self, origin: &str) -> Result<(), RuleError> {
        let lists: [(&str, Vec<&str>); 9] = [
            (
                "suffix",
                self.suffix.iter().map(|s| s.suffix.as_str()).collect(),
            ),
            ("head", self.head.iter().map(|h| h.head.as_str()).collect()),
            ("words.not_laws", strings(&self.words.not_laws)),
            ("quoted.verbs_before", strings(&self.quoted.verbs_before)),
            (
                "quoted.count_qualifiers",
                strings(&self.quoted.count_qualifiers),
            ),
            ("quoted.nouns_after", strings(&self.quoted.nouns_after)),
            ("quoted.topic_stops", strings(&self.quoted.topic_stops)),
            ("issuer.verbs", strings(&self.issuer.verbs)),
            ("issuer.between", strings(&self.issuer.between)),
        ];
        for (name, list) in &lists {
            let mut seen = HashSet::new();
            for word in list {
                if word.trim().is_empty() || !seen.insert(*word) {
                    return Err(RuleError::Invalid {
                        origin: origin.to_string(),
                        table: TABLE,
                        message: format!("{name} has an empty or repeated entry {word:?}"),
                    });
                }
            }
        }
        if self.quoted.min_chars == 0 || self.quoted.min_chars > self.quoted.max_chars {
            return Err(RuleError::Invalid {
                origin: origin.to_string(),
                table: TABLE,
                message: "quoted.min_chars must be at least 1 and at most quoted.max_chars"
                    .to_string(),
            });
        }
        Ok(())
    }
}

/// The entries of a string list, borrowed.
fn strings(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_loads() {
        let rules = PolicyRules::embedded().unwrap();
        assert!(rules
            .suffix
            .iter()
            .any(|s| s.suffix == "规划" && s.policy_type == PolicyType::Plan));
        assert!(rules.head.iter().any(|h| h.head == "计划"));
    }

    #[test]
    fn every_suffix_class_of_the_issue_is_present() {
        let rules = PolicyRules::embedded().unwrap();
        let type_of = |suffix: &str| {
            rules
                .suffix
                .iter()
                .find(|s| s.suffix == suffix)
                .map(|s| s.policy_type)
        };
        assert_eq!(type_of("法"), Some(PolicyType::Law));
        assert_eq!(type_of("条例"), Some(PolicyType::Regulation));
        assert_eq!(type_of("办法"), Some(PolicyType::Regulation));
        assert_eq!(type_of("纲要"), Some(PolicyType::Plan));
        assert_eq!(type_of("意见"), Some(PolicyType::Opinion));
        assert_eq!(type_of("决定"), Some(PolicyType::Decision));
        assert_eq!(type_of("通知"), Some(PolicyType::Notice));
        assert_eq!(type_of("若干措施"), Some(PolicyType::Measures));
        assert_eq!(type_of("指引"), Some(PolicyType::Other));
    }

    #[test]
    fn no_law_exception_is_itself_a_suffix() {
        let rules = PolicyRules::embedded().unwrap();
        for word in &rules.words.not_laws {
            assert!(word.ends_with('法'), "{word}");
            assert!(!rules.suffix.iter().any(|s| &s.suffix == word), "{word}");
        }
    }

    #[test]
    fn repeated_entries_are_rejected() {
        let mut rules = PolicyRules::embedded().unwrap();
        rules.quoted.verbs_before.push("实施".to_string());
        assert!(rules.check("test").is_err());
    }
}
