//! Runs the indicators case table, `fixtures/cases/indicators.toml` (issue 5): every
//! `[[case]]` lists all indicator mentions of its input. Also runs the extractor over the
//! fixture documents `fixtures/extract/indicators/*.txt` (Simplified and Traditional) and,
//! as ignored tests, prints its scores against `../shared/gold` and its findings on the
//! seeds. Documents go through ingest, normalize, segment, then the dates extractor
//! (indicators skip and link dates) and this one only.

use std::path::Path;
use std::sync::LazyLock;

use serde::Deserialize;
use zhextract::extract::dates::{find_document_date, DateExtractor};
use zhextract::extract::indicators::IndicatorExtractor;
use zhextract::extract::{ExtractContext, Extractor, IndicatorMention, Mentions};
use zhextract::ingest::{decode_document, InputFile};
use zhextract::normalize::normalize;
use zhextract::normalize::opencc::{OpenccConfig, OpenccConverter};
use zhextract::rules::Rules;
use zhextract::segment::{segment, segment_plain, Segmented, WordSegmenter};

static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));
static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::embedded().expect("embedded rules"));
static EXTRACTOR: LazyLock<IndicatorExtractor> = LazyLock::new(|| IndicatorExtractor::new(&RULES));
static DATES: LazyLock<DateExtractor> = LazyLock::new(|| DateExtractor::new(&RULES));

/// One expected mention; fields left out are not checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    text: String,
    value: f64,
    unit: String,
    value_high: Option<f64>,
    unit_text: Option<String>,
    qualifier: Option<String>,
    measure: Option<String>,
    subject: Option<String>,
    rule: Option<String>,
}

fn extract(text: &str) -> Vec<IndicatorMention> {
    let doc = segment_plain(text, &WORDS);
    let mut found = Mentions::default();
    EXTRACTOR.extract(&doc, &ExtractContext::default(), &mut found);
    found.indicators
}

/// The differences between one expectation and the mention found for it.
fn differences(expected: &Expected, found: &IndicatorMention) -> Vec<String> {
    let mut problems = Vec::new();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
    if !close(expected.value, found.value) {
        problems.push(format!("value {} != {}", found.value, expected.value));
    }
    if expected.unit != found.unit {
        problems.push(format!("unit {} != {}", found.unit, expected.unit));
    }
    let high_ok = match (expected.value_high, found.value_high) {
        (Some(a), Some(b)) => close(a, b),
        (None, None) => true,
        _ => false,
    };
    if !high_ok {
        problems.push(format!(
            "value_high {:?} != {:?}",
            found.value_high, expected.value_high
        ));
    }
    let checks = [
        (
            "unit_text",
            expected.unit_text.as_deref(),
            Some(found.unit_text.as_str()),
        ),
        (
            "qualifier",
            expected.qualifier.as_deref(),
            Some(found.qualifier.map_or("none", |q| q.as_str())),
        ),
        (
            "measure",
            expected.measure.as_deref(),
            Some(found.measure.as_str()),
        ),
        (
            "subject",
            expected.subject.as_deref(),
            Some(found.subject.as_deref().unwrap_or("none")),
        ),
        ("rule", expected.rule.as_deref(), Some(found.rule)),
    ];
    for (field, want, got) in checks {
        if let (Some(want), Some(got)) = (want, got) {
            if want != got {
                problems.push(format!("{field} {got:?} != {want:?}"));
            }
        }
    }
    problems
}

#[test]
fn indicator_cases() {
    let mut failures = Vec::new();
    for case in crate::case_table::load::<Expected>("indicators") {
        let found = extract(&case.input);
        let texts: Vec<&str> = found
            .iter()
            .map(|mention| &case.input[mention.span])
            .collect();
        let wanted: Vec<&str> = case
            .expect
            .iter()
            .map(|expected| expected.text.as_str())
            .collect();
        if texts != wanted {
            failures.push(format!(
                "{}: found {texts:?}, expected {wanted:?}",
                case.name
            ));
            continue;
        }
        for (expected, mention) in case.expect.iter().zip(&found) {
            let problems = differences(expected, mention);
            if !problems.is_empty() {
                failures.push(format!(
                    "{} [{}]: {}",
                    case.name,
                    expected.text,
                    problems.join("; ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A document through ingest, normalize, segment, the dates extractor and this one.
fn analyzed(path: &Path) -> (Segmented, Mentions) {
    let bytes = std::fs::read(path).expect("readable document");
    let input = InputFile {
        doc_id: "doc".into(),
        path: path.to_path_buf(),
    };
    let source = decode_document(&input, &bytes).expect("decodable document");
    let converter = OpenccConverter::new(OpenccConfig::T2s);
    let normalized = normalize(
        &source.decoded,
        source.lines.clone(),
        bytes.len(),
        &converter,
    );
    let segmented = segment(normalized, &WORDS);
    let context = ExtractContext {
        reference_date: find_document_date(&segmented),
    };
    let mut found = Mentions::default();
    DATES.extract(&segmented, &context, &mut found);
    EXTRACTOR.extract(&segmented, &context, &mut found);
    (segmented, found)
}

/// Mentions of a fixture document, as `text=value unit` lines.
fn rendered(path: &Path) -> Vec<String> {
    let (segmented, found) = analyzed(path);
    let text = segmented.text();
    found
        .indicators
        .iter()
        .map(|mention| format!("{}={} {}", &text[mention.span], mention.value, mention.unit))
        .collect()
}

#[test]
fn fixture_documents_agree_across_scripts() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/extract/indicators"
    ));
    let simplified = rendered(&dir.join("simplified.txt"));
    let traditional = rendered(&dir.join("traditional.txt"));
    assert!(simplified.len() >= 20, "{simplified:#?}");
    assert!(simplified
        .iter()
        .any(|line| line == "2,356.8亿元=235680000000 CNY"));
    assert!(simplified
        .iter()
        .any(|line| line == "35.2亿元=3520000000 HKD"));
    assert!(
        !simplified
            .iter()
            .any(|line| line.starts_with("2023") || line.starts_with("3期")),
        "{simplified:#?}"
    );
    assert_eq!(simplified, traditional);
}

mod gold {
    //! Scores against the hand-labelled gold files (print only; `zhextract eval` is the
    //! official scorer): `cargo test --test it gold_indicators -- --ignored --nocapture`.

    use std::path::{Path, PathBuf};

    use serde_json::Value;

    use super::analyzed;

    const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gold");
    const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");

    /// One mention found, in original bytes.
    struct Found {
        start: usize,
        end: usize,
        line: u32,
        value: f64,
        unit: String,
        subject: Option<String>,
        qualifier: Option<String>,
        measure: String,
    }

    fn found_in(path: &Path) -> Vec<Found> {
        let (segmented, mentions) = analyzed(path);
        mentions
            .indicators
            .iter()
            .map(|mention| {
                let source = segmented.doc.map.to_source(mention.span);
                Found {
                    start: usize::try_from(source.byte_start).unwrap(),
                    end: usize::try_from(source.byte_end).unwrap(),
                    line: source.line_start,
                    value: mention.value,
                    unit: mention.unit.clone(),
                    subject: mention.subject.clone(),
                    qualifier: mention.qualifier.map(|q| q.as_str().to_string()),
                    measure: mention.measure.as_str().to_string(),
                }
            })
            .collect()
    }

    fn byte_of_line(text: &str, line: usize) -> usize {
        if line <= 1 {
            return 0;
        }
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    }

    fn squeeze(text: &str) -> String {
        text.chars().filter(|ch| !ch.is_whitespace()).collect()
    }

    /// Counts over all gold files.
    #[derive(Default)]
    struct Score {
        tp: usize,
        fp: usize,
        missed: usize,
        value: usize,
        subject: usize,
        qualifier: usize,
        measure: usize,
    }

    impl Score {
        fn print(&self) {
            let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
            let precision = ratio(self.tp, self.tp + self.fp);
            let recall = ratio(self.tp, self.tp + self.missed);
            let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
            println!(
                "indicators: tp {} fp {} fn {}; P {precision:.3} R {recall:.3} F1 {f1:.3}; \
                 value+unit {:.3} subject {:.3} qualifier {:.3} measure {:.3}",
                self.tp,
                self.fp,
                self.missed,
                ratio(self.value, self.tp),
                ratio(self.subject, self.tp),
                ratio(self.qualifier, self.tp),
                ratio(self.measure, self.tp)
            );
        }
    }

    /// Compares one matched gold mention with what was found, printing differences.
    fn compare(gold: &Value, found: &Found, exact: bool, original: &str, score: &mut Score) {
        score.tp += 1;
        let value = gold["value"].as_f64().unwrap_or(f64::NAN);
        let value_ok = (found.value - value).abs() <= 1e-6 * value.abs().max(1.0)
            && gold["unit"].as_str() == Some(found.unit.as_str());
        let want_subject = gold["subject"].as_str().map(squeeze);
        let subject_ok = match (&want_subject, &found.subject) {
            (Some(a), Some(b)) => a.contains(b.as_str()) || b.contains(a.as_str()),
            (None, None) => true,
            _ => false,
        };
        let qualifier_ok = gold["qualifier"].as_str() == found.qualifier.as_deref();
        let measure_ok = gold["measure"].as_str() == Some(found.measure.as_str());
        score.value += usize::from(value_ok);
        score.subject += usize::from(subject_ok);
        score.qualifier += usize::from(qualifier_ok);
        score.measure += usize::from(measure_ok);
        if !(exact && value_ok && subject_ok && qualifier_ok && measure_ok) {
            println!(
                "  MISMATCH line {} {:?}: ours {:?} {} {} subj={:?} q={:?} m={} | gold {} {} subj={:?} q={} m={}",
                gold["line"], gold["text"], &original[found.start..found.end], found.value, found.unit,
                found.subject, found.qualifier, found.measure, value, gold["unit"], want_subject,
                gold["qualifier"], gold["measure"]
            );
        }
    }

    fn score_file(file: &Path, score: &mut Score) {
        let lines: Vec<Value> = std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let header = &lines[0];
        let doc = Path::new(SEEDS).join(header["doc"].as_str().unwrap());
        let windows: Vec<(u64, u64)> = header["windows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| (w[0].as_u64().unwrap(), w[1].as_u64().unwrap()))
            .collect();
        let original = std::fs::read_to_string(&doc).unwrap();
        let found = found_in(&doc);
        let mut used = vec![false; found.len()];
        for gold in lines[1..].iter().filter(|g| g["kind"] == "indicator") {
            let line = usize::try_from(gold["line"].as_u64().unwrap()).unwrap();
            let text = gold["text"].as_str().unwrap();
            let from = byte_of_line(&original, line);
            let at = from + original[from..].find(text).unwrap();
            let len = gold
                .get("mention")
                .and_then(Value::as_str)
                .map_or(text.len(), str::len);
            let optional = gold["optional"].as_bool().unwrap_or(false);
            let hit = found
                .iter()
                .enumerate()
                .find(|(i, f)| !used[*i] && f.start < at + len && at < f.end);
            match hit {
                Some((index, f)) => {
                    used[index] = true;
                    if !optional {
                        let exact = f.start == at && f.end == at + len;
                        compare(gold, f, exact, &original, score);
                    }
                }
                None if !optional => {
                    score.missed += 1;
                    println!("  MISSED line {line} {text:?}");
                }
                None => {}
            }
        }
        let in_window = |line: u64| windows.iter().any(|&(a, b)| a <= line && line <= b);
        for (f, used) in found.iter().zip(&used) {
            if !used && in_window(u64::from(f.line)) {
                score.fp += 1;
                println!(
                    "  SPURIOUS line {} {:?} {} {} subj={:?}",
                    f.line,
                    &original[f.start..f.end],
                    f.value,
                    f.unit,
                    f.subject
                );
            }
        }
    }

    #[test]
    #[ignore = "prints scores against ../shared/gold"]
    fn gold_indicators() {
        let Ok(entries) = std::fs::read_dir(GOLD) else {
            println!("no gold at {GOLD}; skipped");
            return;
        };
        let mut files: Vec<PathBuf> = entries
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
            .collect();
        files.sort();
        let mut score = Score::default();
        for file in files {
            score_file(&file, &mut score);
        }
        score.print();
    }

    #[test]
    #[ignore = "prints every indicator of the seeds (or $INDICATOR_LISTING_DIR) for review"]
    fn seed_indicators_listing() {
        let dir = std::env::var("INDICATOR_LISTING_DIR").unwrap_or_else(|_| SEEDS.to_string());
        let mut seeds: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        seeds.sort();
        for seed in seeds {
            let (segmented, mentions) = analyzed(&seed);
            let text = segmented.text();
            println!("== {}", seed.display());
            for m in &mentions.indicators {
                let line = segmented.doc.map.to_source(m.span).line_start;
                let from = text[..m.span.start()]
                    .char_indices()
                    .rev()
                    .nth(14)
                    .map_or(0, |(i, _)| i);
                let to = text[m.span.end()..]
                    .char_indices()
                    .nth(6)
                    .map_or(text.len(), |(i, _)| m.span.end() + i);
                println!(
                    "{line:4} {:<14} {:>16} {:<18} q={:<10} m={:<6} subj={:<20} date={:<4} rule={} | {}",
                    &text[m.span],
                    m.value,
                    format!("{}/{}", m.unit, m.unit_text),
                    m.qualifier.map_or("", |q| q.as_str()),
                    m.measure.as_str(),
                    m.subject.as_deref().unwrap_or("-"),
                    m.date.map_or("-".to_string(), |d| d.0.to_string()),
                    m.rule,
                    text[from..to].replace('\n', "/")
                );
            }
        }
    }
}
