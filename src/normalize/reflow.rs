//! Re-flow planning: which line breaks of the decoded text are paragraph breaks and which
//! are hard wraps to join, and which lines are page artifacts.
//!
//! PDF extraction wraps lines at a fixed width, mid-sentence and mid-number, and some
//! extractions put a blank line after every line (seed 000). A break is joined when the
//! line before it is *full* (close to the document's wrap width), does not end a sentence
//! and neither side is a heading or an artifact; a line ending with a comma continues even
//! when it is short. Everything else is a paragraph break. The plan is made on decoded text
//! (before script conversion), so it recognizes both Simplified and Traditional markers.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// What the normalizing pass needs to know about the lines of a document.
#[derive(Clone, Debug, Default)]
pub struct ReflowPlan {
    /// Decoded offsets of the line breaks (`\n`, `\r` or the `\r` of `\r\n`) that end a
    /// paragraph, sorted.
    pub paragraph_breaks: Vec<usize>,
    /// Decoded ranges of page-artifact lines (trimmed), sorted.
    pub artifacts: Vec<Range<usize>>,
}

/// One line of the decoded text.
#[derive(Debug)]
struct Line<'a> {
    /// Content without surrounding whitespace.
    trimmed: &'a str,
    /// Decoded range of `trimmed`.
    range: Range<usize>,
    /// Decoded offset of the break that ends the line, if any.
    break_at: Option<usize>,
    /// Display width (CJK counts 2).
    width: usize,
    artifact: bool,
    heading: bool,
}

/// Chars that end a sentence or a paragraph when they end a line.
const LINE_ENDERS: &[char] = &['。', '！', '？', '；', '!', '?', ';', '…', '：', ':'];
/// Closing quotes and brackets that may follow the ender.
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '】', '》', '"'];
/// Headings and titles are at most this many chars; longer lines are prose.
const LONGEST_HEADING_CHARS: usize = 40;
/// Chars no sentence or paragraph starts with.
const NEVER_STARTS: &[char] = &['，', '。', '、', '；', '：', '）', '％', '%', '！', '？'];
/// Chars after which a line always continues.
const CONTINUERS: &[char] = &['，', '、', ',', '（', '(', '“', '《', '—'];

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-—–－·\s]*(?:第\s*)?\d{1,4}\s*(?:页|頁)?[-—–－·\s]*|\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s*\d{1,4})$")
        .expect("literal regex")
});
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:图|圖|表|(?i:figure|fig\.|table))\s*[0-9一二三四五六七八九十]+(?:[.\-－—][0-9]+)?(?:[\s:：　]|$)")
        .expect("literal regex")
});
static SOURCE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:资料来源|資料來源|数据来源|數據來源|来源|來源|注|註|注释|註釋)\s*[:：]")
        .expect("literal regex")
});
/// Footnote lines (`* 课题组成员为…`, `① 数据来自…`, `[3] 参见…`) and short titles carrying a
/// footnote mark (`…的深圳实践*`), which two-column PDFs drop into the middle of a page.
static FOOTNOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[*※]\s*\S|[①-⑳]\s*\S|\[\d{1,3}\]\s*\S)|^.{1,40}[*※]$").expect("literal regex")
});
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:第[一二三四五六七八九十百零〇0-9]+[章节節部篇条條]",
        r"|[一二三四五六七八九十]+[、.．]",
        r"|[（(][一二三四五六七八九十0-9]+[）)]",
        r"|[0-9]+(?:\.[0-9]+)*[.、．]\s*[^\d\s]",
        r"|[0-9]+(?:\.[0-9]+)+\s+\S",
        r"|[【\[][^】\]]{1,12}[】\]]\s*$)"
    ))
    .expect("literal regex")
});

/// Plans the re-flow of decoded `text`.
#[must_use]
pub fn plan(text: &str) -> ReflowPlan {
    let mut lines = split_lines(text);
    mark_running_heads(&mut lines);
    let wrap_width = wrap_width(&lines);
    let mut plan = ReflowPlan {
        artifacts: lines
            .iter()
            .filter(|line| line.artifact)
            .map(|line| line.range.clone())
            .collect(),
        ..ReflowPlan::default()
    };
    let content: Vec<&Line> = lines
        .iter()
        .filter(|line| !line.trimmed.is_empty())
        .collect();
    for pair in content.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if let Some(at) = before.break_at {
            if !joins(before, after, wrap_width) {
                plan.paragraph_breaks.push(at);
            }
        }
    }
    plan
}

/// True when the break after `before` is a hard wrap inside a paragraph.
///
/// A heading that fills the whole line width is a wrapped heading and continues too.
fn joins(before: &Line, after: &Line, wrap_width: Option<usize>) -> bool {
    if before.artifact || after.artifact || after.heading {
        return false;
    }
    let last = before.trimmed.trim_end_matches(CLOSERS).chars().last();
    if last.is_some_and(|ch| LINE_ENDERS.contains(&ch)) {
        return false;
    }
    let full = wrap_width.is_some_and(|width| before.width * 5 >= width * 4);
    // A long line that does not end a sentence cannot be a title or heading: extraction
    // broke a paragraph (seen as `…推出“工业上楼”计` / blank / `划，…`).
    let long = before.trimmed.chars().count() > LONGEST_HEADING_CHARS;
    full || (long && !before.heading)
        || (!before.heading && before.trimmed.ends_with(CONTINUERS))
        || splits_a_number(before, after)
}

/// A line ending inside a number (`超过 2.3`) whose next line goes on with its unit
/// (`万家，…`), or a next line that starts with punctuation no sentence starts with.
fn splits_a_number(before: &Line, after: &Line) -> bool {
    let mut tail = before.trimmed.chars().rev();
    let last = tail.next().unwrap_or(' ');
    let multiplier_after_digit = matches!(last, '万' | '亿' | '千' | '百')
        && tail.next().is_some_and(|ch| ch.is_ascii_digit());
    let ends_in_number = last.is_ascii_digit() || last == '.' || multiplier_after_digit;
    let next = after.trimmed.chars().next().unwrap_or(' ');
    let continues = (next as u32) >= 0x2E80 && !after.heading;
    (ends_in_number && continues) || NEVER_STARTS.contains(&next)
}

/// The document's hard-wrap width, if its lines look hard-wrapped: at least three content
/// lines and 40% of them within 15% of the 90th-percentile width.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|line| !line.trimmed.is_empty() && !line.artifact)
        .map(|line| line.width)
        .collect();
    if widths.len() < 3 {
        return None;
    }
    widths.sort_unstable();
    let p90 = widths[widths.len() * 9 / 10];
    let near = widths
        .iter()
        .filter(|&&width| width * 100 >= p90 * 85)
        .count();
    (p90 >= 20 && near * 10 >= widths.len() * 4).then_some(p90)
}

/// Splits at `\n`, `\r\n` and `\r`, classifying each line.
fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while at <= bytes.len() {
        let (is_break, break_len) = match bytes.get(at) {
            Some(b'\n') => (true, 1),
            Some(b'\r') => (
                true,
                if bytes.get(at + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                },
            ),
            Some(_) => (false, 0),
            None => (true, 0),
        };
        if is_break {
            let break_at = (break_len > 0).then_some(at);
            lines.push(classify(text, start..at, break_at));
            start = at + break_len;
            at = start;
            if break_len == 0 {
                break;
            }
        } else {
            at += 1;
        }
    }
    lines
}

fn classify(text: &str, range: Range<usize>, break_at: Option<usize>) -> Line<'_> {
    let raw = &text[range.clone()];
    let trimmed = raw.trim_matches(is_line_space);
    let offset = range.start + (raw.len() - raw.trim_start_matches(is_line_space).len());
    let chars = trimmed.chars().count();
    let ends_sentence = trimmed
        .trim_end_matches(CLOSERS)
        .chars()
        .last()
        .is_some_and(|ch| LINE_ENDERS.contains(&ch));
    let artifact = !trimmed.is_empty()
        && (PAGE_NUMBER.is_match(trimmed)
            || SOURCE_NOTE.is_match(trimmed)
            || FOOTNOTE.is_match(trimmed)
            || (CAPTION.is_match(trimmed) && chars <= 60 && !ends_sentence));
    Line {
        trimmed,
        range: offset..offset + trimmed.len(),
        break_at,
        width: trimmed.chars().map(display_width).sum(),
        artifact,
        heading: !artifact
            && chars <= LONGEST_HEADING_CHARS
            && !ends_sentence
            && HEADING.is_match(trimmed),
    }
}

/// Lines of at most 40 chars that repeat at least 3 times (digits ignored) are running
/// heads or footers; except the document's first line, the title the running head repeats.
fn mark_running_heads(lines: &mut [Line]) {
    let key = |line: &Line| -> String {
        line.trimmed
            .chars()
            .filter(|ch| !ch.is_ascii_digit() && !ch.is_whitespace())
            .collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for line in lines.iter().filter(|line| short_content(line)) {
        *counts.entry(key(line)).or_default() += 1;
    }
    let title = lines.iter().position(|line| !line.trimmed.is_empty());
    for (_, line) in (lines.iter_mut().enumerate())
        .filter(|(at, line)| Some(*at) != title && short_content(line))
    {
        let repeated = counts.get(&key(line)).is_some_and(|&count| count >= 3);
        if repeated && !key(line).is_empty() {
            line.artifact = true;
            line.heading = false;
        }
    }
}

fn short_content(line: &Line) -> bool {
    !line.trimmed.is_empty() && line.trimmed.chars().count() <= 40
}

/// Whitespace inside a line (not the line breaks).
#[must_use]
pub fn is_line_space(ch: char) -> bool {
    ch != '\n' && ch != '\r' && (ch.is_whitespace() || ch == '\u{FEFF}')
}

/// Display width: East Asian wide chars count 2.
fn display_width(ch: char) -> usize {
    if (ch as u32) >= 0x2E80 {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(lines: &[&str], separator: &str) -> String {
        lines.join(separator)
    }

    #[test]
    fn joins_full_lines_across_blank_lines_and_stops_at_sentence_ends() {
        let text = wrapped(
            &[
                "改革开放之初，深圳作为改革开放前沿阵地，利用先行先试的政策优",
                "势，将丰富的劳动力及土地要素与世界产业转移浪潮结合，找到了启",
                "动工业化进程的机制。",
                "一、引言",
                "大部分后发地区在起步阶段都面临资本和技术短缺的约束，需要通过",
                "政策创新来弥补。",
            ],
            "\n\n",
        );
        let plan = plan(&text);
        let breaks: Vec<&str> = plan
            .paragraph_breaks
            .iter()
            .map(|&at| text[..at].lines().last().unwrap_or_default())
            .collect();
        assert_eq!(breaks, ["动工业化进程的机制。", "一、引言"]);
    }

    #[test]
    fn unwrapped_documents_keep_every_line() {
        let text = "深圳式创新\n中国新闻周刊作者\n在深圳，想要读懂这座城市，两条路就够了。";
        assert_eq!(plan(text).paragraph_breaks.len(), 2);
    }

    #[test]
    fn marks_page_numbers_captions_sources_and_running_heads() {
        let text = "正文第一段。\n- 12 -\n图1 深圳GDP增长\n资料来源：深圳统计局\n深圳研究\n正文。\n深圳研究\n正文。\n深圳研究\n* 课题组成员为张三。\n深圳实践*\n";
        let plan = plan(text);
        let artifacts: Vec<&str> = plan.artifacts.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            artifacts,
            [
                "- 12 -",
                "图1 深圳GDP增长",
                "资料来源：深圳统计局",
                "深圳研究",
                "深圳研究",
                "深圳研究",
                "* 课题组成员为张三。",
                "深圳实践*"
            ]
        );
    }

    #[test]
    fn a_title_repeated_as_running_head_stays_text_on_top() {
        let text = "某市2020年统计公报\n正文一。\n某市2020年统计公报\n正文二。\n某市2020年统计公报\n正文三。\n";
        let plan = plan(text);
        let artifacts: Vec<&str> = plan.artifacts.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(artifacts, ["某市2020年统计公报", "某市2020年统计公报"]);
        assert!(plan.artifacts[0].start > 0, "the first line is the title");
    }

    #[test]
    fn a_decimal_at_line_start_is_not_a_list_heading() {
        let heading = |line: &str| classify(line, 0..line.len(), None).heading;
        assert!(!heading("1.26亿元，同比增长"));
        assert!(heading("1.优化产业结构"));
        assert!(heading("2. 推进经济发展"));
    }

    #[test]
    fn a_number_broken_before_its_unit_continues() {
        let text = "实际使用外资58.3亿\n美元，占全市的40.1%。\n港资企业超过1.2\n万家。";
        assert_eq!(
            plan(text).paragraph_breaks.len(),
            1,
            "only after the sentence end"
        );
    }

    #[test]
    fn crlf_and_cr_are_breaks() {
        let lines = split_lines("a\r\nb\rc\n");
        let trimmed: Vec<&str> = lines.iter().map(|line| line.trimmed).collect();
        assert_eq!(trimmed, ["a", "b", "c", ""]);
        assert_eq!(lines[0].break_at, Some(1));
    }
}
