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
use polars::prelude::{DataFrame, PolarsResult};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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
    /// A `documents` row contradicts itself or its sentences.
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
    /// The rule's name as it appears in reports and JSON.
    #[must_use]
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
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

/// The outcome of [`check`]: counts per rule, the first problems of each rule, and what was
/// covered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Problems per rule (all of them).
    pub problem_counts: BTreeMap<Rule, u64>,
    /// Up to [`KEPT_PER_RULE`] problems per rule, in discovery order.
    pub problems: Vec<Problem>,
    /// Rows per table that were checked.
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

    /// Human-readable: a summary line, then per rule its count and up to `per_rule` problems.
    #[must_use]
    pub fn render(&self, per_rule: usize) -> String {
        let rows: u64 = self.rows_checked.values().sum();
        let coverage = format!(
            "{rows} rows in {} tables, {} rows traced to {} source files",
            self.rows_checked.len(),
            self.rows_traced,
            self.documents_traced
        );
        if self.is_ok() {
            return format!("validation passed: {coverage}\n");
        }
        let mut out = format!(
            "validation failed: {} problems ({coverage})\n",
            self.problem_count()
        );
        for (&rule, &count) in &self.problem_counts {
            let _ = writeln!(out, "  {}: {count}", rule.name());
            let shown = self
                .problems
                .iter()
                .filter(|p| p.rule == rule)
                .take(per_rule);
            let mut listed = 0;
            for problem in shown {
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
                listed += 1;
            }
            if count > listed {
                let _ = writeln!(out, "    … and {} more", count - listed);
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

    fn add(&mut self, table: Table, row: usize, id: String, rule: Rule, detail: String) {
        let row = Some(row as u64);
        self.push(Problem {
            table,
            row,
            id: Some(id),
            rule,
            detail,
        });
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
/// rows cannot be read as the contract describes) and has no entry in
/// [`Report::rows_checked`].
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
    let load = |table| usable.contains(&table).then_some(table);
    let rows = Rows {
        documents: load_rows(
            load(Table::Documents),
            Dataset::documents,
            dataset,
            &mut report,
        ),
        sentences: load_rows(
            load(Table::Sentences),
            Dataset::sentences,
            dataset,
            &mut report,
        ),
        indicators: load_rows(
            load(Table::Indicators),
            Dataset::indicators,
            dataset,
            &mut report,
        ),
        dates: load_rows(load(Table::Dates), Dataset::dates, dataset, &mut report),
        organizations: load_rows(
            load(Table::Organizations),
            Dataset::organizations,
            dataset,
            &mut report,
        ),
        policies: load_rows(
            load(Table::Policies),
            Dataset::policies,
            dataset,
            &mut report,
        ),
    };
    rows.check(source, &mut report);
    report
}

fn load_rows<T>(
    table: Option<Table>,
    read: fn(&Dataset) -> Result<Vec<T>, ReadError>,
    dataset: &Dataset,
    report: &mut Report,
) -> Option<Vec<T>> {
    let table = table?;
    read(dataset)
        .map_err(|error| {
            let detail = error.to_string();
            report.push(Problem {
                table,
                row: None,
                id: None,
                rule: Rule::ColumnType,
                detail,
            });
        })
        .ok()
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
        // References into a broken `dates` table cannot be judged; its columns are reported.
        let dates: Option<HashMap<&str, &DateRow>> = self.dates.as_ref().map(|dates| {
            dates
                .iter()
                .map(|d| (d.span.mention_id.as_str(), d))
                .collect()
        });
        for (row, indicator) in self.indicators.iter().flatten().enumerate() {
            if let Some(dates) = &dates {
                let period = Some((indicator.period_start, indicator.period_end));
                let reference = indicator.date_mention_id.as_deref();
                let span = &indicator.span;
                check_date_reference(
                    Table::Indicators,
                    row,
                    span,
                    reference,
                    dates,
                    period,
                    report,
                );
            }
            check_indicator(row, indicator, report);
        }
        for (row, policy) in self.policies.iter().flatten().enumerate() {
            if let Some(dates) = &dates {
                let reference = policy.date_mention_id.as_deref();
                check_date_reference(
                    Table::Policies,
                    row,
                    &policy.span,
                    reference,
                    dates,
                    None,
                    report,
                );
            }
            check_policy(row, policy, report);
        }
        for (row, date) in self.dates.iter().flatten().enumerate() {
            check_date(row, date, report);
        }
        for (row, organization) in self.organizations.iter().flatten().enumerate() {
            if organization.name.is_empty() || organization.name.contains(char::is_whitespace) {
                let detail = format!("name {:?} is empty or contains spaces", organization.name);
                let id = organization.span.mention_id.clone();
                report.add(Table::Organizations, row, id, Rule::Content, detail);
            }
        }
        if let Some(documents) = &self.documents {
            check_documents(documents, self.sentences.as_deref(), report);
            check_document_references(documents, &located, report);
            trace(documents, &located, source, report);
        }
    }

    /// Sentences first (so mentions can look them up), then the mention tables.
    fn located(&self) -> Vec<Located<'_>> {
        let mut located = Vec::new();
        for (row, s) in self.sentences.iter().flatten().enumerate() {
            located.push(Located {
                table: Table::Sentences,
                row,
                id: format!("{}#sentence:{}", s.doc_id, s.sentence_id),
                doc_id: &s.doc_id,
                sentence_id: s.sentence_id,
                lines: (s.line_start, s.line_end),
                bytes: (s.byte_start, s.byte_end),
                source_text: &s.source_text,
                text: &s.text,
            });
        }
        let mentions: [(Table, Vec<&SpanColumns>); 4] = [
            (
                Table::Indicators,
                self.indicators.iter().flatten().map(|r| &r.span).collect(),
            ),
            (
                Table::Dates,
                self.dates.iter().flatten().map(|r| &r.span).collect(),
            ),
            (
                Table::Organizations,
                self.organizations
                    .iter()
                    .flatten()
                    .map(|r| &r.span)
                    .collect(),
            ),
            (
                Table::Policies,
                self.policies.iter().flatten().map(|r| &r.span).collect(),
            ),
        ];
        for (table, spans) in mentions {
            let rows = spans.into_iter().enumerate();
            located.extend(rows.map(|(row, span)| Located::mention(table, row, span)));
        }
        located
    }
}

fn check_policy(row: usize, policy: &PolicyRow, report: &mut Report) {
    let quoted = |c: char| "《》〈〉“”\"「」『』".contains(c);
    let title = &policy.title;
    if title.is_empty() || title.starts_with(quoted) || title.ends_with(quoted) {
        let detail = format!("title {title:?} is empty or keeps its quotes");
        report.add(
            Table::Policies,
            row,
            policy.span.mention_id.clone(),
            Rule::Content,
            detail,
        );
    }
}

/// A sentence or mention row, seen through the columns every span table shares.
struct Located<'a> {
    table: Table,
    row: usize,
    id: String,
    doc_id: &'a str,
    sentence_id: u32,
    lines: (u32, u32),
    bytes: (u64, u64),
    source_text: &'a str,
    text: &'a str,
}

impl<'a> Located<'a> {
    fn mention(table: Table, row: usize, span: &'a SpanColumns) -> Self {
        Located {
            table,
            row,
            id: span.mention_id.clone(),
            doc_id: &span.doc_id,
            sentence_id: span.sentence_id,
            lines: (span.line_start, span.line_end),
            bytes: (span.byte_start, span.byte_end),
            source_text: &span.source_text,
            text: &span.text,
        }
    }

    fn problem(&self, rule: Rule, detail: String) -> Problem {
        let row = Some(self.row as u64);
        Problem {
            table: self.table,
            row,
            id: Some(self.id.clone()),
            rule,
            detail,
        }
    }
}

fn check_columns(table: Table, frame: &DataFrame, report: &mut Report) -> bool {
    let mut usable = true;
    for spec in table.columns() {
        let column_problem = |rule, detail| Problem {
            table,
            row: None,
            id: None,
            rule,
            detail,
        };
        let Ok(column) = frame.column(spec.name) else {
            report.push(column_problem(
                Rule::MissingColumn,
                format!("column {} is missing", spec.name),
            ));
            usable = false;
            continue;
        };
        let expected = spec.column_type.dtype();
        if *column.dtype() != expected {
            let detail = format!(
                "column {} is {}, SCHEMA.md says {expected}",
                spec.name,
                column.dtype()
            );
            report.push(column_problem(Rule::ColumnType, detail));
            usable = false;
            continue;
        }
        if !spec.nullable && column.null_count() > 0 {
            usable = false;
            for (row, null) in column.is_null().iter().enumerate() {
                if null == Some(true) {
                    let id = row_id(table, frame, row).ok().flatten();
                    let detail = format!("{} is null", spec.name);
                    report.push(Problem {
                        table,
                        row: Some(row as u64),
                        id,
                        rule: Rule::NotNull,
                        detail,
                    });
                }
            }
        }
        let (Some(allowed), Ok(values)) = (spec.allowed, column.str()) else {
            continue;
        };
        for (row, value) in values.iter().enumerate() {
            if let Some(value) = value.filter(|v| !allowed.contains(v)) {
                let id = row_id(table, frame, row).ok().flatten();
                let detail = format!(
                    "{} {value:?} is not one of {}",
                    spec.name,
                    allowed.join(", ")
                );
                report.push(Problem {
                    table,
                    row: Some(row as u64),
                    id,
                    rule: Rule::AllowedValue,
                    detail,
                });
            }
        }
    }
    usable
}

fn row_id(table: Table, frame: &DataFrame, row: usize) -> PolarsResult<Option<String>> {
    let name = if table.mention_kind().is_some() {
        "mention_id"
    } else {
        "doc_id"
    };
    Ok(frame.column(name)?.str()?.get(row).map(str::to_owned))
}

/// Order, ranges, `mention_id` form and uniqueness, and sentence references.
fn check_located(located: &[Located<'_>], have_sentences: bool, report: &mut Report) {
    let mut ids = HashSet::new();
    let mut sentences = HashMap::new();
    for (i, row) in located.iter().enumerate() {
        fn key<'a>(r: &Located<'a>) -> (&'a str, u64, u64) {
            (r.doc_id, r.bytes.0, r.bytes.1)
        }
        if let Some(previous) = i
            .checked_sub(1)
            .map(|p| &located[p])
            .filter(|p| p.table == row.table)
        {
            if key(row) < key(previous) {
                let detail = format!(
                    "{:?} sorts before the previous row's {:?}",
                    key(row),
                    key(previous)
                );
                report.push(row.problem(Rule::SortOrder, detail));
            }
        }
        if row.bytes.0 > row.bytes.1 || row.lines.0 > row.lines.1 || row.lines.0 == 0 {
            let detail = format!(
                "bytes {}..{}, lines {}..{}",
                row.bytes.0, row.bytes.1, row.lines.0, row.lines.1
            );
            report.push(row.problem(Rule::Range, detail));
        }
        let Some(kind) = row.table.mention_kind() else {
            if sentences
                .insert((row.doc_id, row.sentence_id), row.bytes)
                .is_some()
            {
                report.push(row.problem(Rule::DuplicateId, "sentence_id occurs twice".to_owned()));
            }
            continue;
        };
        let expected = format!("{}#{kind}:{}-{}", row.doc_id, row.bytes.0, row.bytes.1);
        if row.id != expected {
            report.push(row.problem(Rule::MentionIdFormat, format!("expected {expected:?}")));
        }
        if !ids.insert(row.id.as_str()) {
            report.push(row.problem(Rule::DuplicateId, "mention_id occurs twice".to_owned()));
        }
        match sentences.get(&(row.doc_id, row.sentence_id)) {
            Some(&(start, end)) if start <= row.bytes.0 && (row.bytes.0 < end || start == end) => {}
            Some(&(start, end)) => {
                let detail = format!(
                    "starts at byte {}, sentence {} spans {start}..{end}",
                    row.bytes.0, row.sentence_id
                );
                report.push(row.problem(Rule::SentenceReference, detail));
            }
            None if !have_sentences => {}
            None => {
                let detail = format!(
                    "sentence {} does not exist in {}",
                    row.sentence_id, row.doc_id
                );
                report.push(row.problem(Rule::SentenceReference, detail));
            }
        }
    }
}

fn check_date_reference(
    table: Table,
    row: usize,
    span: &SpanColumns,
    reference: Option<&str>,
    dates: &HashMap<&str, &DateRow>,
    period: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    report: &mut Report,
) {
    let mut fail = |detail: String| {
        report.add(
            table,
            row,
            span.mention_id.clone(),
            Rule::DateReference,
            detail,
        )
    };
    let Some(reference) = reference else {
        if period.is_some_and(|p| p != (None, None)) {
            fail("period_start/period_end are set without a date_mention_id".to_owned());
        }
        return;
    };
    let same_document = reference
        .strip_prefix(span.doc_id.as_str())
        .is_some_and(|r| r.starts_with("#date:"));
    let Some(date) = dates.get(reference).filter(|_| same_document) else {
        return fail(format!(
            "date_mention_id {reference:?} is not a dates row of {}",
            span.doc_id
        ));
    };
    if let Some(period) = period.filter(|&p| p != (date.start, date.end)) {
        fail(format!(
            "period {:?}..{:?} differs from {reference}'s {:?}..{:?}",
            period.0, period.1, date.start, date.end
        ));
    }
}

fn check_indicator(row: usize, indicator: &IndicatorRow, report: &mut Report) {
    let id = || indicator.span.mention_id.clone();
    if !indicator.value.is_finite() || indicator.value_high.is_some_and(|v| !v.is_finite()) {
        let detail = format!(
            "value {} / value_high {:?} is not finite",
            indicator.value, indicator.value_high
        );
        report.add(Table::Indicators, row, id(), Rule::Content, detail);
    }
    if indicator
        .value_high
        .is_some_and(|high| high < indicator.value)
    {
        let detail = format!(
            "value_high {:?} is below value {}",
            indicator.value_high, indicator.value
        );
        report.add(Table::Indicators, row, id(), Rule::Range, detail);
    }
    if let (Some(start), Some(end)) = (indicator.period_start, indicator.period_end) {
        if start > end {
            report.add(
                Table::Indicators,
                row,
                id(),
                Rule::Range,
                format!("period {start}..{end}"),
            );
        }
    }
}

fn check_date(row: usize, date: &DateRow, report: &mut Report) {
    let detail = match (date.start, date.end) {
        (Some(start), Some(end)) if start > end => {
            let id = date.span.mention_id.clone();
            return report.add(
                Table::Dates,
                row,
                id,
                Rule::Range,
                format!("start {start} is after end {end}"),
            );
        }
        (Some(_), None) | (None, Some(_)) => "start and end must both be set or both be null",
        (None, None) if !date.relative || date.reference_date.is_some() => {
            "start/end may be null only for a relative expression with no reference date"
        }
        (Some(_), Some(_)) if date.relative && date.reference_date.is_none() => {
            "a resolved relative date needs its reference_date"
        }
        _ => return,
    };
    report.add(
        Table::Dates,
        row,
        date.span.mention_id.clone(),
        Rule::Content,
        detail.to_owned(),
    );
}

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
        let mut fail = |rule, detail: String| {
            report.add(Table::Documents, row, doc.doc_id.clone(), rule, detail)
        };
        match row.checked_sub(1).map(|p| documents[p].doc_id.as_str()) {
            Some(previous) if previous == doc.doc_id => {
                fail(Rule::DuplicateId, "doc_id occurs twice".to_owned())
            }
            Some(previous) if previous > doc.doc_id.as_str() => {
                fail(
                    Rule::SortOrder,
                    format!("{:?} sorts before the previous {previous:?}", doc.doc_id),
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
        if !ok {
            continue;
        }
        if doc.sha256.len() != 64
            || !doc
                .sha256
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            fail(
                Rule::DocumentFields,
                format!("sha256 {:?} is not 64 lowercase hex digits", doc.sha256),
            );
        }
        let found = counts.get(doc.doc_id.as_str()).copied().unwrap_or(0);
        if sentences.is_some() && found != u64::from(doc.n_sentences) {
            fail(
                Rule::DocumentFields,
                format!(
                    "n_sentences is {} but sentences has {found} rows",
                    doc.n_sentences
                ),
            );
        }
    }
}

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
        match status.get(row.doc_id) {
            Some(&"ok") => {}
            Some(status) => report.push(row.problem(
                Rule::DocumentReference,
                format!("document {} has status {status}", row.doc_id),
            )),
            None => report.push(row.problem(
                Rule::DocumentReference,
                format!("document {} is not in documents", row.doc_id),
            )),
        }
    }
}

/// The provenance invariant, one source file at a time (in parallel).
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
    let results: Vec<Traced> = jobs
        .par_iter()
        .map(|&(row, doc, rows)| trace_document(row, doc, rows, source))
        .collect();
    for traced in results {
        report.rows_traced += traced.rows;
        report.documents_traced += u64::from(traced.file_read);
        traced
            .problems
            .into_iter()
            .for_each(|problem| report.push(problem));
    }
}

/// What tracing one document found.
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
    let unavailable = |detail: String| {
        let (id, rule) = (Some(doc.doc_id.clone()), Rule::SourceUnavailable);
        let problem = Problem {
            table: Table::Documents,
            row: Some(row as u64),
            id,
            rule,
            detail,
        };
        Traced {
            problems: vec![problem],
            rows: 0,
            file_read: false,
        }
    };
    let bytes = match source.file_bytes(doc) {
        Ok(bytes) => bytes,
        Err(error) => return unavailable(error),
    };
    if bytes.len() as u64 != doc.bytes {
        let detail = format!(
            "the file has {} bytes, documents.bytes says {}",
            bytes.len(),
            doc.bytes
        );
        return unavailable(detail);
    }
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if sha256 != doc.sha256 {
        let detail = format!(
            "the file's sha256 is {sha256}, documents.sha256 says {}",
            doc.sha256
        );
        return unavailable(detail);
    }
    let mut problems = Vec::new();
    let last_line = bytes
        .len()
        .checked_sub(1)
        .map_or(0, |last| source.line_of(&bytes, &doc.encoding, last as u64));
    if last_line != doc.n_lines {
        let (id, rule) = (Some(doc.doc_id.clone()), Rule::DocumentFields);
        let detail = format!(
            "n_lines is {} but the file's last byte is on line {last_line}",
            doc.n_lines
        );
        problems.push(Problem {
            table: Table::Documents,
            row: Some(row as u64),
            id,
            rule,
            detail,
        });
    }
    for located in rows {
        trace_row(located, &bytes, &doc.encoding, source, &mut problems);
    }
    Traced {
        problems,
        rows: rows.len() as u64,
        file_read: true,
    }
}

fn trace_row(
    row: &Located<'_>,
    bytes: &[u8],
    encoding: &str,
    source: &dyn SourceAccess,
    problems: &mut Vec<Problem>,
) {
    let (start, end) = row.bytes;
    let range = usize::try_from(start).ok().zip(usize::try_from(end).ok());
    let Some(fragment) = range.and_then(|(s, e)| bytes.get(s..e)) else {
        let detail = format!(
            "bytes {start}..{end} are not inside the file's {} bytes",
            bytes.len()
        );
        return problems.push(row.problem(Rule::SourceText, detail));
    };
    let decoded = source.decode(fragment, encoding);
    if decoded != row.source_text {
        let detail = format!(
            "bytes {start}..{end} decode to {}, source_text is {}",
            excerpt(&decoded),
            excerpt(row.source_text)
        );
        problems.push(row.problem(Rule::SourceText, detail));
    }
    let normalized = source.normalize_fragment(row.source_text);
    if normalized != row.text {
        let detail = format!(
            "source_text normalizes to {}, text is {}",
            excerpt(&normalized),
            excerpt(row.text)
        );
        problems.push(row.problem(Rule::NormalizedText, detail));
    }
    let lines = (
        source.line_of(bytes, encoding, start),
        source.line_of(bytes, encoding, end.saturating_sub(1).max(start)),
    );
    if lines != row.lines {
        let detail = format!(
            "bytes {start}..{end} lie on lines {}..{}, the row says {}..{}",
            lines.0, lines.1, row.lines.0, row.lines.1
        );
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
