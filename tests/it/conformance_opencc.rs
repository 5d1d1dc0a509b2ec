//! OpenCC conformance: OpenCC's own test cases, run through our pure-Rust converter.
//!
//! The cases (`../shared/conformance/opencc/cases.jsonl`, one `{id, config, input,
//! expected}` object per line, flattened from OpenCC's `test/testcases/testcases.json`)
//! live outside the repository and are never copied in; without them the test prints a
//! notice and passes. Only configurations we ship (→ Simplified) are run. The expected
//! pass counts are a regression guard: they are what the converter achieves today.

// "OpenCC" is a proper name in this file's prose, not an identifier to backtick.
#![allow(clippy::doc_markdown)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use zhextract::normalize::opencc::{OpenccConfig, OpenccConverter};
use zhextract::normalize::script::ScriptConverter;

/// Cases passed per configuration (out of all cases for it): every one.
const EXPECTED_PASSES: &[(OpenccConfig, usize, usize)] = &[
    (OpenccConfig::T2s, 55, 55),
    (OpenccConfig::Tw2s, 32, 32),
    (OpenccConfig::Hk2s, 21, 21),
    (OpenccConfig::Tw2sp, 54, 54),
    (OpenccConfig::Hk2sp, 9, 9),
];

#[derive(serde::Deserialize)]
struct Case {
    id: String,
    config: String,
    input: String,
    expected: String,
}

fn cases_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/opencc/cases.jsonl")
}

#[derive(Default)]
struct Tally {
    passed: usize,
    total: usize,
    failures: Vec<String>,
}

#[test]
fn opencc_test_cases() {
    let path = cases_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "skipping: ../shared/conformance not found ({})",
            path.display()
        );
        return;
    };
    let converters: BTreeMap<&str, OpenccConverter> = OpenccConfig::ALL
        .into_iter()
        .map(|config| (config.as_str(), OpenccConverter::new(config)))
        .collect();
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for (number, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let case: Case = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), number + 1));
        let Some((&name, converter)) = converters.get_key_value(case.config.as_str()) else {
            continue;
        };
        let tally = tallies.entry(name).or_default();
        let got = converter.convert(&case.input);
        tally.total += 1;
        if got == case.expected {
            tally.passed += 1;
        } else {
            tally.failures.push(format!(
                "  {} [{}]\n    input:    {}\n    expected: {}\n    got:      {}",
                case.id, case.config, case.input, case.expected, got
            ));
        }
    }
    let (mut passed, mut total) = (0, 0);
    for (config, tally) in &tallies {
        println!("opencc {config}: {}/{} passed", tally.passed, tally.total);
        for failure in &tally.failures {
            println!("{failure}");
        }
        passed += tally.passed;
        total += tally.total;
    }
    println!("opencc overall: {passed}/{total} passed");
    for &(config, expected_passed, expected_total) in EXPECTED_PASSES {
        let tally = &tallies[config.as_str()];
        assert_eq!(
            (tally.passed, tally.total),
            (expected_passed, expected_total),
            "{config}: pass count changed"
        );
    }
}
