//! Finds date candidates in one sentence: runs every pattern, keeps the matches whose
//! edges are clean (no digit or numeral glued on, words on jieba word boundaries) and
//! that parse, then picks the leftmost-longest ones that do not overlap.

use super::lexicon::Lexicon;
use super::parse::{parse, DocumentCues, Expr, Surroundings};
use super::patterns::{Pattern, Patterns};
use crate::extract::numbers::CHINESE_NUMERAL_CHARS;
use crate::segment::Token;

/// A date found in a sentence, before resolution; offsets are sentence-relative bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Candidate {
    /// Start byte in the sentence.
    pub start: usize,
    /// End byte (exclusive) in the sentence.
    pub end: usize,
    /// The rule that matched.
    pub rule: &'static str,
    /// What it says.
    pub expr: Expr,
    /// Index of the pattern in the table (breaks ties).
    priority: usize,
}

/// Word boundaries of a sentence, as sentence-relative byte offsets.
#[derive(Debug, Default)]
pub(super) struct WordBoundaries {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl WordBoundaries {
    /// The boundaries of `tokens` (absolute spans) in a sentence starting at `offset`.
    pub fn new(tokens: &[Token], offset: usize) -> Self {
        let relative = |at: usize| at.saturating_sub(offset);
        Self {
            starts: tokens
                .iter()
                .map(|token| relative(token.span.start()))
                .collect(),
            ends: tokens
                .iter()
                .map(|token| relative(token.span.end()))
                .collect(),
        }
    }

    /// True when a word starts at `at` (always true without tokens).
    fn starts_at(&self, at: usize) -> bool {
        self.starts.is_empty() || self.starts.binary_search(&at).is_ok()
    }

    /// True when a word ends at `at` (always true without tokens).
    fn ends_at(&self, at: usize) -> bool {
        self.ends.is_empty() || self.ends.binary_search(&at).is_ok()
    }
}

/// Every non-overlapping date candidate of `sentence`, in text order.
pub(super) fn candidates(
    sentence: &str,
    words: &WordBoundaries,
    patterns: &Patterns,
    lexicon: &Lexicon,
    cues: DocumentCues,
) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (priority, pattern) in patterns.matching(sentence) {
        let mut at = 0;
        while let Some(caps) = pattern.regex.captures_at(sentence, at) {
            let Some(whole) = caps.get(0) else { break };
            let (start, end) = (whole.start(), whole.end());
            let around = Surroundings {
                before: &sentence[..start],
                after: &sentence[end..],
            };
            let accepted = clean_edges(sentence, start, end)
                && on_word_boundaries(pattern, sentence, start, end, words, lexicon)
                && !whole.as_str().is_empty();
            let expr = accepted
                .then(|| parse(pattern.spec.shape, &caps, around, lexicon, cues))
                .flatten();
            match expr {
                Some(expr) => {
                    found.push(Candidate {
                        start,
                        end,
                        rule: pattern.spec.rule,
                        expr,
                        priority,
                    });
                    at = end;
                }
                None => at = next_char(sentence, start),
            }
            if at >= sentence.len() {
                break;
            }
        }
    }
    select(found)
}

/// Leftmost-longest, then table order; overlapping candidates are dropped.
fn select(mut found: Vec<Candidate>) -> Vec<Candidate> {
    found.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.priority));
    let mut kept: Vec<Candidate> = Vec::with_capacity(found.len());
    for candidate in found {
        if kept.last().is_none_or(|last| last.end <= candidate.start) {
            kept.push(candidate);
        }
    }
    kept
}

/// The byte after the char at `at`.
fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

/// True when `ch` can be part of a Chinese numeral.
fn is_numeral(ch: char) -> bool {
    CHINESE_NUMERAL_CHARS.contains(ch) || ch == '○'
}

/// No digit glued to an Arabic end (`12019年`, `2025.8.25.1`), no numeral glued to a
/// Chinese-numeral end (`二十五` holds no `十五`), no unit after a trailing numeral.
fn clean_edges(sentence: &str, start: usize, end: usize) -> bool {
    let matched = &sentence[start..end];
    let (Some(first), Some(last)) = (matched.chars().next(), matched.chars().next_back()) else {
        return false;
    };
    let before = sentence[..start].chars().next_back();
    let mut rest = sentence[end..].chars();
    let after = rest.next();
    if first.is_ascii_digit() && before.is_some_and(|ch| ch.is_ascii_alphanumeric()) {
        return false;
    }
    if is_numeral(first) && before.is_some_and(is_numeral) {
        return false;
    }
    if last.is_ascii_digit() {
        let decimal = after == Some('.') && rest.next().is_some_and(|ch| ch.is_ascii_digit());
        return !decimal && !after.is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '%');
    }
    if is_numeral(last) {
        return !after.is_some_and(|ch| is_numeral(ch) || "年月日号个万亿元%点倍岁周".contains(ch));
    }
    true
}

/// Word checks: a match that starts with a word (not a number) starts on a jieba word
/// boundary (`百年初心` holds no `年初`); word patterns and matches ending in `初/底/末/旬`
/// also end on one (`以上年均` holds no `上年`, `3月初步` no `3月初`). A bare `年底` after
/// a blocked char (`每年年底`) is refused.
fn on_word_boundaries(
    pattern: &Pattern,
    sentence: &str,
    start: usize,
    end: usize,
    words: &WordBoundaries,
    lexicon: &Lexicon,
) -> bool {
    let matched = &sentence[start..end];
    let Some(first) = matched.chars().next() else {
        return false;
    };
    let starts_with_word = !(first.is_ascii_digit() || is_numeral(first) || first == '第');
    if starts_with_word && !words.starts_at(start) {
        return false;
    }
    // A match ending in its word (`上年`; not `本月15日` or `近五年`) must end a word.
    let pure_word = pattern.spec.word_like
        && pattern.spec.rule != "date_recent_years"
        && !matched.ends_with(['日', '号']);
    let ends_ok = words.ends_at(end) || before_part_word(pattern, sentence, end, words, lexicon);
    if (pure_word || matched.ends_with(['初', '底', '末', '旬'])) && !ends_ok {
        return false;
    }
    if first == '年' {
        let before = &sentence[..start];
        let blocked = &lexicon.part_of_year_blocked_before;
        return !blocked.iter().any(|word| before.ends_with(word.as_str()));
    }
    true
}

/// True when a relative month ends right before a part word (`初`, `底`, `末`) that ends
/// a jieba word (`上` `月底`): the month is the date and the part word stays outside the
/// span (`截至上月底` gives `上月`, the gold's convention).
fn before_part_word(
    pattern: &Pattern,
    sentence: &str,
    end: usize,
    words: &WordBoundaries,
    lexicon: &Lexicon,
) -> bool {
    if pattern.spec.rule != "date_relative_month" {
        return false;
    }
    let Some(part) = sentence[end..].chars().next() else {
        return false;
    };
    let mut buffer = [0_u8; 4];
    lexicon
        .part_of_year
        .contains_key(part.encode_utf8(&mut buffer) as &str)
        && words.ends_at(end + part.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_reject_glued_digits_and_numerals() {
        assert!(clean_edges("在2019年", 3, 10));
        assert!(!clean_edges("12019年", 1, 8));
        assert!(!clean_edges("二十五", 3, 9));
        assert!(!clean_edges("2025.8.25.1", 0, 9));
        assert!(clean_edges("2025.8.25。", 0, 9));
    }

    #[test]
    fn selection_is_leftmost_longest() {
        let expr = Expr::RelativeMonth {
            offset: 0,
            day: None,
        };
        let candidate = |start, end, priority| Candidate {
            start,
            end,
            rule: "r",
            expr,
            priority,
        };
        let kept = select(vec![
            candidate(0, 6, 1),
            candidate(0, 18, 5),
            candidate(6, 18, 0),
        ]);
        assert_eq!(kept, vec![candidate(0, 18, 5)]);
    }
}
