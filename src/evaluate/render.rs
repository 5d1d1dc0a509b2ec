//! `zhextract eval` output: the per-kind table as text, or the whole [`Evaluation`] as JSON,
//! with the first `n` findings of each category.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{Category, Evaluation, Finding, KindReport};

/// A figure with three decimals, `-` when undefined.
fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

/// Text with line breaks made visible, so one finding stays on one line.
#[must_use]
pub fn one_line(text: &str) -> String {
    text.replace('\r', "\\r").replace('\n', "\\n")
}

/// The per-kind table, attribute accuracies, gold-file notes and up to `errors` findings
/// per category.
#[must_use]
pub fn text(evaluation: &Evaluation, errors: usize) -> String {
    let mut out = String::new();
    table(&mut out, evaluation);
    attributes(&mut out, evaluation);
    files(&mut out, evaluation);
    if errors > 0 {
        findings(&mut out, &evaluation.findings, errors);
    }
    out
}

fn table(out: &mut String, evaluation: &Evaluation) {
    let _ = writeln!(
        out,
        "{:<13}{:>6}{:>6}{:>6}{:>6}{:>6}{:>11}{:>8}{:>8}{:>8}{:>8}{:>11}",
        "kind",
        "gold",
        "opt",
        "pred",
        "ign",
        "tp",
        "precision",
        "recall",
        "F1",
        "exact",
        "value",
        "strict-F1"
    );
    for report in evaluation.kinds.iter().chain([&evaluation.total]) {
        row(out, report);
    }
}

fn row(out: &mut String, report: &KindReport) {
    let (c, m) = (&report.counts, &report.metrics);
    let _ = writeln!(
        out,
        "{:<13}{:>6}{:>6}{:>6}{:>6}{:>6}{:>11}{:>8}{:>8}{:>8}{:>8}{:>11}",
        report.kind,
        c.gold,
        c.gold_optional,
        c.predicted,
        c.ignored,
        c.tp,
        figure(m.precision),
        figure(m.recall),
        figure(m.f1),
        figure(m.exact_span_rate),
        figure(m.value_accuracy),
        figure(m.strict_f1),
    );
}

fn attributes(out: &mut String, evaluation: &Evaluation) {
    let lines: Vec<String> = evaluation
        .kinds
        .iter()
        .flat_map(|report| {
            report.counts.attributes.iter().map(|(name, ratio)| {
                let label = format!("{}.{name}", report.kind);
                format!(
                    "  {label:<24}{:>7}  ({}/{})",
                    figure(ratio.rate()),
                    ratio.right,
                    ratio.scored
                )
            })
        })
        .collect();
    if !lines.is_empty() {
        out.push_str("\nattribute accuracy among matches:\n");
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
    }
}

fn files(out: &mut String, evaluation: &Evaluation) {
    let _ = writeln!(
        out,
        "\ngold: {} file(s), {} scored",
        evaluation.files.len(),
        evaluation.scored_files()
    );
    for file in &evaluation.files {
        let target = file.doc_id.as_deref().unwrap_or("NOT SCORED");
        let _ = writeln!(
            out,
            "  {} -> {target} ({} annotated lines)",
            file.gold, file.window_lines
        );
        for problem in &file.problems {
            let _ = writeln!(out, "    warning: {problem}");
        }
    }
}

fn findings(out: &mut String, all: &[Finding], limit: usize) {
    for category in Category::ALL {
        let of_category: Vec<&Finding> = all.iter().filter(|f| f.category == category).collect();
        let shown = of_category.len().min(limit);
        let _ = writeln!(
            out,
            "\n{}: {} (showing {shown})",
            category.heading(),
            of_category.len()
        );
        for finding in of_category.into_iter().take(limit) {
            let _ = writeln!(out, "  {}", finding_line(finding));
        }
    }
}

/// One finding on one line: `doc:line kind texts [rule] details id`.
#[must_use]
pub fn finding_line(finding: &Finding) -> String {
    let mut line = format!("{}:{} {}", finding.doc_id, finding.line, finding.kind);
    match (&finding.gold_text, &finding.predicted_text) {
        (Some(gold), Some(predicted)) if one_line(gold) != one_line(predicted) => {
            let _ = write!(
                line,
                " gold {} | predicted {}",
                one_line(gold),
                one_line(predicted)
            );
        }
        (Some(text), _) | (None, Some(text)) => {
            let _ = write!(line, " {}", one_line(text));
        }
        (None, None) => {}
    }
    if let Some(rule) = &finding.rule {
        let _ = write!(line, " [{rule}]");
    }
    if let Some(detail) = &finding.detail {
        let _ = write!(line, " {detail}");
    }
    if let Some(id) = &finding.mention_id {
        let _ = write!(line, "  ({id})");
    }
    line
}

/// The evaluation as JSON: everything, with the first `errors` findings of each category
/// and the total per category in `finding_counts`.
#[must_use]
pub fn json(evaluation: &Evaluation, errors: usize) -> Value {
    let mut counts = serde_json::Map::new();
    let mut shown = Vec::new();
    for category in Category::ALL {
        let of_category: Vec<&Finding> = evaluation
            .findings
            .iter()
            .filter(|f| f.category == category)
            .collect();
        counts.insert(json_name(category), Value::from(of_category.len()));
        shown.extend(of_category.into_iter().take(errors));
    }
    json!({
        "files": evaluation.files,
        "kinds": evaluation.kinds,
        "total": evaluation.total,
        "finding_counts": counts,
        "findings": shown,
    })
}

fn json_name(category: Category) -> String {
    serde_json::to_value(category)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_lines_show_both_texts_only_when_they_differ() {
        let finding = Finding {
            category: Category::SpanDiffers,
            doc_id: "a.txt".into(),
            kind: "date",
            line: 3,
            gold_text: Some("去年前三季度".into()),
            predicted_text: Some("前三\n季度".into()),
            rule: Some("date_relative".into()),
            mention_id: Some("a.txt#date:9-21".into()),
            detail: None,
        };
        assert_eq!(
            finding_line(&finding),
            "a.txt:3 date gold 去年前三季度 | predicted 前三\\n季度 [date_relative]  (a.txt#date:9-21)"
        );
    }
}
