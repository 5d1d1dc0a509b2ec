//! Sentence splitting over normalized text.
//!
//! A paragraph (text between two `\n`) is split after each sentence terminator
//! (`。！？；…` and ASCII `!?;`), keeping closing quotes and brackets that follow it with
//! the sentence. Page-artifact lines are their own paragraphs, so they become their own
//! (marked) sentences. Leading and trailing spaces are not part of a sentence.

use super::Sentence;
use crate::normalize::NormalizedDoc;
use crate::span::Span;

/// Characters that end a sentence.
const TERMINATORS: &[char] = &['。', '！', '？', '；', '!', '?', ';', '…'];

/// Characters that stay with the sentence they follow (`他说：“好。”`).
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '》', '】', '"', '\''];

/// Splits `doc` into sentences with empty token lists (filled by words).
#[must_use]
pub fn split(doc: &NormalizedDoc) -> Vec<Sentence> {
    let text = doc.text.as_str();
    let mut sentences = Vec::new();
    let mut paragraph_start = 0;
    for (paragraph, line) in text.split('\n').enumerate() {
        let paragraph_span = Span::new(paragraph_start, paragraph_start + line.len());
        let artifact = doc.is_artifact(trim(text, paragraph_span));
        for span in split_paragraph(line) {
            let span = trim(text, span.shifted(paragraph_start));
            if !span.is_empty() {
                sentences.push(Sentence {
                    span,
                    paragraph: u32::try_from(paragraph).unwrap_or(u32::MAX),
                    artifact,
                    tokens: Vec::new(),
                });
            }
        }
        paragraph_start += line.len() + 1;
    }
    sentences
}

/// Sentence spans of one paragraph, relative to its start.
fn split_paragraph(paragraph: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        if !TERMINATORS.contains(&ch) {
            continue;
        }
        let mut end = at + ch.len_utf8();
        while let Some(&(next_at, next)) = chars.peek() {
            if TERMINATORS.contains(&next) || CLOSERS.contains(&next) {
                end = next_at + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        spans.push(Span::new(start, end));
        start = end;
    }
    if start < paragraph.len() {
        spans.push(Span::new(start, paragraph.len()));
    }
    spans
}

/// `span` without leading or trailing whitespace.
fn trim(text: &str, span: Span) -> Span {
    let slice = &text[span];
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    let start = span.start() + leading;
    Span::new(start, start + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        split(&NormalizedDoc::identity(text))
            .into_iter()
            .map(|sentence| text[sentence.span].to_string())
            .collect()
    }

    #[test]
    fn splits_at_terminators_and_keeps_closing_quotes() {
        assert_eq!(
            sentences("他说：“好。”然后走了！真的？"),
            ["他说：“好。”", "然后走了！", "真的？"]
        );
    }

    #[test]
    fn paragraph_breaks_end_sentences() {
        assert_eq!(
            sentences("一、引言\n深圳发展很快"),
            ["一、引言", "深圳发展很快"]
        );
    }

    #[test]
    fn ellipsis_runs_stay_together() {
        assert_eq!(sentences("等等……后来"), ["等等……", "后来"]);
    }

    #[test]
    fn blank_text_has_no_sentence() {
        assert!(sentences(" \n\n ").is_empty());
    }
}
