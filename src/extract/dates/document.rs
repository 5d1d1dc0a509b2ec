//! The document's own date (`documents.doc_date`): a dateline near the top, such as
//! `2024 年 1 月 19 日` on a line of its own or `發于2025.8.25总第1201期`. The pipeline uses
//! it as the reference date of relative expressions unless `--ref-date` overrides it.
//!
//! Rule: among the first [`DATELINE_PARAGRAPHS`] paragraphs, the first full date (year,
//! month and day all written) that either follows a dateline marker (`发于`, `发布时间：`,
//! `日期`; list in `dates.toml`) within [`MARKER_WINDOW_CHARS`] chars, or shares its
//! paragraph with at most [`DATELINE_REST_CHARS`] other chars and no `，`/`。` (so a
//! narrative `2014年6月8日，公司成立` is not a dateline), or that follows a word for
//! "today" (`今日（2024年2月28日）`, list `dateline_today`). Failing that, a year-month
//! that is a paragraph of its own (`2024年1月`) gives the first day of that month.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;

use super::parse::{DocumentCues, Expr, Period, Sub, YearSpec};
use super::scan::{self, Candidate, WordBoundaries};
use super::DateExtractor;
use crate::extract::Granularity;
use crate::rules::dates::DateRules;
use crate::segment::Segmented;
use crate::span::Span;

/// How many paragraphs from the top may hold the dateline.
pub const DATELINE_PARAGRAPHS: u32 = 10;
/// How far before a date a dateline marker may stand.
pub const MARKER_WINDOW_CHARS: usize = 8;
/// How many other chars a dateline paragraph may hold.
pub const DATELINE_REST_CHARS: usize = 20;

/// The document's own date, read with the embedded rules (see the module docs for the
/// rule). `None` when the top of the document states no date.
#[must_use]
pub fn find_document_date(doc: &Segmented) -> Option<NaiveDate> {
    static EXTRACTOR: LazyLock<DateExtractor> = LazyLock::new(|| {
        DateExtractor::from_date_rules(&DateRules::embedded().unwrap_or_default())
    });
    find(&EXTRACTOR, doc)
}

/// [`find_document_date`] with a given extractor.
pub(super) fn find(extractor: &DateExtractor, doc: &Segmented) -> Option<NaiveDate> {
    let paragraphs = Paragraphs::new(doc);
    let markers = &extractor.lexicon.dateline_markers;
    let today = &extractor.lexicon.dateline_today;
    let mut month_fallback = None;
    for sentence in top_sentences(doc) {
        let text = doc.sentence_text(sentence);
        let (paragraph, paragraph_chars) = paragraphs.get(doc, sentence.paragraph);
        let sentence_chars = visible_chars(text);
        if paragraph_chars > sentence_chars + DATELINE_REST_CHARS
            && !markers
                .iter()
                .chain(today)
                .any(|marker| text.contains(marker.as_str()))
        {
            // Too long for a dateline paragraph, and no marker: no date here can count.
            continue;
        }
        let words = WordBoundaries::new(&sentence.tokens, sentence.span.start());
        let found = scan::candidates(
            text,
            &words,
            &extractor.patterns,
            &extractor.lexicon,
            DocumentCues::default(),
        );
        for candidate in &found {
            let date = &text[candidate.start..candidate.end];
            if let Some(day) = full_date(candidate) {
                let before = &text[..candidate.start];
                let marked = marker_before(before, markers) || today_before(before, today);
                if marked || stands_alone(paragraph, paragraph_chars, date) {
                    return Some(day);
                }
            } else if month_fallback.is_none() && paragraph.trim() == date {
                month_fallback = first_of_month(candidate);
            }
        }
    }
    month_fallback
}

/// The sentences of the first [`DATELINE_PARAGRAPHS`] non-empty paragraphs.
fn top_sentences(doc: &Segmented) -> impl Iterator<Item = &crate::segment::Sentence> {
    let mut paragraphs = 0;
    let mut last = None;
    doc.sentences.iter().take_while(move |sentence| {
        if last != Some(sentence.paragraph) {
            last = Some(sentence.paragraph);
            paragraphs += 1;
        }
        paragraphs <= DATELINE_PARAGRAPHS
    })
}

/// Every paragraph's extent (its sentences and what lies between them), from one pass
/// over the sentences, with its count of non-whitespace chars (computed on demand).
struct Paragraphs {
    covers: HashMap<u32, Span>,
    chars: RefCell<HashMap<u32, usize>>,
}

impl Paragraphs {
    fn new(doc: &Segmented) -> Self {
        let mut covers: HashMap<u32, Span> = HashMap::new();
        for sentence in &doc.sentences {
            covers
                .entry(sentence.paragraph)
                .and_modify(|cover| *cover = cover.cover(sentence.span))
                .or_insert(sentence.span);
        }
        Self {
            covers,
            chars: RefCell::default(),
        }
    }

    /// The text of paragraph `number` and its count of non-whitespace chars.
    fn get<'d>(&self, doc: &'d Segmented, number: u32) -> (&'d str, usize) {
        let text = self
            .covers
            .get(&number)
            .map_or("", |cover| &doc.text()[*cover]);
        let chars = *self
            .chars
            .borrow_mut()
            .entry(number)
            .or_insert_with(|| visible_chars(text));
        (text, chars)
    }
}

/// The number of non-whitespace chars of `text`.
fn visible_chars(text: &str) -> usize {
    text.chars().filter(|ch| !ch.is_whitespace()).count()
}

/// The day of a candidate with year, month and day all written.
fn full_date(candidate: &Candidate) -> Option<NaiveDate> {
    let Expr::Point(Period {
        year: YearSpec::Absolute(year),
        sub: Sub::Days { month, first, last },
    }) = candidate.expr
    else {
        return None;
    };
    (first == last)
        .then(|| NaiveDate::from_ymd_opt(year, month, first))
        .flatten()
}

/// The first day of a written year-month candidate.
fn first_of_month(candidate: &Candidate) -> Option<NaiveDate> {
    let Expr::Point(Period {
        year: YearSpec::Absolute(year),
        sub:
            Sub::Months {
                first,
                last,
                granularity: Granularity::Month,
            },
    }) = candidate.expr
    else {
        return None;
    };
    (first == last)
        .then(|| NaiveDate::from_ymd_opt(year, first, 1))
        .flatten()
}

/// True when a dateline marker ends within the last few chars of `before`.
fn marker_before(before: &str, markers: &[String]) -> bool {
    let from = before
        .char_indices()
        .rev()
        .nth(MARKER_WINDOW_CHARS - 1)
        .map_or(0, |(at, _)| at);
    let window = &before[from..];
    markers
        .iter()
        .any(|marker| window.contains(marker.as_str()))
}

/// True when `before` ends with a word for "today", maybe followed by an opening
/// bracket, a colon or spaces (`某某今日（2024年3月5日）表示`): the date is the day the
/// text was written.
fn today_before(before: &str, today: &[String]) -> bool {
    let trimmed =
        before.trim_end_matches(|ch: char| ch.is_whitespace() || "（(［[【〔:：是为".contains(ch));
    today.iter().any(|word| trimmed.ends_with(word.as_str()))
}

/// True when `date` is nearly all of `paragraph` (which holds `paragraph_chars`
/// non-whitespace chars): few other chars, no clause punctuation.
fn stands_alone(paragraph: &str, paragraph_chars: usize, date: &str) -> bool {
    if paragraph_chars > visible_chars(date) + DATELINE_REST_CHARS {
        return false;
    }
    let Some(at) = paragraph.find(date) else {
        return false;
    };
    let rest = format!("{}{}", &paragraph[..at], &paragraph[at + date.len()..]);
    let rest_chars = visible_chars(&rest);
    rest_chars <= DATELINE_REST_CHARS && !rest.contains(['，', '。', ',', '；'])
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::segment::{segment_plain, WordSegmenter};

    static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));

    fn doc_date(text: &str) -> Option<NaiveDate> {
        find_document_date(&segment_plain(text, &WORDS))
    }

    fn date(text: &str) -> Option<NaiveDate> {
        text.parse().ok()
    }

    #[test]
    fn dateline_on_its_own_line() {
        let text = "市管重点新型智库\n第 2 期\n苏州太湖书院 主办\n2024 年 1 月 19 日\n深圳五大举措";
        assert_eq!(doc_date(text), date("2024-01-19"));
    }

    #[test]
    fn dateline_after_a_marker() {
        let text = "深圳式创新\n中国新闻周刊作者:某某\n发于2025.8.25总第1201期《中国新闻周刊》杂志\n正文。";
        assert_eq!(doc_date(text), date("2025-08-25"));
    }

    #[test]
    fn narrative_dates_are_not_datelines() {
        let text = "标题\n2014年6月8日，公司在深圳成立，随后迅速发展。";
        assert_eq!(doc_date(text), None);
    }

    #[test]
    fn dates_below_the_top_are_ignored() {
        let mut text = "段落。\n\n".repeat(12);
        text.push_str("2024年1月19日");
        assert_eq!(doc_date(&text), None);
    }

    #[test]
    fn a_date_right_after_today_is_the_dateline() {
        let text =
            "新闻稿\n\n部长李四今日（2023年11月7日）在记者会上介绍了明年的工作安排，并回答提问。";
        assert_eq!(doc_date(text), date("2023-11-07"));
        let text = "标题\n发言人今天表示，2019年3月2日的决定仍然有效，各方应当遵守。";
        assert_eq!(doc_date(text), None);
    }

    #[test]
    fn a_month_dateline_gives_its_first_day() {
        assert_eq!(doc_date("报告\n2023年12月\n正文"), date("2023-12-01"));
    }
}
