//! `zhextract merge`: combine the datasets of a sharded run (`run --shard K/N`) into one.

use std::path::PathBuf;

use clap::Args;

use zhextract::merge::{self, MergeError, MergeOptions};

use super::ExitStatus;

/// Arguments of `zhextract merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The merged dataset directory. It is replaced atomically, and only after the merged
    /// dataset validates.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,

    /// The shard datasets, one per shard K of N (any order); all N must be given.
    #[arg(value_name = "SHARD_DIR", required = true)]
    pub shards: Vec<PathBuf>,

    /// Replace OUT even if it is not a zhextract dataset.
    #[arg(long)]
    pub force: bool,

    /// No summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `zhextract merge`: exit 0 when the merged dataset was written, 2 otherwise.
pub fn run(args: &MergeArgs) -> anyhow::Result<ExitStatus> {
    let options = MergeOptions {
        shards: args.shards.clone(),
        out: args.out.clone(),
        force: args.force,
    };
    let summary = merge::merge(&options).map_err(with_hint)?;
    if !args.quiet {
        super::report_error(&summary.one_line());
    }
    if !summary.validation_ok {
        super::report_error(&summary.validation_text);
        return Ok(ExitStatus::Error);
    }
    Ok(ExitStatus::Success)
}

/// The merge's error with what the user can do about it.
fn with_hint(error: MergeError) -> anyhow::Error {
    let hint = match &error {
        MergeError::Mismatch { .. } => {
            "pass the datasets of all N shards of one run (same version and options), each \
             written by `zhextract run --shard K/N`; nothing was written"
        }
        MergeError::Write(zhextract::write::WriteError::NotADataset { .. }) => {
            "pass --force to replace it (everything in it will be deleted), or choose another OUT"
        }
        _ => return error.into(),
    };
    anyhow::anyhow!("{error}\nhint: {hint}")
}
