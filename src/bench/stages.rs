//! Per-stage timing for `zhextract bench`, and the bare jieba-rs reference.
//!
//! Each document goes through the same calls as [`crate::pipeline::Pipeline::process`],
//! one stage at a time with a clock around each; documents run in parallel in chunks
//! (memory stays bounded) and rows are appended to a scratch dataset in order, timing
//! `write` on the calling thread.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::batch::BatchError;
use crate::extract::{self, ExtractContext, Extractor, Mentions};
use crate::ingest::{self, InputFile};
use crate::normalize::{self, opencc::OpenccConverter, ScriptConverter};
use crate::pipeline::{Analyzed, PipelineConfig};
use crate::rules::Rules;
use crate::segment::{self, WordSegmenter};
use crate::write::rows::{self, DocRows};
use crate::write::{DatasetWriter, WriteOptions};

use super::Figure;

/// Stage names, in pipeline order.
pub const STAGE_NAMES: &[&str] = &[
    "read",
    "decode+hash",
    "normalize",
    "segment",
    "extract dates",
    "extract organizations",
    "extract policies",
    "extract indicators",
    "rows",
    "write",
];

/// Summed seconds of one stage over a corpus.
#[derive(Clone, Debug, Default)]
pub struct StageTime {
    /// Stage name (one of [`STAGE_NAMES`]).
    pub name: &'static str,
    /// Input bytes of the documents that went through it.
    pub bytes: u64,
    /// Documents that went through it.
    pub documents: u64,
    /// Summed per-document seconds.
    pub seconds: f64,
}

/// Documents analyzed in parallel before their rows are written.
const CHUNK: usize = 64;

struct Parts {
    converter: OpenccConverter,
    words: WordSegmenter,
    extractors: Vec<Box<dyn Extractor>>,
    max_bytes: u64,
}

/// Times every stage over `files`, writing a scratch dataset at `scratch` (removed after).
///
/// # Errors
/// When the scratch dataset cannot be written.
pub fn measure(
    rules: &Rules,
    files: &[InputFile],
    scratch: &Path,
) -> Result<Vec<StageTime>, BatchError> {
    let parts = Parts {
        converter: OpenccConverter::new(normalize::opencc::OpenccConfig::T2s),
        words: WordSegmenter::new(rules.organizations.dictionary_words()),
        extractors: vec![
            Box::new(extract::dates::DateExtractor::new(rules)),
            Box::new(extract::organizations::OrganizationExtractor::new(rules)),
            Box::new(extract::policies::PolicyExtractor::new(rules)),
            Box::new(extract::indicators::IndicatorExtractor::new(rules)),
        ],
        max_bytes: PipelineConfig::default().max_file_bytes,
    };
    let mut totals: Vec<StageTime> = STAGE_NAMES
        .iter()
        .map(|&name| StageTime {
            name,
            ..StageTime::default()
        })
        .collect();
    let options = WriteOptions {
        force: true,
        ..WriteOptions::default()
    };
    let mut writer = DatasetWriter::create(scratch, &options)?;
    for chunk in files.chunks(CHUNK) {
        let results: Vec<(Vec<f64>, u64, DocRows)> = chunk
            .par_iter()
            .map(|file| one_document(&parts, file))
            .collect();
        for (seconds, bytes, doc_rows) in results {
            for (total, spent) in totals.iter_mut().zip(&seconds) {
                total.seconds += spent;
                total.bytes += bytes;
                total.documents += 1;
            }
            let start = Instant::now();
            writer.append(doc_rows)?;
            let write = &mut totals[STAGE_NAMES.len() - 1];
            write.seconds += start.elapsed().as_secs_f64();
            write.bytes += bytes;
            write.documents += 1;
        }
    }
    let staged = writer.finish(crate::write::Manifest::new(
        env!("CARGO_PKG_VERSION"),
        serde_json::Value::Null,
        "",
    ))?;
    staged.discard()?;
    Ok(totals)
}

/// One document stage by stage: seconds per stage (all but `write`), bytes, rows.
fn one_document(parts: &Parts, file: &InputFile) -> (Vec<f64>, u64, DocRows) {
    let mut clock = Clock::new();
    let Ok(bytes) = ingest::read_bytes(file, parts.max_bytes) else {
        return (clock.laps, 0, DocRows::default());
    };
    clock.lap();
    let Ok(source) = ingest::decode_document(file, &bytes) else {
        return (clock.laps, bytes.len() as u64, DocRows::default());
    };
    clock.lap();
    let normalized = normalize::normalize(
        &source.decoded,
        source.lines.clone(),
        bytes.len(),
        &parts.converter as &dyn ScriptConverter,
    );
    clock.lap();
    let segmented = segment::segment(normalized, &parts.words);
    clock.lap();
    let doc_date = extract::dates::find_document_date(&segmented);
    let context = ExtractContext {
        reference_date: doc_date,
    };
    let mut mentions = Mentions::default();
    for extractor in &parts.extractors {
        extractor.extract(&segmented, &context, &mut mentions);
        clock.lap();
    }
    let analyzed = Analyzed {
        segmented,
        mentions,
        doc_date,
    };
    let doc_rows = rows::build(&source, &bytes, &analyzed);
    clock.lap();
    (clock.laps, bytes.len() as u64, doc_rows)
}

struct Clock {
    last: Instant,
    laps: Vec<f64>,
}

impl Clock {
    fn new() -> Self {
        Self {
            last: Instant::now(),
            laps: Vec::with_capacity(STAGE_NAMES.len()),
        }
    }

    fn lap(&mut self) {
        let now = Instant::now();
        self.laps.push((now - self.last).as_secs_f64());
        self.last = now;
    }
}

/// Bare jieba-rs `tag` (HMM on, default dictionary) over each document's decoded text,
/// timed by wall clock around the parallel tagging only (reading and decoding excluded).
pub fn bare_jieba(files: &[InputFile]) -> Figure {
    let jieba = jieba_rs::Jieba::new();
    let mut seconds = 0.0;
    let mut bytes = 0u64;
    let mut documents = 0u64;
    for chunk in files.chunks(CHUNK * 4) {
        let texts: Vec<String> = chunk
            .par_iter()
            .filter_map(|file| {
                let raw = ingest::read_bytes(file, u64::MAX).ok()?;
                ingest::decode_document(file, &raw)
                    .ok()
                    .map(|source| source.decoded.text)
            })
            .collect();
        let start = Instant::now();
        let words: usize = texts.par_iter().map(|text| tag_count(&jieba, text)).sum();
        seconds += start.elapsed().as_secs_f64();
        std::hint::black_box(words);
        bytes += texts.iter().map(|text| text.len() as u64).sum::<u64>();
        documents += texts.len() as u64;
    }
    Figure {
        name: "jieba-rs tag (bare)".to_string(),
        bytes,
        documents,
        seconds,
        peak_rss: None,
    }
}

#[expect(
    clippy::disallowed_methods,
    reason = "the bare jieba reference must call jieba-rs directly"
)]
fn tag_count(jieba: &jieba_rs::Jieba, text: &str) -> usize {
    jieba.tag(text, true).len()
}
