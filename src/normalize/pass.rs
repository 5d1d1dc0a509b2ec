//! The single normalizing pass: script conversion pieces in, normalized chars with their
//! original byte ranges out, width folding and whitespace re-flow applied on the way.
//!
//! Every output char goes through [`Pass::emit`], the one place that appends to both the
//! text and the [`OffsetMap`], so the two cannot drift apart.

use std::ops::Range;

use super::reflow::{is_line_space, ReflowPlan};
use super::{width, OffsetMap, ScriptConverter};
use crate::ingest::decode::SourceCursor;
use crate::span::Span;

/// A run of whitespace and line breaks waiting for the char after it.
struct PendingSpace {
    /// Original bytes of the run's first char.
    first: Range<usize>,
    /// Original bytes of the paragraph break in the run, if any.
    paragraph: Option<Range<usize>>,
    /// Whether the run holds a joined line break.
    newline: bool,
    /// Spaces (not breaks) in the run.
    spaces: usize,
}

/// State of one normalizing pass.
pub(super) struct Pass<'a> {
    pub text: String,
    pub map: OffsetMap,
    pub artifacts: Vec<Span>,
    plan: &'a ReflowPlan,
    next_break: usize,
    next_artifact: usize,
    open_artifact: Option<usize>,
    pending: Option<PendingSpace>,
    last: Option<char>,
}

impl<'a> Pass<'a> {
    pub fn new(plan: &'a ReflowPlan, map: OffsetMap, capacity: usize) -> Self {
        Self {
            text: String::with_capacity(capacity),
            map,
            artifacts: Vec::with_capacity(plan.artifacts.len()),
            plan,
            next_break: 0,
            next_artifact: 0,
            open_artifact: None,
            pending: None,
            last: None,
        }
    }

    /// Runs the converter over `decoded` and feeds every resulting char through the pass.
    pub fn run(
        &mut self,
        decoded: &str,
        converter: &dyn ScriptConverter,
        cursor: &mut SourceCursor,
    ) {
        converter.convert_pieces(decoded, &mut |range, output| {
            let input = &decoded[range.clone()];
            if output == input {
                for (offset, ch) in input.char_indices() {
                    let at = range.start + offset;
                    let source = cursor.range(at, ch.len_utf8());
                    self.accept(ch, at, source, &decoded[at..]);
                }
            } else if output.chars().count() == input.chars().count() {
                for ((offset, from), to) in input.char_indices().zip(output.chars()) {
                    let at = range.start + offset;
                    let source = cursor.range(at, from.len_utf8());
                    self.accept(to, at, source, &decoded[at..]);
                }
            } else {
                let start = cursor.range(range.start, 1).start;
                let last = input.char_indices().last().map_or((0, 'x'), |last| last);
                let end = cursor.range(range.start + last.0, last.1.len_utf8()).end;
                for ch in output.chars() {
                    self.accept(ch, range.start, start..end, input);
                }
            }
        });
    }

    /// Takes one converted char at decoded offset `at` from original bytes `source`;
    /// `rest` is the decoded text from `at` on (the digits ahead decide a space).
    fn accept(&mut self, ch: char, at: usize, source: Range<usize>, rest: &str) {
        let ch = width::fold(ch);
        if ch == '\n' || ch == '\r' {
            let paragraph = self.is_paragraph_break(at);
            let pending = self.pending_at(&source);
            pending.newline |= !paragraph;
            if paragraph && pending.paragraph.is_none() {
                pending.paragraph = Some(source);
            }
        } else if is_line_space(ch) {
            self.pending_at(&source).spaces += 1;
        } else {
            if let Some(pending) = self.pending.take() {
                let digits_after = (rest.chars().map(width::fold))
                    .take_while(char::is_ascii_digit)
                    .take(4)
                    .count();
                self.flush(pending, ch, digits_after);
            }
            self.emit(ch, at, source);
        }
    }

    fn pending_at(&mut self, source: &Range<usize>) -> &mut PendingSpace {
        self.pending.get_or_insert_with(|| PendingSpace {
            first: source.clone(),
            paragraph: None,
            newline: false,
            spaces: 0,
        })
    }

    fn is_paragraph_break(&mut self, at: usize) -> bool {
        let breaks = &self.plan.paragraph_breaks;
        while breaks.get(self.next_break).is_some_and(|&b| b < at) {
            self.next_break += 1;
        }
        breaks.get(self.next_break) == Some(&at)
    }

    /// Decides what a whitespace run between the last emitted char and `next` becomes.
    fn flush(&mut self, pending: PendingSpace, next: char, digits_after: usize) {
        let Some(last) = self.last else { return };
        if let Some(source) = pending.paragraph {
            self.push('\n', source);
            self.last = Some('\n');
            return;
        }
        let digits_before = self
            .text
            .bytes()
            .rev()
            .take_while(u8::is_ascii_digit)
            .take(4)
            .count();
        if keeps_space(last, next, &pending, (digits_before, digits_after)) {
            self.push(' ', pending.first);
        }
    }

    /// Appends a content char, tracking artifact spans.
    fn emit(&mut self, ch: char, at: usize, source: Range<usize>) {
        let artifacts = &self.plan.artifacts;
        while artifacts
            .get(self.next_artifact)
            .is_some_and(|range| range.end <= at)
        {
            self.next_artifact += 1;
        }
        let start = self.text.len();
        self.push(ch, source);
        let inside = artifacts
            .get(self.next_artifact)
            .is_some_and(|range| range.contains(&at));
        if inside {
            let end = self.text.len();
            match self.artifacts.last_mut() {
                Some(span) if self.open_artifact == Some(self.next_artifact) => {
                    *span = Span::new(span.start(), end);
                }
                _ => {
                    self.artifacts.push(Span::new(start, end));
                    self.open_artifact = Some(self.next_artifact);
                }
            }
        }
        self.last = Some(ch);
    }

    /// The single place that extends text and map together.
    fn push(&mut self, ch: char, source: Range<usize>) {
        self.text.push(ch);
        self.map.push(ch.len_utf8(), source.start, source.end);
    }
}

/// A space survives only between two non-CJK chars, except inside a number broken by a
/// wrap or by PDF spacing (`20 0 0`: one space after a group of at most three digits; a
/// space after four or more digits separates numbers, as in `2019 2020`, and so does a
/// space before four or more, as in the caption `图1 2019年`).
fn keeps_space(
    last: char,
    next: char,
    pending: &PendingSpace,
    (digits_before, digits_after): (usize, usize),
) -> bool {
    if is_cjk_side(last) || is_cjk_side(next) {
        return false;
    }
    let inside_number = last.is_ascii_digit() && next.is_ascii_digit();
    let pdf_spacing = pending.spaces == 1 && digits_before <= 3 && digits_after <= 3;
    !(inside_number && (pending.newline || pdf_spacing))
}

/// Chars next to which spaces are layout noise: CJK ideographs and punctuation, kana,
/// full-width forms, Chinese quotes and dashes.
fn is_cjk_side(ch: char) -> bool {
    (ch as u32) >= 0x2E80 || matches!(ch, '\u{2014}'..='\u{201F}' | '\u{2026}' | '\u{00B7}')
}
