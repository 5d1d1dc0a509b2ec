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

use polars::prelude::{DataFrame, ParquetReader, PolarsError, SerReader};

use crate::write::manifest::{Manifest, MANIFEST_FILE};
use crate::write::rows::{
    DateRow, DocRows, DocumentRow, IndicatorRow, OrganizationRow, PolicyRow, SentenceRow,
};
use crate::write::Table;

mod typed;

pub use typed::table_rows;
use typed::{
    dates_of, documents_of, indicators_of, organizations_of, policies_of, sentences_of, Frame,
};

/// Why a dataset (or one of its tables) could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The directory holds no `manifest.json`, so it is not a dataset (or not a finished one).
    #[error(
        "{} is not a zhextract dataset: it has no manifest.json; write one with \
         `zhextract run INPUTS --out {}` (a run that did not finish publishes nothing)",
        path.display(),
        path.display()
    )]
    NotADataset {
        /// The directory.
        path: PathBuf,
    },
    /// A file or directory could not be read.
    #[error("cannot read {}: {source}; check that it exists and is readable", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// `manifest.json` is not a zhextract manifest.
    #[error(
        "{} is not a valid zhextract manifest: {source}; it was edited or written by another \
         tool: run `zhextract run` again to rewrite the dataset",
        path.display()
    )]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// `serde_json`'s error.
        #[source]
        source: serde_json::Error,
    },
    /// Neither `<name>.parquet` nor `<name>/` exists.
    #[error(
        "{} has no {table} table (neither {table}.parquet nor {table}/): the dataset is \
         incomplete; run `zhextract run` again to rewrite it",
        path.display()
    )]
    MissingTable {
        /// The dataset directory.
        path: PathBuf,
        /// The table.
        table: Table,
    },
    /// Both `<name>.parquet` and `<name>/` exist, so which one is the table is unclear.
    #[error(
        "{} has both {table}.parquet and {table}/, so the {table} table is ambiguous; remove \
         the one that is not part of this dataset",
        path.display()
    )]
    AmbiguousTable {
        /// The dataset directory.
        path: PathBuf,
        /// The table.
        table: Table,
    },
    /// Polars could not read a Parquet file (or concatenate parts of different schemas).
    #[error(
        "cannot read Parquet file {}: {source}; the file is damaged, truncated or not \
         Parquet: run `zhextract run` again to rewrite the dataset",
        path.display()
    )]
    Parquet {
        /// The Parquet file.
        path: PathBuf,
        /// Polars' error.
        #[source]
        source: PolarsError,
    },
    /// A column the row structs need is missing or has the wrong type.
    #[error(
        "{}: column {table}.{column} does not follow SCHEMA.md ({detail}); run \
         `zhextract validate {}` for every problem",
        path.display(),
        path.display()
    )]
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
    #[error(
        "{}: column {table}.{column} is null in row {row}, which SCHEMA.md does not allow; \
         run `zhextract validate {}` for every problem",
        path.display(),
        path.display()
    )]
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
        let manifest = read_manifest(dir)?;
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
        documents_of(&self.frame(Table::Documents))
    }

    /// `sentences` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn sentences(&self) -> Result<Vec<SentenceRow>, ReadError> {
        sentences_of(&self.frame(Table::Sentences))
    }

    /// `indicators` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn indicators(&self) -> Result<Vec<IndicatorRow>, ReadError> {
        indicators_of(&self.frame(Table::Indicators))
    }

    /// `dates` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn dates(&self) -> Result<Vec<DateRow>, ReadError> {
        dates_of(&self.frame(Table::Dates))
    }

    /// `organizations` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn organizations(&self) -> Result<Vec<OrganizationRow>, ReadError> {
        organizations_of(&self.frame(Table::Organizations))
    }

    /// `policies` as row structs.
    ///
    /// # Errors
    /// [`ReadError::Column`] or [`ReadError::Null`] when the table breaks the schema.
    pub fn policies(&self) -> Result<Vec<PolicyRow>, ReadError> {
        policies_of(&self.frame(Table::Policies))
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
        group_into(
            &mut groups,
            self.sentences()?,
            |r| &r.doc_id,
            |g| &mut g.sentences,
        );
        group_into(
            &mut groups,
            self.indicators()?,
            |r| &r.span.doc_id,
            |g| &mut g.indicators,
        );
        group_into(
            &mut groups,
            self.dates()?,
            |r| &r.span.doc_id,
            |g| &mut g.dates,
        );
        group_into(
            &mut groups,
            self.organizations()?,
            |r| &r.span.doc_id,
            |g| &mut g.organizations,
        );
        group_into(
            &mut groups,
            self.policies()?,
            |r| &r.span.doc_id,
            |g| &mut g.policies,
        );
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

/// Appends each of `rows` to the group of its `doc_id`, in the field `field` picks.
fn group_into<R>(
    groups: &mut BTreeMap<String, DocRows>,
    rows: Vec<R>,
    doc_id: impl Fn(&R) -> &String,
    field: impl Fn(&mut DocRows) -> &mut Vec<R>,
) {
    for row in rows {
        let group = groups.entry(doc_id(&row).clone()).or_default();
        field(group).push(row);
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

/// Reads `dir/manifest.json`.
///
/// # Errors
/// [`ReadError::NotADataset`] when there is no manifest, [`ReadError::Io`] or
/// [`ReadError::Manifest`] when it cannot be read.
pub fn read_manifest(dir: &Path) -> Result<Manifest, ReadError> {
    let path = dir.join(MANIFEST_FILE);
    let bytes = std::fs::read(&path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            ReadError::NotADataset {
                path: dir.to_path_buf(),
            }
        } else {
            ReadError::Io {
                path: path.clone(),
                source,
            }
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|source| ReadError::Manifest { path, source })
}

/// The row count of each row group of a Parquet file, from its footer.
///
/// # Errors
/// [`ReadError::Io`] or [`ReadError::Parquet`] naming the file.
pub fn row_groups(path: &Path) -> Result<Vec<usize>, ReadError> {
    let file = File::open(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = ParquetReader::new(file);
    let metadata = reader.get_metadata().map_err(|source| ReadError::Parquet {
        path: path.to_path_buf(),
        source,
    })?;
    let mut rows = Vec::with_capacity(metadata.row_groups.len());
    for group in &metadata.row_groups {
        rows.push(group.num_rows());
    }
    Ok(rows)
}

/// Reads rows `offset..offset + len` of a Parquet file (a row group, when the bounds come
/// from [`row_groups`]), only `columns` when given; the file is memory-mapped, so only those
/// rows and columns are decoded.
///
/// # Errors
/// [`ReadError::Io`] or [`ReadError::Parquet`] naming the file.
pub fn read_parquet_rows(
    path: &Path,
    offset: usize,
    len: usize,
    columns: Option<&[&str]>,
) -> Result<DataFrame, ReadError> {
    let file = File::open(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let columns = columns.map(|names| names.iter().map(ToString::to_string).collect());
    ParquetReader::new(file)
        .with_slice(Some((offset, len)))
        .with_columns(columns)
        .finish()
        .map_err(|source| ReadError::Parquet {
            path: path.to_path_buf(),
            source,
        })
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
