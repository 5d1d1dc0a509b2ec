//! Stage 2 of the pipeline: split the normalized text into sentences, then words.
//!
//! `ingest → normalize → **segment** → extract → validate → write`
//!
//! Sentences end at `。！？；…` (and their ASCII forms), at paragraph breaks (`\n` in the
//! normalized text) and around page-artifact lines, so a sentence never straddles a
//! heading. Words and part-of-speech tags come from jieba-rs ([`words::WordSegmenter`]),
//! one dictionary for the whole run. Everything here is in normalized [`Span`]s.

pub mod sentences;
pub mod words;

use crate::normalize::NormalizedDoc;
use crate::span::Span;

pub use words::WordSegmenter;

/// A jieba word with its part-of-speech tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where the word is in the normalized text (absolute, not sentence-relative).
    pub span: Span,
    /// jieba's POS tag (`n`, `v`, `m`, `ns`, `nt`, `nz`, `x`, …), interned.
    pub pos: &'static str,
}

/// One sentence of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where it is in the normalized text; never includes a paragraph break.
    pub span: Span,
    /// 0-based paragraph number; a paragraph is the text between two `\n` breaks.
    pub paragraph: u32,
    /// True for page numbers, running heads, figure/table captions and source notes.
    pub artifact: bool,
    /// jieba words covering the sentence, in order.
    pub tokens: Vec<Token>,
}

/// A normalized document split into sentences and words: what extractors read.
#[derive(Clone, Debug)]
pub struct Segmented {
    /// The normalized text and its offset map.
    pub doc: NormalizedDoc,
    /// Sentences in text order; `sentence_id` is the index here.
    pub sentences: Vec<Sentence>,
}

impl Segmented {
    /// The normalized text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// The normalized text of a sentence.
    #[must_use]
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        &self.doc.text[sentence.span]
    }

    /// Index of the sentence holding normalized byte `offset` (or the last one before it,
    /// for offsets between sentences); `None` before the first sentence.
    #[must_use]
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let after = self
            .sentences
            .partition_point(|sentence| sentence.span.start() <= offset);
        after.checked_sub(1)
    }
}

/// Splits a normalized document into sentences and tagged words.
#[must_use]
pub fn segment(doc: NormalizedDoc, words: &WordSegmenter) -> Segmented {
    let mut sentences = sentences::split(&doc);
    for sentence in &mut sentences {
        sentence.tokens = words.tag(&doc.text, sentence.span);
    }
    Segmented { doc, sentences }
}

/// Segments text that is already normalized (tests, notebooks, fuzzing of extractors):
/// the offset map is the identity over a UTF-8 file holding exactly `text`.
#[must_use]
pub fn segment_plain(text: &str, words: &WordSegmenter) -> Segmented {
    segment(NormalizedDoc::identity(text), words)
}
