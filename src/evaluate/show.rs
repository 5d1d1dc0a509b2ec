//! One mention in its source (`zhextract show MENTION_ID`): the original file's lines around
//! the span with the span highlighted, then the row's texts, rule and every field.
//!
//! The lines are cut from the original bytes with the run's line index and decoded piece by
//! piece in the document's encoding, so what is highlighted is exactly
//! `file[byte_start..byte_end]`, whatever the encoding, and a span across a line break
//! highlights on every line it touches.

use std::fmt::Write as _;

use crate::compare::rows::{RowKey, RowTable};
use crate::ingest::{decode::decode_slice, line_index_of_bytes};
use crate::read::{Dataset, ReadError};
use crate::write::Table;

use super::render::one_line;
use super::source::{read_source, SourceError};

/// How the span is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Highlight {
    /// ANSI colour (bold yellow, underlined), for terminals.
    Ansi,
    /// `⟦` and `⟧` around the span, for pipes and files.
    Markers,
}

/// Options of [`show`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShowOptions {
    /// Lines of context before and after the span.
    pub context: u32,
    /// How the span is marked.
    pub highlight: Highlight,
}

/// Why a mention cannot be shown.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShowError {
    /// The id is not `{doc_id}#{kind}:{byte_start}-{byte_end}`.
    #[error("{id:?} is not a mention id ({{doc_id}}#{{kind}}:{{byte_start}}-{{byte_end}}, e.g. a.txt#date:10-24)")]
    BadId {
        /// The id given.
        id: String,
    },
    /// No row has this id.
    #[error("no mention {id} in {dataset}{hint}")]
    NotFound {
        /// The id given.
        id: String,
        /// The dataset directory.
        dataset: String,
        /// Nearby mention ids, if any.
        hint: String,
    },
    /// The document has no `documents` row.
    #[error("document {doc_id} is not in the documents table")]
    NoDocument {
        /// The document.
        doc_id: String,
    },
    /// The dataset could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The source file could not be read.
    #[error(transparent)]
    Source(#[from] SourceError),
}

/// A parsed mention id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionId {
    /// The document.
    pub doc_id: String,
    /// The mention's table.
    pub table: Table,
    /// First original byte.
    pub byte_start: u64,
    /// One past the last original byte.
    pub byte_end: u64,
}

impl MentionId {
    /// Parses `{doc_id}#{kind}:{byte_start}-{byte_end}`.
    #[must_use]
    pub fn parse(id: &str) -> Option<Self> {
        let (doc_id, rest) = id.rsplit_once('#')?;
        let (kind, range) = rest.split_once(':')?;
        let (start, end) = range.split_once('-')?;
        let table = Table::ALL
            .into_iter()
            .find(|t| t.mention_kind() == Some(kind))?;
        Some(Self {
            doc_id: doc_id.to_owned(),
            table,
            byte_start: start.parse().ok()?,
            byte_end: end.parse().ok()?,
        })
    }
}

/// Renders mention `id` of `dataset`.
///
/// # Errors
/// [`ShowError`] when the id is malformed or unknown, or the source cannot be read.
pub fn show(dataset: &Dataset, id: &str, options: ShowOptions) -> Result<String, ShowError> {
    let parsed = MentionId::parse(id).ok_or_else(|| ShowError::BadId { id: id.to_owned() })?;
    let table = RowTable::from_frame(dataset.table(parsed.table));
    let Some((_, row)) = table
        .rows
        .iter()
        .find(|(_, row)| table.get(row, "mention_id") == Some(id))
    else {
        return Err(ShowError::NotFound {
            id: id.to_owned(),
            dataset: dataset.dir().display().to_string(),
            hint: nearby(dataset, &parsed),
        });
    };
    let document = dataset
        .documents()?
        .into_iter()
        .find(|d| d.doc_id == parsed.doc_id)
        .ok_or_else(|| ShowError::NoDocument {
            doc_id: parsed.doc_id.clone(),
        })?;
    let source = read_source(dataset, &document)?;
    let mut out = format!("{id}\n{} ({})", source.path.display(), source.encoding);
    if !source.unchanged {
        out.push_str(
            "\nwarning: the file changed since the run (sha256 differs); lines may be off",
        );
    }
    let line = |name| {
        table
            .get(row, name)
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let excerpt = Excerpt {
        bytes: &source.bytes,
        encoding: &source.encoding,
        span: (parsed.byte_start, parsed.byte_end),
        lines: (line("line_start"), line("line_end")),
        options,
    };
    out.push_str("\n\n");
    out.push_str(&excerpt.render());
    fields(&mut out, &table, row);
    Ok(out)
}

/// Mention ids of the same document overlapping the wanted span, as a hint.
fn nearby(dataset: &Dataset, wanted: &MentionId) -> String {
    let mut ids = Vec::new();
    for table in Table::ALL
        .into_iter()
        .filter(|t| t.mention_kind().is_some())
    {
        let rows = RowTable::from_frame(dataset.table(table));
        for (key, row) in &rows.rows {
            if overlaps(key, wanted) {
                ids.extend(rows.get(row, "mention_id").map(str::to_owned));
            }
        }
    }
    if ids.is_empty() {
        String::new()
    } else {
        format!("; overlapping mentions: {}", ids.join(", "))
    }
}

fn overlaps(key: &RowKey, wanted: &MentionId) -> bool {
    key.doc_id == wanted.doc_id
        && key.byte_start < wanted.byte_end.max(wanted.byte_start + 1)
        && wanted.byte_start < key.byte_end
}

fn fields(out: &mut String, table: &RowTable, row: &[String]) {
    for name in ["source_text", "text", "rule"] {
        if let Some(value) = table.get(row, name) {
            let _ = writeln!(out, "{:<13}{}", format!("{name}:"), one_line(value));
        }
    }
    out.push_str("\nfields:\n");
    let width = table
        .columns
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0);
    for (name, value) in table.columns.iter().zip(row) {
        let _ = writeln!(out, "  {name:<width$}  {}", one_line(value));
    }
}

/// The lines around a span.
struct Excerpt<'a> {
    bytes: &'a [u8],
    encoding: &'a str,
    span: (u64, u64),
    lines: (u32, u32),
    options: ShowOptions,
}

const ANSI_ON: &str = "\x1b[1;4;33m";
const ANSI_OFF: &str = "\x1b[0m";

impl Excerpt<'_> {
    fn render(&self) -> String {
        let total = self.bytes.len() as u64;
        let index = line_index_of_bytes(self.bytes, self.encoding);
        let last_line = index.line_count(total).max(1);
        let first = self.lines.0.saturating_sub(self.options.context).max(1);
        let last = self
            .lines
            .1
            .saturating_add(self.options.context)
            .min(last_line);
        let mut out = String::new();
        for number in first..=last {
            let Some(range) = index.line_range(number, total) else {
                continue;
            };
            let inside = (self.lines.0..=self.lines.1).contains(&number);
            let gutter = if inside { '>' } else { ' ' };
            let _ = writeln!(
                out,
                "{gutter}{number:>6} │ {}",
                self.line(range.start, range.end)
            );
        }
        out.push('\n');
        out
    }

    /// One line's text (without its line break), the span's part highlighted.
    fn line(&self, start: u64, end: u64) -> String {
        let (span_start, span_end) = self.span;
        let cut = |at: u64| at.clamp(start, end);
        let (a, b) = (cut(span_start), cut(span_end));
        let decode = |from: u64, to: u64| {
            let range = usize::try_from(from).unwrap_or(0)..usize::try_from(to).unwrap_or(0);
            decode_slice(self.bytes.get(range).unwrap_or_default(), self.encoding)
        };
        let (before, marked, after) = (decode(start, a), decode(a, b), decode(b, end));
        let opens = span_start >= start && span_start < end;
        let closes = span_end > start && span_end <= end;
        let mut text = before;
        match self.options.highlight {
            Highlight::Ansi if a < b => {
                let _ = write!(
                    text,
                    "{ANSI_ON}{}{ANSI_OFF}",
                    marked.trim_end_matches(['\n', '\r'])
                );
                text.push_str(&after);
            }
            Highlight::Ansi => text.push_str(&after),
            Highlight::Markers => {
                if opens {
                    text.push('⟦');
                }
                let trimmed = marked.trim_end_matches(['\n', '\r']);
                text.push_str(trimmed);
                if closes {
                    text.push('⟧');
                }
                text.push_str(&marked[trimmed.len()..]);
                text.push_str(&after);
            }
        }
        text.trim_end_matches(['\n', '\r']).to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last_char_start(text: &str, end: u64) -> u64 {
        let end = usize::try_from(end).unwrap();
        text[..end].char_indices().next_back().unwrap().0 as u64
    }

    fn excerpt(text: &str, needle: &str, context: u32, highlight: Highlight) -> String {
        let start = text.find(needle).unwrap() as u64;
        let end = start + needle.len() as u64;
        let line_of = |b: u64| 1 + text[..usize::try_from(b).unwrap()].matches('\n').count() as u32;
        Excerpt {
            bytes: text.as_bytes(),
            encoding: "UTF-8",
            span: (start, end),
            lines: (line_of(start), line_of(last_char_start(text, end))),
            options: ShowOptions { context, highlight },
        }
        .render()
    }

    #[test]
    fn marks_a_span_across_a_line_break() {
        let text = "第一行\n企业超过 600\n家，增长8.3%。\n第四行\n第五行\n";
        assert_eq!(
            excerpt(text, "600\n家", 1, Highlight::Markers),
            "      1 │ 第一行\n>     2 │ 企业超过 ⟦600\n>     3 │ 家⟧，增长8.3%。\n      4 │ 第四行\n\n"
        );
        let ansi = excerpt(text, "600\n家", 0, Highlight::Ansi);
        assert!(
            ansi.contains("企业超过 \x1b[1;4;33m600\x1b[0m\n"),
            "{ansi:?}"
        );
        assert!(ansi.contains("\x1b[1;4;33m家\x1b[0m，"), "{ansi:?}");
    }

    #[test]
    fn parses_mention_ids() {
        let id = MentionId::parse("dir/a#b.txt#indicator:10-24").unwrap();
        assert_eq!(id.doc_id, "dir/a#b.txt");
        assert_eq!(
            (id.table, id.byte_start, id.byte_end),
            (Table::Indicators, 10, 24)
        );
        assert_eq!(MentionId::parse("a.txt#person:1-2"), None);
        assert_eq!(MentionId::parse("a.txt"), None);
    }
}
