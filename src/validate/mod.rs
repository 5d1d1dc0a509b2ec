//! The SCHEMA.md invariants, as code: checks a dataset against the contract and traces every
//! span back to its source file.
//!
//! Place in the pipeline: `ingest → normalize → segment → extract → validate → write`. A run
//! validates each document's rows on the worker that made them ([`check_document`], in
//! parallel, memory bounded by the document), merges the reports in `doc_id` order with the
//! cross-document rules ([`Sequence`]: order and uniqueness of ids, O(1) state), and after
//! writing checks only the structure of the staged files ([`check_structure`]: schemas and
//! row counts from the Parquet footers, no re-read). `zhextract validate` runs the same
//! per-document checks on a dataset from disk, streamed one row group at a time
//! ([`check_dir`]); [`check`] does it on a dataset already in memory.
//!
//! What is checked: every contract column present with its type; no null where SCHEMA.md
//! does not say nullable; enumeration values; unique, well-formed `mention_id`s; row order;
//! ranges; references (`doc_id`, `sentence_id`, `date_mention_id`); and the provenance
//! invariant for every sentence and mention: decoding `file[byte_start..byte_end]` gives
//! `source_text`, normalizing `source_text` gives `text`, and `line_start`/`line_end` are the
//! lines of the first and last byte. File access, decoding and normalization come from the
//! caller through [`SourceAccess`], so the checks use exactly the pipeline's own code.
//!
//! `mention_id`s are checked for uniqueness per document only: a well-formed id embeds its
//! `doc_id` (`{doc_id}#{kind}:{start}-{end}`, split at the last `#`), so two well-formed ids
//! of different documents never collide, and a malformed one is reported as such.

mod columns;
mod order;
mod report;
mod rows;
mod stream;
mod trace;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::read::Dataset;
use crate::write::rows::{DocRows, DocumentRow};
use crate::write::Table;

pub use columns::check_structure;
pub use order::Sequence;
pub use report::{Problem, Report, Rule, KEPT_PER_RULE};
pub use stream::{check_dir, DocumentStream};
pub use trace::SourceAccess;

/// The tables whose columns can be read as the contract describes; rules that need a table
/// are skipped when it is broken (its column problems are reported instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope(u8);

impl Scope {
    /// Every table usable (the pipeline's own rows).
    pub const ALL: Scope = Scope(0b11_1111);

    /// No table usable.
    pub const NONE: Scope = Scope(0);

    /// True when `table`'s rows may be checked and referenced.
    #[must_use]
    pub fn contains(self, table: Table) -> bool {
        self.0 & Self::bit(table) != 0
    }

    /// This scope without `table`.
    #[must_use]
    pub fn without(self, table: Table) -> Scope {
        Scope(self.0 & !Self::bit(table))
    }

    /// This scope with `table`.
    #[must_use]
    pub fn with(self, table: Table) -> Scope {
        Scope(self.0 | Self::bit(table))
    }

    fn bit(table: Table) -> u8 {
        let index = Table::ALL.iter().position(|&t| t == table).unwrap_or(0);
        1 << index
    }
}

/// Checks one document's rows: every row-level rule and the provenance trace. Row numbers in
/// the report are relative to the document; [`Report::absorb`] makes them table rows.
/// Cross-document rules (order, duplicate `doc_id`s) are [`Sequence`]'s.
#[must_use]
pub fn check_document(rows: &DocRows, scope: Scope, source: &dyn SourceAccess) -> Report {
    let mut report = Report::default();
    rows::count_rows(rows, scope, &mut report);
    let located = rows::located(rows, scope);
    rows::check_located(&located, scope.contains(Table::Sentences), &mut report);
    rows::check_mentions(rows, scope, &mut report);
    if !scope.contains(Table::Documents) {
        return report;
    }
    if let Some(document) = &rows.document {
        let sentences = scope
            .contains(Table::Sentences)
            .then_some(rows.sentences.len());
        rows::check_document_fields(document, sentences, &mut report);
    }
    rows::check_document_reference(rows.document.as_ref(), &located, &mut report);
    if let Some(document) = rows.document.as_ref().filter(|d| d.status == "ok") {
        trace::trace_document(document, &located, source, &mut report);
    }
    report
}

/// Checks `dataset` (already in memory) against SCHEMA.md and traces its spans through
/// `source`, documents in parallel.
///
/// Column problems come first; a table whose columns are broken is not row-checked (its
/// rows cannot be read as the contract describes), nor are references into it.
#[must_use]
pub fn check(dataset: &Dataset, source: &dyn SourceAccess) -> Report {
    let mut report = Report::default();
    let mut scope = Scope::NONE;
    for table in Table::ALL {
        if columns::check_frame(table, dataset.table(table), 0, &mut report) {
            scope = scope.with(table);
        }
    }
    let (documents, rest) = load_all(dataset, &mut scope, &mut report);
    let mut sequence = Sequence::default();
    for document in &documents {
        sequence.document(document, &mut report);
    }
    sequence.observe(&rest, &mut report);
    let groups = group_by_document(documents, rest);
    let reports: Vec<Report> = groups
        .par_iter()
        .map(|(_, rows)| check_document(rows, scope, source))
        .collect();
    for document in reports {
        report.absorb(document);
    }
    report
}

/// Every usable table's rows in table order: `documents`, and the others in one [`DocRows`].
fn load_all(
    dataset: &Dataset,
    scope: &mut Scope,
    report: &mut Report,
) -> (Vec<DocumentRow>, DocRows) {
    let mut documents = Vec::new();
    let mut rest = DocRows::default();
    macro_rules! load {
        ($table:expr, $into:expr, $accessor:ident) => {
            if scope.contains($table) {
                match dataset.$accessor() {
                    Ok(rows) => $into = rows,
                    Err(error) => {
                        let detail = error.to_string();
                        report.push(Problem::column($table, Rule::ColumnType, detail));
                        *scope = scope.without($table);
                    }
                }
            }
        };
    }
    load!(Table::Documents, documents, documents);
    load!(Table::Sentences, rest.sentences, sentences);
    load!(Table::Indicators, rest.indicators, indicators);
    load!(Table::Dates, rest.dates, dates);
    load!(Table::Organizations, rest.organizations, organizations);
    load!(Table::Policies, rest.policies, policies);
    (documents, rest)
}

/// The rows grouped by `doc_id` (each group in table order); a duplicate `documents` row
/// is left out ([`Sequence`] reports it), a `doc_id` without one gets `document: None`.
fn group_by_document(documents: Vec<DocumentRow>, rest: DocRows) -> BTreeMap<String, DocRows> {
    let mut groups: BTreeMap<String, DocRows> = BTreeMap::new();
    for document in documents {
        let rows = group(&mut groups, &document.doc_id);
        if rows.document.is_none() {
            rows.document = Some(document);
        }
    }
    for row in rest.sentences {
        group(&mut groups, &row.doc_id).sentences.push(row);
    }
    for row in rest.indicators {
        group(&mut groups, &row.span.doc_id).indicators.push(row);
    }
    for row in rest.dates {
        group(&mut groups, &row.span.doc_id).dates.push(row);
    }
    for row in rest.organizations {
        group(&mut groups, &row.span.doc_id).organizations.push(row);
    }
    for row in rest.policies {
        group(&mut groups, &row.span.doc_id).policies.push(row);
    }
    groups
}

/// The group of `doc_id`, made on first use.
fn group<'m>(groups: &'m mut BTreeMap<String, DocRows>, doc_id: &str) -> &'m mut DocRows {
    groups.entry(doc_id.to_owned()).or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_add_and_remove_tables() {
        let scope = Scope::ALL.without(Table::Dates);
        assert!(!scope.contains(Table::Dates));
        assert!(Table::ALL
            .iter()
            .filter(|&&t| t != Table::Dates)
            .all(|&t| scope.contains(t)));
        assert_eq!(scope.with(Table::Dates), Scope::ALL);
        assert!(!Scope::NONE.contains(Table::Documents));
    }
}
