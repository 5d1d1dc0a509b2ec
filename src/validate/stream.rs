//! `zhextract validate` on a dataset from disk, streamed: each table is read one row group
//! at a time (tables are sorted by `doc_id`), rows are regrouped into one [`DocRows`] per
//! document, and windows of documents are checked in parallel with the same per-document
//! checks a run uses. Memory is bounded by a row group per table and a window of
//! documents, not by the dataset.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::columns::{check_frame, check_structure};
use super::order::Sequence;
use super::report::{Problem, Report, Rule};
use super::trace::SourceAccess;
use super::{check_document, Scope};
use crate::read::{
    read_manifest, read_parquet_rows, row_groups, table_files, table_rows, ReadError,
};
use crate::write::rows::{DocRows, DocumentRow};
use crate::write::Table;

/// Documents checked per thread at a time.
const WINDOW_PER_THREAD: usize = 4;

/// Validates the dataset in `dir`: its structure from the Parquet footers, then every
/// document's rows, streamed. `source` gives access to the source files.
///
/// # Errors
/// When `dir` holds no readable manifest, or a table file fails while being read (its
/// footer having been readable).
pub fn check_dir(dir: &Path, source: &dyn SourceAccess) -> Result<Report, ReadError> {
    let manifest = read_manifest(dir)?;
    let mut report = check_structure(dir, &manifest);
    let broken: Vec<Table> = report.problems.iter().map(|p| p.table).collect();
    let mut scope = Scope::NONE;
    for table in Table::ALL.into_iter().filter(|t| !broken.contains(t)) {
        if sorted_by_doc_id(dir, table, &mut report)? {
            scope = scope.with(table);
        }
    }
    let mut tables = Tables::open(dir, scope)?;
    let mut sequence = Sequence::default();
    let window = rayon::current_num_threads().max(1) * WINDOW_PER_THREAD;
    loop {
        let mut groups = Vec::with_capacity(window);
        while groups.len() < window {
            let Some(group) = tables.next_group(&mut report)? else {
                break;
            };
            groups.push(group);
        }
        if groups.is_empty() {
            break;
        }
        let scope = tables.scope;
        let checked: Vec<Report> = groups
            .par_iter()
            .map(|(_, rows)| check_document(rows, scope, source))
            .collect();
        for ((duplicates, rows), checked) in groups.iter().zip(checked) {
            sequence.observe(rows, &mut report);
            for duplicate in duplicates {
                sequence.document(duplicate, &mut report);
            }
            report.absorb(checked);
        }
    }
    Ok(report)
}

/// Whether `table`'s `doc_id` column never goes back (read alone, a row group at a time),
/// which streaming it document by document needs; the first place it does is reported, and
/// the table's rows are then not checked.
fn sorted_by_doc_id(dir: &Path, table: Table, report: &mut Report) -> Result<bool, ReadError> {
    let mut previous = String::new();
    let mut row = 0_u64;
    for path in table_files(dir, table)? {
        let mut offset = 0;
        for len in row_groups(&path)? {
            let frame = read_parquet_rows(&path, offset, len, Some(&["doc_id"]))?;
            offset += len;
            let Ok(ids) = frame
                .column("doc_id")
                .and_then(|column| column.str().cloned())
            else {
                return Ok(false);
            };
            for doc_id in ids.iter() {
                let doc_id = doc_id.unwrap_or_default();
                if doc_id < previous.as_str() {
                    let detail = format!(
                        "doc_id {doc_id:?} sorts before the previous row's {previous:?}; rows \
                         not grouped by document cannot be checked, so the table's were not"
                    );
                    let mut problem = Problem::column(table, Rule::SortOrder, detail);
                    problem.row = Some(row);
                    report.push(problem);
                    return Ok(false);
                }
                if doc_id != previous {
                    doc_id.clone_into(&mut previous);
                }
                row += 1;
            }
        }
    }
    Ok(true)
}

/// A cursor over each usable table, and the scope (which shrinks when a row group turns out
/// to hold nulls where the contract has none).
struct Tables {
    cursors: Vec<Cursor>,
    scope: Scope,
}

impl Tables {
    fn open(dir: &Path, scope: Scope) -> Result<Self, ReadError> {
        let mut cursors = Vec::new();
        for table in Table::ALL.into_iter().filter(|&t| scope.contains(t)) {
            cursors.push(Cursor::open(dir, table)?);
        }
        Ok(Self { cursors, scope })
    }

    /// The smallest `doc_id` among the tables' next rows; `None` at the end.
    fn peek(&mut self, report: &mut Report) -> Result<Option<String>, ReadError> {
        let mut next: Option<String> = None;
        for cursor in &mut self.cursors {
            if let Some(doc_id) = cursor.peek(&mut self.scope, report)? {
                if next.as_deref().is_none_or(|n| doc_id < n) {
                    next = Some(doc_id.to_owned());
                }
            }
        }
        Ok(next)
    }

    /// The next document's rows (by smallest `doc_id` among the tables' next rows), with
    /// any `documents` rows repeating its `doc_id`; `None` at the end.
    fn next_group(
        &mut self,
        report: &mut Report,
    ) -> Result<Option<(Vec<DocumentRow>, DocRows)>, ReadError> {
        let Some(doc_id) = self.peek(report)? else {
            return Ok(None);
        };
        let mut rows = DocRows::default();
        let mut duplicates = Vec::new();
        for cursor in &mut self.cursors {
            cursor.take(&doc_id, &mut rows, &mut duplicates, &mut self.scope, report)?;
        }
        Ok(Some((duplicates, rows)))
    }
}

/// The documents of a dataset on disk, one [`DocRows`] at a time in `doc_id` order, read a
/// row group per table at a time: how `run --incremental` takes the previous dataset's rows
/// without holding it in memory.
pub struct DocumentStream {
    tables: Tables,
    problems: Report,
}

impl DocumentStream {
    /// Opens every table of the dataset in `dir`.
    ///
    /// # Errors
    /// When a table's files cannot be listed or their footers read.
    pub fn open(dir: &Path) -> Result<Self, ReadError> {
        Ok(Self {
            tables: Tables::open(dir, Scope::ALL)?,
            problems: Report::default(),
        })
    }

    /// The `doc_id` of the next document; `None` at the end.
    ///
    /// # Errors
    /// When a row group cannot be read.
    pub fn peek_doc_id(&mut self) -> Result<Option<String>, ReadError> {
        self.tables.peek(&mut self.problems)
    }

    /// The next document's rows; `None` at the end.
    ///
    /// # Errors
    /// When a row group cannot be read.
    pub fn next_document(&mut self) -> Result<Option<DocRows>, ReadError> {
        Ok(self
            .tables
            .next_group(&mut self.problems)?
            .map(|(_, rows)| rows))
    }

    /// True while every row read followed the contract (no table had to be dropped, so
    /// every document's rows are complete).
    #[must_use]
    pub fn is_sound(&self) -> bool {
        self.problems.is_ok() && self.tables.scope == Scope::ALL
    }
}

/// One table read a row group at a time, its rows waiting in a buffer.
struct Cursor {
    dir: PathBuf,
    table: Table,
    /// (file, row offset, rows) of every row group not read yet.
    groups: VecDeque<(PathBuf, usize, usize)>,
    /// Rows of the table read so far (for row numbers in problems).
    rows_read: u64,
    buffer: Buffer,
}

/// Rows read but not yet handed out, each table's in reverse order (the next row last), so
/// handing out a run is a `split_off`.
#[derive(Default)]
struct Buffer {
    documents: Vec<DocumentRow>,
    rows: DocRows,
}

impl Cursor {
    fn open(dir: &Path, table: Table) -> Result<Self, ReadError> {
        let mut groups = VecDeque::new();
        for path in table_files(dir, table)? {
            let mut offset = 0;
            for rows in row_groups(&path)? {
                groups.push_back((path.clone(), offset, rows));
                offset += rows;
            }
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            table,
            groups,
            rows_read: 0,
            buffer: Buffer::default(),
        })
    }

    /// The `doc_id` of the next row, reading row groups as needed; `None` at the end, or
    /// once the table turned out broken.
    fn peek(&mut self, scope: &mut Scope, report: &mut Report) -> Result<Option<&str>, ReadError> {
        while self.buffer.is_empty(self.table) {
            if !scope.contains(self.table) || !self.fill(scope, report)? {
                return Ok(None);
            }
        }
        Ok(self.buffer.front_doc_id(self.table))
    }

    /// Reads the next row group into the buffer; false when there is none. A row group
    /// with nulls the contract forbids is reported and makes the table unusable.
    fn fill(&mut self, scope: &mut Scope, report: &mut Report) -> Result<bool, ReadError> {
        let Some((path, offset, len)) = self.groups.pop_front() else {
            return Ok(false);
        };
        let frame = read_parquet_rows(&path, offset, len, None)?;
        let first_row = self.rows_read;
        self.rows_read += frame.height() as u64;
        if !check_frame(self.table, &frame, first_row, report) {
            *scope = scope.without(self.table);
            return Ok(false);
        }
        let (documents, rows) = match table_rows(&self.dir, self.table, &frame) {
            Ok(rows) => rows,
            Err(error) => {
                let problem =
                    super::Problem::column(self.table, Rule::ColumnType, error.to_string());
                report.push(problem);
                *scope = scope.without(self.table);
                return Ok(false);
            }
        };
        self.buffer = Buffer::reversed(documents, rows);
        Ok(true)
    }

    /// Moves the rows of `doc_id` at the front of the table into `rows` (the first
    /// `documents` row into `rows.document`, further ones into `duplicates`).
    fn take(
        &mut self,
        doc_id: &str,
        rows: &mut DocRows,
        duplicates: &mut Vec<DocumentRow>,
        scope: &mut Scope,
        report: &mut Report,
    ) -> Result<(), ReadError> {
        while self.peek(scope, report)? == Some(doc_id) {
            let run = self.buffer.run_length(self.table, doc_id);
            self.buffer.move_run(self.table, run, rows, duplicates);
        }
        Ok(())
    }
}

impl Buffer {
    fn reversed(mut documents: Vec<DocumentRow>, mut rows: DocRows) -> Self {
        documents.reverse();
        rows.sentences.reverse();
        rows.indicators.reverse();
        rows.dates.reverse();
        rows.organizations.reverse();
        rows.policies.reverse();
        Self { documents, rows }
    }

    fn len(&self, table: Table) -> usize {
        match table {
            Table::Documents => self.documents.len(),
            Table::Sentences => self.rows.sentences.len(),
            Table::Indicators => self.rows.indicators.len(),
            Table::Dates => self.rows.dates.len(),
            Table::Organizations => self.rows.organizations.len(),
            Table::Policies => self.rows.policies.len(),
        }
    }

    fn is_empty(&self, table: Table) -> bool {
        self.len(table) == 0
    }

    fn doc_id(&self, table: Table, index: usize) -> Option<&str> {
        let r = &self.rows;
        let doc_id = match table {
            Table::Documents => &self.documents.get(index)?.doc_id,
            Table::Sentences => &r.sentences.get(index)?.doc_id,
            Table::Indicators => &r.indicators.get(index)?.span.doc_id,
            Table::Dates => &r.dates.get(index)?.span.doc_id,
            Table::Organizations => &r.organizations.get(index)?.span.doc_id,
            Table::Policies => &r.policies.get(index)?.span.doc_id,
        };
        Some(doc_id)
    }

    fn front_doc_id(&self, table: Table) -> Option<&str> {
        self.doc_id(table, self.len(table).checked_sub(1)?)
    }

    /// How many rows from the front have `doc_id`.
    fn run_length(&self, table: Table, doc_id: &str) -> usize {
        (0..self.len(table))
            .rev()
            .take_while(|&i| self.doc_id(table, i) == Some(doc_id))
            .count()
    }

    /// Moves the `run` front rows of `table` into `rows` in table order (the first
    /// `documents` row into `rows.document`, further ones into `duplicates`).
    fn move_run(
        &mut self,
        table: Table,
        run: usize,
        rows: &mut DocRows,
        duplicates: &mut Vec<DocumentRow>,
    ) {
        fn front<T>(from: &mut Vec<T>, run: usize, to: &mut Vec<T>) {
            let run = from.split_off(from.len().saturating_sub(run));
            to.extend(run.into_iter().rev());
        }
        let r = &mut self.rows;
        match table {
            Table::Documents => {
                let mut documents = Vec::new();
                front(&mut self.documents, run, &mut documents);
                for document in documents {
                    if rows.document.is_none() {
                        rows.document = Some(document);
                    } else {
                        duplicates.push(document);
                    }
                }
            }
            Table::Sentences => front(&mut r.sentences, run, &mut rows.sentences),
            Table::Indicators => front(&mut r.indicators, run, &mut rows.indicators),
            Table::Dates => front(&mut r.dates, run, &mut rows.dates),
            Table::Organizations => front(&mut r.organizations, run, &mut rows.organizations),
            Table::Policies => front(&mut r.policies, run, &mut rows.policies),
        }
    }
}
