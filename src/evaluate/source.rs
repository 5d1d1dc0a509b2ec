//! Finding and reading a dataset document's original file, for the tools that go back to
//! the source (`eval` locates gold text in it, `show` prints its lines).
//!
//! The file is the manifest's `absolute_path` for the `doc_id` (so a dataset can be read
//! from any directory), else the `documents.source_path`. Its sha256 is compared with the
//! dataset's, because byte offsets are only meaningful in the exact bytes that were run.

use std::path::PathBuf;

use crate::ingest::sha256_hex;
use crate::read::Dataset;
use crate::write::rows::DocumentRow;

/// A document's original file as it is on disk now.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path read.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The encoding the run detected (`documents.encoding`).
    pub encoding: String,
    /// False when the file changed since the run (its sha256 differs from the dataset's).
    pub unchanged: bool,
}

/// Why a source file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the source of {doc_id} at {}: {source}", path.display())]
pub struct SourceError {
    /// The document.
    pub doc_id: String,
    /// Where it was looked for.
    pub path: PathBuf,
    /// The I/O error.
    #[source]
    pub source: std::io::Error,
}

/// The path of `document`'s original file: the manifest's absolute path, else the
/// `source_path` column.
#[must_use]
pub fn source_path(dataset: &Dataset, document: &DocumentRow) -> PathBuf {
    dataset
        .manifest()
        .inputs
        .iter()
        .find(|input| input.doc_id == document.doc_id && !input.absolute_path.is_empty())
        .map_or_else(
            || PathBuf::from(&document.source_path),
            |input| PathBuf::from(&input.absolute_path),
        )
}

/// Reads `document`'s original file.
///
/// # Errors
/// [`SourceError`] when the file cannot be read.
pub fn read_source(dataset: &Dataset, document: &DocumentRow) -> Result<SourceFile, SourceError> {
    let path = source_path(dataset, document);
    let bytes = std::fs::read(&path).map_err(|source| SourceError {
        doc_id: document.doc_id.clone(),
        path: path.clone(),
        source,
    })?;
    let unchanged = sha256_hex(&bytes) == document.sha256;
    Ok(SourceFile {
        path,
        bytes,
        encoding: document.encoding.clone(),
        unchanged,
    })
}
