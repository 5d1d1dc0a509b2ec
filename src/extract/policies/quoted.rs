//! Quoted names (`“…”`, `‘…’`, `「…」`, `『…』`, `"…"`) that the text treats as policies.
//!
//! * `policy_quoted_programme`: the quoted name plus the head noun after it
//!   (`“工业上楼”计划` → `工业上楼计划`, plan), or a quoted name that itself ends like a
//!   policy (`“十大行动计划”`, `“1+6 试点政策”`).
//! * `policy_quoted_articles`: a quoted article count with the topic before it
//!   (`培育壮大市场主体“30 条”` → `培育壮大市场主体30条`, measures).
//! * `policy_quoted_cue`: a bare quoted slogan right after a policy verb or right before a
//!   policy noun (`实施“链长制”`, `凭借“三免两减半”的税收优惠`): initiative. The cue words
//!   are `quoted.verbs_before` and `quoted.nouns_after` in `policies.toml`.
//!
//! Other quotes are kept as [`Quote`]s for `policy_quoted_repeat` (see the parent module).

use std::sync::LazyLock;

use regex::Regex;

use super::{clean_title, Candidate, Classifier, View, RULE_ARTICLES, RULE_CUE, RULE_PROGRAMME};
use crate::extract::numbers::CHINESE_NUMERAL_CHARS;
use crate::extract::PolicyType;
use crate::span::Span;

/// One pattern per pair of quotation marks, so quotes inside quotes are found too.
#[expect(
    clippy::expect_used,
    reason = "literal patterns, checked by every test"
)]
static QUOTES: LazyLock<[Regex; 5]> = LazyLock::new(|| {
    [
        r"“([^“”\n]+)”",
        r"‘([^‘’\n]+)’",
        r"「([^「」\n]+)」",
        r"『([^『』\n]+)』",
        r#""([^"\n]+)""#,
    ]
    .map(|pattern| Regex::new(pattern).expect("valid quote pattern"))
});

/// A quoted article count: `30 条`, `新四条`.
#[expect(
    clippy::expect_used,
    reason = "a literal pattern, checked by every test"
)]
static ARTICLES: LazyLock<Regex> = LazyLock::new(|| {
    let numeral = format!("[0-9{CHINESE_NUMERAL_CHARS}]+");
    Regex::new(&format!(r"^新?{numeral}\s*条$")).expect("valid article pattern")
});

/// Chars that make a quote speech or a list, not a name.
const NOT_IN_NAMES: &[char] = &['，', '。', '；', '！', '？', '：', ',', ';', '!', '?', ':'];

/// jieba tags that never belong to the topic of an article count.
const NOT_TOPIC_TAGS: &[&str] = &[
    "c", "d", "m", "p", "q", "r", "t", "u", "uj", "ul", "uz", "x",
];

/// A quoted name no rule took; a later pass may still find it is a known policy.
#[derive(Clone, Debug)]
pub(super) struct Quote {
    /// The quote with its marks.
    pub(super) span: Span,
    /// The name inside, cleaned.
    pub(super) name: String,
}

/// What the quotes of one sentence give: candidates, and the quotes left over.
pub(super) struct Found {
    pub(super) candidates: Vec<Candidate>,
    pub(super) bare: Vec<Quote>,
}

/// The quoted policies of one sentence.
pub(super) fn find(view: &View<'_>, classifier: &Classifier) -> Found {
    let mut found = Found {
        candidates: Vec::new(),
        bare: Vec::new(),
    };
    let sentence = &view.text[view.span];
    for pattern in QUOTES.iter() {
        for captures in pattern.captures_iter(sentence) {
            let (Some(whole), Some(inner)) = (captures.get(0), captures.get(1)) else {
                continue;
            };
            let span = Span::new(
                view.span.start() + whole.start(),
                view.span.start() + whole.end(),
            );
            let name = clean_title(inner.as_str());
            let length = name.chars().count();
            if length < classifier.quoted.min_chars
                || length > classifier.quoted.max_chars
                || name.contains(NOT_IN_NAMES)
            {
                continue;
            }
            match classify(view, span, &name, classifier) {
                Some(candidate) => found.candidates.push(candidate),
                None => found.bare.push(Quote { span, name }),
            }
        }
    }
    found
}

/// The candidate a quoted name makes, if the text treats it as a policy.
fn classify(view: &View<'_>, span: Span, name: &str, classifier: &Classifier) -> Option<Candidate> {
    if let Some((end, head, policy_type)) = head_after(view, span.end(), classifier) {
        let full = Span::new(span.start(), end);
        let mut candidate =
            Candidate::new(full, RULE_PROGRAMME, format!("{name}{head}"), policy_type);
        candidate.quoted_name = Some(name.to_string());
        return Some(candidate);
    }
    if let Some(policy_type) = classifier.quoted_type(name) {
        let mut candidate = Candidate::new(span, RULE_PROGRAMME, name.to_string(), policy_type);
        candidate.quoted_name = Some(name.to_string());
        return Some(candidate);
    }
    if ARTICLES.is_match(name) {
        let start = topic_start(view, span.start(), classifier);
        let title = format!("{}{name}", clean_title(&view.text[start..span.start()]));
        return Some(Candidate::new(
            Span::new(start, span.end()),
            RULE_ARTICLES,
            title,
            PolicyType::Measures,
        ));
    }
    if cue_before(view, span.start(), classifier) || cue_after(view, span.end(), classifier) {
        let mut candidate =
            Candidate::new(span, RULE_CUE, name.to_string(), PolicyType::Initiative);
        candidate.quoted_name = Some(name.to_string());
        return Some(candidate);
    }
    None
}

/// The programme head noun right after the closing mark, ending a word (`计划`), and
/// where it ends.
fn head_after<'c>(
    view: &View<'_>,
    at: usize,
    classifier: &'c Classifier,
) -> Option<(usize, &'c str, PolicyType)> {
    let after = &view.text[at..view.span.end()];
    classifier.heads.iter().find_map(|head| {
        let end = at + head.head.len();
        (after.starts_with(head.head.as_str()) && view.is_word_end(end)).then_some((
            end,
            head.head.as_str(),
            head.policy_type,
        ))
    })
}

/// Where the topic of an article count starts: the words right before the quote, back
/// to a stop verb, a function word or punctuation (`实施` | `培育壮大市场主体`).
fn topic_start(view: &View<'_>, quote_start: usize, classifier: &Classifier) -> usize {
    let mut start = quote_start;
    let mut length = 0;
    for token in view
        .tokens
        .iter()
        .rev()
        .filter(|token| token.span.end() <= quote_start)
    {
        let word = &view.text[token.span];
        length += word.chars().count();
        let stop = classifier
            .quoted
            .topic_stops
            .iter()
            .any(|verb| verb == word);
        if stop || NOT_TOPIC_TAGS.contains(&token.pos) || length > classifier.quoted.max_topic_chars
        {
            break;
        }
        start = token.span.start();
    }
    start
}

/// jieba tags of a count between a policy verb and the quote (`100` `个`, `一批`).
const COUNT_TAGS: &[&str] = &["m", "mq", "q"];

/// Where the words before the quote start once a count right before it is skipped
/// (`约` `100` `个` | `“…”`); `quote_start` when there is none.
fn before_count(view: &View<'_>, quote_start: usize, classifier: &Classifier) -> usize {
    let mut start = quote_start;
    let mut counted = false;
    let mut before = view
        .tokens
        .iter()
        .rev()
        .filter(|t| t.span.end() <= quote_start && !view.text[t.span].trim().is_empty())
        .peekable();
    while let Some(token) = before.next() {
        let word = &view.text[token.span];
        // A one-char measure word jieba tags as a noun (`10` `项`) right after a numeral.
        let measure = !counted
            && start == quote_start
            && word.chars().count() == 1
            && before.peek().is_some_and(|t| t.pos == "m");
        if measure || COUNT_TAGS.contains(&token.pos) {
            counted = true;
        } else if !(counted && classifier.quoted.count_qualifiers.iter().any(|q| q == word)) {
            break;
        }
        start = token.span.start();
    }
    if counted {
        start
    } else {
        quote_start
    }
}

/// True when a policy verb ends right before the quote (`实施“…”`, `实行了“…”`), or
/// before a count right before it (`发布约100个“…”`).
fn cue_before(view: &View<'_>, quote_start: usize, classifier: &Classifier) -> bool {
    let quote_start = before_count(view, quote_start, classifier);
    let before = view.text[view.span.start()..quote_start].trim_end();
    let before = before.strip_suffix('了').unwrap_or(before);
    classifier.quoted.verbs_before.iter().any(|verb| {
        before.ends_with(verb.as_str())
            && view.is_word_start(before.len() - verb.len() + view.span.start())
    })
}

/// True when a policy noun follows the quote (`“…”试点`), or follows `的` and at most
/// one modifier word (`“…”的税收优惠`).
fn cue_after(view: &View<'_>, quote_end: usize, classifier: &Classifier) -> bool {
    let noun_at = |at: usize| {
        let after = &view.text[at..view.span.end()];
        classifier
            .quoted
            .nouns_after
            .iter()
            .any(|noun| after.starts_with(noun.as_str()) && view.is_word_end(at + noun.len()))
    };
    if !view.text[quote_end..view.span.end()].starts_with('的') {
        return noun_at(quote_end);
    }
    let at = quote_end + '的'.len_utf8();
    noun_at(at)
        || view
            .token_starting_at(at)
            .is_some_and(|token| token.pos.starts_with('n') && noun_at(token.span.end()))
}

#[cfg(test)]
mod tests {
    use super::super::tests::extract;

    #[test]
    fn quoted_name_plus_head_noun() {
        let found = extract("2022 年 11 月，深圳正式推出“工业上楼”计划。");
        assert_eq!(
            found,
            [(
                "工业上楼计划".to_string(),
                "plan",
                "policy_quoted_programme"
            )]
        );
    }

    #[test]
    fn quoted_name_ending_like_a_policy() {
        let found = extract("2017年推出的科技创新“十大行动计划”涵盖多个领域。");
        assert_eq!(
            found,
            [(
                "十大行动计划".to_string(),
                "plan",
                "policy_quoted_programme"
            )]
        );
    }

    #[test]
    fn article_count_with_its_topic() {
        let found = extract("深圳实施培育壮大市场主体“30条”，培育企业。");
        assert_eq!(
            found,
            [(
                "培育壮大市场主体30条".to_string(),
                "measures",
                "policy_quoted_articles"
            )]
        );
    }

    #[test]
    fn slogans_with_a_policy_cue() {
        let found = extract("凭借“三免两减半”的税收优惠，深圳吸引外资；深圳实施“链长制”。");
        let names: Vec<_> = found
            .iter()
            .map(|(title, kind, _)| (title.as_str(), *kind))
            .collect();
        assert_eq!(
            names,
            [("三免两减半", "initiative"), ("链长制", "initiative")]
        );
    }

    #[test]
    fn a_count_may_stand_between_the_verb_and_the_slogan() {
        let found = extract("每年推出约20项“揭榜攻关”重点任务。");
        assert_eq!(
            found,
            [("揭榜攻关".to_string(), "initiative", "policy_quoted_cue")]
        );
    }

    #[test]
    fn a_quoted_date_is_no_policy() {
        let found = extract("印发《深圳市“十五五”规划》。“十五五”时期，实施“十五五”。");
        let rules: Vec<_> = found
            .iter()
            .map(|(title, _, rule)| (title.as_str(), *rule))
            .collect();
        assert_eq!(rules, [("深圳市“十五五”规划", "policy_title")]);
    }

    #[test]
    fn quotes_without_a_cue_and_speech_are_not_policies() {
        let text = "产业以“试错型”产业政策起步，他说：“深圳将持续做大做强产业集群，强化企业科技创新主体地位。”";
        assert!(extract(text).is_empty(), "{:?}", extract(text));
    }
}
