//! The policies extractor: named policy instruments with their type, issuer and date.
//!
//! `ingest → normalize → segment → **extract** (dates → organizations → policies →
//! indicators) → validate → write`
//!
//! Rules (the `rule` column), all typed by the tables of `policies.toml`:
//! * `policy_title`: a 《》 title ending like a policy: `《粤港澳大湾区发展规划纲要》` (plan);
//!   other 《》 titles (newspapers, films, books, reports, rankings) are no policies.
//! * `policy_quoted_programme`: `“工业上楼”计划` (plan), `“十大行动计划”` (plan).
//! * `policy_quoted_articles`: `培育壮大市场主体“30 条”` (measures).
//! * `policy_quoted_cue`: `凭借“三免两减半”的税收优惠` (initiative).
//! * `policy_quoted_repeat`: once a quoted name is a policy anywhere in the document, its
//!   other quoted mentions are too: `按照“工业上楼”标准` (initiative, `工业上楼`).
//! * `policy_document`: `深府〔2019〕12号`, `18号文件` (document).
//!
//! The span includes the 《》 or quotation marks; `title` has neither. Spans never
//! overlap: the longest wins (a title holding a quote is one mention). `issuer` comes from
//! the organizations already found (see the `issuer` submodule); `date` is the date of the
//! same clause ([`crate::extract::dates::ClauseDates::date_in_clause`]) when the clause says the policy
//! was issued or put in force (an issue or policy verb of `policies.toml`); repeats get no
//! date. Page artifacts are read too: a source note (`资料来源：《…规划》`) still cites
//! the policy.

mod issuer;
mod numbered;
mod quoted;
mod titles;

use std::collections::{BTreeMap, HashSet};

use super::dates::{ClauseDates, SpanIndex};
use super::{
    ExtractContext, Extractor, MentionKind, Mentions, OrganizationMention, PolicyMention,
    PolicyType,
};
use crate::rules::policies::{IssuerRules, ProgrammeHead, QuotedRules, TitleSuffix};
use crate::rules::Rules;
use crate::segment::{Segmented, Sentence, Token};
use crate::span::Span;

/// Rule name of 《》 titles.
pub const RULE_TITLE: &str = "policy_title";
/// Rule name of quoted programmes (`“工业上楼”计划`).
pub const RULE_PROGRAMME: &str = "policy_quoted_programme";
/// Rule name of quoted article counts (`“30 条”`).
pub const RULE_ARTICLES: &str = "policy_quoted_articles";
/// Rule name of quoted slogans with a policy cue (`实施“链长制”`).
pub const RULE_CUE: &str = "policy_quoted_cue";
/// Rule name of later quotes of a known policy name.
pub const RULE_REPEAT: &str = "policy_quoted_repeat";
/// Rule name of numbered documents (`深府〔2019〕12号`).
pub const RULE_DOCUMENT: &str = "policy_document";

/// Finds policy instruments in 《》 titles, quotes and document numbers.
#[derive(Debug)]
pub struct PolicyExtractor {
    classifier: Classifier,
    issuer: IssuerRules,
    /// Verbs that end a topic or a document code going left (`实施`, `印发`).
    stop_verbs: Vec<String>,
}

impl PolicyExtractor {
    /// Compiles the extractor from the rules.
    #[must_use]
    pub fn new(rules: &Rules) -> Self {
        let rules = &rules.policies;
        let mut suffixes = rules.suffix.clone();
        suffixes.sort_by_key(|suffix| std::cmp::Reverse(suffix.suffix.len()));
        let mut heads = rules.head.clone();
        heads.sort_by_key(|head| std::cmp::Reverse(head.head.len()));
        Self {
            classifier: Classifier {
                suffixes,
                not_laws: rules.words.not_laws.clone(),
                heads,
                quoted: rules.quoted.clone(),
            },
            issuer: rules.issuer.clone(),
            stop_verbs: rules
                .quoted
                .topic_stops
                .iter()
                .chain(&rules.issuer.verbs)
                .cloned()
                .collect(),
        }
    }

    /// All policy candidates of a document, before overlaps are resolved; `dates` are
    /// the spans of the dates found (a quoted date such as `“十四五”` is no policy).
    fn candidates(&self, doc: &Segmented, dates: &[Span]) -> Vec<Candidate> {
        let mut all = titles::find(doc, &self.classifier);
        let mut bare = Vec::new();
        for sentence in &doc.sentences {
            let view = View::new(doc.text(), sentence);
            let quoted = quoted::find(&view, &self.classifier);
            all.extend(quoted.candidates);
            bare.extend(quoted.bare);
            all.extend(numbered::find(&view, &self.stop_verbs));
        }
        let text = doc.text();
        all.retain(|c| c.rule != RULE_CUE || !quotes_a_date(text, c.span, dates));
        bare.retain(|quote| !quotes_a_date(text, quote.span, dates));
        let known: HashSet<&str> = all
            .iter()
            .filter_map(|c| c.quoted_name.as_deref())
            .collect();
        let repeats: Vec<Candidate> = bare
            .into_iter()
            .filter(|quote| known.contains(quote.name.as_str()))
            .map(|quote| {
                Candidate::new(quote.span, RULE_REPEAT, quote.name, PolicyType::Initiative)
            })
            .collect();
        all.extend(repeats);
        all
    }
}

impl Extractor for PolicyExtractor {
    fn kind(&self) -> MentionKind {
        MentionKind::Policy
    }

    fn extract(&self, doc: &Segmented, _context: &ExtractContext, found: &mut Mentions) {
        let mut kept = Kept::default();
        let date_spans: Vec<Span> = found.dates.iter().map(|date| date.span).collect();
        let mut candidates = self.candidates(doc, &date_spans);
        candidates.sort_by(|a, b| b.span.len().cmp(&a.span.len()).then(a.span.cmp(&b.span)));
        for candidate in candidates {
            kept.insert_unless_overlapping(candidate);
        }
        let dates = ClauseDates::new(&found.dates);
        let organizations = SpanIndex::new(found.organizations.iter().map(|org| org.span));
        let mut policies = Vec::with_capacity(kept.len());
        for candidate in kept.into_sorted() {
            let sentence = doc
                .sentence_at(candidate.span.start())
                .map_or(candidate.span, |index| doc.sentences[index].span);
            let orgs: Vec<&OrganizationMention> = organizations
                .contained_in(sentence)
                .into_iter()
                .map(|index| &found.organizations[index])
                .collect();
            let issuer = issuer::issuer(doc.text(), sentence, candidate.span, &orgs, &self.issuer);
            let date = self.issue_date(doc, &dates, &candidate);
            policies.push(PolicyMention {
                span: candidate.span,
                rule: candidate.rule,
                title: candidate.title,
                policy_type: candidate.policy_type,
                issuer,
                date,
            });
        }
        found.policies.extend(policies);
    }
}

impl PolicyExtractor {
    /// The date of the clause when the clause says the policy was issued or put in force
    /// (an issue or policy verb between the date and the policy, or right after it):
    /// `2022年11月，深圳正式推出“工业上楼”计划`. Later quotes of a known name get none.
    fn issue_date(
        &self,
        doc: &Segmented,
        dates: &ClauseDates<'_>,
        candidate: &Candidate,
    ) -> Option<super::DateRef> {
        if candidate.rule == RULE_REPEAT {
            return None;
        }
        let date = dates.date_in_clause(doc, candidate.span)?;
        let text = doc.text();
        let from = dates.dates()[date.0].span.end();
        let until = text[candidate.span.end()..]
            .char_indices()
            .nth(ISSUE_VERB_WINDOW_CHARS)
            .map_or(text.len(), |(at, _)| candidate.span.end() + at);
        // A bracketed date after the policy may end past the window: then no verb follows.
        let clause = text.get(from..until).unwrap_or_default();
        self.stop_verbs
            .iter()
            .any(|verb| clause.contains(verb.as_str()))
            .then_some(date)
    }
}

/// The candidates kept so far, none overlapping another, by span.
#[derive(Debug, Default)]
struct Kept {
    /// Keyed by span, then by arrival (equal empty spans do not overlap).
    by_span: BTreeMap<(Span, usize), Candidate>,
}

impl Kept {
    /// Keeps `candidate` unless it overlaps one kept before (callers offer the longest
    /// first, so the longest wins).
    fn insert_unless_overlapping(&mut self, candidate: Candidate) {
        let span = candidate.span;
        let end = Span::new(span.end(), span.end());
        for (other, _) in self.by_span.range(..(end, 0)).rev().map(|(key, _)| *key) {
            if other.overlaps(span) {
                return;
            }
            if !other.is_empty() && other.end() <= span.start() {
                // Kept spans do not overlap: every earlier non-empty one ends before this.
                break;
            }
        }
        let arrival = self.by_span.len();
        self.by_span.insert((span, arrival), candidate);
    }

    fn len(&self) -> usize {
        self.by_span.len()
    }

    /// The kept candidates in span order.
    fn into_sorted(self) -> impl Iterator<Item = Candidate> {
        self.by_span.into_values()
    }
}

/// True when the quote at `span` holds nothing but a date (`“十四五”`, `“2035”`): a
/// quoted date is a date, never a policy name of its own.
fn quotes_a_date(text: &str, span: Span, dates: &[Span]) -> bool {
    let quote = &text[span];
    let (Some(open), Some(close)) = (quote.chars().next(), quote.chars().next_back()) else {
        return false;
    };
    let Some(inner) = quote.get(open.len_utf8()..quote.len() - close.len_utf8()) else {
        return false;
    };
    let start = span.start() + open.len_utf8() + (inner.len() - inner.trim_start().len());
    let end = start + inner.trim().len();
    dates
        .iter()
        .any(|date| date.start() == start && date.end() == end)
}

/// How far after a policy an issue verb may stand (`《…》正式发布`), in chars.
const ISSUE_VERB_WINDOW_CHARS: usize = 8;

/// A policy one rule proposes.
#[derive(Clone, Debug)]
struct Candidate {
    span: Span,
    rule: &'static str,
    title: String,
    policy_type: PolicyType,
    /// The quoted name, when a quote made it a policy (for `policy_quoted_repeat`).
    quoted_name: Option<String>,
}

impl Candidate {
    fn new(span: Span, rule: &'static str, title: String, policy_type: PolicyType) -> Self {
        Self {
            span,
            rule,
            title,
            policy_type,
            quoted_name: None,
        }
    }
}

/// The typing tables, longest entries first.
#[derive(Debug)]
struct Classifier {
    suffixes: Vec<TitleSuffix>,
    not_laws: Vec<String>,
    heads: Vec<ProgrammeHead>,
    quoted: QuotedRules,
}

impl Classifier {
    /// The type of a title by its ending, if it names a policy instrument.
    /// `law_noun_start` is where the title's last jieba word starts when that word is a
    /// common noun: a noun of one char plus a non-law word (`公司法` = `公司` + `法`,
    /// `预算法`) is a law whose word boundary the non-law word (`司法`, `算法`) crosses; a
    /// longer noun (`计算方法`, `英语语法`) is a compound of the non-law word.
    fn title_type(&self, title: &str, law_noun_start: Option<usize>) -> Option<PolicyType> {
        self.typed(title, 1, law_noun_start)
    }

    /// The type of a quoted name that itself ends in a programme head (`十大行动计划`);
    /// the name needs two chars before the head.
    fn quoted_type(&self, name: &str) -> Option<PolicyType> {
        let head = self
            .heads
            .iter()
            .find(|head| name.ends_with(head.head.as_str()))?;
        let body = &name[..name.len() - head.head.len()];
        (body.chars().count() >= 2).then_some(head.policy_type)
    }

    /// The type the longest title ending gives `text`, which needs `min_body_chars`
    /// before the ending (`《法》` is no law) and must not end in a non-law word (`兵法`)
    /// unless that word starts one char into the noun at `law_noun_start` (`公司法`).
    fn typed(
        &self,
        text: &str,
        min_body_chars: usize,
        law_noun_start: Option<usize>,
    ) -> Option<PolicyType> {
        let suffix = self
            .suffixes
            .iter()
            .find(|suffix| text.ends_with(suffix.suffix.as_str()))?;
        let body = &text[..text.len() - suffix.suffix.len()];
        let not_law = suffix.policy_type == PolicyType::Law
            && self.not_laws.iter().any(|word| {
                let Some(head) = text.strip_suffix(word.as_str()) else {
                    return false;
                };
                let crossing = head
                    .chars()
                    .next_back()
                    .is_some_and(|ch| law_noun_start == Some(head.len() - ch.len_utf8()));
                !crossing
            });
        (body.chars().count() >= min_body_chars && !not_law).then_some(suffix.policy_type)
    }
}

/// A title or name without the white space PDF extraction left next to CJK chars
/// (`30 条` → `30条`, a line break inside a name); one space stays between Latin words,
/// and between two Han chars on the same line, where it is the title's own separator
/// (`中共中央 国务院关于…的意见`, two issuers).
fn clean_title(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut title = String::with_capacity(text.len());
    for (index, ch) in chars.iter().enumerate() {
        if ch.is_whitespace() {
            let run_start = chars[..index]
                .iter()
                .rposition(|c| !c.is_whitespace())
                .map_or(0, |at| at + 1);
            let run_end = chars[index..]
                .iter()
                .position(|c| !c.is_whitespace())
                .map_or(chars.len(), |at| index + at);
            let (before, after) = (chars.get(run_start.wrapping_sub(1)), chars.get(run_end));
            let latin = |c: Option<&char>| c.is_some_and(char::is_ascii_alphanumeric);
            let han = |c: Option<&char>| c.is_some_and(|c| is_han(*c));
            let one_line = !chars[run_start..run_end]
                .iter()
                .any(|c| matches!(c, '\n' | '\r'));
            let keep = (latin(before) && latin(after)) || (one_line && han(before) && han(after));
            if !keep || index != run_start {
                continue;
            }
        }
        title.push(*ch);
    }
    title
}

/// True for a CJK unified ideograph (basic block or extension A).
fn is_han(ch: char) -> bool {
    matches!(ch, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

/// One sentence's words, with word-boundary checks.
struct View<'a> {
    text: &'a str,
    span: Span,
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

    fn token_starting_at(&self, at: usize) -> Option<&Token> {
        self.tokens
            .binary_search_by_key(&at, |token| token.span.start())
            .ok()
            .map(|index| &self.tokens[index])
    }

    fn is_word_start(&self, at: usize) -> bool {
        self.token_starting_at(at).is_some()
    }

    fn is_word_end(&self, at: usize) -> bool {
        at == self.span.end()
            || self
                .tokens
                .binary_search_by_key(&at, |token| token.span.end())
                .is_ok()
    }
}

#[cfg(test)]
mod tests;
