//! Provenance tracing: every sentence and mention row of a document back to the bytes of
//! its source file, through the pipeline's own decoding and normalization
//! ([`SourceAccess`]).

use super::report::{Problem, Report, Rule};
use super::rows::Located;
use crate::write::rows::DocumentRow;
use crate::write::Table;

/// Access to the original files and to the pipeline's decoding and normalization, which the
/// provenance invariant is checked against. `Sync` because documents are checked in
/// parallel.
pub trait SourceAccess: Sync {
    /// The bytes of the document's file (found through the manifest's paths).
    ///
    /// # Errors
    /// Why the file cannot be read, for the report.
    fn file_bytes(&self, doc: &DocumentRow) -> Result<Vec<u8>, String>;

    /// Decodes a byte fragment of a file in `encoding` (a `documents.encoding` value).
    fn decode(&self, bytes: &[u8], encoding: &str) -> String;

    /// Normalizes an original fragment the way the pipeline normalizes documents.
    fn normalize_fragment(&self, source_text: &str) -> String;

    /// The 1-based line (`sed -n` numbering) holding byte `byte` of the file.
    fn line_of(&self, bytes: &[u8], encoding: &str, byte: u64) -> u32;

    /// [`SourceAccess::line_of`] for many offsets of one file (the validator asks once per
    /// document). Override it to build the file's line index once instead of per offset.
    fn lines_of(&self, bytes: &[u8], encoding: &str, offsets: &[u64]) -> Vec<u32> {
        offsets
            .iter()
            .map(|&byte| self.line_of(bytes, encoding, byte))
            .collect()
    }
}

/// The provenance invariant for one document: its file is the one processed (size and
/// sha256), `n_lines` is right, and every sentence and mention row decodes, normalizes and
/// lies on its lines as stored.
pub(super) fn trace_document(
    doc: &DocumentRow,
    rows: &[Located<'_>],
    source: &dyn SourceAccess,
    report: &mut Report,
) {
    let fail = |report: &mut Report, rule, detail| {
        let id = Some(doc.doc_id.clone());
        report.push(Problem::at(Table::Documents, 0, id, rule, detail));
    };
    let bytes = match source.file_bytes(doc) {
        Ok(bytes) => bytes,
        Err(error) => return fail(report, Rule::SourceUnavailable, error),
    };
    let sha256 = crate::ingest::sha256_hex(&bytes);
    if bytes.len() as u64 != doc.bytes || sha256 != doc.sha256 {
        let found = format!("{} bytes with sha256 {sha256}", bytes.len());
        let detail = format!(
            "the file has {found}, documents says {} bytes with sha256 {}",
            doc.bytes, doc.sha256
        );
        return fail(report, Rule::SourceUnavailable, detail);
    }
    // One `lines_of` call per file: each row's first and last byte, then the file's last.
    let inside: Vec<_> = rows
        .iter()
        .filter_map(|row| Some((row, fragment(row, &bytes)?)))
        .collect();
    let mut offsets: Vec<u64> = inside
        .iter()
        .flat_map(|(row, _)| [row.bytes.0, last_byte(row.bytes)])
        .collect();
    offsets.extend(bytes.len().checked_sub(1).map(|last| last as u64));
    let lines = source.lines_of(&bytes, &doc.encoding, &offsets);
    let line = |i: usize| lines.get(i).copied().unwrap_or(0);
    let n_lines = if bytes.is_empty() {
        0
    } else {
        line(offsets.len() - 1)
    };
    if n_lines != doc.n_lines {
        let detail = format!(
            "n_lines is {} but the file's last byte is on line {n_lines}",
            doc.n_lines
        );
        fail(report, Rule::DocumentFields, detail);
    }
    for row in rows.iter().filter(|row| fragment(row, &bytes).is_none()) {
        let (start, end) = row.bytes;
        let detail = format!(
            "bytes {start}..{end} are not inside the file's {} bytes",
            bytes.len()
        );
        report.push(row.problem(Rule::SourceText, detail));
    }
    for (i, (row, fragment)) in inside.iter().enumerate() {
        let lines = (line(2 * i), line(2 * i + 1));
        trace_row(row, fragment, &doc.encoding, lines, source, report);
    }
    report.rows_traced += rows.len() as u64;
    report.documents_traced += 1;
}

/// The row's bytes, when they lie inside the file.
fn fragment<'b>(row: &Located<'_>, bytes: &'b [u8]) -> Option<&'b [u8]> {
    let (start, end) = row.bytes;
    bytes.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
}

/// The offset of a span's last byte (its first for an empty span).
fn last_byte((start, end): (u64, u64)) -> u64 {
    end.saturating_sub(1).max(start)
}

fn trace_row(
    row: &Located<'_>,
    fragment: &[u8],
    encoding: &str,
    lines: (u32, u32),
    source: &dyn SourceAccess,
    report: &mut Report,
) {
    let (start, end) = row.bytes;
    let decoded = source.decode(fragment, encoding);
    if decoded != row.source_text {
        let (found, stored) = (excerpt(&decoded), excerpt(row.source_text));
        let detail = format!("bytes {start}..{end} decode to {found}, source_text is {stored}");
        report.push(row.problem(Rule::SourceText, detail));
    }
    let normalized = source.normalize_fragment(row.source_text);
    if normalized != row.text {
        let (found, stored) = (excerpt(&normalized), excerpt(row.text));
        let detail = format!("source_text normalizes to {found}, text is {stored}");
        report.push(row.problem(Rule::NormalizedText, detail));
    }
    if lines != row.lines {
        let ((first, last), (row_first, row_last)) = (lines, row.lines);
        let detail = format!("bytes {start}..{end} lie on lines {first}..{last}, the row says {row_first}..{row_last}");
        report.push(row.problem(Rule::Lines, detail));
    }
}

/// A quoted, shortened rendering of a text for a report line.
fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    if text.chars().count() <= MAX_CHARS {
        return format!("{text:?}");
    }
    let head: String = text.chars().take(MAX_CHARS).collect();
    format!("{head:?}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_shortened_in_details() {
        assert_eq!(excerpt("短"), "\"短\"");
        let long = "长".repeat(50);
        assert_eq!(excerpt(&long), format!("\"{}\"…", "长".repeat(40)));
        assert_eq!(Rule::SourceText.name(), "source_text");
    }
}
