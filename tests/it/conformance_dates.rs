//! Conformance of the dates extractor with public test data (issue 4), printed as pass
//! rates and held by regression floors:
//!
//! * Recognizers-Text Chinese DateTime specs (`../shared/conformance/recognizers-text/
//!   DateTime/Chinese/`): `DateExtractor.json` and `DatePeriodExtractor.json` (spans),
//!   `DateParser.json` and `DatePeriodParser.json` (values, with `Context.ReferenceDateTime`);
//! * Duckling ZH `Time` examples that hold a year, or a month and a day
//!   (`duckling/zh_corpus.jsonl`, reference 2013-02-12).
//!
//! The data is read in place (never copied into the project); without
//! `../shared/conformance` the tests print a notice and pass.
//!
//! # What is in scope ([`out_of_scope`])
//!
//! Cases are skipped when their input holds something this extractor deliberately does not
//! handle in policy text: weekdays and weeks (`星期一`, `下周`), times of day (`早上`,
//! `20:00`), day-relative words (`明天`, `大前天`, `最近`), the lunar calendar and holidays
//! (`农历`, `正月`, `初一`, `大年`), seasons (`夏天`), regnal eras (`康熙`, `雍正`, `神龙`),
//! relative counted units (`前1周`, `下1天`, `上2个月`, `后1年`, `未来两天`, `前两年`,
//! `三年后`, `今个月`, `下个月20号`), years written last or as two digits first
//! (`1/2/2020`, `3-7-27`, `05/05/89`), dates without a year or month written with
//! separators (`12/1`, `2/15`), `2010 01 29` (spaces as separators), years below 1000
//! (`789年`, `三六七年`), a day without a month (`29日`, `12号`), `本月十日` and
//! `之后…之前` ranges, and invalid or leap days (`2月30日`, `2月29日`: upstream tests its
//! invalid-date handling there).
//!
//! # How results are compared
//!
//! * Inputs and expected texts are normalized as the pipeline normalizes (width folding,
//!   Traditional → Simplified, PDF spacing) and compared as texts, in order; a leading
//!   `从`/`在` of an expected range is dropped (our spans hold the date only).
//! * Values: an expected `date` is a one-day interval; an expected `startDate`/`endDate`
//!   range has an exclusive end, so one day is taken off. For a range written with two
//!   ends (`2009 年 到 2010 年`, `一月十日到十二日`) upstream's end is the first day of the
//!   last unit named (2010-01-01, 01-12), where we include that unit in full, so the
//!   expected end becomes the last day of that year, month or day. A year-less date passes
//!   when it matches either upstream's past or future reading (we take the reference
//!   year). Upstream's rolling `近三年` (2014-03-22..2017-03-22) differs from our whole
//!   calendar years (2014..2016, the gold's convention): those cases fail by design.

#![expect(
    clippy::print_stdout,
    reason = "a conformance report prints its pass rates and failures"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::{Datelike, Months, NaiveDate};
use serde::Deserialize;
use serde_json::Value;
use zhextract::extract::dates::DateExtractor;
use zhextract::extract::{DateMention, ExtractContext, Extractor, Mentions};
use zhextract::normalize::normalize_fragment;
use zhextract::normalize::opencc::{OpenccConfig, OpenccConverter};
use zhextract::rules::Rules;
use zhextract::segment::{segment_plain, WordSegmenter};

static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));
static EXTRACTOR: LazyLock<DateExtractor> =
    LazyLock::new(|| DateExtractor::new(&Rules::embedded().expect("rules")));
static CONVERTER: LazyLock<OpenccConverter> =
    LazyLock::new(|| OpenccConverter::new(OpenccConfig::T2s));

/// Pass-rate floors (passed cases out of the in-scope ones): raise them as the
/// extractor improves, never lower them.
const FLOORS: &[(&str, usize)] = &[
    ("DateExtractor.json", 20),
    ("DatePeriodExtractor.json", 37),
    ("DateParser.json", 17),
    ("DatePeriodParser.json", 38),
    ("duckling", 31),
];

fn conformance_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/conformance"
    ));
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "notice: {} is absent; date conformance skipped",
            dir.display()
        );
        None
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Case {
    input: String,
    results: Vec<Value>,
    #[serde(default)]
    context: Option<CaseContext>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CaseContext {
    reference_date_time: String,
}

/// Substrings that put a case out of scope (see the module docs).
const OUT_OF_SCOPE: &[&str] = &[
    "星期",
    "礼拜",
    "禮拜",
    "周一",
    "周二",
    "周三",
    "周四",
    "周五",
    "周六",
    "周日",
    "週",
    "周末",
    "下周",
    "上周",
    "本周",
    "这周",
    "下下周",
    "第一周",
    "早上",
    "早晨",
    "凌晨",
    "晚上",
    "下午",
    "中午",
    ":",
    "今天",
    "明天",
    "昨天",
    "后天",
    "後天",
    "前天",
    "昨日",
    "最近",
    "农历",
    "正月",
    "初一",
    "大年",
    "春节",
    "夏天",
    "康熙",
    "雍正",
    "神龙",
    "前1周",
    "下1天",
    "上1月",
    "下1年",
    "上2个月",
    "后1年",
    "未来两天",
    "前两年",
    "前兩年",
    "两年前",
    "兩年前",
    "之前",
    "之後",
    "三年後",
    "下三年",
    "今个月",
    "今個月",
    "个月20",
    "個月20",
    "本月十日",
    "789年",
    "三六七年",
    "2010 01 29",
    "这一年",
    "這一年",
];

/// Whole inputs out of scope: upstream's tests of invalid and leap days without a year.
const OUT_OF_SCOPE_INPUTS: &[&str] = &["2月29日", "2月30日", "2019年2月29日"];

/// True when the case is outside what this extractor handles (see the module docs).
fn out_of_scope(input: &str) -> bool {
    static YEAR_LAST: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(^|[^\d./-])\d{1,2}[./-]\d{1,2}|(^|[^\d月到至~-])\d{1,2}[日号]")
            .expect("literal regex")
    });
    let folded: String = input.chars().map(fold_width).collect();
    OUT_OF_SCOPE.iter().any(|word| folded.contains(word))
        || OUT_OF_SCOPE_INPUTS.contains(&folded.as_str())
        || YEAR_LAST.is_match(&folded)
}

/// Full-width ASCII to half-width, for the scope filter.
fn fold_width(ch: char) -> char {
    match ch {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        _ => ch,
    }
}

fn normalize(text: &str) -> String {
    normalize_fragment(text, &*CONVERTER)
}

/// The date mentions of `text` (already normalized).
fn extract(text: &str, reference: Option<NaiveDate>) -> Vec<DateMention> {
    let doc = segment_plain(text, &WORDS);
    let mut found = Mentions::default();
    EXTRACTOR.extract(
        &doc,
        &ExtractContext {
            reference_date: reference,
        },
        &mut found,
    );
    found.dates
}

/// An expected span text, normalized, without a leading `从`/`在`.
fn expected_text(result: &Value) -> String {
    let text = normalize(result["Text"].as_str().unwrap_or_default());
    text.trim_start_matches(['从', '在']).to_string()
}

fn reference_of(case: &Case) -> Option<NaiveDate> {
    let stamp = &case.context.as_ref()?.reference_date_time;
    NaiveDate::parse_from_str(stamp.get(..10)?, "%Y-%m-%d").ok()
}

/// Pass/total per file.
#[derive(Default)]
struct Tally {
    passed: usize,
    total: usize,
    out_of_scope: usize,
    failures: Vec<String>,
}

fn run_file(dir: &Path, name: &str, with_values: bool) -> Tally {
    let path = dir.join("recognizers-text/DateTime/Chinese").join(name);
    let cases: Vec<Case> =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("spec file"))
            .expect("valid spec file");
    let mut tally = Tally {
        out_of_scope: cases
            .iter()
            .filter(|case| out_of_scope(&case.input))
            .count(),
        ..Tally::default()
    };
    for case in cases.iter().filter(|case| !out_of_scope(&case.input)) {
        tally.total += 1;
        let input = normalize(&case.input);
        let found = extract(
            &input,
            reference_of(case).or(NaiveDate::from_ymd_opt(2017, 3, 22)),
        );
        let texts: Vec<String> = found
            .iter()
            .map(|m| input[m.span.range()].to_string())
            .collect();
        let expected: Vec<String> = case.results.iter().map(expected_text).collect();
        let values_ok = !with_values
            || case
                .results
                .iter()
                .zip(&found)
                .all(|(result, mention)| value_matches(result, mention));
        if texts == expected && values_ok {
            tally.passed += 1;
        } else {
            let got: Vec<String> = found
                .iter()
                .zip(&texts)
                .map(|(m, text)| format!("{text}={}..{}", show(m.start), show(m.end)))
                .collect();
            tally.failures.push(format!(
                "{:?}: expected {expected:?} got {got:?}",
                case.input
            ));
        }
    }
    tally
}

fn show(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "-".to_string(), |d| d.to_string())
}

/// True when `mention`'s interval is upstream's past or future resolution.
fn value_matches(result: &Value, mention: &DateMention) -> bool {
    let value = &result["Value"];
    let text = result["Text"].as_str().unwrap_or_default();
    let last_unit = value["Timex"]
        .as_str()
        .and_then(|timex| written_range_unit(timex, text));
    ["FutureResolution", "PastResolution"]
        .iter()
        .any(|key| expected_interval(&value[*key], last_unit) == Some((mention.start, mention.end)))
}

/// For a range written with two ends (`2016年到2018年`, `一月十日到十二日`), the unit of
/// upstream's duration (`Y`, `M`, `D`): upstream's `endDate` is then the first day of the
/// last unit named, which we include in full. `None` for other ranges (`20世纪80年代`),
/// whose `endDate` is simply exclusive.
fn written_range_unit(timex: &str, text: &str) -> Option<char> {
    let written = text.contains(['到', '至', '-', '—', '~', '与', '和']);
    let unit = timex
        .strip_prefix('(')?
        .strip_suffix(')')?
        .chars()
        .next_back()?;
    written.then_some(unit)
}

fn expected_interval(
    resolution: &Value,
    last_unit: Option<char>,
) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let date = |key: &str| NaiveDate::parse_from_str(resolution[key].as_str()?, "%Y-%m-%d").ok();
    if let Some(day) = date("date") {
        return Some((Some(day), Some(day)));
    }
    let (start, end) = (date("startDate")?, date("endDate")?);
    let end = match last_unit {
        Some('Y') => NaiveDate::from_ymd_opt(end.year(), 12, 31)?,
        Some('M') => end.checked_add_months(Months::new(1))?.pred_opt()?,
        Some('D') => end,
        _ => end.pred_opt()?,
    };
    Some((Some(start), Some(end)))
}

fn report(name: &str, tally: &Tally) {
    let rate = if tally.total == 0 {
        0.0
    } else {
        100.0 * tally.passed as f64 / tally.total as f64
    };
    println!(
        "{name}: {}/{} in-scope cases pass ({rate:.1}%); {} out of scope",
        tally.passed, tally.total, tally.out_of_scope
    );
    for failure in &tally.failures {
        println!("  FAIL {failure}");
    }
}

fn floor(name: &str) -> usize {
    FLOORS
        .iter()
        .find(|(file, _)| *file == name)
        .map_or(0, |(_, floor)| *floor)
}

#[test]
fn recognizers_text_date_specs() {
    let Some(dir) = conformance_dir() else { return };
    let files = [
        ("DateExtractor.json", false),
        ("DatePeriodExtractor.json", false),
        ("DateParser.json", true),
        ("DatePeriodParser.json", true),
    ];
    let (mut passed, mut total) = (0, 0);
    let mut below = Vec::new();
    for (name, with_values) in files {
        let tally = run_file(&dir, name, with_values);
        report(name, &tally);
        passed += tally.passed;
        total += tally.total;
        if tally.passed < floor(name) {
            below.push(format!("{name}: {} < floor {}", tally.passed, floor(name)));
        }
    }
    println!("Recognizers-Text dates overall: {passed}/{total}");
    assert!(
        below.is_empty(),
        "pass counts fell below their floors: {below:?}"
    );
}

#[derive(Deserialize)]
struct DucklingExample {
    dimension: String,
    locale: String,
    input: String,
    expected: Value,
}

/// The interval Duckling expects, inclusive, with its grain as our granularity name.
fn duckling_interval(expected: &Value) -> Option<(NaiveDate, NaiveDate, &'static str)> {
    let start =
        NaiveDate::parse_from_str(expected["value"].as_str()?.get(..10)?, "%Y-%m-%d").ok()?;
    let (end, grain) = match expected["grain"].as_str()? {
        "day" => (start, "day"),
        "month" => (
            start.checked_add_months(Months::new(1))?.pred_opt()?,
            "month",
        ),
        "year" => (NaiveDate::from_ymd_opt(start.year(), 12, 31)?, "year"),
        _ => return None,
    };
    Some((start, end, grain))
}

#[test]
fn duckling_time_examples() {
    static SCOPE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"年|月.*[日号號]").expect("literal regex"));
    let Some(dir) = conformance_dir() else { return };
    let text = std::fs::read_to_string(dir.join("duckling/zh_corpus.jsonl")).expect("corpus");
    let reference = NaiveDate::from_ymd_opt(2013, 2, 12);
    let mut tally = Tally::default();
    let mut by_grain: BTreeMap<String, usize> = BTreeMap::new();
    for line in text.lines() {
        let example: DucklingExample = serde_json::from_str(line).expect("jsonl line");
        let in_scope = example.dimension == "Time"
            && example.locale == "ZH"
            && example.expected.get("holidayBeta").is_none()
            && SCOPE.is_match(&example.input)
            && !out_of_scope(&example.input);
        if !in_scope {
            let time = example.dimension == "Time" && example.locale == "ZH";
            tally.out_of_scope += usize::from(time);
            continue;
        }
        tally.total += 1;
        let input = normalize(&example.input);
        let found = extract(&input, reference);
        let expected = duckling_interval(&example.expected);
        let ok = matches!((found.as_slice(), expected), ([only], Some((start, end, grain)))
            if only.span.range() == (0..input.len())
                && only.start == Some(start)
                && only.end == Some(end)
                && only.granularity.as_str() == grain);
        if ok {
            tally.passed += 1;
            *by_grain
                .entry(expected.map_or("-", |e| e.2).to_string())
                .or_default() += 1;
        } else {
            let got: Vec<String> = found
                .iter()
                .map(|m| format!("{}..{}", show(m.start), show(m.end)))
                .collect();
            tally.failures.push(format!(
                "{:?}: expected {expected:?} got {got:?}",
                example.input
            ));
        }
    }
    report("duckling ZH Time (year or month+day)", &tally);
    println!("  passed by grain: {by_grain:?}");
    assert!(
        tally.passed >= floor("duckling"),
        "duckling pass count {} fell below its floor",
        tally.passed
    );
}

/// Gold `date` lines of one seed, measured on the seed's raw text segmented as it is
/// (no normalization: a stand-in until `zhextract eval` runs the whole pipeline). Prints
/// precision, recall and start/end accuracy; asserts nothing.
#[test]
fn gold_dates_on_raw_seed_text() {
    let gold_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gold"));
    let Ok(entries) = std::fs::read_dir(&gold_dir) else {
        println!(
            "notice: {} is absent; gold measurement skipped",
            gold_dir.display()
        );
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "jsonl") {
            score_gold_file(&path);
        }
    }
}

fn score_gold_file(path: &Path) {
    let text = std::fs::read_to_string(path).expect("gold file");
    let mut lines = text
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("gold line"));
    let Some(header) = lines.next() else { return };
    let seed = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
        .join(header["doc"].as_str().unwrap_or_default());
    let Ok(source) = std::fs::read_to_string(&seed) else {
        return;
    };
    let reference = header["doc_date"].as_str().and_then(|d| d.parse().ok());
    let gold: Vec<Value> = lines.filter(|g| g["kind"] == "date").collect();
    let found: Vec<(usize, String, DateMention)> = extract(&source, reference)
        .into_iter()
        .map(|m| {
            (
                source[..m.span.start()].matches('\n').count() + 1,
                source[m.span.range()].to_string(),
                m,
            )
        })
        .collect();
    let key = |g: &Value| {
        (
            g["line"].as_u64().unwrap_or(0) as usize,
            g["mention"]
                .as_str()
                .or(g["text"].as_str())
                .unwrap_or("")
                .to_string(),
        )
    };
    let (mut true_positives, mut value_ok, mut false_negatives) = (0, 0, Vec::new());
    for g in gold.iter().filter(|g| g["optional"] != true) {
        let (line, text) = key(g);
        match found.iter().find(|(l, t, _)| *l == line && *t == text) {
            Some((_, _, m)) => {
                true_positives += 1;
                let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string());
                if iso(m.start).as_deref() == g["start"].as_str()
                    && iso(m.end).as_deref() == g["end"].as_str()
                {
                    value_ok += 1;
                }
            }
            None => false_negatives.push(format!("{line}:{text}")),
        }
    }
    let false_positives: Vec<String> = found
        .iter()
        .filter(|(l, t, _)| !gold.iter().any(|g| key(g) == (*l, t.clone())))
        .map(|(l, t, _)| format!("{l}:{t}"))
        .collect();
    let precision = true_positives as f64 / (true_positives + false_positives.len()).max(1) as f64;
    let recall = true_positives as f64 / (true_positives + false_negatives.len()).max(1) as f64;
    println!(
        "gold {}: P {precision:.3} R {recall:.3} start/end accuracy {value_ok}/{true_positives}; FN {false_negatives:?} FP {false_positives:?}",
        path.display()
    );
}
