//! `zhextract report`: one self-contained HTML page for reviewing a dataset, with every
//! mention highlighted in its document's original text.
//!
//! Place in the pipeline: after `write`, on a dataset read back with [`crate::read`] (and,
//! with `--diff`, a second one compared through [`crate::compare`]). Nothing is fetched at
//! view time: the stylesheet and the script are embedded (`assets/`), the charts are SVG
//! drawn here (`svg.rs`), and each document travels as a JSON block
//! (`<script type="application/json">`) that the script parses and renders only when the
//! document is opened, so a page over a large corpus opens at once.
//!
//! How a mention finds its place: the source file is read through the manifest, checked
//! against `documents.sha256`, and decoded in `documents.encoding` piece by piece between
//! mention boundaries (`source.rs`), which gives the text and, for every original byte
//! offset, its offset in UTF-16 code units (the unit of JavaScript strings). Line numbers in
//! the margin are counted at `\n`, as `sed -n` and the `line_*` columns count them.
//!
//! The page: an overview (`overview.rs`: documents ok and failed, rows per table, encodings
//! and scripts, units, dates by year, rules, validation, diff summary) and one view per
//! document (`#doc=<doc_id>`): the original text with line numbers, mentions coloured by
//! kind (nested when they overlap), a tooltip with the normalized fields on hover or
//! keyboard focus, a mention list, filters by kind and rule and a text search. With
//! `--diff OLD`, added, removed and changed mentions are outlined in green, red and amber
//! and listed with their fields old → new.

mod diff;
mod document;
mod html;
mod model;
mod overview;
mod source;
mod stats;
mod svg;

use crate::read::{Dataset, ReadError};
use crate::write::rows::DocRows;

use self::diff::Comparison;
use self::html::{DocMeta, Page};
use self::stats::Stats;

/// Why a report could not be made (problems with single source files are shown in the
/// page instead).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The dataset (or the OLD dataset) could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
}

/// Renders the report of `dataset` as one HTML document; with `old`, marks what changed
/// since that dataset.
///
/// # Errors
/// [`ReportError::Read`] when a table of either dataset cannot be read as the schema says.
pub fn render(dataset: &Dataset, old: Option<&Dataset>) -> Result<String, ReportError> {
    let groups = dataset.doc_rows()?;
    let comparison = old.map(|old| Comparison::new(old, dataset)).transpose()?;
    let stats = Stats::gather(&groups);
    let manifest = dataset.manifest();
    let mut docs = Vec::with_capacity(groups.len());
    let mut blocks = Vec::new();
    for (doc_id, rows) in &groups {
        let ok = rows.document.as_ref().is_some_and(|d| d.status == "ok");
        let n = ok.then_some(blocks.len());
        if ok {
            let data = document::build(doc_id, rows, manifest, comparison.as_ref());
            blocks.push((blocks.len(), document::script_json(&data)));
        }
        docs.push(doc_meta(doc_id, rows, n, comparison.as_ref()));
    }
    let page = Page {
        title: &dataset.dir().display().to_string(),
        stats: &stats,
        overview: overview::render(manifest, &stats, &groups, comparison.as_ref()),
        docs,
        blocks,
        diff_against: old.map(|old| old.dir().display().to_string()),
    };
    Ok(page.render())
}

fn doc_meta(
    doc_id: &str,
    rows: &DocRows,
    n: Option<usize>,
    comparison: Option<&Comparison>,
) -> DocMeta {
    let document = rows.document.as_ref();
    let about = document.map_or_else(
        || "no documents row".to_string(),
        |d| {
            format!(
                "{} · {} · {} lines · {} sentences · {} bytes",
                d.encoding, d.script, d.n_lines, d.n_sentences, d.bytes
            )
        },
    );
    let traditional = document.is_some_and(|d| d.script == "traditional");
    DocMeta {
        id: doc_id.to_string(),
        n,
        status: document.map_or_else(|| "missing".to_string(), |d| d.status.clone()),
        error: document.and_then(|d| d.error.clone()),
        about,
        lang: if traditional { "zh-Hant" } else { "zh-Hans" },
        mentions: rows.indicators.len()
            + rows.dates.len()
            + rows.organizations.len()
            + rows.policies.len(),
        changes: comparison.map(|comparison| comparison.counts_of(doc_id)),
    }
}
