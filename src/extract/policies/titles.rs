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

use super::{clean_title, Candidate, Classifier, RULE_TITLE};
use crate::span::Span;

/// A 《》 title on one line, without nested marks.
#[expect(
    clippy::expect_used,
    reason = "a literal pattern, checked by every test"
)]
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^《》\n]{1,200})》").expect("valid title pattern"));

/// Policy titles in `text` (a whole document).
pub(super) fn find(text: &str, classifier: &Classifier) -> Vec<Candidate> {
    TITLE
        .captures_iter(text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            let inner = captures.get(1)?.as_str();
            let policy_type = classifier.title_type(strip_trailing_brackets(inner))?;
            let span = Span::new(whole.start(), whole.end());
            Some(Candidate::new(
                span,
                RULE_TITLE,
                clean_title(inner),
                policy_type,
            ))
        })
        .collect()
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
    fn media_books_reports_and_rankings_are_not_policies() {
        let text = "《中国新闻周刊》报道了电影《亲爱的》、《2019胡润全球独角兽榜》、《全球城市产业创新指数报告》和《孙子兵法》。";
        assert!(extract(text).is_empty(), "{:?}", extract(text));
    }
}
