//! Rule `org_enumeration`: proper names listed before `等` and a company head noun are
//! companies, e.g. `比亚迪、新宙邦等为代表的一批新能源企业` gives `比亚迪`, `新宙邦`;
//! `腾讯、大疆等新一代龙头企业` gives `腾讯`, `大疆`.
//!
//! A listed item is one to three words that jieba tags as names (`nr`, `nz`, `nt`, `j`,
//! `eng`, or a lone `ns` that the gazetteer knows) within the char limits of
//! `organizations.toml`; items of common nouns (`新能源汽车、集成电路等企业`) are no names.
//! Between `等` and the head noun there is no clause punctuation.

use super::lexicon::{chars, word, Lexicon};
use super::{Candidate, View, RULE_ENUMERATION};
use crate::extract::OrgType;
use crate::rules::organizations::EnumerationRules;
use crate::span::Span;

/// jieba tags of words that may make up a listed name.
const NAME_TAGS: &[&str] = &["eng", "j", "nr", "nrfg", "nrt", "ns", "nt", "nz"];

/// jieba tags that make a lone listed word a name.
const LONE_NAME_TAGS: &[&str] = &["eng", "j", "nr", "nrfg", "nrt", "nt"];

/// Words that separate the listed names.
const SEPARATORS: &[&str] = &["、", "和", "与", "及", "以及"];

/// Most words in one listed name.
const MAX_ITEM_WORDS: usize = 3;

/// Company names listed before `等` + head noun in one sentence.
pub(super) fn find(
    view: &View<'_>,
    rules: &EnumerationRules,
    lexicon: &Lexicon,
    gazetteer: &[Candidate],
) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (index, token) in view.tokens.iter().enumerate() {
        if word(view.text, token) == "等" && head_follows(view, index, rules) {
            found.extend(listed_names(view, index, rules, lexicon, gazetteer));
        }
    }
    found.sort_by_key(|candidate| candidate.span);
    found
}

/// True when a head noun follows `等` within the gap, before any clause punctuation.
fn head_follows(view: &View<'_>, index: usize, rules: &EnumerationRules) -> bool {
    let mut gap = 0;
    for token in &view.tokens[index + 1..] {
        let text = word(view.text, token);
        if rules.heads.iter().any(|head| text.ends_with(head.as_str())) {
            return true;
        }
        gap += chars(text);
        if gap > rules.max_gap_chars || text.chars().any(|ch| "，。；：,;:".contains(ch)) {
            return false;
        }
    }
    false
}

/// The names listed right before token `index` (`等`), right to left; none unless every
/// item of the list is a name, and a lone item must be tagged as a person, organization,
/// abbreviation or Latin name (a lone `nz` is too often a technical term: `集成电路等企业`).
fn listed_names(
    view: &View<'_>,
    index: usize,
    rules: &EnumerationRules,
    lexicon: &Lexicon,
    gazetteer: &[Candidate],
) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut end = index;
    loop {
        let start = item_start(view, end, gazetteer);
        if start == end {
            return if found.is_empty() { found } else { Vec::new() };
        }
        let span = Span::new(
            view.tokens[start].span.start(),
            view.tokens[end - 1].span.end(),
        );
        if !is_name(view, start, end, span, rules, lexicon, gazetteer) {
            return Vec::new();
        }
        found.push(Candidate::new(span, RULE_ENUMERATION, OrgType::Company));
        if start == 0 || !SEPARATORS.contains(&word(view.text, &view.tokens[start - 1])) {
            break;
        }
        end = start - 1;
    }
    let lone_and_weak =
        found.len() == 1 && !gazetteer.iter().any(|name| name.span == found[0].span) && {
            let span = found[0].span;
            view.tokens
                .iter()
                .filter(|token| span.contains(token.span))
                .all(|token| !LONE_NAME_TAGS.contains(&token.pos))
        };
    if lone_and_weak {
        found.clear();
    }
    found
}

/// The first word of the item ending before token `end`: up to three name-like words
/// (spaces between Latin words do not count: `Blue Apron`).
fn item_start(view: &View<'_>, end: usize, gazetteer: &[Candidate]) -> usize {
    let mut start = end;
    let mut words = 0;
    while start > 0 && words < MAX_ITEM_WORDS {
        let token = &view.tokens[start - 1];
        if is_space_inside_latin(view, start - 1) {
            start -= 1;
            continue;
        }
        let covered = gazetteer.iter().any(|name| name.span.contains(token.span));
        if !(covered || NAME_TAGS.contains(&token.pos)) {
            break;
        }
        start -= 1;
        words += 1;
    }
    start
}

/// True when token `index` is white space between two Latin words.
fn is_space_inside_latin(view: &View<'_>, index: usize) -> bool {
    let is_latin = |at: usize| view.tokens.get(at).is_some_and(|token| token.pos == "eng");
    word(view.text, &view.tokens[index]).trim().is_empty()
        && index > 0
        && is_latin(index - 1)
        && is_latin(index + 1)
}

/// True when the item is a plausible name: length within limits, not a lone unknown
/// place, not generic.
fn is_name(
    view: &View<'_>,
    start: usize,
    end: usize,
    span: Span,
    rules: &EnumerationRules,
    lexicon: &Lexicon,
    gazetteer: &[Candidate],
) -> bool {
    let text = &view.text[span];
    let length = chars(text);
    if length < rules.min_name_chars || length > rules.max_name_chars || lexicon.is_generic(text) {
        return false;
    }
    let known = gazetteer.iter().any(|name| name.span == span);
    let lone_place = end - start == 1 && view.tokens[start].pos == "ns";
    known || !lone_place
}

#[cfg(test)]
mod tests {
    use super::super::tests::plain_names_by_rule;
    use super::*;

    #[test]
    fn names_before_a_company_head() {
        let text = "已吸引比亚迪、新宙邦等为代表的一批新能源企业签约入驻。";
        assert_eq!(
            plain_names_by_rule(text, RULE_ENUMERATION),
            ["比亚迪", "新宙邦"]
        );
    }

    #[test]
    fn one_name_is_enough() {
        let text = "尤其是在比亚迪等链主企业的带动下。";
        assert_eq!(plain_names_by_rule(text, RULE_ENUMERATION), ["比亚迪"]);
    }

    #[test]
    fn common_nouns_and_places_are_not_companies() {
        for text in [
            "新能源汽车、集成电路等企业加快发展。",
            "深圳、上海等城市的企业。",
            "比亚迪等，企业很多。",
        ] {
            assert!(
                plain_names_by_rule(text, RULE_ENUMERATION).is_empty(),
                "{text}"
            );
        }
    }
}
