//! Loading a written dataset back: the manifest, each table as a Polars [`DataFrame`], and
//! the tables as the same row structs the writer took.
//!
//! Place in the pipeline: `ingest → normalize → segment → extract → validate → write`; this
//! is the way back in, after `write`. [`crate::validate`] checks what [`Dataset::open`]
//! returns, and `diff`, `eval`, `show` and `report` read datasets through it.
//!
//! A table is `<name>.parquet` or a directory `<name>/` of Parquet parts (SCHEMA.md allows
//! both); parts are concatenated in file-name order. [`Dataset::open`] does not impose the
//! schema, so the validator can report a wrong column instead of failing to load; the typed
//! accessors ([`Dataset::documents`], …) do, and fail on a missing, mistyped or null column.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::{Column, DataFrame, ParquetReader, PolarsError, SerReader};

use crate::span::Span;
use crate::write::manifest::{Manifest, MANIFEST_FILE};
use crate::write::rows::{
    DateRow, DocRows, DocumentRow, IndicatorRow, OrganizationRow, PolicyRow, SentenceRow,
    SpanColumns,
};
use crate::write::Table;

/// Why a dataset (or one of its tables) could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// A file or directory could not be read.
    #[error("could not read {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// `manifest.json` is not a zhextract manifest.
    #[error("invalid manifest {}: {source}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// `serde_json`'s error.
        #[source]
        source: serde_json::Error,
    },
    /// Neither `<name>.parquet` nor `<name>/` exists.
    #[error("{} has no {table} table (neither {table}.parquet nor {table}/)", path.display())]
    MissingTable {
        /// The dataset directory.
        path: PathBuf,
        /// The table.
        table: Table,
    },
    /// Both `<name>.parquet` and `<name>/` exist, so which one is the table is unclear.
    #[error("{} has both {table}.parquet and {table}/; remove one", path.display())]
    AmbiguousTable {
        /// The dataset directory.
        path: PathBuf,
        /// The table.
        table: Table,
    },
    /// Polars could not read a Parquet file (or concatenate parts of different schemas).
    #[error("could not read Parquet file {}: {source}", path.display())]
    Parquet {
        /// The Parquet file.
        path: PathBuf,
        /// Polars' error.
        #[source]
        source: PolarsError,
    },
    /// A column the row structs need is missing or has the wrong type.
    #[error("{}: column {table}.{column}: {detail}", path.display())]
    Column {
        /// The dataset directory.
        path: PathBuf,
        /// The table.
        table: Table,
        /// The column.
        column: &'static str,
        /// Missing, or which type it has.
        detail: String,
    },
    /// A non-nullable column holds a null.
    #[error("{}: column {table}.{column} is null in row {row}", path.display())]
    Null {
        /// The dataset directory.
        path: PathBuf,
        /// The table.
        table: Table,
        /// The column.
        column: &'static str,
        /// 0-based row index in the table.
        row: usize,
    },
}

/// A dataset directory loaded into memory.
#[derive(Clone, Debug)]
pub struct Dataset {
    dir: PathBuf,
    manifest: Manifest,
    tables: BTreeMap<Table, DataFrame>,
    files: BTreeMap<Table, Vec<PathBuf>>,
}

impl Dataset {
    /// Reads `dir/manifest.json` and every table.
    ///
    /// # Errors
    /// [`ReadError`] naming the manifest, the table or the Parquet file that failed.
    pub fn open(dir: &Path) -> Result<Self, ReadError> {
        let manifest_path = dir.join(MANIFEST_FILE);
        let bytes = std::fs::read(&manifest_path).map_err(|source| ReadError::Io {
            path: manifest_path.clone(),
            source,
        })?;
        let manifest = serde_json::from_slice(&bytes).map_err(|source| ReadError::Manifest {
            path: manifest_path,
            source,
        })?;
        let mut tables = BTreeMap::new();
        let mut files = BTreeMap::new();
        for table in Table::ALL {
            let paths = table_files(dir, table)?;
            tables.insert(table, read_parts(&paths, table)?);
            files.insert(table, paths);
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            manifest,
            tables,
            files,
        })
    }

    /// The dataset directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The run's manifest.
    #[must_use]
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// A table as read, with whatever columns and types the files have.
    #[must_use]
    pub fn table(&self, table: Table) -> &DataFrame {
        static EMPTY: DataFrame = DataFrame::empty();
        self.tables.get(&table).unwrap_or(&EMPTY)
    }

    /// The table called `name` (`"dates"`), if it is one of the six.
    #[must_use]
    pub fn table_by_name(&self, name: &str) -> Option<&DataFrame> {
        Table::from_name(name).map(|table| self.table(table))
    }

    /// The Parquet files a table was read from, in concatenation order.
    #[must_use]
    pub fn files(&self, table: Table) -> &[PathBuf] {
        self.files.get(&table).map_or(&[], Vec::as_slice)
    }

    /// `documents` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn documents(&self) -> Result<Vec<DocumentRow>, ReadError> {
        let f = self.frame(Table::Documents);
        let (doc_id, source_path, sha256) =
            (f.text("doc_id")?, f.text("source_path")?, f.text("sha256")?);
        let (bytes, encoding, script) = (f.u64("bytes")?, f.text("encoding")?, f.text("script")?);
        let (n_lines, n_sentences, doc_date) = (
            f.u32("n_lines")?,
            f.u32("n_sentences")?,
            f.date("doc_date")?,
        );
        let (title, status, error) = (
            f.optional_text("title")?,
            f.text("status")?,
            f.optional_text("error")?,
        );
        let invalid_sequences = f.u64("invalid_sequences")?;
        Ok((0..f.height())
            .map(|i| DocumentRow {
                doc_id: doc_id[i].to_owned(),
                source_path: source_path[i].to_owned(),
                sha256: sha256[i].to_owned(),
                bytes: bytes[i],
                encoding: encoding[i].to_owned(),
                script: script[i].to_owned(),
                n_lines: n_lines[i],
                n_sentences: n_sentences[i],
                doc_date: doc_date[i],
                title: title[i].map(str::to_owned),
                status: status[i].to_owned(),
                error: error[i].map(str::to_owned),
                invalid_sequences: invalid_sequences[i],
            })
            .collect())
    }

    /// `sentences` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn sentences(&self) -> Result<Vec<SentenceRow>, ReadError> {
        let f = self.frame(Table::Sentences);
        let (doc_id, sentence_id) = (f.text("doc_id")?, f.u32("sentence_id")?);
        let (line_start, line_end) = (f.u32("line_start")?, f.u32("line_end")?);
        let (byte_start, byte_end) = (f.u64("byte_start")?, f.u64("byte_end")?);
        let (text, tokens, pos) = (
            f.text("text")?,
            f.string_lists("tokens")?,
            f.string_lists("pos")?,
        );
        let (source_text, artifact) = (f.text("source_text")?, f.bool("artifact")?);
        let mut tokens = tokens.into_iter();
        let mut pos = pos.into_iter();
        Ok((0..f.height())
            .map(|i| SentenceRow {
                doc_id: doc_id[i].to_owned(),
                sentence_id: sentence_id[i],
                line_start: line_start[i],
                line_end: line_end[i],
                byte_start: byte_start[i],
                byte_end: byte_end[i],
                text: text[i].to_owned(),
                tokens: tokens.next().unwrap_or_default(),
                pos: pos.next().unwrap_or_default(),
                source_text: source_text[i].to_owned(),
                artifact: artifact[i],
            })
            .collect())
    }

    /// `indicators` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn indicators(&self) -> Result<Vec<IndicatorRow>, ReadError> {
        let f = self.frame(Table::Indicators);
        let spans = f.spans()?;
        let (value, value_high) = (f.f64("value")?, f.optional_f64("value_high")?);
        let (unit, unit_text) = (f.text("unit")?, f.text("unit_text")?);
        let (qualifier, measure) = (f.optional_text("qualifier")?, f.text("measure")?);
        let (subject, date_mention_id) = (
            f.optional_text("subject")?,
            f.optional_text("date_mention_id")?,
        );
        let (period_start, period_end) = (f.date("period_start")?, f.date("period_end")?);
        Ok(spans
            .into_iter()
            .enumerate()
            .map(|(i, span)| IndicatorRow {
                span,
                value: value[i],
                value_high: value_high[i],
                unit: unit[i].to_owned(),
                unit_text: unit_text[i].to_owned(),
                qualifier: qualifier[i].map(str::to_owned),
                measure: measure[i].to_owned(),
                subject: subject[i].map(str::to_owned),
                date_mention_id: date_mention_id[i].map(str::to_owned),
                period_start: period_start[i],
                period_end: period_end[i],
            })
            .collect())
    }

    /// `dates` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn dates(&self) -> Result<Vec<DateRow>, ReadError> {
        let f = self.frame(Table::Dates);
        let spans = f.spans()?;
        let (start, end, granularity) = (f.date("start")?, f.date("end")?, f.text("granularity")?);
        let (relative, reference_date) = (f.bool("relative")?, f.date("reference_date")?);
        Ok(spans
            .into_iter()
            .enumerate()
            .map(|(i, span)| DateRow {
                span,
                start: start[i],
                end: end[i],
                granularity: granularity[i].to_owned(),
                relative: relative[i],
                reference_date: reference_date[i],
            })
            .collect())
    }

    /// `organizations` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn organizations(&self) -> Result<Vec<OrganizationRow>, ReadError> {
        let f = self.frame(Table::Organizations);
        let spans = f.spans()?;
        let (name, org_type) = (f.text("name")?, f.text("org_type")?);
        Ok(spans
            .into_iter()
            .enumerate()
            .map(|(i, span)| OrganizationRow {
                span,
                name: name[i].to_owned(),
                org_type: org_type[i].to_owned(),
            })
            .collect())
    }

    /// `policies` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn policies(&self) -> Result<Vec<PolicyRow>, ReadError> {
        let f = self.frame(Table::Policies);
        let spans = f.spans()?;
        let (title, policy_type) = (f.text("title")?, f.text("policy_type")?);
        let (issuer, date_mention_id) = (
            f.optional_text("issuer")?,
            f.optional_text("date_mention_id")?,
        );
        Ok(spans
            .into_iter()
            .enumerate()
            .map(|(i, span)| PolicyRow {
                span,
                title: title[i].to_owned(),
                policy_type: policy_type[i].to_owned(),
                issuer: issuer[i].map(str::to_owned),
                date_mention_id: date_mention_id[i].map(str::to_owned),
            })
            .collect())
    }

    /// Every table's rows grouped by `doc_id` (each group in table order), for per-document
    /// tools (`show`, `diff`). A `doc_id` with mention rows but no `documents` row still gets
    /// a group, with `document: None`.
    ///
    /// # Errors
    /// As the typed accessors.
    pub fn doc_rows(&self) -> Result<BTreeMap<String, DocRows>, ReadError> {
        let mut groups: BTreeMap<String, DocRows> = BTreeMap::new();
        for row in self.documents()? {
            let group = groups.entry(row.doc_id.clone()).or_default();
            group.document = Some(row);
        }
        for row in self.sentences()? {
            groups
                .entry(row.doc_id.clone())
                .or_default()
                .sentences
                .push(row);
        }
        for row in self.indicators()? {
            groups
                .entry(row.span.doc_id.clone())
                .or_default()
                .indicators
                .push(row);
        }
        for row in self.dates()? {
            groups
                .entry(row.span.doc_id.clone())
                .or_default()
                .dates
                .push(row);
        }
        for row in self.organizations()? {
            groups
                .entry(row.span.doc_id.clone())
                .or_default()
                .organizations
                .push(row);
        }
        for row in self.policies()? {
            groups
                .entry(row.span.doc_id.clone())
                .or_default()
                .policies
                .push(row);
        }
        Ok(groups)
    }

    fn frame(&self, table: Table) -> Frame<'_> {
        Frame {
            dir: &self.dir,
            table,
            data: self.table(table),
        }
    }
}

/// The Parquet files of `table` in `dir`: `<name>.parquet`, or the `*.parquet` files of
/// `<name>/` in file-name order.
///
/// # Errors
/// [`ReadError::MissingTable`], [`ReadError::AmbiguousTable`], or the directory listing's
/// I/O error.
pub fn table_files(dir: &Path, table: Table) -> Result<Vec<PathBuf>, ReadError> {
    let file = dir.join(table.file_name());
    let parts = dir.join(table.name());
    match (file.is_file(), parts.is_dir()) {
        (true, true) => Err(ReadError::AmbiguousTable {
            path: dir.to_path_buf(),
            table,
        }),
        (true, false) => Ok(vec![file]),
        (false, false) => Err(ReadError::MissingTable {
            path: dir.to_path_buf(),
            table,
        }),
        (false, true) => {
            let io = |source| ReadError::Io {
                path: parts.clone(),
                source,
            };
            let mut files = Vec::new();
            for entry in std::fs::read_dir(&parts).map_err(io)? {
                let path = entry.map_err(io)?.path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.ends_with(".parquet") && !name.starts_with('.') && path.is_file() {
                    files.push(path);
                }
            }
            files.sort();
            Ok(files)
        }
    }
}

/// Reads one Parquet file into a frame.
///
/// # Errors
/// [`ReadError::Io`] or [`ReadError::Parquet`] naming the file.
pub fn read_parquet(path: &Path) -> Result<DataFrame, ReadError> {
    let file = File::open(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    ParquetReader::new(file)
        .finish()
        .map_err(|source| ReadError::Parquet {
            path: path.to_path_buf(),
            source,
        })
}

/// The key-value metadata of a Parquet file's footer (`zhextract.version`, `ARROW:schema`,
/// …), in file order.
///
/// # Errors
/// [`ReadError::Io`] or [`ReadError::Parquet`] naming the file.
pub fn parquet_metadata(path: &Path) -> Result<Vec<(String, Option<String>)>, ReadError> {
    let file = File::open(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = ParquetReader::new(file);
    let metadata = reader.get_metadata().map_err(|source| ReadError::Parquet {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(metadata
        .key_value_metadata()
        .iter()
        .flatten()
        .map(|kv| (kv.key.clone(), kv.value.clone()))
        .collect())
}

fn read_parts(paths: &[PathBuf], table: Table) -> Result<DataFrame, ReadError> {
    let mut frames = paths.iter().map(|path| Ok((path, read_parquet(path)?)));
    let Some(first) = frames.next() else {
        return Ok(DataFrame::empty_with_schema(&table.schema()));
    };
    let (_, mut frame) = first?;
    for next in frames {
        let (path, part) = next?;
        frame
            .vstack_mut_owned(part)
            .map_err(|source| ReadError::Parquet {
                path: path.clone(),
                source,
            })?;
    }
    Ok(frame)
}

/// Typed column access for one table, turning Polars errors into [`ReadError`]s.
struct Frame<'a> {
    dir: &'a Path,
    table: Table,
    data: &'a DataFrame,
}

impl<'a> Frame<'a> {
    fn height(&self) -> usize {
        self.data.height()
    }

    fn column(&self, name: &'static str) -> Result<&'a Column, ReadError> {
        self.data
            .column(name)
            .map_err(|_| self.error(name, "missing".to_owned()))
    }

    fn error(&self, column: &'static str, detail: String) -> ReadError {
        ReadError::Column {
            path: self.dir.to_path_buf(),
            table: self.table,
            column,
            detail,
        }
    }

    fn typed<T>(&self, name: &'static str, result: Result<T, PolarsError>) -> Result<T, ReadError> {
        result.map_err(|error| self.error(name, error.to_string()))
    }

    fn required<T>(&self, name: &'static str, values: Vec<Option<T>>) -> Result<Vec<T>, ReadError> {
        values
            .into_iter()
            .enumerate()
            .map(|(row, value)| {
                value.ok_or_else(|| ReadError::Null {
                    path: self.dir.to_path_buf(),
                    table: self.table,
                    column: name,
                    row,
                })
            })
            .collect()
    }

    fn optional_text(&self, name: &'static str) -> Result<Vec<Option<&'a str>>, ReadError> {
        Ok(self.typed(name, self.column(name)?.str())?.iter().collect())
    }

    fn text(&self, name: &'static str) -> Result<Vec<&'a str>, ReadError> {
        self.required(name, self.optional_text(name)?)
    }

    fn u32(&self, name: &'static str) -> Result<Vec<u32>, ReadError> {
        let values = self.typed(name, self.column(name)?.u32())?.iter().collect();
        self.required(name, values)
    }

    fn u64(&self, name: &'static str) -> Result<Vec<u64>, ReadError> {
        let values = self.typed(name, self.column(name)?.u64())?.iter().collect();
        self.required(name, values)
    }

    fn optional_f64(&self, name: &'static str) -> Result<Vec<Option<f64>>, ReadError> {
        Ok(self.typed(name, self.column(name)?.f64())?.iter().collect())
    }

    fn f64(&self, name: &'static str) -> Result<Vec<f64>, ReadError> {
        self.required(name, self.optional_f64(name)?)
    }

    fn bool(&self, name: &'static str) -> Result<Vec<bool>, ReadError> {
        let values = self
            .typed(name, self.column(name)?.bool())?
            .iter()
            .collect();
        self.required(name, values)
    }

    fn date(&self, name: &'static str) -> Result<Vec<Option<NaiveDate>>, ReadError> {
        Ok(self
            .typed(name, self.column(name)?.date())?
            .as_date_iter()
            .collect())
    }

    fn string_lists(&self, name: &'static str) -> Result<Vec<Vec<String>>, ReadError> {
        let lists = self.typed(name, self.column(name)?.list())?;
        let mut out = Vec::with_capacity(lists.len());
        for (row, list) in lists.series_iter().enumerate() {
            let Some(list) = list else {
                let dir = self.dir.to_path_buf();
                return Err(ReadError::Null {
                    path: dir,
                    table: self.table,
                    column: name,
                    row,
                });
            };
            let strings = self.typed(name, list.str())?;
            out.push(
                strings
                    .iter()
                    .map(|s| s.unwrap_or_default().to_owned())
                    .collect(),
            );
        }
        Ok(out)
    }

    /// The span columns; the normalized [`Span`] is not stored, so it reads back as empty.
    fn spans(&self) -> Result<Vec<SpanColumns>, ReadError> {
        let (doc_id, mention_id, sentence_id) = (
            self.text("doc_id")?,
            self.text("mention_id")?,
            self.u32("sentence_id")?,
        );
        let (line_start, line_end) = (self.u32("line_start")?, self.u32("line_end")?);
        let (byte_start, byte_end) = (self.u64("byte_start")?, self.u64("byte_end")?);
        let (source_text, text, rule) = (
            self.text("source_text")?,
            self.text("text")?,
            self.text("rule")?,
        );
        Ok((0..self.height())
            .map(|i| SpanColumns {
                doc_id: doc_id[i].to_owned(),
                mention_id: mention_id[i].to_owned(),
                sentence_id: sentence_id[i],
                line_start: line_start[i],
                line_end: line_end[i],
                byte_start: byte_start[i],
                byte_end: byte_end[i],
                source_text: source_text[i].to_owned(),
                text: text[i].to_owned(),
                rule: rule[i].to_owned(),
                span: Span::default(),
            })
            .collect())
    }
}
