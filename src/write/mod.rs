//! The last stage: rows become a dataset directory of Parquet tables plus `manifest.json`.
//!
//! Place in the pipeline: `ingest → normalize → segment → extract → validate → write`.
//! Polars appears only here and in [`crate::read`] ("Polars only at the edge"): extractors
//! produce plain [`rows`] structs, [`schema`] turns them into frames of the one explicit
//! schema per table, [`parquet`] streams them to disk as row groups into a staging
//! directory and publishes it atomically, and [`manifest`] records the run.
//!
//! ```text
//! DatasetWriter::create(out) ─ append(DocRows)… ─ finish(manifest) ─► Staged
//!        (stages <out>.zhextract-tmp-<pid>)                             │ validate it, then
//!                                                     publish() ◄──────┘ (or discard())
//! ```
//!
//! Crash safety: until `publish`, nothing at `out` changes; `publish` renames the old dataset
//! aside, renames the staged one into place and then removes the old one, so at any moment
//! `out` holds the previous complete dataset, the new complete one, or (between the two
//! renames) nothing, which the next `create` repairs by restoring the old one.

pub mod manifest;
pub mod parquet;
pub mod rows;
pub mod schema;

use std::path::{Path, PathBuf};

pub use manifest::{InputEntry, Manifest, Timings};
pub use parquet::{DatasetWriter, Staged, WriteOptions};
pub use schema::{ColumnSpec, ColumnType, Table, TableRow};

/// Why writing or publishing a dataset failed. Every variant names the path involved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// A file-system operation failed.
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        /// What was being done (`create`, `write`, `rename`, …).
        action: &'static str,
        /// The file or directory acted on.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Polars could not encode or write a Parquet file.
    #[error("could not write Parquet file {}: {source}", path.display())]
    Parquet {
        /// The Parquet file.
        path: PathBuf,
        /// Polars' error.
        #[source]
        source: polars::error::PolarsError,
    },
    /// The output exists and is not a zhextract dataset, and `force` was not given.
    #[error(
        "refusing to replace {}: it exists and is not a zhextract dataset (no manifest.json \
         with \"tool\": \"zhextract\"); choose another output directory, remove it, or force \
         the replacement",
        path.display()
    )]
    NotADataset {
        /// The output path.
        path: PathBuf,
    },
    /// The output path cannot hold a dataset (no file name, e.g. `/` or `..`).
    #[error("cannot write a dataset to {}: {reason}", path.display())]
    InvalidTarget {
        /// The output path.
        path: PathBuf,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `manifest.json` could not be serialized or parsed.
    #[error("invalid manifest {}: {source}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// `serde_json`'s error.
        #[source]
        source: serde_json::Error,
    },
    /// Rows arrived out of the order SCHEMA.md requires (by `doc_id`, then `byte_start`,
    /// then `byte_end`; `documents` strictly by `doc_id`): a bug in the caller.
    #[error("rows for {} are out of order: {detail}", path.display())]
    Unsorted {
        /// The table's Parquet file.
        path: PathBuf,
        /// The two offending keys.
        detail: String,
    },
    /// A frame did not have its table's schema: a bug in [`schema`].
    #[error("frame for {} does not match the table schema: {detail}", path.display())]
    SchemaMismatch {
        /// The table's Parquet file.
        path: PathBuf,
        /// Expected and actual schema.
        detail: String,
    },
}

impl WriteError {
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}
