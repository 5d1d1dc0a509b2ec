//! Measuring a dataset against hand-made gold annotations (`zhextract eval`), and the
//! stable one-line-per-mention rendering the snapshot tests and `show` use.
//!
//! Place in the pipeline: after `write`, on a dataset read back with [`crate::read`]. It
//! never changes extraction; it tells the person changing a rule what moved.
//!
//! ```text
//! gold/*.jsonl ─ gold::load ─► GoldFile ─┐
//!                                        ├─ document::score_document ─► DocumentScore ─► Evaluation
//! Dataset ─ doc_rows + source file ──────┘      (locate, window, match, count)            │
//!                                                                       render::text / json
//! ```
//!
//! Gold format: `/work/shared/gold/GOLD_SPEC.md`. Matching and the metrics: [`score`].

pub mod document;
pub mod gold;
pub mod listing;
pub mod locate;
pub mod render;
pub mod score;
pub mod show;
pub mod source;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

pub use document::{score_document, Category, DocumentScore, Finding};
pub use gold::{GoldFile, GoldHeader, GoldMention};
pub use listing::mention_lines;
pub use score::{Counts, Metrics};

use crate::extract::MentionKind;
use crate::read::{Dataset, ReadError};
use crate::write::rows::DocRows;

/// Why an evaluation could not run at all (problems with single gold lines or documents
/// are reported in the [`Evaluation`] instead).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A gold file or directory could not be read.
    #[error("could not read {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A gold line is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Gold {
        /// The gold file.
        path: PathBuf,
        /// 1-based line of the gold file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The gold directory has no `*.jsonl` file.
    #[error("no gold files (*.jsonl) in {}", path.display())]
    NoGold {
        /// The directory.
        path: PathBuf,
    },
    /// The dataset could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// No gold file's document could be scored against the dataset.
    #[error("none of the gold documents could be evaluated against this dataset:\n  {}", problems.join("\n  "))]
    NothingToEvaluate {
        /// Why, per gold file.
        problems: Vec<String>,
    },
}

/// What happened to one gold file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoldFileReport {
    /// The gold file.
    pub gold: String,
    /// Its header's `doc`.
    pub doc: String,
    /// The dataset document it was matched to, if any.
    pub doc_id: Option<String>,
    /// Annotated lines.
    pub window_lines: u32,
    /// Counts per kind for this document (empty when it was not scored).
    pub counts: BTreeMap<&'static str, Counts>,
    /// Lines that could not be located, or why the file was not scored.
    pub problems: Vec<String>,
}

/// Counts and metrics of one kind, or of all kinds together (`kind = "all"`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindReport {
    /// `indicator`, `date`, `organization`, `policy`, or `all`.
    pub kind: &'static str,
    /// Raw counts.
    pub counts: Counts,
    /// Derived figures.
    pub metrics: Metrics,
}

impl KindReport {
    fn new(kind: &'static str, counts: Counts) -> Self {
        let metrics = counts.metrics();
        Self {
            kind,
            counts,
            metrics,
        }
    }
}

/// The result of `zhextract eval`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// Per gold file.
    pub files: Vec<GoldFileReport>,
    /// Per kind, in table order.
    pub kinds: Vec<KindReport>,
    /// All kinds together (micro-average).
    pub total: KindReport,
    /// Every error, by document then line.
    pub findings: Vec<Finding>,
}

impl Evaluation {
    /// Sums per-document scores into the per-kind table.
    #[must_use]
    pub fn from_documents(files: Vec<GoldFileReport>, findings: Vec<Finding>) -> Self {
        let mut per_kind: BTreeMap<MentionKind, Counts> = BTreeMap::new();
        for file in &files {
            for kind in MentionKind::ALL {
                if let Some(counts) = file.counts.get(kind.as_str()) {
                    per_kind.entry(kind).or_default().add(counts);
                }
            }
        }
        let mut total = Counts::default();
        let kinds = MentionKind::ALL
            .into_iter()
            .map(|kind| {
                let counts = per_kind.remove(&kind).unwrap_or_default();
                total.add(&counts);
                KindReport::new(kind.as_str(), counts)
            })
            .collect();
        Self {
            files,
            kinds,
            total: KindReport::new("all", total),
            findings,
        }
    }

    /// Number of gold files that were scored.
    #[must_use]
    pub fn scored_files(&self) -> usize {
        self.files.iter().filter(|f| f.doc_id.is_some()).count()
    }
}

/// Scores `dataset` against every gold file.
///
/// A gold file is matched to the document whose `doc_id` equals its header's `doc`, else to
/// the one document with that base name. Gold files that match no document, or whose
/// source file cannot be read or has changed since the run, are reported and skipped.
///
/// # Errors
/// [`EvalError::Read`] when the dataset's tables break the schema, and
/// [`EvalError::NothingToEvaluate`] when no gold file could be scored.
pub fn evaluate(gold: &[GoldFile], dataset: &Dataset) -> Result<Evaluation, EvalError> {
    let docs = dataset.doc_rows()?;
    let mut files = Vec::new();
    let mut findings = Vec::new();
    for file in gold {
        let mut report = GoldFileReport {
            gold: file.path.display().to_string(),
            doc: file.header.doc.clone(),
            doc_id: None,
            window_lines: file.header.window_lines(),
            counts: BTreeMap::new(),
            problems: Vec::new(),
        };
        match find_document(&docs, &file.header.doc)
            .and_then(|(doc_id, rows)| score_against(dataset, file, rows).map(|s| (doc_id, s)))
        {
            Ok((doc_id, score)) => {
                report.doc_id = Some(doc_id.to_owned());
                report.counts = score
                    .counts
                    .into_iter()
                    .map(|(k, c)| (k.as_str(), c))
                    .collect();
                report.problems = score.problems;
                findings.extend(score.findings);
            }
            Err(problem) => report.problems.push(problem),
        }
        files.push(report);
    }
    if !files.iter().any(|f| f.doc_id.is_some()) {
        let problems = files
            .iter()
            .map(|f| format!("{}: {}", f.gold, f.problems.join("; ")))
            .collect();
        return Err(EvalError::NothingToEvaluate { problems });
    }
    Ok(Evaluation::from_documents(files, findings))
}

/// The dataset document a gold header's `doc` names.
fn find_document<'a>(
    docs: &'a BTreeMap<String, DocRows>,
    doc: &str,
) -> Result<(&'a str, &'a DocRows), String> {
    if let Some((doc_id, rows)) = docs.get_key_value(doc) {
        return Ok((doc_id, rows));
    }
    let base = |id: &str| id.rsplit('/').next().unwrap_or(id).to_owned();
    let candidates: Vec<_> = docs
        .iter()
        .filter(|(id, _)| base(id) == base(doc))
        .collect();
    match candidates.as_slice() {
        [(doc_id, rows)] => Ok((doc_id.as_str(), rows)),
        [] => Err(format!("document {doc} is not in the dataset")),
        many => Err(format!(
            "document {doc} is ambiguous in the dataset: {}",
            many.iter()
                .map(|(id, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Reads the document's source file and scores it.
fn score_against(
    dataset: &Dataset,
    gold: &GoldFile,
    rows: &DocRows,
) -> Result<DocumentScore, String> {
    let document = rows
        .document
        .as_ref()
        .ok_or_else(|| format!("document {} has no documents row", gold.header.doc))?;
    let source = source::read_source(dataset, document).map_err(|e| e.to_string())?;
    if !source.unchanged {
        return Err(format!(
            "{} changed since the dataset was written (sha256 differs); re-run first",
            source.path.display()
        ));
    }
    let text = locate::SourceText::new(&source.bytes)
        .map_err(|e| format!("cannot decode {}: {e}", source.path.display()))?;
    let mut score = score_document(gold, &text, rows);
    if gold.header.doc_date != document.doc_date {
        let show =
            |date: Option<chrono::NaiveDate>| date.map_or("none".to_owned(), |d| d.to_string());
        score.problems.push(format!(
            "doc_date: gold {}, dataset {} (relative dates resolve differently)",
            show(gold.header.doc_date),
            show(document.doc_date)
        ));
    }
    Ok(score)
}
