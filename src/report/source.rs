//! The original text of a document, as the report shows it: the source file found through
//! the manifest, checked against `documents.sha256`, decoded in `documents.encoding`, with
//! every mention's original byte offsets turned into offsets of the decoded text.
//!
//! The browser indexes strings in UTF-16 code units, so that is the unit the page gets.
//! The file is decoded piece by piece between consecutive byte offsets of interest (every
//! mention boundary is a character boundary of the original encoding, so each piece decodes
//! on its own), and the decoded text is the concatenation of the pieces: offsets and text
//! come from the same decoding, for UTF-8, GB18030, Big5 and UTF-16 alike, astral
//! characters (two UTF-16 units) included.

use std::path::PathBuf;

use crate::ingest::decode::decode_slice;
use crate::write::manifest::Manifest;
use crate::write::rows::DocumentRow;

/// A decoded source file and the positions of the byte offsets it was asked about.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceText {
    /// The original text, byte-order mark removed, line breaks kept.
    pub text: String,
    /// Sorted byte offsets (clamped to the text's bytes) and, for each, its position in
    /// the decoded text: (original byte, UTF-16 offset, UTF-8 offset).
    points: Vec<(u64, u32, usize)>,
}

/// Where a position of the decoded text is, in the two units the report needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    /// Offset in UTF-16 code units (what JavaScript strings index).
    pub utf16: u32,
    /// Offset in bytes of the decoded UTF-8 [`SourceText::text`].
    pub utf8: usize,
}

impl SourceText {
    /// Decodes `bytes` in `encoding` (a `documents.encoding` name), remembering where each
    /// of `offsets` (original byte offsets) lands in the decoded text.
    pub fn decode(bytes: &[u8], encoding: &str, offsets: impl IntoIterator<Item = u64>) -> Self {
        let len = bytes.len() as u64;
        let bom = bom_len(bytes, encoding);
        let mut cuts: Vec<u64> = offsets
            .into_iter()
            .map(|offset| offset.clamp(bom, len))
            .chain([bom, len])
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut text = String::with_capacity(bytes.len());
        let mut points = Vec::with_capacity(cuts.len());
        let (mut previous, mut utf16) = (bom, 0u32);
        for cut in cuts {
            if cut > previous {
                let piece = decode_slice(&bytes[to_usize(previous)..to_usize(cut)], encoding);
                utf16 += u32::try_from(piece.encode_utf16().count()).unwrap_or(u32::MAX);
                text.push_str(&piece);
                previous = cut;
            }
            points.push((cut, utf16, text.len()));
        }
        Self { text, points }
    }

    /// The position of original byte `offset` (one of those given to [`Self::decode`]).
    pub fn position(&self, offset: u64) -> Position {
        let index = self.points.partition_point(|&(byte, _, _)| byte < offset);
        let (_, utf16, utf8) = self
            .points
            .get(index)
            .or_else(|| self.points.last())
            .copied()
            .unwrap_or_default();
        Position { utf16, utf8 }
    }

    /// The decoded text between two original byte offsets given to [`Self::decode`].
    pub fn slice(&self, start: u64, end: u64) -> &str {
        let (start, end) = (self.position(start).utf8, self.position(end).utf8);
        self.text.get(start..end.max(start)).unwrap_or_default()
    }
}

/// The length of the byte-order mark `decode_slice` would keep as U+FEFF.
fn bom_len(bytes: &[u8], encoding: &str) -> u64 {
    let bom: &[u8] = match encoding {
        "UTF-8" => &[0xEF, 0xBB, 0xBF],
        "UTF-16LE" => &[0xFF, 0xFE],
        "UTF-16BE" => &[0xFE, 0xFF],
        _ => &[],
    };
    if !bom.is_empty() && bytes.starts_with(bom) {
        bom.len() as u64
    } else {
        0
    }
}

fn to_usize(offset: u64) -> usize {
    usize::try_from(offset).unwrap_or(usize::MAX)
}

/// Reads the source file of `document`: the manifest's `absolute_path` for its `doc_id`,
/// else `documents.source_path`. A file that is missing or no longer has the recorded
/// sha256 is refused with a message for the page (its offsets would not fit).
pub(crate) fn read_source(document: &DocumentRow, manifest: &Manifest) -> Result<Vec<u8>, String> {
    let path = manifest
        .inputs
        .iter()
        .find(|input| input.doc_id == document.doc_id)
        .map_or_else(
            || PathBuf::from(&document.source_path),
            |input| PathBuf::from(&input.absolute_path),
        );
    let bytes =
        std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let sha256 = crate::ingest::sha256_hex(&bytes);
    if sha256 == document.sha256 {
        Ok(bytes)
    } else {
        Err(format!(
            "{} has changed since the run (sha256 {sha256}, the dataset recorded {})",
            path.display(),
            document.sha256
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, encoding: &str) -> Vec<u8> {
        let encoding = crate::ingest::decode::encoding_by_name(encoding).unwrap();
        if encoding == encoding_rs::UTF_16LE {
            return text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        }
        if encoding == encoding_rs::UTF_16BE {
            return text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        }
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{text} in {}", encoding.name());
        bytes.into_owned()
    }

    /// Byte offset in `encoding` of the char at `chars` chars into `text`.
    fn byte_offset(text: &str, chars: usize, encoding: &str) -> u64 {
        let prefix: String = text.chars().take(chars).collect();
        encode(&prefix, encoding).len() as u64
    }

    #[test]
    fn offsets_map_to_utf16_positions_in_every_encoding() {
        // 2.3万 in a Traditional sentence with a line break; 𠮷 is astral (two UTF-16 units).
        let cases = [
            ("UTF-8", "臺灣2023年出口\n成長2.3萬𠮷元。"),
            ("GB18030", "深圳2023年出口\n增长2.3万𠮷元。"),
            ("Big5", "臺灣2023年出口\n成長2.3萬元。"),
            ("UTF-16LE", "臺灣2023年出口\n成長2.3萬𠮷元。"),
            ("UTF-16BE", "臺灣2023年出口\n成長2.3萬𠮷元。"),
        ];
        for (encoding, text) in cases {
            let bytes = encode(text, encoding);
            let chars: Vec<char> = text.chars().collect();
            let (start, end) = (
                byte_offset(text, 11, encoding),
                byte_offset(text, chars.len() - 1, encoding),
            );
            let source = SourceText::decode(&bytes, encoding, [start, end]);
            assert_eq!(source.text, text, "{encoding}");
            let expected: String = chars[11..chars.len() - 1].iter().collect();
            assert_eq!(source.slice(start, end), expected, "{encoding}");
            let utf16_start = chars[..11].iter().map(|c| c.len_utf16()).sum::<usize>();
            assert_eq!(
                source.position(start).utf16 as usize,
                utf16_start,
                "{encoding}"
            );
        }
    }

    #[test]
    fn byte_order_mark_is_dropped_but_counted_in_offsets() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("增长8.3%".as_bytes());
        let source = SourceText::decode(&bytes, "UTF-8", [9, 13]);
        assert_eq!(source.text, "增长8.3%");
        assert_eq!(source.slice(9, 13), "8.3%");
        assert_eq!(source.position(9).utf16, 2);
        assert_eq!(source.position(0).utf16, 0);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let source = SourceText::decode("二〇二三年".as_bytes(), "UTF-8", [3, 99]);
        assert_eq!(source.slice(3, 99), "〇二三年");
    }
}
