//! Page-artifact sentences that are still content: normalize marks captions (`图2 …`,
//! `表1 …`) and numbered footnotes (`① …`) as page artifacts, yet their text is content
//! moved out of the running text, so the dates and indicators extractors read them (page
//! numbers and running heads they skip). One test for both, so they agree.

/// The circled numbers opening a numbered footnote (`①` to `⑳`).
const FOOTNOTE_MARKS: std::ops::RangeInclusive<char> = '\u{2460}'..='\u{2473}';

/// True for a caption (one of `caption_labels` — the dates table's `caption_labels` —
/// then its number: `图2 …`, `表三 …`) or a numbered footnote (`① …`), after leading
/// white space.
pub(crate) fn is_displaced_content(caption_labels: &[String], text: &str) -> bool {
    let text = text.trim_start_matches([' ', '\u{3000}', '\t']);
    if text.starts_with(|ch| FOOTNOTE_MARKS.contains(&ch)) {
        return true;
    }
    caption_labels.iter().any(|label| {
        text.strip_prefix(label.as_str())
            .map(|rest| rest.trim_start_matches([' ', '\u{3000}']))
            .and_then(|rest| rest.chars().next())
            .is_some_and(|ch| ch.is_ascii_digit() || "一二三四五六七八九十".contains(ch))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_and_numbered_footnotes_are_content_page_furniture_is_not() {
        let labels = ["图".to_string(), "表".to_string()];
        for text in [
            "图2 2018年产值",
            "表三 主要指标",
            "③数据截至2020年",
            "　① 其中出口3亿元",
            "图 4 出口结构",
        ] {
            assert!(is_displaced_content(&labels, text), "{text}");
        }
        for text in ["图书馆2019年", "- 12 -", "第3页 共28页", "表明增长"] {
            assert!(!is_displaced_content(&labels, text), "{text}");
        }
    }
}
