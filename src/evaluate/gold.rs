//! Gold annotation files (`/work/shared/gold/GOLD_SPEC.md`): JSON Lines, one file per
//! source document, a header line naming the document and its annotated line windows, then
//! one mention per line.
//!
//! The normalized fields of a mention (`value`, `unit`, `start`, `name`, `title`, …) are kept
//! as the JSON object they were written in, so a field that is absent ("not annotated") can
//! be told apart from one that is `null` ("annotated as none"); [`super::score`] compares
//! them field by field with the dataset's rows.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::EvalError;
use crate::extract::MentionKind;

/// The first line of a gold file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldHeader {
    /// The source file's base name (`004_1cc896fb872a0a73.txt`).
    pub doc: String,
    /// Inclusive 1-based line ranges of the original file that were annotated exhaustively.
    pub windows: Vec<(u32, u32)>,
    /// The document's own date, against which relative dates were resolved.
    #[serde(default)]
    pub doc_date: Option<NaiveDate>,
    /// Who annotated.
    #[serde(default)]
    pub annotator: Option<String>,
    /// Free-text notes on the annotation.
    #[serde(default)]
    pub notes: Option<String>,
}

impl GoldHeader {
    /// True when 1-based `line` lies inside one of the annotated windows; only mentions whose
    /// first line is inside a window are scored (gold and predictions alike).
    #[must_use]
    pub fn in_windows(&self, line: u32) -> bool {
        self.windows
            .iter()
            .any(|&(first, last)| first <= line && line <= last)
    }

    /// Number of annotated lines (windows are assumed not to overlap).
    #[must_use]
    pub fn window_lines(&self) -> u32 {
        self.windows
            .iter()
            .map(|&(first, last)| last.saturating_sub(first) + 1)
            .sum()
    }
}

/// One annotated mention.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldMention {
    /// Which table it belongs to.
    pub kind: MentionKind,
    /// 1-based line of the original file where the mention starts.
    pub line: u32,
    /// The characters as they stand in the file, from the mention's start (possibly
    /// extended to the right to make the first match from the line's start unique).
    pub text: String,
    /// The mention itself when `text` was extended (a prefix of `text`).
    pub mention: Option<String>,
    /// Borderline: neither rewarded nor punished.
    pub optional: bool,
    /// Every other field of the JSON object: the normalized values, notes.
    pub fields: Map<String, Value>,
    /// 1-based line of the gold file, for messages.
    pub gold_line: usize,
}

impl GoldMention {
    /// The characters of the mention itself: `mention` when given, else `text`.
    #[must_use]
    pub fn mention_text(&self) -> &str {
        self.mention.as_deref().unwrap_or(&self.text)
    }

    /// A normalized field: `None` when the annotation does not have it at all, `Some(Null)`
    /// when it says "none".
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.get(name)
    }
}

/// One parsed gold file.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its header.
    pub header: GoldHeader,
    /// Its mentions, in file order.
    pub mentions: Vec<GoldMention>,
}

/// A mention line as written; `kind` is checked after parsing so the error can name it.
#[derive(Deserialize)]
struct RawMention {
    kind: String,
    line: u32,
    text: String,
    #[serde(default)]
    mention: Option<String>,
    #[serde(default)]
    optional: Option<bool>,
    #[serde(flatten)]
    fields: Map<String, Value>,
}

/// The `kind` value of a gold line (`indicator`, `date`, `organization`, `policy`).
#[must_use]
pub fn parse_kind(kind: &str) -> Option<MentionKind> {
    MentionKind::ALL
        .into_iter()
        .find(|candidate| candidate.as_str() == kind)
}

impl GoldFile {
    /// Parses the text of a gold file; `path` is only used in messages.
    ///
    /// # Errors
    /// [`EvalError::Gold`] naming the line that is not valid JSON, lacks the header, or has
    /// an unknown `kind`.
    pub fn parse(text: &str, path: &Path) -> Result<Self, EvalError> {
        let error = |line: usize, message: String| EvalError::Gold {
            path: path.to_path_buf(),
            line,
            message,
        };
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(index, line)| (index + 1, line.trim()))
            .filter(|(_, line)| !line.is_empty());
        let (header_line, header) = lines
            .next()
            .ok_or_else(|| error(1, "empty file: expected a header line".to_owned()))?;
        let header = parse_header(header).map_err(|message| error(header_line, message))?;
        let mut mentions = Vec::new();
        for (number, line) in lines {
            mentions.push(parse_mention(line, number).map_err(|message| error(number, message))?);
        }
        Ok(Self {
            path: path.to_path_buf(),
            header,
            mentions,
        })
    }

    /// Reads and parses one gold file.
    ///
    /// # Errors
    /// [`EvalError::Io`] or [`EvalError::Gold`].
    pub fn read(path: &Path) -> Result<Self, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }
}

fn parse_header(line: &str) -> Result<GoldHeader, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    if value.get("header").and_then(Value::as_bool) != Some(true) {
        return Err(
            "the first line must be the header ({\"header\": true, \"doc\": …})".to_owned(),
        );
    }
    serde_json::from_value(value).map_err(|e| format!("invalid header: {e}"))
}

fn parse_mention(line: &str, gold_line: usize) -> Result<GoldMention, String> {
    let raw: RawMention =
        serde_json::from_str(line).map_err(|e| format!("invalid mention: {e}"))?;
    let kind = parse_kind(&raw.kind).ok_or_else(|| {
        format!(
            "unknown kind {:?}; expected indicator, date, organization or policy",
            raw.kind
        )
    })?;
    if raw.line == 0 {
        return Err("line numbers are 1-based; found 0".to_owned());
    }
    if raw.mention_text_is_empty() {
        return Err("empty text".to_owned());
    }
    Ok(GoldMention {
        kind,
        line: raw.line,
        text: raw.text,
        mention: raw.mention,
        optional: raw.optional.unwrap_or(false),
        fields: raw.fields,
        gold_line,
    })
}

impl RawMention {
    fn mention_text_is_empty(&self) -> bool {
        self.mention.as_deref().unwrap_or(&self.text).is_empty()
    }
}

/// Reads every `*.jsonl` file of `path` (sorted by name), or `path` itself when it is a file.
///
/// # Errors
/// [`EvalError::Io`], [`EvalError::Gold`], or [`EvalError::NoGold`] when a directory holds no
/// gold file.
pub fn load(path: &Path) -> Result<Vec<GoldFile>, EvalError> {
    if path.is_file() {
        return Ok(vec![GoldFile::read(path)?]);
    }
    let io = |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let file = entry.map_err(io)?.path();
        if file.extension().is_some_and(|ext| ext == "jsonl") && file.is_file() {
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err(EvalError::NoGold {
            path: path.to_path_buf(),
        });
    }
    files.sort();
    files.iter().map(|file| GoldFile::read(file)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"{"header": true, "doc": "a.txt", "windows": [[1, 3], [7, 9]], "doc_date": "2024-01-19"}
{"kind": "indicator", "line": 2, "text": "8.3%", "value": 8.3, "unit": "percent", "subject": null}

{"kind": "policy", "line": 8, "text": "“X”计", "mention": "“X”", "title": "X", "optional": true}
"#;

    #[test]
    fn parses_header_and_mentions() {
        let gold = GoldFile::parse(GOLD, Path::new("a.jsonl")).unwrap();
        assert_eq!(gold.header.doc, "a.txt");
        assert_eq!(gold.header.windows, vec![(1, 3), (7, 9)]);
        assert_eq!(gold.header.window_lines(), 6);
        assert!(gold.header.in_windows(8) && !gold.header.in_windows(5));
        assert_eq!(gold.mentions.len(), 2);
        let indicator = &gold.mentions[0];
        assert_eq!(indicator.kind, MentionKind::Indicator);
        assert_eq!(indicator.field("value"), Some(&Value::from(8.3)));
        assert_eq!(indicator.field("subject"), Some(&Value::Null));
        assert_eq!(indicator.field("qualifier"), None);
        let policy = &gold.mentions[1];
        assert_eq!((policy.mention_text(), policy.optional), ("“X”", true));
        assert_eq!(policy.gold_line, 4);
    }

    #[test]
    fn rejects_a_missing_header_and_unknown_kinds() {
        let no_header = r#"{"kind": "date", "line": 1, "text": "2019年"}"#;
        let error = GoldFile::parse(no_header, Path::new("x.jsonl")).unwrap_err();
        assert!(error.to_string().contains("header"), "{error}");
        let bad_kind = "{\"header\": true, \"doc\": \"a\", \"windows\": []}\n\
                        {\"kind\": \"person\", \"line\": 1, \"text\": \"x\"}";
        let error = GoldFile::parse(bad_kind, Path::new("x.jsonl")).unwrap_err();
        assert!(error.to_string().contains("x.jsonl:2"), "{error}");
    }
}
