//! Unit tests of the combined extractor, and helpers the rule tests share.

use std::sync::LazyLock;

use super::*;
use crate::extract::dates::DateExtractor;
use crate::extract::organizations::OrganizationExtractor;
use crate::segment::{segment_plain, WordSegmenter};

static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::embedded().unwrap());
static WORDS: LazyLock<WordSegmenter> =
    LazyLock::new(|| WordSegmenter::new(RULES.organizations.dictionary_words()));

/// Runs dates, organizations and policies as the registry does.
fn run(text: &str) -> (Segmented, Mentions) {
    run_segmented(segment_plain(text, &WORDS))
}

/// The policies of a normalized document, as (title, type, rule).
pub(super) fn extract_doc(
    doc: crate::normalize::NormalizedDoc,
) -> Vec<(String, &'static str, &'static str)> {
    run_segmented(crate::segment::segment(doc, &WORDS))
        .1
        .policies
        .into_iter()
        .map(|policy| (policy.title, policy.policy_type.as_str(), policy.rule))
        .collect()
}

/// Runs dates, organizations and policies on a segmented document.
fn run_segmented(doc: Segmented) -> (Segmented, Mentions) {
    let mut found = Mentions::default();
    let context = ExtractContext::default();
    DateExtractor::new(&RULES).extract(&doc, &context, &mut found);
    OrganizationExtractor::new(&RULES).extract(&doc, &context, &mut found);
    PolicyExtractor::new(&RULES).extract(&doc, &context, &mut found);
    (doc, found)
}

/// The policies found, as (title, type, rule).
pub(super) fn extract(text: &str) -> Vec<(String, &'static str, &'static str)> {
    run(text)
        .1
        .policies
        .into_iter()
        .map(|policy| (policy.title, policy.policy_type.as_str(), policy.rule))
        .collect()
}

/// The issuers of the policies found.
pub(super) fn extract_issuers(text: &str) -> Vec<Option<String>> {
    run(text)
        .1
        .policies
        .into_iter()
        .map(|policy| policy.issuer)
        .collect()
}

#[test]
fn spans_include_the_marks_and_titles_do_not() {
    let (doc, found) = run("落实《粤港澳大湾区发展规划纲要》和“工业上楼”计划。");
    let texts: Vec<&str> = found.policies.iter().map(|p| &doc.text()[p.span]).collect();
    assert_eq!(texts, ["《粤港澳大湾区发展规划纲要》", "“工业上楼”计划"]);
    assert_eq!(found.policies[0].title, "粤港澳大湾区发展规划纲要");
}

#[test]
fn a_quote_inside_a_title_is_one_mention() {
    let found = extract("积极落实《杭州“创新创业新天堂”行动实施方案》。");
    assert_eq!(
        found,
        [(
            "杭州“创新创业新天堂”行动实施方案".to_string(),
            "plan",
            RULE_TITLE
        )]
    );
}

#[test]
fn later_quotes_of_a_known_programme_are_initiatives() {
    let text = "按照“工业上楼”标准建设。深圳推出“工业上楼”计划。“工业上楼”新项目开工。";
    let found = extract(text);
    let expected = [
        ("工业上楼".to_string(), "initiative", RULE_REPEAT),
        ("工业上楼计划".to_string(), "plan", RULE_PROGRAMME),
        ("工业上楼".to_string(), "initiative", RULE_REPEAT),
    ];
    assert_eq!(found, expected);
}

#[test]
fn issue_date_of_the_same_clause() {
    let (doc, found) = run("2019年8月，国务院发布《关于推动高质量发展的意见》。");
    let date = found.policies[0].date.expect("linked date");
    assert_eq!(&doc.text()[found.dates[date.0].span], "2019年8月");
}

#[test]
fn clean_title_drops_pdf_spaces_only() {
    assert_eq!(clean_title("培育壮大市场主体30 条"), "培育壮大市场主体30条");
    assert_eq!(
        clean_title("Made in  China 2025 计划"),
        "Made in China 2025计划"
    );
}

#[test]
fn a_bracketed_date_longer_than_the_issue_verb_window_gives_no_date() {
    // Fuzz crash 1c52d7e2: the date after the title ends past the window that is searched
    // for an issue verb; the clause between them is empty, not a backwards slice.
    let (_, found) = run("《深圳市科技创新规划》（2019年12月31日）。");
    assert_eq!(found.policies.len(), 1);
    assert_eq!(found.policies[0].date, None);
}
