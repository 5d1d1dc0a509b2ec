//! `zhextract bench`: throughput and memory of the whole pipeline and of each stage, next
//! to bare jieba-rs `tag` on the same text and threads (the reference the pipeline is
//! judged against, since segmentation is its slowest necessary part).
//!
//! It sits beside the pipeline, not in it: [`generate_corpus`] writes a corpus from the
//! embedded seed documents, [`measure`] runs [`crate::batch::run`] on it (walk → process →
//! write → validate → publish), then times every stage separately (read, decode,
//! normalize, segment, each extractor, rows, write) and finally jieba alone. Timings are
//! printed by the CLI and never asserted by tests.
//!
//! Stage figures are *aggregate* throughput: bytes divided by the stage's summed
//! per-document seconds, times the thread count (what that stage alone would sustain on
//! all threads). Peak RSS is the kernel's `VmHWM`, reset between phases where the kernel
//! allows it (`/proc/self/clear_refs`), so each phase's peak is its own.

mod corpus;
mod stages;

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use corpus::{generate_corpus, SEEDS};
pub use stages::{StageTime, STAGE_NAMES};

use crate::batch::{self, BatchError, BatchOptions};
use crate::ingest;
use crate::pipeline::{Pipeline, PipelineConfig};
use crate::rules::Rules;

/// What to measure.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    /// The corpus directory (walked like `run`'s inputs).
    pub corpus: PathBuf,
    /// Where the whole-pipeline run writes its dataset (replaced).
    pub out: PathBuf,
    /// Worker threads for every phase.
    pub threads: usize,
}

/// Throughput of one measured phase.
#[derive(Clone, Debug)]
pub struct Figure {
    /// Phase name (`pipeline`, `normalize`, `jieba tag`…).
    pub name: String,
    /// Input bytes the phase processed.
    pub bytes: u64,
    /// Documents the phase processed.
    pub documents: u64,
    /// Wall-clock seconds (or, for stages, summed seconds divided by threads).
    pub seconds: f64,
    /// Peak resident set of the phase in bytes, when known.
    pub peak_rss: Option<u64>,
}

impl Figure {
    /// Megabytes (10⁶ bytes) per second.
    #[must_use]
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds.max(1e-9)
    }

    /// Documents per second.
    #[must_use]
    pub fn docs_per_s(&self) -> f64 {
        self.documents as f64 / self.seconds.max(1e-9)
    }
}

/// Everything one bench run measured.
#[derive(Clone, Debug)]
pub struct BenchReport {
    /// Threads used.
    pub threads: usize,
    /// Seconds to load the rules, the jieba dictionary and the converter.
    pub startup_seconds: f64,
    /// Whole pipeline (`batch::run`: process + write + validate + publish).
    pub pipeline: Figure,
    /// The process + write part of the whole run (before validation).
    pub process_write: Figure,
    /// Each stage on its own.
    pub stages: Vec<Figure>,
    /// Bare jieba-rs `tag` over the decoded text of every document.
    pub jieba: Figure,
    /// System load average (1 min) when the run ended, for context.
    pub load_average: Option<f64>,
}

impl BenchReport {
    /// Whole-pipeline throughput as a fraction of bare jieba `tag` throughput.
    #[must_use]
    pub fn ratio(&self) -> f64 {
        self.pipeline.mb_per_s() / self.jieba.mb_per_s().max(1e-9)
    }

    /// The report as an aligned text table plus summary lines.
    #[must_use]
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "threads: {}   load average: {}",
            self.threads,
            self.load_average
                .map_or_else(|| "unknown".to_string(), |load| format!("{load:.2}"))
        );
        let _ = writeln!(
            out,
            "startup (rules + jieba dictionary + converter): {:.0} ms",
            self.startup_seconds * 1e3
        );
        let _ = writeln!(
            out,
            "{:<22} {:>10} {:>10} {:>10} {:>12}",
            "phase", "MB", "MB/s", "docs/s", "peak RSS MB"
        );
        let rows = [&self.pipeline, &self.process_write]
            .into_iter()
            .chain(&self.stages)
            .chain([&self.jieba]);
        for figure in rows {
            let _ = writeln!(
                out,
                "{:<22} {:>10.1} {:>10.2} {:>10.1} {:>12}",
                figure.name,
                figure.bytes as f64 / 1e6,
                figure.mb_per_s(),
                figure.docs_per_s(),
                figure
                    .peak_rss
                    .map_or_else(|| "-".to_string(), |rss| format!("{:.1}", rss as f64 / 1e6)),
            );
        }
        let _ = writeln!(
            out,
            "ratio pipeline/jieba: {:.2} (process+write/jieba: {:.2})",
            self.ratio(),
            self.process_write.mb_per_s() / self.jieba.mb_per_s().max(1e-9)
        );
        out
    }
}

/// Runs every phase on `options.corpus` inside a pool of `options.threads` threads.
///
/// # Errors
/// When the corpus cannot be walked or the dataset cannot be written.
pub fn measure(options: &BenchOptions) -> Result<BenchReport, BatchError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.max(1))
        .build()
        .map_err(|error| {
            BatchError::Write(crate::write::WriteError::Io {
                action: "start worker threads",
                path: options.out.clone(),
                source: std::io::Error::other(error.to_string()),
            })
        })?;
    pool.install(|| measure_in_pool(options))
}

fn measure_in_pool(options: &BenchOptions) -> Result<BenchReport, BatchError> {
    let config = PipelineConfig::default();
    reset_peak_rss();
    let start = Instant::now();
    let rules = Rules::embedded()?;
    let pipeline = Pipeline::new(config.clone(), &rules)?;
    let startup_seconds = start.elapsed().as_secs_f64();
    drop(pipeline);

    reset_peak_rss();
    let (pipeline_figure, process_write) = whole_pipeline(options, &config)?;

    let files = ingest::walk(std::slice::from_ref(&options.corpus), &mut |_| {})?;
    reset_peak_rss();
    let stages = stages::measure(&rules, &files, &options.out.with_extension("stages"))?;
    let stage_rss = peak_rss();
    let threads = rayon::current_num_threads();
    let mut stage_figures: Vec<Figure> = stages
        .iter()
        .map(|stage| Figure {
            name: stage.name.to_string(),
            bytes: stage.bytes,
            documents: stage.documents,
            // `write` runs on the calling thread, the others on every worker.
            seconds: if stage.name == "write" {
                stage.seconds
            } else {
                stage.seconds / threads as f64
            },
            peak_rss: None,
        })
        .collect();
    if let Some(first) = stage_figures.first_mut() {
        first.peak_rss = stage_rss;
    }
    reset_peak_rss();
    let jieba = stages::bare_jieba(&files);
    Ok(BenchReport {
        threads,
        startup_seconds,
        pipeline: pipeline_figure,
        process_write,
        stages: stage_figures,
        jieba: Figure {
            peak_rss: peak_rss(),
            ..jieba
        },
        load_average: load_average(),
    })
}

/// `batch::run` end to end; also reports the part before validation from the manifest.
fn whole_pipeline(
    options: &BenchOptions,
    config: &PipelineConfig,
) -> Result<(Figure, Figure), BatchError> {
    let batch_options = BatchOptions {
        inputs: vec![options.corpus.clone()],
        out: options.out.clone(),
        force: true,
        rule_files: Vec::new(),
        gazetteers: Vec::new(),
        shard: None,
        incremental: false,
    };
    let mut before_validation = None;
    let mut peak_before_validation = None;
    let start = Instant::now();
    let summary = batch::run(config, &batch_options, &mut |event| {
        if matches!(event, batch::Progress::Stage("validating")) {
            before_validation = Some(start.elapsed().as_secs_f64());
            peak_before_validation = peak_rss();
        }
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let documents = summary.counts.documents_ok + summary.counts.documents_failed;
    let whole = Figure {
        name: "pipeline (run)".to_string(),
        bytes: summary.counts.input_bytes,
        documents,
        seconds,
        peak_rss: peak_rss(),
    };
    let process_write = Figure {
        name: "  process+write".to_string(),
        seconds: before_validation.unwrap_or(seconds),
        peak_rss: peak_before_validation,
        ..whole.clone()
    };
    Ok((whole, process_write))
}

/// Peak resident set size of this process in bytes (`VmHWM`), on Linux.
#[must_use]
pub fn peak_rss() -> Option<u64> {
    status_field("VmHWM:")
}

/// Current resident set size of this process in bytes (`VmRSS`), on Linux.
#[must_use]
pub fn current_rss() -> Option<u64> {
    status_field("VmRSS:")
}

fn status_field(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    let kilobytes: u64 = line
        .trim_start_matches(field)
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kilobytes * 1024)
}

/// Resets `VmHWM` to the current RSS (Linux ≥ 4.0); ignored where unsupported.
#[expect(
    clippy::disallowed_methods,
    reason = "a /proc control file, not an output"
)]
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Default scratch directory for a generated corpus of `size_mb` megabytes.
#[must_use]
pub fn default_corpus_dir(base: &Path, size_mb: u64) -> PathBuf {
    base.join(format!("zhextract-bench-{size_mb}mb"))
}
