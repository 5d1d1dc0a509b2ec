//! `zhextract show`: one mention in its source, highlighted, with all its fields.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use zhextract::evaluate::show::{self, Highlight, ShowOptions};
use zhextract::read::Dataset;

use super::ExitStatus;

/// When to colour the span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour on a terminal (unless NO_COLOR is set), `⟦…⟧` markers otherwise.
    #[default]
    Auto,
    /// Always ANSI colour.
    Always,
    /// Always markers.
    Never,
}

/// Arguments of `zhextract show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The mention: `{doc_id}#{kind}:{byte_start}-{byte_end}` (the `mention_id` column, as
    /// `eval --errors` and `diff` print it).
    #[arg(value_name = "MENTION_ID")]
    pub mention_id: String,

    /// The dataset directory.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub dataset: PathBuf,

    /// Lines of context before and after the mention.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub context: u32,

    /// Highlight the span with colour or with markers.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Runs `zhextract show`.
pub fn run(args: &ShowArgs) -> anyhow::Result<ExitStatus> {
    let dataset = Dataset::open(&args.dataset)
        .with_context(|| format!("opening dataset {}", args.dataset.display()))?;
    let colour = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let options = ShowOptions {
        context: args.context,
        highlight: if colour {
            Highlight::Ansi
        } else {
            Highlight::Markers
        },
    };
    let text = show::show(&dataset, &args.mention_id, options)?;
    super::print_stdout(&text)?;
    Ok(ExitStatus::Success)
}
