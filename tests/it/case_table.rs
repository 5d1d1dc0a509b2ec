//! The shape shared by the case tables `fixtures/cases/<name>.toml`: `[[case]]` entries,
//! each a `name`, an `input` text and the mentions it must `expect`. Each `cases_*` file
//! brings its own `Expected` type and comparison; loading and reporting live here once.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// A whole case table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table<E> {
    case: Vec<Case<E>>,
}

/// One case: an input text and every mention expected in it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case<E> {
    pub name: String,
    pub input: String,
    pub expect: Vec<E>,
}

/// The cases of `fixtures/cases/<name>.toml`; panics naming the file when it is unreadable
/// or malformed.
pub fn load<E: DeserializeOwned>(name: &str) -> Vec<Case<E>> {
    let path = format!("{}/fixtures/cases/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let table: Table<E> =
        toml::from_str(&text).unwrap_or_else(|error| panic!("{path}: invalid case table: {error}"));
    table.case
}

/// Runs every case of `fixtures/cases/<name>.toml` through `found` (which shapes what the
/// extractor finds like the expectations it is given) and fails listing every case whose
/// result differs.
pub fn check_all<E>(name: &str, found: impl Fn(&str, &[E]) -> Vec<E>)
where
    E: DeserializeOwned + PartialEq + Debug,
{
    let cases = load::<E>(name);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let got = found(&case.input, &case.expect);
            (got != case.expect).then(|| {
                format!(
                    "{}: {}\n  expected {:?}\n  found    {:?}",
                    case.name, case.input, case.expect, got
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
