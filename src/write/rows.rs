//! Plain row structs, one per SCHEMA.md table, and their construction from a processed
//! document: this is where normalized [`Span`]s become original-byte provenance, through
//! [`crate::normalize::OffsetMap::to_source`] and nothing else.

use chrono::NaiveDate;

use crate::span::Span;

/// The span columns shared by every mention table (SCHEMA.md, "Span columns").
#[derive(Clone, Debug, PartialEq)]
pub struct SpanColumns {
    /// Source path relative to the input root, `/`-separated.
    pub doc_id: String,
    /// `{doc_id}#{kind}:{byte_start}-{byte_end}`.
    pub mention_id: String,
    /// The sentence the mention starts in.
    pub sentence_id: u32,
    /// 1-based line of the first byte.
    pub line_start: u32,
    /// 1-based line of the last byte.
    pub line_end: u32,
    /// Half-open original byte range start.
    pub byte_start: u64,
    /// Half-open original byte range end.
    pub byte_end: u64,
    /// The original characters of the byte range, decoded, unmodified.
    pub source_text: String,
    /// The same span after normalization.
    pub text: String,
    /// The extraction rule.
    pub rule: String,
    /// The normalized span (not written; used for linking and rendering).
    pub span: Span,
}

/// A `documents.parquet` row.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentRow {
    /// Path relative to the input root.
    pub doc_id: String,
    /// The path as given on the command line (joined with the walked relative path).
    pub source_path: String,
    /// Hex sha256 of the file bytes (empty when the file could not be read).
    pub sha256: String,
    /// File size in bytes.
    pub bytes: u64,
    /// `UTF-8`, `GB18030`, `Big5`, `UTF-16LE`, `UTF-16BE`, or `unknown`.
    pub encoding: String,
    /// `simplified`, `traditional`, `mixed`, or `unknown` for a failed document.
    pub script: String,
    /// Number of lines of the original file (`sed` numbering).
    pub n_lines: u32,
    /// Number of sentences.
    pub n_sentences: u32,
    /// The document's own date, when it states one.
    pub doc_date: Option<NaiveDate>,
    /// The document's title, when it has one.
    pub title: Option<String>,
    /// `ok` or `error`.
    pub status: String,
    /// Why it failed.
    pub error: Option<String>,
    /// Added column: byte sequences that were not valid in the detected encoding and were
    /// replaced with U+FFFD.
    pub invalid_sequences: u64,
}

/// A `sentences.parquet` row.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceRow {
    /// Document.
    pub doc_id: String,
    /// 0-based index of the sentence in its document.
    pub sentence_id: u32,
    /// 1-based first line.
    pub line_start: u32,
    /// 1-based last line.
    pub line_end: u32,
    /// Original byte range start.
    pub byte_start: u64,
    /// Original byte range end.
    pub byte_end: u64,
    /// Normalized text.
    pub text: String,
    /// jieba words.
    pub tokens: Vec<String>,
    /// Their POS tags.
    pub pos: Vec<String>,
    /// Added column: the original characters of the byte range.
    pub source_text: String,
    /// Added column: true for page numbers, running heads, captions and source notes.
    pub artifact: bool,
}

/// An `indicators.parquet` row.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorRow {
    /// Span columns.
    pub span: SpanColumns,
    /// Value in base units.
    pub value: f64,
    /// Upper end of a range.
    pub value_high: Option<f64>,
    /// Canonical unit.
    pub unit: String,
    /// Unit as written (normalized).
    pub unit_text: String,
    /// `approx`, `more_than`, `at_least`, `less_than`, `at_most`.
    pub qualifier: Option<String>,
    /// `level`, `growth`, `share`.
    pub measure: String,
    /// What is measured.
    pub subject: Option<String>,
    /// The dates mention giving the period.
    pub date_mention_id: Option<String>,
    /// Period start.
    pub period_start: Option<NaiveDate>,
    /// Period end.
    pub period_end: Option<NaiveDate>,
}

/// A `dates.parquet` row.
#[derive(Clone, Debug, PartialEq)]
pub struct DateRow {
    /// Span columns.
    pub span: SpanColumns,
    /// Inclusive start.
    pub start: Option<NaiveDate>,
    /// Inclusive end.
    pub end: Option<NaiveDate>,
    /// `day` … `century`.
    pub granularity: String,
    /// Resolved against a reference date.
    pub relative: bool,
    /// The reference date used.
    pub reference_date: Option<NaiveDate>,
}

/// An `organizations.parquet` row.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganizationRow {
    /// Span columns.
    pub span: SpanColumns,
    /// Simplified name without spaces.
    pub name: String,
    /// `company`, `government`, ….
    pub org_type: String,
}

/// A `policies.parquet` row.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRow {
    /// Span columns.
    pub span: SpanColumns,
    /// Simplified title without 《》 or quotes.
    pub title: String,
    /// `law`, `regulation`, ….
    pub policy_type: String,
    /// Issuing organization's name.
    pub issuer: Option<String>,
    /// The dates mention of the issue date.
    pub date_mention_id: Option<String>,
}

/// Every row one document contributes to the dataset, each table sorted by
/// (`byte_start`, `byte_end`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocRows {
    /// Its `documents` row.
    pub document: Option<DocumentRow>,
    /// Sentences.
    pub sentences: Vec<SentenceRow>,
    /// Indicators.
    pub indicators: Vec<IndicatorRow>,
    /// Dates.
    pub dates: Vec<DateRow>,
    /// Organizations.
    pub organizations: Vec<OrganizationRow>,
    /// Policies.
    pub policies: Vec<PolicyRow>,
}

use std::collections::HashSet;

use crate::extract::{DateRef, MentionKind};
use crate::ingest::{decode::decode_slice, InputFile, SourceDoc};
use crate::pipeline::Analyzed;
use crate::segment::Segmented;

/// The rows of a document that could not be read or decoded: its `documents` row only.
#[must_use]
pub fn failed(input: &InputFile, bytes: Option<&[u8]>, error: &dyn std::error::Error) -> DocRows {
    DocRows {
        document: Some(DocumentRow {
            doc_id: input.doc_id.clone(),
            source_path: input.path.display().to_string(),
            sha256: bytes.map(crate::ingest::sha256_hex).unwrap_or_default(),
            bytes: bytes.map_or(0, |bytes| bytes.len() as u64),
            encoding: "unknown".to_string(),
            script: "unknown".to_string(),
            n_lines: 0,
            n_sentences: 0,
            doc_date: None,
            title: None,
            status: "error".to_string(),
            error: Some(error_chain(error)),
            invalid_sequences: 0,
        }),
        ..DocRows::default()
    }
}

/// An error and its causes on one line (`a: b: c`), skipping causes already in the text.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !message.contains(&cause_text) {
            message = format!("{message}: {cause_text}");
        }
        source = cause.source();
    }
    message
}

/// Turns an analyzed document into its rows; the one place spans become provenance.
#[must_use]
pub fn build(source: &SourceDoc, bytes: &[u8], analyzed: &Analyzed) -> DocRows {
    let maker = SpanMaker {
        doc_id: &source.input.doc_id,
        segmented: &analyzed.segmented,
        bytes,
        encoding: source.decoded.encoding,
    };
    let mentions = &analyzed.mentions;
    let dates: Vec<DateRow> = mentions
        .dates
        .iter()
        .map(|date| DateRow {
            span: maker.columns(MentionKind::Date, date.span, date.rule),
            start: date.start,
            end: date.end,
            granularity: date.granularity.as_str().to_string(),
            relative: date.relative,
            reference_date: date.reference_date,
        })
        .collect();
    let date_link = |date: Option<DateRef>| {
        date.and_then(|DateRef(index)| dates.get(index))
            .map(|row| (row.span.mention_id.clone(), row.start, row.end))
    };
    let indicators = mentions
        .indicators
        .iter()
        .map(|indicator| {
            let link = date_link(indicator.date);
            IndicatorRow {
                span: maker.columns(MentionKind::Indicator, indicator.span, indicator.rule),
                value: indicator.value,
                value_high: indicator.value_high,
                unit: indicator.unit.clone(),
                unit_text: indicator.unit_text.clone(),
                qualifier: indicator.qualifier.map(|q| q.as_str().to_string()),
                measure: indicator.measure.as_str().to_string(),
                subject: indicator.subject.clone(),
                period_start: link.as_ref().and_then(|link| link.1),
                period_end: link.as_ref().and_then(|link| link.2),
                date_mention_id: link.map(|link| link.0),
            }
        })
        .collect();
    let organizations = mentions
        .organizations
        .iter()
        .map(|organization| OrganizationRow {
            span: maker.columns(
                MentionKind::Organization,
                organization.span,
                organization.rule,
            ),
            name: organization.name.clone(),
            org_type: organization.org_type.as_str().to_string(),
        })
        .collect();
    let policies = mentions
        .policies
        .iter()
        .map(|policy| PolicyRow {
            span: maker.columns(MentionKind::Policy, policy.span, policy.rule),
            title: policy.title.clone(),
            policy_type: policy.policy_type.as_str().to_string(),
            issuer: policy.issuer.clone(),
            date_mention_id: date_link(policy.date).map(|link| link.0),
        })
        .collect();
    let sentences = maker.sentences();
    let document = DocumentRow {
        doc_id: source.input.doc_id.clone(),
        source_path: source.input.path.display().to_string(),
        sha256: source.sha256.clone(),
        bytes: source.bytes,
        encoding: source.decoded.encoding.to_string(),
        script: script_name(analyzed.segmented.doc.script).to_string(),
        n_lines: source.lines.line_count(source.bytes),
        n_sentences: u32::try_from(sentences.len()).unwrap_or(u32::MAX),
        doc_date: analyzed.doc_date,
        title: document_title(&analyzed.segmented),
        status: "ok".to_string(),
        error: None,
        invalid_sequences: source.decoded.invalid_sequences,
    };
    DocRows {
        document: Some(document),
        sentences,
        indicators: sorted_unique(indicators, |row| &row.span),
        dates: sorted_unique(dates, |row| &row.span),
        organizations: sorted_unique(organizations, |row| &row.span),
        policies: sorted_unique(policies, |row| &row.span),
    }
}

/// The `documents.script` value.
fn script_name(script: crate::normalize::DocumentScript) -> &'static str {
    use crate::normalize::DocumentScript;
    match script {
        DocumentScript::Traditional => "traditional",
        DocumentScript::Mixed => "mixed",
        _ => "simplified",
    }
}

/// Sorts rows by original byte range and keeps the first of rows with the same id.
fn sorted_unique<T>(mut rows: Vec<T>, span: impl Fn(&T) -> &SpanColumns) -> Vec<T> {
    rows.sort_by_key(|row| (span(row).byte_start, span(row).byte_end));
    let mut seen: HashSet<String> = HashSet::with_capacity(rows.len());
    rows.retain(|row| seen.insert(span(row).mention_id.clone()));
    rows
}

/// The first paragraph, when it is one short line without a sentence end: a title.
fn document_title(segmented: &Segmented) -> Option<String> {
    let first = segmented
        .sentences
        .iter()
        .find(|sentence| !sentence.artifact)?;
    let alone = segmented
        .sentences
        .iter()
        .filter(|sentence| sentence.paragraph == first.paragraph)
        .count()
        == 1;
    let text = segmented.sentence_text(first);
    let ends = text.ends_with(['。', '！', '？', '!', '?', '；', ';']);
    (alone && !ends && text.chars().count() <= 60).then(|| text.to_string())
}

/// Makes span columns for one document.
struct SpanMaker<'a> {
    doc_id: &'a str,
    segmented: &'a Segmented,
    bytes: &'a [u8],
    encoding: &'static str,
}

impl SpanMaker<'_> {
    fn columns(&self, kind: MentionKind, span: Span, rule: &str) -> SpanColumns {
        let source = self.segmented.doc.map.to_source(span);
        let (start, end) = (source.byte_start, source.byte_end);
        SpanColumns {
            doc_id: self.doc_id.to_string(),
            mention_id: format!("{}#{}:{start}-{end}", self.doc_id, kind.as_str()),
            sentence_id: self
                .segmented
                .sentence_at(span.start())
                .and_then(|index| u32::try_from(index).ok())
                .unwrap_or(0),
            line_start: source.line_start,
            line_end: source.line_end,
            byte_start: start,
            byte_end: end,
            source_text: self.source_text(start, end),
            text: self.segmented.text()[span].to_string(),
            rule: rule.to_string(),
            span,
        }
    }

    fn source_text(&self, start: u64, end: u64) -> String {
        let range = usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0);
        decode_slice(&self.bytes[range], self.encoding)
    }

    fn sentences(&self) -> Vec<SentenceRow> {
        let text = self.segmented.text();
        self.segmented
            .sentences
            .iter()
            .enumerate()
            .map(|(index, sentence)| {
                let source = self.segmented.doc.map.to_source(sentence.span);
                SentenceRow {
                    doc_id: self.doc_id.to_string(),
                    sentence_id: u32::try_from(index).unwrap_or(u32::MAX),
                    line_start: source.line_start,
                    line_end: source.line_end,
                    byte_start: source.byte_start,
                    byte_end: source.byte_end,
                    text: text[sentence.span].to_string(),
                    tokens: sentence
                        .tokens
                        .iter()
                        .map(|t| text[t.span].to_string())
                        .collect(),
                    pos: sentence.tokens.iter().map(|t| t.pos.to_string()).collect(),
                    source_text: self.source_text(source.byte_start, source.byte_end),
                    artifact: sentence.artifact,
                }
            })
            .collect()
    }
}
