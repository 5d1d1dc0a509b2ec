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

/// The fixture documents through the whole pipeline (ingest, normalize with OpenCC,
/// segment, extract): each date as `line source_text start..end granularity`.
fn fixture_dates(name: &str) -> (Option<NaiveDate>, Vec<String>) {
    use zhextract::ingest::{self, InputFile};
    use zhextract::pipeline::{Pipeline, PipelineConfig};

    let path = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/extract/dates"
    ))
    .join(name);
    let input = InputFile {
        doc_id: name.to_string(),
        path,
    };
    let bytes = ingest::read_bytes(&input, 1 << 20).expect("fixture");
    let source = ingest::decode_document(&input, &bytes).expect("decodable fixture");
    let pipeline = Pipeline::new(
        PipelineConfig::default(),
        &Rules::embedded().expect("rules"),
    )
    .expect("pipeline");
    let analyzed = pipeline.analyze(&source);
    let rows = analyzed
        .mentions
        .dates
        .iter()
        .map(|date| {
            let at = analyzed.segmented.doc.map.to_source(date.span);
            let range = usize::try_from(at.byte_start).expect("offset")
                ..usize::try_from(at.byte_end).expect("offset");
            let source_text = String::from_utf8_lossy(&bytes[range]);
            let granularity = date.granularity.as_str();
            format!(
                "{} {source_text} {}..{} {granularity}",
                at.line_start,
                iso(date.start),
                iso(date.end)
            )
        })
        .collect();
    (analyzed.doc_date, rows)
}

#[test]
fn simplified_fixture_document() {
    let (doc_date, rows) = fixture_dates("brief_simplified.txt");
    assert_eq!(doc_date, NaiveDate::from_ymd_opt(2023, 12, 8));
    assert_eq!(
        rows,
        [
            "7 2023 年 12 月 8 日 2023-12-08..2023-12-08 day",
            "9 今年前三季度 2023-01-01..2023-09-30 quarter",
            "11 今年前三季度 2023-01-01..2023-09-30 quarter",
            "11 一季度 2023-01-01..2023-03-31 quarter",
            "11 上半年 2023-01-01..2023-06-30 quarter",
            "11 去年 2022-01-01..2022-12-31 year",
            "13 十四五 2021-01-01..2025-12-31 multi_year",
            "13 2021年至2022年 2021-01-01..2022-12-31 multi_year",
            "13 2022 年底 2022-12-01..2022-12-31 month",
            "15 20世纪80年代 1980-01-01..1989-12-31 decade",
            "15 1993—2000年 1993-01-01..2000-12-31 multi_year",
            "15 2001年7月 2001-07-01..2001-07-31 month",
            "15 12月1日 2001-12-01..2001-12-01 day",
            // PDF spacing and a hard line wrap inside dates: one mention each, spanning
            // the original bytes.
            "15 20 0 0年 2000-01-01..2000-12-31 year",
            "15 2018年到\n2020年 2018-01-01..2020-12-31 multi_year",
            "18 2025 年 2025-01-01..2025-12-31 year",
            "18 明年一季度 2024-01-01..2024-03-31 quarter",
            "18 近五年 2018-01-01..2022-12-31 multi_year",
        ]
    );
}

#[test]
fn traditional_fixture_document() {
    let (doc_date, rows) = fixture_dates("news_traditional.txt");
    assert_eq!(doc_date, NaiveDate::from_ymd_opt(2024, 3, 18));
    assert_eq!(
        rows,
        [
            "3 2024.3.18 2024-03-18..2024-03-18 day",
            "4 2019年 2019-01-01..2019-12-31 year",
            "4 同年10月 2019-10-01..2019-10-31 month",
            "5 民國113年 2024-01-01..2024-12-31 year",
            "6 今年1—2月 2024-01-01..2024-02-29 month",
            "6 去年第四季度 2023-10-01..2023-12-31 quarter",
            "7 上世紀90年代 1990-01-01..1999-12-31 decade",
            "7 21世紀 2001-01-01..2100-12-31 century",
            "8 九五 1996-01-01..2000-12-31 multi_year",
        ]
    );
}
