//! The validation [`Report`]: counts per rule and a bounded sample of problems, merged
//! document by document in `doc_id` order.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::write::Table;

/// How many problems of one rule a [`Report`] keeps (all are counted).
pub const KEPT_PER_RULE: usize = 100;

/// Which invariant a problem breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// A contract column is missing.
    MissingColumn,
    /// A contract column has another type.
    ColumnType,
    /// A null in a column SCHEMA.md does not call nullable.
    NotNull,
    /// An enumeration column holds a value outside its set.
    AllowedValue,
    /// A `mention_id`, `doc_id` or (`doc_id`, `sentence_id`) occurs twice.
    DuplicateId,
    /// A `mention_id` is not `{doc_id}#{kind}:{byte_start}-{byte_end}`.
    MentionIdFormat,
    /// Rows are not sorted by `doc_id`, `byte_start`, `byte_end`.
    SortOrder,
    /// A start after its end (bytes, lines, dates, periods, value ranges).
    Range,
    /// A row of a document missing from `documents` or marked failed.
    DocumentReference,
    /// `sentence_id` names no sentence of the document, or the mention does not start in it.
    SentenceReference,
    /// `date_mention_id` names no `dates` row of the same document, or the period differs.
    DateReference,
    /// A `documents` row contradicts itself, its sentences or its file.
    DocumentFields,
    /// A value breaks a column's meaning (non-finite number, unresolved date, …).
    Content,
    /// The source file is unreadable or no longer the file that was processed.
    SourceUnavailable,
    /// Decoding `file[byte_start..byte_end]` does not give `source_text`.
    SourceText,
    /// Normalizing `source_text` does not give `text`.
    NormalizedText,
    /// `line_start`/`line_end` are not the lines of the first and last byte.
    Lines,
    /// A table file is unreadable, or its row count differs from the manifest's.
    TableFile,
}

impl Rule {
    /// The rule's name as it appears in reports and JSON (`source_text`).
    #[must_use]
    pub fn name(self) -> String {
        let name = serde_json::to_value(self).ok();
        name.and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// One broken invariant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The table holding the offending row or column.
    pub table: Table,
    /// 0-based row index in the table (`None` for a column-level problem).
    pub row: Option<u64>,
    /// `mention_id`, `doc_id`, or `{doc_id}#sentence:{sentence_id}` of the row.
    pub id: Option<String>,
    /// The invariant.
    pub rule: Rule,
    /// What was found, with the values involved.
    pub detail: String,
}

impl Problem {
    pub(super) fn at(
        table: Table,
        row: usize,
        id: Option<String>,
        rule: Rule,
        detail: String,
    ) -> Self {
        Self {
            table,
            row: Some(row as u64),
            id,
            rule,
            detail,
        }
    }

    pub(super) fn column(table: Table, rule: Rule, detail: String) -> Self {
        Self {
            table,
            row: None,
            id: None,
            rule,
            detail,
        }
    }
}

/// The outcome of [`super::check`] and [`super::check_document`]: counts per rule, the first problems of each rule, and what was
/// covered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Problems per rule (all of them).
    pub problem_counts: BTreeMap<Rule, u64>,
    /// Up to [`KEPT_PER_RULE`] problems per rule, in discovery order.
    pub problems: Vec<Problem>,
    /// Rows per table that were checked (a table with broken columns has no entry).
    pub rows_checked: BTreeMap<Table, u64>,
    /// Sentence and mention rows traced back to their source bytes.
    pub rows_traced: u64,
    /// Source files read to trace them.
    pub documents_traced: u64,
}

impl Report {
    /// True when no invariant is broken.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.problem_counts.is_empty()
    }

    /// Number of problems found.
    #[must_use]
    pub fn problem_count(&self) -> u64 {
        self.problem_counts.values().sum()
    }

    /// The report as JSON (the same form `manifest.json` stores).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// Human-readable: a summary line, then per rule its count and up to `per_rule` problems
    /// (table, row, id, and what is wrong).
    #[must_use]
    pub fn render(&self, per_rule: usize) -> String {
        let rows: u64 = self.rows_checked.values().sum();
        let (tables, traced) = (self.rows_checked.len(), self.rows_traced);
        let coverage = format!(
            "{rows} rows in {tables} tables, {traced} rows traced to {} source files",
            self.documents_traced
        );
        if self.is_ok() {
            return format!("validation passed: {coverage}\n");
        }
        let total = self.problem_count();
        let mut out = format!("validation failed: {total} problems ({coverage})\n");
        for (&rule, &count) in &self.problem_counts {
            let _ = writeln!(out, "  {}: {count}", rule.name());
            let shown: Vec<_> = self
                .problems
                .iter()
                .filter(|p| p.rule == rule)
                .take(per_rule)
                .collect();
            for problem in &shown {
                let row = problem
                    .row
                    .map(|row| format!(" row {row}"))
                    .unwrap_or_default();
                let id = problem
                    .id
                    .as_deref()
                    .map(|id| format!(" ({id})"))
                    .unwrap_or_default();
                let _ = writeln!(out, "    {}{row}{id}: {}", problem.table, problem.detail);
            }
            if count > shown.len() as u64 {
                let _ = writeln!(out, "    … and {} more", count - shown.len() as u64);
            }
        }
        out
    }

    /// Adds the report of the next document (its rows numbered from 0 in each table):
    /// its rows are numbered after the ones already checked, its counts added, and its
    /// problems kept while the rule has fewer than [`KEPT_PER_RULE`].
    pub fn absorb(&mut self, document: Report) {
        let mut kept: BTreeMap<Rule, u64> = BTreeMap::new();
        for mut problem in document.problems {
            let kept = kept.entry(problem.rule).or_insert_with(|| {
                let count = self.problem_counts.get(&problem.rule).copied();
                count.unwrap_or(0).min(KEPT_PER_RULE as u64)
            });
            if *kept >= KEPT_PER_RULE as u64 {
                continue;
            }
            *kept += 1;
            if let Some(row) = problem.row.as_mut() {
                *row += self.rows_checked.get(&problem.table).copied().unwrap_or(0);
            }
            self.problems.push(problem);
        }
        for (rule, count) in document.problem_counts {
            *self.problem_counts.entry(rule).or_insert(0) += count;
        }
        for (table, rows) in document.rows_checked {
            *self.rows_checked.entry(table).or_insert(0) += rows;
        }
        self.rows_traced += document.rows_traced;
        self.documents_traced += document.documents_traced;
    }

    pub(super) fn push(&mut self, problem: Problem) {
        let count = self.problem_counts.entry(problem.rule).or_insert(0);
        *count += 1;
        if *count <= KEPT_PER_RULE as u64 {
            self.problems.push(problem);
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(10))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(table: Table, row: usize, rule: Rule) -> Problem {
        Problem::at(table, row, None, rule, "x".to_owned())
    }

    #[test]
    fn reports_count_everything_but_keep_a_sample() {
        let mut report = Report::default();
        for row in 0..KEPT_PER_RULE + 5 {
            report.push(problem(Table::Dates, row, Rule::Lines));
        }
        assert_eq!(report.problem_count(), KEPT_PER_RULE as u64 + 5);
        assert_eq!(report.problems.len(), KEPT_PER_RULE);
        let text = report.render(2);
        assert!(
            text.contains("  lines: 105\n    dates row 0: x\n    dates row 1: x\n"),
            "{text}"
        );
        assert!(text.contains("… and 103 more"), "{text}");
        let json = serde_json::to_string(&report).unwrap();
        assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), report);
        assert_eq!(report.to_json()["problem_counts"]["lines"], 105);
    }

    #[test]
    fn absorbing_numbers_rows_after_the_previous_documents_and_keeps_the_first() {
        let mut merged = Report::default();
        for _ in 0..3 {
            let mut document = Report::default();
            document.rows_checked.insert(Table::Dates, 60);
            for row in 0..60 {
                document.push(problem(Table::Dates, row, Rule::Lines));
            }
            document.push(Problem::column(Table::Dates, Rule::Content, "c".to_owned()));
            merged.absorb(document);
        }
        assert_eq!(merged.problem_counts[&Rule::Lines], 180);
        assert_eq!(merged.problem_counts[&Rule::Content], 3);
        assert_eq!(merged.rows_checked[&Table::Dates], 180);
        let lines: Vec<u64> = merged
            .problems
            .iter()
            .filter(|p| p.rule == Rule::Lines)
            .filter_map(|p| p.row)
            .collect();
        assert_eq!(lines, (0..KEPT_PER_RULE as u64).collect::<Vec<_>>());
        assert!(merged
            .problems
            .iter()
            .any(|p| p.rule == Rule::Content && p.row.is_none()));
    }
}
