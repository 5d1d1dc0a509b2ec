//! `zhextract eval`: the arithmetic checked by hand on a tiny gold file and a hand-made
//! dataset, through the library and through the command line. Also the helpers the other
//! regression-tool tests share: hand-made rows, datasets written from rows, the binary.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde_json::{json, Value};
use zhextract::evaluate::{self, locate::SourceText, Category, GoldFile};
use zhextract::ingest::{sha256_hex, InputFile};
use zhextract::pipeline::{Pipeline, PipelineConfig};
use zhextract::read::Dataset;
use zhextract::rules::Rules;
use zhextract::span::Span;
use zhextract::write::rows::{
    DateRow, DocRows, DocumentRow, IndicatorRow, OrganizationRow, PolicyRow, SpanColumns,
};
use zhextract::write::{DatasetWriter, InputEntry, Manifest, WriteOptions};

/// The crate root (fixtures/, seeds/).
pub(crate) fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One pipeline for the whole test binary (jieba and OpenCC load once).
pub(crate) static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| {
    Pipeline::new(PipelineConfig::default(), &Rules::embedded().unwrap()).unwrap()
});

/// Runs the `zhextract` binary; returns its output.
pub(crate) fn zhextract(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_zhextract"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Exit code and stdout of a run.
pub(crate) fn code_and_stdout(output: &Output) -> (i32, String) {
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// Writes a dataset of `docs` (absolute source path, rows) to `out`, the way `run` does but
/// without the validation gate (these tests are about the tools, not the extractors).
pub(crate) fn write_dataset(out: &Path, docs: Vec<(PathBuf, DocRows)>) {
    let mut manifest = Manifest::new("0.0.0-test", json!({"test": true}), "2024-01-01");
    let options = WriteOptions::default().with_provenance(&manifest.version, &manifest.config_hash);
    let mut writer = DatasetWriter::create(out, &options).unwrap();
    for (path, rows) in docs {
        let document = rows.document.clone().unwrap();
        manifest.inputs.push(InputEntry {
            doc_id: document.doc_id.clone(),
            source_path: document.source_path.clone(),
            absolute_path: std::path::absolute(&path).unwrap().display().to_string(),
            sha256: document.sha256.clone(),
            bytes: document.bytes,
            status: document.status.clone(),
        });
        writer.append(rows).unwrap();
    }
    writer.finish(manifest).unwrap().publish().unwrap();
}

/// Runs the in-process pipeline over `files` (relative doc ids under `root`) and writes the
/// dataset to `out`.
pub(crate) fn pipeline_dataset(root: &Path, files: &[&str], out: &Path) {
    let docs = files
        .iter()
        .map(|doc_id| {
            let path = root.join(doc_id);
            let input = InputFile {
                doc_id: (*doc_id).to_owned(),
                path: path.clone(),
            };
            (path, PIPELINE.process(&input))
        })
        .collect();
    write_dataset(out, docs);
}

/// Span columns for the `nth` (0-based) occurrence of `needle` in `text`.
pub(crate) fn span(doc_id: &str, text: &str, kind: &str, needle: &str, nth: usize) -> SpanColumns {
    let start = text.match_indices(needle).nth(nth).unwrap().0;
    let end = start + needle.len();
    let line = |byte: usize| 1 + text[..byte].matches('\n').count() as u32;
    SpanColumns {
        doc_id: doc_id.to_owned(),
        mention_id: format!("{doc_id}#{kind}:{start}-{end}"),
        sentence_id: 0,
        line_start: line(start),
        line_end: line(text[..end].char_indices().next_back().unwrap().0),
        byte_start: start as u64,
        byte_end: end as u64,
        source_text: needle.to_owned(),
        text: needle.replace(['\n', ' '], ""),
        rule: format!("test_{kind}"),
        span: Span::default(),
    }
}

/// A `documents` row for a UTF-8 text.
pub(crate) fn document(doc_id: &str, text: &str) -> DocumentRow {
    DocumentRow {
        doc_id: doc_id.to_owned(),
        source_path: format!("input/{doc_id}"),
        sha256: sha256_hex(text.as_bytes()),
        bytes: text.len() as u64,
        encoding: "UTF-8".to_owned(),
        script: "simplified".to_owned(),
        n_lines: text.lines().count() as u32,
        n_sentences: 0,
        doc_date: None,
        title: None,
        status: "ok".to_owned(),
        error: None,
        invalid_sequences: 0,
    }
}

pub(crate) fn indicator(
    span: SpanColumns,
    value: f64,
    unit: &str,
    subject: &str,
    measure: &str,
) -> IndicatorRow {
    IndicatorRow {
        span,
        value,
        value_high: None,
        unit: unit.to_owned(),
        unit_text: String::new(),
        qualifier: None,
        measure: measure.to_owned(),
        subject: Some(subject.to_owned()),
        date_mention_id: None,
        period_start: None,
        period_end: None,
    }
}

fn organization(span: SpanColumns, org_type: &str) -> OrganizationRow {
    OrganizationRow {
        name: span.text.clone(),
        span,
        org_type: org_type.to_owned(),
    }
}

fn date(span: SpanColumns, start: (i32, u32, u32), end: (i32, u32, u32)) -> DateRow {
    DateRow {
        span,
        start: NaiveDate::from_ymd_opt(start.0, start.1, start.2),
        end: NaiveDate::from_ymd_opt(end.0, end.1, end.2),
        granularity: "month".to_owned(),
        relative: false,
        reference_date: None,
    }
}

const DOC: &str = "2019年4月，全国GDP增长8.3%，投资1880亿元。\n\
                   国务院发布《关于促进发展的意见》。\n\
                   华为与腾讯合作。\n\
                   窗口外：增长9.9%。\n";

const GOLD: &str = r#"{"header": true, "doc": "a.txt", "windows": [[1, 3]], "doc_date": null}
{"kind": "date", "line": 1, "text": "2019年4月", "start": "2019-04-01", "end": "2019-04-30", "granularity": "month"}
{"kind": "indicator", "line": 1, "text": "8.3%", "value": 8.3, "unit": "percent", "subject": "全国GDP", "qualifier": null, "measure": "growth"}
{"kind": "indicator", "line": 1, "text": "1880亿元", "value": 188000000000.0, "unit": "CNY", "subject": "投资", "qualifier": null, "measure": "level"}
{"kind": "organization", "line": 2, "text": "国务院", "name": "国务院", "org_type": "government"}
{"kind": "policy", "line": 2, "text": "《关于促进发展的意见》", "title": "关于促进发展的意见", "policy_type": "opinion"}
{"kind": "organization", "line": 3, "text": "华为", "name": "华为", "org_type": "company"}
{"kind": "organization", "line": 3, "text": "腾讯", "name": "腾讯", "org_type": "company", "optional": true}
{"kind": "indicator", "line": 4, "text": "9.9%", "value": 9.9, "unit": "percent", "subject": null}
"#;

/// The hand-made predictions; the expected counts are worked out next to each row.
fn predicted_rows() -> DocRows {
    let a = "a.txt";
    let s = |kind, needle, nth| span(a, DOC, kind, needle, nth);
    DocRows {
        document: Some(document(a, DOC)),
        sentences: Vec::new(),
        dates: vec![
            // Exact, right values: tp.
            date(s("date", "2019年4月", 0), (2019, 4, 1), (2019, 4, 30)),
            // Inside the same gold date, which is taken (one-to-one): fp.
            date(s("date", "4月", 0), (2019, 4, 1), (2019, 4, 30)),
        ],
        indicators: vec![
            // Exact, right; subject "GDP" is contained in the gold one: tp.
            indicator(s("indicator", "8.3%", 0), 8.3, "percent", "GDP", "growth"),
            // Partial span and wrong value: tp, not exact, value wrong.
            indicator(s("indicator", "1880亿", 0), 1.88e10, "CNY", "投资", "level"),
            // Outside the windows: not counted.
            indicator(s("indicator", "9.9%", 0), 9.9, "percent", "增长", "growth"),
        ],
        organizations: vec![
            // Overlaps nothing in gold: fp.
            organization(s("organization", "全国", 0), "government"),
            // Exact, right: tp.
            organization(s("organization", "国务院", 0), "government"),
            // Name right, type wrong: tp, value right, org_type wrong.
            organization(s("organization", "华为", 0), "other"),
            // Overlaps only an optional gold mention: ignored.
            organization(s("organization", "腾讯", 0), "company"),
        ],
        policies: Vec::<PolicyRow>::new(),
    }
}

fn sorted(mut rows: DocRows) -> DocRows {
    rows.dates
        .sort_by_key(|r| (r.span.byte_start, r.span.byte_end));
    rows.indicators
        .sort_by_key(|r| (r.span.byte_start, r.span.byte_end));
    rows.organizations
        .sort_by_key(|r| (r.span.byte_start, r.span.byte_end));
    rows
}

/// Hand counts, per kind: (gold, predicted, ignored, tp, exact, value_right).
const EXPECTED: [(&str, [u64; 6]); 5] = [
    ("date", [1, 2, 0, 1, 1, 1]),
    ("indicator", [2, 2, 0, 2, 1, 1]),
    ("organization", [2, 3, 1, 2, 2, 2]),
    ("policy", [1, 0, 0, 0, 0, 0]),
    ("all", [6, 7, 1, 5, 4, 4]),
];

fn close(actual: Option<f64>, expected: f64) -> bool {
    actual.is_some_and(|a| (a - expected).abs() < 1e-9)
}

#[test]
fn counts_match_a_hand_count() {
    let gold = GoldFile::parse(GOLD, Path::new("a.jsonl")).unwrap();
    let source = SourceText::new(DOC.as_bytes()).unwrap();
    let score = evaluate::score_document(&gold, &source, &sorted(predicted_rows()));
    assert!(score.problems.is_empty(), "{:?}", score.problems);
    let report = evaluate::GoldFileReport {
        gold: "a.jsonl".into(),
        doc: "a.txt".into(),
        doc_id: Some("a.txt".into()),
        window_lines: 3,
        counts: score
            .counts
            .iter()
            .map(|(k, c)| (k.as_str(), c.clone()))
            .collect(),
        problems: Vec::new(),
    };
    let evaluation = evaluate::Evaluation::from_documents(vec![report], score.findings);
    for (report, (kind, [gold, predicted, ignored, tp, exact, value_right])) in evaluation
        .kinds
        .iter()
        .chain([&evaluation.total])
        .zip(EXPECTED)
    {
        let c = &report.counts;
        assert_eq!(report.kind, kind);
        assert_eq!(
            [c.gold, c.predicted, c.ignored, c.tp, c.exact, c.value_right],
            [gold, predicted, ignored, tp, exact, value_right],
            "{kind}"
        );
    }
    let total = &evaluation.total.metrics;
    assert!(close(total.precision, 5.0 / 7.0) && close(total.recall, 5.0 / 6.0));
    assert!(close(total.f1, 10.0 / 13.0) && close(total.strict_f1, 8.0 / 13.0));
    let date = &evaluation.kinds[0].metrics;
    assert!(close(date.precision, 0.5) && close(date.f1, 2.0 / 3.0));
    let indicator = &evaluation.kinds[1];
    assert!(close(indicator.metrics.exact_span_rate, 0.5));
    assert!(close(indicator.metrics.value_accuracy, 0.5));
    assert!(close(indicator.metrics.strict_f1, 0.5));
    assert_eq!(indicator.counts.attributes["subject"].right, 2);
    let organization = &evaluation.kinds[2];
    assert!(close(organization.metrics.f1, 0.8));
    assert_eq!(
        (
            organization.counts.attributes["org_type"].right,
            organization.counts.attributes["org_type"].scored
        ),
        (1, 2)
    );
    let policy = &evaluation.kinds[3].metrics;
    assert_eq!(
        (policy.precision, policy.recall, policy.f1),
        (None, Some(0.0), Some(0.0))
    );
    let categories: Vec<(Category, u32)> = evaluation
        .findings
        .iter()
        .map(|f| (f.category, f.line))
        .collect();
    assert_eq!(
        categories,
        [
            (Category::Spurious, 1),
            (Category::Spurious, 1),
            (Category::WrongValue, 1),
            (Category::SpanDiffers, 1),
            (Category::Missed, 2),
            (Category::WrongAttribute, 3),
        ]
    );
}

/// The tiny gold and dataset on disk, as a user would have them.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("gold")).unwrap();
        std::fs::write(dir.path().join("gold/a.jsonl"), GOLD).unwrap();
        std::fs::write(dir.path().join("a.txt"), DOC).unwrap();
        let docs = vec![(dir.path().join("a.txt"), sorted(predicted_rows()))];
        write_dataset(&dir.path().join("data"), docs);
        Self { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

#[test]
fn the_command_prints_the_same_counts_as_json_and_text() {
    let work = Workspace::new();
    let (gold, data) = (work.path("gold"), work.path("data"));
    let output = zhextract(&[
        "eval", "--gold", &gold, &data, "--format", "json", "--errors", "9",
    ]);
    let (code, stdout) = code_and_stdout(&output);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&output.stderr));
    let json: Value = serde_json::from_str(&stdout).unwrap();
    for (index, (kind, [gold, predicted, ignored, tp, _, value_right])) in
        EXPECTED.iter().enumerate()
    {
        let report = if *kind == "all" {
            &json["total"]
        } else {
            &json["kinds"][index]
        };
        let c = &report["counts"];
        assert_eq!(
            [
                &c["gold"],
                &c["predicted"],
                &c["ignored"],
                &c["tp"],
                &c["value_right"]
            ],
            [gold, predicted, ignored, tp, value_right]
                .map(|n| Value::from(*n))
                .each_ref(),
            "{kind}"
        );
    }
    assert_eq!(json["finding_counts"]["spurious"], 2);
    assert_eq!(json["findings"].as_array().unwrap().len(), 6);

    let output = zhextract(&["eval", "--gold", &gold, &data, "--errors", "1"]);
    let (code, text) = code_and_stdout(&output);
    assert_eq!(code, 0);
    let all = text.lines().find(|l| l.starts_with("all")).unwrap();
    let columns: Vec<&str> = all.split_whitespace().collect();
    assert_eq!(
        columns,
        ["all", "6", "1", "7", "1", "5", "0.714", "0.833", "0.769", "0.800", "0.800", "0.615"]
    );
    assert!(
        text.contains("a.txt:2 policy 《关于促进发展的意见》"),
        "{text}"
    );
    assert!(
        text.contains("spurious (predicted, not in gold): 2 (showing 1)"),
        "{text}"
    );
}

#[test]
fn unusable_inputs_exit_with_2() {
    let work = Workspace::new();
    let missing = zhextract(&["eval", "--gold", &work.path("nothing"), &work.path("data")]);
    assert_eq!(missing.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let no_gold = zhextract(&[
        "eval",
        "--gold",
        &empty.path().display().to_string(),
        &work.path("data"),
    ]);
    assert_eq!(no_gold.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_gold.stderr).contains("no gold files"));
    std::fs::write(
        work.dir.path().join("gold/b.jsonl"),
        "{\"header\": true, \"doc\": \"zzz.txt\", \"windows\": []}\n",
    )
    .unwrap();
    std::fs::remove_file(work.dir.path().join("gold/a.jsonl")).unwrap();
    let unmatched = zhextract(&["eval", "--gold", &work.path("gold"), &work.path("data")]);
    assert_eq!(unmatched.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unmatched.stderr).contains("zzz.txt is not in the dataset"));
}

#[test]
fn a_gold_line_that_is_not_in_the_file_is_reported_not_fatal() {
    let work = Workspace::new();
    let extra = "{\"kind\": \"date\", \"line\": 3, \"text\": \"2030年\", \"start\": \"2030-01-01\", \"end\": \"2030-12-31\"}\n";
    let gold_path = work.dir.path().join("gold/a.jsonl");
    std::fs::write(&gold_path, format!("{GOLD}{extra}")).unwrap();
    let gold = evaluate::gold::load(&gold_path).unwrap();
    let dataset = Dataset::open(&work.dir.path().join("data")).unwrap();
    let evaluation = evaluate::evaluate(&gold, &dataset).unwrap();
    assert_eq!(evaluation.total.counts.gold, 6);
    assert!(evaluation.files[0].problems[0].contains("not found from line 3"));
}
