//! The invariants the fuzz targets assert, written once: the fuzzers call these, and the
//! main test suite compiles this same file (`tests/it/fuzz_regressions.rs`) to replay the
//! crash inputs kept in `fuzz/regressions/<target>/`.
//!
//! * [`decode_normalize`]: bytes → decode → normalize → segment. Every sentence maps back
//!   to original bytes inside the file that decode and normalize to its text, on the lines
//!   holding its first and last byte (SCHEMA.md's provenance invariant); every token lies in
//!   its sentence.
//! * [`extract_bytes`]: UTF-8 → `segment_plain` → the extractors in registry order up to the
//!   one under test. Its mentions are non-empty spans on char boundaries inside the text,
//!   date links point at existing dates, and date bounds are ordered.

use std::sync::LazyLock;

use chrono::NaiveDate;
use zhextract::extract::dates::DateExtractor;
use zhextract::extract::indicators::IndicatorExtractor;
use zhextract::extract::organizations::OrganizationExtractor;
use zhextract::extract::policies::PolicyExtractor;
use zhextract::extract::{DateRef, ExtractContext, Extractor, MentionKind, Mentions};
use zhextract::ingest::decode::decode_slice;
use zhextract::ingest::{decode_document, line_index_of_bytes, InputFile};
use zhextract::normalize::opencc::{OpenccConfig, OpenccConverter};
use zhextract::normalize::{normalize, normalize_fragment};
use zhextract::rules::Rules;
use zhextract::segment::{segment, segment_plain, WordSegmenter};
use zhextract::span::Span;

/// One jieba dictionary for every input (loading it takes ~0.2 s).
static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));

/// The default script converter of a run.
static CONVERTER: LazyLock<OpenccConverter> =
    LazyLock::new(|| OpenccConverter::new(OpenccConfig::T2s));

/// The extractors in the order `extract::Registry` runs them.
static EXTRACTORS: LazyLock<Vec<Box<dyn Extractor>>> = LazyLock::new(|| {
    let rules = Rules::embedded().unwrap_or_else(|error| panic!("embedded rules: {error}"));
    vec![
        Box::new(DateExtractor::new(&rules)),
        Box::new(OrganizationExtractor::new(&rules)),
        Box::new(PolicyExtractor::new(&rules)),
        Box::new(IndicatorExtractor::new(&rules)),
    ]
});

/// Decodes, normalizes and segments `data` as a file; asserts the provenance invariant of
/// every sentence. Bytes the decoder refuses (binary, no text) are fine: that is an error
/// row in a run.
pub fn decode_normalize(data: &[u8]) {
    let input = InputFile {
        doc_id: "fuzz.txt".to_owned(),
        path: "fuzz.txt".into(),
    };
    let Ok(source) = decode_document(&input, data) else {
        return;
    };
    let encoding = source.decoded.encoding;
    let doc = normalize(
        &source.decoded,
        source.lines.clone(),
        data.len(),
        &*CONVERTER,
    );
    let segmented = segment(doc, &WORDS);
    let lines = line_index_of_bytes(data, encoding);
    for sentence in &segmented.sentences {
        let text = &segmented.doc.text[sentence.span];
        let span = segmented.doc.map.to_source(sentence.span);
        let (start, end) = (span.byte_start as usize, span.byte_end as usize);
        assert!(
            start < end && end <= data.len(),
            "sentence {text:?} maps to bytes {start}..{end} of a {}-byte file",
            data.len()
        );
        let source_text = decode_slice(&data[start..end], encoding);
        assert_eq!(
            normalize_fragment(&source_text, &*CONVERTER),
            text,
            "sentence {text:?} from source text {source_text:?} ({encoding})"
        );
        assert_eq!(span.line_start, lines.line_of(span.byte_start), "{text:?}");
        assert_eq!(span.line_end, lines.line_of(span.byte_end - 1), "{text:?}");
        for token in &sentence.tokens {
            assert!(
                sentence.span.contains(token.span),
                "token {:?} outside sentence {:?}",
                token.span,
                sentence.span
            );
        }
    }
}

/// Runs the extractors up to `kind`'s over `data` when it is UTF-8, and checks `kind`'s
/// mentions.
pub fn extract_bytes(kind: MentionKind, data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        extract_text(kind, text);
    }
}

/// [`extract_bytes`] over text. The reference date alternates between none and a fixed
/// day, so both unresolved and resolved relative dates are exercised.
pub fn extract_text(kind: MentionKind, text: &str) {
    let doc = segment_plain(text, &WORDS);
    let context = ExtractContext {
        reference_date: (text.len() % 2 == 1)
            .then(|| NaiveDate::from_ymd_opt(2023, 7, 1))
            .flatten(),
    };
    let mut found = Mentions::default();
    for extractor in EXTRACTORS.iter() {
        extractor.extract(&doc, &context, &mut found);
        if extractor.kind() == kind {
            break;
        }
    }
    check_mentions(kind, text, &found);
}

/// The checks of one kind's mentions.
fn check_mentions(kind: MentionKind, text: &str, found: &Mentions) {
    let dates = found.dates.len();
    let date_ok = |date: Option<DateRef>| date.is_none_or(|DateRef(index)| index < dates);
    match kind {
        MentionKind::Date => {
            for date in &found.dates {
                check_span(text, date.span, date.rule);
                if let (Some(start), Some(end)) = (date.start, date.end) {
                    assert!(start <= end, "{}: {start} after {end}", date.rule);
                }
            }
        }
        MentionKind::Indicator => {
            for indicator in &found.indicators {
                check_span(text, indicator.span, indicator.rule);
                assert!(date_ok(indicator.date), "{}: dangling date", indicator.rule);
            }
        }
        MentionKind::Organization => {
            for organization in &found.organizations {
                check_span(text, organization.span, organization.rule);
            }
        }
        MentionKind::Policy => {
            for policy in &found.policies {
                check_span(text, policy.span, policy.rule);
                assert!(date_ok(policy.date), "{}: dangling date", policy.rule);
            }
        }
        _ => {}
    }
}

/// A mention span is non-empty, inside the text and on char boundaries.
fn check_span(text: &str, span: Span, rule: &str) {
    assert!(
        !span.is_empty() && span.end() <= text.len(),
        "{rule}: span {span:?} in a {}-byte text",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
        "{rule}: span {span:?} is not on char boundaries"
    );
}
