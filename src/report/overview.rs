//! The overview section: the run's figures at a glance (documents ok and failed, rows per
//! table, encodings and scripts, units, dates by year, rules, validation, and the diff
//! summary with `--diff`), rendered as static HTML so it shows before any script runs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::extract::MentionKind;
use crate::write::manifest::Manifest;
use crate::write::rows::DocRows;

use super::diff::Comparison;
use super::html::{doc_link, escape, kind_color};
use super::stats::Stats;
use super::svg::{self, Bar};

/// The overview section's HTML.
pub(crate) fn render(
    manifest: &Manifest,
    stats: &Stats,
    groups: &BTreeMap<String, DocRows>,
    comparison: Option<&Comparison>,
) -> String {
    let mut html = String::from("<section id=\"overview\" aria-labelledby=\"overview-title\">");
    html.push_str("<h2 id=\"overview-title\">Overview</h2>");
    html.push_str(&cards(stats));
    html.push_str(&validation(manifest));
    if let Some(comparison) = comparison {
        html.push_str(&diff_summary(comparison));
    }
    html.push_str("<div class=\"grid\">");
    html.push_str(&panel("Dates by year", &years_chart(stats)));
    html.push_str(&panel("Indicator units", &units_chart(stats)));
    html.push_str(&panel("Rows per table", &row_counts(manifest)));
    html.push_str(&panel(
        "Encodings and scripts",
        &format!(
            "{}{}",
            count_table("encoding", &stats.encodings),
            count_table("script", &stats.scripts)
        ),
    ));
    html.push_str(&panel("Top units", &top_units(stats)));
    html.push_str(&panel("Rules", &rules(stats)));
    html.push_str("</div>");
    html.push_str(&failures(stats));
    html.push_str(&documents(groups, comparison));
    html.push_str(&run_info(manifest));
    html.push_str("</section>");
    html
}

fn panel(title: &str, body: &str) -> String {
    format!(
        "<div class=\"panel\"><h3>{}</h3>{body}</div>",
        escape(title)
    )
}

fn cards(stats: &Stats) -> String {
    let ok = stats.statuses.get("ok").copied().unwrap_or(0);
    let failed: u64 = stats
        .statuses
        .iter()
        .filter(|(status, _)| status.as_str() != "ok")
        .map(|(_, count)| count)
        .sum();
    let mut html = String::from("<div class=\"cards\">");
    let _ = write!(
        html,
        "<div class=\"card\"><b>{}</b> documents<br><span>{ok} ok · {failed} failed</span></div>",
        ok + failed
    );
    for kind in MentionKind::ALL {
        let count = stats.kinds.get(kind.as_str()).copied().unwrap_or(0);
        let _ = write!(
            html,
            "<div class=\"card k-{kind}\"><b>{count}</b> {table}</div>",
            kind = kind.as_str(),
            table = kind.table()
        );
    }
    html.push_str("</div>");
    html
}

fn validation(manifest: &Manifest) -> String {
    let Some(report) = &manifest.validation else {
        return "<p class=\"status warn\">Validation: not recorded in the manifest.</p>".into();
    };
    if report.is_ok() {
        return format!(
            "<p class=\"status ok\">✓ Validation passed: {} rows checked, {} traced to {} \
             source files.</p>",
            report.rows_checked.values().sum::<u64>(),
            report.rows_traced,
            report.documents_traced
        );
    }
    format!(
        "<div class=\"status bad\"><p>✗ Validation failed: {} problems.</p><pre>{}</pre></div>",
        report.problem_count(),
        escape(&report.render(5))
    )
}

fn years_chart(stats: &Stats) -> String {
    let (Some(&first), Some(&last)) = (stats.years.keys().next(), stats.years.keys().last()) else {
        return svg::columns("Date mentions by start year", &[], "");
    };
    // A continuous axis when it stays readable; only the years seen otherwise.
    let years: Vec<i32> = if last - first <= 80 {
        (first..=last).collect()
    } else {
        stats.years.keys().copied().collect()
    };
    let bars: Vec<Bar> = years
        .into_iter()
        .map(|year| Bar {
            label: year.to_string(),
            count: stats.years.get(&year).copied().unwrap_or(0),
        })
        .collect();
    svg::columns(
        "Date mentions by start year",
        &bars,
        kind_color(MentionKind::Date),
    )
}

fn units_chart(stats: &Stats) -> String {
    let bars: Vec<Bar> = stats
        .top_units()
        .into_iter()
        .take(15)
        .map(|(unit, count, _)| Bar {
            label: unit.clone(),
            count,
        })
        .collect();
    svg::rows(
        "Indicator mentions by unit",
        &bars,
        kind_color(MentionKind::Indicator),
    )
}

fn row_counts(manifest: &Manifest) -> String {
    let counts: BTreeMap<String, u64> = manifest
        .row_counts
        .iter()
        .map(|(table, count)| (table.name().to_string(), *count))
        .collect();
    count_table("table", &counts)
}

fn count_table(label: &str, counts: &BTreeMap<String, u64>) -> String {
    let mut html =
        format!("<table><thead><tr><th>{label}</th><th class=\"n\">count</th></tr></thead><tbody>");
    for (name, count) in counts {
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{count}</td></tr>",
            escape(name)
        );
    }
    html.push_str("</tbody></table>");
    html
}

fn top_units(stats: &Stats) -> String {
    let mut html = String::from(
        "<table><thead><tr><th>unit</th><th class=\"n\">count</th><th>as written</th></tr>\
         </thead><tbody>",
    );
    for (unit, count, texts) in stats.top_units().into_iter().take(12) {
        let mut written: Vec<_> = texts.iter().collect();
        written.sort_by(|a, b| b.1.cmp(a.1));
        let written: Vec<String> = written
            .into_iter()
            .take(4)
            .map(|(text, n)| format!("{} ({n})", escape(text)))
            .collect();
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{count}</td><td>{}</td></tr>",
            escape(unit),
            written.join(", ")
        );
    }
    html.push_str("</tbody></table>");
    html
}

fn rules(stats: &Stats) -> String {
    let mut html = String::from(
        "<table><thead><tr><th>kind</th><th>rule</th><th class=\"n\">mentions</th></tr>\
         </thead><tbody>",
    );
    for ((kind, rule), count) in &stats.rules {
        let _ = write!(
            html,
            "<tr><td><span class=\"swatch k-{kind}\"></span>{kind}</td><td><code>{}</code></td>\
             <td class=\"n\">{count}</td></tr>",
            escape(rule)
        );
    }
    html.push_str("</tbody></table>");
    html
}

fn failures(stats: &Stats) -> String {
    if stats.failures.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<h3>Failed documents</h3><table class=\"wide\"><thead><tr><th>document</th>\
         <th>reason</th></tr></thead><tbody>",
    );
    for (doc_id, error) in &stats.failures {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td></tr>",
            doc_link(doc_id),
            escape(error)
        );
    }
    html.push_str("</tbody></table>");
    html
}

fn documents(groups: &BTreeMap<String, DocRows>, comparison: Option<&Comparison>) -> String {
    let mut html = String::from(
        "<h3>Documents</h3><table class=\"wide\"><thead><tr><th>document</th><th>status</th>\
         <th>encoding</th><th>script</th><th class=\"n\">lines</th><th class=\"n\">sentences</th>\
         <th class=\"n\">indicators</th><th class=\"n\">dates</th><th class=\"n\">organizations</th>\
         <th class=\"n\">policies</th>",
    );
    if comparison.is_some() {
        html.push_str("<th class=\"n\">+ added</th><th class=\"n\">− removed</th><th class=\"n\">~ changed</th>");
    }
    html.push_str("</tr></thead><tbody>");
    for (doc_id, rows) in groups {
        let Some(document) = &rows.document else {
            continue;
        };
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"st-{status}\">{status}</td><td>{}</td><td>{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            doc_link(doc_id),
            escape(&document.encoding),
            escape(&document.script),
            document.n_lines,
            document.n_sentences,
            rows.indicators.len(),
            rows.dates.len(),
            rows.organizations.len(),
            rows.policies.len(),
            status = escape(&document.status),
        );
        if let Some(comparison) = comparison {
            for count in comparison.counts_of(doc_id) {
                let _ = write!(html, "<td class=\"n\">{count}</td>");
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

fn diff_summary(comparison: &Comparison) -> String {
    let diff = &comparison.diff;
    let mut html = format!(
        "<div class=\"panel diff-summary\"><h3>Changes against {}</h3>",
        escape(&diff.old)
    );
    if diff.is_identical() {
        html.push_str("<p>No differences.</p>");
    }
    html.push_str(
        "<table><thead><tr><th>kind</th><th class=\"n\">+ added</th><th class=\"n\">− removed</th>\
         <th class=\"n\">~ changed</th></tr></thead><tbody>",
    );
    for (kind, [added, removed, changed]) in comparison.counts_by_kind() {
        let _ = write!(
            html,
            "<tr><td><span class=\"swatch k-{kind}\"></span>{kind}</td><td class=\"n\">{added}</td>\
             <td class=\"n\">{removed}</td><td class=\"n\">{changed}</td></tr>"
        );
    }
    html.push_str("</tbody></table>");
    for (table, counts) in &diff.counts {
        if table.mention_kind().is_none() && !counts.is_empty() {
            let _ = write!(
                html,
                "<p>{table}: {} added, {} removed, {} changed.</p>",
                counts.added, counts.removed, counts.changed
            );
        }
    }
    for note in &diff.notes {
        let _ = write!(html, "<p class=\"muted\">{}</p>", escape(note));
    }
    html.push_str("</div>");
    html
}

fn run_info(manifest: &Manifest) -> String {
    let configuration = serde_json::to_string_pretty(&manifest.configuration).unwrap_or_default();
    format!(
        "<details class=\"run\"><summary>Run: zhextract {} · started {} · {:.2} s</summary>\
         <p>config hash <code>{}</code></p><pre>{}</pre></details>",
        escape(&manifest.version),
        escape(&manifest.started_at),
        manifest.timings.total_seconds,
        escape(&manifest.config_hash),
        escape(&configuration)
    )
}
