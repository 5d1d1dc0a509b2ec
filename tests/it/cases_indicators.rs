//! Runs the indicators case table, `fixtures/cases/indicators.toml` (issue 5): every
//! `[[case]]` lists all indicator mentions of its input. Also runs the extractor over the
//! fixture documents `fixtures/extract/indicators/*.txt` (Simplified and Traditional) and,
//! as an ignored test, prints its scores against `../shared/gold`.

use std::path::Path;
use std::sync::LazyLock;

use serde::Deserialize;
use zhextract::extract::indicators::IndicatorExtractor;
use zhextract::extract::{ExtractContext, Extractor, IndicatorMention, Mentions};
use zhextract::rules::Rules;
use zhextract::segment::{segment_plain, WordSegmenter};

static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));
static EXTRACTOR: LazyLock<IndicatorExtractor> =
    LazyLock::new(|| IndicatorExtractor::new(&Rules::embedded().expect("embedded rules")));

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

fn table() -> Table {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/cases/indicators.toml"
    );
    let text = std::fs::read_to_string(path).expect("case table");
    toml::from_str(&text).expect("valid case table")
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
    for case in table().case {
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

/// Mentions of a fixture document, as `text=value unit` lines.
fn rendered(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("fixture");
    let pipeline =
        zhextract::pipeline::Pipeline::new(Default::default(), &Rules::embedded().expect("rules"))
            .expect("pipeline");
    let source = zhextract::ingest::decode_document(
        &zhextract::ingest::InputFile {
            doc_id: "fixture".to_string(),
            path: path.to_path_buf(),
        },
        text.as_bytes(),
    )
    .expect("decodes");
    let analyzed = pipeline.analyze(&source);
    let normalized = analyzed.segmented.text();
    analyzed
        .mentions
        .indicators
        .iter()
        .map(|mention| {
            format!(
                "{}={} {}",
                &normalized[mention.span], mention.value, mention.unit
            )
        })
        .collect()
}

#[test]
fn fixture_documents_agree_across_scripts() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/extract/indicators");
    let simplified = rendered(&Path::new(dir).join("simplified.txt"));
    let traditional = rendered(&Path::new(dir).join("traditional.txt"));
    assert!(simplified.len() >= 10, "{simplified:#?}");
    assert_eq!(simplified, traditional);
}

mod gold {
    //! Scores against the hand-labelled gold files (print only; `zhextract eval` is the
    //! official scorer): `cargo test --test it gold_indicators -- --ignored --nocapture`.

    use std::path::{Path, PathBuf};

    use serde_json::Value;
    use zhextract::ingest::{decode_document, InputFile};
    use zhextract::pipeline::{Pipeline, PipelineConfig};
    use zhextract::rules::Rules;

    const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gold");
    const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");

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

    fn byte_of_line(text: &str, line: u64) -> usize {
        if line <= 1 {
            return 0;
        }
        text.match_indices('\n')
            .nth(usize::try_from(line).unwrap() - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    }

    fn found_in(path: &Path, pipeline: &Pipeline) -> (String, Vec<Found>) {
        let bytes = std::fs::read(path).unwrap();
        let input = InputFile {
            doc_id: "doc".into(),
            path: path.to_path_buf(),
        };
        let source = decode_document(&input, &bytes).unwrap();
        let analyzed = pipeline.analyze(&source);
        let map = &analyzed.segmented.doc.map;
        let found = analyzed
            .mentions
            .indicators
            .iter()
            .map(|mention| {
                let source = map.to_source(mention.span);
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
            .collect();
        (String::from_utf8(bytes).unwrap(), found)
    }

    #[test]
    #[ignore = "prints every indicator of the seeds for review"]
    fn seed_indicators_listing() {
        let pipeline =
            Pipeline::new(PipelineConfig::default(), &Rules::embedded().unwrap()).unwrap();
        let mut seeds: Vec<PathBuf> = std::fs::read_dir(SEEDS)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        seeds.sort();
        for seed in seeds {
            let bytes = std::fs::read(&seed).unwrap();
            let input = InputFile {
                doc_id: "doc".into(),
                path: seed.clone(),
            };
            let analyzed = pipeline.analyze(&decode_document(&input, &bytes).unwrap());
            let text = analyzed.segmented.text();
            println!("== {}", seed.display());
            for m in &analyzed.mentions.indicators {
                let line = analyzed.segmented.doc.map.to_source(m.span).line_start;
                let context_start = text[..m.span.start()]
                    .char_indices()
                    .rev()
                    .nth(14)
                    .map_or(0, |(i, _)| i);
                let context_end = text[m.span.end()..]
                    .char_indices()
                    .nth(6)
                    .map_or(text.len(), |(i, _)| m.span.end() + i);
                println!(
                    "{line:4} {:<14} {:>16} {:<16} {:<10} q={:<10} m={:<6} subj={:<20} date={:<4} rule={} | {}",
                    &text[m.span], m.value, format!("{}/{}", m.unit, m.unit_text), "",
                    m.qualifier.map_or("", |q| q.as_str()), m.measure.as_str(),
                    m.subject.as_deref().unwrap_or("-"), m.date.map_or("-".to_string(), |d| d.0.to_string()), m.rule,
                    text[context_start..context_end].replace('\n', "/")
                );
            }
        }
    }

    fn squeeze(text: &str) -> String {
        text.chars().filter(|ch| !ch.is_whitespace()).collect()
    }

    #[test]
    #[ignore = "prints scores against ../shared/gold"]
    fn gold_indicators() {
        let Ok(entries) = std::fs::read_dir(GOLD) else {
            println!("no gold at {GOLD}; skipped");
            return;
        };
        let pipeline =
            Pipeline::new(PipelineConfig::default(), &Rules::embedded().unwrap()).unwrap();
        let (
            mut tp,
            mut fp,
            mut fn_,
            mut value_ok,
            mut subject_ok,
            mut qualifier_ok,
            mut measure_ok,
        ) = (0, 0, 0, 0, 0, 0, 0);
        let mut files: Vec<PathBuf> = entries
            .map(|entry| entry.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        files.sort();
        for file in files {
            let lines: Vec<Value> = std::fs::read_to_string(&file)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let header = &lines[0];
            let doc = header["doc"].as_str().unwrap();
            let windows: Vec<(u64, u64)> = header["windows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| (w[0].as_u64().unwrap(), w[1].as_u64().unwrap()))
                .collect();
            let in_window = |line: u64| windows.iter().any(|&(a, b)| a <= line && line <= b);
            let (original, found) = found_in(&Path::new(SEEDS).join(doc), &pipeline);
            let mut used = vec![false; found.len()];
            for gold in lines[1..].iter().filter(|g| g["kind"] == "indicator") {
                let line = gold["line"].as_u64().unwrap();
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
                        if optional {
                            continue;
                        }
                        tp += 1;
                        let exact = f.start == at && f.end == at + len;
                        let value = gold["value"].as_f64().unwrap();
                        let value_match = (f.value - value).abs() <= 1e-6 * value.abs().max(1.0)
                            && f.unit == gold["unit"].as_str().unwrap();
                        value_ok += usize::from(value_match);
                        let want_subject = gold["subject"].as_str().map(squeeze);
                        let subject_match = match (&want_subject, &f.subject) {
                            (Some(a), Some(b)) => a.contains(b.as_str()) || b.contains(a.as_str()),
                            (None, None) => true,
                            _ => false,
                        };
                        subject_ok += usize::from(subject_match);
                        let qualifier_match = gold["qualifier"].as_str() == f.qualifier.as_deref();
                        qualifier_ok += usize::from(qualifier_match);
                        let measure_match = gold["measure"].as_str() == Some(f.measure.as_str());
                        measure_ok += usize::from(measure_match);
                        if !(exact
                            && value_match
                            && subject_match
                            && qualifier_match
                            && measure_match)
                        {
                            println!(
                                "  MISMATCH line {line} {text:?}: ours {:?} {} {} subj={:?} q={:?} m={} | gold {} {} subj={:?} q={:?} m={}",
                                &original[f.start..f.end], f.value, f.unit, f.subject, f.qualifier, f.measure,
                                value, gold["unit"], want_subject, gold["qualifier"], gold["measure"]
                            );
                        }
                    }
                    None if !optional => {
                        fn_ += 1;
                        println!("  MISSED line {line} {text:?}");
                    }
                    None => {}
                }
            }
            for (f, used) in found.iter().zip(&used) {
                if !used && in_window(u64::from(f.line)) {
                    fp += 1;
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
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        println!(
            "indicators: tp {tp} fp {fp} fn {fn_}; P {precision:.3} R {recall:.3} F1 {:.3}; value+unit {:.3} subject {:.3} qualifier {:.3} measure {:.3}",
            2.0 * precision * recall / (precision + recall).max(f64::EPSILON),
            ratio(value_ok, tp), ratio(subject_ok, tp), ratio(qualifier_ok, tp), ratio(measure_ok, tp)
        );
    }
}
