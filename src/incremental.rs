//! Incremental runs (`run --incremental`): documents unchanged since the dataset already
//! at `--out` keep their rows instead of being processed again.
//!
//! Sits between ingest and write in [`crate::batch::run`]: before a document is
//! processed, [`Previous::reuse`] checks that the previous dataset was made by the same
//! pipeline version with the same configuration hash (checked once, in
//! [`Previous::load`]), and that the document's `source_path` and file sha256 are the
//! same; then its rows are taken from the previous dataset as they are. Rows are a pure
//! function of (bytes, path, version, configuration), so the result is identical to a
//! full run. Failed documents are always processed again (their failure may have been
//! transient, e.g. a read error).
//!
//! Memory: the previous dataset's rows are held while the run lasts (one copy of the
//! previous dataset in memory), the price of not re-running unchanged documents.

use std::collections::HashMap;
use std::path::Path;

use crate::ingest::{self, InputFile};
use crate::read::{Dataset, ReadError};
use crate::write::manifest;
use crate::write::rows::DocRows;

/// The reusable rows of the previous dataset, by `doc_id`; empty when there is none or it
/// was made by another version or configuration.
#[derive(Debug, Default)]
pub struct Previous {
    rows: HashMap<String, DocRows>,
}

impl Previous {
    /// Loads the dataset at `out` when it exists and was written by pipeline `version`
    /// with configuration hash `config_hash`; otherwise nothing is reusable.
    ///
    /// # Errors
    /// When `out` is a dataset of this version and configuration but cannot be read.
    pub fn load(out: &Path, version: &str, config_hash: &str) -> Result<Self, ReadError> {
        if !manifest::is_dataset(out) {
            return Ok(Self::default());
        }
        let dataset = Dataset::open(out)?;
        let made_here =
            dataset.manifest().version == version && dataset.manifest().config_hash == config_hash;
        if !made_here {
            return Ok(Self::default());
        }
        let rows = dataset
            .doc_rows()?
            .into_iter()
            .filter(|(_, rows)| {
                rows.document
                    .as_ref()
                    .is_some_and(|document| document.status == "ok")
            })
            .collect();
        Ok(Self { rows })
    }

    /// Documents whose rows may be reused.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when nothing can be reused.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The previous rows of `file` when its path and bytes are unchanged (the file is
    /// read and hashed to check); `None` means: process it.
    #[must_use]
    pub fn reuse(&self, file: &InputFile) -> Option<DocRows> {
        let rows = self.rows.get(&file.doc_id)?;
        let document = rows.document.as_ref()?;
        if document.source_path != file.path.display().to_string() {
            return None;
        }
        let bytes = std::fs::read(&file.path).ok()?;
        (bytes.len() as u64 == document.bytes && ingest::sha256_hex(&bytes) == document.sha256)
            .then(|| rows.clone())
    }
}
