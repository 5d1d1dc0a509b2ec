//! Any dataset table as keyed rows of display strings, whatever columns it has.
//!
//! `diff` and `show` work on the tables as written (so a column the project adds later is
//! compared and shown without code changes here): every cell becomes the string a reader
//! wants (`2019-04-01` for a date, `8.3` for a float, `[a, b]` for a list, `null`), and every
//! row gets a [`RowKey`]: `doc_id` plus the original byte span (`documents` rows: the
//! `doc_id` alone).

use polars::prelude::{AnyValue, DataFrame, Series};

use crate::write::Table;

/// What identifies a row across two runs: (`doc_id`, `byte_start`, `byte_end`), plus an
/// occurrence number in the unlikely case two rows share a span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowKey {
    /// The document.
    pub doc_id: String,
    /// First original byte (0 for `documents`).
    pub byte_start: u64,
    /// One past the last original byte (0 for `documents`).
    pub byte_end: u64,
    /// 0 for the first row with this span.
    pub occurrence: u32,
}

/// One table, every cell formatted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowTable {
    /// Column names, in file order.
    pub columns: Vec<String>,
    /// Rows, in file order: key and one string per column.
    pub rows: Vec<(RowKey, Vec<String>)>,
}

impl RowTable {
    /// Formats every cell of `frame`.
    #[must_use]
    pub fn from_frame(frame: &DataFrame) -> Self {
        let columns: Vec<String> = frame
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let cells: Vec<Vec<String>> = frame
            .columns()
            .iter()
            .map(|column| format_series(column.as_materialized_series()))
            .collect();
        let position = |name: &str| columns.iter().position(|c| c == name);
        let (doc, start, end) = (
            position("doc_id"),
            position("byte_start"),
            position("byte_end"),
        );
        let cell = |column: Option<usize>, row: usize| {
            column
                .and_then(|c| cells[c].get(row))
                .map_or("", String::as_str)
        };
        let mut seen = std::collections::HashMap::new();
        let rows = (0..frame.height())
            .map(|row| {
                let mut key = RowKey {
                    doc_id: cell(doc, row).to_owned(),
                    byte_start: cell(start, row).parse().unwrap_or(0),
                    byte_end: cell(end, row).parse().unwrap_or(0),
                    occurrence: 0,
                };
                let count: &mut u32 = seen.entry(key.clone()).or_default();
                key.occurrence = *count;
                *count += 1;
                (key, cells.iter().map(|c| c[row].clone()).collect())
            })
            .collect();
        Self { columns, rows }
    }

    /// The index of column `name`.
    #[must_use]
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The cell of column `name` in `row` (a row of [`Self::rows`]).
    #[must_use]
    pub fn get<'a>(&self, row: &'a [String], name: &str) -> Option<&'a str> {
        self.column(name)
            .and_then(|index| row.get(index))
            .map(String::as_str)
    }
}

/// A human label for a row: its `mention_id`, `doc#sentence:start-end`, or the `doc_id`.
#[must_use]
pub fn row_label(table: Table, key: &RowKey) -> String {
    match table.mention_kind() {
        Some(kind) => format!("{}#{kind}:{}-{}", key.doc_id, key.byte_start, key.byte_end),
        None if table == Table::Sentences => {
            format!(
                "{}#sentence:{}-{}",
                key.doc_id, key.byte_start, key.byte_end
            )
        }
        None => key.doc_id.clone(),
    }
}

fn format_series(series: &Series) -> Vec<String> {
    if series.is_empty() {
        return Vec::new();
    }
    let series = series.rechunk();
    series.iter().map(|value| format_value(&value)).collect()
}

/// One cell as text: strings as they are, floats without a needless `.0`, dates ISO,
/// lists as `[a, b]`, null as `null`.
#[must_use]
pub fn format_value(value: &AnyValue<'_>) -> String {
    match value {
        AnyValue::Null => "null".to_owned(),
        AnyValue::String(text) => (*text).to_owned(),
        AnyValue::StringOwned(text) => text.to_string(),
        AnyValue::Float64(number) => crate::evaluate::listing::number(*number),
        AnyValue::Float32(number) => crate::evaluate::listing::number(f64::from(*number)),
        AnyValue::Date(days) => chrono::NaiveDate::from_num_days_from_ce_opt(days + 719_163)
            .map_or_else(|| days.to_string(), |date| date.to_string()),
        AnyValue::List(items) => format!("[{}]", format_series(items).join(", ")),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use polars::prelude::{Column, DataType, IntoColumn, NamedFrom};

    use super::*;

    #[test]
    fn formats_cells_and_keys_rows() {
        let date = Series::new("start".into(), [Some(17_987_i32), None])
            .cast(&DataType::Date)
            .unwrap();
        let frame = DataFrame::new(
            2,
            vec![
                Column::new("doc_id".into(), ["a.txt", "a.txt"]),
                Column::new("byte_start".into(), [3_u64, 3]),
                Column::new("byte_end".into(), [9_u64, 9]),
                Column::new("value".into(), [8.3_f64, 23_000.0]),
                date.into_column(),
            ],
        )
        .unwrap();
        let table = RowTable::from_frame(&frame);
        assert_eq!(table.rows[0].1, ["a.txt", "3", "9", "8.3", "2019-04-01"]);
        assert_eq!(table.rows[1].1[3..], ["23000", "null"]);
        assert_eq!(table.rows[1].0.occurrence, 1);
        assert_eq!(row_label(Table::Dates, &table.rows[0].0), "a.txt#date:3-9");
    }
}
