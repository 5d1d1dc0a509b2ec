//! `zhextract diff` output as text: counts first, then every differing document with its
//! rows grouped by table and rule (`+` added, `-` removed, `~` changed: field old → new).
//! Documents whose input file changed come first, under their own heading.

use std::fmt::Write as _;

use super::{ChangeKind, DatasetDiff, DocDiff, DocStatus, RowChange, TableCounts};
use crate::evaluate::render::one_line;

/// The diff as text; `identical` datasets get one line saying so.
#[must_use]
pub fn text(diff: &DatasetDiff) -> String {
    let mut out = format!("old: {}\nnew: {}\n", diff.old, diff.new);
    for note in &diff.notes {
        let _ = writeln!(out, "note: {note}");
    }
    if diff.is_identical() {
        let tables: Vec<&str> = diff.tables.iter().map(|t| t.name()).collect();
        let _ = writeln!(
            out,
            "identical: no differences in {} rows of {}",
            diff.rows_compared,
            tables.join(", ")
        );
        return out;
    }
    counts(&mut out, diff);
    let ordered = [
        (DocStatus::SourceChanged, "source changed"),
        (DocStatus::Added, "document added"),
        (DocStatus::Removed, "document removed"),
        (DocStatus::RowsChanged, "rows changed"),
    ];
    for (status, heading) in ordered {
        for doc in diff.documents.iter().filter(|d| d.status == status) {
            document(&mut out, doc, heading);
        }
    }
    out
}

fn counts(out: &mut String, diff: &DatasetDiff) {
    let _ = writeln!(
        out,
        "\n{:<15}{:>8}{:>9}{:>9}",
        "table", "added", "removed", "changed"
    );
    let mut total = TableCounts::default();
    for table in &diff.tables {
        let c = diff.counts.get(table).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<15}{:>8}{:>9}{:>9}",
            table.name(),
            c.added,
            c.removed,
            c.changed
        );
        total.added += c.added;
        total.removed += c.removed;
        total.changed += c.changed;
    }
    let _ = writeln!(
        out,
        "{:<15}{:>8}{:>9}{:>9}",
        "total", total.added, total.removed, total.changed
    );
    let count = |status| diff.documents.iter().filter(|d| d.status == status).count();
    let _ = writeln!(
        out,
        "\ndocuments: {} with changed rows, {} with a changed source, {} added, {} removed",
        count(DocStatus::RowsChanged),
        count(DocStatus::SourceChanged),
        count(DocStatus::Added),
        count(DocStatus::Removed),
    );
}

fn short_sha(sha: Option<&String>) -> &str {
    sha.map_or("-", |s| s.get(..12).unwrap_or(s))
}

fn document(out: &mut String, doc: &DocDiff, heading: &str) {
    let _ = write!(out, "\n== {}: {heading}", doc.doc_id);
    if doc.status == DocStatus::SourceChanged {
        let _ = write!(
            out,
            " (sha256 {} → {}; its rows moved because the input changed)",
            short_sha(doc.old_sha256.as_ref()),
            short_sha(doc.new_sha256.as_ref())
        );
    }
    let summary: Vec<String> = doc
        .counts
        .iter()
        .map(|(table, c)| format!("{table} +{} -{} ~{}", c.added, c.removed, c.changed))
        .collect();
    let _ = writeln!(out, "\n   {}", summary.join(", "));
    let mut group: Option<(String, Option<String>)> = None;
    for row in &doc.rows {
        let current = (row.table.name().to_owned(), row.rule.clone());
        if group.as_ref() != Some(&current) {
            let rule = row
                .rule
                .as_deref()
                .map_or_else(String::new, |r| format!(" / {r}"));
            let _ = writeln!(out, "   {}{rule}", row.table);
            group = Some(current);
        }
        let _ = writeln!(out, "     {}", row_line(row));
    }
}

/// One row change on one line.
#[must_use]
pub fn row_line(row: &RowChange) -> String {
    let sign = match row.change {
        ChangeKind::Added => '+',
        ChangeKind::Removed => '-',
        ChangeKind::Changed => '~',
    };
    let mut line = String::from(sign);
    if let Some(number) = row.line {
        let _ = write!(line, " L{number}");
    }
    if let Some(text) = &row.text {
        let _ = write!(line, " {}", one_line(text));
    }
    for (field, value) in &row.fields {
        let _ = write!(line, " {field}={}", clip(value));
    }
    let changes: Vec<String> = row
        .changes
        .iter()
        .map(|c| format!("{}: {} → {}", c.field, clip(&c.old), clip(&c.new)))
        .collect();
    if !changes.is_empty() {
        let separator = if line.len() > 1 { " | " } else { " " };
        let _ = write!(line, "{separator}{}", changes.join("; "));
    }
    let _ = write!(line, "  ({})", row.id);
    line
}

/// A value on one line, cut after [`CLIP_CHARS`] characters (token lists can be long; the
/// JSON output has them whole).
fn clip(value: &str) -> String {
    let line = one_line(value);
    match line.char_indices().nth(CLIP_CHARS) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

/// Longest value shown in full in text output.
const CLIP_CHARS: usize = 120;
