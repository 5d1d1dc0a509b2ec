//! Signal 1, rule `org_gazetteer`: names and aliases of the embedded (and user) gazetteer,
//! e.g. `国家发展改革委`, `中科院`, `比亚迪`; government and association names also take
//! the places right before them (`市` + `发改委` → `市发改委`, `深圳市` + `科协`).

use std::collections::HashMap;

use regex::Regex;

use super::extend::run_on;
use super::lexicon::{word, Lexicon};
use super::{Candidate, View, RULE_GAZETTEER};
use crate::extract::OrgType;
use crate::rules::organizations::OrganizationRules;
use crate::span::Span;

/// Every gazetteer name compiled into one alternation, longest first.
#[derive(Debug)]
pub(super) struct Gazetteer {
    /// `None` when the gazetteer is empty.
    pattern: Option<Regex>,
    /// The kind of every name and alias.
    types: HashMap<String, OrgType>,
}

impl Gazetteer {
    /// Compiles the gazetteer of `rules`.
    pub(super) fn new(rules: &OrganizationRules) -> Self {
        let types: HashMap<String, OrgType> = rules
            .gazetteer_names()
            .into_iter()
            .map(|(name, org_type)| (name.to_string(), org_type))
            .collect();
        let mut names: Vec<&str> = types.keys().map(String::as_str).collect();
        names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternation: Vec<String> = names.iter().map(|name| regex::escape(name)).collect();
        // Literal alternations of escaped names always compile; an empty one is skipped.
        let pattern = (!names.is_empty())
            .then(|| Regex::new(&alternation.join("|")).ok())
            .flatten();
        Self { pattern, types }
    }

    /// The kind of a gazetteer name, if it is one.
    pub(super) fn type_of(&self, name: &str) -> Option<OrgType> {
        self.types.get(name).copied()
    }

    /// Gazetteer names in one sentence that sit on word boundaries (a name may also abut
    /// another name: `中共中央国务院` is one jieba word but two bodies).
    pub(super) fn find(&self, view: &View<'_>, lexicon: &Lexicon) -> Vec<Candidate> {
        let Some(pattern) = &self.pattern else {
            return Vec::new();
        };
        let base = view.span.start();
        let sentence = &view.text[view.span];
        let mut found: Vec<Candidate> = Vec::new();
        let mut at = 0;
        while let Some(hit) = pattern.find_at(sentence, at) {
            let (start, end) = (base + hit.start(), base + hit.end());
            let after_name = found.last().is_some_and(|last| last.span.end() == start);
            let before_name = pattern
                .find_at(sentence, hit.end())
                .is_some_and(|next| next.start() == hit.end());
            let starts_ok = view.is_word_start(start) || after_name;
            let ends_ok = view.is_word_end(end) || before_name;
            if starts_ok && ends_ok && !view.continues_as_zone(end, hit.as_str(), lexicon) {
                let org_type = self
                    .types
                    .get(hit.as_str())
                    .copied()
                    .unwrap_or(OrgType::Other);
                let start = if after_name {
                    start
                } else {
                    let start = place_prefix_start(view, start, org_type, lexicon);
                    founding_prefix_start(view, start, org_type, lexicon)
                };
                let (end, org_type) = run_on(view, end, org_type, lexicon);
                found.push(Candidate::new(
                    Span::new(start, end),
                    RULE_GAZETTEER,
                    org_type,
                ));
                at = end - base;
            } else {
                at = hit.start() + hit.as_str().chars().next().map_or(1, char::len_utf8);
            }
        }
        found
    }
}

/// Where a government or association name starts once the places right before it are
/// included (`深圳市` `南山区` + `科技创新局`); other kinds keep `start`.
fn place_prefix_start(
    view: &View<'_>,
    start: usize,
    org_type: OrgType,
    lexicon: &Lexicon,
) -> usize {
    if !matches!(org_type, OrgType::Government | OrgType::Association) {
        return start;
    }
    let Some(mut index) = view.token_starting_at(start) else {
        return start;
    };
    let mut new_start = start;
    while index > 0 {
        let token = &view.tokens[index - 1];
        if !lexicon.is_place(word(view.text, token), token.pos) {
            break;
        }
        new_start = token.span.start();
        index -= 1;
    }
    new_start
}

/// Where a university or institute name starts once a founding word right before it is
/// included (`国立` + `台湾大学`); other kinds keep `start`.
fn founding_prefix_start(
    view: &View<'_>,
    start: usize,
    org_type: OrgType,
    lexicon: &Lexicon,
) -> usize {
    if !matches!(org_type, OrgType::University | OrgType::ResearchInstitute) {
        return start;
    }
    view.token_starting_at(start)
        .and_then(|index| index.checked_sub(1))
        .map(|index| &view.tokens[index])
        .filter(|token| lexicon.is_founding_prefix(word(view.text, token)))
        .map_or(start, |token| token.span.start())
}

#[cfg(test)]
mod tests {
    use super::super::tests::names_by_rule;
    use super::*;

    #[test]
    fn finds_full_names_and_aliases() {
        let found = names_by_rule("国家发展改革委、工信部和中科院联合发文。", RULE_GAZETTEER);
        assert_eq!(found, ["国家发展改革委", "工信部", "中科院"]);
    }

    #[test]
    fn takes_the_place_before_a_local_body() {
        let found = names_by_rule(
            "市发改委、深圳市南山区科技创新局和市科协参加。",
            RULE_GAZETTEER,
        );
        assert_eq!(found, ["市发改委", "深圳市南山区科技创新局", "市科协"]);
    }

    #[test]
    fn companies_do_not_take_a_place() {
        let found = names_by_rule("深圳华为发布新品。", RULE_GAZETTEER);
        assert_eq!(found, ["华为"]);
    }

    #[test]
    fn abutting_names_are_two_bodies() {
        let found = names_by_rule("中共中央国务院印发意见。", RULE_GAZETTEER);
        assert_eq!(found, ["中共中央", "国务院"]);
    }

    #[test]
    fn known_names_run_on_over_a_sub_unit() {
        let found = names_by_rule(
            "中国人民银行上海分行、国家统计局杭州调查队和财政部办公厅参加。",
            RULE_GAZETTEER,
        );
        assert_eq!(
            found,
            [
                "中国人民银行上海分行",
                "国家统计局杭州调查队",
                "财政部办公厅"
            ]
        );
        let found = names_by_rule("中国科学院成都分院成立。", RULE_GAZETTEER);
        assert_eq!(found, ["中国科学院成都分院"]);
    }

    #[test]
    fn a_sub_unit_with_an_organizational_ending_has_its_kind() {
        let doc = "华为欧洲研究院和中国人民银行上海分行。";
        let found = names_by_rule(doc, RULE_GAZETTEER);
        assert_eq!(found, ["华为欧洲研究院", "中国人民银行上海分行"]);
        let types: Vec<_> = super::super::tests::extract(doc)
            .into_iter()
            .map(|(_, org_type, _)| org_type)
            .collect();
        assert_eq!(types, ["research_institute", "government"]);
    }

    #[test]
    fn a_known_name_without_a_sub_unit_keeps_its_end() {
        let found = names_by_rule("中国科学院上海药物研究所成立。", RULE_GAZETTEER);
        assert_eq!(found, ["中国科学院"]);
    }

    #[test]
    fn universities_take_a_founding_word() {
        let found = names_by_rule("他毕业于国立清华大学。", RULE_GAZETTEER);
        assert_eq!(found, ["国立清华大学"]);
    }

    #[test]
    fn names_inside_longer_words_are_skipped() {
        let found = names_by_rule("游客到阿里山游览，深圳大学城建设加快。", RULE_GAZETTEER);
        assert!(found.is_empty(), "{found:?}");
    }
}
