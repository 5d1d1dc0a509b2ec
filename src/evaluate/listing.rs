//! A document's mentions as stable, readable text, one mention a line, sorted by byte span:
//!
//! ```text
//! L43 indicator 1880.49亿元 value=188049000000 unit=CNY unit_text=亿元 measure=level subject=全社会研发投入 rule=indicator_number_unit
//! L55-57 policy “工业上楼”计划 title=工业上楼计划 type=plan rule=policy_quoted
//! ```
//!
//! The snapshot tests (`tests/it/snapshots.rs`) store this for every fixture and seed, so
//! each change to extraction output is a reviewed diff; `zhextract show` prints the line of
//! the mention it shows. Nothing in a line depends on the run (no paths, no timestamps).

use std::collections::HashMap;

use crate::write::rows::{DateRow, DocRows, IndicatorRow, OrganizationRow, PolicyRow, SpanColumns};

/// Every mention of `rows`, one line each, sorted by (`byte_start`, `byte_end`, kind);
/// empty when there is none.
#[must_use]
pub fn mention_lines(rows: &DocRows) -> String {
    let dates: HashMap<&str, &str> = rows
        .dates
        .iter()
        .map(|d| (d.span.mention_id.as_str(), d.span.text.as_str()))
        .collect();
    let mut lines: Vec<(u64, u64, u8, String)> = Vec::new();
    let mut push = |span: &SpanColumns, order: u8, line: String| {
        lines.push((span.byte_start, span.byte_end, order, line));
    };
    for row in &rows.dates {
        push(&row.span, 0, date_line(row));
    }
    for row in &rows.indicators {
        push(&row.span, 1, indicator_line(row, &dates));
    }
    for row in &rows.organizations {
        push(&row.span, 2, organization_line(row));
    }
    for row in &rows.policies {
        push(&row.span, 3, policy_line(row, &dates));
    }
    lines.sort();
    let mut out = String::new();
    for (_, _, _, line) in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `L12` or `L12-13`, the kind and the normalized text.
fn head(span: &SpanColumns, kind: &str) -> String {
    let lines = if span.line_start == span.line_end {
        format!("L{}", span.line_start)
    } else {
        format!("L{}-{}", span.line_start, span.line_end)
    };
    format!("{lines} {kind} {}", quoted(&span.text))
}

/// A value as it appears after `key=`: quoted when empty or holding whitespace.
fn quoted(value: &str) -> String {
    if value.is_empty() || value.chars().any(char::is_whitespace) {
        format!("{value:?}")
    } else {
        value.to_owned()
    }
}

/// A number without a needless `.0`: `188049000000`, `8.3`, `0.25`.
#[must_use]
pub fn number(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e16 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

fn pair(out: &mut String, key: &str, value: &str) {
    out.push(' ');
    out.push_str(key);
    out.push('=');
    out.push_str(&quoted(value));
}

fn indicator_line(row: &IndicatorRow, dates: &HashMap<&str, &str>) -> String {
    let mut line = head(&row.span, "indicator");
    pair(&mut line, "value", &number(row.value));
    if let Some(high) = row.value_high {
        pair(&mut line, "value_high", &number(high));
    }
    pair(&mut line, "unit", &row.unit);
    pair(&mut line, "unit_text", &row.unit_text);
    if let Some(qualifier) = &row.qualifier {
        pair(&mut line, "qualifier", qualifier);
    }
    pair(&mut line, "measure", &row.measure);
    if let Some(subject) = &row.subject {
        pair(&mut line, "subject", subject);
    }
    if let Some(date) = row.date_mention_id.as_deref() {
        pair(&mut line, "date", dates.get(date).copied().unwrap_or(date));
    }
    pair(&mut line, "rule", &row.span.rule);
    line
}

fn date_line(row: &DateRow) -> String {
    let mut line = head(&row.span, "date");
    let bound = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "?".to_owned(), |d| d.to_string());
    pair(
        &mut line,
        "range",
        &format!("{}..{}", bound(row.start), bound(row.end)),
    );
    pair(&mut line, "granularity", &row.granularity);
    if row.relative {
        pair(&mut line, "relative", &bound(row.reference_date));
    }
    pair(&mut line, "rule", &row.span.rule);
    line
}

fn organization_line(row: &OrganizationRow) -> String {
    let mut line = head(&row.span, "organization");
    if row.name != row.span.text {
        pair(&mut line, "name", &row.name);
    }
    pair(&mut line, "type", &row.org_type);
    pair(&mut line, "rule", &row.span.rule);
    line
}

fn policy_line(row: &PolicyRow, dates: &HashMap<&str, &str>) -> String {
    let mut line = head(&row.span, "policy");
    pair(&mut line, "title", &row.title);
    pair(&mut line, "type", &row.policy_type);
    if let Some(issuer) = &row.issuer {
        pair(&mut line, "issuer", issuer);
    }
    if let Some(date) = row.date_mention_id.as_deref() {
        pair(&mut line, "date", dates.get(date).copied().unwrap_or(date));
    }
    pair(&mut line, "rule", &row.span.rule);
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn span(kind: &str, start: u64, end: u64, text: &str, lines: (u32, u32)) -> SpanColumns {
        SpanColumns {
            doc_id: "a.txt".into(),
            mention_id: format!("a.txt#{kind}:{start}-{end}"),
            sentence_id: 0,
            line_start: lines.0,
            line_end: lines.1,
            byte_start: start,
            byte_end: end,
            source_text: text.into(),
            text: text.into(),
            rule: format!("{kind}_rule"),
            span: Span::default(),
        }
    }

    #[test]
    fn renders_sorted_by_span_with_linked_dates() {
        let date = DateRow {
            span: span("date", 0, 10, "2022年", (1, 1)),
            start: chrono::NaiveDate::from_ymd_opt(2022, 1, 1),
            end: chrono::NaiveDate::from_ymd_opt(2022, 12, 31),
            granularity: "year".into(),
            relative: false,
            reference_date: None,
        };
        let indicator = IndicatorRow {
            span: span("indicator", 20, 34, "1880.49亿元", (2, 3)),
            value: 188_049_000_000.0,
            value_high: None,
            unit: "CNY".into(),
            unit_text: "亿元".into(),
            qualifier: None,
            measure: "level".into(),
            subject: Some("全社会研发投入".into()),
            date_mention_id: Some(date.span.mention_id.clone()),
            period_start: date.start,
            period_end: date.end,
        };
        let rows = DocRows {
            indicators: vec![indicator],
            dates: vec![date],
            ..DocRows::default()
        };
        assert_eq!(
            mention_lines(&rows),
            "L1 date 2022年 range=2022-01-01..2022-12-31 granularity=year rule=date_rule\n\
             L2-3 indicator 1880.49亿元 value=188049000000 unit=CNY unit_text=亿元 \
             measure=level subject=全社会研发投入 date=2022年 rule=indicator_rule\n"
        );
    }

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(number(8.3), "8.3");
        assert_eq!(number(23_000.0), "23000");
        assert_eq!(number(0.25), "0.25");
    }
}
