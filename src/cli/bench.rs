//! `zhextract bench`: throughput and peak memory of the whole pipeline and each stage,
//! next to bare jieba-rs `tag` on the same text and threads.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use zhextract::bench::{self, BenchOptions};

use super::ExitStatus;

/// Arguments of `zhextract bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Size of the generated corpus in megabytes (seed documents repeated); ignored with
    /// --corpus.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub size_mb: u64,

    /// Worker threads for every phase (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Measure this corpus (a directory of documents) instead of generating one.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,

    /// Where generated corpora and scratch datasets go (default: the system temp dir).
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
}

/// Runs `zhextract bench` and prints its table on stdout.
pub fn run(args: &BenchArgs) -> anyhow::Result<ExitStatus> {
    let work = args.work_dir.clone().unwrap_or_else(std::env::temp_dir);
    let corpus = if let Some(dir) = &args.corpus {
        dir.clone()
    } else {
        let dir = bench::default_corpus_dir(&work, args.size_mb);
        bench::generate_corpus(&dir, args.size_mb * 1_000_000)
            .with_context(|| format!("generating a bench corpus in {}", dir.display()))?;
        dir
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let options = BenchOptions {
        corpus: corpus.clone(),
        out: work.join(format!("zhextract-bench-out-{}", std::process::id())),
        threads,
    };
    let report = bench::measure(&options).context("running the benchmark")?;
    let _ = std::fs::remove_dir_all(&options.out);
    let mut text = format!("corpus: {}\n", corpus.display());
    text.push_str(&report.render());
    super::print_stdout(&text).context("writing the report")?;
    Ok(ExitStatus::Success)
}
