//! Rule `policy_document`: a numbered document, either by its issuing code
//! (`深府〔2019〕12号`, `国发〔2015〕40号`) or as `N号文件` (`18号文件`).
//!
//! The issuing code is the words right before the year bracket (at most
//! [`MAX_CODE_CHARS`] chars, no verbs or function words): `印发了深府〔2019〕12号` gives
//! `深府〔2019〕12号`.

use std::sync::LazyLock;

use regex::Regex;

use super::{clean_title, Candidate, View, RULE_DOCUMENT};
use crate::extract::numbers::CHINESE_NUMERAL_CHARS;
use crate::extract::PolicyType;
use crate::span::Span;

/// Year bracket and serial number of a document code: `〔2019〕12号`.
#[expect(
    clippy::expect_used,
    reason = "a literal pattern, checked by every test"
)]
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[〔\[【（(](?:19|20)\d{2}[〕\]】）)]\s*\d{1,4}\s*号").expect("valid code pattern")
});

/// `18号文件`, `十八号文`.
#[expect(
    clippy::expect_used,
    reason = "a literal pattern, checked by every test"
)]
static NUMBERED_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:\d{{1,4}}|[{CHINESE_NUMERAL_CHARS}]{{1,4}})\s*号\s*文件"
    ))
    .expect("valid file pattern")
});

/// Longest issuing code before the year bracket, in chars.
const MAX_CODE_CHARS: usize = 6;

/// jieba tags that belong to no issuing code.
const NOT_CODE_TAGS: &[&str] = &["c", "d", "m", "p", "r", "u", "uj", "ul", "v", "vn", "x"];

/// Numbered documents of one sentence.
pub(super) fn find(view: &View<'_>, stops: &[String]) -> Vec<Candidate> {
    let base = view.span.start();
    let sentence = &view.text[view.span];
    let mut found: Vec<Candidate> = Vec::new();
    for hit in CODE.find_iter(sentence) {
        let start = code_start(view, base + hit.start(), stops);
        if start < base + hit.start() {
            found.push(document(view, Span::new(start, base + hit.end())));
        }
    }
    for hit in NUMBERED_FILE.find_iter(sentence) {
        let span = Span::new(base + hit.start(), base + hit.end());
        if found.iter().all(|other| !other.span.overlaps(span)) {
            found.push(document(view, span));
        }
    }
    found
}

/// Where the issuing code before the year bracket at `bracket` starts; `stops` are verbs
/// that end it whatever jieba tags them (`印发`).
fn code_start(view: &View<'_>, bracket: usize, stops: &[String]) -> usize {
    let mut start = bracket;
    let mut length = 0;
    for token in view
        .tokens
        .iter()
        .rev()
        .filter(|token| token.span.end() <= bracket)
    {
        let word = &view.text[token.span];
        length += word.chars().count();
        let han = word
            .chars()
            .all(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch));
        // A lone verb char may be part of a code (`国` `发`), a longer verb may not.
        let lone_verb = word.chars().count() == 1 && token.pos.starts_with('v');
        let code_word = han && (lone_verb || !NOT_CODE_TAGS.contains(&token.pos));
        if !code_word || length > MAX_CODE_CHARS || stops.iter().any(|stop| stop == word) {
            break;
        }
        start = token.span.start();
    }
    start
}

fn document(view: &View<'_>, span: Span) -> Candidate {
    Candidate::new(
        span,
        RULE_DOCUMENT,
        clean_title(&view.text[span]),
        PolicyType::Document,
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::extract;

    #[test]
    fn document_codes_and_numbered_files() {
        let found = extract("市政府印发了深府〔2019〕12号，落实18号文件精神。");
        let titles: Vec<_> = found
            .iter()
            .map(|(title, kind, _)| (title.as_str(), *kind))
            .collect();
        assert_eq!(
            titles,
            [("深府〔2019〕12号", "document"), ("18号文件", "document")]
        );
    }

    #[test]
    fn line_numbers_are_no_documents() {
        assert!(extract("地铁13号线从地下穿过，2019年12号台风来袭。").is_empty());
    }
}
