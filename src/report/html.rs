//! The page skeleton: head with the embedded stylesheet, header with the legend, kind and
//! rule filters and search, the document list, the overview, the per-document JSON blocks
//! and the embedded script. Everything is inline, so the file works offline.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::extract::MentionKind;

use super::document::{labels, script_json};
use super::stats::Stats;

const CSS: &str = include_str!("assets/report.css");
const SCRIPT: &str = include_str!("assets/report.js");

/// What the script needs to know about every document before opening one.
#[derive(Debug, Serialize)]
pub(crate) struct DocMeta {
    /// `doc_id`.
    pub id: String,
    /// Index of its `<script id="doc-N">` block, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<usize>,
    /// `ok` or `error`.
    pub status: String,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Encoding, script, lines: shown above the text.
    pub about: String,
    /// `lang` of the text: `zh-Hans` or `zh-Hant`.
    pub lang: &'static str,
    /// Mentions (NEW's) of the document.
    pub mentions: usize,
    /// Added, removed, changed against OLD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<[u64; 3]>,
}

/// The `<script id="meta">` block.
#[derive(Serialize)]
struct Meta<'a> {
    docs: &'a [DocMeta],
    labels: BTreeMap<&'static str, Vec<&'static str>>,
}

/// The parts the page is assembled from.
pub(crate) struct Page<'a> {
    /// The dataset directory, for the title.
    pub title: &'a str,
    /// Counts for the legend and the rule filter.
    pub stats: &'a Stats,
    /// The overview section's HTML.
    pub overview: String,
    /// Every document, in list order.
    pub docs: Vec<DocMeta>,
    /// `(n, json)` for each document with text or mentions.
    pub blocks: Vec<(usize, String)>,
    /// The OLD dataset, with `--diff`.
    pub diff_against: Option<String>,
}

impl Page<'_> {
    /// The whole HTML file.
    pub fn render(&self) -> String {
        let size: usize = self.blocks.iter().map(|(_, json)| json.len() + 60).sum();
        let mut html = String::with_capacity(size + self.overview.len() + 64 * 1024);
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta name=\"generator\" content=\"zhextract {}\">\
             <title>zhextract report: {}</title><style>{CSS}</style></head>",
            env!("CARGO_PKG_VERSION"),
            escape(self.title)
        );
        let class = if self.diff_against.is_some() {
            " class=\"diff\""
        } else {
            ""
        };
        let _ = write!(html, "<body{class}>");
        html.push_str(&self.header());
        html.push_str("<div class=\"layout\">");
        html.push_str(&self.doc_list());
        let _ = write!(
            html,
            "<main id=\"main\">{}<section id=\"doc\" hidden aria-live=\"polite\"></section></main>",
            self.overview
        );
        html.push_str(
            "</div><div id=\"tip\" role=\"tooltip\" hidden></div>\
             <script type=\"application/json\" id=\"meta\">",
        );
        let meta = Meta {
            docs: &self.docs,
            labels: labels(),
        };
        html.push_str(&script_json(&meta));
        html.push_str("</script>\n");
        for (n, json) in &self.blocks {
            let _ = writeln!(
                html,
                "<script type=\"application/json\" id=\"doc-{n}\">{json}</script>"
            );
        }
        let _ = writeln!(html, "<script>{SCRIPT}</script></body></html>");
        html
    }

    fn header(&self) -> String {
        let mut html = format!(
            "<header class=\"top\"><h1><a href=\"#overview\">zhextract report</a></h1>\
             <span class=\"muted path\">{}</span>",
            escape(self.title)
        );
        if let Some(old) = &self.diff_against {
            let _ = write!(
                html,
                "<span class=\"diff-legend\">compared with <code>{}</code>: \
                 <span class=\"d-added\">added</span> <span class=\"d-removed\">removed</span> \
                 <span class=\"d-changed\">changed</span></span>",
                escape(old)
            );
        }
        html.push_str("<div class=\"toolbar\"><fieldset class=\"legend\"><legend>Kinds</legend>");
        for kind in MentionKind::ALL {
            let count = self.stats.kinds.get(kind.as_str()).copied().unwrap_or(0);
            let _ = write!(
                html,
                "<label><input type=\"checkbox\" data-kind=\"{k}\" checked>\
                 <span class=\"swatch k-{k}\"></span>{k} <small>{count}</small></label>",
                k = kind.as_str()
            );
        }
        html.push_str("</fieldset>");
        html.push_str(&self.rule_filter());
        html.push_str(
            "<label class=\"search\"><span class=\"sr\">Search text</span>\
             <input type=\"search\" id=\"q\" placeholder=\"Search text…\" autocomplete=\"off\">\
             </label><span id=\"q-count\" class=\"muted\" aria-live=\"polite\"></span>",
        );
        html.push_str("</div></header>");
        html
    }

    fn rule_filter(&self) -> String {
        let mut html = String::from(
            "<details class=\"rules\"><summary>Rules</summary><div class=\"rule-list\">\
             <button type=\"button\" data-rules=\"all\">all</button>\
             <button type=\"button\" data-rules=\"none\">none</button>",
        );
        let mut by_kind: BTreeMap<&str, Vec<(&String, u64)>> = BTreeMap::new();
        for ((kind, rule), count) in &self.stats.rules {
            by_kind.entry(kind).or_default().push((rule, *count));
        }
        for (kind, rules) in by_kind {
            let _ = write!(
                html,
                "<p class=\"rule-kind\"><span class=\"swatch k-{kind}\"></span>{kind}</p>"
            );
            for (rule, count) in rules {
                let _ = write!(
                    html,
                    "<label><input type=\"checkbox\" data-rule=\"{r}\" checked><code>{r}</code> \
                     <small>{count}</small></label>",
                    r = escape(rule)
                );
            }
        }
        html.push_str("</div></details>");
        html
    }

    fn doc_list(&self) -> String {
        let mut html = String::from(
            "<nav class=\"docs\" aria-label=\"Documents\"><p class=\"docs-title\"><a \
             href=\"#overview\">Overview</a></p><ul>",
        );
        for doc in &self.docs {
            let badge = match (&doc.changes, doc.status.as_str()) {
                (_, status) if status != "ok" => "<small class=\"st-error\">failed</small>".into(),
                (Some([a, r, c]), _) if a + r + c > 0 => {
                    format!("<small class=\"changes\">+{a} −{r} ~{c}</small>")
                }
                _ => format!("<small>{}</small>", doc.mentions),
            };
            let _ = write!(
                html,
                "<li><a href=\"#doc={}\" data-doc=\"{}\"><span>{}</span>{badge}</a></li>",
                url_component(&doc.id),
                escape(&doc.id),
                escape(&doc.id)
            );
        }
        html.push_str("</ul></nav>");
        html
    }
}

/// A link to a document's view.
pub(crate) fn doc_link(doc_id: &str) -> String {
    format!(
        "<a href=\"#doc={}\">{}</a>",
        url_component(doc_id),
        escape(doc_id)
    )
}

/// The line colour of a kind (highlight underline, chart bars); AA contrast on white.
pub(crate) fn kind_color(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Indicator => "#1f5fbf",
        MentionKind::Date => "#a14f00",
        MentionKind::Organization => "#2a7a2e",
        MentionKind::Policy => "#7b3fa0",
    }
}

/// Escapes text for HTML content and double-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes like JavaScript's `encodeURIComponent`, for `#doc=` links.
pub(crate) fn url_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn url_components_match_encode_uri_component() {
        assert_eq!(
            url_component("sub dir/报告.txt"),
            "sub%20dir%2F%E6%8A%A5%E5%91%8A.txt"
        );
        assert_eq!(url_component("a-b_c.txt"), "a-b_c.txt");
    }
}
