//! `run --incremental`: documents unchanged since the dataset at `--out` keep their rows,
//! changed and new ones are processed, deleted ones disappear; the result equals a full
//! run on the same inputs, row for row.

use std::path::Path;

use zhextract::batch::{self, BatchOptions};
use zhextract::incremental::Previous;
use zhextract::ingest;
use zhextract::pipeline::PipelineConfig;
use zhextract::read::Dataset;

fn options(corpus: &Path, out: &Path, incremental: bool) -> BatchOptions {
    BatchOptions {
        inputs: vec![corpus.to_path_buf()],
        out: out.to_path_buf(),
        force: false,
        rule_files: Vec::new(),
        gazetteers: Vec::new(),
        shard: None,
        incremental,
    }
}

fn run(config: &PipelineConfig, corpus: &Path, out: &Path, incremental: bool) {
    let summary = batch::run(config, &options(corpus, out, incremental), &mut |_| {}).unwrap();
    assert!(summary.validation_ok, "{}", summary.validation_text);
}

fn seed(name: &str) -> String {
    let path = super::eval::crate_dir().join("seeds").join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn incremental_run_equals_full_run_and_reuses_unchanged_documents() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let first = seed("004_1cc896fb872a0a73.txt");
    let second = seed("002_7ac091414ba7caeb.txt");
    std::fs::write(corpus.join("a.txt"), &first).unwrap();
    std::fs::write(corpus.join("b.txt"), &second).unwrap();
    std::fs::write(corpus.join("gone.txt"), "2023年全市生产总值增长5.2%。\n").unwrap();
    let config = PipelineConfig::default();
    let out = dir.path().join("out");
    // No dataset yet: an incremental run is a full run.
    run(&config, &corpus, &out, true);

    // One document changes, one is deleted, one is new; `a.txt` stays as it was.
    std::fs::write(
        corpus.join("b.txt"),
        format!("{second}\n2024年全省固定资产投资增长3.1%。\n"),
    )
    .unwrap();
    std::fs::remove_file(corpus.join("gone.txt")).unwrap();
    std::fs::write(
        corpus.join("new.txt"),
        "國務院印發《關於促進創新的意見》。\n",
    )
    .unwrap();

    let files = ingest::walk(std::slice::from_ref(&corpus), &mut |_| {}).unwrap();
    let version = Dataset::open(&out).unwrap().manifest().version.clone();
    let hash = Dataset::open(&out).unwrap().manifest().config_hash.clone();
    let previous = Previous::load(&out, &version, &hash).unwrap();
    let by_id = |id: &str| files.iter().find(|file| file.doc_id == id).unwrap();
    assert!(
        previous.reuse(by_id("a.txt")).is_some(),
        "unchanged: reused"
    );
    assert!(
        previous.reuse(by_id("b.txt")).is_none(),
        "changed: processed"
    );
    assert!(previous.reuse(by_id("new.txt")).is_none(), "new: processed");
    // A prefetched window is found in any order (workers ask out of order), and a document
    // is handed out once.
    let previous = Previous::load(&out, &version, &hash).unwrap();
    previous.prefetch(&files);
    assert!(previous.reuse(by_id("new.txt")).is_none());
    assert!(previous.reuse(by_id("b.txt")).is_none());
    assert!(previous.reuse(by_id("a.txt")).is_some());
    assert!(previous.reuse(by_id("a.txt")).is_none());

    run(&config, &corpus, &out, true);
    let full = dir.path().join("full");
    run(&config, &corpus, &full, false);
    let incremental_rows = Dataset::open(&out).unwrap().doc_rows().unwrap();
    let full_rows = Dataset::open(&full).unwrap().doc_rows().unwrap();
    assert_eq!(
        incremental_rows.keys().collect::<Vec<_>>(),
        ["a.txt", "b.txt", "new.txt"]
    );
    assert!(
        incremental_rows == full_rows,
        "incremental differs from full run"
    );
}

#[test]
fn another_configuration_reuses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "2023年全市生产总值增长5.2%。\n").unwrap();
    let out = dir.path().join("out");
    run(&PipelineConfig::default(), &corpus, &out, false);
    let manifest = Dataset::open(&out).unwrap().manifest().clone();
    let same = Previous::load(&out, &manifest.version, &manifest.config_hash).unwrap();
    assert_eq!(same.len(), 1);
    let other_hash = Previous::load(&out, &manifest.version, "another-hash").unwrap();
    assert!(other_hash.is_empty());
    let other_version = Previous::load(&out, "0.0.0-other", &manifest.config_hash).unwrap();
    assert!(other_version.is_empty());
    // A different --ref-date changes the configuration hash: a full re-run, still valid.
    let config = PipelineConfig {
        reference_date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
        ..PipelineConfig::default()
    };
    run(&config, &corpus, &out, true);
}
