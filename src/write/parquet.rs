//! Streaming, deterministic, crash-safe writing of a dataset directory.
//!
//! Place in the pipeline: `ingest → normalize → segment → extract → validate → write`.
//! [`DatasetWriter`] receives each document's [`DocRows`] in `doc_id` order, buffers them per
//! table and writes a Parquet row group whenever a buffer reaches
//! [`WriteOptions::row_group_rows`] rows or [`WriteOptions::row_group_bytes`] of estimated
//! memory ([`TableRow::heap_bytes`]), so memory stays bounded however large the run and
//! however wide the rows (a sentence with its token lists weighs ~40 times an organization).
//! Everything goes into a staging directory beside the output; [`Staged::publish`] swaps it
//! in (see [`crate::write`] for the crash-safety argument).
//!
//! Determinism: a table file depends only on its rows, the row-group size and the
//! key-value metadata given in [`WriteOptions`]; nothing time- or process-dependent is
//! written into the Parquet files.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::manifest::{self, Manifest};
use super::rows::{DocRows, SpanColumns};
use super::schema::TableRow;
use super::WriteError;

mod buffer;

use buffer::{Key, TableBuffer};

/// Default [`WriteOptions::row_group_bytes`]: 16 MiB per table, so the six buffers and the
/// frame built from one of them stay around 100 MB whatever the corpus size, while
/// `sentences` row groups keep several thousand rows (good compression, few footers).
pub const DEFAULT_ROW_GROUP_BYTES: usize = 16 << 20;

/// How a dataset is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// Most rows per Parquet row group (and the buffer size per table).
    pub row_group_rows: usize,
    /// Most estimated in-memory bytes of the rows buffered per table
    /// ([`TableRow::heap_bytes`]): a row group is written once its rows weigh this much,
    /// even below `row_group_rows`. Deterministic (it counts string lengths, not
    /// allocations), so the files still depend only on the rows.
    pub row_group_bytes: usize,
    /// Replace the output even when it is not a zhextract dataset.
    pub force: bool,
    /// Key-value pairs stored in every Parquet footer (besides `zhextract.table`); must be
    /// deterministic (tool version, config hash), never a timestamp.
    pub metadata: Vec<(String, String)>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        Self {
            row_group_rows: 64 * 1024,
            row_group_bytes: DEFAULT_ROW_GROUP_BYTES,
            force: false,
            metadata: Vec::new(),
        }
    }
}

impl WriteOptions {
    /// Adds `zhextract.version` and `zhextract.config_hash` to the Parquet metadata, so each
    /// file says which tool and configuration produced it.
    #[must_use]
    pub fn with_provenance(mut self, version: &str, config_hash: &str) -> Self {
        self.metadata
            .push(("zhextract.version".to_owned(), version.to_owned()));
        self.metadata
            .push(("zhextract.config_hash".to_owned(), config_hash.to_owned()));
        self
    }
}

/// Writes one dataset into a staging directory; see the module docs.
pub struct DatasetWriter {
    target: PathBuf,
    staging: StagingDir,
    force: bool,
    documents: TableBuffer<super::rows::DocumentRow>,
    sentences: TableBuffer<super::rows::SentenceRow>,
    indicators: TableBuffer<super::rows::IndicatorRow>,
    dates: TableBuffer<super::rows::DateRow>,
    organizations: TableBuffer<super::rows::OrganizationRow>,
    policies: TableBuffer<super::rows::PolicyRow>,
    failed_documents: u64,
}

impl DatasetWriter {
    /// Prepares to write the dataset `out_dir`: repairs or removes what killed runs left
    /// beside it, refuses a non-dataset `out_dir` unless `options.force`, and opens one
    /// Parquet file per table in a fresh staging directory `<out_dir>.zhextract-tmp-<pid>`.
    ///
    /// # Errors
    /// [`WriteError::NotADataset`], [`WriteError::InvalidTarget`], or the I/O or Parquet
    /// error that stopped the staging directory from being made.
    pub fn create(out_dir: &Path, options: &WriteOptions) -> Result<Self, WriteError> {
        let target = out_dir.to_path_buf();
        let siblings = Siblings::of(&target)?;
        std::fs::create_dir_all(&siblings.parent)
            .map_err(|source| WriteError::io("create directory", &siblings.parent, source))?;
        siblings.recover(&target)?;
        refuse_foreign(&target, options.force)?;
        let path = siblings.named("tmp", std::process::id());
        remove_path(&path)?;
        std::fs::create_dir(&path)
            .map_err(|source| WriteError::io("create directory", &path, source))?;
        let staging = StagingDir { path, armed: true };
        let dir = staging.path.as_path();
        Ok(Self {
            documents: TableBuffer::create(dir, options)?,
            sentences: TableBuffer::create(dir, options)?,
            indicators: TableBuffer::create(dir, options)?,
            dates: TableBuffer::create(dir, options)?,
            organizations: TableBuffer::create(dir, options)?,
            policies: TableBuffer::create(dir, options)?,
            target,
            staging,
            force: options.force,
            failed_documents: 0,
        })
    }

    /// The staging directory being written.
    #[must_use]
    pub fn staging_dir(&self) -> &Path {
        &self.staging.path
    }

    /// Adds one document's rows; writes a row group for every table whose buffer is full.
    ///
    /// # Errors
    /// [`WriteError::Unsorted`] when the rows do not continue the tables' order, or the
    /// Parquet/I/O error of a flush.
    pub fn append(&mut self, rows: DocRows) -> Result<(), WriteError> {
        if let Some(document) = rows.document {
            self.failed_documents += u64::from(document.status == "error");
            self.documents
                .push(Key::document(&document.doc_id), document)?;
        }
        for row in rows.sentences {
            self.sentences
                .push(Key::new(&row.doc_id, row.byte_start, row.byte_end), row)?;
        }
        push_mentions(&mut self.indicators, rows.indicators, |r| &r.span)?;
        push_mentions(&mut self.dates, rows.dates, |r| &r.span)?;
        push_mentions(&mut self.organizations, rows.organizations, |r| &r.span)?;
        push_mentions(&mut self.policies, rows.policies, |r| &r.span)
    }

    /// Writes the remaining rows, closes and fsyncs every table, fills `manifest`'s row
    /// counts, writes `manifest.json` last and fsyncs the staging directory.
    ///
    /// # Errors
    /// The Parquet, I/O or manifest error that stopped the dataset from being completed
    /// (the staging directory is then removed).
    pub fn finish(mut self, mut manifest: Manifest) -> Result<Staged, WriteError> {
        manifest.row_counts.clear();
        for (table, rows) in [
            self.documents.finish()?,
            self.sentences.finish()?,
            self.indicators.finish()?,
            self.dates.finish()?,
            self.organizations.finish()?,
            self.policies.finish()?,
        ] {
            manifest.row_counts.insert(table, rows);
        }
        manifest.failed_documents = self.failed_documents;
        manifest.write(&self.staging.path)?;
        sync_dir(&self.staging.path)?;
        Ok(Staged {
            target: self.target,
            staging: self.staging,
            force: self.force,
            manifest,
        })
    }
}

fn push_mentions<R: TableRow + Send + 'static>(
    buffer: &mut TableBuffer<R>,
    rows: Vec<R>,
    span: impl Fn(&R) -> &SpanColumns,
) -> Result<(), WriteError> {
    for row in rows {
        let s = span(&row);
        let key = Key::new(&s.doc_id, s.byte_start, s.byte_end);
        buffer.push(key, row)?;
    }
    Ok(())
}

/// A complete dataset in its staging directory, not yet visible at the output path.
pub struct Staged {
    target: PathBuf,
    staging: StagingDir,
    force: bool,
    manifest: Manifest,
}

impl Staged {
    /// The staging directory, e.g. to open it with [`crate::read::Dataset::open`] and
    /// validate it before publishing.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.staging.path
    }

    /// The manifest as written.
    #[must_use]
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Changes the manifest (typically to add the validation report and final timings) and
    /// rewrites `manifest.json` in the staging directory.
    ///
    /// # Errors
    /// The I/O or serialization error of the rewrite.
    pub fn update_manifest(&mut self, edit: impl FnOnce(&mut Manifest)) -> Result<(), WriteError> {
        edit(&mut self.manifest);
        self.manifest.write(&self.staging.path)?;
        sync_dir(&self.staging.path)
    }

    /// Atomically replaces the output with the staged dataset: the old dataset is renamed
    /// aside, the staged one renamed into place, the parent directory fsynced, and the old
    /// one removed (best effort: a leftover is removed by the next [`DatasetWriter::create`]).
    ///
    /// # Errors
    /// [`WriteError::NotADataset`] when the output appeared meanwhile and is not ours (and
    /// `force` is off), or the I/O error of a rename; the previous dataset is then back in
    /// place.
    pub fn publish(mut self) -> Result<(), WriteError> {
        refuse_foreign(&self.target, self.force)?;
        carry_keepers(&self.target, &self.staging.path)?;
        let siblings = Siblings::of(&self.target)?;
        let aside = siblings.named("old", std::process::id());
        let had_previous = self.target.symlink_metadata().is_ok();
        if had_previous {
            remove_path(&aside)?;
            rename(&self.target, &aside)?;
        }
        if let Err(error) = rename(&self.staging.path, &self.target) {
            if had_previous {
                // Put the previous dataset back; its own failure would leave it aside, where
                // the next `create` restores it.
                let _ = std::fs::rename(&aside, &self.target);
            }
            return Err(error);
        }
        self.staging.armed = false;
        sync_dir(&siblings.parent)?;
        if had_previous {
            let _ = remove_path(&aside);
        }
        Ok(())
    }

    /// Removes the staged dataset; the output is left untouched.
    ///
    /// # Errors
    /// The I/O error of the removal.
    pub fn discard(mut self) -> Result<(), WriteError> {
        self.staging.armed = false;
        remove_path(&self.staging.path)
    }
}

/// The staging directory, removed on drop unless published (a panic or an early return
/// leaves no debris; a killed process leaves it to the next `create`).
struct StagingDir {
    path: PathBuf,
    armed: bool,
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// The parent directory and file name of the output, and the names of its siblings
/// `<name>.zhextract-tmp-<pid>` (staging) and `<name>.zhextract-old-<pid>` (previous
/// dataset during a publish).
struct Siblings {
    parent: PathBuf,
    name: String,
}

impl Siblings {
    fn of(target: &Path) -> Result<Self, WriteError> {
        let invalid = |reason| WriteError::InvalidTarget {
            path: target.to_path_buf(),
            reason,
        };
        let name = target
            .file_name()
            .ok_or_else(|| invalid("the path has no final component"))?;
        let name = name
            .to_str()
            .ok_or_else(|| invalid("the directory name is not UTF-8"))?;
        let parent = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(Self {
            parent,
            name: name.to_owned(),
        })
    }

    fn named(&self, kind: &str, pid: u32) -> PathBuf {
        self.parent
            .join(format!("{}.zhextract-{kind}-{pid}", self.name))
    }

    /// `(kind, pid, path)` of every sibling a writer made.
    fn leftovers(&self) -> Result<Vec<(String, u32, PathBuf)>, WriteError> {
        let prefix = format!("{}.zhextract-", self.name);
        let entries = std::fs::read_dir(&self.parent)
            .map_err(|source| WriteError::io("list directory", &self.parent, source))?;
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
                continue;
            };
            let Some((kind, pid)) = rest.split_once('-') else {
                continue;
            };
            if let (Ok(pid), "tmp" | "old") = (pid.parse::<u32>(), kind) {
                found.push((kind.to_owned(), pid, entry.path()));
            }
        }
        found.sort();
        Ok(found)
    }

    /// Cleans up after killed runs: a previous dataset left aside by a publish that died
    /// between its two renames is restored when the output is missing, and staging or aside
    /// directories of processes no longer alive are removed.
    fn recover(&self, target: &Path) -> Result<(), WriteError> {
        let own = std::process::id();
        for (kind, pid, path) in self.leftovers()? {
            if pid != own && process_alive(pid) {
                continue;
            }
            // Whatever was renamed aside was at `target` before: put it back (also a forced
            // replacement of a foreign directory, which was not lost then either).
            if kind == "old" && target.symlink_metadata().is_err() {
                rename(&path, target)?;
            } else {
                remove_path(&path)?;
            }
        }
        Ok(())
    }
}

/// Whether process `pid` is running; Linux answers through `/proc`, elsewhere every other
/// process counts as gone (its leftovers are then removed; same-name concurrent runs are
/// not supported there).
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && proc.join(pid.to_string()).exists()
}

/// Refuses to replace `target` when it exists and is neither a zhextract dataset nor an
/// empty directory (nothing to lose there), unless `force`.
/// Files a user keeps in an output directory (the repository's `output/README.md`): a
/// directory holding only these counts as empty, and they are carried into each new
/// dataset so publishing does not delete them.
const KEEPERS: &[&str] = &["README.md", ".gitignore", ".gitkeep"];

/// The keeper files directly inside `dir`.
fn keepers(dir: &Path) -> Vec<std::path::PathBuf> {
    KEEPERS
        .iter()
        .map(|name| dir.join(name))
        .filter(|path| path.symlink_metadata().is_ok_and(|meta| meta.is_file()))
        .collect()
}

/// Copies the keeper files of `target` (if it is a directory) into `staging`.
fn carry_keepers(target: &Path, staging: &Path) -> Result<(), WriteError> {
    for path in keepers(target) {
        let destination = staging.join(path.file_name().unwrap_or_default());
        std::fs::copy(&path, &destination)
            .map_err(|source| WriteError::io("copy", &path, source))?;
    }
    Ok(())
}

fn refuse_foreign(target: &Path, force: bool) -> Result<(), WriteError> {
    let exists = target.symlink_metadata().is_ok();
    let empty_dir = || {
        std::fs::read_dir(target).is_ok_and(|entries| {
            entries.filter_map(Result::ok).all(|entry| {
                KEEPERS.iter().any(|name| entry.file_name() == *name)
                    && entry.file_type().is_ok_and(|kind| kind.is_file())
            })
        })
    };
    if exists && !force && !manifest::is_dataset(target) && !empty_dir() {
        return Err(WriteError::NotADataset {
            path: target.to_path_buf(),
        });
    }
    Ok(())
}

fn rename(from: &Path, to: &Path) -> Result<(), WriteError> {
    std::fs::rename(from, to).map_err(|source| WriteError::io("rename", from, source))
}

/// Removes a file or directory tree; a missing path is fine.
fn remove_path(path: &Path) -> Result<(), WriteError> {
    let result = match path.symlink_metadata() {
        Err(_) => return Ok(()),
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
    };
    result.map_err(|source| WriteError::io("remove", path, source))
}

/// Makes a directory's entries (new files, renames) durable.
fn sync_dir(dir: &Path) -> Result<(), WriteError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|handle| handle.sync_all())
        .map_err(|source| WriteError::io("sync directory", dir, source))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_staging_directory_is_removed_when_a_run_fails() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        let writer = DatasetWriter::create(&out, &WriteOptions::default()).unwrap();
        let staging = writer.staging_dir().to_path_buf();
        assert!(staging.exists());
        drop(writer);
        assert!(!staging.exists() && !out.exists());
    }
}
