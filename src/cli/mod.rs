//! Command-line interface: clap definitions and dispatch. A thin layer over the library;
//! every subcommand lives in its own file.

mod bench;
mod diff;
mod eval;
mod merge;
mod report;
mod run;
mod show;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit codes of every subcommand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: everything went well (all documents ok; dataset valid; datasets identical).
    Success,
    /// 1: a comparison found differences (`diff`) or validation found problems.
    Different,
    /// 2: usage or I/O error; nothing was published.
    Error,
    /// 3: the dataset was written but some documents failed (see documents.parquet).
    PartialFailure,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Different => 1,
            ExitStatus::Error => 2,
            ExitStatus::PartialFailure => 3,
        })
    }
}

const AFTER_HELP: &str = "\
Exit codes:
  0  all documents processed; dataset written and valid
  1  differences found (diff) or validation problems (validate)
  2  usage or I/O error; nothing was published
  3  dataset written, but some documents failed (their rows in documents.parquet say why)

Examples:
  zhextract                      process seeds/ into output/
  zhextract run corpus/ --out data/
  zhextract validate data/";

/// Turns Chinese economic and policy documents (Simplified or Traditional; UTF-8,
/// GB18030, Big5 or UTF-16) into a validated Parquet dataset of dates, numeric indicators,
/// organizations and policy instruments, each row traced back to its original bytes and
/// lines.
#[derive(Debug, Parser)]
#[command(name = "zhextract", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Process documents into a dataset (the default command, on seeds/ into output/).
    Run(run::RunArgs),
    /// Check a dataset against the schema and its provenance against the source files.
    Validate(validate::ValidateArgs),
    /// Score a dataset against gold annotations (precision, recall, F1, value accuracy).
    Eval(eval::EvalArgs),
    /// Compare two datasets row by row (exit 0 identical, 1 different).
    Diff(diff::DiffArgs),
    /// Print a mention's source lines with the span highlighted, and all its fields.
    Show(show::ShowArgs),
    /// Write one self-contained HTML page for reviewing a dataset: every mention
    /// highlighted in its original text, the run's figures, and with --diff the changes.
    Report(report::ReportArgs),
    /// Measure throughput (MB/s, documents/s) and peak memory of the pipeline and each
    /// stage, next to bare jieba-rs `tag` on the same text and threads.
    Bench(bench::BenchArgs),
    /// Combine the datasets of a sharded run (`run --shard K/N`) into one dataset,
    /// validated before it is published.
    Merge(merge::MergeArgs),
}

/// Runs the parsed command line.
///
/// # Errors
/// Usage and I/O errors, reported by `main` with exit code 2.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        None => run::run(&run::RunArgs::default()),
        Some(Command::Run(args)) => run::run(&args),
        Some(Command::Validate(args)) => validate::run(&args),
        Some(Command::Eval(args)) => eval::run(&args),
        Some(Command::Diff(args)) => diff::run(&args),
        Some(Command::Show(args)) => show::run(&args),
        Some(Command::Report(args)) => report::run(&args),
        Some(Command::Bench(args)) => bench::run(&args),
        Some(Command::Merge(args)) => merge::run(&args),
    }
}

/// Prints an error message on stderr.
#[expect(clippy::print_stderr, reason = "the CLI's one error printer")]
pub fn report_error(message: &str) {
    eprintln!("{message}");
}

/// Default input directory.
fn default_inputs() -> Vec<PathBuf> {
    vec![PathBuf::from("seeds")]
}

/// Writes data to stdout (a closed pipe surfaces as an error `main` treats as success).
fn print_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()
}
