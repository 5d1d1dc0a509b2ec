//! One document's data for the page: its original text and its mentions placed in it, as
//! the JSON the script renders when the document is opened.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compare::FieldChange;
use crate::extract::MentionKind;
use crate::write::manifest::Manifest;
use crate::write::rows::DocRows;

use super::diff::{change_name, Comparison};
use super::model::{self, mentions_of, Mention};
use super::source::{read_source, SourceText};

/// What the script gets for one document (field names are short: a large corpus embeds
/// many of them).
#[derive(Debug, Serialize)]
pub(crate) struct DocData {
    /// `doc_id`.
    pub id: String,
    /// The original text; absent when the source file could not be used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Why the text is missing or the mentions are not all placed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The mentions, sorted by start (outer first).
    pub m: Vec<MentionData>,
}

/// One mention for the script. Compact: `mention_id` is sent only when it is not the one
/// the script derives (`{doc_id}#{k}:{b[0]}-{b[1]}`), `source_text` only when the script
/// cannot cut it from the text, field labels once per kind ([`labels`]).
#[derive(Debug, Serialize)]
pub(crate) struct MentionData {
    /// Kind (`indicator`, `date`, `organization`, `policy`).
    k: &'static str,
    /// Original byte range.
    b: [u64; 2],
    /// `mention_id`, when not the derived one.
    #[serde(skip_serializing_if = "Option::is_none")]
    i: Option<String>,
    /// Rule.
    r: String,
    /// Start in the text, in UTF-16 code units (absent when not placed).
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<u32>,
    /// End in the text, in UTF-16 code units.
    #[serde(skip_serializing_if = "Option::is_none")]
    e: Option<u32>,
    /// `source_text`, when not placed or not what the text holds at `s..e`.
    #[serde(skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    /// One-line summary of the value.
    v: String,
    /// Field values, in the order of the kind's labels.
    f: Vec<String>,
    /// `added`, `removed` or `changed` against OLD.
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<&'static str>,
    /// For a changed mention, its differing fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    c: Vec<FieldChange>,
    /// The text at the mention's bytes is not its `source_text` (a provenance bug).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    x: bool,
}

/// Field labels per kind, sent once in the page's metadata.
pub(crate) fn labels() -> BTreeMap<&'static str, Vec<&'static str>> {
    MentionKind::ALL
        .into_iter()
        .map(|kind| (kind.as_str(), model::labels(kind)))
        .collect()
}

/// Builds the data of one successfully processed document.
pub(crate) fn build(
    doc_id: &str,
    rows: &DocRows,
    manifest: &Manifest,
    comparison: Option<&Comparison>,
) -> DocData {
    let mut mentions: Vec<(Mention, bool)> = mentions_of(rows)
        .into_iter()
        .map(|mention| (mention, false))
        .collect();
    let mut notes = Vec::new();
    if let Some(comparison) = comparison {
        let removed = comparison.removed(doc_id);
        if comparison.source_changed(doc_id) && !removed.is_empty() {
            notes.push(format!(
                "The source file changed since the OLD run: its {} removed mentions are \
                 listed but not placed in the text.",
                removed.len()
            ));
        }
        let placeable = !comparison.source_changed(doc_id);
        mentions.extend(removed.into_iter().map(|mention| (mention, !placeable)));
        mentions.sort_by_key(|(m, _)| (m.byte_start, std::cmp::Reverse(m.byte_end)));
    }
    let source = rows
        .document
        .as_ref()
        .ok_or_else(|| "the dataset has no documents row for it".to_string())
        .and_then(|document| {
            let bytes = read_source(document, manifest)?;
            let offsets = mentions
                .iter()
                .flat_map(|(m, _)| [m.byte_start, m.byte_end]);
            Ok(SourceText::decode(&bytes, &document.encoding, offsets))
        });
    let source = match source {
        Ok(source) => Some(source),
        Err(note) => {
            notes.push(format!("Original text not shown: {note}."));
            None
        }
    };
    let m = mentions
        .into_iter()
        .map(|(mention, unplaced)| {
            let placed = source.as_ref().filter(|_| !unplaced);
            mention_data(doc_id, mention, placed, comparison)
        })
        .collect();
    DocData {
        id: doc_id.to_string(),
        text: source.map(|source| source.text),
        notes,
        m,
    }
}

fn mention_data(
    doc_id: &str,
    mention: Mention,
    source: Option<&SourceText>,
    comparison: Option<&Comparison>,
) -> MentionData {
    let mark = comparison.and_then(|comparison| comparison.mark(&mention.id));
    let kind = mention.kind.as_str();
    let (start, end) = (mention.byte_start, mention.byte_end);
    let (s, e, x) = match source {
        Some(source) => (
            Some(source.position(start).utf16),
            Some(source.position(end).utf16),
            source.slice(start, end) != mention.source_text,
        ),
        None => (None, None, false),
    };
    let derived = format!("{doc_id}#{kind}:{start}-{end}");
    MentionData {
        k: kind,
        b: [start, end],
        i: (mention.id != derived).then_some(mention.id),
        r: mention.rule,
        s,
        e,
        t: (s.is_none() || x).then_some(mention.source_text),
        v: mention.summary,
        f: mention.values,
        d: mark.map(|mark| change_name(mark.change)),
        c: mark.map(|mark| mark.changes.clone()).unwrap_or_default(),
        x,
    }
}

/// Serializes `value` for a `<script type="application/json">` block: `<`, `>` and `&`
/// escaped as `\u003c`…, so no `</script>` or `<!--` can end or confuse the block.
pub(crate) fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(json.len() + json.len() / 50);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_block() {
        let json = script_json(&["</script><!-- & 《通知》"]);
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ["</script><!-- & 《通知》"]);
    }
}
