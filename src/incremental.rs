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
//! Memory: the previous dataset is read lazily, in `doc_id` order, a row group per table
//! at a time ([`DocumentStream`]); the run asks for a window of documents before processing
//! it ([`Previous::prefetch`]), so only that window's previous rows are held.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use crate::ingest::{self, InputFile};
use crate::read::{read_manifest, ReadError};
use crate::validate::DocumentStream;
use crate::write::manifest;
use crate::write::rows::DocRows;

/// The reusable rows of the previous dataset, read on demand; empty when there is none or
/// it was made by another version or configuration.
#[derive(Default)]
pub struct Previous {
    /// Documents the previous dataset processed successfully.
    reusable: usize,
    state: Option<Mutex<Lazy>>,
}

impl std::fmt::Debug for Previous {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Previous")
            .field("reusable", &self.reusable)
            .finish_non_exhaustive()
    }
}

/// The previous dataset's stream, and the documents taken from it but not yet reused.
struct Lazy {
    stream: DocumentStream,
    window: HashMap<String, DocRows>,
    /// A read failed or the rows broke the contract: reuse nothing more.
    broken: bool,
}

impl Previous {
    /// Opens the dataset at `out` when it exists and was written by pipeline `version`
    /// with configuration hash `config_hash`; otherwise nothing is reusable. Only the
    /// manifest and the Parquet footers are read here.
    ///
    /// # Errors
    /// When `out` is a dataset of this version and configuration but cannot be read.
    pub fn load(out: &Path, version: &str, config_hash: &str) -> Result<Self, ReadError> {
        if !manifest::is_dataset(out) {
            return Ok(Self::default());
        }
        let manifest = read_manifest(out)?;
        if manifest.version != version || manifest.config_hash != config_hash {
            return Ok(Self::default());
        }
        let reusable = manifest
            .inputs
            .iter()
            .filter(|input| input.status == "ok")
            .count();
        let lazy = Lazy {
            stream: DocumentStream::open(out)?,
            window: HashMap::new(),
            broken: false,
        };
        Ok(Self {
            reusable,
            state: Some(Mutex::new(lazy)),
        })
    }

    /// Documents whose rows may be reused (processed successfully last time).
    #[must_use]
    pub fn len(&self) -> usize {
        self.reusable
    }

    /// True when nothing can be reused.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.reusable == 0
    }

    /// Reads the previous rows of `files` (sorted by `doc_id`, like the run's inputs, and
    /// after those of earlier calls) so that [`Previous::reuse`] finds them whatever order
    /// the workers ask in. Each prefetched document is held until `reuse` takes it.
    pub fn prefetch(&self, files: &[InputFile]) {
        let Some(state) = &self.state else {
            return;
        };
        let mut lazy = state.lock().unwrap_or_else(PoisonError::into_inner);
        for file in files {
            if let Some(rows) = lazy.advance_to(&file.doc_id) {
                lazy.window.insert(file.doc_id.clone(), rows);
            }
        }
    }

    /// The previous rows of `file` when its path and bytes are unchanged (the file is
    /// read and hashed to check); `None` means: process it.
    #[must_use]
    pub fn reuse(&self, file: &InputFile) -> Option<DocRows> {
        let rows = {
            let mut lazy = self
                .state
                .as_ref()?
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match lazy.window.remove(&file.doc_id) {
                Some(rows) => rows,
                None => lazy.advance_to(&file.doc_id)?,
            }
        };
        let document = rows.document.as_ref()?;
        let complete = document.status == "ok"
            && rows.sentences.len() == document.n_sentences as usize
            && document.source_path == file.path.display().to_string();
        if !complete {
            return None;
        }
        let bytes = std::fs::read(&file.path).ok()?;
        let unchanged =
            bytes.len() as u64 == document.bytes && ingest::sha256_hex(&bytes) == document.sha256;
        unchanged.then_some(rows)
    }
}

impl Lazy {
    /// Skips the previous documents before `doc_id` and takes `doc_id`'s rows, if the
    /// previous dataset has them (documents are asked for in `doc_id` order).
    fn advance_to(&mut self, doc_id: &str) -> Option<DocRows> {
        loop {
            if self.broken {
                return None;
            }
            let Ok(peeked) = self.stream.peek_doc_id() else {
                self.broken = true;
                return None;
            };
            let next = peeked?;
            if next.as_str() > doc_id {
                return None;
            }
            let rows = self.stream.next_document();
            if !self.stream.is_sound() || rows.is_err() {
                self.broken = true;
                return None;
            }
            if next == doc_id {
                return rows.ok().flatten();
            }
        }
    }
}
