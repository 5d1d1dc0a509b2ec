//! Every gold annotation the project has (`../shared/gold/` when present, and
//! `fixtures/gold/`), scored against a dataset produced in-process from the seeds and the
//! fixture documents. Prints the scores; asserts only that they are computed (quality
//! thresholds belong in the issues' notes, not in tests).

use std::path::Path;

use zhextract::evaluate::{self, gold, render};
use zhextract::read::Dataset;

use super::eval::{crate_dir, pipeline_dataset};

#[test]
fn eval_runs_over_all_gold_and_prints_the_scores() {
    let root = crate_dir();
    let shared = root.join("../shared/gold");
    let shared = std::fs::canonicalize(&shared).unwrap_or(shared);
    let mut gold_files = Vec::new();
    if shared.is_dir() {
        gold_files.extend(gold::load(&shared).unwrap());
    } else {
        println!(
            "notice: {} not found; scoring fixtures/gold only",
            shared.display()
        );
    }
    gold_files.extend(gold::load(&root.join("fixtures/gold")).unwrap());

    let work = tempfile::tempdir().unwrap();
    let documents = work.path().join("documents");
    std::fs::create_dir(&documents).unwrap();
    let mut names = Vec::new();
    for dir in [root.join("seeds"), root.join("fixtures/docs")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                std::fs::copy(&path, documents.join(&name)).unwrap();
                names.push(name);
            }
        }
    }
    names.sort();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let out = work.path().join("dataset");
    pipeline_dataset(&documents, &names, &out);

    let dataset = Dataset::open(Path::new(&out)).unwrap();
    let evaluation = evaluate::evaluate(&gold_files, &dataset).unwrap();
    println!("{}", render::text(&evaluation, 5));
    assert_eq!(
        evaluation.scored_files(),
        gold_files.len(),
        "every gold document is in the dataset"
    );
    assert!(evaluation.total.counts.gold > 0);
    assert!(evaluation.total.metrics.f1.is_some());
}
