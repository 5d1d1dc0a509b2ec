//! Alignments: which input bytes became which output bytes, and how to chain them.
//!
//! Every pass of the converter (normalization, each conversion stage) records its work
//! as a list of [`Run`]s: consecutive input lengths paired with output lengths. A run is
//! either *identity* (its output is the same bytes as its input, so it can be cut at any
//! character boundary) or *mapped* (one dictionary match: atomic). [`compose`] chains
//! the alignment of stage 1 with that of stage 2 so that the final pieces are reported
//! in original input coordinates: a stage-2 match that covers parts of several stage-1
//! matches becomes one piece over their union, and nothing is widened more than that.

/// One step of an alignment: `src` input bytes became `dst` output bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Run {
    /// Input length in bytes (never 0).
    pub(super) src: usize,
    /// Output length in bytes (never 0).
    pub(super) dst: usize,
    /// `false` when the output equals the input byte for byte.
    pub(super) mapped: bool,
}

/// An alignment: runs in order, adjacent identity runs merged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Runs(Vec<Run>);

impl Runs {
    /// Appends `len` unchanged bytes (merged into a preceding identity run).
    #[inline]
    pub(super) fn push_identity(&mut self, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.0.last_mut() {
            if !last.mapped {
                last.src += len;
                last.dst += len;
                return;
            }
        }
        self.0.push(Run {
            src: len,
            dst: len,
            mapped: false,
        });
    }

    /// Appends one atomic replacement of `src` input bytes by `dst` output bytes.
    #[inline]
    pub(super) fn push_mapped(&mut self, src: usize, dst: usize) {
        debug_assert!(src > 0 && dst > 0, "runs are never empty");
        self.0.push(Run {
            src,
            dst,
            mapped: true,
        });
    }

    /// Appends all runs of `other`.
    pub(super) fn extend(&mut self, other: &Runs) {
        for run in &other.0 {
            if run.mapped {
                self.push_mapped(run.src, run.dst);
            } else {
                self.push_identity(run.src);
            }
        }
    }

    /// Whether the output equals the input (no mapped run).
    pub(super) fn is_identity(&self) -> bool {
        self.0.iter().all(|run| !run.mapped)
    }

    /// Removes all runs, keeping the allocation.
    pub(super) fn clear(&mut self) {
        self.0.clear();
    }

    /// The runs, in order.
    pub(super) fn as_slice(&self) -> &[Run] {
        &self.0
    }
}

/// Which side of a run a [`Cursor`] walks in step with the other alignment.
#[derive(Clone, Copy)]
enum Side {
    /// The cursor walks the output side (the first alignment of a composition).
    Output,
    /// The cursor walks the input side (the second alignment).
    Input,
}

/// A position in an alignment, addressed by its shared ("middle") text.
struct Cursor<'r> {
    runs: &'r [Run],
    side: Side,
    index: usize,
    /// Middle-text offset where `runs[index]` starts.
    middle_start: usize,
    /// Outer-text offset where `runs[index]` starts.
    outer_start: usize,
}

impl<'r> Cursor<'r> {
    fn new(runs: &'r Runs, side: Side) -> Self {
        Self {
            runs: runs.as_slice(),
            side,
            index: 0,
            middle_start: 0,
            outer_start: 0,
        }
    }

    fn lengths(&self, run: Run) -> (usize, usize) {
        match self.side {
            Side::Output => (run.dst, run.src),
            Side::Input => (run.src, run.dst),
        }
    }

    /// Moves forward to the run containing middle offset `at` (or past the end).
    fn seek(&mut self, at: usize) {
        while let Some(&run) = self.runs.get(self.index) {
            let (middle, outer) = self.lengths(run);
            if self.middle_start + middle > at {
                break;
            }
            self.middle_start += middle;
            self.outer_start += outer;
            self.index += 1;
        }
    }

    fn current(&self) -> Option<Run> {
        self.runs.get(self.index).copied()
    }

    fn is_mapped(&self) -> bool {
        self.current().is_some_and(|run| run.mapped)
    }

    /// Middle offset where the current run ends.
    fn end(&self) -> usize {
        self.current().map_or(self.middle_start, |run| {
            self.middle_start + self.lengths(run).0
        })
    }

    /// The first offset `>= at` where this alignment may be cut (after `seek(at)`).
    fn cut_at_or_after(&self, at: usize) -> usize {
        if at == self.middle_start || !self.is_mapped() {
            at
        } else {
            self.end()
        }
    }

    /// The outer offset matching middle offset `at`, which must be a cut point.
    fn outer_at(&self, at: usize) -> usize {
        debug_assert!(at == self.middle_start || !self.is_mapped());
        self.outer_start + (at - self.middle_start)
    }
}

/// Chains `first` (text A → text B) with `second` (text B → text C) into `out` (A → C).
///
/// Identity runs are cut where the other alignment needs it; overlapping mapped runs are
/// grouped until both alignments can be cut at the same place, and the group becomes one
/// mapped run. `first`'s output length must equal `second`'s input length.
pub(super) fn compose(first: &Runs, second: &Runs, out: &mut Runs) {
    out.clear();
    let total: usize = first.as_slice().iter().map(|run| run.dst).sum();
    debug_assert_eq!(
        total,
        second.as_slice().iter().map(|run| run.src).sum::<usize>()
    );
    let mut a = Cursor::new(first, Side::Output);
    let mut b = Cursor::new(second, Side::Input);
    let (mut at, mut at_first, mut at_second) = (0, 0, 0);
    while at < total {
        a.seek(at);
        b.seek(at);
        if !a.is_mapped() && !b.is_mapped() {
            let len = a.end().min(b.end()) - at;
            out.push_identity(len);
            (at, at_first, at_second) = (at + len, at_first + len, at_second + len);
            continue;
        }
        // At least one side is mapped here: the group must reach past its end.
        let mut cut = at;
        for cursor in [&a, &b] {
            if cursor.is_mapped() {
                cut = cut.max(cursor.end());
            }
        }
        loop {
            a.seek(cut);
            b.seek(cut);
            let next = a.cut_at_or_after(cut).max(b.cut_at_or_after(cut));
            if next == cut {
                break;
            }
            cut = next;
        }
        let (end_first, end_second) = (a.outer_at(cut), b.outer_at(cut));
        out.push_mapped(end_first - at_first, end_second - at_second);
        (at, at_first, at_second) = (cut, end_first, end_second);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(spec: &[(usize, usize, bool)]) -> Runs {
        let mut runs = Runs::default();
        for &(src, dst, mapped) in spec {
            if mapped {
                runs.push_mapped(src, dst);
            } else {
                runs.push_identity(src);
            }
        }
        runs
    }

    fn composed(first: &Runs, second: &Runs) -> Runs {
        let mut out = Runs::default();
        compose(first, second, &mut out);
        out
    }

    #[test]
    fn identity_runs_merge() {
        let mut r = Runs::default();
        r.push_identity(3);
        r.push_identity(0);
        r.push_identity(2);
        r.push_mapped(3, 6);
        r.push_identity(1);
        assert_eq!(r, runs(&[(5, 5, false), (3, 6, true), (1, 1, false)]));
        assert!(!r.is_identity());
    }

    #[test]
    fn identity_first_splits_exactly() {
        // Stage 1 changed nothing; stage 2 maps bytes 3..9.
        let first = runs(&[(12, 12, false)]);
        let second = runs(&[(3, 3, false), (6, 3, true), (3, 3, false)]);
        assert_eq!(composed(&first, &second), second);
    }

    #[test]
    fn disjoint_matches_stay_separate() {
        let first = runs(&[(3, 6, true), (3, 3, false), (3, 3, false)]);
        let second = runs(&[(6, 6, false), (3, 3, true), (3, 3, false)]);
        assert_eq!(
            composed(&first, &second),
            runs(&[(3, 6, true), (3, 3, true), (3, 3, false)])
        );
    }

    #[test]
    fn straddling_match_covers_the_union() {
        // Stage 1: [a→AA][b→BB][c] ; stage 2 matches "A B" (bytes 3..9 of B-text).
        let first = runs(&[(3, 6, true), (3, 6, true), (3, 3, false)]);
        let second = runs(&[(3, 3, false), (6, 3, true), (6, 6, false)]);
        // The stage-2 match starts inside the first stage-1 match and ends inside the
        // second one: one piece over both inputs (6 bytes) → 3 + 3 + 3 output bytes.
        assert_eq!(
            composed(&first, &second),
            runs(&[(6, 9, true), (3, 3, false)])
        );
    }

    #[test]
    fn mapped_inside_identity_of_second() {
        let first = runs(&[(3, 3, false), (3, 9, true), (3, 3, false)]);
        let second = runs(&[(15, 15, false)]);
        assert_eq!(composed(&first, &second), first);
    }
}
