//! The provenance invariant (SCHEMA.md) as a property: for generated mixed text — CJK in
//! both scripts, digits, full-width forms, PDF spaces, CRLF and CR, hard wraps — every
//! sentence's original bytes decode to text that normalizes to the sentence's text, and
//! its lines are the lines holding its first and last byte.

use proptest::prelude::*;

use zhextract::ingest::{
    decode::decode_slice, decode_document, line_index_of_bytes, IngestError, InputFile,
};
use zhextract::normalize::opencc::{OpenccConfig, OpenccConverter};
use zhextract::normalize::{normalize, normalize_fragment};
use zhextract::segment::sentences;

/// Pieces the generator strings together.
const PIECES: &[&str] = &[
    "深圳",
    "研發",
    "投入",
    "達到",
    "億元",
    "发展",
    "产业",
    "萬家",
    "著作",
    "乾燥",
    "后来",
    "2019",
    "20",
    "0",
    "1880.49",
    "１２",
    "３．５",
    "％",
    "%",
    "ＧＤＰ",
    "GDP",
    "Hello",
    "world",
    " ",
    "  ",
    "　",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "。",
    "，",
    "；",
    "“",
    "”",
    "《",
    "》",
    "—",
    "年",
    "月",
    "(",
    ")",
    "（一）",
    "、",
    "1.",
    "-",
    "图1 ",
    "资料来源：",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|pieces| pieces.concat())
}

fn check(original: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let input = InputFile {
        doc_id: "generated.txt".to_string(),
        path: "generated.txt".into(),
    };
    let source = match decode_document(&input, bytes) {
        // Empty and whitespace-only files are error rows in a run: no sentences to check.
        Err(IngestError::NoText { .. }) => return Ok(()),
        result => result.map_err(|e| TestCaseError::fail(e.to_string()))?,
    };
    let converter = OpenccConverter::new(OpenccConfig::T2s);
    let doc = normalize(
        &source.decoded,
        source.lines.clone(),
        bytes.len(),
        &converter,
    );
    let lines = line_index_of_bytes(bytes, source.decoded.encoding);
    for sentence in sentences::split(&doc) {
        let text = &doc.text[sentence.span];
        let span = doc.map.to_source(sentence.span);
        let (start, end) = (span.byte_start as usize, span.byte_end as usize);
        let source_text = decode_slice(&bytes[start..end], source.decoded.encoding);
        prop_assert_eq!(
            normalize_fragment(&source_text, &converter),
            text,
            "sentence {:?} from {:?} in {:?}",
            text,
            source_text,
            original
        );
        prop_assert_eq!(span.line_start, lines.line_of(span.byte_start));
        prop_assert_eq!(span.line_end, lines.line_of(span.byte_end - 1));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sentences_map_back_to_their_bytes_utf8(text in document()) {
        check(&text, text.as_bytes())?;
    }

    #[test]
    fn sentences_map_back_to_their_bytes_utf16(text in document()) {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        check(&text, &bytes)?;
    }

    /// Issue 7 (found by fuzzing): text in every encoding with a few bytes corrupted or
    /// cut off. Invalid sequences must become U+FFFD exactly as `decode_slice` decodes them,
    /// so rows still map back (GB18030 lead + digit, UTF-16 lead surrogate before an odd
    /// last byte, UTF-8 with bad bytes not read as GB18030).
    #[test]
    fn damaged_text_in_any_encoding_keeps_the_invariant(
        text in document(),
        encoding in 0..5usize,
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in any::<bool>(),
    ) {
        let mut bytes = match encoding {
            0 => text.as_bytes().to_vec(),
            1 => encoding_rs::GB18030.encode(&text).0.into_owned(),
            2 => encoding_rs::BIG5.encode(&text).0.into_owned(),
            3 => [&[0xFF, 0xFE][..], &text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>()].concat(),
            _ => [&[0xFE, 0xFF][..], &text.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<_>>()].concat(),
        };
        for (at, byte) in damage {
            let at = at.index(bytes.len() + 1);
            bytes.insert(at, byte);
        }
        if cut && !bytes.is_empty() {
            bytes.pop();
        }
        if zhextract::ingest::decode::decode(&bytes).is_ok() {
            check(&text, &bytes)?;
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_keep_the_invariant(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if zhextract::ingest::decode::decode(&bytes).is_ok() {
            check("<bytes>", &bytes)?;
        }
    }
}
