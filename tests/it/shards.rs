//! Sharding for batch schedulers: `run --shard K/N` on N = 3 shards, then `merge`, gives the
//! same rows in every table as the plain run (and here byte-identical Parquet tables);
//! shards that do not form one run are refused.

use std::path::{Path, PathBuf};

use super::eval::{code_and_stdout, crate_dir, zhextract};
use zhextract::merge::Shard;
use zhextract::read::Dataset;
use zhextract::write::Table;

const SHARDS: u32 = 3;

/// The inputs: the seeds and the encoding fixtures (two input roots).
fn inputs() -> Vec<String> {
    ["seeds", "fixtures/encodings"]
        .iter()
        .map(|dir| crate_dir().join(dir).display().to_string())
        .collect()
}

/// `zhextract run INPUTS --out OUT -q EXTRA…`; asserts it wrote a dataset.
fn run(out: &Path, extra: &[&str]) {
    let inputs = inputs();
    let out = out.display().to_string();
    let mut args: Vec<&str> = vec!["run"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["--out", &out, "-q", "-j", "2"]);
    args.extend(extra);
    let output = zhextract(&args);
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 3)),
        "{args:?}: {code:?} {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs the N shards into `dir/shard-K`; returns their directories.
fn run_shards(dir: &Path, extra: &[&str]) -> Vec<PathBuf> {
    (1..=SHARDS)
        .map(|k| {
            let out = dir.join(format!("shard-{k}"));
            let shard = format!("{k}/{SHARDS}");
            let mut args = vec!["--shard", shard.as_str()];
            args.extend(extra);
            run(&out, &args);
            out
        })
        .collect()
}

fn merge(out: &Path, shards: &[PathBuf]) -> (i32, String) {
    let mut args = vec![
        "merge".to_owned(),
        out.display().to_string(),
        "-q".to_owned(),
    ];
    args.extend(shards.iter().map(|dir| dir.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = zhextract(&args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn three_shards_merged_equal_the_plain_run() {
    let work = tempfile::tempdir().unwrap();
    let plain = work.path().join("plain");
    run(&plain, &[]);
    let shards = run_shards(work.path(), &[]);

    // Each document is in exactly one shard, the one its doc_id hashes to.
    let all = Dataset::open(&plain).unwrap().documents().unwrap();
    let mut seen = 0;
    for (k, dir) in (1..=SHARDS).zip(&shards) {
        let shard = Shard::new(k, SHARDS).unwrap();
        for document in Dataset::open(dir).unwrap().documents().unwrap() {
            assert!(shard.contains(&document.doc_id), "{}", document.doc_id);
            seen += 1;
        }
    }
    assert_eq!(seen, all.len());
    assert!(
        all.len() >= 10,
        "the corpus is the seeds plus the encodings"
    );

    let merged = work.path().join("merged");
    let (code, stderr) = merge(&merged, &shards);
    assert_eq!(code, 0, "{stderr}");
    let (a, b) = (
        Dataset::open(&plain).unwrap(),
        Dataset::open(&merged).unwrap(),
    );
    assert_eq!(a.documents().unwrap(), b.documents().unwrap());
    assert_eq!(a.sentences().unwrap(), b.sentences().unwrap());
    assert_eq!(a.indicators().unwrap(), b.indicators().unwrap());
    assert_eq!(a.dates().unwrap(), b.dates().unwrap());
    assert_eq!(a.organizations().unwrap(), b.organizations().unwrap());
    assert_eq!(a.policies().unwrap(), b.policies().unwrap());
    assert_eq!(a.manifest().inputs, b.manifest().inputs);
    assert_eq!(a.manifest().row_counts, b.manifest().row_counts);
    assert_eq!(a.manifest().config_hash, b.manifest().config_hash);
    assert!(b
        .manifest()
        .validation
        .as_ref()
        .is_some_and(zhextract::validate::Report::is_ok));
    // Written by the same writer with the same configuration: the same bytes.
    for table in Table::ALL {
        let file = table.file_name();
        let same =
            std::fs::read(plain.join(&file)).unwrap() == std::fs::read(merged.join(&file)).unwrap();
        assert!(same, "{file} differs");
    }

    let (plain, merged) = (plain.display().to_string(), merged.display().to_string());
    let (code, stdout) = code_and_stdout(&zhextract(&["diff", &plain, &merged]));
    assert_eq!(code, 0, "{stdout}");
    let (code, stdout) = code_and_stdout(&zhextract(&["validate", &merged]));
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn shards_of_different_runs_or_an_incomplete_set_are_refused() {
    let work = tempfile::tempdir().unwrap();
    let shards = run_shards(work.path(), &[]);
    let out = work.path().join("merged");

    let (code, stderr) = merge(&out, &shards[..2]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("3/3 missing"), "{stderr}");

    let twice = [
        shards[0].clone(),
        shards[0].clone(),
        shards[1].clone(),
        shards[2].clone(),
    ];
    let (code, stderr) = merge(&out, &twice);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("given twice"), "{stderr}");

    let other = work.path().join("other");
    run(&other, &["--shard", "3/3", "--opencc", "tw2s"]);
    let mixed = [shards[0].clone(), shards[1].clone(), other];
    let (code, stderr) = merge(&out, &mixed);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("configuration"), "{stderr}");
    assert!(
        !out.exists(),
        "nothing is written when the shards are refused"
    );
}
