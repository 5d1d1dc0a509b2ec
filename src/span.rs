//! The provenance vocabulary of the pipeline.
//!
//! Two coordinate systems exist and never mix:
//!
//! * [`Span`]: a half-open byte range in a document's *normalized* text. Everything after
//!   `normalize` (sentences, tokens, mentions) speaks in `Span`s.
//! * [`SourceSpan`]: a half-open byte range in the *original file's bytes* (whatever its
//!   encoding) plus the 1-based lines holding its first and last byte.
//!
//! Only [`crate::normalize::OffsetMap::to_source`] turns a `Span` into a `SourceSpan`.
//! Extractors never see original offsets and nothing re-derives them by searching text.

use std::ops::{Index, Range};

/// A half-open byte range `[start, end)` in a document's normalized text.
///
/// Invariant: `start <= end`, checked on construction. Both ends lie on `char`
/// boundaries of the text they index (checked when indexing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// Creates a span; panics when `start > end` (a bug in the caller, never bad input).
    #[must_use]
    #[track_caller]
    pub fn new(start: usize, end: usize) -> Self {
        assert!(start <= end, "span start {start} is after its end {end}");
        let start = u32::try_from(start).expect("normalized text is limited to 4 GiB");
        let end = u32::try_from(end).expect("normalized text is limited to 4 GiB");
        Self { start, end }
    }

    /// Where the span starts (inclusive), in normalized bytes.
    #[must_use]
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// Where the span ends (exclusive), in normalized bytes.
    #[must_use]
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        self.end() - self.start()
    }

    /// True when the span covers no byte.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range<usize>`, for slicing.
    #[must_use]
    pub fn range(self) -> Range<usize> {
        self.start()..self.end()
    }

    /// True when `other` lies entirely inside `self`.
    #[must_use]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[must_use]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span moved `delta` bytes to the right (used to lift sentence-relative spans).
    #[must_use]
    pub fn shifted(self, delta: usize) -> Span {
        Span::new(self.start() + delta, self.end() + delta)
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

impl Index<Span> for str {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.range()]
    }
}

impl Index<Span> for String {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.range()]
    }
}

/// A half-open byte range in the ORIGINAL file plus the 1-based, inclusive lines that hold
/// its first and last byte (`sed -n` numbering: lines end at `\n`).
///
/// Produced only by [`crate::normalize::OffsetMap::to_source`]; this is what the `byte_*`
/// and `line_*` columns of every table hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceSpan {
    /// First byte of the span in the original file.
    pub byte_start: u64,
    /// One past the last byte of the span in the original file.
    pub byte_end: u64,
    /// 1-based line holding `byte_start`.
    pub line_start: u32,
    /// 1-based line holding the last byte (`byte_end - 1`), or `line_start` when empty.
    pub line_end: u32,
}

/// Finds the 1-based line of any byte offset in an original file.
///
/// Lines are counted as `sed` counts them: a line ends after each `\n` byte (for UTF-16
/// files, after each encoded U+000A). Built once per document by `ingest`.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Byte offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<u64>,
}

impl LineIndex {
    /// Builds the index from the offsets, in original bytes, just past each line feed.
    #[must_use]
    pub fn from_line_feed_ends(ends: impl IntoIterator<Item = u64>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(ends);
        Self { line_starts }
    }

    /// The 1-based line holding `byte`.
    #[must_use]
    pub fn line_of(&self, byte: u64) -> u32 {
        let index = self.line_starts.partition_point(|&start| start <= byte);
        u32::try_from(index.max(1)).unwrap_or(u32::MAX)
    }

    /// Number of lines as `wc -l` + 1 for a final line without `\n`; an empty file has 0.
    #[must_use]
    pub fn line_count(&self, total_bytes: u64) -> u32 {
        let complete = self.line_starts.len() - 1;
        let trailing = usize::from(self.line_starts.last().copied().unwrap_or(0) < total_bytes);
        u32::try_from(complete + trailing).unwrap_or(u32::MAX)
    }

    /// The byte range `[start, end)` of 1-based `line` (its `\n` included), if it exists.
    #[must_use]
    pub fn line_range(&self, line: u32, total_bytes: u64) -> Option<Range<u64>> {
        let index = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(total_bytes);
        (start < end || start < total_bytes).then_some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_indexes_str() {
        let text = "深圳2024年";
        assert_eq!(&text[Span::new(6, 10)], "2024");
    }

    #[test]
    #[should_panic(expected = "is after its end")]
    fn span_rejects_reversed_range() {
        let _ = Span::new(3, 2);
    }

    #[test]
    fn overlap_and_cover() {
        let a = Span::new(0, 4);
        assert!(a.overlaps(Span::new(3, 9)));
        assert!(!a.overlaps(Span::new(4, 9)));
        assert_eq!(a.cover(Span::new(6, 9)), Span::new(0, 9));
        assert!(a.contains(Span::new(1, 3)));
    }

    #[test]
    fn lines_follow_sed_numbering() {
        // "ab\ncd\n\nef": lines start at 0, 3, 6, 7.
        let index = LineIndex::from_line_feed_ends([3, 6, 7]);
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(2), 1);
        assert_eq!(index.line_of(3), 2);
        assert_eq!(index.line_of(6), 3);
        assert_eq!(index.line_of(8), 4);
        assert_eq!(index.line_count(9), 4);
        assert_eq!(index.line_count(7), 3);
        assert_eq!(index.line_range(2, 9), Some(3..6));
    }
}
