//! The SCHEMA.md invariants, as code: checks a written dataset against the contract and
//! traces every span back to its source file.
//!
//! Place in the pipeline: `ingest → normalize → segment → extract → validate → write`. The
//! run validates its staged dataset (read back through [`crate::read`]) before publishing it
//! and stores the [`Report`] in `manifest.json`; `zhextract validate` runs the same checks
//! on any dataset later.
//!
//! What is checked: every contract column present with its type; no null where SCHEMA.md
//! does not say nullable; enumeration values; unique, well-formed `mention_id`s; row order;
//! ranges; references (`doc_id`, `sentence_id`, `date_mention_id`); and the provenance
//! invariant for every sentence and mention: decoding `file[byte_start..byte_end]` gives
//! `source_text`, normalizing `source_text` gives `text`, and `line_start`/`line_end` are the
//! lines of the first and last byte. File access, decoding and normalization come from the
//! caller through [`SourceAccess`], so the checks use exactly the pipeline's own code.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::NaiveDate;
use polars::prelude::DataFrame;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::read::{Dataset, ReadError};
use crate::write::rows::{
    DateRow, DocumentRow, IndicatorRow, OrganizationRow, PolicyRow, SentenceRow, SpanColumns,
};
use crate::write::schema::{ENCODINGS, SCRIPTS, UNKNOWN};
use crate::write::Table;

/// How many problems of one rule a [`Report`] keeps (all are counted).
pub const KEPT_PER_RULE: usize = 100;

/// Access to the original files and to the pipeline's decoding and normalization, which the
/// provenance invariant is checked against. `Sync` because documents are checked in
/// parallel.
pub trait SourceAccess: Sync {
    /// The bytes of the document's file (found through the manifest's paths).
    ///
    /// # Errors
    /// Why the file cannot be read, for the report.
    fn file_bytes(&self, doc: &DocumentRow) -> Result<Vec<u8>, String>;

    /// Decodes a byte fragment of a file in `encoding` (a `documents.encoding` value).
    fn decode(&self, bytes: &[u8], encoding: &str) -> String;

    /// Normalizes an original fragment the way the pipeline normalizes documents.
    fn normalize_fragment(&self, source_text: &str) -> String;

    /// The 1-based line (`sed -n` numbering) holding byte `byte` of the file.
    fn line_of(&self, bytes: &[u8], encoding: &str, byte: u64) -> u32;

    /// [`SourceAccess::line_of`] for many offsets of one file (the validator asks once per
    /// document). Override it to build the file's line index once instead of per offset.
    fn lines_of(&self, bytes: &[u8], encoding: &str, offsets: &[u64]) -> Vec<u32> {
        offsets
            .iter()
            .map(|&byte| self.line_of(bytes, encoding, byte))
            .collect()
    }
}

/// Which invariant a problem breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// A contract column is missing.
    MissingColumn,
    /// A contract column has another type.
    ColumnType,
    /// A null in a column SCHEMA.md does not call nullable.
    NotNull,
    /// An enumeration column holds a value outside its set.
    AllowedValue,
    /// A `mention_id`, `doc_id` or (`doc_id`, `sentence_id`) occurs twice.
    DuplicateId,
    /// A `mention_id` is not `{doc_id}#{kind}:{byte_start}-{byte_end}`.
    MentionIdFormat,
    /// Rows are not sorted by `doc_id`, `byte_start`, `byte_end`.
    SortOrder,
    /// A start after its end (bytes, lines, dates, periods, value ranges).
    Range,
    /// A row of a document missing from `documents` or marked failed.
    DocumentReference,
    /// `sentence_id` names no sentence of the document, or the mention does not start in it.
    SentenceReference,
    /// `date_mention_id` names no `dates` row of the same document, or the period differs.
    DateReference,
    /// A `documents` row contradicts itself, its sentences or its file.
    DocumentFields,
    /// A value breaks a column's meaning (non-finite number, unresolved date, …).
    Content,
    /// The source file is unreadable or no longer the file that was processed.
    SourceUnavailable,
    /// Decoding `file[byte_start..byte_end]` does not give `source_text`.
    SourceText,
    /// Normalizing `source_text` does not give `text`.
    NormalizedText,
    /// `line_start`/`line_end` are not the lines of the first and last byte.
    Lines,
}

impl Rule {
    /// The rule's name as it appears in reports and JSON (`source_text`).
    #[must_use]
    pub fn name(self) -> String {
        let name = serde_json::to_value(self).ok();
        name.and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// One broken invariant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The table holding the offending row or column.
    pub table: Table,
    /// 0-based row index in the table (`None` for a column-level problem).
    pub row: Option<u64>,
    /// `mention_id`, `doc_id`, or `{doc_id}#sentence:{sentence_id}` of the row.
    pub id: Option<String>,
    /// The invariant.
    pub rule: Rule,
    /// What was found, with the values involved.
    pub detail: String,
}

impl Problem {
    fn at(table: Table, row: usize, id: Option<String>, rule: Rule, detail: String) -> Self {
        Self {
            table,
            row: Some(row as u64),
            id,
            rule,
            detail,
        }
    }

    fn column(table: Table, rule: Rule, detail: String) -> Self {
        Self {
            table,
            row: None,
            id: None,
            rule,
            detail,
        }
    }
}

/// The outcome of [`check`]: counts per rule, the first problems of each rule, and what was
/// covered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Problems per rule (all of them).
    pub problem_counts: BTreeMap<Rule, u64>,
    /// Up to [`KEPT_PER_RULE`] problems per rule, in discovery order.
    pub problems: Vec<Problem>,
    /// Rows per table that were checked (a table with broken columns has no entry).
    pub rows_checked: BTreeMap<Table, u64>,
    /// Sentence and mention rows traced back to their source bytes.
    pub rows_traced: u64,
    /// Source files read to trace them.
    pub documents_traced: u64,
}

impl Report {
    /// True when no invariant is broken.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.problem_counts.is_empty()
    }

    /// Number of problems found.
    #[must_use]
    pub fn problem_count(&self) -> u64 {
        self.problem_counts.values().sum()
    }

    /// The report as JSON (the same form `manifest.json` stores).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// Human-readable: a summary line, then per rule its count and up to `per_rule` problems
    /// (table, row, id, and what is wrong).
    #[must_use]
    pub fn render(&self, per_rule: usize) -> String {
        let rows: u64 = self.rows_checked.values().sum();
        let (tables, traced) = (self.rows_checked.len(), self.rows_traced);
        let coverage = format!(
            "{rows} rows in {tables} tables, {traced} rows traced to {} source files",
            self.documents_traced
        );
        if self.is_ok() {
            return format!("validation passed: {coverage}\n");
        }
        let total = self.problem_count();
        let mut out = format!("validation failed: {total} problems ({coverage})\n");
        for (&rule, &count) in &self.problem_counts {
            let _ = writeln!(out, "  {}: {count}", rule.name());
            let shown: Vec<_> = self
                .problems
                .iter()
                .filter(|p| p.rule == rule)
                .take(per_rule)
                .collect();
            for problem in &shown {
                let row = problem
                    .row
                    .map(|row| format!(" row {row}"))
                    .unwrap_or_default();
                let id = problem
                    .id
                    .as_deref()
                    .map(|id| format!(" ({id})"))
                    .unwrap_or_default();
                let _ = writeln!(out, "    {}{row}{id}: {}", problem.table, problem.detail);
            }
            if count > shown.len() as u64 {
                let _ = writeln!(out, "    … and {} more", count - shown.len() as u64);
            }
        }
        out
    }

    fn push(&mut self, problem: Problem) {
        let count = self.problem_counts.entry(problem.rule).or_insert(0);
        *count += 1;
        if *count <= KEPT_PER_RULE as u64 {
            self.problems.push(problem);
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(10))
    }
}

/// Checks `dataset` against SCHEMA.md and traces its spans through `source`.
///
/// Column problems come first; a table whose columns are broken is not row-checked (its
/// rows cannot be read as the contract describes), nor are references into it.
#[must_use]
pub fn check(dataset: &Dataset, source: &dyn SourceAccess) -> Report {
    let mut report = Report::default();
    let mut usable = HashSet::new();
    for table in Table::ALL {
        let frame = dataset.table(table);
        if check_columns(table, frame, &mut report) {
            usable.insert(table);
            report.rows_checked.insert(table, frame.height() as u64);
        }
    }
    let rows = Rows {
        documents: load(
            &usable,
            Table::Documents,
            || dataset.documents(),
            &mut report,
        ),
        sentences: load(
            &usable,
            Table::Sentences,
            || dataset.sentences(),
            &mut report,
        ),
        indicators: load(
            &usable,
            Table::Indicators,
            || dataset.indicators(),
            &mut report,
        ),
        dates: load(&usable, Table::Dates, || dataset.dates(), &mut report),
        organizations: load(
            &usable,
            Table::Organizations,
            || dataset.organizations(),
            &mut report,
        ),
        policies: load(&usable, Table::Policies, || dataset.policies(), &mut report),
    };
    rows.check(source, &mut report);
    report
}

/// The typed rows of `table`, when its columns passed.
fn load<T>(
    usable: &HashSet<Table>,
    table: Table,
    read: impl FnOnce() -> Result<Vec<T>, ReadError>,
    report: &mut Report,
) -> Option<Vec<T>> {
    let rows = usable.contains(&table).then(read)?;
    let problem = |error: ReadError| Problem::column(table, Rule::ColumnType, error.to_string());
    rows.map_err(|error| report.push(problem(error))).ok()
}

/// Whether each contract column is present, typed, non-null where required and within its
/// allowed values; false when the table cannot be read as row structs.
fn check_columns(table: Table, frame: &DataFrame, report: &mut Report) -> bool {
    let mut usable = true;
    for spec in table.columns() {
        let name = spec.name;
        let Ok(column) = frame.column(name) else {
            let detail = format!("column {name} is missing");
            report.push(Problem::column(table, Rule::MissingColumn, detail));
            usable = false;
            continue;
        };
        let (expected, found) = (spec.column_type.dtype(), column.dtype());
        if *found != expected {
            let detail = format!("column {name} is {found}, SCHEMA.md says {expected}");
            report.push(Problem::column(table, Rule::ColumnType, detail));
            usable = false;
            continue;
        }
        if !spec.nullable && column.null_count() > 0 {
            usable = false;
            let nulls = column.is_null();
            let rows = nulls
                .iter()
                .enumerate()
                .filter(|(_, null)| *null == Some(true));
            for (row, _) in rows {
                let id = row_id(table, frame, row);
                report.push(Problem::at(
                    table,
                    row,
                    id,
                    Rule::NotNull,
                    format!("{name} is null"),
                ));
            }
        }
        let (Some(allowed), Ok(values)) = (spec.allowed, column.str()) else {
            continue;
        };
        for (row, value) in values.iter().enumerate() {
            if let Some(value) = value.filter(|v| !allowed.contains(v)) {
                let detail = format!("{name} {value:?} is not one of {}", allowed.join(", "));
                let id = row_id(table, frame, row);
                report.push(Problem::at(table, row, id, Rule::AllowedValue, detail));
            }
        }
    }
    usable
}

/// The `mention_id` (or `doc_id`) of a row, for reporting a column problem.
fn row_id(table: Table, frame: &DataFrame, row: usize) -> Option<String> {
    let name = if table.mention_kind().is_some() {
        "mention_id"
    } else {
        "doc_id"
    };
    let ids = frame.column(name).ok()?.str().ok()?;
    ids.get(row).map(str::to_owned)
}

/// The typed rows of every table whose columns passed.
struct Rows {
    documents: Option<Vec<DocumentRow>>,
    sentences: Option<Vec<SentenceRow>>,
    indicators: Option<Vec<IndicatorRow>>,
    dates: Option<Vec<DateRow>>,
    organizations: Option<Vec<OrganizationRow>>,
    policies: Option<Vec<PolicyRow>>,
}

impl Rows {
    fn check(&self, source: &dyn SourceAccess, report: &mut Report) {
        let located = self.located();
        check_located(&located, self.sentences.is_some(), report);
        self.check_mentions(report);
        if let Some(documents) = &self.documents {
            check_documents(documents, self.sentences.as_deref(), report);
            check_document_references(documents, &located, report);
            trace(documents, &located, source, report);
        }
    }

    /// The checks particular to each mention table.
    fn check_mentions(&self, report: &mut Report) {
        // References into a broken `dates` table cannot be judged; its columns are reported.
        let dates: Option<HashMap<&str, &DateRow>> = self.dates.as_ref().map(|dates| {
            dates
                .iter()
                .map(|d| (d.span.mention_id.as_str(), d))
                .collect()
        });
        let reference = |table, row, span, id: &Option<String>, period, report: &mut Report| {
            if let Some(dates) = &dates {
                check_date_reference(table, row, span, id.as_deref(), dates, period, report);
            }
        };
        for (row, indicator) in self.indicators.iter().flatten().enumerate() {
            let period = Some((indicator.period_start, indicator.period_end));
            let id = &indicator.date_mention_id;
            reference(Table::Indicators, row, &indicator.span, id, period, report);
            check_indicator(row, indicator, report);
        }
        for (row, policy) in self.policies.iter().flatten().enumerate() {
            reference(
                Table::Policies,
                row,
                &policy.span,
                &policy.date_mention_id,
                None,
                report,
            );
            let quoted = |c: char| "《》〈〉“”\"「」『』".contains(c);
            let title = &policy.title;
            if title.is_empty() || title.starts_with(quoted) || title.ends_with(quoted) {
                let detail = format!("title {title:?} is empty or keeps its quotes");
                let id = Some(policy.span.mention_id.clone());
                report.push(Problem::at(Table::Policies, row, id, Rule::Content, detail));
            }
        }
        for (row, date) in self.dates.iter().flatten().enumerate() {
            check_date(row, date, report);
        }
        for (row, organization) in self.organizations.iter().flatten().enumerate() {
            let name = &organization.name;
            if name.is_empty() || name.contains(char::is_whitespace) {
                let detail = format!("name {name:?} is empty or contains spaces");
                let id = Some(organization.span.mention_id.clone());
                report.push(Problem::at(
                    Table::Organizations,
                    row,
                    id,
                    Rule::Content,
                    detail,
                ));
            }
        }
    }

    /// Sentences first (so mentions can look them up), then the mention tables.
    fn located(&self) -> Vec<Located<'_>> {
        let sentences = self.sentences.iter().flatten().enumerate();
        let mut located: Vec<_> = sentences
            .map(|(row, s)| Located::sentence(row, s))
            .collect();
        let mentions = [
            (
                Table::Indicators,
                spans(self.indicators.as_deref(), |r| &r.span),
            ),
            (Table::Dates, spans(self.dates.as_deref(), |r| &r.span)),
            (
                Table::Organizations,
                spans(self.organizations.as_deref(), |r| &r.span),
            ),
            (
                Table::Policies,
                spans(self.policies.as_deref(), |r| &r.span),
            ),
        ];
        for (table, spans) in mentions {
            let rows = spans.into_iter().enumerate();
            located.extend(rows.map(|(row, span)| Located::mention(table, row, span)));
        }
        located
    }
}

fn spans<R>(rows: Option<&[R]>, span: fn(&R) -> &SpanColumns) -> Vec<&SpanColumns> {
    rows.unwrap_or_default().iter().map(span).collect()
}

/// A sentence or mention row, seen through the columns every span table shares.
struct Located<'a> {
    table: Table,
    row: usize,
    /// `None` for a sentence.
    mention_id: Option<&'a str>,
    doc_id: &'a str,
    sentence_id: u32,
    lines: (u32, u32),
    bytes: (u64, u64),
    source_text: &'a str,
    text: &'a str,
}

impl<'a> Located<'a> {
    fn sentence(row: usize, s: &'a SentenceRow) -> Self {
        let (doc_id, mention_id, sentence_id) = (s.doc_id.as_str(), None, s.sentence_id);
        let (lines, bytes) = ((s.line_start, s.line_end), (s.byte_start, s.byte_end));
        let (source_text, text) = (s.source_text.as_str(), s.text.as_str());
        let table = Table::Sentences;
        Self {
            table,
            row,
            mention_id,
            doc_id,
            sentence_id,
            lines,
            bytes,
            source_text,
            text,
        }
    }

    fn mention(table: Table, row: usize, s: &'a SpanColumns) -> Self {
        let (doc_id, mention_id, sentence_id) = (
            s.doc_id.as_str(),
            Some(s.mention_id.as_str()),
            s.sentence_id,
        );
        let (lines, bytes) = ((s.line_start, s.line_end), (s.byte_start, s.byte_end));
        let (source_text, text) = (s.source_text.as_str(), s.text.as_str());
        Self {
            table,
            row,
            mention_id,
            doc_id,
            sentence_id,
            lines,
            bytes,
            source_text,
            text,
        }
    }

    fn key(&self) -> (&'a str, u64, u64) {
        (self.doc_id, self.bytes.0, self.bytes.1)
    }

    fn problem(&self, rule: Rule, detail: String) -> Problem {
        let id = match self.mention_id {
            Some(id) => id.to_owned(),
            None => format!("{}#sentence:{}", self.doc_id, self.sentence_id),
        };
        Problem::at(self.table, self.row, Some(id), rule, detail)
    }
}

/// Order, ranges, `mention_id` form and uniqueness, and sentence references.
fn check_located(located: &[Located<'_>], have_sentences: bool, report: &mut Report) {
    let mut ids = HashSet::new();
    let mut sentences = HashMap::new();
    for (i, row) in located.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &located[p]);
        if let Some(previous) = previous.filter(|p| p.table == row.table && row.key() < p.key()) {
            let detail = format!(
                "{:?} sorts before the previous row's {:?}",
                row.key(),
                previous.key()
            );
            report.push(row.problem(Rule::SortOrder, detail));
        }
        let ((start, end), (first, last)) = (row.bytes, row.lines);
        if start > end || first > last || first == 0 {
            let detail = format!("bytes {start}..{end}, lines {first}..{last}");
            report.push(row.problem(Rule::Range, detail));
        }
        let (Some(kind), Some(id)) = (row.table.mention_kind(), row.mention_id) else {
            if sentences
                .insert((row.doc_id, row.sentence_id), row.bytes)
                .is_some()
            {
                report.push(row.problem(Rule::DuplicateId, "sentence_id occurs twice".to_owned()));
            }
            continue;
        };
        let expected = format!("{}#{kind}:{start}-{end}", row.doc_id);
        if id != expected {
            report.push(row.problem(Rule::MentionIdFormat, format!("expected {expected:?}")));
        }
        if !ids.insert(id) {
            report.push(row.problem(Rule::DuplicateId, "mention_id occurs twice".to_owned()));
        }
        let sentence_id = row.sentence_id;
        let detail = match sentences.get(&(row.doc_id, sentence_id)) {
            Some(&(s, e)) if s <= start && (start < e || s == e) => continue,
            _ if !have_sentences => continue,
            Some(&(s, e)) => {
                format!("starts at byte {start}, sentence {sentence_id} spans {s}..{e}")
            }
            None => format!("sentence {sentence_id} does not exist in {}", row.doc_id),
        };
        report.push(row.problem(Rule::SentenceReference, detail));
    }
}

type Period = (Option<NaiveDate>, Option<NaiveDate>);

/// `date_mention_id` names a `dates` row of the same document, whose bounds are the
/// indicator's period (`period` is `None` for policies, which have none).
fn check_date_reference(
    table: Table,
    row: usize,
    span: &SpanColumns,
    reference: Option<&str>,
    dates: &HashMap<&str, &DateRow>,
    period: Option<Period>,
    report: &mut Report,
) {
    let id = Some(span.mention_id.clone());
    let fail = |detail| report.push(Problem::at(table, row, id, Rule::DateReference, detail));
    let Some(reference) = reference else {
        if period.is_some_and(|p| p != (None, None)) {
            fail("period_start/period_end are set without a date_mention_id".to_owned());
        }
        return;
    };
    let prefix = format!("{}#date:", span.doc_id);
    let Some(date) = dates
        .get(reference)
        .filter(|_| reference.starts_with(&prefix))
    else {
        return fail(format!(
            "date_mention_id {reference:?} is not a dates row of {}",
            span.doc_id
        ));
    };
    if let Some((start, end)) = period.filter(|&p| p != (date.start, date.end)) {
        let bounds = (date.start, date.end);
        fail(format!(
            "period {start:?}..{end:?} differs from {reference}'s {bounds:?}"
        ));
    }
}

fn check_indicator(row: usize, indicator: &IndicatorRow, report: &mut Report) {
    let mut fail = |rule, detail| {
        let id = Some(indicator.span.mention_id.clone());
        report.push(Problem::at(Table::Indicators, row, id, rule, detail));
    };
    let (value, high) = (indicator.value, indicator.value_high);
    if !value.is_finite() || high.is_some_and(|v| !v.is_finite()) {
        fail(
            Rule::Content,
            format!("value {value} / value_high {high:?} is not finite"),
        );
    }
    if high.is_some_and(|high| high < value) {
        fail(
            Rule::Range,
            format!("value_high {high:?} is below value {value}"),
        );
    }
    if let (Some(start), Some(end)) = (indicator.period_start, indicator.period_end) {
        if start > end {
            fail(Rule::Range, format!("period {start}..{end}"));
        }
    }
}

/// Bounds are both set or both null (null only when unresolvable), ordered, and a resolved
/// relative date names its reference date.
fn check_date(row: usize, date: &DateRow, report: &mut Report) {
    let (rule, detail) = match (date.start, date.end) {
        (Some(start), Some(end)) if start > end => {
            (Rule::Range, format!("start {start} is after end {end}"))
        }
        (Some(_), None) | (None, Some(_)) => (
            Rule::Content,
            "start and end must both be set or both be null".to_owned(),
        ),
        (None, None) if !date.relative || date.reference_date.is_some() => {
            let detail =
                "start/end may be null only for a relative expression with no reference date";
            (Rule::Content, detail.to_owned())
        }
        (Some(_), Some(_)) if date.relative && date.reference_date.is_none() => (
            Rule::Content,
            "a resolved relative date needs its reference_date".to_owned(),
        ),
        _ => return,
    };
    let id = Some(date.span.mention_id.clone());
    report.push(Problem::at(Table::Dates, row, id, rule, detail));
}

/// `documents`: sorted unique `doc_id`s, status/error agreement, `script`/`encoding` values
/// (`unknown` only on failed rows), sha256 form, and `n_sentences` against `sentences`.
fn check_documents(
    documents: &[DocumentRow],
    sentences: Option<&[SentenceRow]>,
    report: &mut Report,
) {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for sentence in sentences.into_iter().flatten() {
        *counts.entry(sentence.doc_id.as_str()).or_default() += 1;
    }
    for (row, doc) in documents.iter().enumerate() {
        let id = doc.doc_id.as_str();
        let mut fail = |rule, detail| {
            report.push(Problem::at(
                Table::Documents,
                row,
                Some(id.to_owned()),
                rule,
                detail,
            ));
        };
        match row.checked_sub(1).map(|p| documents[p].doc_id.as_str()) {
            Some(previous) if previous == id => {
                fail(Rule::DuplicateId, "doc_id occurs twice".to_owned());
            }
            Some(previous) if previous > id => {
                fail(
                    Rule::SortOrder,
                    format!("{id:?} sorts before the previous {previous:?}"),
                );
            }
            _ => {}
        }
        let ok = doc.status == "ok";
        if ok == doc.error.is_some() {
            fail(
                Rule::DocumentFields,
                format!("status {:?} with error {:?}", doc.status, doc.error),
            );
        }
        for (column, value, allowed) in [
            ("script", &doc.script, SCRIPTS),
            ("encoding", &doc.encoding, ENCODINGS),
        ] {
            if !allowed.contains(&value.as_str()) && (ok || value != UNKNOWN) {
                fail(
                    Rule::AllowedValue,
                    format!("{column} {value:?} is not one of {}", allowed.join(", ")),
                );
            }
        }
        let hex =
            |s: &str| s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if ok && !hex(&doc.sha256) {
            fail(
                Rule::DocumentFields,
                format!("sha256 {:?} is not 64 lowercase hex digits", doc.sha256),
            );
        }
        let found = counts.get(id).copied().unwrap_or(0);
        if ok && sentences.is_some() && found != u64::from(doc.n_sentences) {
            let detail = format!(
                "n_sentences is {} but sentences has {found} rows",
                doc.n_sentences
            );
            fail(Rule::DocumentFields, detail);
        }
    }
}

/// Every sentence and mention belongs to a successfully processed document.
fn check_document_references(
    documents: &[DocumentRow],
    located: &[Located<'_>],
    report: &mut Report,
) {
    let status: HashMap<&str, &str> = documents
        .iter()
        .map(|d| (d.doc_id.as_str(), d.status.as_str()))
        .collect();
    for row in located {
        let detail = match status.get(row.doc_id) {
            Some(&"ok") => continue,
            Some(status) => format!("document {} has status {status}", row.doc_id),
            None => format!("document {} is not in documents", row.doc_id),
        };
        report.push(row.problem(Rule::DocumentReference, detail));
    }
}

/// The provenance invariant, one source file at a time (in parallel, reported in order).
fn trace(
    documents: &[DocumentRow],
    located: &[Located<'_>],
    source: &dyn SourceAccess,
    report: &mut Report,
) {
    let mut by_document: HashMap<&str, Vec<&Located<'_>>> = HashMap::new();
    for row in located {
        by_document.entry(row.doc_id).or_default().push(row);
    }
    let jobs: Vec<_> = documents
        .iter()
        .enumerate()
        .filter(|(_, doc)| doc.status == "ok")
        .map(|(row, doc)| {
            (
                row,
                doc,
                by_document
                    .get(doc.doc_id.as_str())
                    .map_or(&[][..], Vec::as_slice),
            )
        })
        .collect();
    let traced: Vec<Traced> = jobs
        .par_iter()
        .map(|&(row, doc, rows)| trace_document(row, doc, rows, source))
        .collect();
    for traced in traced {
        report.rows_traced += traced.rows;
        report.documents_traced += u64::from(traced.file_read);
        traced
            .problems
            .into_iter()
            .for_each(|problem| report.push(problem));
    }
}

/// What tracing one document found.
#[derive(Default)]
struct Traced {
    problems: Vec<Problem>,
    rows: u64,
    file_read: bool,
}

fn trace_document(
    row: usize,
    doc: &DocumentRow,
    rows: &[&Located<'_>],
    source: &dyn SourceAccess,
) -> Traced {
    let id = || Some(doc.doc_id.clone());
    let mut traced = Traced::default();
    let mut fail = |rule, detail| {
        traced
            .problems
            .push(Problem::at(Table::Documents, row, id(), rule, detail));
    };
    let bytes = match source.file_bytes(doc) {
        Ok(bytes) => bytes,
        Err(error) => {
            fail(Rule::SourceUnavailable, error);
            return traced;
        }
    };
    let sha256 = crate::ingest::sha256_hex(&bytes);
    if bytes.len() as u64 != doc.bytes || sha256 != doc.sha256 {
        let found = format!("{} bytes with sha256 {sha256}", bytes.len());
        fail(
            Rule::SourceUnavailable,
            format!(
                "the file has {found}, documents says {} bytes with sha256 {}",
                doc.bytes, doc.sha256
            ),
        );
        return traced;
    }
    // One `lines_of` call per file: each row's first and last byte, then the file's last.
    let inside: Vec<_> = rows
        .iter()
        .filter_map(|row| Some((row, fragment(row, &bytes)?)))
        .collect();
    let mut offsets: Vec<u64> = inside
        .iter()
        .flat_map(|(row, _)| [row.bytes.0, last_byte(row.bytes)])
        .collect();
    offsets.extend(bytes.len().checked_sub(1).map(|last| last as u64));
    let lines = source.lines_of(&bytes, &doc.encoding, &offsets);
    let line = |i: usize| lines.get(i).copied().unwrap_or(0);
    let n_lines = if bytes.is_empty() {
        0
    } else {
        line(offsets.len() - 1)
    };
    if n_lines != doc.n_lines {
        fail(
            Rule::DocumentFields,
            format!(
                "n_lines is {} but the file's last byte is on line {n_lines}",
                doc.n_lines
            ),
        );
    }
    for row in rows.iter().filter(|row| fragment(row, &bytes).is_none()) {
        let (start, end) = row.bytes;
        let detail = format!(
            "bytes {start}..{end} are not inside the file's {} bytes",
            bytes.len()
        );
        traced.problems.push(row.problem(Rule::SourceText, detail));
    }
    for (i, (row, fragment)) in inside.iter().enumerate() {
        let lines = (line(2 * i), line(2 * i + 1));
        trace_row(
            row,
            fragment,
            &doc.encoding,
            lines,
            source,
            &mut traced.problems,
        );
    }
    traced.rows = rows.len() as u64;
    traced.file_read = true;
    traced
}

/// The row's bytes, when they lie inside the file.
fn fragment<'b>(row: &Located<'_>, bytes: &'b [u8]) -> Option<&'b [u8]> {
    let (start, end) = row.bytes;
    bytes.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
}

/// The offset of a span's last byte (its first for an empty span).
fn last_byte((start, end): (u64, u64)) -> u64 {
    end.saturating_sub(1).max(start)
}

fn trace_row(
    row: &Located<'_>,
    fragment: &[u8],
    encoding: &str,
    lines: (u32, u32),
    source: &dyn SourceAccess,
    problems: &mut Vec<Problem>,
) {
    let (start, end) = row.bytes;
    let decoded = source.decode(fragment, encoding);
    if decoded != row.source_text {
        let (found, stored) = (excerpt(&decoded), excerpt(row.source_text));
        let detail = format!("bytes {start}..{end} decode to {found}, source_text is {stored}");
        problems.push(row.problem(Rule::SourceText, detail));
    }
    let normalized = source.normalize_fragment(row.source_text);
    if normalized != row.text {
        let (found, stored) = (excerpt(&normalized), excerpt(row.text));
        let detail = format!("source_text normalizes to {found}, text is {stored}");
        problems.push(row.problem(Rule::NormalizedText, detail));
    }
    if lines != row.lines {
        let ((first, last), (row_first, row_last)) = (lines, row.lines);
        let detail = format!("bytes {start}..{end} lie on lines {first}..{last}, the row says {row_first}..{row_last}");
        problems.push(row.problem(Rule::Lines, detail));
    }
}

/// A quoted, shortened rendering of a text for a report line.
fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    if text.chars().count() <= MAX_CHARS {
        return format!("{text:?}");
    }
    let head: String = text.chars().take(MAX_CHARS).collect();
    format!("{head:?}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn date_row(start: Option<NaiveDate>, end: Option<NaiveDate>, relative: bool) -> DateRow {
        DateRow {
            span: SpanColumns {
                doc_id: "a.txt".to_owned(),
                mention_id: "a.txt#date:0-6".to_owned(),
                sentence_id: 0,
                line_start: 1,
                line_end: 1,
                byte_start: 0,
                byte_end: 6,
                source_text: "去年".to_owned(),
                text: "去年".to_owned(),
                rule: "test".to_owned(),
                span: Span::default(),
            },
            start,
            end,
            granularity: "year".to_owned(),
            relative,
            reference_date: None,
        }
    }

    fn rules_of(report: &Report) -> Vec<Rule> {
        report.problem_counts.keys().copied().collect()
    }

    #[test]
    fn date_bounds_follow_the_contract() {
        let day = |d| NaiveDate::from_ymd_opt(2020, 1, d);
        let cases = [
            (date_row(day(1), day(2), false), vec![]),
            (date_row(day(2), day(1), false), vec![Rule::Range]),
            (date_row(day(1), None, false), vec![Rule::Content]),
            (date_row(None, None, true), vec![]),
            (date_row(None, None, false), vec![Rule::Content]),
            (date_row(day(1), day(2), true), vec![Rule::Content]),
        ];
        for (row, expected) in cases {
            let mut report = Report::default();
            check_date(0, &row, &mut report);
            assert_eq!(rules_of(&report), expected, "{row:?}");
        }
    }

    #[test]
    fn reports_count_everything_but_keep_a_sample() {
        let mut report = Report::default();
        for row in 0..KEPT_PER_RULE + 5 {
            let problem = Problem::at(Table::Dates, row, None, Rule::Lines, "x".to_owned());
            report.push(problem);
        }
        assert_eq!(report.problem_count(), KEPT_PER_RULE as u64 + 5);
        assert_eq!(report.problems.len(), KEPT_PER_RULE);
        let text = report.render(2);
        assert!(
            text.contains("  lines: 105\n    dates row 0: x\n    dates row 1: x\n"),
            "{text}"
        );
        assert!(text.contains("… and 103 more"), "{text}");
        let json = serde_json::to_string(&report).unwrap();
        assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), report);
        assert_eq!(report.to_json()["problem_counts"]["lines"], 105);
    }

    #[test]
    fn long_texts_are_shortened_in_details() {
        assert_eq!(excerpt("短"), "\"短\"");
        let long = "长".repeat(50);
        assert_eq!(excerpt(&long), format!("\"{}\"…", "长".repeat(40)));
        assert_eq!(Rule::SourceText.name(), "source_text");
    }
}
