//! `zhextract validate`: check a dataset against SCHEMA.md and its source files.

use std::path::PathBuf;

use clap::Args;

use zhextract::batch;

use super::ExitStatus;

/// Arguments of `zhextract validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The dataset directory (as written by `zhextract run`).
    #[arg(value_name = "DIR")]
    pub dataset: PathBuf,

    /// Print the report as JSON on stdout instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `zhextract validate`: exit 0 when valid, 1 when problems were found.
pub fn run(args: &ValidateArgs) -> anyhow::Result<ExitStatus> {
    let report = batch::validate_dataset(&args.dataset)?;
    let text = if args.json {
        serde_json::to_string_pretty(&report.to_json())?
    } else {
        report.render(20)
    };
    super::print_stdout(&text)?;
    Ok(if report.is_ok() {
        ExitStatus::Success
    } else {
        ExitStatus::Different
    })
}
