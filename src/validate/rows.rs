//! Per-document row checks: ranges, `mention_id` form and uniqueness, sentence and date
//! references, each table's own rules, enumeration values, and the `documents` row against
//! its sentences. Rows are numbered from 0 within the document.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::report::{Problem, Report, Rule};
use super::Scope;
use crate::write::rows::{DateRow, DocRows, DocumentRow, IndicatorRow, SpanColumns};
use crate::write::schema::{ENCODINGS, SCRIPTS, UNKNOWN};
use crate::write::Table;

/// A sentence or mention row, seen through the columns every span table shares.
pub(super) struct Located<'a> {
    table: Table,
    row: usize,
    /// `None` for a sentence.
    mention_id: Option<&'a str>,
    pub(super) doc_id: &'a str,
    sentence_id: u32,
    pub(super) lines: (u32, u32),
    pub(super) bytes: (u64, u64),
    pub(super) source_text: &'a str,
    pub(super) text: &'a str,
}

/// A [`Located`] from a row with the shared span fields (`SentenceRow` or `SpanColumns`).
macro_rules! located {
    ($table:expr, $row:expr, $mention_id:expr, $s:expr) => {
        Located {
            table: $table,
            row: $row,
            mention_id: $mention_id,
            doc_id: $s.doc_id.as_str(),
            sentence_id: $s.sentence_id,
            lines: ($s.line_start, $s.line_end),
            bytes: ($s.byte_start, $s.byte_end),
            source_text: $s.source_text.as_str(),
            text: $s.text.as_str(),
        }
    };
}

impl Located<'_> {
    /// A problem of this row, named by its `mention_id` (or `{doc_id}#sentence:{id}`).
    pub(super) fn problem(&self, rule: Rule, detail: String) -> Problem {
        let id = match self.mention_id {
            Some(id) => id.to_owned(),
            None => format!("{}#sentence:{}", self.doc_id, self.sentence_id),
        };
        Problem::at(self.table, self.row, Some(id), rule, detail)
    }
}

/// Rows per usable table, for the report's coverage.
pub(super) fn count_rows(rows: &DocRows, scope: Scope, report: &mut Report) {
    let counts = [
        (Table::Documents, usize::from(rows.document.is_some())),
        (Table::Sentences, rows.sentences.len()),
        (Table::Indicators, rows.indicators.len()),
        (Table::Dates, rows.dates.len()),
        (Table::Organizations, rows.organizations.len()),
        (Table::Policies, rows.policies.len()),
    ];
    for (table, count) in counts {
        if scope.contains(table) {
            report.rows_checked.insert(table, count as u64);
        }
    }
}

/// Sentences first (so mentions can look them up), then the mention tables.
pub(super) fn located(rows: &DocRows, scope: Scope) -> Vec<Located<'_>> {
    let mut located = Vec::new();
    if scope.contains(Table::Sentences) {
        let sentences = rows.sentences.iter().enumerate();
        located.extend(sentences.map(|(row, s)| located!(Table::Sentences, row, None, s)));
    }
    let mentions: [(Table, Vec<&SpanColumns>); 4] = [
        (
            Table::Indicators,
            rows.indicators.iter().map(|r| &r.span).collect(),
        ),
        (Table::Dates, rows.dates.iter().map(|r| &r.span).collect()),
        (
            Table::Organizations,
            rows.organizations.iter().map(|r| &r.span).collect(),
        ),
        (
            Table::Policies,
            rows.policies.iter().map(|r| &r.span).collect(),
        ),
    ];
    for (table, spans) in mentions {
        if scope.contains(table) {
            let spans = spans.into_iter().enumerate();
            located
                .extend(spans.map(|(row, s)| located!(table, row, Some(s.mention_id.as_str()), s)));
        }
    }
    located
}

/// Ranges, `mention_id` form and uniqueness, and sentence references.
pub(super) fn check_located(located: &[Located<'_>], have_sentences: bool, report: &mut Report) {
    let mut ids = HashSet::new();
    let mut sentences = HashMap::new();
    for row in located {
        let ((start, end), (first, last)) = (row.bytes, row.lines);
        if start > end || first > last || first == 0 {
            let detail = format!("bytes {start}..{end}, lines {first}..{last}");
            report.push(row.problem(Rule::Range, detail));
        }
        let (Some(kind), Some(id)) = (row.table.mention_kind(), row.mention_id) else {
            if sentences.insert(row.sentence_id, row.bytes).is_some() {
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
        let detail = match sentences.get(&sentence_id) {
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

/// The checks particular to each mention table, and their enumeration values.
pub(super) fn check_mentions(rows: &DocRows, scope: Scope, report: &mut Report) {
    // References into a broken `dates` table cannot be judged; its columns are reported.
    let dates: Option<HashMap<&str, &DateRow>> = scope.contains(Table::Dates).then(|| {
        rows.dates
            .iter()
            .map(|d| (d.span.mention_id.as_str(), d))
            .collect()
    });
    let reference = |table, row, span, id: &Option<String>, period, report: &mut Report| {
        if let Some(dates) = &dates {
            check_date_reference(table, row, span, id.as_deref(), dates, period, report);
        }
    };
    if scope.contains(Table::Indicators) {
        for (row, indicator) in rows.indicators.iter().enumerate() {
            let period = Some((indicator.period_start, indicator.period_end));
            let id = &indicator.date_mention_id;
            reference(Table::Indicators, row, &indicator.span, id, period, report);
            check_indicator(row, indicator, report);
            let span = &indicator.span;
            for (column, value) in [
                ("unit", Some(indicator.unit.as_str())),
                ("qualifier", indicator.qualifier.as_deref()),
                ("measure", Some(indicator.measure.as_str())),
            ] {
                allowed(Table::Indicators, row, span, column, value, report);
            }
        }
    }
    if scope.contains(Table::Policies) {
        for (row, policy) in rows.policies.iter().enumerate() {
            let (span, id) = (&policy.span, &policy.date_mention_id);
            reference(Table::Policies, row, span, id, None, report);
            let quoted = |c: char| "《》〈〉“”\"「」『』".contains(c);
            let title = &policy.title;
            if title.is_empty() || title.starts_with(quoted) || title.ends_with(quoted) {
                let detail = format!("title {title:?} is empty or keeps its quotes");
                report.push(mention_problem(
                    Table::Policies,
                    row,
                    span,
                    Rule::Content,
                    detail,
                ));
            }
            allowed(
                Table::Policies,
                row,
                span,
                "policy_type",
                Some(&policy.policy_type),
                report,
            );
        }
    }
    if scope.contains(Table::Dates) {
        for (row, date) in rows.dates.iter().enumerate() {
            check_date(row, date, report);
            allowed(
                Table::Dates,
                row,
                &date.span,
                "granularity",
                Some(&date.granularity),
                report,
            );
        }
    }
    if scope.contains(Table::Organizations) {
        for (row, organization) in rows.organizations.iter().enumerate() {
            let (name, span) = (&organization.name, &organization.span);
            if name.is_empty() || name.contains(char::is_whitespace) {
                let detail = format!("name {name:?} is empty or contains spaces");
                let problem =
                    mention_problem(Table::Organizations, row, span, Rule::Content, detail);
                report.push(problem);
            }
            let org_type = Some(organization.org_type.as_str());
            allowed(
                Table::Organizations,
                row,
                span,
                "org_type",
                org_type,
                report,
            );
        }
    }
}

fn mention_problem(
    table: Table,
    row: usize,
    span: &SpanColumns,
    rule: Rule,
    detail: String,
) -> Problem {
    Problem::at(table, row, Some(span.mention_id.clone()), rule, detail)
}

/// An enumeration column's value is in the contract's set (a null is `NotNull`'s business).
fn allowed(
    table: Table,
    row: usize,
    span: &SpanColumns,
    column: &str,
    value: Option<&str>,
    report: &mut Report,
) {
    let Some(allowed) = table.column(column).and_then(|spec| spec.allowed) else {
        return;
    };
    if let Some(value) = value.filter(|value| !allowed.contains(value)) {
        let detail = format!("{column} {value:?} is not one of {}", allowed.join(", "));
        report.push(mention_problem(
            table,
            row,
            span,
            Rule::AllowedValue,
            detail,
        ));
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

/// The `documents` row: status/error agreement, `status`/`script`/`encoding` values
/// (`unknown` only on failed rows), sha256 form, and `n_sentences` against the document's
/// `sentences` rows (`None` when that table is broken).
pub(super) fn check_document_fields(
    doc: &DocumentRow,
    sentences: Option<usize>,
    report: &mut Report,
) {
    let mut fail = |rule, detail| {
        let id = Some(doc.doc_id.clone());
        report.push(Problem::at(Table::Documents, 0, id, rule, detail));
    };
    let ok = doc.status == "ok";
    if ok == doc.error.is_some() {
        fail(
            Rule::DocumentFields,
            format!("status {:?} with error {:?}", doc.status, doc.error),
        );
    }
    let statuses = Table::Documents
        .column("status")
        .and_then(|spec| spec.allowed);
    for (column, value, allowed, unknown_ok) in [
        ("status", &doc.status, statuses.unwrap_or_default(), false),
        ("script", &doc.script, SCRIPTS, !ok),
        ("encoding", &doc.encoding, ENCODINGS, !ok),
    ] {
        let valid = allowed.contains(&value.as_str()) || (unknown_ok && value == UNKNOWN);
        if !valid {
            fail(
                Rule::AllowedValue,
                format!("{column} {value:?} is not one of {}", allowed.join(", ")),
            );
        }
    }
    let hex = |s: &str| s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if ok && !hex(&doc.sha256) {
        fail(
            Rule::DocumentFields,
            format!("sha256 {:?} is not 64 lowercase hex digits", doc.sha256),
        );
    }
    match sentences {
        Some(found) if ok && found as u64 != u64::from(doc.n_sentences) => {
            let detail = format!(
                "n_sentences is {} but sentences has {found} rows",
                doc.n_sentences
            );
            fail(Rule::DocumentFields, detail);
        }
        _ => {}
    }
}

/// Every sentence and mention belongs to a successfully processed document.
pub(super) fn check_document_reference(
    document: Option<&DocumentRow>,
    located: &[Located<'_>],
    report: &mut Report,
) {
    let detail = |row: &Located<'_>| match document {
        Some(doc) if doc.status == "ok" => None,
        Some(doc) => Some(format!("document {} has status {}", row.doc_id, doc.status)),
        None => Some(format!("document {} is not in documents", row.doc_id)),
    };
    for row in located {
        if let Some(detail) = detail(row) {
            report.push(row.problem(Rule::DocumentReference, detail));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn span(mention_id: &str) -> SpanColumns {
        SpanColumns {
            doc_id: "a.txt".to_owned(),
            mention_id: mention_id.to_owned(),
            sentence_id: 0,
            line_start: 1,
            line_end: 1,
            byte_start: 0,
            byte_end: 6,
            source_text: "去年".to_owned(),
            text: "去年".to_owned(),
            rule: "test".to_owned(),
            span: Span::default(),
        }
    }

    fn date_row(start: Option<NaiveDate>, end: Option<NaiveDate>, relative: bool) -> DateRow {
        DateRow {
            span: span("a.txt#date:0-6"),
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
    fn mention_ids_are_unique_and_well_formed_within_a_document() {
        let mut rows = DocRows::default();
        let good = date_row(None, None, true);
        let mut malformed = good.clone();
        malformed.span.mention_id = "b.txt#date:0-6".to_owned();
        rows.dates = vec![good.clone(), good, malformed];
        let mut report = Report::default();
        let located = located(&rows, Scope::ALL.without(Table::Sentences));
        check_located(&located, false, &mut report);
        assert_eq!(
            rules_of(&report),
            [Rule::DuplicateId, Rule::MentionIdFormat]
        );
        let duplicate = report.problems.iter().find(|p| p.rule == Rule::DuplicateId);
        assert_eq!(duplicate.and_then(|p| p.row), Some(1));
    }

    #[test]
    fn enumeration_values_are_checked_on_rows() {
        let mut rows = DocRows::default();
        let mut date = date_row(None, None, true);
        date.granularity = "fortnight".to_owned();
        rows.dates.push(date);
        let mut report = Report::default();
        check_mentions(&rows, Scope::ALL, &mut report);
        assert_eq!(rules_of(&report), [Rule::AllowedValue]);
        let mut report = Report::default();
        check_mentions(&rows, Scope::ALL.without(Table::Dates), &mut report);
        assert!(report.is_ok());
    }
}
