//! `manifest.json`: the record of one run, written last into a dataset directory.
//!
//! Place in the pipeline: `ingest → normalize → segment → extract → validate → write`. The
//! caller fills a [`Manifest`] while the run goes (configuration, inputs, timings), the
//! writer fills the row counts, the validator's [`Report`] goes in before publishing. Its
//! `tool` field is how [`is_dataset`] recognises a directory that zhextract may replace.
//!
//! Everything here except [`Manifest::timings`] and [`Manifest::started_at`] is a function of
//! the inputs and the configuration; the Parquet tables stay byte-identical across runs and
//! the non-deterministic facts of a run live here only.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::schema::Table;
use super::WriteError;
use crate::validate::Report;

/// The `tool` value that marks a directory as a zhextract dataset.
pub const TOOL: &str = "zhextract";

/// The manifest's file name inside a dataset directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Version of the manifest layout, bumped when a field changes meaning.
pub const MANIFEST_FORMAT: u32 = 1;

/// One input file as the run saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    /// Path relative to the input root, the `doc_id` of its rows.
    pub doc_id: String,
    /// The path as given on the command line.
    pub source_path: String,
    /// The absolute path read, so a later `validate` can find the file from any directory.
    pub absolute_path: String,
    /// Hex sha256 of the bytes read (empty when the file could not be read).
    pub sha256: String,
    /// File size in bytes.
    pub bytes: u64,
    /// `ok` or `error`, as in `documents.status`.
    pub status: String,
}

/// Wall-clock durations of a run: the only non-deterministic content besides the date.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Whole run, seconds.
    pub total_seconds: f64,
    /// Per stage (`ingest`, `normalize`, …), seconds summed over documents.
    #[serde(default)]
    pub stages: BTreeMap<String, f64>,
}

/// The contents of `manifest.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`TOOL`]; marks the directory as ours.
    pub tool: String,
    /// The zhextract version that wrote the dataset.
    pub version: String,
    /// [`MANIFEST_FORMAT`] at writing time.
    #[serde(default)]
    pub manifest_format: u32,
    /// When the run started (an ISO 8601 date or date-time string from the caller).
    pub started_at: String,
    /// The effective configuration of the run, as the caller serialized it.
    pub configuration: Value,
    /// [`config_hash`] of `configuration`, also stored in every Parquet file's metadata.
    pub config_hash: String,
    /// Every input, in `doc_id` order.
    #[serde(default)]
    pub inputs: Vec<InputEntry>,
    /// Rows per table, filled by the writer from what it wrote.
    #[serde(default)]
    pub row_counts: BTreeMap<Table, u64>,
    /// Documents with `status = error` (filled by the writer).
    #[serde(default)]
    pub failed_documents: u64,
    /// The validator's findings on the written tables, when validation ran.
    #[serde(default)]
    pub validation: Option<Report>,
    /// How long the run took.
    #[serde(default)]
    pub timings: Timings,
}

impl Manifest {
    /// A manifest for a run of this zhextract `version` with `configuration`, started at
    /// `started_at`; hashes the configuration, everything else starts empty.
    #[must_use]
    pub fn new(version: &str, configuration: Value, started_at: &str) -> Self {
        Self {
            tool: TOOL.to_owned(),
            version: version.to_owned(),
            manifest_format: MANIFEST_FORMAT,
            started_at: started_at.to_owned(),
            config_hash: config_hash(&configuration),
            configuration,
            inputs: Vec::new(),
            row_counts: BTreeMap::new(),
            failed_documents: 0,
            validation: None,
            timings: Timings::default(),
        }
    }

    /// Writes `dir/manifest.json` durably: to a temporary file, fsynced, then renamed over
    /// the old one, so a reader never sees half a manifest.
    ///
    /// # Errors
    /// [`WriteError::Io`] naming the file that could not be written, synced or renamed.
    #[expect(
        clippy::disallowed_methods,
        reason = "written to a partial file, fsynced, then renamed into place"
    )]
    pub fn write(&self, dir: &Path) -> Result<(), WriteError> {
        let path = dir.join(MANIFEST_FILE);
        let partial = dir.join(format!("{MANIFEST_FILE}.partial"));
        let mut json = serde_json::to_vec_pretty(self).map_err(|source| WriteError::Manifest {
            path: path.clone(),
            source,
        })?;
        json.push(b'\n');
        let mut file =
            File::create(&partial).map_err(|source| WriteError::io("create", &partial, source))?;
        file.write_all(&json)
            .map_err(|source| WriteError::io("write", &partial, source))?;
        file.sync_all()
            .map_err(|source| WriteError::io("sync", &partial, source))?;
        std::fs::rename(&partial, &path)
            .map_err(|source| WriteError::io("rename", &partial, source))
    }
}

/// True when `dir` is a directory holding a `manifest.json` whose `tool` is [`TOOL`]: the
/// only kind of directory the writer replaces without `force`.
///
/// Only the `tool` field is read, so datasets of older or newer manifest formats count.
#[must_use]
pub fn is_dataset(dir: &Path) -> bool {
    let Ok(bytes) = std::fs::read(dir.join(MANIFEST_FILE)) else {
        return false;
    };
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|manifest| {
            manifest
                .get("tool")
                .and_then(Value::as_str)
                .map(|tool| tool == TOOL)
        })
        .unwrap_or(false)
}

/// Hex sha256 of the configuration's canonical JSON (object keys sorted at every level, no
/// whitespace), so the hash does not depend on field order or `serde_json` features.
#[must_use]
pub fn config_hash(configuration: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(configuration, &mut canonical);
    crate::ingest::sha256_hex(canonical.as_bytes())
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods, reason = "tests write their own fixtures")]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn config_hash_ignores_key_order() {
        let a = json!({"b": 1, "a": {"y": [1, 2], "x": "z"}});
        let b = json!({"a": {"x": "z", "y": [1, 2]}, "b": 1});
        assert_eq!(config_hash(&a), config_hash(&b));
        assert_ne!(config_hash(&a), config_hash(&json!({"b": 2})));
        assert_eq!(config_hash(&a).len(), 64);
    }

    #[test]
    fn manifest_round_trips_and_marks_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!is_dataset(dir.path()));
        let mut manifest = Manifest::new("0.1.0", json!({"k": "v"}), "2024-01-02");
        manifest.row_counts.insert(Table::Dates, 3);
        manifest.write(dir.path()).unwrap();
        assert!(is_dataset(dir.path()));
        let text = std::fs::read_to_string(dir.path().join(MANIFEST_FILE)).unwrap();
        let read: Manifest = serde_json::from_str(&text).unwrap();
        assert_eq!(read, manifest);
        assert!(text.contains("\"dates\": 3"), "{text}");
    }

    #[test]
    fn another_tools_manifest_is_not_a_dataset() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), r#"{"tool": "other"}"#).unwrap();
        assert!(!is_dataset(dir.path()));
        std::fs::write(dir.path().join(MANIFEST_FILE), "not json").unwrap();
        assert!(!is_dataset(dir.path()));
    }
}
