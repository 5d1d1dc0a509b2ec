//! `--diff OLD`: which mentions the report marks as added, removed or changed.
//!
//! The comparison itself is [`crate::compare::diff`] (rows keyed by `doc_id` and byte span,
//! i.e. by `mention_id`; a changed row lists its fields old → new), the same one
//! `zhextract diff` prints. This module indexes its result by `mention_id` for the page and
//! rebuilds removed mentions from the OLD dataset, so they can be drawn where they were.

use std::collections::{BTreeMap, HashMap};

use crate::compare::{self, ChangeKind, DatasetDiff, DiffOptions, DocStatus, FieldChange};
use crate::read::{Dataset, ReadError};
use crate::write::rows::DocRows;

use super::model::{mentions_of, Mention};

/// How one mention differs from OLD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// For a changed mention: the fields that differ, old → new.
    pub changes: Vec<FieldChange>,
}

/// The comparison of the reported dataset (NEW) with OLD, indexed for the page.
pub(crate) struct Comparison {
    /// What [`crate::compare::diff`] found.
    pub diff: DatasetDiff,
    marks: HashMap<String, Mark>,
    old_rows: BTreeMap<String, DocRows>,
}

impl Comparison {
    /// Compares `old` with `new` (the dataset the report is about).
    pub fn new(old: &Dataset, new: &Dataset) -> Result<Self, ReadError> {
        let diff = compare::diff(old, new, &DiffOptions::default());
        let marks = diff
            .documents
            .iter()
            .flat_map(|doc| &doc.rows)
            .filter(|row| row.table.mention_kind().is_some())
            .map(|row| {
                let mark = Mark {
                    change: row.change,
                    changes: row.changes.clone(),
                };
                (row.id.clone(), mark)
            })
            .collect();
        Ok(Self {
            diff,
            marks,
            old_rows: old.doc_rows()?,
        })
    }

    /// How the mention `mention_id` differs from OLD, if it does.
    pub fn mark(&self, mention_id: &str) -> Option<&Mark> {
        self.marks.get(mention_id)
    }

    /// The mentions of `doc_id` that only OLD has.
    pub fn removed(&self, doc_id: &str) -> Vec<Mention> {
        self.old_rows
            .get(doc_id)
            .map(|rows| {
                mentions_of(rows)
                    .into_iter()
                    .filter(|mention| {
                        self.mark(&mention.id)
                            .is_some_and(|mark| mark.change == ChangeKind::Removed)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// True when `doc_id`'s source file differs between the runs, so OLD's byte offsets do
    /// not point into the file the report shows.
    pub fn source_changed(&self, doc_id: &str) -> bool {
        self.diff
            .documents
            .iter()
            .any(|doc| doc.doc_id == doc_id && doc.status == DocStatus::SourceChanged)
    }

    /// Added, removed and changed mentions per kind, over the whole dataset.
    pub fn counts_by_kind(&self) -> BTreeMap<&'static str, [u64; 3]> {
        let mut counts: BTreeMap<&'static str, [u64; 3]> = BTreeMap::new();
        for row in self.diff.documents.iter().flat_map(|doc| &doc.rows) {
            if let Some(kind) = row.table.mention_kind() {
                counts.entry(kind).or_default()[change_index(row.change)] += 1;
            }
        }
        counts
    }

    /// Added, removed and changed mentions of one document.
    pub fn counts_of(&self, doc_id: &str) -> [u64; 3] {
        let mut counts = [0; 3];
        let doc = self.diff.documents.iter().find(|doc| doc.doc_id == doc_id);
        for row in doc.iter().flat_map(|doc| &doc.rows) {
            if row.table.mention_kind().is_some() {
                counts[change_index(row.change)] += 1;
            }
        }
        counts
    }
}

/// 0 added, 1 removed, 2 changed: the order counts are shown in.
fn change_index(change: ChangeKind) -> usize {
    match change {
        ChangeKind::Added => 0,
        ChangeKind::Removed => 1,
        ChangeKind::Changed => 2,
    }
}

/// The name the page uses for a change (`added`, `removed`, `changed`).
pub(crate) fn change_name(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_names_and_indexes_agree() {
        let all = [ChangeKind::Added, ChangeKind::Removed, ChangeKind::Changed];
        let names: Vec<_> = all.iter().map(|&c| change_name(c)).collect();
        assert_eq!(names, ["added", "removed", "changed"]);
        let indexes: Vec<_> = all.iter().map(|&c| change_index(c)).collect();
        assert_eq!(indexes, [0, 1, 2]);
    }
}
