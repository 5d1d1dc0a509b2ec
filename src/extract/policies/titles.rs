//! Rule `policy_title`: a 《》 title whose ending names a policy instrument, e.g.
//! `《粤港澳大湾区发展规划纲要》` (plan), `《中外合资经营企业法》` (law),
//! `《关于加大营商环境改革力度的若干措施》` (measures). Titles with any other ending are
//! newspapers, magazines, films, books, reports or rankings (`《中国新闻周刊》`,
//! `《亲爱的》`, `《2019胡润全球独角兽榜》`, `《…报告》`) and give nothing.
//!
//! The ending is read after trailing brackets are cut off (`《…办法（试行）》`,
//! `《…规划（2021-2025年）》`); the title keeps them.

use std::sync::LazyLock;

use regex::Regex;

use super::{clean_title, is_han, Candidate, Classifier, RULE_TITLE};
use crate::normalize::NormalizedDoc;
use crate::span::Span;

/// A 《》 title on one line, without nested marks.
#[expect(
    clippy::expect_used,
    reason = "a literal pattern, checked by every test"
)]
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^《》\n]{1,200})》").expect("valid title pattern"));

/// Policy titles in a whole document.
pub(super) fn find(doc: &NormalizedDoc, classifier: &Classifier) -> Vec<Candidate> {
    TITLE
        .captures_iter(&doc.text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            let inner = captures.get(1)?;
            let policy_type = classifier.title_type(strip_trailing_brackets(inner.as_str()))?;
            let span = Span::new(whole.start(), whole.end());
            let title = with_inline_spaces(doc, Span::new(inner.start(), inner.end()));
            Some(Candidate::new(
                span,
                RULE_TITLE,
                clean_title(&title),
                policy_type,
            ))
        })
        .collect()
}

/// The normalized text of `span` with a space put back between two Han chars that a
/// space separated on one line of the original (`中共中央 国务院关于…`): re-flow drops
/// such spaces, but inside a title it is the separator of two issuers. A line break
/// between them (a wrapped line) gives no space.
fn with_inline_spaces(doc: &NormalizedDoc, span: Span) -> String {
    let text = &doc.text[span];
    let mut out = String::with_capacity(text.len());
    let mut last: Option<(char, crate::span::SourceSpan)> = None;
    for (offset, ch) in text.char_indices() {
        let at = span.start() + offset;
        let source = doc.map.to_source(Span::new(at, at + ch.len_utf8()));
        if let Some((before, previous)) = last {
            let gap = previous.byte_end < source.byte_start;
            let one_line = previous.line_end == source.line_start;
            if gap && one_line && is_han(before) && is_han(ch) {
                out.push(' ');
            }
        }
        out.push(ch);
        last = Some((ch, source));
    }
    out
}

/// `inner` without trailing bracketed parts and white space (`…办法（试行）` → `…办法`).
fn strip_trailing_brackets(inner: &str) -> &str {
    let mut rest = inner.trim_end();
    while rest.ends_with([')', '）']) {
        match rest.rfind(['(', '（']) {
            Some(at) if at > 0 => rest = rest[..at].trim_end(),
            _ => break,
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::super::tests::extract;
    use super::*;

    #[test]
    fn policy_titles_are_typed_by_their_ending() {
        let found = extract("深圳先后发布《关于发展壮大战略性新兴产业集群和培育发展未来产业的意见》和《深圳市科技创新条例》。");
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].0.as_str(), found[0].1),
            (
                "关于发展壮大战略性新兴产业集群和培育发展未来产业的意见",
                "opinion"
            )
        );
        assert_eq!(
            (found[1].0.as_str(), found[1].1),
            ("深圳市科技创新条例", "regulation")
        );
    }

    #[test]
    fn trailing_brackets_are_cut_before_typing_but_kept_in_the_title() {
        let found = extract("印发《深圳市促进科技创新若干办法（试行）》。");
        assert_eq!(found[0].0, "深圳市促进科技创新若干办法（试行）");
        assert_eq!(found[0].1, "regulation");
        assert_eq!(strip_trailing_brackets("规划（2021-2025年）(草案)"), "规划");
    }

    #[test]
    fn a_space_between_two_issuers_stays_in_the_title() {
        let found = extract("根据《中共中央 国务院关于推进某项改革的意见》和《某市科技 条例》。");
        assert_eq!(found[0].0, "中共中央 国务院关于推进某项改革的意见");
        assert_eq!(found[1].0, "某市科技 条例");
        assert_eq!(
            super::super::clean_title("关于30 条的\n 通知"),
            "关于30条的通知"
        );
    }

    #[test]
    fn an_inline_space_between_issuers_survives_reflow() {
        use crate::ingest::decode::decode;
        use crate::ingest::line_index;
        use crate::normalize::opencc::{OpenccConfig, OpenccConverter};
        let original = "贯彻《中共中央 国务院关于某项改革的意见》和《某市科技创新条例》。";
        let decoded = decode(original.as_bytes()).unwrap();
        let lines = line_index(&decoded);
        let converter = OpenccConverter::new(OpenccConfig::T2s);
        let doc = crate::normalize::normalize(&decoded, lines, original.len(), &converter);
        assert!(!doc.text.contains(' '), "{}", doc.text);
        let found = super::super::tests::extract_doc(doc);
        assert_eq!(found[0].0, "中共中央 国务院关于某项改革的意见");
        assert_eq!(found[1].0, "某市科技创新条例");
    }

    #[test]
    fn strategies_are_plans() {
        let found = extract("配合《南部新城发展策略》推展。");
        assert_eq!(found[0].1, "plan");
    }

    #[test]
    fn media_books_reports_and_rankings_are_not_policies() {
        let text = "《中国新闻周刊》报道了电影《亲爱的》、《2019胡润全球独角兽榜》、《全球城市产业创新指数报告》和《孙子兵法》。";
        assert!(extract(text).is_empty(), "{:?}", extract(text));
    }
}
