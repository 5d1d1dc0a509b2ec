//! Scale-out on a batch scheduler: a run split into shards by `doc_id` hash, and the shard
//! datasets merged back into one.
//!
//! Place in the pipeline: around [`crate::batch::run`]. `zhextract run --shard K/N` runs the
//! whole pipeline on the documents of shard `K` only ([`Shard::contains`]) and writes a
//! normal, validated dataset whose manifest records the shard under
//! `configuration.shard`. `zhextract merge OUT SHARD…` ([`merge`]) checks that the shards
//! belong together, re-writes their rows as one dataset in SCHEMA order with the same writer
//! a plain run uses, validates it and publishes it atomically.
//!
//! The shard of a document is `fnv1a64(doc_id) mod N` (+1): FNV-1a 64-bit over the UTF-8
//! bytes of the `doc_id`, a fixed function of the id alone, so it is the same on every
//! machine, in every process and for every Rust version (unlike `std`'s `RandomState`), and
//! it does not depend on the file's content or size.
//!
//! Because the merged dataset is written by [`DatasetWriter`] with the plain run's
//! configuration (the `shard` key removed) and row-group size, its tables are
//! byte-identical to those of a single `zhextract run` over the same inputs.
//!
//! Merging holds every shard's rows in memory at once (like `diff` does): fine for corpora
//! whose dataset fits in RAM; the shards themselves can be read from anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde_json::Value;

use crate::batch::{self, BatchError, Stopwatch};
use crate::read::{Dataset, ReadError};
use crate::write::manifest;
use crate::write::rows::DocRows;
use crate::write::{DatasetWriter, Manifest, Table, WriteError, WriteOptions};

/// The configuration key under which a shard's manifest records its [`Shard`].
pub const SHARD_KEY: &str = "shard";

/// The name of the shard hash, recorded in the manifest so a reader knows how ids map.
pub const SHARD_HASH: &str = "fnv1a64(doc_id) mod count";

/// FNV-1a, 64-bit, over `bytes`: the documented, stable hash that assigns documents to
/// shards.
#[must_use]
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// One shard of a run split `count` ways: shard `index` (1-based, as `--shard K/N` and
/// Slurm/Kubernetes array indices are written) holds the documents whose
/// `fnv1a64(doc_id) % count == index - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shard {
    /// 1-based shard number, `1..=count`.
    pub index: u32,
    /// How many shards the run is split into (at least 1).
    pub count: u32,
}

impl Shard {
    /// Shard `index` of `count`, or `None` unless `1 <= index <= count`.
    #[must_use]
    pub fn new(index: u32, count: u32) -> Option<Self> {
        (index >= 1 && index <= count).then_some(Self { index, count })
    }

    /// The 1-based shard a `doc_id` belongs to when the run is split `count` ways.
    #[must_use]
    pub fn index_of(doc_id: &str, count: u32) -> u32 {
        let count = u64::from(count.max(1));
        // The remainder is below `count`, itself a u32.
        (fnv1a64(doc_id.as_bytes()) % count) as u32 + 1
    }

    /// Whether this shard processes the document `doc_id`.
    #[must_use]
    pub fn contains(&self, doc_id: &str) -> bool {
        Self::index_of(doc_id, self.count) == self.index
    }

    /// The shard as recorded in a manifest's configuration.
    #[must_use]
    pub fn to_json(&self) -> Value {
        serde_json::json!({ "index": self.index, "count": self.count, "hash": SHARD_HASH })
    }

    /// The shard a manifest's configuration records, if any (`Err` when it is malformed).
    pub fn from_configuration(configuration: &Value) -> Result<Option<Self>, String> {
        let Some(value) = configuration.get(SHARD_KEY) else {
            return Ok(None);
        };
        let number = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        let hash = value.get("hash").and_then(Value::as_str);
        match (number("index"), number("count"), hash) {
            (Some(index), Some(count), Some(SHARD_HASH)) => Self::new(index, count)
                .map(Some)
                .ok_or_else(|| format!("shard {index}/{count} is out of range")),
            _ => Err(format!("unrecognised shard record {value}")),
        }
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// Parses `K/N` with `1 <= K <= N`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let usage = || format!("expected K/N with 1 <= K <= N (e.g. 2/8), got {text:?}");
        let (index, count) = text.split_once('/').ok_or_else(usage)?;
        let index: u32 = index.trim().parse().map_err(|_| usage())?;
        let count: u32 = count.trim().parse().map_err(|_| usage())?;
        Self::new(index, count).ok_or_else(usage)
    }
}

/// Why shard datasets could not be merged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// A shard dataset could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The merged dataset could not be written or published.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The merged dataset could not be validated.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// The shards do not belong to one run, or one of them is damaged.
    #[error("cannot merge {}: {reason}", path.display())]
    Mismatch {
        /// The shard dataset at fault.
        path: PathBuf,
        /// What does not agree.
        reason: String,
    },
    /// No shard directories were given.
    #[error("no shard datasets to merge")]
    NoShards,
}

/// What a merge reads and writes.
#[derive(Clone, Debug)]
pub struct MergeOptions {
    /// The shard dataset directories (each written by `zhextract run --shard K/N`).
    pub shards: Vec<PathBuf>,
    /// The merged dataset directory.
    pub out: PathBuf,
    /// Replace `out` even if it is not a zhextract dataset.
    pub force: bool,
}

/// What a finished merge reports.
#[derive(Clone, Debug)]
pub struct MergeSummary {
    /// Shards merged.
    pub shards: usize,
    /// Documents in the merged dataset.
    pub documents: usize,
    /// Rows per table of the merged dataset.
    pub row_counts: BTreeMap<Table, u64>,
    /// True when the merged dataset validated and was published.
    pub validation_ok: bool,
    /// The validation report, rendered.
    pub validation_text: String,
    /// The merged dataset directory.
    pub out: PathBuf,
}

impl MergeSummary {
    /// `3 shards, 12 documents; rows: …; written to out/`.
    #[must_use]
    pub fn one_line(&self) -> String {
        let rows: Vec<String> = self
            .row_counts
            .iter()
            .map(|(table, count)| format!("{table} {count}"))
            .collect();
        let verdict = if self.validation_ok {
            format!("written to {}", self.out.display())
        } else {
            "NOT published: validation failed".to_owned()
        };
        format!(
            "{} shards, {} documents; rows: {}; {verdict}",
            self.shards,
            self.documents,
            rows.join(", ")
        )
    }
}

/// Merges shard datasets into one: checks they form one complete run, writes their rows
/// in SCHEMA order with a merged manifest, validates the result against the source files
/// and publishes it only when it is valid.
///
/// # Errors
/// [`MergeError::Mismatch`] when the shards disagree (version, configuration, shard count,
/// a missing or repeated shard, a document in two shards or in the wrong shard, row counts
/// that do not match the tables), or the read, write or validation error.
pub fn merge(options: &MergeOptions) -> Result<MergeSummary, MergeError> {
    let stopwatch = Stopwatch::start();
    let shards = options
        .shards
        .iter()
        .map(|dir| Dataset::open(dir))
        .collect::<Result<Vec<_>, _>>()?;
    let first = shards.first().ok_or(MergeError::NoShards)?;
    let configuration = check_shards(&shards)?;
    let merged_manifest = merged_manifest(&shards, first.manifest(), configuration)?;
    let mut groups: BTreeMap<String, DocRows> = BTreeMap::new();
    for shard in &shards {
        for (doc_id, rows) in shard.doc_rows()? {
            if groups.insert(doc_id.clone(), rows).is_some() {
                return Err(mismatch(shard.dir(), format!("{doc_id} is in two shards")));
            }
        }
    }
    drop(shards);
    let documents = groups.len();
    let write_options = WriteOptions {
        force: options.force,
        ..WriteOptions::default()
    }
    .with_provenance(&merged_manifest.version, &merged_manifest.config_hash);
    let mut writer = DatasetWriter::create(&options.out, &write_options)?;
    for rows in groups.into_values() {
        writer.append(rows)?;
    }
    let mut staged = writer.finish(merged_manifest)?;
    let report = batch::validate_dataset(staged.dir())?;
    let validation_ok = report.is_ok();
    let validation_text = report.render(10);
    let row_counts = staged.manifest().row_counts.clone();
    let merge_seconds = stopwatch.seconds();
    staged.update_manifest(|manifest| {
        manifest.validation = Some(report);
        manifest
            .timings
            .stages
            .insert("merge".to_owned(), merge_seconds);
        manifest.timings.total_seconds += merge_seconds;
    })?;
    if validation_ok {
        staged.publish()?;
    } else {
        staged.discard()?;
    }
    Ok(MergeSummary {
        shards: options.shards.len(),
        documents,
        row_counts,
        validation_ok,
        validation_text,
        out: options.out.clone(),
    })
}

fn mismatch(path: &Path, reason: String) -> MergeError {
    MergeError::Mismatch {
        path: path.to_path_buf(),
        reason,
    }
}

/// Checks that the shards are one complete run: same tool version and configuration (apart
/// from the shard), the same shard count, every shard present exactly once, each document
/// in its own shard, and manifest row counts matching the tables. Returns the run's
/// configuration without the shard.
fn check_shards(shards: &[Dataset]) -> Result<Value, MergeError> {
    let mut expected: Option<(String, Value, u32)> = None;
    let mut seen = BTreeSet::new();
    for dataset in shards {
        let dir = dataset.dir();
        let manifest = dataset.manifest();
        let shard = Shard::from_configuration(&manifest.configuration)
            .map_err(|reason| mismatch(dir, reason))?
            .ok_or_else(|| {
                mismatch(
                    dir,
                    "not a shard dataset (its manifest has no configuration.shard; write \
                     shards with `zhextract run --shard K/N`)"
                        .to_owned(),
                )
            })?;
        let configuration = without_shard(&manifest.configuration);
        match &expected {
            None => expected = Some((manifest.version.clone(), configuration, shard.count)),
            Some((version, config, count)) => {
                if *version != manifest.version {
                    let reason =
                        format!("written by zhextract {}, not {version}", manifest.version);
                    return Err(mismatch(dir, reason));
                }
                if manifest::config_hash(config) != manifest::config_hash(&configuration) {
                    let reason = format!(
                        "its configuration {configuration} differs from the first shard's {config}"
                    );
                    return Err(mismatch(dir, reason));
                }
                if *count != shard.count {
                    let reason = format!("shard {shard}, but the first shard is of {count}");
                    return Err(mismatch(dir, reason));
                }
            }
        }
        if !seen.insert(shard.index) {
            return Err(mismatch(dir, format!("shard {shard} is given twice")));
        }
        check_contents(dataset, shard)?;
    }
    let Some((_, configuration, count)) = expected else {
        return Err(MergeError::NoShards);
    };
    let missing: Vec<String> = (1..=count)
        .filter(|index| !seen.contains(index))
        .map(|index| format!("{index}/{count}"))
        .collect();
    if let (false, Some(last)) = (missing.is_empty(), shards.last()) {
        let reason = format!("shard(s) {} missing from the merge", missing.join(", "));
        return Err(mismatch(last.dir(), reason));
    }
    Ok(configuration)
}

/// Every input belongs to `shard`, the shard was published valid, and its row counts match.
fn check_contents(dataset: &Dataset, shard: Shard) -> Result<(), MergeError> {
    let dir = dataset.dir();
    let manifest = dataset.manifest();
    if let Some(input) = manifest.inputs.iter().find(|i| !shard.contains(&i.doc_id)) {
        let reason = format!("{} does not belong to shard {shard}", input.doc_id);
        return Err(mismatch(dir, reason));
    }
    if manifest
        .validation
        .as_ref()
        .is_some_and(|report| !report.is_ok())
    {
        return Err(mismatch(
            dir,
            "its validation report has problems".to_owned(),
        ));
    }
    for table in Table::ALL {
        let rows = dataset.table(table).height() as u64;
        let recorded = manifest.row_counts.get(&table).copied().unwrap_or(0);
        if rows != recorded {
            let reason = format!("{table} has {rows} rows but its manifest records {recorded}");
            return Err(mismatch(dir, reason));
        }
    }
    Ok(())
}

/// `configuration` without its [`SHARD_KEY`]: what a plain run with the same settings
/// records.
fn without_shard(configuration: &Value) -> Value {
    let mut configuration = configuration.clone();
    if let Some(map) = configuration.as_object_mut() {
        map.remove(SHARD_KEY);
    }
    configuration
}

/// The merged run's manifest: the plain configuration, the first shard's start, every
/// input in `doc_id` order, per-stage timings summed and the longest shard's wall-clock
/// (shards run side by side); row counts and validation are filled when writing.
fn merged_manifest(
    shards: &[Dataset],
    first: &Manifest,
    configuration: Value,
) -> Result<Manifest, MergeError> {
    let started_at = shards
        .iter()
        .map(|shard| shard.manifest().started_at.as_str())
        .min()
        .unwrap_or(&first.started_at);
    let mut manifest = Manifest::new(&first.version, configuration, started_at);
    let mut inputs = BTreeMap::new();
    for shard in shards {
        let shard_manifest = shard.manifest();
        for input in &shard_manifest.inputs {
            if inputs.insert(input.doc_id.clone(), input.clone()).is_some() {
                let reason = format!("{} is in two shards", input.doc_id);
                return Err(mismatch(shard.dir(), reason));
            }
        }
        let timings = &shard_manifest.timings;
        manifest.timings.total_seconds = manifest.timings.total_seconds.max(timings.total_seconds);
        for (stage, seconds) in &timings.stages {
            *manifest.timings.stages.entry(stage.clone()).or_default() += seconds;
        }
    }
    manifest.inputs = inputs.into_values().collect();
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        // From the FNV reference test suite (http://www.isthe.com/chongo/tech/comp/fnv/).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn shards_parse_and_partition_ids() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).filter_map(|k| Shard::new(k, 3)).collect();
        for id in ["a.txt", "dir/b.txt", "政策/通知.txt", ""] {
            let owners = shards.iter().filter(|shard| shard.contains(id)).count();
            assert_eq!(owners, 1, "{id} is in exactly one shard");
        }
        assert!(Shard::new(1, 1).is_some_and(|only| only.contains("anything")));
    }

    #[test]
    fn the_shard_round_trips_through_the_configuration() {
        let shard = Shard { index: 2, count: 5 };
        let mut configuration = serde_json::json!({ "pipeline": { "opencc": "t2s" } });
        configuration[SHARD_KEY] = shard.to_json();
        assert_eq!(Shard::from_configuration(&configuration), Ok(Some(shard)));
        let plain = without_shard(&configuration);
        assert_eq!(
            plain,
            serde_json::json!({ "pipeline": { "opencc": "t2s" } })
        );
        assert_eq!(Shard::from_configuration(&plain), Ok(None));
        configuration[SHARD_KEY] =
            serde_json::json!({ "index": 9, "count": 5, "hash": SHARD_HASH });
        assert!(Shard::from_configuration(&configuration).is_err());
    }
}
