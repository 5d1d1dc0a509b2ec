//! Snapshot tests of extraction output: every `.txt` under `fixtures/` (except
//! `fixtures/bad/`) and every seed, run through the in-process pipeline and rendered one
//! mention a line ([`zhextract::evaluate::mention_lines`]), checked with `insta`.
//!
//! A change to what any extractor finds shows up as a failing test and a `.snap.new` file
//! to review (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test it snapshots`
//! to accept everything, then read `git diff tests/it/snapshots/`). Under `CI=true` insta
//! writes nothing and an unreviewed change simply fails.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use zhextract::evaluate::mention_lines;
use zhextract::ingest::InputFile;

use super::eval::{crate_dir, PIPELINE};

/// The `.txt` files under `dir`, recursively, sorted; `skip` directories left out.
fn text_files(dir: &Path, skip: &[&str], found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && !skip.contains(&name.as_str()) && !name.starts_with('.') {
            text_files(&path, skip, found);
        } else if path.extension().is_some_and(|e| e == "txt") {
            found.push(path);
        }
    }
}

/// `fixtures/extract/indicators/simplified.txt` → `fixtures__extract__indicators__simplified`.
fn snapshot_name(relative: &str) -> String {
    relative
        .trim_end_matches(".txt")
        .split('/')
        .map(|part| {
            part.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("__")
}

/// The rendered mentions of one file, with a one-line header naming the document.
fn render(root: &Path, relative: &str) -> String {
    let input = InputFile {
        doc_id: relative.to_owned(),
        path: root.join(relative),
    };
    let rows = PIPELINE.process(&input);
    let status = rows
        .document
        .as_ref()
        .map_or("missing", |d| d.status.as_str());
    let lines = mention_lines(&rows);
    let mentions = lines.lines().count();
    format!("# {relative}: status {status}, {mentions} mentions\n{lines}")
}

#[test]
fn extraction_output_matches_the_reviewed_snapshots() {
    let root = crate_dir();
    let mut files = Vec::new();
    text_files(&root.join("fixtures"), &["bad"], &mut files);
    text_files(&root.join("seeds"), &[], &mut files);
    assert!(!files.is_empty(), "no fixture or seed documents found");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    for path in &files {
        let relative = zhextract::ingest::slash_path(path.strip_prefix(&root).unwrap());
        let rendered = render(&root, &relative);
        let name = snapshot_name(&relative);
        settings.set_input_file(path);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name.clone(), rendered));
        }));
        if outcome.is_err() {
            failed.push(relative);
        }
    }
    assert!(
        failed.is_empty(),
        "extraction output changed for {} of {} documents (review with `cargo insta review`):\n  {}",
        failed.len(),
        files.len(),
        failed.join("\n  ")
    );
}

#[test]
fn snapshot_names_are_flat_and_stable() {
    assert_eq!(
        snapshot_name("fixtures/extract/indicators/simplified.txt"),
        "fixtures__extract__indicators__simplified"
    );
    assert_eq!(
        snapshot_name("seeds/004_1cc896fb872a0a73.txt"),
        "seeds__004_1cc896fb872a0a73"
    );
}
