//! The exact map from every normalized character back to the original file's bytes.
//!
//! Built once by [`super::normalize`], one entry per normalized `char`: the byte where the
//! char starts in the normalized text and the original byte range `[start, end)` it came
//! from. A character produced by a length-changing phrase conversion maps to the whole
//! original phrase; a character produced by a one-to-one step maps to its own bytes.
//! Original ranges never decrease along the text, so any normalized [`Span`] maps to one
//! contiguous original range: from the first char's start to the last char's end.

use crate::span::{LineIndex, SourceSpan, Span};

/// Normalized-char → original-bytes map plus the original file's line index.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    /// Byte offset of each normalized char in the normalized text.
    normalized_starts: Vec<u32>,
    /// Original byte where each normalized char's source starts.
    source_starts: Vec<u32>,
    /// Original byte where each normalized char's source ends.
    source_ends: Vec<u32>,
    /// Length of the normalized text in bytes.
    normalized_len: u32,
    /// Length of the original file in bytes.
    source_len: u32,
    /// Lines of the original file.
    lines: LineIndex,
}

impl OffsetMap {
    /// An empty map over an original file of `source_len` bytes with the given lines.
    #[must_use]
    pub fn with_capacity(chars: usize, source_len: usize, lines: LineIndex) -> Self {
        Self {
            normalized_starts: Vec::with_capacity(chars),
            source_starts: Vec::with_capacity(chars),
            source_ends: Vec::with_capacity(chars),
            normalized_len: 0,
            source_len: to_u32(source_len),
            lines,
        }
    }

    /// Records that the next normalized char, `utf8_len` bytes long, came from original
    /// bytes `[source_start, source_end)`.
    ///
    /// Panics (a bug, not bad input) when the original range goes backwards.
    #[track_caller]
    pub fn push(&mut self, utf8_len: usize, source_start: usize, source_end: usize) {
        let (start, end) = (to_u32(source_start), to_u32(source_end));
        debug_assert!(
            start <= end && end <= self.source_len,
            "source range out of file"
        );
        debug_assert!(
            self.source_starts.last().is_none_or(|&last| last <= start),
            "offset map must not go backwards"
        );
        self.normalized_starts.push(self.normalized_len);
        self.source_starts.push(start);
        self.source_ends.push(end);
        self.normalized_len += to_u32(utf8_len);
    }

    /// Number of normalized chars mapped.
    #[must_use]
    pub fn len(&self) -> usize {
        self.normalized_starts.len()
    }

    /// True when nothing is mapped.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.normalized_starts.is_empty()
    }

    /// The original file's line index.
    #[must_use]
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// Original file size in bytes.
    #[must_use]
    pub fn source_len(&self) -> u64 {
        u64::from(self.source_len)
    }

    /// The only way from normalized to original coordinates.
    ///
    /// Both ends of `span` must be char boundaries of the normalized text (they are for
    /// every span made by slicing it). An empty span maps to an empty range at the
    /// position of the char it precedes.
    #[must_use]
    pub fn to_source(&self, span: Span) -> SourceSpan {
        let first = self.char_index(span.start());
        let (byte_start, byte_end) = if span.is_empty() {
            let at = self
                .source_starts
                .get(first)
                .copied()
                .unwrap_or(self.source_len);
            (at, at)
        } else {
            let last = self.char_index(span.end()) - 1;
            (self.source_starts[first], self.source_ends[last])
        };
        let (byte_start, byte_end) = (u64::from(byte_start), u64::from(byte_end));
        let line_start = self.lines.line_of(byte_start);
        let line_end = if byte_end > byte_start {
            self.lines.line_of(byte_end - 1)
        } else {
            line_start
        };
        SourceSpan {
            byte_start,
            byte_end,
            line_start,
            line_end,
        }
    }

    /// Index of the normalized char starting at byte `offset` (or `len()` at the end).
    fn char_index(&self, offset: usize) -> usize {
        let offset = to_u32(offset);
        let index = self
            .normalized_starts
            .partition_point(|&start| start < offset);
        debug_assert!(
            offset == self.normalized_len || self.normalized_starts.get(index) == Some(&offset),
            "span end {offset} is not a char boundary of the normalized text"
        );
        index
    }
}

/// Offsets are stored as `u32`: documents are limited to 4 GiB (the CLI caps far lower).
fn to_u32(value: usize) -> u32 {
    u32::try_from(value).expect("documents are limited to 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_phrase_conversion_to_whole_phrase() {
        // Original "ab\n著作" (UTF-8), normalized "ab著作" where 著作 came from one phrase.
        let lines = LineIndex::from_line_feed_ends([3]);
        let mut map = OffsetMap::with_capacity(4, 9, lines);
        map.push(1, 0, 1);
        map.push(1, 1, 2);
        map.push(3, 3, 9);
        map.push(3, 3, 9);
        let span = map.to_source(Span::new(1, 5));
        assert_eq!((span.byte_start, span.byte_end), (1, 9));
        assert_eq!((span.line_start, span.line_end), (1, 2));
        let empty = map.to_source(Span::new(2, 2));
        assert_eq!((empty.byte_start, empty.byte_end), (3, 3));
    }
}
