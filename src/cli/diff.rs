//! `zhextract diff`: compare two datasets row by row.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use zhextract::compare::{self, render, DiffOptions};
use zhextract::read::Dataset;
use zhextract::write::Table;

use super::eval::Format;
use super::ExitStatus;

/// Arguments of `zhextract diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier dataset (e.g. the last accepted output).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later dataset.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Compare only this table: documents, sentences, indicators, dates, organizations or
    /// policies.
    #[arg(long, value_name = "TABLE", value_parser = parse_table)]
    pub table: Option<Table>,

    /// Compare only this document (its doc_id).
    #[arg(long, value_name = "DOC_ID")]
    pub doc: Option<String>,
}

fn parse_table(name: &str) -> Result<Table, String> {
    Table::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        format!("unknown table {name:?}; one of {}", names.join(", "))
    })
}

/// Runs `zhextract diff`: exit 0 when identical, 1 when they differ.
pub fn run(args: &DiffArgs) -> anyhow::Result<ExitStatus> {
    let open = |dir: &PathBuf| {
        Dataset::open(dir).with_context(|| format!("opening dataset {}", dir.display()))
    };
    let (old, new) = (open(&args.old)?, open(&args.new)?);
    let options = DiffOptions {
        table: args.table,
        doc: args.doc.clone(),
    };
    let diff = compare::diff(&old, &new, &options);
    let text = match args.format {
        Format::Text => render::text(&diff),
        Format::Json => serde_json::to_string_pretty(&diff)?,
    };
    super::print_stdout(&text)?;
    Ok(if diff.is_identical() {
        ExitStatus::Success
    } else {
        ExitStatus::Different
    })
}
