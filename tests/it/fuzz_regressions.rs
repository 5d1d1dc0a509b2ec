//! Replays the fuzz targets' inputs in the ordinary test suite (rust-lang/regex
//! `tests/fuzz` style): every file under `fuzz/regressions/<target>/` is a crash (or
//! slow) input a fuzzer found, kept after the fix and run through the very checks of
//! `fuzz/src/checks.rs` (compiled here by path). Unfixed ones wait in
//! `fuzz/regressions/open/<target>/`, replayed by an ignored test. The bad-input fixtures
//! and generated text go through the same checks as a smoke test of the harness itself.

use std::path::Path;

use zhextract::extract::MentionKind;

#[path = "../../fuzz/src/checks.rs"]
mod checks;

use super::bad_input::{good_text, long_numbers, repeated_patterns, root};

/// The check a fuzz target runs on one input.
type Check = fn(&[u8]);

/// The fuzz targets and the check each runs.
const TARGETS: &[(&str, Check)] = &[
    ("decode_normalize", checks::decode_normalize),
    ("extract_dates", |data| {
        checks::extract_bytes(MentionKind::Date, data);
    }),
    ("extract_indicators", |data| {
        checks::extract_bytes(MentionKind::Indicator, data);
    }),
    ("extract_organizations", |data| {
        checks::extract_bytes(MentionKind::Organization, data);
    }),
    ("extract_policies", |data| {
        checks::extract_bytes(MentionKind::Policy, data);
    }),
];

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file() && path.extension().is_none_or(|ext| ext != "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn kept_fuzz_inputs_pass_their_checks() {
    let regressions = root().join("fuzz/regressions");
    let mut replayed = 0;
    for (target, check) in TARGETS {
        for file in files_in(&regressions.join(target)) {
            eprintln!("replaying {target} {}", file.display());
            check(&std::fs::read(&file).unwrap());
            replayed += 1;
        }
    }
    eprintln!("{replayed} kept fuzz inputs replayed");
}

/// Crash inputs whose bug is not fixed yet live in `fuzz/regressions/open/<target>/`
/// (see the README there). Run this after a fix, then move the files up to
/// `fuzz/regressions/<target>/` so `cargo test` replays them for good.
#[test]
#[ignore = "open fuzz crashes (bugs reported, not fixed yet): run with --ignored after a fix"]
fn open_fuzz_crashes_are_fixed() {
    let open = root().join("fuzz/regressions/open");
    for (target, check) in TARGETS {
        for file in files_in(&open.join(target)) {
            eprintln!("replaying open {target} {}", file.display());
            check(&std::fs::read(&file).unwrap());
        }
    }
}

#[test]
fn the_fuzz_checks_pass_on_the_bad_fixtures_and_generated_text() {
    for file in files_in(&root().join("fixtures/bad")) {
        checks::decode_normalize(&std::fs::read(&file).unwrap());
    }
    let mut texts: Vec<String> = (0..4).map(good_text).collect();
    texts.extend(repeated_patterns(50));
    texts.push(long_numbers(300));
    for text in &texts {
        checks::decode_normalize(text.as_bytes());
        for kind in MentionKind::ALL {
            checks::extract_text(kind, text);
        }
    }
}
