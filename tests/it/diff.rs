//! `zhextract diff`: identical datasets exit 0 and say so; after one input file changes,
//! exit 1 and list exactly that file's rows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::eval::{code_and_stdout, crate_dir, pipeline_dataset, zhextract};
use zhextract::read::Dataset;
use zhextract::write::rows::DocRows;

const FILES: [&str; 2] = ["simplified_report.txt", "traditional_brief.txt"];

/// Copies the fixture documents into a fresh input directory.
fn inputs(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for file in FILES {
        std::fs::copy(crate_dir().join("fixtures/docs").join(file), dir.join(file)).unwrap();
    }
}

#[test]
fn a_dataset_is_identical_to_itself_and_to_a_rerun() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("input");
    inputs(&input);
    pipeline_dataset(&input, &FILES, &work.path().join("a"));
    pipeline_dataset(&input, &FILES, &work.path().join("b"));
    let a = work.path().join("a").display().to_string();
    let b = work.path().join("b").display().to_string();
    for (old, new) in [(&a, &a), (&a, &b)] {
        let (code, stdout) = code_and_stdout(&zhextract(&["diff", old, new]));
        assert_eq!(code, 0, "{stdout}");
        assert!(stdout.contains("identical: no differences in"), "{stdout}");
    }
}

#[test]
fn after_one_input_changes_only_its_rows_are_listed() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("input");
    inputs(&input);
    pipeline_dataset(&input, &FILES, &work.path().join("old"));
    let edited = input.join("simplified_report.txt");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replace("增长5.9%", "增长6.1%")).unwrap();
    pipeline_dataset(&input, &FILES, &work.path().join("new"));
    let old = work.path().join("old").display().to_string();
    let new = work.path().join("new").display().to_string();

    let (code, stdout) = code_and_stdout(&zhextract(&["diff", &old, &new, "--format", "json"]));
    assert_eq!(code, 1, "{stdout}");
    let diff: Value = serde_json::from_str(&stdout).unwrap();
    let documents = diff["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "{stdout}");
    assert_eq!(documents[0]["doc_id"], "simplified_report.txt");
    assert_eq!(documents[0]["status"], "source_changed");
    let rows = documents[0]["rows"].as_array().unwrap();
    let listed: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["table"].as_str().unwrap().to_owned(),
                r["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(listed.len(), rows.len());
    assert_eq!(listed, changed_rows(Path::new(&old), Path::new(&new)));
    // The same-length edit moves no span: nothing is added or removed, and the indicator
    // (when extracted) shows its value change.
    assert!(rows.iter().all(|r| r["change"] == "changed"), "{stdout}");
    if let Some(indicator) = rows.iter().find(|r| r["table"] == "indicators") {
        let value = indicator["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == "value");
        assert_eq!(
            value.map(|v| (&v["old"], &v["new"])),
            Some((&Value::from("5.9"), &Value::from("6.1")))
        );
    }

    let (code, text) = code_and_stdout(&zhextract(&["diff", &old, &new]));
    assert_eq!(code, 1);
    assert!(
        text.contains("== simplified_report.txt: source changed (sha256 "),
        "{text}"
    );
    assert!(text.contains("~ L3 据前海管理局统计"), "{text}");
    assert!(!text.contains("traditional_brief.txt"), "{text}");

    let filtered = zhextract(&[
        "diff",
        &old,
        &new,
        "--table",
        "dates",
        "--doc",
        "simplified_report.txt",
    ]);
    let (code, text) = code_and_stdout(&filtered);
    assert_eq!(code, 0, "{text}");
    let other_doc = zhextract(&["diff", &old, &new, "--doc", "traditional_brief.txt"]);
    assert_eq!(other_doc.status.code(), Some(0));
}

#[test]
fn bad_arguments_exit_with_2() {
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("missing").display().to_string();
    assert_eq!(
        zhextract(&["diff", &missing, &missing]).status.code(),
        Some(2)
    );
    assert_eq!(
        zhextract(&["diff", "a", "b", "--table", "nope"])
            .status
            .code(),
        Some(2)
    );
}

/// The oracle: (table, id) of every row that differs between the datasets, found by
/// comparing the typed rows of each document (independently of `compare`).
fn changed_rows(old: &Path, new: &Path) -> BTreeSet<(String, String)> {
    let (old, new) = (
        Dataset::open(old).unwrap().doc_rows().unwrap(),
        Dataset::open(new).unwrap().doc_rows().unwrap(),
    );
    let mut changed = BTreeSet::new();
    for doc_id in old.keys().chain(new.keys()) {
        let empty = DocRows::default();
        let (a, b) = (
            old.get(doc_id).unwrap_or(&empty),
            new.get(doc_id).unwrap_or(&empty),
        );
        for (table, before, after) in [
            ("documents", keyed(a, "documents"), keyed(b, "documents")),
            ("sentences", keyed(a, "sentences"), keyed(b, "sentences")),
            ("indicators", keyed(a, "indicators"), keyed(b, "indicators")),
            ("dates", keyed(a, "dates"), keyed(b, "dates")),
            (
                "organizations",
                keyed(a, "organizations"),
                keyed(b, "organizations"),
            ),
            ("policies", keyed(a, "policies"), keyed(b, "policies")),
        ] {
            for id in before.keys().chain(after.keys()) {
                if before.get(id) != after.get(id) {
                    changed.insert((table.to_owned(), id.clone()));
                }
            }
        }
    }
    changed
}

/// One table of a document's rows as id → `Debug` text.
fn keyed(rows: &DocRows, table: &str) -> BTreeMap<String, String> {
    let mentions = |id: &str, debug: String| (id.to_owned(), debug);
    match table {
        "documents" => rows
            .document
            .iter()
            .map(|d| (d.doc_id.clone(), format!("{d:?}")))
            .collect(),
        "sentences" => rows
            .sentences
            .iter()
            .map(|s| {
                (
                    format!("{}#sentence:{}-{}", s.doc_id, s.byte_start, s.byte_end),
                    format!("{s:?}"),
                )
            })
            .collect(),
        "indicators" => rows
            .indicators
            .iter()
            .map(|r| mentions(&r.span.mention_id, format!("{r:?}")))
            .collect(),
        "dates" => rows
            .dates
            .iter()
            .map(|r| mentions(&r.span.mention_id, format!("{r:?}")))
            .collect(),
        "organizations" => rows
            .organizations
            .iter()
            .map(|r| mentions(&r.span.mention_id, format!("{r:?}")))
            .collect(),
        _ => rows
            .policies
            .iter()
            .map(|r| mentions(&r.span.mention_id, format!("{r:?}")))
            .collect(),
    }
}
