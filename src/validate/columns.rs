//! Column-level checks: every contract column present with its type (from a frame or from a
//! Parquet footer's schema), no null where SCHEMA.md does not allow one, and the structure of
//! a written dataset (every table file readable, row counts equal to the manifest's).

use std::path::Path;

use polars::prelude::{DataFrame, DataType, ParquetReader, SerReader};

use super::report::{Problem, Report, Rule};
use crate::read::table_files;
use crate::write::{Manifest, Table};

/// Whether `table`'s contract columns are present, typed and non-null where required in
/// `frame` (rows `first_row..` of the table); false when its rows cannot be read as row
/// structs.
pub(super) fn check_frame(
    table: Table,
    frame: &DataFrame,
    first_row: u64,
    report: &mut Report,
) -> bool {
    let types = frame
        .columns()
        .iter()
        .map(|column| (column.name().to_string(), column.dtype().clone()));
    if !check_types(table, types, report) {
        return false;
    }
    let mut usable = true;
    for spec in table.columns().iter().filter(|spec| !spec.nullable) {
        let Ok(column) = frame.column(spec.name) else {
            continue;
        };
        if column.null_count() == 0 {
            continue;
        }
        usable = false;
        let nulls = column.is_null();
        let rows = nulls
            .iter()
            .enumerate()
            .filter(|(_, null)| *null == Some(true));
        for (row, _) in rows {
            let id = row_id(table, frame, row);
            let detail = format!("{} is null", spec.name);
            let mut problem = Problem::at(table, row, id, Rule::NotNull, detail);
            problem.row = Some(first_row + row as u64);
            report.push(problem);
        }
    }
    usable
}

/// Whether every contract column of `table` is among `columns` (name, type) with its type.
pub(super) fn check_types(
    table: Table,
    columns: impl Iterator<Item = (String, DataType)>,
    report: &mut Report,
) -> bool {
    let columns: Vec<(String, DataType)> = columns.collect();
    let mut usable = true;
    for spec in table.columns() {
        let name = spec.name;
        let Some((_, found)) = columns.iter().find(|(column, _)| column == name) else {
            let detail = format!("column {name} is missing");
            report.push(Problem::column(table, Rule::MissingColumn, detail));
            usable = false;
            continue;
        };
        let expected = spec.column_type.dtype();
        if *found != expected {
            let detail = format!("column {name} is {found}, SCHEMA.md says {expected}");
            report.push(Problem::column(table, Rule::ColumnType, detail));
            usable = false;
        }
    }
    usable
}

/// The `mention_id` (or `doc_id`) of a row, for reporting a column problem.
fn row_id(table: Table, frame: &DataFrame, row: usize) -> Option<String> {
    let name = if table.mention_kind().is_some() {
        "mention_id"
    } else {
        "doc_id"
    };
    let ids = frame.column(name).ok()?.str().ok()?;
    ids.get(row).map(str::to_owned)
}

/// The structure of the dataset in `dir`, from the Parquet footers only (no row is read):
/// every table's files are readable Parquet with the contract's columns and types, and hold
/// as many rows as `manifest` says. This is what a run checks after writing: the rows were
/// validated as they were made.
#[must_use]
pub fn check_structure(dir: &Path, manifest: &Manifest) -> Report {
    let mut report = Report::default();
    for table in Table::ALL {
        let Some(rows) = table_structure(dir, table, &mut report) else {
            continue;
        };
        let expected = manifest.row_counts.get(&table).copied();
        if expected != Some(rows) {
            let expected = expected.map_or_else(|| "no count".to_owned(), |n| n.to_string());
            let detail = format!("the files hold {rows} rows, manifest.json says {expected}");
            report.push(Problem::column(table, Rule::TableFile, detail));
        }
    }
    report
}

/// Checks the footers of `table`'s files; the rows they hold, when all are readable.
fn table_structure(dir: &Path, table: Table, report: &mut Report) -> Option<u64> {
    let mut fail = |detail: String| report.push(Problem::column(table, Rule::TableFile, detail));
    let files = table_files(dir, table)
        .map_err(|error| fail(error.to_string()))
        .ok()?;
    let mut rows = 0;
    for path in &files {
        let (types, count) = match footer(path) {
            Ok(footer) => footer,
            Err(detail) => {
                report.push(Problem::column(table, Rule::TableFile, detail));
                return None;
            }
        };
        if !check_types(table, types.into_iter(), report) {
            return None;
        }
        rows += count;
    }
    Some(rows)
}

/// A Parquet file's columns (name, Polars type) and row count, from its footer.
fn footer(path: &Path) -> Result<(Vec<(String, DataType)>, u64), String> {
    let failed = |error: &dyn std::fmt::Display| {
        format!(
            "cannot read the Parquet footer of {}: {error}; the file is damaged or not \
             Parquet: run `zhextract run` again to rewrite the dataset",
            path.display()
        )
    };
    let file = std::fs::File::open(path).map_err(|error| failed(&error))?;
    let mut reader = ParquetReader::new(file);
    let schema = reader.schema().map_err(|error| failed(&error))?;
    let rows = reader.num_rows().map_err(|error| failed(&error))?;
    let types = schema
        .iter()
        .map(|(name, field)| (name.to_string(), DataType::from_arrow_field(field)))
        .collect();
    Ok((types, rows as u64))
}
