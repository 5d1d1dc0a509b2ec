//! Unit tests of the combined extractor, and helpers the signal tests share.

use std::sync::LazyLock;

use super::*;
use crate::segment::{segment_plain, WordSegmenter};

static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::embedded().unwrap());
static EXTRACTOR: LazyLock<OrganizationExtractor> =
    LazyLock::new(|| OrganizationExtractor::new(&RULES));
/// The pipeline's segmenter: gazetteer names in the user dictionary.
static WORDS: LazyLock<WordSegmenter> =
    LazyLock::new(|| WordSegmenter::new(RULES.organizations.dictionary_words()));
/// jieba's dictionary alone.
static PLAIN_WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));

fn names(doc: &Segmented, rule: &str) -> Vec<String> {
    let mut mentions = EXTRACTOR.signal_mentions(doc);
    mentions.retain(|mention| mention.rule == rule);
    mentions.dedup_by_key(|mention| mention.span);
    mentions.into_iter().map(|mention| mention.name).collect()
}

/// Names one signal finds, segmenting as the pipeline does.
pub(super) fn names_by_rule(text: &str, rule: &str) -> Vec<String> {
    names(&segment_plain(text, &WORDS), rule)
}

/// Names one signal finds with jieba's own dictionary only.
pub(super) fn plain_names_by_rule(text: &str, rule: &str) -> Vec<String> {
    names(&segment_plain(text, &PLAIN_WORDS), rule)
}

/// The extractor's output as (name, type, rule).
pub(super) fn extract(text: &str) -> Vec<(String, &'static str, &'static str)> {
    let doc = segment_plain(text, &WORDS);
    let mut found = Mentions::default();
    EXTRACTOR.extract(&doc, &ExtractContext::default(), &mut found);
    for mention in &found.organizations {
        assert_eq!(&doc.text()[mention.span].trim(), &&doc.text()[mention.span]);
    }
    found
        .organizations
        .into_iter()
        .map(|mention| (mention.name, mention.org_type.as_str(), mention.rule))
        .collect()
}

pub(super) fn extract_names(text: &str) -> Vec<String> {
    extract(text).into_iter().map(|(name, _, _)| name).collect()
}

#[test]
fn one_mention_per_span_longest_wins() {
    let found = extract("深圳市政府与北京大学签约共同打造北京大学深港（河套）科学创新中心。");
    let names: Vec<_> = found.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["深圳市政府", "北京大学", "北京大学深港（河套）科学创新中心"]
    );
    assert_eq!(found[0].1, "government");
    assert_eq!(found[1].1, "university");
    assert_eq!(found[2].1, "research_institute");
}

#[test]
fn gazetteer_type_wins_on_equal_spans() {
    let found = extract("国务院发展研究中心发布报告。");
    assert_eq!(
        found,
        [(
            "国务院发展研究中心".to_string(),
            "research_institute",
            RULE_GAZETTEER
        )]
    );
}

#[test]
fn two_gazetteer_names_in_one_word() {
    assert_eq!(
        extract_names("中共中央国务院印发意见。"),
        ["中共中央", "国务院"]
    );
}

#[test]
fn list_of_bodies_keeps_weak_items() {
    let found = extract_names("市发改委、文广新局、民政局，市科协、社科联、社会组织党委。");
    assert_eq!(
        found,
        [
            "市发改委",
            "文广新局",
            "民政局",
            "市科协",
            "社科联",
            "社会组织党委"
        ]
    );
}

#[test]
fn weak_names_alone_are_dropped() {
    assert!(extract_names("加强社会组织党委建设。").is_empty());
}

#[test]
fn generic_references_places_and_zones_are_not_names() {
    let text =
        "政府支持企业和高校，龙头企业落户深圳南山区高新区和坪山新能源汽车产业园，有关部门表示。";
    assert!(extract_names(text).is_empty(), "{:?}", extract_names(text));
}

#[test]
fn international_and_media() {
    let found = extract("加入世贸组织后，世界银行和中国新闻周刊都关注深圳。");
    let expected = [
        ("世贸组织".to_string(), "international", RULE_GAZETTEER),
        ("世界银行".to_string(), "international", RULE_GAZETTEER),
        ("中国新闻周刊".to_string(), "media", RULE_SUFFIX),
    ];
    assert_eq!(found, expected);
}

#[test]
fn names_carry_no_spaces() {
    let found = extract_names("TCL 公司和中兴通讯在深圳。");
    assert!(found.iter().all(|name| !name.contains(' ')), "{found:?}");
}

#[test]
fn a_bare_body_before_its_head_title_is_a_post_but_a_placed_body_is_a_body() {
    let found = extract_names("统计局局长出席，福田区统计局局长讲话，统计局发布数据。");
    assert_eq!(found, ["福田区统计局", "统计局"]);
    let found = extract_names("中国人民银行行长在会上表示。");
    assert_eq!(found, ["中国人民银行"]);
}

#[test]
fn two_known_names_apart_by_a_space_stay_two() {
    let found = extract_names("汕头市统计局　国家统计局汕头调查队");
    assert_eq!(found, ["汕头市统计局", "国家统计局汕头调查队"]);
}

#[test]
fn a_name_before_a_known_name_with_its_sub_unit_stays_apart() {
    let found = extract_names("汕头市统计局国家统计局汕头调查队联合发布。");
    assert_eq!(found, ["汕头市统计局", "国家统计局汕头调查队"]);
}

#[test]
fn coordinating_words_split_two_bodies() {
    let found = extract_names("由国家发展委员会会同内政部推动。");
    assert_eq!(found, ["国家发展委员会", "内政部"]);
}

#[test]
fn a_founding_word_and_a_bare_suffix_are_generic() {
    assert!(extract_names("推进公立医院改革，发展国立大学。").is_empty());
}

#[test]
fn founding_words_start_a_university_name() {
    let found = extract_names("台湾经济研究院及私立辅仁大学等机构。");
    assert_eq!(found, ["台湾经济研究院", "私立辅仁大学"]);
}

#[test]
fn level_names_after_a_distributive_word_are_generic() {
    let found = extract_names("各市政府和有关区政府要落实，各地级以上市人民政府抓好，市政府负责。");
    assert_eq!(found, ["市政府"]);
}
