//! Mentions of every table in one shape for the page: kind, rule, original byte range,
//! a one-line summary and the normalized fields a reviewer checks, as label/value pairs.

use crate::extract::MentionKind;
use crate::write::rows::{DateRow, DocRows, IndicatorRow, OrganizationRow, PolicyRow, SpanColumns};
use chrono::NaiveDate;

/// One mention row of any table, ready to be shown.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Mention {
    /// `mention_id`.
    pub id: String,
    /// Which table it comes from.
    pub kind: MentionKind,
    /// `rule`.
    pub rule: String,
    /// Original half-open byte range.
    pub byte_start: u64,
    /// End of the range.
    pub byte_end: u64,
    /// `source_text`.
    pub source_text: String,
    /// A short rendering of the normalized value (`8.3 percent`, `2019-04`).
    pub summary: String,
    /// The values of [`labels`]`(kind)`, in that order (empty when null). Positional, so a
    /// large corpus does not repeat the labels in every mention of the page.
    pub values: Vec<String>,
}

const INDICATOR_LABELS: [&str; 7] = [
    "value",
    "unit_text",
    "qualifier",
    "measure",
    "subject",
    "period",
    "date_mention_id",
];
const DATE_LABELS: [&str; 4] = ["start–end", "granularity", "relative", "reference_date"];
const ORGANIZATION_LABELS: [&str; 2] = ["name", "type"];
const POLICY_LABELS: [&str; 4] = ["title", "type", "issuer", "date_mention_id"];
/// Fields every kind ends with; `rule`, `bytes` and `mention_id` are added by the script
/// from the mention's own data.
const SPAN_LABELS: [&str; 3] = ["text", "lines", "sentence"];

/// The labels of a kind's [`Mention::values`]: its own fields, then the span fields.
pub(crate) fn labels(kind: MentionKind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        MentionKind::Indicator => &INDICATOR_LABELS,
        MentionKind::Date => &DATE_LABELS,
        MentionKind::Organization => &ORGANIZATION_LABELS,
        MentionKind::Policy => &POLICY_LABELS,
    };
    own.iter().chain(&SPAN_LABELS).copied().collect()
}

impl Mention {
    fn new(kind: MentionKind, span: &SpanColumns, summary: String, values: Vec<String>) -> Self {
        let mut values = values;
        values.extend([
            span.text.clone(),
            range_text(span.line_start, span.line_end),
            span.sentence_id.to_string(),
        ]);
        debug_assert_eq!(values.len(), labels(kind).len());
        Self {
            id: span.mention_id.clone(),
            kind,
            rule: span.rule.clone(),
            byte_start: span.byte_start,
            byte_end: span.byte_end,
            source_text: span.source_text.clone(),
            summary,
            values,
        }
    }
}

/// Every mention of one document, sorted by start, longer first, then kind.
pub(crate) fn mentions_of(rows: &DocRows) -> Vec<Mention> {
    let mut mentions: Vec<Mention> = rows
        .indicators
        .iter()
        .map(indicator)
        .chain(rows.dates.iter().map(date))
        .chain(rows.organizations.iter().map(organization))
        .chain(rows.policies.iter().map(policy))
        .collect();
    mentions.sort_by(|a, b| {
        (a.byte_start, std::cmp::Reverse(a.byte_end), a.kind.as_str()).cmp(&(
            b.byte_start,
            std::cmp::Reverse(b.byte_end),
            b.kind.as_str(),
        ))
    });
    mentions
}

fn indicator(row: &IndicatorRow) -> Mention {
    let value = match row.value_high {
        Some(high) => format!("{}–{}", number(row.value), number(high)),
        None => number(row.value),
    };
    let summary = format!("{value} {}", row.unit);
    let values = vec![
        summary.clone(),
        row.unit_text.clone(),
        row.qualifier.clone().unwrap_or_default(),
        row.measure.clone(),
        row.subject.clone().unwrap_or_default(),
        period_text(row.period_start, row.period_end),
        local_id(row.date_mention_id.as_deref(), &row.span.doc_id),
    ];
    Mention::new(MentionKind::Indicator, &row.span, summary, values)
}

fn date(row: &DateRow) -> Mention {
    let period = period_text(row.start, row.end);
    let summary = if period.is_empty() {
        "unresolved".to_string()
    } else {
        period.clone()
    };
    let values = vec![
        period,
        row.granularity.clone(),
        if row.relative { "yes" } else { "no" }.to_string(),
        optional_date(row.reference_date),
    ];
    Mention::new(MentionKind::Date, &row.span, summary, values)
}

fn organization(row: &OrganizationRow) -> Mention {
    let summary = format!("{} ({})", row.name, row.org_type);
    let values = vec![row.name.clone(), row.org_type.clone()];
    Mention::new(MentionKind::Organization, &row.span, summary, values)
}

fn policy(row: &PolicyRow) -> Mention {
    let summary = format!("{} ({})", row.title, row.policy_type);
    let values = vec![
        row.title.clone(),
        row.policy_type.clone(),
        row.issuer.clone().unwrap_or_default(),
        local_id(row.date_mention_id.as_deref(), &row.span.doc_id),
    ];
    Mention::new(MentionKind::Policy, &row.span, summary, values)
}

/// A `mention_id` of the same document without its `{doc_id}#` prefix (`date:10-24`).
fn local_id(mention_id: Option<&str>, doc_id: &str) -> String {
    let id = mention_id.unwrap_or_default();
    id.strip_prefix(doc_id)
        .and_then(|rest| rest.strip_prefix('#'))
        .unwrap_or(id)
        .to_string()
}

/// A number as people read it: no exponent, thousands grouped, at most 6 decimals.
pub(crate) fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let (sign, text) = text
        .strip_prefix('-')
        .map_or(("", text), |rest| ("-", rest));
    let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
    let mut grouped = String::with_capacity(integer.len() + integer.len() / 3);
    for (index, digit) in integer.chars().enumerate() {
        if index > 0 && (integer.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

/// `2019-04-01 – 2019-04-30`, one date when both are equal, empty when unknown.
fn period_text(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (Some(start), Some(end)) if start == end => start.to_string(),
        (Some(start), Some(end)) => format!("{start} – {end}"),
        (Some(start), None) => format!("{start} – ?"),
        (None, Some(end)) => format!("? – {end}"),
        (None, None) => String::new(),
    }
}

fn optional_date(date: Option<NaiveDate>) -> String {
    date.map(|date| date.to_string()).unwrap_or_default()
}

fn range_text(start: u32, end: u32) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}–{end}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_numbers() {
        assert_eq!(number(188_049_000_000.0), "188,049,000,000");
        assert_eq!(number(8.3), "8.3");
        assert_eq!(number(-1500.0), "-1,500");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(100.0), "100");
    }

    #[test]
    fn periods_collapse_equal_bounds() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 1);
        assert_eq!(period_text(day, day), "2024-03-01");
        assert_eq!(
            period_text(day, NaiveDate::from_ymd_opt(2024, 3, 31)),
            "2024-03-01 – 2024-03-31"
        );
        assert_eq!(period_text(None, None), "");
    }

    #[test]
    fn linked_ids_lose_their_document_prefix() {
        assert_eq!(local_id(Some("a.txt#date:3-9"), "a.txt"), "date:3-9");
        assert_eq!(local_id(Some("b.txt#date:3-9"), "a.txt"), "b.txt#date:3-9");
        assert_eq!(local_id(None, "a.txt"), "");
    }

    #[test]
    fn mentions_are_sorted_outer_first() {
        let span = |kind: &str, start: u64, end: u64| SpanColumns {
            doc_id: "a.txt".into(),
            mention_id: format!("a.txt#{kind}:{start}-{end}"),
            sentence_id: 0,
            line_start: 1,
            line_end: 1,
            byte_start: start,
            byte_end: end,
            source_text: String::new(),
            text: String::new(),
            rule: "r".into(),
            span: crate::span::Span::default(),
        };
        let rows = DocRows {
            organizations: vec![OrganizationRow {
                span: span("organization", 3, 12),
                name: "国务院".into(),
                org_type: "government".into(),
            }],
            policies: vec![PolicyRow {
                span: span("policy", 0, 30),
                title: "国务院关于…的意见".into(),
                policy_type: "opinion".into(),
                issuer: None,
                date_mention_id: None,
            }],
            ..DocRows::default()
        };
        let mentions = mentions_of(&rows);
        let ids: Vec<_> = mentions.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["a.txt#policy:0-30", "a.txt#organization:3-12"]);
        for mention in &mentions {
            assert_eq!(mention.values.len(), labels(mention.kind).len());
        }
    }
}
