//! A whole run: documents processed in parallel, rows handed to the writer in `doc_id`
//! order, the staged dataset validated, then published atomically.
//!
//! Parallelism is by document (rayon); results are gathered in windows of a few documents
//! per thread and delivered in input order, so output is deterministic and memory is
//! bounded by the window, not the corpus.

use std::time::Instant;

use rayon::prelude::*;

use crate::ingest::InputFile;
use crate::pipeline::Pipeline;
use crate::write::rows::DocRows;

/// What a run reports while it works (for progress bars and logs).
#[derive(Clone, Debug)]
pub enum Progress<'a> {
    /// A document is done (in `doc_id` order).
    Document {
        /// Its id.
        doc_id: &'a str,
        /// Its size in bytes.
        bytes: u64,
        /// Why it failed, if it did.
        error: Option<&'a str>,
    },
}

/// Documents processed per thread before results are handed over in order.
const WINDOW_PER_THREAD: usize = 4;

/// Processes `files` in parallel and hands each document's rows to `sink` in input order.
///
/// # Errors
/// The first error `sink` returns; processing stops there.
pub fn process_in_order<E>(
    pipeline: &Pipeline,
    files: &[InputFile],
    sink: &mut dyn FnMut(DocRows) -> Result<(), E>,
) -> Result<(), E> {
    let window = rayon::current_num_threads().max(1) * WINDOW_PER_THREAD;
    for chunk in files.chunks(window) {
        let results: Vec<DocRows> = chunk.par_iter().map(|file| pipeline.process(file)).collect();
        for rows in results {
            sink(rows)?;
        }
    }
    Ok(())
}

/// Counts of a finished run.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct RunCounts {
    /// Documents processed without error.
    pub documents_ok: u64,
    /// Documents that became error rows.
    pub documents_failed: u64,
    /// Bytes of input read.
    pub input_bytes: u64,
    /// Rows per table, in table order.
    pub rows: Vec<(String, u64)>,
}

/// Wall-clock helper for the manifest's timings.
#[derive(Debug)]
pub struct Stopwatch(Instant);

impl Stopwatch {
    /// Starts now.
    #[must_use]
    pub fn start() -> Self {
        Self(Instant::now())
    }

    /// Seconds since start.
    #[must_use]
    pub fn seconds(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}
