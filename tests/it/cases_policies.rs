//! Runs the policies case table, `fixtures/cases/policies.toml` (issue 6), the fixture
//! documents of `fixtures/extract/policies/`, and measures the extractor against the gold
//! files in `../shared/gold` (printed, never asserted).

use std::sync::LazyLock;

use serde::Deserialize;
use zhextract::pipeline::Pipeline;

use crate::cases_organizations::gold;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(gold::pipeline);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    input: String,
    expect: Vec<Expected>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Expected {
    text: String,
    title: String,
    policy_type: String,
    rule: Option<String>,
    issuer: Option<String>,
    date: Option<String>,
}

/// What the pipeline finds in `text`, shaped like the expectations (rule, issuer and date
/// only where the case gives them).
fn found(text: &str, asked: &[Expected]) -> Vec<Expected> {
    let analyzed = PIPELINE.analyze_plain(text);
    let normalized = analyzed.segmented.text();
    analyzed
        .mentions
        .policies
        .iter()
        .enumerate()
        .map(|(index, policy)| {
            let case = asked.get(index);
            let date = policy
                .date
                .map(|date| normalized[analyzed.mentions.dates[date.0].span].to_string());
            Expected {
                text: normalized[policy.span].to_string(),
                title: policy.title.clone(),
                policy_type: policy.policy_type.as_str().to_string(),
                rule: case
                    .and_then(|e| e.rule.as_ref())
                    .map(|_| policy.rule.to_string()),
                issuer: case
                    .and_then(|e| e.issuer.as_ref())
                    .and(policy.issuer.clone()),
                date: case.and_then(|e| e.date.as_ref()).and(date),
            }
        })
        .collect()
}

#[test]
fn case_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/cases/policies.toml");
    let table: Table =
        toml::from_str(&std::fs::read_to_string(path).expect("case table")).expect("valid table");
    let mut failures = Vec::new();
    for case in &table.case {
        let got = found(&case.input, &case.expect);
        if got != case.expect {
            failures.push(format!(
                "{}: {}\n  expected {:?}\n  found    {:?}",
                case.name, case.input, case.expect, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        table.case.len(),
        failures.join("\n")
    );
}

#[test]
fn gold_scores() {
    let Some(docs) = gold::load() else {
        return;
    };
    let mut score = gold::Score::default();
    for doc in &docs {
        let analyzed = gold::analyze(&PIPELINE, &doc.path);
        let predicted: Vec<gold::Predicted> = analyzed
            .mentions
            .policies
            .iter()
            .map(|p| gold::Predicted::new(&analyzed, p.span, &p.title, p.policy_type.as_str()))
            .collect();
        score.add(&doc.score("policy", &predicted, "title", "policy_type"));
    }
    println!("policies: {}", score.report());
    score.print_errors();
}
