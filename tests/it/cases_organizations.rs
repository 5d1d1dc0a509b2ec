//! Runs the organizations case table, `fixtures/cases/organizations.toml` (issue 6), the
//! fixture documents of `fixtures/extract/organizations/`, and measures each signal on
//! its own against the gold files in `../shared/gold` (printed, never asserted).

use std::sync::LazyLock;

use serde::Deserialize;
use zhextract::extract::organizations::OrganizationExtractor;
use zhextract::extract::{ExtractContext, Extractor, Mentions};
use zhextract::rules::Rules;
use zhextract::segment::{segment_plain, WordSegmenter};

static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::embedded().expect("embedded rules"));
/// The pipeline's segmenter: gazetteer names in jieba's user dictionary.
static WORDS: LazyLock<WordSegmenter> =
    LazyLock::new(|| WordSegmenter::new(RULES.organizations.dictionary_words()));

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Expected {
    name: String,
    org_type: String,
    rule: Option<String>,
}

/// What the extractor finds in `text`, shaped like the expectations (the rule only
/// where the case names one).
fn found(text: &str, asked: &[Expected]) -> Vec<Expected> {
    let doc = segment_plain(text, &WORDS);
    let mut mentions = Mentions::default();
    OrganizationExtractor::new(&RULES).extract(&doc, &ExtractContext::default(), &mut mentions);
    mentions
        .organizations
        .iter()
        .enumerate()
        .map(|(index, mention)| Expected {
            name: mention.name.clone(),
            org_type: mention.org_type.as_str().to_string(),
            rule: asked
                .get(index)
                .and_then(|e| e.rule.as_ref())
                .map(|_| mention.rule.to_string()),
        })
        .collect()
}

#[test]
fn case_table() {
    crate::case_table::check_all("organizations", found);
}

#[test]
fn fixture_documents_in_both_scripts_give_the_same_names() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/extract/organizations"
    );
    let pipeline = gold::pipeline();
    let names = |file: &str| -> Vec<(String, String)> {
        let analyzed = gold::analyze(&pipeline, &std::path::Path::new(dir).join(file));
        analyzed
            .mentions
            .organizations
            .iter()
            .map(|mention| (mention.name.clone(), mention.org_type.as_str().to_string()))
            .collect()
    };
    let simplified = names("report_simplified.txt");
    let expected = [
        ("深圳市科技创新局", "government"),
        ("市发改委", "government"),
        ("市工业和信息化局", "government"),
        ("南方科技大学", "university"),
        ("深圳大学", "university"),
        ("中国科学院深圳先进技术研究院", "research_institute"),
        ("鹏城实验室", "research_institute"),
        ("深圳湾实验室", "research_institute"),
        ("华为", "company"),
        ("腾讯", "company"),
        ("比亚迪", "company"),
        ("深圳市机器人协会", "association"),
        ("国家发展改革委", "government"),
        ("工信部", "government"),
        ("科技部火炬中心", "government"),
        ("世界银行", "international"),
        ("中国新闻周刊", "media"),
        ("南山区人民政府", "government"),
        ("香港科技大学", "university"),
        ("粤港澳大湾区数字经济研究院", "research_institute"),
    ];
    let found: Vec<(&str, &str)> = simplified
        .iter()
        .map(|(name, kind)| (name.as_str(), kind.as_str()))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(simplified, names("report_traditional.txt"));
}

#[test]
fn gold_scores_per_signal() {
    let Some(docs) = gold::load() else {
        return;
    };
    let pipeline = gold::pipeline();
    let extractor = OrganizationExtractor::new(&RULES);
    let mut combined = gold::Score::default();
    let mut signals: Vec<(&str, gold::Score)> = [
        "org_gazetteer",
        "org_suffix",
        "org_jieba_nt",
        "org_enumeration",
    ]
    .into_iter()
    .map(|rule| (rule, gold::Score::default()))
    .collect();
    for doc in &docs {
        let analyzed = gold::analyze(&pipeline, &doc.path);
        let predicted: Vec<gold::Predicted> = analyzed
            .mentions
            .organizations
            .iter()
            .map(|m| gold::Predicted::new(&analyzed, m.span, &m.name, m.org_type.as_str()))
            .collect();
        combined.add(&doc.score("organization", &predicted, "name", "org_type"));
        let all = extractor.signal_mentions(&analyzed.segmented);
        for (rule, score) in &mut signals {
            let mut own: Vec<_> = all.iter().filter(|m| m.rule == *rule).collect();
            own.sort_by_key(|m| std::cmp::Reverse(m.span.len()));
            let mut kept: Vec<&zhextract::extract::OrganizationMention> = Vec::new();
            for mention in own {
                if kept.iter().all(|k| !k.span.overlaps(mention.span)) {
                    kept.push(mention);
                }
            }
            let predicted: Vec<gold::Predicted> = kept
                .iter()
                .map(|m| gold::Predicted::new(&analyzed, m.span, &m.name, m.org_type.as_str()))
                .collect();
            score.add(&doc.score("organization", &predicted, "name", "org_type"));
        }
    }
    println!("organizations, combined: {}", combined.report());
    for (rule, score) in &signals {
        println!("organizations, {rule} alone: {}", score.report());
    }
    combined.print_errors();
}

/// Reading the gold files and scoring mentions against them (shared with the policies
/// test). Spans match when their original bytes are equal; predictions that overlap an
/// optional gold mention are ignored; only mentions starting inside a window count.
pub(crate) mod gold {
    use std::path::{Path, PathBuf};

    use zhextract::ingest::{self, InputFile};
    use zhextract::pipeline::{Analyzed, Pipeline, PipelineConfig};
    use zhextract::span::Span;

    use super::RULES;

    /// The pipeline as a run builds it.
    pub(crate) fn pipeline() -> Pipeline {
        Pipeline::new(PipelineConfig::default(), &RULES).expect("pipeline")
    }

    /// Reads and analyzes one file.
    pub(crate) fn analyze(pipeline: &Pipeline, path: &Path) -> Analyzed {
        let input = InputFile {
            doc_id: path
                .file_name()
                .expect("file")
                .to_string_lossy()
                .into_owned(),
            path: path.to_path_buf(),
        };
        let bytes = std::fs::read(path).expect("readable file");
        let source = ingest::decode_document(&input, &bytes).expect("decodable file");
        pipeline.analyze(&source)
    }

    /// One gold document: its source file, windows and mentions.
    pub(crate) struct GoldDoc {
        pub(crate) path: PathBuf,
        windows: Vec<(u32, u32)>,
        /// (kind, byte range in the file, line, optional, the whole JSON record).
        mentions: Vec<GoldMention>,
    }

    /// A gold mention: kind, byte range in the file, line, optional, the JSON record.
    type GoldMention = (String, (usize, usize), u32, bool, serde_json::Value);

    /// A predicted mention in original-file coordinates.
    pub(crate) struct Predicted {
        bytes: (usize, usize),
        line: u32,
        value: String,
        kind_of: String,
    }

    impl Predicted {
        /// Maps a mention to the original file.
        pub(crate) fn new(analyzed: &Analyzed, span: Span, value: &str, kind_of: &str) -> Self {
            let source = analyzed.segmented.doc.map.to_source(span);
            Self {
                bytes: (source.byte_start as usize, source.byte_end as usize),
                line: source.line_start,
                value: value.to_string(),
                kind_of: kind_of.to_string(),
            }
        }
    }

    /// Counts over documents.
    #[derive(Default)]
    pub(crate) struct Score {
        true_positives: usize,
        false_positives: usize,
        false_negatives: usize,
        overlapping: usize,
        value_right: usize,
        type_right: usize,
        errors: Vec<String>,
    }

    impl Score {
        pub(crate) fn add(&mut self, other: &Score) {
            self.true_positives += other.true_positives;
            self.false_positives += other.false_positives;
            self.false_negatives += other.false_negatives;
            self.overlapping += other.overlapping;
            self.value_right += other.value_right;
            self.type_right += other.type_right;
            self.errors.extend(other.errors.iter().cloned());
        }

        pub(crate) fn report(&self) -> String {
            let tp = self.true_positives as f64;
            let precision = tp / (self.true_positives + self.false_positives).max(1) as f64;
            let recall = tp / (self.true_positives + self.false_negatives).max(1) as f64;
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            format!(
                "P {precision:.3} R {recall:.3} F1 {f1:.3} (tp {} fp {} fn {}, {} fp overlap a gold span), value acc {:.3}, type acc {:.3}",
                self.true_positives,
                self.false_positives,
                self.false_negatives,
                self.overlapping,
                self.value_right as f64 / tp.max(1.0),
                self.type_right as f64 / tp.max(1.0),
            )
        }

        pub(crate) fn print_errors(&self) {
            for error in &self.errors {
                println!("  {error}");
            }
        }
    }

    /// Every gold file whose source document is among the seeds; `None` when there is
    /// no gold directory.
    pub(crate) fn load() -> Option<Vec<GoldDoc>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let gold_dir = root.join("../shared/gold");
        let Ok(entries) = std::fs::read_dir(&gold_dir) else {
            println!("no gold directory at {}", gold_dir.display());
            return None;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.retain(|path| path.extension().is_some_and(|ext| ext == "jsonl"));
        files.sort();
        Some(
            files
                .iter()
                .filter_map(|path| read_gold(path, &root.join("seeds")))
                .collect(),
        )
    }

    fn read_gold(path: &Path, seeds: &Path) -> Option<GoldDoc> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        let header: serde_json::Value = serde_json::from_str(lines.next()?).ok()?;
        let source = seeds.join(header["doc"].as_str()?);
        let file = std::fs::read_to_string(&source).ok()?;
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(file.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let windows = header["windows"]
            .as_array()?
            .iter()
            .filter_map(|w| Some((w[0].as_u64()? as u32, w[1].as_u64()? as u32)))
            .collect();
        let mut mentions = Vec::new();
        for line in lines.filter(|line| !line.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).ok()?;
            let number = record["line"].as_u64()? as u32;
            let from = *line_starts.get(number as usize - 1)?;
            let needle = record["text"].as_str()?;
            let Some(at) = file[from..].find(needle).map(|at| at + from) else {
                println!(
                    "gold text {needle:?} not found from line {number} of {}",
                    source.display()
                );
                continue;
            };
            let length = record["mention"].as_str().map_or(needle.len(), str::len);
            let optional = record["optional"].as_bool().unwrap_or(false);
            let kind = record["kind"].as_str()?.to_string();
            mentions.push((kind, (at, at + length), number, optional, record));
        }
        Some(GoldDoc {
            path: source,
            windows,
            mentions,
        })
    }

    impl GoldDoc {
        fn in_window(&self, line: u32) -> bool {
            self.windows
                .iter()
                .any(|(first, last)| (*first..=*last).contains(&line))
        }

        /// Scores predictions of one kind; `value_field`/`type_field` name the gold
        /// fields compared with the prediction's value and kind.
        pub(crate) fn score(
            &self,
            kind: &str,
            predicted: &[Predicted],
            value_field: &str,
            type_field: &str,
        ) -> Score {
            let mut score = Score::default();
            let gold: Vec<_> = self
                .mentions
                .iter()
                .filter(|m| m.0 == kind && self.in_window(m.2))
                .collect();
            let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
            let mut matched = vec![false; gold.len()];
            for prediction in predicted.iter().filter(|p| self.in_window(p.line)) {
                if let Some(index) = gold.iter().position(|g| g.1 == prediction.bytes && !g.3) {
                    matched[index] = true;
                    score.true_positives += 1;
                    let record = &gold[index].4;
                    if record[value_field].as_str() == Some(prediction.value.as_str()) {
                        score.value_right += 1;
                    } else {
                        score.errors.push(format!(
                            "value: {} vs gold {}",
                            prediction.value, record[value_field]
                        ));
                    }
                    if record[type_field].as_str() == Some(prediction.kind_of.as_str()) {
                        score.type_right += 1;
                    } else {
                        score.errors.push(format!(
                            "type of {}: {} vs gold {}",
                            prediction.value, prediction.kind_of, record[type_field]
                        ));
                    }
                } else if !gold.iter().any(|g| g.3 && overlaps(g.1, prediction.bytes)) {
                    // Predictions overlapping an optional gold mention are ignored.
                    score.false_positives += 1;
                    let near = gold.iter().any(|g| overlaps(g.1, prediction.bytes));
                    score.overlapping += usize::from(near);
                    score.errors.push(format!(
                        "FP line {}: {} ({})",
                        prediction.line, prediction.value, prediction.kind_of
                    ));
                }
            }
            for (index, gold_mention) in gold.iter().enumerate() {
                if !matched[index] && !gold_mention.3 {
                    score.false_negatives += 1;
                    score.errors.push(format!(
                        "FN line {}: {}",
                        gold_mention.2, gold_mention.4["text"]
                    ));
                }
            }
            score
        }
    }
}
