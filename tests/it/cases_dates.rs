//! Runs the dates case table, `fixtures/cases/dates.toml` (issue 4): every `[[case]]`
//! lists all date mentions of its input; every `[[document_date]]` the document's date.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;
use zhextract::extract::dates::{find_document_date, DateExtractor};
use zhextract::extract::{ExtractContext, Extractor, Mentions};
use zhextract::rules::Rules;
use zhextract::segment::{segment_plain, WordSegmenter};

static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    case: Vec<Case>,
    document_date: Vec<DocumentDateCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    input: String,
    reference: Option<NaiveDate>,
    expect: Vec<Expected>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Expected {
    text: String,
    start: String,
    end: String,
    granularity: String,
    rule: Option<String>,
    relative: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentDateCase {
    name: String,
    input: String,
    expect: String,
}

fn table() -> Table {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/cases/dates.toml");
    let text = std::fs::read_to_string(path).expect("case table");
    toml::from_str(&text).expect("valid case table")
}

fn iso(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "-".to_string(), |date| date.to_string())
}

/// What the extractor found, shaped like the expectation (optional fields filled in
/// only where the case asks for them).
fn found(case: &Case, extractor: &DateExtractor) -> Vec<Expected> {
    let doc = segment_plain(&case.input, &WORDS);
    let context = ExtractContext {
        reference_date: case.reference,
    };
    let mut mentions = Mentions::default();
    extractor.extract(&doc, &context, &mut mentions);
    mentions
        .dates
        .iter()
        .enumerate()
        .map(|(index, date)| {
            let asked = case.expect.get(index);
            Expected {
                text: case.input[date.span.range()].to_string(),
                start: iso(date.start),
                end: iso(date.end),
                granularity: date.granularity.as_str().to_string(),
                rule: asked
                    .and_then(|e| e.rule.as_ref())
                    .map(|_| date.rule.to_string()),
                relative: asked.and_then(|e| e.relative).map(|_| date.relative),
            }
        })
        .collect()
}

#[test]
fn date_cases() {
    let extractor = DateExtractor::new(&Rules::embedded().expect("rules"));
    let cases = table().case;
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let found = found(case, &extractor);
            (found != case.expect).then(|| {
                format!(
                    "{}: {:?}\n  expected {:?}\n  found    {:?}",
                    case.name, case.input, case.expect, found
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn document_date_cases() {
    for case in table().document_date {
        let doc = segment_plain(&case.input, &WORDS);
        assert_eq!(iso(find_document_date(&doc)), case.expect, "{}", case.name);
    }
}
