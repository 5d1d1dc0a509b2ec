//! Criterion benches, one group per stage: decode, normalize, segment, each extractor, rows,
//! write. Input: the embedded seed documents (`zhextract::bench::SEEDS`), so figures are
//! comparable with `zhextract bench`. Run: `cargo bench --bench pipeline`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::disallowed_methods,
    reason = "a benchmark harness writing its scratch corpus"
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use zhextract::bench::SEEDS;
use zhextract::extract::{self, ExtractContext, Extractor, Mentions};
use zhextract::ingest::{self, InputFile, SourceDoc};
use zhextract::normalize::opencc::{OpenccConfig, OpenccConverter};
use zhextract::normalize::{self, NormalizedDoc, ScriptConverter};
use zhextract::pipeline::Analyzed;
use zhextract::rules::Rules;
use zhextract::segment::{self, Segmented, WordSegmenter};
use zhextract::write::rows::{self, DocRows};
use zhextract::write::{DatasetWriter, Manifest, WriteOptions};

struct Fixture {
    dir: tempfile::TempDir,
    files: Vec<(InputFile, Vec<u8>)>,
    bytes: u64,
    rules: Rules,
    converter: OpenccConverter,
    words: WordSegmenter,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let files = SEEDS
        .iter()
        .map(|(name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let input = ingest::walk(std::slice::from_ref(&path), &mut |_| {})
                .unwrap()
                .remove(0);
            (input, text.as_bytes().to_vec())
        })
        .collect();
    let rules = Rules::embedded().unwrap();
    let words = WordSegmenter::new(rules.organizations.dictionary_words());
    Fixture {
        dir,
        files,
        bytes: SEEDS.iter().map(|(_, text)| text.len() as u64).sum(),
        rules,
        converter: OpenccConverter::new(OpenccConfig::T2s),
        words,
    }
}

impl Fixture {
    fn sources(&self) -> Vec<(SourceDoc, &[u8])> {
        self.files
            .iter()
            .map(|(input, bytes)| (ingest::decode_document(input, bytes).unwrap(), &bytes[..]))
            .collect()
    }

    fn normalized(&self, source: &SourceDoc) -> NormalizedDoc {
        normalize::normalize(
            &source.decoded,
            source.lines.clone(),
            source.bytes as usize,
            &self.converter as &dyn ScriptConverter,
        )
    }

    fn segmented(&self) -> Vec<Segmented> {
        self.sources()
            .iter()
            .map(|(source, _)| segment::segment(self.normalized(source), &self.words))
            .collect()
    }
}

fn stages(c: &mut Criterion) {
    let fx = fixture();
    text_stages(c, &fx);
    extract_and_write(c, &fx);
}

/// decode, normalize, segment.
fn text_stages(c: &mut Criterion, fx: &Fixture) {
    let throughput = Throughput::Bytes(fx.bytes);

    let mut group = c.benchmark_group("decode");
    group.throughput(throughput.clone());
    group.bench_function("seeds", |b| {
        b.iter(|| {
            for (input, bytes) in &fx.files {
                black_box(ingest::decode_document(input, bytes).unwrap());
            }
        });
    });
    group.finish();

    let sources = fx.sources();
    let mut group = c.benchmark_group("normalize");
    group.throughput(throughput.clone());
    group.bench_function("seeds", |b| {
        b.iter(|| {
            for (source, _) in &sources {
                black_box(fx.normalized(source));
            }
        });
    });
    group.finish();

    let mut group = c.benchmark_group("segment");
    group.throughput(throughput.clone());
    group.bench_function("seeds", |b| {
        b.iter_batched(
            || {
                sources
                    .iter()
                    .map(|(s, _)| fx.normalized(s))
                    .collect::<Vec<_>>()
            },
            |docs| {
                for doc in docs {
                    black_box(segment::segment(doc, &fx.words));
                }
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

/// Each extractor (seeing what the earlier ones found), then write.
fn extract_and_write(c: &mut Criterion, fx: &Fixture) {
    let throughput = Throughput::Bytes(fx.bytes);
    let sources = fx.sources();
    let segmented = fx.segmented();
    let extractors: Vec<(&str, Box<dyn Extractor>)> = vec![
        (
            "dates",
            Box::new(extract::dates::DateExtractor::new(&fx.rules)),
        ),
        (
            "organizations",
            Box::new(extract::organizations::OrganizationExtractor::new(
                &fx.rules,
            )),
        ),
        (
            "policies",
            Box::new(extract::policies::PolicyExtractor::new(&fx.rules)),
        ),
        (
            "indicators",
            Box::new(extract::indicators::IndicatorExtractor::new(&fx.rules)),
        ),
    ];
    // Each extractor sees what the earlier ones found, as in the registry.
    let mut before: Vec<Mentions> = vec![Mentions::default(); segmented.len()];
    for (name, extractor) in &extractors {
        let mut group = c.benchmark_group(format!("extract_{name}"));
        group.throughput(throughput.clone());
        group.bench_function("seeds", |b| {
            b.iter_batched(
                || before.clone(),
                |mut found| {
                    for (doc, found) in segmented.iter().zip(&mut found) {
                        extractor.extract(doc, &ExtractContext::default(), found);
                    }
                    found
                },
                BatchSize::LargeInput,
            );
        });
        group.finish();
        for (doc, found) in segmented.iter().zip(&mut before) {
            extractor.extract(doc, &ExtractContext::default(), found);
        }
    }

    let analyzed: Vec<Analyzed> = segmented
        .into_iter()
        .zip(before)
        .map(|(segmented, mentions)| Analyzed {
            segmented,
            mentions,
            doc_date: None,
        })
        .collect();
    let mut group = c.benchmark_group("rows");
    group.throughput(throughput.clone());
    group.bench_function("seeds", |b| {
        b.iter(|| {
            sources
                .iter()
                .zip(&analyzed)
                .map(|((source, bytes), analyzed)| rows::build(source, bytes, analyzed))
                .collect::<Vec<DocRows>>()
        });
    });
    group.finish();

    let doc_rows: Vec<DocRows> = sources
        .iter()
        .zip(&analyzed)
        .map(|((source, bytes), analyzed)| rows::build(source, bytes, analyzed))
        .collect();
    let mut group = c.benchmark_group("write");
    group.throughput(throughput);
    group.sample_size(20);
    group.bench_function("seeds", |b| {
        b.iter_batched(
            || doc_rows.clone(),
            |all| {
                let out = fx.dir.path().join("out");
                let options = WriteOptions {
                    force: true,
                    ..WriteOptions::default()
                };
                let mut writer = DatasetWriter::create(&out, &options).unwrap();
                for rows in all {
                    writer.append(rows).unwrap();
                }
                let manifest = Manifest::new("bench", serde_json::Value::Null, "");
                writer.finish(manifest).unwrap().discard().unwrap();
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
