//! The dataset contract of `/work/shared/SCHEMA.md` as code: one explicit column list, and
//! so one Polars [`Schema`], per output table, and the conversion of row structs into
//! [`DataFrame`]s of exactly that schema.
//!
//! Place in the pipeline: `ingest → normalize → segment → extract → validate → write`. This is
//! the `write` stage's single source of truth about columns. [`crate::write::parquet`] writes
//! frames built here, [`crate::read`] reads them back, and [`crate::validate`] checks a
//! written dataset against the same [`ColumnSpec`]s (types, nullability, allowed values), so
//! the three can never disagree about the contract.
//!
//! Column order is SCHEMA.md order, followed by the columns this project adds
//! ([`ColumnSpec::added`]). Parquet and Polars columns are physically always nullable;
//! [`ColumnSpec::nullable`] records what the contract allows, and the validator enforces it.

use polars::prelude::{
    Column, DataFrame, DataType, IntoColumn, ListBuilderTrait, ListStringChunkedBuilder, NamedFrom,
    PolarsResult, Schema, Series,
};
use serde::{Deserialize, Serialize};

use super::rows::{
    DateRow, DocumentRow, IndicatorRow, OrganizationRow, PolicyRow, SentenceRow, SpanColumns,
};

/// The logical type of a column, as SCHEMA.md names it.
///
/// A separate enum (rather than Polars' `DataType`) so the column tables below can be
/// `const` data; [`ColumnType::dtype`] gives the Polars type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// Arrow/Polars `Utf8` (`String` in Polars).
    Utf8,
    /// `UInt32`.
    UInt32,
    /// `UInt64`.
    UInt64,
    /// `Float64`.
    Float64,
    /// `Boolean`.
    Boolean,
    /// `Date` (days since 1970-01-01).
    Date,
    /// `List<Utf8>`.
    ListUtf8,
}

impl ColumnType {
    /// The Polars data type that represents this column in memory and in Parquet.
    #[must_use]
    pub fn dtype(self) -> DataType {
        match self {
            Self::Utf8 => DataType::String,
            Self::UInt32 => DataType::UInt32,
            Self::UInt64 => DataType::UInt64,
            Self::Float64 => DataType::Float64,
            Self::Boolean => DataType::Boolean,
            Self::Date => DataType::Date,
            Self::ListUtf8 => DataType::List(Box::new(DataType::String)),
        }
    }
}

/// One column of the contract: its name, type, whether nulls are allowed, and the closed set
/// of values an enumeration column may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Column name, exactly as in SCHEMA.md.
    pub name: &'static str,
    /// Logical type.
    pub column_type: ColumnType,
    /// True when SCHEMA.md says "nullable"; every other column must be non-null.
    pub nullable: bool,
    /// True for columns this project adds beyond SCHEMA.md (allowed by the contract).
    pub added: bool,
    /// For enumeration columns, the allowed values (nulls are governed by `nullable`).
    pub allowed: Option<&'static [&'static str]>,
}

const fn col(name: &'static str, column_type: ColumnType) -> ColumnSpec {
    ColumnSpec {
        name,
        column_type,
        nullable: false,
        added: false,
        allowed: None,
    }
}

const fn nullable(name: &'static str, column_type: ColumnType) -> ColumnSpec {
    ColumnSpec {
        name,
        column_type,
        nullable: true,
        added: false,
        allowed: None,
    }
}

const fn added(name: &'static str, column_type: ColumnType) -> ColumnSpec {
    ColumnSpec {
        name,
        column_type,
        nullable: false,
        added: true,
        allowed: None,
    }
}

const fn one_of(name: &'static str, allowed: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec {
        name,
        column_type: ColumnType::Utf8,
        nullable: false,
        added: false,
        allowed: Some(allowed),
    }
}

const fn nullable_one_of(name: &'static str, allowed: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec {
        name,
        column_type: ColumnType::Utf8,
        nullable: true,
        added: false,
        allowed: Some(allowed),
    }
}

/// `indicators.unit`.
pub const UNITS: &[&str] = &[
    "CNY",
    "USD",
    "HKD",
    "TWD",
    "MOP",
    "EUR",
    "JPY",
    "GBP",
    "percent",
    "percentage_point",
    "count",
    "person_year",
    "m2",
    "km2",
    "ha",
    "mu",
    "km",
    "m",
    "ton",
    "hour",
    "minute",
    "day",
    "month",
    "year",
    "fraction",
    "multiple",
    "other",
];
/// `indicators.qualifier`.
pub const QUALIFIERS: &[&str] = &["approx", "more_than", "at_least", "less_than", "at_most"];
/// `indicators.measure`.
pub const MEASURES: &[&str] = &["level", "growth", "share"];
/// `dates.granularity`.
pub const GRANULARITIES: &[&str] = &[
    "day",
    "month",
    "quarter",
    "year",
    "multi_year",
    "decade",
    "century",
];
/// `organizations.org_type`.
pub const ORG_TYPES: &[&str] = &[
    "company",
    "government",
    "university",
    "research_institute",
    "association",
    "media",
    "international",
    "other",
];
/// `policies.policy_type`.
pub const POLICY_TYPES: &[&str] = &[
    "law",
    "regulation",
    "plan",
    "opinion",
    "decision",
    "notice",
    "measures",
    "document",
    "initiative",
    "other",
];
/// `documents.status`.
pub const STATUSES: &[&str] = &["ok", "error"];
/// `documents.script` of a processed document; a failed one may also say [`UNKNOWN`].
pub const SCRIPTS: &[&str] = &["simplified", "traditional", "mixed"];
/// `documents.encoding` of a processed document (what `ingest` can detect); a failed one
/// may also say [`UNKNOWN`].
pub const ENCODINGS: &[&str] = &["UTF-8", "GB18030", "Big5", "UTF-16LE", "UTF-16BE"];
/// The `script`/`encoding` of a document that failed before they could be determined.
pub const UNKNOWN: &str = "unknown";

const SPAN: [ColumnSpec; 10] = [
    col("doc_id", ColumnType::Utf8),
    col("mention_id", ColumnType::Utf8),
    col("sentence_id", ColumnType::UInt32),
    col("line_start", ColumnType::UInt32),
    col("line_end", ColumnType::UInt32),
    col("byte_start", ColumnType::UInt64),
    col("byte_end", ColumnType::UInt64),
    col("source_text", ColumnType::Utf8),
    col("text", ColumnType::Utf8),
    col("rule", ColumnType::Utf8),
];

const fn mention<const N: usize, const M: usize>(own: [ColumnSpec; N]) -> [ColumnSpec; M] {
    let mut out = [col("", ColumnType::Utf8); M];
    let mut i = 0;
    while i < SPAN.len() {
        out[i] = SPAN[i];
        i += 1;
    }
    while i < M {
        out[i] = own[i - SPAN.len()];
        i += 1;
    }
    out
}

const INDICATORS: [ColumnSpec; 20] = mention([
    col("value", ColumnType::Float64),
    nullable("value_high", ColumnType::Float64),
    one_of("unit", UNITS),
    col("unit_text", ColumnType::Utf8),
    nullable_one_of("qualifier", QUALIFIERS),
    one_of("measure", MEASURES),
    nullable("subject", ColumnType::Utf8),
    nullable("date_mention_id", ColumnType::Utf8),
    nullable("period_start", ColumnType::Date),
    nullable("period_end", ColumnType::Date),
]);

const DATES: [ColumnSpec; 15] = mention([
    nullable("start", ColumnType::Date),
    nullable("end", ColumnType::Date),
    one_of("granularity", GRANULARITIES),
    col("relative", ColumnType::Boolean),
    nullable("reference_date", ColumnType::Date),
]);

const ORGANIZATIONS: [ColumnSpec; 12] =
    mention([col("name", ColumnType::Utf8), one_of("org_type", ORG_TYPES)]);

const POLICIES: [ColumnSpec; 14] = mention([
    col("title", ColumnType::Utf8),
    one_of("policy_type", POLICY_TYPES),
    nullable("issuer", ColumnType::Utf8),
    nullable("date_mention_id", ColumnType::Utf8),
]);

/// `script` and `encoding` list their values but also admit [`UNKNOWN`] on error rows, which
/// the validator checks itself; so they carry no `allowed` set here.
const DOCUMENTS: [ColumnSpec; 13] = [
    col("doc_id", ColumnType::Utf8),
    col("source_path", ColumnType::Utf8),
    col("sha256", ColumnType::Utf8),
    col("bytes", ColumnType::UInt64),
    col("encoding", ColumnType::Utf8),
    col("script", ColumnType::Utf8),
    col("n_lines", ColumnType::UInt32),
    col("n_sentences", ColumnType::UInt32),
    nullable("doc_date", ColumnType::Date),
    nullable("title", ColumnType::Utf8),
    one_of("status", STATUSES),
    nullable("error", ColumnType::Utf8),
    added("invalid_sequences", ColumnType::UInt64),
];

const SENTENCES: [ColumnSpec; 11] = [
    col("doc_id", ColumnType::Utf8),
    col("sentence_id", ColumnType::UInt32),
    col("line_start", ColumnType::UInt32),
    col("line_end", ColumnType::UInt32),
    col("byte_start", ColumnType::UInt64),
    col("byte_end", ColumnType::UInt64),
    col("text", ColumnType::Utf8),
    col("tokens", ColumnType::ListUtf8),
    col("pos", ColumnType::ListUtf8),
    added("source_text", ColumnType::Utf8),
    added("artifact", ColumnType::Boolean),
];

/// The six tables of the dataset, in the order they are written and reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// One row per input document, including failed ones.
    Documents,
    /// One row per sentence of a successfully processed document.
    Sentences,
    /// Numeric indicator mentions.
    Indicators,
    /// Date and time-period mentions.
    Dates,
    /// Organization mentions.
    Organizations,
    /// Policy-instrument mentions.
    Policies,
}

impl Table {
    /// Every table, in writing order.
    pub const ALL: [Table; 6] = [
        Table::Documents,
        Table::Sentences,
        Table::Indicators,
        Table::Dates,
        Table::Organizations,
        Table::Policies,
    ];

    /// The table's name: the file stem (`dates` for `dates.parquet` or `dates/`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Documents => "documents",
            Self::Sentences => "sentences",
            Self::Indicators => "indicators",
            Self::Dates => "dates",
            Self::Organizations => "organizations",
            Self::Policies => "policies",
        }
    }

    /// The table called `name` (`"dates"` → [`Table::Dates`]).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Table> {
        Self::ALL.into_iter().find(|table| table.name() == name)
    }

    /// The single-file name the writer uses, `<name>.parquet`.
    #[must_use]
    pub fn file_name(self) -> String {
        format!("{}.parquet", self.name())
    }

    /// The `{kind}` of `mention_id` (`{doc_id}#{kind}:{byte_start}-{byte_end}`) for a
    /// mention table; `None` for `documents` and `sentences`.
    #[must_use]
    pub fn mention_kind(self) -> Option<&'static str> {
        match self {
            Self::Documents | Self::Sentences => None,
            Self::Indicators => Some("indicator"),
            Self::Dates => Some("date"),
            Self::Organizations => Some("organization"),
            Self::Policies => Some("policy"),
        }
    }

    /// The contract's columns, SCHEMA.md order first, then added columns.
    #[must_use]
    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            Self::Documents => &DOCUMENTS,
            Self::Sentences => &SENTENCES,
            Self::Indicators => &INDICATORS,
            Self::Dates => &DATES,
            Self::Organizations => &ORGANIZATIONS,
            Self::Policies => &POLICIES,
        }
    }

    /// The column named `name`, if the contract has one.
    #[must_use]
    pub fn column(self, name: &str) -> Option<&'static ColumnSpec> {
        self.columns().iter().find(|spec| spec.name == name)
    }

    /// The explicit Polars schema every file of this table is written with.
    #[must_use]
    pub fn schema(self) -> Schema {
        self.columns()
            .iter()
            .map(|spec| (spec.name.into(), spec.column_type.dtype()))
            .collect()
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A row struct that is one row of one table: how a batch of rows becomes a [`DataFrame`]
/// with exactly [`Table::schema`].
pub trait TableRow: Sized {
    /// The table these rows belong to.
    const TABLE: Table;

    /// Builds the columns, in [`Table::columns`] order.
    fn columns(rows: &[Self]) -> Vec<Column>;

    /// Estimated memory of the row (struct and heap), so the writer can bound its buffers
    /// by bytes as well as rows. Counts string lengths, never capacities, so it is the
    /// same on every run and row groups (and files) stay deterministic.
    fn heap_bytes(&self) -> usize;

    /// The rows as one single-chunk frame (one Parquet row group when written).
    ///
    /// # Errors
    /// When Polars rejects the columns (different lengths), a bug in [`TableRow::columns`].
    fn frame(rows: &[Self]) -> PolarsResult<DataFrame> {
        DataFrame::new(rows.len(), Self::columns(rows))
    }
}

/// Allocator bookkeeping charged per heap allocation (a non-empty string) by
/// [`TableRow::heap_bytes`].
const ALLOCATION_OVERHEAD: usize = 16;

/// Estimated heap bytes of owned strings.
fn strings_bytes<'a>(strings: impl IntoIterator<Item = &'a str>) -> usize {
    strings
        .into_iter()
        .map(|s| {
            if s.is_empty() {
                0
            } else {
                s.len() + ALLOCATION_OVERHEAD
            }
        })
        .sum()
}

/// Estimated bytes of a list of owned strings: the list's slots and each string.
fn string_list_bytes(list: &[String]) -> usize {
    std::mem::size_of_val(list) + strings_bytes(list.iter().map(String::as_str))
}

/// Estimated heap bytes of the span columns.
fn span_bytes(span: &SpanColumns) -> usize {
    strings_bytes([
        span.doc_id.as_str(),
        &span.mention_id,
        &span.source_text,
        &span.text,
        &span.rule,
    ])
}

fn column<T, P: ?Sized>(name: &str, values: T) -> Column
where
    Series: NamedFrom<T, P>,
{
    Series::new(name.into(), values).into_column()
}

fn strings<'a, R: 'a>(name: &str, rows: &'a [R], get: impl Fn(&'a R) -> &'a str) -> Column {
    column(name, rows.iter().map(get).collect::<Vec<&str>>())
}

fn optional_strings<'a, R: 'a>(
    name: &str,
    rows: &'a [R],
    get: impl Fn(&'a R) -> Option<&'a str>,
) -> Column {
    column(name, rows.iter().map(get).collect::<Vec<Option<&str>>>())
}

fn string_lists<'a, R: 'a>(
    name: &str,
    rows: &'a [R],
    get: impl Fn(&'a R) -> &'a [String],
) -> Column {
    let values = rows.iter().map(|row| get(row).len()).sum();
    let mut builder = ListStringChunkedBuilder::new(name.into(), rows.len(), values);
    for row in rows {
        builder.append_values_iter(get(row).iter().map(String::as_str));
    }
    builder.finish().into_column()
}

fn span_columns<'a, R: 'a>(rows: &'a [R], span: impl Fn(&'a R) -> &'a SpanColumns) -> Vec<Column> {
    let get =
        |field: fn(&SpanColumns) -> u32| rows.iter().map(|r| field(span(r))).collect::<Vec<_>>();
    let get64 =
        |field: fn(&SpanColumns) -> u64| rows.iter().map(|r| field(span(r))).collect::<Vec<_>>();
    vec![
        strings("doc_id", rows, |r| &span(r).doc_id),
        strings("mention_id", rows, |r| &span(r).mention_id),
        column("sentence_id", get(|s| s.sentence_id)),
        column("line_start", get(|s| s.line_start)),
        column("line_end", get(|s| s.line_end)),
        column("byte_start", get64(|s| s.byte_start)),
        column("byte_end", get64(|s| s.byte_end)),
        strings("source_text", rows, |r| &span(r).source_text),
        strings("text", rows, |r| &span(r).text),
        strings("rule", rows, |r| &span(r).rule),
    ]
}

macro_rules! values {
    ($name:literal, $rows:expr, |$row:ident| $get:expr) => {
        column($name, $rows.iter().map(|$row| $get).collect::<Vec<_>>())
    };
}

impl TableRow for DocumentRow {
    const TABLE: Table = Table::Documents;

    fn columns(rows: &[Self]) -> Vec<Column> {
        vec![
            strings("doc_id", rows, |r| &r.doc_id),
            strings("source_path", rows, |r| &r.source_path),
            strings("sha256", rows, |r| &r.sha256),
            values!("bytes", rows, |r| r.bytes),
            strings("encoding", rows, |r| &r.encoding),
            strings("script", rows, |r| &r.script),
            values!("n_lines", rows, |r| r.n_lines),
            values!("n_sentences", rows, |r| r.n_sentences),
            values!("doc_date", rows, |r| r.doc_date),
            optional_strings("title", rows, |r| r.title.as_deref()),
            strings("status", rows, |r| &r.status),
            optional_strings("error", rows, |r| r.error.as_deref()),
            values!("invalid_sequences", rows, |r| r.invalid_sequences),
        ]
    }

    fn heap_bytes(&self) -> usize {
        let optional = [self.title.as_deref(), self.error.as_deref()];
        std::mem::size_of::<Self>()
            + strings_bytes([
                self.doc_id.as_str(),
                &self.source_path,
                &self.sha256,
                &self.encoding,
                &self.script,
                &self.status,
            ])
            + strings_bytes(optional.into_iter().flatten())
    }
}

impl TableRow for SentenceRow {
    const TABLE: Table = Table::Sentences;

    fn columns(rows: &[Self]) -> Vec<Column> {
        vec![
            strings("doc_id", rows, |r| &r.doc_id),
            values!("sentence_id", rows, |r| r.sentence_id),
            values!("line_start", rows, |r| r.line_start),
            values!("line_end", rows, |r| r.line_end),
            values!("byte_start", rows, |r| r.byte_start),
            values!("byte_end", rows, |r| r.byte_end),
            strings("text", rows, |r| &r.text),
            string_lists("tokens", rows, |r| &r.tokens),
            string_lists("pos", rows, |r| &r.pos),
            strings("source_text", rows, |r| &r.source_text),
            values!("artifact", rows, |r| r.artifact),
        ]
    }

    fn heap_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + strings_bytes([self.doc_id.as_str(), &self.text, &self.source_text])
            + string_list_bytes(&self.tokens)
            + string_list_bytes(&self.pos)
    }
}

impl TableRow for IndicatorRow {
    const TABLE: Table = Table::Indicators;

    fn columns(rows: &[Self]) -> Vec<Column> {
        let mut columns = span_columns(rows, |r| &r.span);
        columns.extend([
            values!("value", rows, |r| r.value),
            values!("value_high", rows, |r| r.value_high),
            strings("unit", rows, |r| &r.unit),
            strings("unit_text", rows, |r| &r.unit_text),
            optional_strings("qualifier", rows, |r| r.qualifier.as_deref()),
            strings("measure", rows, |r| &r.measure),
            optional_strings("subject", rows, |r| r.subject.as_deref()),
            optional_strings("date_mention_id", rows, |r| r.date_mention_id.as_deref()),
            values!("period_start", rows, |r| r.period_start),
            values!("period_end", rows, |r| r.period_end),
        ]);
        columns
    }

    fn heap_bytes(&self) -> usize {
        let optional = [
            self.qualifier.as_deref(),
            self.subject.as_deref(),
            self.date_mention_id.as_deref(),
        ];
        std::mem::size_of::<Self>()
            + span_bytes(&self.span)
            + strings_bytes([self.unit.as_str(), &self.unit_text, &self.measure])
            + strings_bytes(optional.into_iter().flatten())
    }
}

impl TableRow for DateRow {
    const TABLE: Table = Table::Dates;

    fn columns(rows: &[Self]) -> Vec<Column> {
        let mut columns = span_columns(rows, |r| &r.span);
        columns.extend([
            values!("start", rows, |r| r.start),
            values!("end", rows, |r| r.end),
            strings("granularity", rows, |r| &r.granularity),
            values!("relative", rows, |r| r.relative),
            values!("reference_date", rows, |r| r.reference_date),
        ]);
        columns
    }

    fn heap_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + span_bytes(&self.span)
            + strings_bytes([self.granularity.as_str()])
    }
}

impl TableRow for OrganizationRow {
    const TABLE: Table = Table::Organizations;

    fn columns(rows: &[Self]) -> Vec<Column> {
        let mut columns = span_columns(rows, |r| &r.span);
        columns.extend([
            strings("name", rows, |r| &r.name),
            strings("org_type", rows, |r| &r.org_type),
        ]);
        columns
    }

    fn heap_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + span_bytes(&self.span)
            + strings_bytes([self.name.as_str(), &self.org_type])
    }
}

impl TableRow for PolicyRow {
    const TABLE: Table = Table::Policies;

    fn columns(rows: &[Self]) -> Vec<Column> {
        let mut columns = span_columns(rows, |r| &r.span);
        columns.extend([
            strings("title", rows, |r| &r.title),
            strings("policy_type", rows, |r| &r.policy_type),
            optional_strings("issuer", rows, |r| r.issuer.as_deref()),
            optional_strings("date_mention_id", rows, |r| r.date_mention_id.as_deref()),
        ]);
        columns
    }

    fn heap_bytes(&self) -> usize {
        let optional = [self.issuer.as_deref(), self.date_mention_id.as_deref()];
        std::mem::size_of::<Self>()
            + span_bytes(&self.span)
            + strings_bytes([self.title.as_str(), &self.policy_type])
            + strings_bytes(optional.into_iter().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_frame_matches<R: TableRow>(rows: &[R]) {
        let frame = R::frame(rows).unwrap();
        assert_eq!(**frame.schema(), R::TABLE.schema(), "{}", R::TABLE);
        assert_eq!(frame.height(), rows.len());
    }

    #[test]
    fn every_table_builds_a_frame_of_its_schema_even_when_empty() {
        assert_frame_matches::<DocumentRow>(&[]);
        assert_frame_matches::<SentenceRow>(&[]);
        assert_frame_matches::<IndicatorRow>(&[]);
        assert_frame_matches::<DateRow>(&[]);
        assert_frame_matches::<OrganizationRow>(&[]);
        assert_frame_matches::<PolicyRow>(&[]);
    }

    #[test]
    fn schema_md_columns_come_first_and_in_order() {
        let names: Vec<_> = Table::Dates.columns().iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "doc_id",
                "mention_id",
                "sentence_id",
                "line_start",
                "line_end",
                "byte_start",
                "byte_end",
                "source_text",
                "text",
                "rule",
                "start",
                "end",
                "granularity",
                "relative",
                "reference_date"
            ]
        );
        for table in Table::ALL {
            let columns = table.columns();
            let first_added = columns
                .iter()
                .position(|c| c.added)
                .unwrap_or(columns.len());
            assert!(columns[first_added..].iter().all(|c| c.added), "{table}");
            let mut seen = std::collections::HashSet::new();
            assert!(
                columns
                    .iter()
                    .all(|c| !c.name.is_empty() && seen.insert(c.name)),
                "{table}"
            );
        }
    }

    #[test]
    fn heap_bytes_count_strings_and_token_lists() {
        let sentence = |tokens: &[&str]| SentenceRow {
            doc_id: "a.txt".to_owned(),
            sentence_id: 0,
            line_start: 1,
            line_end: 1,
            byte_start: 0,
            byte_end: 6,
            text: tokens.concat(),
            tokens: tokens.iter().map(|t| (*t).to_owned()).collect(),
            pos: tokens.iter().map(|_| "n".to_owned()).collect(),
            source_text: tokens.concat(),
            artifact: false,
        };
        let empty = sentence(&[]);
        let two = sentence(&["深圳", "大学"]);
        let per_string = std::mem::size_of::<String>() + ALLOCATION_OVERHEAD;
        let expected = 2 * (12 + ALLOCATION_OVERHEAD) // text and source_text
            + 2 * (per_string + 6) // tokens
            + 2 * (per_string + 1); // pos
        assert_eq!(two.heap_bytes() - empty.heap_bytes(), expected);
        assert_eq!(two.heap_bytes(), sentence(&["深圳", "大学"]).heap_bytes());
    }

    #[test]
    fn allowed_value_lists_are_unique() {
        for list in [
            UNITS,
            QUALIFIERS,
            MEASURES,
            GRANULARITIES,
            ORG_TYPES,
            POLICY_TYPES,
            SCRIPTS,
        ] {
            let mut seen = std::collections::HashSet::new();
            assert!(list.iter().all(|v| seen.insert(*v)));
        }
    }
}
