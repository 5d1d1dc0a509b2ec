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
use crate::segment::Segmented;
use crate::span::Span;

/// A 《》 title without nested marks; it may wrap across lines (`《金融体系` /
/// `法律制度》`), see [`MAX_TITLE_LINE_BREAKS`].
#[expect(
    clippy::expect_used,
    reason = "a literal pattern, checked by every test"
)]
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^《》]{1,200})》").expect("valid title pattern"));

/// Most line breaks inside one title (a long title wrapped over three lines); a blank
/// line (a paragraph break) never sits inside a title.
const MAX_TITLE_LINE_BREAKS: usize = 2;

/// True when `inner` may be one title: few line breaks, none of them a blank line.
fn wraps_plausibly(inner: &str) -> bool {
    let breaks = inner.matches('\n').count();
    breaks <= MAX_TITLE_LINE_BREAKS && inner.split('\n').all(|line| !line.trim().is_empty())
}

/// Policy titles in a whole document.
pub(super) fn find(segmented: &Segmented, classifier: &Classifier) -> Vec<Candidate> {
    let doc = &segmented.doc;
    TITLE
        .captures_iter(&doc.text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            let inner = captures
                .get(1)
                .filter(|inner| wraps_plausibly(inner.as_str()))?;
            let typed = strip_trailing_brackets(inner.as_str());
            let noun = last_noun_start(segmented, inner.start(), inner.start() + typed.len());
            let policy_type = classifier.title_type(typed, noun)?;
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

/// jieba's tag of a common noun (laws are dictionary nouns: `公司法`, `预算法`).
const NOUN_TAG: &str = "n";

/// Where, relative to `start`, the jieba word ending at `end` starts, when it is a
/// common noun that starts at or after `start`.
fn last_noun_start(doc: &Segmented, start: usize, end: usize) -> Option<usize> {
    let sentence = &doc.sentences[doc.sentence_at(end.checked_sub(1)?)?];
    let index = sentence
        .tokens
        .binary_search_by_key(&end, |token| token.span.end())
        .ok()?;
    let token = &sentence.tokens[index];
    (token.pos == NOUN_TAG && token.span.start() >= start).then(|| token.span.start() - start)
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
    fn a_law_whose_noun_holds_a_non_law_word_is_a_law() {
        let found =
            extract("企业遵守《公司法》《预算法》，收藏《孙子兵法》《中国书法》《论司法》《计算方法》《英语语法》。");
        let titles: Vec<(&str, &str)> = found.iter().map(|(t, p, _)| (t.as_str(), *p)).collect();
        assert_eq!(titles, [("公司法", "law"), ("预算法", "law")]);
    }

    #[test]
    fn a_title_wrapped_across_lines_is_one_title() {
        let found =
            extract("依照《银行业务\n法律制度》及《民法典》监管，另见《某甲\n某乙》\n《某丙》。");
        let titles: Vec<(&str, &str)> = found.iter().map(|(t, p, _)| (t.as_str(), *p)).collect();
        assert_eq!(titles, [("银行业务法律制度", "law"), ("民法典", "law")]);
        let found = extract("印发《关于进一步\n加强科技创新\n的若干措施》。");
        assert_eq!(found[0].0, "关于进一步加强科技创新的若干措施");
        assert!(extract("见《关于进一步\n\n加强管理的通知》。").is_empty());
        assert!(extract("见《一\n二\n三\n四的通知》。").is_empty());
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
