//! Runs the policies case table, `fixtures/cases/policies.toml` (issue 6), the fixture
//! documents of `fixtures/extract/policies/`, and measures the extractor against the gold
//! files in `../shared/gold` (printed, never asserted).

use std::sync::LazyLock;

use serde::Deserialize;
use zhextract::pipeline::Pipeline;

use crate::cases_organizations::gold;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(gold::pipeline);

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
    crate::case_table::check_all("policies", found);
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

#[test]
#[ignore = "prints every policy and organization of the seeds for review"]
fn seed_listing() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(seeds)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        let analyzed = gold::analyze(&PIPELINE, &path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let line = |span| analyzed.segmented.doc.map.to_source(span).line_start;
        for org in &analyzed.mentions.organizations {
            println!(
                "ORG {name}:{} {} {} {}",
                line(org.span),
                org.name,
                org.org_type.as_str(),
                org.rule
            );
        }
        for policy in &analyzed.mentions.policies {
            let text = &analyzed.segmented.text()[policy.span];
            let issuer = policy.issuer.as_deref().unwrap_or("-");
            let date = policy.date.map_or("-", |d| {
                &analyzed.segmented.text()[analyzed.mentions.dates[d.0].span]
            });
            println!(
                "POL {name}:{} {text} | {} {} {} issuer={issuer} date={date}",
                line(policy.span),
                policy.title,
                policy.policy_type.as_str(),
                policy.rule
            );
        }
    }
}

#[test]
fn fixture_documents_in_both_scripts_give_the_same_policies() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/extract/policies"
    ));
    let policies = |file: &str| -> Vec<(String, String, Option<String>)> {
        let analyzed = gold::analyze(&PIPELINE, &dir.join(file));
        let policies = &analyzed.mentions.policies;
        policies
            .iter()
            .map(|p| {
                (
                    p.title.clone(),
                    p.policy_type.as_str().to_string(),
                    p.issuer.clone(),
                )
            })
            .collect()
    };
    let simplified = policies("notice_simplified.txt");
    let typed: Vec<(&str, &str)> = simplified
        .iter()
        .map(|(title, kind, _)| (title.as_str(), kind.as_str()))
        .collect();
    let expected = [
        (
            "中共中央 国务院关于支持深圳建设中国特色社会主义先行示范区的意见",
            "opinion",
        ),
        ("深圳市促进科技创新若干措施（试行）", "measures"),
        ("18号文件", "document"),
        ("深府〔2020〕15号", "document"),
        ("工业上楼计划", "plan"),
        ("工业上楼", "initiative"),
        ("培育壮大市场主体30条", "measures"),
        ("三免两减半", "initiative"),
        ("深圳市科技创新条例", "regulation"),
    ];
    assert_eq!(typed, expected);
    assert_eq!(simplified[0].2.as_deref(), Some("中共中央、国务院"));
    assert_eq!(simplified, policies("notice_traditional.txt"));
}
