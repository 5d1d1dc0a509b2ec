//! A whole run: documents processed in parallel, rows handed to the writer in `doc_id`
//! order, the staged dataset validated, then published atomically.
//!
//! Parallelism is by document (`batch/ordered.rs`): workers claim documents one at a time, at
//! most a window of a few documents per thread ahead of the writer, and results are
//! delivered in input order, so output is deterministic and memory is bounded by the
//! window, not the corpus.

mod ordered;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Instant, SystemTime};

use crate::incremental::Previous;
use crate::ingest::{self, InputFile, WalkError};
use crate::merge::Shard;
use crate::normalize::{normalize_fragment, ScriptConverter};
use crate::pipeline::{Pipeline, PipelineConfig};
use crate::read::{read_manifest, ReadError};
use crate::rules::{RuleError, Rules};
use crate::validate::{self, Report, Scope, Sequence, SourceAccess};
use crate::write::rows::{DocRows, DocumentRow};
use crate::write::{manifest, DatasetWriter, InputEntry, Manifest, WriteError, WriteOptions};

/// Why a run could not produce a dataset (a bad *document* is never one of these).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// The inputs cannot form one run.
    #[error(transparent)]
    Walk(#[from] WalkError),
    /// A rule table or gazetteer is broken.
    #[error(transparent)]
    Rules(#[from] RuleError),
    /// The dataset could not be written or published.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The staged dataset could not be read back for validation.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The writer thread stopped listening without an error (a bug).
    #[error("internal error: the dataset writer stopped early; this is a bug in zhextract, please report it")]
    WriterStopped,
    /// No input documents were found.
    #[error("no input documents found in {inputs}; pass files or directories holding text files")]
    NoInputs {
        /// The inputs as given.
        inputs: String,
    },
}

/// Where a run reads and writes.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    /// Files and directories to process.
    pub inputs: Vec<PathBuf>,
    /// Output dataset directory.
    pub out: PathBuf,
    /// Replace `out` even if it is not a zhextract dataset.
    pub force: bool,
    /// User rule files laid over the embedded tables (`--rules`, see [`crate::rules::overlay`]).
    pub rule_files: Vec<PathBuf>,
    /// Extra gazetteer files.
    pub gazetteers: Vec<PathBuf>,
    /// Process only this shard of the inputs (by `doc_id` hash, see [`crate::merge`]); the
    /// manifest records it under `configuration.shard`, and an empty shard (more shards
    /// than documents) still writes a dataset.
    pub shard: Option<Shard>,
    /// Re-use the rows of documents unchanged since the dataset at `out` (same path and
    /// sha256, same pipeline version and configuration hash) instead of processing them
    /// again; see [`crate::incremental`].
    pub incremental: bool,
}

/// What a finished run reports.
#[derive(Clone, Debug)]
pub struct RunSummary {
    /// Document and row counts.
    pub counts: RunCounts,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// True when the dataset validated and was published.
    pub validation_ok: bool,
    /// The validation report, rendered (problems only when not ok).
    pub validation_text: String,
    /// The dataset directory.
    pub out: PathBuf,
}

impl RunSummary {
    /// `5 documents (5 ok, 0 failed), 1,234 rows: …, 12.3 MB/s → output/`.
    #[must_use]
    pub fn one_line(&self) -> String {
        let rows: Vec<String> = self
            .counts
            .rows
            .iter()
            .map(|(table, count)| format!("{table} {count}"))
            .collect();
        #[expect(clippy::cast_precision_loss, reason = "a throughput figure")]
        let megabytes = self.counts.input_bytes as f64 / 1e6;
        let verdict = if self.validation_ok {
            format!("written to {}", self.out.display())
        } else {
            "NOT published: validation failed".to_string()
        };
        format!(
            "{} documents ({} ok, {} failed); rows: {}; {:.2} MB in {:.2} s ({:.1} MB/s); {verdict}",
            self.counts.documents_ok + self.counts.documents_failed,
            self.counts.documents_ok,
            self.counts.documents_failed,
            rows.join(", "),
            megabytes,
            self.seconds,
            megabytes / self.seconds.max(1e-9),
        )
    }
}

/// The `configuration` a run records in its manifest (its hash decides whether
/// `run --incremental` may re-use rows): the pipeline settings, the converter, the user's
/// gazetteer and rule files by path, and — when there are any — each file's sha256, so
/// editing a file changes the hash. Without user files it is exactly
/// `{pipeline, gazetteers: [], converter}` (the Python package records the same).
///
/// # Errors
/// When a user file cannot be read.
pub fn configuration(
    config: &PipelineConfig,
    rule_files: &[PathBuf],
    gazetteers: &[PathBuf],
    converter: &str,
) -> Result<serde_json::Value, RuleError> {
    let display = |paths: &[PathBuf]| {
        paths
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
    };
    let mut configuration = serde_json::json!({
        "pipeline": config,
        "gazetteers": display(gazetteers),
        "converter": converter,
    });
    if !rule_files.is_empty() {
        configuration["rules"] = display(rule_files).into();
    }
    if !(rule_files.is_empty() && gazetteers.is_empty()) {
        let mut digests = serde_json::Map::new();
        for path in rule_files.iter().chain(gazetteers) {
            let bytes = std::fs::read(path).map_err(|source| RuleError::Read {
                path: path.clone(),
                source,
            })?;
            digests.insert(
                path.display().to_string(),
                ingest::sha256_hex(&bytes).into(),
            );
        }
        configuration["rule_file_sha256"] = digests.into();
    }
    Ok(configuration)
}

/// Runs the whole batch: walk, process in parallel, write, validate, publish.
///
/// # Errors
/// Only for problems with the run itself (inputs, rules, output); bad documents become
/// error rows and are counted.
pub fn run(
    config: &PipelineConfig,
    options: &BatchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<RunSummary, BatchError> {
    let stopwatch = Stopwatch::start();
    let rules = Rules::load(&options.rule_files, &options.gazetteers)?;
    let pipeline = Pipeline::new(config.clone(), &rules)?;
    let files = ingest::walk(&options.inputs, &mut |warning| {
        progress(Progress::Warning(warning));
    })?;
    if files.is_empty() {
        return Err(BatchError::NoInputs {
            inputs: options
                .inputs
                .iter()
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let files = match options.shard {
        Some(shard) => files
            .into_iter()
            .filter(|file| shard.contains(&file.doc_id))
            .collect(),
        None => files,
    };
    progress(Progress::Started {
        documents: files.len(),
    });
    let mut configuration = configuration(
        config,
        &options.rule_files,
        &options.gazetteers,
        pipeline.converter().name(),
    )?;
    if let Some(shard) = options.shard {
        configuration[crate::merge::SHARD_KEY] = shard.to_json();
    }
    let version = env!("CARGO_PKG_VERSION");
    let mut manifest = Manifest::new(version, configuration.clone(), &started_at());
    let config_hash = manifest::config_hash(&configuration);
    let previous = if options.incremental {
        Previous::load(&options.out, version, &config_hash)?
    } else {
        Previous::default()
    };
    let write_options = WriteOptions {
        force: options.force,
        ..WriteOptions::default()
    }
    .with_provenance(version, &config_hash);
    let writer = DatasetWriter::create(&options.out, &write_options)?;
    let mut counts = RunCounts::default();
    let run = Run {
        pipeline: &pipeline,
        files: &files,
        previous: &previous,
    };
    let (writer, mut report) = run.process(writer, &mut manifest, &mut counts, progress)?;
    progress(Progress::Stage("validating"));
    manifest.timings.total_seconds = stopwatch.seconds();
    let mut staged = writer.finish(manifest)?;
    counts.rows = staged
        .manifest()
        .row_counts
        .iter()
        .map(|(table, count)| (table.name().to_string(), *count))
        .collect();
    report.absorb(validate::check_structure(staged.dir(), staged.manifest()));
    let validation_ok = report.is_ok();
    let validation_text = report.render(10);
    let seconds = stopwatch.seconds();
    staged.update_manifest(|manifest| {
        manifest.validation = Some(report);
        manifest.timings.total_seconds = seconds;
    })?;
    if validation_ok {
        staged.publish()?;
    } else {
        staged.discard()?;
    }
    Ok(RunSummary {
        counts,
        seconds,
        validation_ok,
        validation_text,
        out: options.out.clone(),
    })
}

/// What [`Run::process`] works through.
struct Run<'a> {
    pipeline: &'a Pipeline,
    files: &'a [InputFile],
    previous: &'a Previous,
}

impl Run<'_> {
    /// Processes and validates every document (each on the worker that made it), merges
    /// the reports in `doc_id` order with the cross-document rules, and hands the rows to
    /// a writer thread; returns the writer with every row appended, and the report.
    fn process(
        &self,
        writer: DatasetWriter,
        manifest: &mut Manifest,
        counts: &mut RunCounts,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(DatasetWriter, Report), BatchError> {
        let mut report = Report::default();
        let mut sequence = Sequence::default();
        let converter = self.pipeline.converter();
        let check = |file: &InputFile, rows: &DocRows| {
            let source = Sources {
                bytes_of: |doc: &DocumentRow| read_unchanged(&file.path, doc),
                converter,
            };
            validate::check_document(rows, Scope::ALL, &source)
        };
        let (pipeline, files, previous) = (self.pipeline, self.files, self.previous);
        let writer = write_in_background(writer, |writer| {
            process_in_order_with(pipeline, files, previous, &check, &mut |(rows, checked)| {
                if let Some(document) = &rows.document {
                    record_document(document, files, manifest, counts);
                    progress(Progress::Document {
                        doc_id: &document.doc_id,
                        bytes: document.bytes,
                        error: document.error.as_deref(),
                    });
                }
                sequence.observe(&rows, &mut report);
                report.absorb(checked);
                writer.send(rows).map_err(|_| WriterStopped)
            })
        })?;
        Ok((writer, report))
    }
}

fn record_document(
    document: &DocumentRow,
    files: &[InputFile],
    manifest: &mut Manifest,
    counts: &mut RunCounts,
) {
    let ok = document.status == "ok";
    if ok {
        counts.documents_ok += 1;
    } else {
        counts.documents_failed += 1;
    }
    counts.input_bytes += document.bytes;
    // `files` is sorted by doc_id (walk's order): a binary search keeps large runs linear.
    let path = files
        .binary_search_by(|file| file.doc_id.as_str().cmp(&document.doc_id))
        .map_or_else(
            |_| PathBuf::from(&document.source_path),
            |index| files[index].path.clone(),
        );
    manifest.inputs.push(InputEntry {
        doc_id: document.doc_id.clone(),
        source_path: document.source_path.clone(),
        absolute_path: std::path::absolute(&path)
            .unwrap_or(path)
            .display()
            .to_string(),
        sha256: document.sha256.clone(),
        bytes: document.bytes,
        status: document.status.clone(),
    });
}

/// The run's start as `YYYY-MM-DDTHH:MM:SSZ` (manifest only; never in tables).
fn started_at() -> String {
    let seconds = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .map(|time| time.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Validates a dataset directory against its source files, with the default converter
/// named in its manifest; streamed (see [`validate::check_dir`]), so memory is bounded by a
/// window of documents, not the dataset.
///
/// # Errors
/// When the dataset cannot be read.
pub fn validate_dataset(dir: &Path) -> Result<Report, BatchError> {
    let manifest = read_manifest(dir)?;
    let opencc = manifest
        .configuration
        .pointer("/pipeline/opencc")
        .and_then(|value| value.as_str())
        .unwrap_or("t2s");
    let converter = crate::normalize::opencc::OpenccConverter::new(
        opencc
            .parse()
            .unwrap_or(crate::normalize::opencc::OpenccConfig::T2s),
    );
    let paths: HashMap<String, PathBuf> = manifest
        .inputs
        .iter()
        .map(|input| (input.doc_id.clone(), PathBuf::from(&input.absolute_path)))
        .collect();
    let sources = Sources {
        bytes_of: |doc: &DocumentRow| {
            let path = paths
                .get(&doc.doc_id)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(&doc.source_path));
            read_unchanged(&path, doc)
        },
        converter: &converter,
    };
    Ok(validate::check_dir(dir, &sources)?)
}

/// Runs `produce` with a sender to a writer thread that appends every [`DocRows`] it gets
/// to `writer`, so writing overlaps with processing; returns the writer once all rows are
/// written. A write error stops the writer thread, which makes the next send fail and
/// `produce` stop; the write error is the one returned.
fn write_in_background(
    writer: DatasetWriter,
    produce: impl FnOnce(&mpsc::SyncSender<DocRows>) -> Result<(), WriterStopped>,
) -> Result<DatasetWriter, BatchError> {
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<DocRows>(WRITE_QUEUE);
        let writing = scope.spawn(move || {
            let mut writer = writer;
            for rows in receiver {
                writer.append(rows)?;
            }
            Ok::<_, WriteError>(writer)
        });
        let produced = produce(&sender);
        drop(sender);
        let written = writing
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload))?;
        match produced {
            Ok(()) => Ok(written),
            // The writer finished without error, so it cannot have stopped listening.
            Err(WriterStopped) => Err(BatchError::WriterStopped),
        }
    })
}

/// Documents waiting for the writer thread at most (beyond those being processed).
const WRITE_QUEUE: usize = 16;

/// The writer thread stopped (after a write error, which is reported instead).
#[derive(Debug)]
struct WriterStopped;

/// Checks the rows of documents processed from bytes held in memory (the Python binding
/// and its Ray tasks) as a run's workers check theirs: every row rule and the provenance
/// trace of every row, against `bytes_of(doc_id)`; reports merge in the order given.
#[must_use]
pub fn check_in_memory<'b>(
    docs: &[DocRows],
    converter: &dyn ScriptConverter,
    bytes_of: impl Fn(&str) -> Option<&'b [u8]> + Sync,
) -> Report {
    let sources = Sources {
        bytes_of: |doc: &DocumentRow| {
            bytes_of(&doc.doc_id)
                .map(<[u8]>::to_vec)
                .ok_or_else(|| format!("no bytes for {}", doc.doc_id))
        },
        converter,
    };
    let mut report = Report::default();
    for rows in docs {
        report.absorb(validate::check_document(rows, Scope::ALL, &sources));
    }
    report
}

/// The bytes of the file at `path`, when they are still those `doc` was made from.
fn read_unchanged(path: &Path, doc: &DocumentRow) -> Result<Vec<u8>, String> {
    let bytes =
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let sha256 = ingest::sha256_hex(&bytes);
    if sha256 == doc.sha256 {
        Ok(bytes)
    } else {
        Err(format!(
            "{} changed since the run (sha256 {sha256}, dataset has {})",
            path.display(),
            doc.sha256
        ))
    }
}

/// The pipeline's own decoding and normalization, over the bytes `bytes_of` gives for a
/// document (its file, or bytes held in memory).
struct Sources<'a, B> {
    bytes_of: B,
    converter: &'a dyn ScriptConverter,
}

impl<B: Fn(&DocumentRow) -> Result<Vec<u8>, String> + Sync> SourceAccess for Sources<'_, B> {
    fn file_bytes(&self, doc: &DocumentRow) -> Result<Vec<u8>, String> {
        (self.bytes_of)(doc)
    }

    fn decode(&self, bytes: &[u8], encoding: &str) -> String {
        ingest::decode::decode_slice(bytes, encoding)
    }

    fn normalize_fragment(&self, source_text: &str) -> String {
        normalize_fragment(source_text, self.converter)
    }

    fn line_of(&self, bytes: &[u8], encoding: &str, byte: u64) -> u32 {
        ingest::line_index_of_bytes(bytes, encoding).line_of(byte)
    }

    fn lines_of(&self, bytes: &[u8], encoding: &str, offsets: &[u64]) -> Vec<u32> {
        let lines = ingest::line_index_of_bytes(bytes, encoding);
        offsets.iter().map(|&byte| lines.line_of(byte)).collect()
    }
}

/// What a run reports while it works (for progress bars and logs).
#[derive(Clone, Debug)]
pub enum Progress<'a> {
    /// The inputs were listed.
    Started {
        /// How many documents will be processed.
        documents: usize,
    },
    /// Something worth telling that is not a document failure (a skipped symlink loop).
    Warning(String),
    /// A run-level stage began (`validating`).
    Stage(&'static str),
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

/// Documents per thread that may be claimed before the writer has taken them.
const WINDOW_PER_THREAD: usize = 4;

/// Processes `files` in parallel and hands each document's rows to `sink` in input order.
/// A document whose processing panics (a bug) becomes an error row like any bad document,
/// so one file never takes the batch down.
///
/// # Errors
/// The first error `sink` returns; processing stops there.
pub fn process_in_order<E>(
    pipeline: &Pipeline,
    files: &[InputFile],
    sink: &mut dyn FnMut(DocRows) -> Result<(), E>,
) -> Result<(), E> {
    process_in_order_reusing(pipeline, files, &Previous::default(), sink)
}

/// [`process_in_order`], taking the rows of documents unchanged since `previous` instead
/// of processing them (see [`crate::incremental`]).
///
/// # Errors
/// The first error `sink` returns; processing stops there.
pub fn process_in_order_reusing<E>(
    pipeline: &Pipeline,
    files: &[InputFile],
    previous: &Previous,
    sink: &mut dyn FnMut(DocRows) -> Result<(), E>,
) -> Result<(), E> {
    let nothing = |_: &InputFile, _: &DocRows| ();
    process_in_order_with(pipeline, files, previous, &nothing, &mut |(rows, ())| {
        sink(rows)
    })
}

/// [`process_in_order_reusing`], also running `after` on each document's rows on the worker
/// that made them (the run validates there), and handing both to `sink` in input order.
///
/// # Errors
/// The first error `sink` returns; processing stops there.
pub fn process_in_order_with<T: Send, E>(
    pipeline: &Pipeline,
    files: &[InputFile],
    previous: &Previous,
    after: &(dyn Fn(&InputFile, &DocRows) -> T + Sync),
    sink: &mut dyn FnMut((DocRows, T)) -> Result<(), E>,
) -> Result<(), E> {
    let threads = rayon::current_num_threads().max(1);
    ordered::map_in_order(
        files,
        threads,
        threads * WINDOW_PER_THREAD,
        &|file| previous.prefetch(std::slice::from_ref(file)),
        &|file| {
            let rows = previous
                .reuse(file)
                .unwrap_or_else(|| process_guarded(pipeline, file));
            let extra = after(file, &rows);
            (rows, extra)
        },
        sink,
    )
}

/// [`Pipeline::process`], with a panic turned into the document's error row. The pipeline
/// is read-only while processing, so a panic leaves nothing half-updated behind.
fn process_guarded(pipeline: &Pipeline, file: &InputFile) -> DocRows {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.process(file)))
        .unwrap_or_else(|payload| {
            let message = payload
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            let error = DocumentPanicked {
                path: file.path.clone(),
                message,
            };
            crate::write::rows::failed(file, None, &error)
        })
}

/// A document's processing panicked: a bug in zhextract, reported as its error row.
#[derive(Debug, thiserror::Error)]
#[error(
    "internal error while processing {}: {message}; this is a bug in zhextract: please \
     report it with this file (the rest of the run is unaffected)",
    path.display()
)]
pub struct DocumentPanicked {
    /// The file.
    pub path: PathBuf,
    /// The panic message.
    pub message: String,
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
