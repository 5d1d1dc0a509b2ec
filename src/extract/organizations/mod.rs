//! The organizations extractor: every named organization (companies, government bodies,
//! universities, institutes and labs, associations, media, international bodies).
//!
//! `ingest → normalize → segment → **extract** (dates → organizations → policies →
//! indicators) → validate → write`
//!
//! Signals, each its own rule name (the `rule` column):
//! * `org_gazetteer`: a name of the embedded, versioned gazetteer (or a user's
//!   `--gazetteer FILE`): `国家发展改革委`, `中科院`, `比亚迪`; government and association
//!   names take the places right before them: `市发改委`, `深圳市南山区科技创新局`.
//! * `org_suffix`: place prefix + name + organizational suffix, left edge found with
//!   jieba's tags: `中国科学院深圳先进技术研究院`, `深圳市政府`, `苏州太湖书院`.
//! * `org_jieba_nt`: a word jieba tags `nt` whose ending is organizational: `国务院`,
//!   `民政局`, `新华社`.
//! * `org_enumeration`: proper names listed before `等` + a company head noun:
//!   `比亚迪、新宙邦等新能源企业`.
//!
//! Combining: the longest candidate wins, one mention per span (`深圳市政府` is one
//! mention, not `深圳市` + `政府`); on equal spans the gazetteer's kind wins over the
//! suffix's, which wins over the others. A jieba word that is exactly two gazetteer names
//! (`中共中央国务院`) gives the two names. Generic references (`政府`, `龙头企业`),
//! places alone and parks or zones (`…产业园`, `高新区`) are never names.
//!
//! A level-only name after a distributive word (`各` `市政府`, `有关` `区政府`) is a
//! generic reference and no mention. A short bare one-word body before its head's title
//! (`财政司司长`, `统计局局长`) is the name of a post, held by a person, and no mention;
//! a body named with its place or in full stays one (`南山区科技创新局局长`,
//! `中国人民银行行长`).
//!
//! Page artifacts (running heads, source notes) are read too: a name in a running head
//! or a `来源：` line is still a mention.

mod endings;
mod enumeration;
mod extend;
mod gazetteer;
mod jieba_nt;
mod lexicon;
mod suffix;

use super::{ExtractContext, Extractor, MentionKind, Mentions, OrgType, OrganizationMention};
use crate::rules::organizations::EnumerationRules;
use crate::rules::Rules;
use crate::segment::{Segmented, Sentence, Token};
use crate::span::Span;

use gazetteer::Gazetteer;
use lexicon::{name_of, Lexicon};

/// Rule name of the gazetteer signal.
pub const RULE_GAZETTEER: &str = "org_gazetteer";
/// Rule name of the suffix grammar.
pub const RULE_SUFFIX: &str = "org_suffix";
/// Rule name of the jieba `nt` signal.
pub const RULE_JIEBA_NT: &str = "org_jieba_nt";
/// Rule name of the enumeration cue.
pub const RULE_ENUMERATION: &str = "org_enumeration";

/// Finds organizations with the gazetteer, the suffix grammar, jieba `nt` tags and the
/// enumeration cue, then keeps the longest candidate per span.
#[derive(Debug)]
pub struct OrganizationExtractor {
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    enumeration: EnumerationRules,
}

impl OrganizationExtractor {
    /// Compiles the extractor from the rules.
    #[must_use]
    pub fn new(rules: &Rules) -> Self {
        let rules = &rules.organizations;
        Self {
            gazetteer: Gazetteer::new(rules),
            lexicon: Lexicon::new(rules),
            enumeration: rules.enumeration.clone(),
        }
    }

    /// Every candidate of every signal, before combining, sorted by span: what each
    /// signal finds on its own (to measure them one by one against gold).
    #[must_use]
    pub fn signal_mentions(&self, doc: &Segmented) -> Vec<OrganizationMention> {
        let mut mentions: Vec<OrganizationMention> = doc
            .sentences
            .iter()
            .flat_map(|sentence| self.candidates(doc, sentence))
            .filter(|candidate| !candidate.weak)
            .map(|candidate| candidate.mention(doc.text()))
            .collect();
        mentions.sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(b.rule)));
        mentions
    }

    /// All candidates of one sentence.
    fn candidates(&self, doc: &Segmented, sentence: &Sentence) -> Vec<Candidate> {
        let view = View::new(doc.text(), sentence);
        let gazetteer = self.gazetteer.find(&view, &self.lexicon);
        let mut all = suffix::find(&view, &self.lexicon, &gazetteer);
        all.extend(jieba_nt::find(&view, &self.lexicon));
        all.extend(enumeration::find(
            &view,
            &self.enumeration,
            &self.lexicon,
            &gazetteer,
        ));
        all.extend(gazetteer);
        let text = doc.text();
        all.retain(|candidate| {
            let before = &text[view.span.start()..candidate.span.start()];
            !self.lexicon.is_distributed(before, &text[candidate.span])
                && !names_a_post(&view, candidate.span)
        });
        all
    }

    /// The mentions of one sentence, combined.
    fn sentence_mentions(&self, doc: &Segmented, sentence: &Sentence) -> Vec<OrganizationMention> {
        let candidates = self.candidates(doc, sentence);
        combine(doc.text(), &candidates, &self.gazetteer)
            .into_iter()
            .map(|candidate| candidate.mention(doc.text()))
            .collect()
    }
}

impl Extractor for OrganizationExtractor {
    fn kind(&self) -> MentionKind {
        MentionKind::Organization
    }

    fn extract(&self, doc: &Segmented, _context: &ExtractContext, found: &mut Mentions) {
        for sentence in &doc.sentences {
            let mentions = self.sentence_mentions(doc, sentence);
            found.organizations.extend(mentions);
        }
    }
}

/// A name one signal proposes.
#[derive(Clone, Debug, PartialEq)]
struct Candidate {
    span: Span,
    rule: &'static str,
    org_type: OrgType,
    /// A suffix name without a strong word: kept only as an item of a list of names.
    weak: bool,
}

impl Candidate {
    fn new(span: Span, rule: &'static str, org_type: OrgType) -> Self {
        Self {
            span,
            rule,
            org_type,
            weak: false,
        }
    }

    /// Rank on equal spans: gazetteer, then suffix, then the others.
    fn priority(&self) -> u8 {
        match self.rule {
            RULE_GAZETTEER => 0,
            RULE_SUFFIX => 1,
            RULE_ENUMERATION => 2,
            _ => 3,
        }
    }

    fn mention(&self, text: &str) -> OrganizationMention {
        OrganizationMention {
            span: self.span,
            rule: self.rule,
            name: name_of(&text[self.span]),
            org_type: self.org_type,
        }
    }
}

/// Keeps the longest candidates, one per span, and the weak ones that extend a list.
fn combine(text: &str, candidates: &[Candidate], gazetteer: &Gazetteer) -> Vec<Candidate> {
    let known: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.rule == RULE_GAZETTEER)
        .collect();
    let mut ranked: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| !c.weak && !tiled_by_names(text, c.span, &known))
        .collect();
    ranked.sort_by(|a, b| {
        b.span
            .len()
            .cmp(&a.span.len())
            .then(a.priority().cmp(&b.priority()))
            .then(a.span.cmp(&b.span))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for candidate in ranked {
        if kept
            .iter()
            .all(|other| !other.span.overlaps(candidate.span))
        {
            let mut chosen = candidate.clone();
            if let Some(org_type) = gazetteer.type_of(&name_of(&text[chosen.span])) {
                chosen.org_type = org_type;
            }
            kept.push(chosen);
        }
    }
    for weak in candidates.iter().filter(|c| c.weak) {
        let free = kept.iter().all(|other| !other.span.overlaps(weak.span));
        if free && in_list_of_names(text, weak.span, &kept) {
            kept.push(weak.clone());
        }
    }
    kept.sort_by_key(|candidate| candidate.span);
    kept
}

/// The char that makes a head's title of a body's last char (`司` → `司长`).
const HEAD_TITLE: char = '长';

/// The longest body whose head's title makes a post of it: a short bare body (`财政司`,
/// `统计局`) names the office; a full name (`中国人民银行` + `行长`) names the body.
const POST_BODY_MAX_CHARS: usize = 3;

/// True when `span` is one short bare word (at most [`POST_BODY_MAX_CHARS`]), with no
/// place before it in the name, followed by its head's title repeating its last char
/// (`财政司` + `司长`, `统计局` + `局长`): the phrase is the standing name of a post, held by
/// a person. A body named with its place (`南山区科技创新局` + `局长`) or in full
/// (`中国人民银行` + `行长`) is a particular body and stays a mention.
fn names_a_post(view: &View<'_>, span: Span) -> bool {
    let one_word = view
        .token_starting_at(span.start())
        .is_some_and(|index| view.tokens[index].span == span);
    let Some(last) = view.text[span].chars().next_back() else {
        return false;
    };
    let mut after = view.text[span.end()..].chars();
    one_word
        && view.text[span].chars().count() <= POST_BODY_MAX_CHARS
        && after.next() == Some(last)
        && after.next() == Some(HEAD_TITLE)
}

/// True when `span` is exactly two or more gazetteer names, abutting or apart by white
/// space only (`惠州市统计局　国家统计局`); the last may run on past `span` (a known name
/// taking its sub-unit: `统计局` + `国家统计局惠州调查队`).
fn tiled_by_names(text: &str, span: Span, known: &[&Candidate]) -> bool {
    let mut at = span.start();
    let mut pieces = 0;
    while at < span.end() {
        match known.iter().find(|name| {
            name.span.start() == at
                && name.span != span
                && (span.contains(name.span) || (pieces > 0 && name.span.end() > span.end()))
        }) {
            Some(name) => {
                at = name.span.end();
                pieces += 1;
                let gap = text[at.min(span.end())..span.end()]
                    .chars()
                    .take_while(|ch| ch.is_whitespace())
                    .map(char::len_utf8)
                    .sum::<usize>();
                at += gap;
            }
            None => return false,
        }
    }
    pieces >= 2
}

/// True when a kept name sits right before or after `span`, across one list separator.
fn in_list_of_names(text: &str, span: Span, kept: &[Candidate]) -> bool {
    const SEPARATORS: [char; 3] = ['、', '，', '；'];
    let before = text[..span.start()].chars().next_back();
    let after = text[span.end()..].chars().next();
    let before_ok = before
        .filter(|ch| SEPARATORS.contains(ch))
        .is_some_and(|ch| {
            let edge = span.start() - ch.len_utf8();
            kept.iter().any(|other| other.span.end() == edge)
        });
    let after_ok = after
        .filter(|ch| SEPARATORS.contains(ch))
        .is_some_and(|ch| {
            let edge = span.end() + ch.len_utf8();
            kept.iter().any(|other| other.span.start() == edge)
        });
    before_ok || after_ok
}

/// One sentence's words, with quick word-boundary checks.
struct View<'a> {
    /// The whole normalized text (token spans are absolute).
    text: &'a str,
    /// The sentence.
    span: Span,
    /// Its words.
    tokens: &'a [Token],
}

impl<'a> View<'a> {
    fn new(text: &'a str, sentence: &'a Sentence) -> Self {
        Self {
            text,
            span: sentence.span,
            tokens: &sentence.tokens,
        }
    }

    /// Index of the word starting at byte `at`.
    fn token_starting_at(&self, at: usize) -> Option<usize> {
        self.tokens
            .binary_search_by_key(&at, |token| token.span.start())
            .ok()
    }

    fn is_word_start(&self, at: usize) -> bool {
        self.token_starting_at(at).is_some()
    }

    fn is_word_end(&self, at: usize) -> bool {
        self.tokens
            .binary_search_by_key(&at, |token| token.span.end())
            .is_ok()
    }

    /// True when the word after byte `end` turns the name into a zone
    /// (`深圳大学` + `城`).
    fn continues_as_zone(&self, end: usize, name: &str, lexicon: &Lexicon) -> bool {
        let Some(next) = self.token_starting_at(end).map(|index| &self.tokens[index]) else {
            return false;
        };
        let next = &self.text[next.span];
        lexicon.extends_to_zone(name, next)
    }
}

#[cfg(test)]
mod tests;
