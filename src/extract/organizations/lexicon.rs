//! The word lists of `organizations.toml`, compiled into lookups shared by every signal:
//! suffixes (longest first), places, strong words, name verbs, generic references and
//! zone endings, plus the jieba tag classes the grammar reasons with.
//!
//! The ending lists (suffixes, `nt` endings, common words, zone endings) are compiled into
//! [`EndingTrie`]s, so asking what a word ends with costs the length of the longest entry,
//! not a scan of the list.

use std::collections::HashSet;

use crate::extract::OrgType;
use crate::rules::organizations::{OrgSuffix, OrganizationRules};
use crate::segment::Token;

use super::endings::EndingTrie;

/// jieba tags of words that can start a name: places, organizations, proper names,
/// abbreviations and Latin words.
const STRONG_TAGS: &[&str] = &["eng", "j", "nr", "nrfg", "nrt", "ns", "nt", "nz"];

/// jieba tags of words that may sit inside a name (besides the strong ones): nouns,
/// adjectives and distinguishing words (`先进技术`, `卫生健康`).
const BODY_TAGS: &[&str] = &["a", "an", "b", "n", "ng"];

/// jieba tags of verbs; only the listed name verbs may sit inside a name.
const VERB_TAGS: &[&str] = &["v", "vd", "vi", "vn"];

/// jieba tags a standalone suffix word may carry (`局/n`, `委/zg`), so that the measure
/// word in `这部` or the verb `会` never end a name.
const SUFFIX_TAGS: &[&str] = &["j", "n", "ng", "nr", "nrt", "ns", "nt", "nz", "zg"];

/// Longest name the grammar builds, in chars.
pub(super) const MAX_NAME_CHARS: usize = 30;

/// The compiled word lists.
#[derive(Debug)]
pub(super) struct Lexicon {
    /// Grammar suffixes.
    suffixes: EndingTrie<OrgSuffix>,
    /// Extra `nt` endings.
    nt_endings: EndingTrie<OrgSuffix>,
    place_words: HashSet<String>,
    not_places: HashSet<String>,
    vague_places: HashSet<String>,
    strong_words: HashSet<String>,
    name_verbs: HashSet<String>,
    chain_breakers: HashSet<String>,
    generic: HashSet<String>,
    not_organization_words: EndingTrie<()>,
    zone_endings: EndingTrie<()>,
    /// Sub-unit words after a known name, longest first.
    subunit_endings: Vec<String>,
    founding_prefixes: HashSet<String>,
    distributive_words: Vec<String>,
    legal_form_brackets: HashSet<String>,
    leading_function_words: Vec<String>,
}

impl Lexicon {
    /// Compiles the lists of `rules`.
    pub(super) fn new(rules: &OrganizationRules) -> Self {
        let set = |list: &[String]| list.iter().cloned().collect::<HashSet<_>>();
        let suffixes = |list: &[OrgSuffix]| {
            EndingTrie::new(list.iter().map(|s| (s.suffix.clone(), s.clone())))
        };
        let words_of = |list: &[String]| EndingTrie::new(list.iter().map(|word| (word, ())));
        let words = &rules.words;
        Self {
            suffixes: suffixes(&rules.suffixes),
            nt_endings: suffixes(&rules.nt_endings),
            place_words: set(&words.place_words),
            not_places: set(&words.not_places),
            vague_places: set(&words.vague_places),
            strong_words: set(&words.strong_words),
            name_verbs: set(&words.name_verbs),
            chain_breakers: set(&words.chain_breakers),
            generic: set(&words.generic),
            not_organization_words: words_of(&words.not_organization_words),
            zone_endings: words_of(&words.zone_endings),
            subunit_endings: longest_first(&words.subunit_endings),
            founding_prefixes: set(&words.founding_prefixes),
            distributive_words: words.distributive_words.clone(),
            legal_form_brackets: set(&words.legal_form_brackets),
            leading_function_words: longest_first(&words.leading_function_words),
        }
    }

    /// True when `name` starts with a bare level word (`市`, `省`) and `before` (the text
    /// up to the name) ends with a distributive word: `各` + `市政府` names every city's
    /// government, not one.
    pub(super) fn is_distributed(&self, before: &str, name: &str) -> bool {
        let level = self
            .place_words
            .iter()
            .any(|place| name.starts_with(place.as_str()));
        level
            && self
                .distributive_words
                .iter()
                .any(|word| before.ends_with(word.as_str()))
    }

    /// The longest sub-unit word `text` starts with (`分行` in `分行会同…`).
    pub(super) fn subunit_at<'a>(&'a self, text: &str) -> Option<&'a str> {
        self.subunit_endings
            .iter()
            .find(|unit| text.starts_with(unit.as_str()))
            .map(String::as_str)
    }

    /// True for a bracketed legal form or group mark that belongs to the name before it
    /// (`特殊普通合伙`, `集团`).
    pub(super) fn is_legal_form(&self, inner: &str) -> bool {
        self.legal_form_brackets.contains(inner)
    }

    /// The function word jieba glued onto the start of `word` (`经` in `经立信`), when
    /// at least two chars of `word` are left after it.
    pub(super) fn leading_function_word(&self, word: &str) -> Option<&str> {
        self.leading_function_words
            .iter()
            .find(|function| {
                word.strip_prefix(function.as_str())
                    .is_some_and(|rest| chars(rest) >= 2)
            })
            .map(String::as_str)
    }

    /// True for a founding word of a university or institute (`国立`, `私立`).
    pub(super) fn is_founding_prefix(&self, word: &str) -> bool {
        self.founding_prefixes.contains(word)
    }

    /// The longest grammar suffix `word` ends with.
    pub(super) fn suffix_of(&self, word: &str) -> Option<&OrgSuffix> {
        self.suffixes.longest(word)
    }

    /// True when `text` is a suffix that makes a name after a bare place (`人民政府` in
    /// `深圳市人民政府`).
    pub(super) fn is_bare_place_suffix(&self, text: &str) -> bool {
        self.suffixes
            .exact(text)
            .is_some_and(|suffix| suffix.bare_place)
    }

    /// The grammar suffixes `text` ends with, longest first.
    pub(super) fn suffixes_ending<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = &'a OrgSuffix> + 'a {
        self.suffixes.endings(text)
    }

    /// The kind a jieba `nt` word's ending gives it: a grammar suffix or an `nt` ending.
    pub(super) fn nt_type_of(&self, word: &str) -> Option<OrgType> {
        self.suffix_of(word)
            .or_else(|| self.nt_endings.longest(word))
            .map(|suffix| suffix.org_type)
    }

    /// True when `word` ends in a common non-name word longer than its suffix (`格局`
    /// ends in `局` but is no bureau).
    pub(super) fn is_common_word(&self, word: &str, suffix_len: usize) -> bool {
        self.not_organization_words
            .longest_of_reversed(word.chars().rev())
            .is_some_and(|(common_len, ())| common_len > suffix_len)
    }

    /// True for a generic reference (`上市公司`, `重点实验室`).
    pub(super) fn is_generic(&self, name: &str) -> bool {
        self.generic.contains(name)
    }

    /// True when `name` ends like a park or zone (`…产业园`, `高新区`).
    pub(super) fn is_zone(&self, name: &str) -> bool {
        self.zone_endings.longest(name).is_some()
    }

    /// True when the next word turns `name` into a park or zone (`深圳大学` + `城`).
    pub(super) fn extends_to_zone(&self, name: &str, next: &str) -> bool {
        let joined = next.chars().rev().chain(name.chars().rev());
        self.zone_endings
            .longest_of_reversed(joined)
            .is_some_and(|(zone_len, ())| zone_len > next.len())
    }

    /// True for a place too vague to name a body with a bare suffix (`中国`, `美国`).
    pub(super) fn is_vague_place(&self, word: &str) -> bool {
        self.vague_places.contains(word)
    }

    /// True when the token is a place: tagged `ns` or a place word (`市`, `国家`).
    pub(super) fn is_place(&self, word: &str, tag: &str) -> bool {
        (tag == "ns" && !self.not_places.contains(word)) || self.place_words.contains(word)
    }

    /// True when the token can start a name.
    pub(super) fn is_strong(&self, word: &str, tag: &str) -> bool {
        let tagged = STRONG_TAGS.contains(&tag) && !(tag == "ns" && self.not_places.contains(word));
        tagged
            || self.place_words.contains(word)
            || self.strong_words.contains(word)
            || self.founding_prefixes.contains(word)
    }

    /// True when the token may sit inside a name (strong words included).
    pub(super) fn is_body(&self, word: &str, tag: &str) -> bool {
        if self.chain_breakers.contains(word) {
            return false;
        }
        if VERB_TAGS.contains(&tag) {
            return self.name_verbs.contains(word);
        }
        BODY_TAGS.contains(&tag) || STRONG_TAGS.contains(&tag) || self.is_strong(word, tag)
    }

    /// True when a standalone suffix word carries a noun-like tag.
    pub(super) fn is_suffix_tag(tag: &str) -> bool {
        SUFFIX_TAGS.contains(&tag)
    }

    /// True when a whole token with this tag is itself a name (`nt`, `nz`, `j`, …).
    pub(super) fn is_name_tag(tag: &str) -> bool {
        STRONG_TAGS.contains(&tag) && tag != "eng"
    }
}

/// `list` sorted longest first (ties in list order).
fn longest_first(list: &[String]) -> Vec<String> {
    let mut sorted = list.to_vec();
    sorted.sort_by_key(|word| std::cmp::Reverse(word.len()));
    sorted
}

/// The text of a token.
pub(super) fn word<'a>(text: &'a str, token: &Token) -> &'a str {
    &text[token.span]
}

/// Number of chars of `text`.
pub(super) fn chars(text: &str) -> usize {
    text.chars().count()
}

/// The name column: the span text without whitespace.
pub(super) fn name_of(text: &str) -> String {
    text.chars().filter(|ch| !ch.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::new(&OrganizationRules::embedded().unwrap())
    }

    #[test]
    fn longest_suffix_wins() {
        let lexicon = lexicon();
        assert_eq!(
            lexicon.suffix_of("国家发展研究中心").unwrap().suffix,
            "研究中心"
        );
        assert_eq!(
            lexicon.suffix_of("深圳华为技术有限公司").unwrap().suffix,
            "有限公司"
        );
        assert!(lexicon.suffix_of("深圳").is_none());
    }

    /// The tries answer as the scans of the lists they replaced, on every name the rules
    /// know and every list entry with a char or two before it.
    #[test]
    fn tries_agree_with_scanning_the_lists() {
        let rules = OrganizationRules::embedded().unwrap();
        let lexicon = Lexicon::new(&rules);
        let mut by_length = rules.suffixes.clone();
        by_length.sort_by_key(|suffix| std::cmp::Reverse(suffix.suffix.len()));
        let words = &rules.words;
        let mut texts: Vec<String> = rules
            .gazetteer_names()
            .keys()
            .map(ToString::to_string)
            .collect();
        for entry in rules.suffixes.iter().chain(&rules.nt_endings) {
            texts.extend(["", "市", "研究", "发展研究"].map(|p| format!("{p}{}", entry.suffix)));
        }
        for word in words
            .not_organization_words
            .iter()
            .chain(&words.zone_endings)
        {
            texts.extend(["", "深圳"].map(|p| format!("{p}{word}")));
        }
        for text in &texts {
            let scan: Vec<&str> = by_length
                .iter()
                .filter(|s| text.ends_with(s.suffix.as_str()))
                .map(|s| s.suffix.as_str())
                .collect();
            let found: Vec<&str> = lexicon
                .suffixes_ending(text)
                .map(|s| s.suffix.as_str())
                .collect();
            assert_eq!(found, scan, "{text}");
            let zone = words
                .zone_endings
                .iter()
                .any(|z| text.ends_with(z.as_str()));
            assert_eq!(lexicon.is_zone(text), zone, "{text}");
            for suffix_len in [0, 3, 6] {
                let common = words
                    .not_organization_words
                    .iter()
                    .any(|c| c.len() > suffix_len && text.ends_with(c.as_str()));
                assert_eq!(lexicon.is_common_word(text, suffix_len), common, "{text}");
            }
            let bare = rules
                .suffixes
                .iter()
                .any(|s| s.bare_place && s.suffix == *text);
            assert_eq!(lexicon.is_bare_place_suffix(text), bare, "{text}");
        }
    }

    #[test]
    fn zone_endings_across_the_next_word() {
        let lexicon = lexicon();
        assert!(lexicon.extends_to_zone("深圳大学", "城"));
        assert!(!lexicon.is_zone("深圳大学"));
        assert!(!lexicon.extends_to_zone("深圳大学", "教授"));
    }

    #[test]
    fn common_words_are_not_bureaus() {
        let lexicon = lexicon();
        assert!(lexicon.is_common_word("格局", "局".len()));
        assert!(lexicon.is_common_word("中西部", "部".len()));
        assert!(!lexicon.is_common_word("民政局", "局".len()));
        assert!(!lexicon.is_common_word("俱乐部", "俱乐部".len()));
    }

    #[test]
    fn only_name_verbs_sit_inside_names() {
        let lexicon = lexicon();
        assert!(lexicon.is_body("创新", "v"));
        assert!(!lexicon.is_body("成立", "v"));
        assert!(!lexicon.is_body("企业", "n"));
        assert!(lexicon.is_strong("南方", "f"));
        assert!(lexicon.is_strong("市", "n"));
    }

    #[test]
    fn nt_endings_type_names_without_a_grammar_suffix() {
        let lexicon = lexicon();
        assert_eq!(lexicon.nt_type_of("新华社"), Some(OrgType::Media));
        assert_eq!(lexicon.nt_type_of("深圳大学"), Some(OrgType::University));
        assert_eq!(lexicon.nt_type_of("新兴产业"), None);
    }
}
