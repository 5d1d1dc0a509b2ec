//! `zhextract report`: write the HTML review page of a dataset.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;

use zhextract::read::Dataset;

use super::ExitStatus;

/// Arguments of `zhextract report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The dataset directory (as written by `zhextract run`).
    #[arg(value_name = "DATASET")]
    pub dataset: PathBuf,

    /// Where to write the HTML file (`-` for stdout).
    #[arg(short, long, value_name = "FILE", default_value = "report.html")]
    pub out: PathBuf,

    /// Mark what changed since this older dataset: added, removed and changed mentions are
    /// outlined in the text and listed with their fields old → new.
    #[arg(long, value_name = "OLD")]
    pub diff: Option<PathBuf>,
}

/// Runs `zhextract report`.
pub fn run(args: &ReportArgs) -> anyhow::Result<ExitStatus> {
    let dataset = open(&args.dataset)?;
    let old = args.diff.as_deref().map(open).transpose()?;
    let html = zhextract::report::render(&dataset, old.as_ref())
        .with_context(|| format!("rendering the report of {}", args.dataset.display()))?;
    if args.out == Path::new("-") {
        super::print_stdout(&html)?;
    } else {
        write_atomically(&args.out, html.as_bytes())?;
        log(&format!(
            "wrote {} ({:.1} MB)",
            args.out.display(),
            html.len() as f64 / 1e6
        ));
    }
    Ok(ExitStatus::Success)
}

fn open(dir: &Path) -> anyhow::Result<Dataset> {
    Dataset::open(dir).with_context(|| format!("reading dataset {}", dir.display()))
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so a
/// browser never opens half a report.
#[expect(
    clippy::disallowed_methods,
    reason = "the report is written atomically: a partial file renamed into place"
)]
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let partial = path.with_file_name(format!(
        ".{}.partial-{}",
        path.file_name().map_or_else(
            || "report.html".into(),
            |name| name.to_string_lossy().into_owned()
        ),
        std::process::id()
    ));
    let mut file = std::fs::File::create(&partial)
        .with_context(|| format!("creating {}", partial.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| {
        let _ = std::fs::remove_file(&partial);
        format!("renaming {} to {}", partial.display(), path.display())
    })
}

#[expect(
    clippy::print_stderr,
    reason = "progress goes to stderr, data to stdout"
)]
fn log(message: &str) {
    eprintln!("{message}");
}
