//! `zhextract run`: process inputs into a dataset.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use zhextract::batch::{self, BatchError, BatchOptions, Progress};
use zhextract::merge::Shard;
use zhextract::pipeline::PipelineConfig;
use zhextract::write::WriteError;

use super::ExitStatus;

/// Arguments of `zhextract run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Files or directories to process; directories are walked recursively in sorted
    /// order (hidden entries skipped). A file's doc_id is its path relative to the input
    /// directory (its file name when given directly).
    #[arg(value_name = "INPUT", default_values_os_t = super::default_inputs())]
    pub inputs: Vec<PathBuf>,

    /// Output directory. It is replaced atomically, and only after the new dataset
    /// validates; an existing directory that is not a zhextract dataset is refused.
    #[arg(long, short, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,

    /// Replace the output directory even if it is not a zhextract dataset.
    #[arg(long)]
    pub force: bool,

    /// Reference date for relative expressions (去年, 今年7月) in every document,
    /// overriding each document's own date. Format YYYY-MM-DD.
    #[arg(long, value_name = "DATE", help_heading = "Extraction")]
    pub ref_date: Option<NaiveDate>,

    /// OpenCC conversion to Simplified: t2s (OpenCC standard), tw2s, hk2s (regional
    /// variants), tw2sp, hk2sp (with regional phrases).
    #[arg(
        long,
        value_name = "CONFIG",
        default_value = "t2s",
        help_heading = "Extraction"
    )]
    pub opencc: String,

    /// Extra organization gazetteer (TOML, same format as src/rules/data/gazetteer.toml);
    /// may be repeated.
    #[arg(long, value_name = "FILE", help_heading = "Extraction")]
    pub gazetteer: Vec<PathBuf>,

    /// Extra rules (TOML): sections [indicators], [dates], [organizations], [policies] in
    /// the format of src/rules/data/<section>.toml, laid over the embedded tables (lists
    /// extended, tables merged, other values replaced), e.g. `[indicators.units]` with
    /// `count = ["艘"]` adds a counter word; may be repeated.
    #[arg(long, value_name = "FILE", help_heading = "Extraction")]
    pub rules: Vec<PathBuf>,

    /// Files larger than this many bytes become error rows instead of being processed.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024, help_heading = "Limits")]
    pub max_file_bytes: u64,

    /// Process only shard K of N (1-based): the documents whose doc_id hashes to it
    /// (FNV-1a 64 of the doc_id, mod N). Each shard writes a normal dataset; combine
    /// them with `zhextract merge`. For Kubernetes Indexed Jobs and Slurm job arrays.
    #[arg(long, value_name = "K/N", help_heading = "Limits")]
    pub shard: Option<Shard>,

    /// Re-use the rows of documents unchanged since the dataset at --out (same path and
    /// sha256, same zhextract version and configuration); only new or changed documents
    /// are processed. The result is identical to a full run.
    #[arg(long)]
    pub incremental: bool,

    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N", help_heading = "Limits")]
    pub threads: Option<usize>,

    /// No progress bar or summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl Default for RunArgs {
    fn default() -> Self {
        Self {
            inputs: super::default_inputs(),
            out: PathBuf::from("output"),
            force: false,
            ref_date: None,
            opencc: "t2s".to_string(),
            gazetteer: Vec::new(),
            rules: Vec::new(),
            max_file_bytes: 64 * 1024 * 1024,
            shard: None,
            incremental: false,
            threads: None,
            quiet: false,
        }
    }
}

/// Runs `zhextract run`.
pub fn run(args: &RunArgs) -> anyhow::Result<ExitStatus> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("setting the number of worker threads")?;
    }
    let config = PipelineConfig {
        max_file_bytes: args.max_file_bytes,
        reference_date: args.ref_date,
        opencc: args.opencc.clone(),
    };
    let options = BatchOptions {
        inputs: args.inputs.clone(),
        out: args.out.clone(),
        force: args.force,
        rule_files: args.rules.clone(),
        gazetteers: args.gazetteer.clone(),
        shard: args.shard,
        incremental: args.incremental,
    };
    let reporter = Reporter::new(args.quiet);
    let summary =
        batch::run(&config, &options, &mut |event| reporter.on(&event)).map_err(with_hint)?;
    reporter.finish();
    if !args.quiet {
        super::report_error(&summary.one_line());
    }
    if !summary.validation_ok {
        super::report_error(&summary.validation_text);
        return Ok(ExitStatus::Error);
    }
    Ok(if summary.counts.documents_failed > 0 {
        ExitStatus::PartialFailure
    } else {
        ExitStatus::Success
    })
}

/// The run's error with what the user can do about it, when the error alone does not say.
fn with_hint(error: BatchError) -> anyhow::Error {
    let hint = match &error {
        BatchError::Write(WriteError::NotADataset { .. }) => {
            "pass --force to replace it (everything in it will be deleted), or choose another --out"
        }
        BatchError::Write(WriteError::Io { .. } | WriteError::Parquet { .. }) => {
            "nothing was published and the previous dataset, if any, is unchanged; check that \
             the output's parent directory is writable and has free space, then run again"
        }
        _ => return error.into(),
    };
    anyhow::anyhow!("{error}\nhint: {hint}")
}

/// Progress bar on a terminal; failed documents reported one line each.
struct Reporter {
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl Reporter {
    fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {pos}/{len} documents {bar:30} {binary_bytes_per_sec} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Self { bar, quiet }
    }

    fn on(&self, event: &Progress) {
        match event {
            Progress::Started { documents } => {
                if let Some(bar) = &self.bar {
                    bar.set_length(*documents as u64);
                }
            }
            Progress::Document { doc_id, error, .. } => {
                if let Some(bar) = &self.bar {
                    bar.inc(1);
                    bar.set_message(doc_id.to_string());
                }
                if let (Some(error), false) = (error, self.quiet) {
                    let line = format!("warning: {doc_id}: {error}");
                    match &self.bar {
                        Some(bar) => bar.println(line),
                        None => super::report_error(&line),
                    }
                }
            }
            Progress::Warning(message) => {
                if !self.quiet {
                    super::report_error(&format!("warning: {message}"));
                }
            }
            Progress::Stage(stage) => {
                if let Some(bar) = &self.bar {
                    bar.set_message(stage.to_string());
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
