//! One document through every stage: `ingest → normalize → segment → extract`, then its
//! rows for `write`. A [`Pipeline`] holds everything shared and read-only across a run
//! (script converter, jieba dictionary, compiled extractors), built once; [`Pipeline::process`]
//! never fails: a bad document becomes an error row.

use chrono::NaiveDate;

use crate::extract::{ExtractContext, Mentions, Registry};
use crate::ingest::{self, IngestError, InputFile, SourceDoc};
use crate::normalize::opencc::{OpenccConfig, OpenccConverter};
use crate::normalize::{self, ScriptConverter};
use crate::rules::{RuleError, Rules};
use crate::segment::{self, Segmented, WordSegmenter};
use crate::write::rows::{self, DocRows};

/// Settings of a run that change what is extracted (they go into the manifest).
#[derive(Clone, Debug, serde::Serialize)]
pub struct PipelineConfig {
    /// Files larger than this become error rows.
    pub max_file_bytes: u64,
    /// Overrides every document's own date as the reference for relative dates.
    pub reference_date: Option<NaiveDate>,
    /// OpenCC conversion (`t2s`, `tw2s`, `hk2s`, …).
    pub opencc: String,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 * 1024 * 1024,
            reference_date: None,
            opencc: "t2s".to_string(),
        }
    }
}

/// Everything a run shares across documents and threads.
pub struct Pipeline {
    config: PipelineConfig,
    converter: Box<dyn ScriptConverter>,
    words: WordSegmenter,
    registry: Registry,
}

/// A document after extraction, before rows are made.
#[derive(Debug)]
pub struct Analyzed {
    /// The segmented, normalized document.
    pub segmented: Segmented,
    /// What the extractors found.
    pub mentions: Mentions,
    /// The document's own date, if it states one.
    pub doc_date: Option<NaiveDate>,
}

impl Pipeline {
    /// Builds the shared state: converter, jieba (with gazetteer words), extractors.
    ///
    /// # Errors
    /// When the OpenCC configuration name is unknown.
    pub fn new(config: PipelineConfig, rules: &Rules) -> Result<Self, RuleError> {
        let opencc: OpenccConfig = config.opencc.parse().map_err(|_| RuleError::Invalid {
            origin: "--opencc".to_string(),
            table: "opencc",
            message: format!(
                "unknown OpenCC configuration {:?}; use t2s, tw2s, hk2s, tw2sp or hk2sp",
                config.opencc
            ),
        })?;
        Ok(Self {
            converter: Box::new(OpenccConverter::new(opencc)),
            words: WordSegmenter::new(rules.organizations.dictionary_words()),
            registry: Registry::new(rules),
            config,
        })
    }

    /// The run's settings.
    #[must_use]
    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// The script converter (validate needs it to re-normalize fragments).
    #[must_use]
    pub fn converter(&self) -> &dyn ScriptConverter {
        self.converter.as_ref()
    }

    /// Reads, decodes, analyzes one file and makes its rows; never fails.
    #[must_use]
    pub fn process(&self, input: &InputFile) -> DocRows {
        let bytes = match ingest::read_bytes(input, self.config.max_file_bytes) {
            Ok(bytes) => bytes,
            Err(error) => return rows::failed(input, None, &error),
        };
        let source = match ingest::decode_document(input, &bytes) {
            Ok(source) => source,
            Err(error) => return rows::failed(input, Some(&bytes), &error),
        };
        let analyzed = self.analyze(&source);
        rows::build(&source, &bytes, &analyzed)
    }

    /// Normalizes, segments and extracts a decoded document.
    #[must_use]
    pub fn analyze(&self, source: &SourceDoc) -> Analyzed {
        let normalized = normalize::normalize(
            &source.decoded,
            source.lines.clone(),
            usize::try_from(source.bytes).unwrap_or(usize::MAX),
            self.converter.as_ref(),
        );
        self.extract(segment::segment(normalized, &self.words))
    }

    /// Segments and extracts text that is already normalized (notebooks, tests, fuzzing).
    #[must_use]
    pub fn analyze_plain(&self, text: &str) -> Analyzed {
        self.extract(segment::segment_plain(text, &self.words))
    }

    fn extract(&self, segmented: Segmented) -> Analyzed {
        let doc_date = crate::extract::dates::find_document_date(&segmented);
        let context = ExtractContext {
            reference_date: self.config.reference_date.or(doc_date),
        };
        let mentions = self.registry.run(&segmented, &context);
        Analyzed {
            segmented,
            mentions,
            doc_date,
        }
    }
}

/// Keeps `IngestError` in the public vocabulary of this module.
pub type DocumentError = IngestError;
