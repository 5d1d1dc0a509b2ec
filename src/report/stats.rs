//! Counts over a whole dataset for the overview and the header: documents by status,
//! encoding and script, mentions by kind and rule, indicator units, dates by year.

use std::collections::BTreeMap;

use chrono::Datelike;

use crate::extract::MentionKind;
use crate::write::rows::DocRows;

/// Counts gathered over every document of the dataset.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    /// Documents by status (`ok`, `error`).
    pub statuses: BTreeMap<String, u64>,
    /// Documents by encoding.
    pub encodings: BTreeMap<String, u64>,
    /// Documents by script.
    pub scripts: BTreeMap<String, u64>,
    /// Mentions by kind.
    pub kinds: BTreeMap<&'static str, u64>,
    /// Mentions by (kind, rule).
    pub rules: BTreeMap<(&'static str, String), u64>,
    /// Indicators by unit, and the unit texts seen for each.
    pub units: BTreeMap<String, (u64, BTreeMap<String, u64>)>,
    /// Date mentions by the year they start in.
    pub years: BTreeMap<i32, u64>,
    /// Failed documents and why.
    pub failures: Vec<(String, String)>,
}

impl Stats {
    /// Counts over every document's rows.
    pub fn gather(groups: &BTreeMap<String, DocRows>) -> Self {
        let mut stats = Self::default();
        for (doc_id, rows) in groups {
            stats.add(doc_id, rows);
        }
        stats
    }

    fn add(&mut self, doc_id: &str, rows: &DocRows) {
        if let Some(document) = &rows.document {
            *self.statuses.entry(document.status.clone()).or_default() += 1;
            if document.status == "ok" {
                *self.encodings.entry(document.encoding.clone()).or_default() += 1;
                *self.scripts.entry(document.script.clone()).or_default() += 1;
            } else {
                let error = document.error.clone().unwrap_or_default();
                self.failures.push((doc_id.to_string(), error));
            }
        }
        let spans = rows
            .indicators
            .iter()
            .map(|r| (MentionKind::Indicator, &r.span))
            .chain(rows.dates.iter().map(|r| (MentionKind::Date, &r.span)))
            .chain(
                rows.organizations
                    .iter()
                    .map(|r| (MentionKind::Organization, &r.span)),
            )
            .chain(rows.policies.iter().map(|r| (MentionKind::Policy, &r.span)));
        for (kind, span) in spans {
            *self.kinds.entry(kind.as_str()).or_default() += 1;
            *self
                .rules
                .entry((kind.as_str(), span.rule.clone()))
                .or_default() += 1;
        }
        for row in &rows.indicators {
            let unit = self.units.entry(row.unit.clone()).or_default();
            unit.0 += 1;
            *unit.1.entry(row.unit_text.clone()).or_default() += 1;
        }
        for start in rows.dates.iter().filter_map(|row| row.start) {
            *self.years.entry(start.year()).or_default() += 1;
        }
    }

    /// Units by count, most frequent first.
    pub fn top_units(&self) -> Vec<(&String, u64, &BTreeMap<String, u64>)> {
        let mut units: Vec<_> = self
            .units
            .iter()
            .map(|(unit, (count, texts))| (unit, *count, texts))
            .collect();
        units.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        units
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::write::rows::{DateRow, DocumentRow, IndicatorRow, SpanColumns};

    fn document(doc_id: &str, status: &str) -> DocumentRow {
        DocumentRow {
            doc_id: doc_id.into(),
            source_path: doc_id.into(),
            sha256: String::new(),
            bytes: 10,
            encoding: if status == "ok" { "GB18030" } else { "unknown" }.into(),
            script: "simplified".into(),
            n_lines: 1,
            n_sentences: 1,
            doc_date: None,
            title: None,
            status: status.into(),
            error: (status != "ok").then(|| "not a text file".into()),
            invalid_sequences: 0,
        }
    }

    fn span(kind: &str, rule: &str) -> SpanColumns {
        SpanColumns {
            doc_id: "a.txt".into(),
            mention_id: format!("a.txt#{kind}:0-4"),
            sentence_id: 0,
            line_start: 1,
            line_end: 1,
            byte_start: 0,
            byte_end: 4,
            source_text: String::new(),
            text: String::new(),
            rule: rule.into(),
            span: crate::span::Span::default(),
        }
    }

    #[test]
    fn counts_documents_mentions_units_and_years() {
        let indicator = IndicatorRow {
            span: span("indicator", "indicator_number_unit"),
            value: 8.3,
            value_high: None,
            unit: "percent".into(),
            unit_text: "%".into(),
            qualifier: None,
            measure: "growth".into(),
            subject: None,
            date_mention_id: None,
            period_start: None,
            period_end: None,
        };
        let date = DateRow {
            span: span("date", "date_year"),
            start: NaiveDate::from_ymd_opt(2023, 1, 1),
            end: NaiveDate::from_ymd_opt(2023, 12, 31),
            granularity: "year".into(),
            relative: false,
            reference_date: None,
        };
        let mut groups = BTreeMap::new();
        groups.insert(
            "a.txt".to_string(),
            DocRows {
                document: Some(document("a.txt", "ok")),
                indicators: vec![indicator],
                dates: vec![date],
                ..DocRows::default()
            },
        );
        groups.insert(
            "b.png".to_string(),
            DocRows {
                document: Some(document("b.png", "error")),
                ..DocRows::default()
            },
        );
        let stats = Stats::gather(&groups);
        assert_eq!(stats.statuses["ok"], 1);
        assert_eq!(stats.statuses["error"], 1);
        assert_eq!(stats.encodings.keys().collect::<Vec<_>>(), ["GB18030"]);
        assert_eq!(stats.kinds["indicator"], 1);
        assert_eq!(stats.rules[&("date", "date_year".to_string())], 1);
        assert_eq!(stats.years[&2023], 1);
        assert_eq!(stats.top_units()[0].0, "percent");
        assert_eq!(
            stats.failures,
            [("b.png".to_string(), "not a text file".to_string())]
        );
    }
}
