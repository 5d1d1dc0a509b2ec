//! A position index over the spans of one mention table, built once per document by the
//! extractors that run after dates (indicators and policies link every mention to a date
//! of its clause, policies look up their issuers among the organizations), so that each
//! lookup is a binary search instead of a scan of the whole table: the extract stage
//! stays near-linear on huge documents.
//!
//! `ingest → normalize → segment → **extract** → validate → write`
//!
//! Lookups return exactly what a scan of the table would (same mentions, in table
//! order where the order matters), whatever the table's order.

use crate::span::Span;

/// One indexed span and its position in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The mention's span.
    pub span: Span,
    /// Its index in the table.
    pub index: usize,
}

/// The spans of a table sorted by start (ties by table index), with the running maximum
/// of their ends so that spans reaching back over a position are found too.
#[derive(Clone, Debug, Default)]
pub struct SpanIndex {
    entries: Vec<Entry>,
    /// `max_end[i]`: the largest end among `entries[..=i]` (non-decreasing).
    max_end: Vec<usize>,
}

impl SpanIndex {
    /// Indexes `spans`, the spans of a table in table order.
    #[must_use]
    pub fn new(spans: impl IntoIterator<Item = Span>) -> Self {
        let mut entries: Vec<Entry> = spans
            .into_iter()
            .enumerate()
            .map(|(index, span)| Entry { span, index })
            .collect();
        entries.sort_by_key(|entry| (entry.span.start(), entry.index));
        let max_end = entries
            .iter()
            .scan(0, |max, entry| {
                *max = (*max).max(entry.span.end());
                Some(*max)
            })
            .collect();
        Self { entries, max_end }
    }

    /// The entries, sorted by start then table index.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The largest end among `entries()[..=position]`.
    #[must_use]
    pub fn max_end_through(&self, position: usize) -> usize {
        self.max_end.get(position).copied().unwrap_or(0)
    }

    /// Where the entries starting at or after `at` begin in [`Self::entries`].
    #[must_use]
    pub fn first_starting_from(&self, at: usize) -> usize {
        self.entries
            .partition_point(|entry| entry.span.start() < at)
    }

    /// The entries starting in `from..=to`, sorted by start then table index.
    #[must_use]
    pub fn starting_in(&self, from: usize, to: usize) -> &[Entry] {
        let first = self.first_starting_from(from);
        let last = self
            .entries
            .partition_point(|entry| entry.span.start() <= to);
        self.entries.get(first..last).unwrap_or(&[])
    }

    /// Table indices of the spans lying inside `outer`, in table order.
    #[must_use]
    pub fn contained_in(&self, outer: Span) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .starting_in(outer.start(), outer.end())
            .iter()
            .filter(|entry| outer.contains(entry.span))
            .map(|entry| entry.index)
            .collect();
        found.sort_unstable();
        found
    }

    /// Table indices of the spans sharing a byte with `span` ([`Span::overlaps`]), in
    /// table order.
    #[must_use]
    pub fn overlapping(&self, span: Span) -> Vec<usize> {
        let first = self.max_end.partition_point(|&end| end <= span.start());
        let last = self
            .entries
            .partition_point(|entry| entry.span.start() < span.end());
        let mut found: Vec<usize> = self
            .entries
            .get(first..last)
            .unwrap_or(&[])
            .iter()
            .filter(|entry| entry.span.overlaps(span))
            .map(|entry| entry.index)
            .collect();
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans() -> Vec<Span> {
        vec![
            Span::new(10, 14),
            Span::new(0, 30),
            Span::new(20, 24),
            Span::new(10, 12),
            Span::new(5, 5),
        ]
    }

    /// The answers of a plain scan, to compare against.
    fn scan(filter: impl Fn(Span) -> bool) -> Vec<usize> {
        (0..spans().len()).filter(|&i| filter(spans()[i])).collect()
    }

    #[test]
    fn entries_are_sorted_by_start_then_index() {
        let index = SpanIndex::new(spans());
        let order: Vec<usize> = index.entries().iter().map(|e| e.index).collect();
        assert_eq!(order, [1, 4, 0, 3, 2]);
        assert_eq!(index.max_end_through(0), 30);
    }

    #[test]
    fn lookups_match_a_scan() {
        let index = SpanIndex::new(spans());
        for start in 0..32 {
            for end in start..32 {
                let probe = Span::new(start, end);
                assert_eq!(index.overlapping(probe), scan(|s| s.overlaps(probe)));
                assert_eq!(index.contained_in(probe), scan(|s| probe.contains(s)));
            }
        }
    }

    #[test]
    fn an_empty_table_finds_nothing() {
        let index = SpanIndex::new([]);
        assert!(index.overlapping(Span::new(0, 10)).is_empty());
        assert!(index.starting_in(0, 10).is_empty());
    }
}
