//! # Brief overview
//!
//! zhextract turns Chinese economic and policy documents (Simplified or Traditional;
//! UTF-8, GB18030, Big5 or UTF-16; often extracted from PDFs) into a validated Parquet
//! dataset of dates, numeric indicators, organizations and policy instruments, with every
//! row traced back to the bytes and lines of the original file.
//!
//! The stages, one module each, in the order data flows:
//!
//! | stage | module | in → out |
//! | --- | --- | --- |
//! | ingest | [`ingest`] | paths → [`ingest::SourceDoc`] (bytes, encoding, decoded text, byte map) |
//! | normalize | [`normalize`] | → [`normalize::NormalizedDoc`] (simplified, width-folded, re-flowed text + [`normalize::OffsetMap`]) |
//! | segment | [`segment`] | → [`segment::Segmented`] (sentences, jieba words and POS tags) |
//! | extract | [`extract`] | → [`extract::Mentions`] (dates, indicators, organizations, policies) |
//! | validate | [`validate`] | a written dataset → [`validate::Report`] (SCHEMA.md invariants) |
//! | write | [`write`](mod@write) | [`write::rows::DocRows`] → Parquet tables + `manifest.json`, atomically |
//!
//! [`pipeline::Pipeline`] runs one document through ingest → extract; [`batch::run`] runs
//! a whole corpus in parallel, writes, validates and publishes. Provenance has one
//! vocabulary ([`span`]): extractors speak in normalized [`span::Span`]s, and only
//! [`normalize::OffsetMap::to_source`] turns them into original bytes and lines.
//! Rules are data ([`rules`]): units, gazetteers and suffix tables are embedded TOML.
//!
//! ```
//! use zhextract::pipeline::{Pipeline, PipelineConfig};
//! use zhextract::rules::Rules;
//!
//! let pipeline = Pipeline::new(PipelineConfig::default(), &Rules::embedded()?)?;
//! let analyzed = pipeline.analyze_plain("2022年深圳全社会研发投入达到1880.49亿元。\n国务院发布《关于促进创新的意见》。");
//! assert_eq!(analyzed.segmented.sentences.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod batch;
pub mod bench;
pub mod compare;
pub mod evaluate;
pub mod extract;
pub mod incremental;
pub mod ingest;
pub mod merge;
pub mod normalize;
pub mod pipeline;
#[cfg(feature = "python")]
pub mod python;
pub mod read;
pub mod report;
pub mod rules;
pub mod segment;
pub mod span;
pub mod validate;
pub mod write;
