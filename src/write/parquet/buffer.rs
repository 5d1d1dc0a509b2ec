//! One table of a dataset being written: its open Parquet file, the rows waiting for the
//! next row group, and the row group being encoded in the background.
//!
//! Place in the pipeline: the `write` stage, under [`super::DatasetWriter`]. A full buffer
//! is handed, with the Parquet writer, to a short-lived thread that builds the frame,
//! encodes and compresses it and frees the rows, while the caller goes on producing rows
//! (the pipeline's workers would otherwise wait for every row group). At most one row
//! group per table is in flight, and the next flush or [`TableBuffer::finish`] waits for
//! it first, so row groups reach the file in order and the bytes are exactly those of a
//! serial writer. A failed background flush is reported by the next flush or `finish`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use polars::prelude::{BatchedWriter, KeyValueMetadata, ParquetCompression, ParquetWriter};

use super::super::schema::{Table, TableRow};
use super::super::WriteError;
use super::WriteOptions;

/// The sort key SCHEMA.md requires: `doc_id`, then `byte_start`, then `byte_end`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key {
    doc_id: String,
    byte_start: u64,
    byte_end: u64,
}

impl Key {
    pub(super) fn new(doc_id: &str, byte_start: u64, byte_end: u64) -> Self {
        Self {
            doc_id: doc_id.to_owned(),
            byte_start,
            byte_end,
        }
    }

    pub(super) fn document(doc_id: &str) -> Self {
        Self::new(doc_id, 0, 0)
    }
}

/// The Parquet writer of one table file.
type Writer = BatchedWriter<SharedFile>;

/// A row group being written in the background; gives the writer back when done.
type InFlight = JoinHandle<(Writer, Result<(), WriteError>)>;

/// The open Parquet file of one table, its pending rows and its row group in flight.
pub(super) struct TableBuffer<R> {
    path: PathBuf,
    file: SharedFile,
    /// The writer while no row group is in flight (then the thread holds it).
    writer: Option<Writer>,
    in_flight: Option<InFlight>,
    pending: Vec<R>,
    /// Estimated bytes of `pending`.
    pending_bytes: usize,
    capacity: usize,
    byte_capacity: usize,
    written: u64,
    last: Option<Key>,
}

impl<R: TableRow + Send + 'static> TableBuffer<R> {
    #[expect(
        clippy::disallowed_methods,
        reason = "write/ owns the dataset files: created inside the staging directory"
    )]
    pub(super) fn create(dir: &Path, options: &WriteOptions) -> Result<Self, WriteError> {
        let path = dir.join(R::TABLE.file_name());
        let handle =
            File::create(&path).map_err(|source| WriteError::io("create", &path, source))?;
        let file = SharedFile(Arc::new(Mutex::new(BufWriter::with_capacity(
            1 << 20,
            handle,
        ))));
        let mut metadata = vec![("zhextract.table".to_owned(), R::TABLE.name().to_owned())];
        metadata.extend(options.metadata.iter().cloned());
        let writer = ParquetWriter::new(file.clone())
            .with_compression(ParquetCompression::Zstd(None))
            .with_key_value_metadata(Some(KeyValueMetadata::from_static(metadata)))
            .batched(&R::TABLE.schema())
            .map_err(|source| WriteError::Parquet {
                path: path.clone(),
                source,
            })?;
        Ok(Self {
            path,
            file,
            writer: Some(writer),
            in_flight: None,
            pending: Vec::new(),
            pending_bytes: 0,
            capacity: options.row_group_rows.max(1),
            byte_capacity: options.row_group_bytes.max(1),
            written: 0,
            last: None,
        })
    }

    pub(super) fn push(&mut self, key: Key, row: R) -> Result<(), WriteError> {
        if let Some(last) = &self.last {
            let documents = R::TABLE == Table::Documents;
            if key < *last || (documents && key == *last) {
                let detail = format!("{key:?} comes after {last:?}");
                return Err(WriteError::Unsorted {
                    path: self.path.clone(),
                    detail,
                });
            }
        }
        self.last = Some(key);
        self.pending_bytes += row.heap_bytes();
        self.pending.push(row);
        if self.pending.len() >= self.capacity || self.pending_bytes >= self.byte_capacity {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands the pending rows to a background thread as the next row group, once the
    /// previous one is written.
    fn flush(&mut self) -> Result<(), WriteError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut writer = self.take_writer()?;
        let rows = std::mem::take(&mut self.pending);
        self.written += rows.len() as u64;
        self.pending_bytes = 0;
        let path = self.path.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("write-{}", R::TABLE))
            .spawn(move || {
                let result = write_row_group(&mut writer, &rows, &path);
                drop(rows);
                (writer, result)
            })
            .map_err(|source| WriteError::io("start a thread writing", &self.path, source))?;
        self.in_flight = Some(spawned);
        Ok(())
    }

    /// The writer, once the row group in flight (if any) is written.
    fn take_writer(&mut self) -> Result<Writer, WriteError> {
        if let Some(handle) = self.in_flight.take() {
            let (writer, result) = handle.join().map_err(|_| {
                let panicked = std::io::Error::other("the thread writing it panicked");
                WriteError::io("write", &self.path, panicked)
            })?;
            result?;
            return Ok(writer);
        }
        self.writer.take().ok_or_else(|| {
            let failed = std::io::Error::other("an earlier write failed");
            WriteError::io("write", &self.path, failed)
        })
    }

    /// Flushes, waits for the last row group, writes the footer, flushes the buffer and
    /// fsyncs the file.
    pub(super) fn finish(&mut self) -> Result<(Table, u64), WriteError> {
        self.flush()?;
        let writer = self.take_writer()?;
        writer.finish().map_err(|source| WriteError::Parquet {
            path: self.path.clone(),
            source,
        })?;
        let path = self.path.as_path();
        let io = |action| move |source| WriteError::io(action, path, source);
        let mut file = self.file.lock().map_err(io("write"))?;
        file.flush().map_err(io("write"))?;
        file.get_ref().sync_all().map_err(io("sync"))?;
        Ok((R::TABLE, self.written))
    }
}

impl<R> Drop for TableBuffer<R> {
    /// Waits for a row group still in flight, so no thread outlives the dataset writer.
    fn drop(&mut self) {
        if let Some(handle) = self.in_flight.take() {
            let _ = handle.join();
        }
    }
}

/// Builds the frame of `rows`, checks its schema and writes it as one row group.
fn write_row_group<R: TableRow>(
    writer: &mut Writer,
    rows: &[R],
    path: &Path,
) -> Result<(), WriteError> {
    let parquet = |source| WriteError::Parquet {
        path: path.to_path_buf(),
        source,
    };
    let frame = R::frame(rows).map_err(parquet)?;
    let expected = R::TABLE.schema();
    if **frame.schema() != expected {
        let detail = format!("expected {expected:?}, built {:?}", frame.schema());
        return Err(WriteError::SchemaMismatch {
            path: path.to_path_buf(),
            detail,
        });
    }
    writer.write_batch(&frame).map_err(parquet)
}

/// The table file, shared between Polars' writer (which owns one handle and cannot give it
/// back) and the table buffer, which flushes and fsyncs it after the footer.
#[derive(Clone)]
struct SharedFile(Arc<Mutex<BufWriter<File>>>);

impl SharedFile {
    fn lock(&self) -> std::io::Result<MutexGuard<'_, BufWriter<File>>> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("a thread writing this file panicked"))
    }
}

impl Write for SharedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.lock()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.lock()?.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lock()?.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::rows::DocumentRow;

    /// A disk that fills up mid-write: the table file is `/dev/full`, where every write
    /// fails with ENOSPC. The error names the table file, and the run's staging directory
    /// would be removed by its guard.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_full_disk_is_an_error_naming_the_table_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(Table::Documents.file_name());
        std::os::unix::fs::symlink("/dev/full", &path).unwrap();
        let mut buffer = TableBuffer::<DocumentRow>::create(dir.path(), &WriteOptions::default())
            .expect("creating the file and the Parquet header only buffers");
        let error = buffer.finish().unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(&path.display().to_string()),
            "the error names the file: {message}"
        );
        assert!(message.contains("No space left on device"), "{message}");
    }

    fn document(doc_id: &str) -> DocumentRow {
        DocumentRow {
            doc_id: doc_id.to_owned(),
            source_path: format!("input/{doc_id}"),
            sha256: "0".repeat(64),
            bytes: 1,
            encoding: "UTF-8".to_owned(),
            script: "simplified".to_owned(),
            n_lines: 1,
            n_sentences: 0,
            doc_date: None,
            title: None,
            status: "ok".to_owned(),
            error: None,
            invalid_sequences: 0,
        }
    }

    /// Rows are flushed once their estimated bytes reach `row_group_bytes`, well before
    /// `row_group_rows`, and every row is still written.
    #[test]
    fn a_row_group_is_written_when_the_buffer_is_heavy() {
        let dir = tempfile::tempdir().unwrap();
        let weight = document("a").heap_bytes();
        let options = WriteOptions {
            row_group_bytes: weight * 2,
            ..WriteOptions::default()
        };
        let mut buffer = TableBuffer::<DocumentRow>::create(dir.path(), &options).unwrap();
        for doc_id in ["a", "b", "c", "d", "e"] {
            buffer
                .push(Key::document(doc_id), document(doc_id))
                .unwrap();
            assert!(buffer.pending.len() < 2, "flushed every second row");
        }
        assert_eq!(buffer.written, 4);
        assert_eq!(buffer.finish().unwrap(), (Table::Documents, 5));
    }
}
