//! `zhextract eval`: score a dataset against gold annotations.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use zhextract::evaluate::{self, gold, render};
use zhextract::read::Dataset;

use super::ExitStatus;

/// Output format of `eval` and `diff`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables for people.
    #[default]
    Text,
    /// One JSON document for scripts.
    Json,
}

/// Arguments of `zhextract eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold annotations: a directory of `*.jsonl` files (GOLD_SPEC.md format) or one file.
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,

    /// The dataset directory to score.
    #[arg(value_name = "DATASET", default_value = "output")]
    pub dataset: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// List up to N errors of each category: missed gold mentions, spurious predictions,
    /// wrong normalized values, inexact spans, wrong attributes (with lines, texts, rules
    /// and mention ids for `zhextract show`).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,
}

/// Runs `zhextract eval`: exit 0 with scores, 2 when gold or dataset are unusable.
pub fn run(args: &EvalArgs) -> anyhow::Result<ExitStatus> {
    let gold = gold::load(&args.gold)?;
    let dataset = Dataset::open(&args.dataset)
        .with_context(|| format!("opening dataset {}", args.dataset.display()))?;
    let evaluation = evaluate::evaluate(&gold, &dataset)?;
    let text = match args.format {
        Format::Text => render::text(&evaluation, args.errors),
        Format::Json => serde_json::to_string_pretty(&render::json(&evaluation, args.errors))?,
    };
    super::print_stdout(&text)?;
    Ok(ExitStatus::Success)
}
