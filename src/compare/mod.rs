//! Comparing two datasets row by row (`zhextract diff OLD NEW`): what a rule change, a new
//! version or an edited input moved.
//!
//! Place in the pipeline: after `write`, on two datasets read back with [`crate::read`].
//! Rows are keyed by (`doc_id`, `byte_start`, `byte_end`) within their table (so a mention
//! is keyed by `doc_id`, kind and byte span, i.e. by its `mention_id`), `documents` rows by
//! `doc_id`. Two rows with the same key are "changed" when any other column differs; the
//! change lists each field, old → new. Documents whose `sha256` differs are flagged
//! "source changed", so edits to inputs are not mistaken for rule effects.
//!
//! The tables are compared as written ([`rows::RowTable`]), column by column, so columns the
//! project adds are compared too; a column present on one side only is noted once.

pub mod render;
pub mod rows;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Serialize, Serializer};

use self::rows::{row_label, RowKey, RowTable};
use crate::read::Dataset;
use crate::write::Table;

/// Which part of the datasets to compare.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// Only this table (all six when `None`).
    pub table: Option<Table>,
    /// Only this `doc_id`.
    pub doc: Option<String>,
}

/// Added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Removed,
    /// In both, some field differs.
    Changed,
}

/// One field of a changed row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Column name.
    pub field: String,
    /// Value in OLD.
    pub old: String,
    /// Value in NEW.
    pub new: String,
}

/// One row that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowChange {
    /// Its table.
    pub table: Table,
    /// What happened.
    pub change: ChangeKind,
    /// `mention_id`, `doc#sentence:start-end` or `doc_id`.
    pub id: String,
    /// The extraction rule (NEW's for a changed row), for mention tables.
    pub rule: Option<String>,
    /// First line of the row's span.
    pub line: Option<u32>,
    /// The normalized `text` of the span.
    pub text: Option<String>,
    /// For added and removed rows: the row's descriptive fields, in column order.
    #[serde(serialize_with = "pairs_as_map")]
    pub fields: Vec<(String, String)>,
    /// For changed rows: the fields that differ.
    pub changes: Vec<FieldChange>,
}

/// How a document's source compares between the runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Same `sha256`: the differences come from the extraction itself.
    RowsChanged,
    /// The input file itself changed between the runs.
    SourceChanged,
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Removed,
}

/// Added, removed and changed row counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TableCounts {
    /// Rows only in NEW.
    pub added: u64,
    /// Rows only in OLD.
    pub removed: u64,
    /// Rows in both that differ.
    pub changed: u64,
}

impl TableCounts {
    fn add(&mut self, change: ChangeKind) {
        match change {
            ChangeKind::Added => self.added += 1,
            ChangeKind::Removed => self.removed += 1,
            ChangeKind::Changed => self.changed += 1,
        }
    }

    /// True when nothing differs.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.added + self.removed + self.changed == 0
    }
}

/// Everything that differs in one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocDiff {
    /// The document.
    pub doc_id: String,
    /// Whether its source changed.
    pub status: DocStatus,
    /// `sha256` in OLD.
    pub old_sha256: Option<String>,
    /// `sha256` in NEW.
    pub new_sha256: Option<String>,
    /// Per table.
    pub counts: BTreeMap<Table, TableCounts>,
    /// The rows, by table, rule and span.
    pub rows: Vec<RowChange>,
}

/// The result of `zhextract diff`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DatasetDiff {
    /// The OLD dataset directory.
    pub old: String,
    /// The NEW dataset directory.
    pub new: String,
    /// The tables compared.
    pub tables: Vec<Table>,
    /// Rows compared (the larger side of each table, summed).
    pub rows_compared: u64,
    /// Per table.
    pub counts: BTreeMap<Table, TableCounts>,
    /// Documents with differences, by `doc_id`.
    pub documents: Vec<DocDiff>,
    /// Schema and manifest differences worth knowing (not counted as row differences).
    pub notes: Vec<String>,
}

impl DatasetDiff {
    /// True when no compared row differs.
    #[must_use]
    pub fn is_identical(&self) -> bool {
        self.counts.values().all(|c| c.is_empty())
    }
}

/// Columns not compared: the key (`mention_id` is derived from it) and `source_path`, which
/// depends on the command line of the run, not on the document (a changed file shows in
/// `sha256`).
const UNCOMPARED_COLUMNS: [&str; 5] = [
    "doc_id",
    "byte_start",
    "byte_end",
    "mention_id",
    "source_path",
];

/// Columns not repeated in an added/removed row's `fields` (shown elsewhere, or bulky).
const HIDDEN_COLUMNS: [&str; 11] = [
    "doc_id",
    "mention_id",
    "byte_start",
    "byte_end",
    "line_start",
    "line_end",
    "text",
    "source_text",
    "rule",
    "tokens",
    "pos",
];

/// Compares OLD and NEW.
#[must_use]
pub fn diff(old: &Dataset, new: &Dataset, options: &DiffOptions) -> DatasetDiff {
    let tables: Vec<Table> = Table::ALL
        .into_iter()
        .filter(|t| options.table.is_none_or(|only| only == *t))
        .collect();
    let mut result = DatasetDiff {
        old: old.dir().display().to_string(),
        new: new.dir().display().to_string(),
        tables: tables.clone(),
        rows_compared: 0,
        counts: BTreeMap::new(),
        documents: Vec::new(),
        notes: manifest_notes(old, new),
    };
    let mut by_doc: BTreeMap<String, Vec<RowChange>> = BTreeMap::new();
    for table in tables {
        let old_rows = RowTable::from_frame(old.table(table));
        let new_rows = RowTable::from_frame(new.table(table));
        result
            .notes
            .extend(column_notes(table, &old_rows, &new_rows));
        if table == Table::Documents {
            result.notes.extend(source_path_note(&old_rows, &new_rows));
        }
        let compared = TableDiff::new(table, &old_rows, &new_rows, options.doc.as_deref());
        result.rows_compared += compared.rows;
        let counts = result.counts.entry(table).or_default();
        for (doc_id, change) in compared.changes {
            counts.add(change.change);
            by_doc.entry(doc_id).or_default().push(change);
        }
    }
    let shas = (sha256s(old), sha256s(new));
    result.documents = by_doc
        .into_iter()
        .map(|(doc_id, rows)| doc_diff(doc_id, rows, &shas))
        .collect();
    result
}

/// `doc_id` → `sha256` of a dataset's documents table.
fn sha256s(dataset: &Dataset) -> HashMap<String, String> {
    let table = RowTable::from_frame(dataset.table(Table::Documents));
    table
        .rows
        .iter()
        .map(|(key, row)| {
            let sha = table.get(row, "sha256").unwrap_or("").to_owned();
            (key.doc_id.clone(), sha)
        })
        .collect()
}

fn doc_diff(
    doc_id: String,
    mut rows: Vec<RowChange>,
    (old, new): &(HashMap<String, String>, HashMap<String, String>),
) -> DocDiff {
    let (old_sha256, new_sha256) = (old.get(&doc_id).cloned(), new.get(&doc_id).cloned());
    let status = match (&old_sha256, &new_sha256) {
        (None, Some(_)) => DocStatus::Added,
        (Some(_), None) => DocStatus::Removed,
        (Some(a), Some(b)) if a != b => DocStatus::SourceChanged,
        _ => DocStatus::RowsChanged,
    };
    rows.sort_by(|a, b| (a.table, &a.rule).cmp(&(b.table, &b.rule)));
    let mut counts: BTreeMap<Table, TableCounts> = BTreeMap::new();
    for row in &rows {
        counts.entry(row.table).or_default().add(row.change);
    }
    DocDiff {
        doc_id,
        status,
        old_sha256,
        new_sha256,
        counts,
        rows,
    }
}

/// Version and configuration differences between the runs.
fn manifest_notes(old: &Dataset, new: &Dataset) -> Vec<String> {
    let (a, b) = (old.manifest(), new.manifest());
    let mut notes = Vec::new();
    if a.version != b.version {
        notes.push(format!("zhextract version {} → {}", a.version, b.version));
    }
    if a.config_hash != b.config_hash {
        notes.push(format!(
            "configuration differs: {} → {}",
            a.configuration, b.configuration
        ));
    }
    notes
}

/// How many documents were read from another path (not a difference: see
/// [`UNCOMPARED_COLUMNS`]).
fn source_path_note(old: &RowTable, new: &RowTable) -> Option<String> {
    let paths = |t: &RowTable| -> HashMap<String, String> {
        t.rows
            .iter()
            .map(|(key, row)| {
                (
                    key.doc_id.clone(),
                    t.get(row, "source_path").unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    let (before, after) = (paths(old), paths(new));
    let moved = after
        .iter()
        .filter(|(doc, path)| before.get(*doc).is_some_and(|p| p != *path))
        .count();
    (moved > 0)
        .then(|| format!("{moved} document(s) were read from another source_path (not compared)"))
}

fn column_notes(table: Table, old: &RowTable, new: &RowTable) -> Vec<String> {
    let (a, b): (BTreeSet<&String>, BTreeSet<&String>) =
        (old.columns.iter().collect(), new.columns.iter().collect());
    let only = |side: &BTreeSet<&String>, other: &BTreeSet<&String>, which: &str| {
        side.difference(other)
            .map(|c| format!("column {table}.{c} only in {which} (not compared)"))
            .collect::<Vec<_>>()
    };
    let mut notes = only(&a, &b, "OLD");
    notes.extend(only(&b, &a, "NEW"));
    notes
}

/// The differing rows of one table, with their `doc_id`.
struct TableDiff {
    rows: u64,
    changes: Vec<(String, RowChange)>,
}

impl TableDiff {
    fn new(table: Table, old: &RowTable, new: &RowTable, doc: Option<&str>) -> Self {
        let keep = |key: &RowKey| doc.is_none_or(|d| key.doc_id == d);
        let index = |t: &RowTable| -> BTreeMap<RowKey, usize> {
            t.rows
                .iter()
                .enumerate()
                .filter(|(_, (k, _))| keep(k))
                .map(|(i, (k, _))| (k.clone(), i))
                .collect()
        };
        let (old_index, new_index) = (index(old), index(new));
        let mut keys: BTreeSet<&RowKey> = old_index.keys().collect();
        keys.extend(new_index.keys());
        let describe = Describer { table, old, new };
        let changes = keys
            .into_iter()
            .filter_map(|key| {
                let change = match (old_index.get(key), new_index.get(key)) {
                    (Some(&o), Some(&n)) => describe.changed(key, o, n)?,
                    (Some(&o), None) => describe.single(key, ChangeKind::Removed, old, o),
                    (None, Some(&n)) => describe.single(key, ChangeKind::Added, new, n),
                    (None, None) => return None,
                };
                Some((key.doc_id.clone(), change))
            })
            .collect();
        Self {
            rows: old_index.len().max(new_index.len()) as u64,
            changes,
        }
    }
}

/// Builds [`RowChange`]s for one table.
struct Describer<'a> {
    table: Table,
    old: &'a RowTable,
    new: &'a RowTable,
}

impl Describer<'_> {
    fn changed(&self, key: &RowKey, old: usize, new: usize) -> Option<RowChange> {
        let (old_row, new_row) = (&self.old.rows[old].1, &self.new.rows[new].1);
        let changes: Vec<FieldChange> = self
            .new
            .columns
            .iter()
            .filter(|c| !UNCOMPARED_COLUMNS.contains(&c.as_str()))
            .filter_map(|column| {
                let before = self.old.get(old_row, column)?;
                let after = self.new.get(new_row, column)?;
                (before != after).then(|| FieldChange {
                    field: column.clone(),
                    old: before.to_owned(),
                    new: after.to_owned(),
                })
            })
            .collect();
        if changes.is_empty() {
            return None;
        }
        let mut change = self.single(key, ChangeKind::Changed, self.new, new);
        change.fields.clear();
        change.changes = changes;
        Some(change)
    }

    fn single(&self, key: &RowKey, kind: ChangeKind, table: &RowTable, index: usize) -> RowChange {
        let row = &table.rows[index].1;
        let fields = table
            .columns
            .iter()
            .zip(row)
            .filter(|(c, _)| !HIDDEN_COLUMNS.contains(&c.as_str()))
            .map(|(c, v)| (c.clone(), v.clone()))
            .collect();
        RowChange {
            table: self.table,
            change: kind,
            id: row_label(self.table, key),
            rule: table.get(row, "rule").map(str::to_owned),
            line: table.get(row, "line_start").and_then(|l| l.parse().ok()),
            text: table.get(row, "text").map(str::to_owned),
            fields,
            changes: Vec::new(),
        }
    }
}

fn pairs_as_map<S: Serializer>(
    pairs: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}
