//! Decoding with a byte map: every decoded char knows the original bytes it came from.
//!
//! Order of decisions: a BOM (UTF-8, UTF-16LE/BE) wins; then UTF-16 without BOM (NUL bytes
//! on one parity, which no UTF-8, GB18030 or Big5 text has, and the text decodes cleanly to
//! plausible characters); then strict UTF-8; then a binary check; then chardetng's guess
//! between GB18030 and Big5 (the legacy encodings of Chinese text), falling back to UTF-8
//! with replacement when the bytes are mostly UTF-8. Invalid sequences inside an otherwise
//! good file are replaced with U+FFFD and counted, never fatal.

use std::ops::Range;

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Why bytes could not be decoded as text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes start with a known binary signature or hold NUL or control bytes.
    #[error("not a text file: its bytes look like {kind}; {}", binary_advice(.kind))]
    Binary {
        /// `PDF`, `PNG image`, `JPEG image`, `GIF image`, `ZIP archive`, `gzip archive`,
        /// `binary data (NUL bytes)` or `binary data (control bytes)`.
        kind: &'static str,
    },
    /// No supported encoding decodes the bytes without many errors.
    #[error(
        "not text in a supported encoding (UTF-8, UTF-16, GB18030, Big5): {invalid} of {total} \
         sequences are invalid even in the best guess, {encoding}; convert the file to UTF-8 \
         (e.g. `iconv -f <its encoding> -t UTF-8`) or remove it from the inputs"
    )]
    Undecodable {
        /// The best guess.
        encoding: &'static str,
        /// Invalid sequences under it.
        invalid: usize,
        /// All sequences.
        total: usize,
    },
}

/// Decoded text plus the map back to original bytes.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text (BOM removed, nothing else changed: line endings stay).
    pub text: String,
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030` or `Big5`.
    pub encoding: &'static str,
    /// Byte sequences replaced with U+FFFD because they were invalid.
    pub invalid_sequences: u64,
    map: ByteMap,
}

/// Decoded byte offset → original byte range.
#[derive(Clone, Debug)]
enum ByteMap {
    /// UTF-8 without errors: original = decoded + `shift` (the BOM length).
    Shift(usize),
    /// One entry per decoded char: its decoded start and original `[start, end)`.
    Table {
        decoded_starts: Vec<u32>,
        source_starts: Vec<u32>,
        source_ends: Vec<u32>,
    },
}

impl Decoded {
    /// A cursor for in-order lookups of original byte ranges.
    #[must_use]
    pub fn cursor(&self) -> SourceCursor<'_> {
        SourceCursor {
            decoded: self,
            index: 0,
        }
    }

    /// Decoded UTF-8 text with an identity map (for fragments and tests).
    #[must_use]
    pub fn utf8_identity(text: &str) -> Self {
        Self {
            text: text.to_string(),
            encoding: "UTF-8",
            invalid_sequences: 0,
            map: ByteMap::Shift(0),
        }
    }

    /// The original byte range of the decoded char starting at `decoded_offset`, which
    /// must be a char boundary of [`Self::text`].
    #[must_use]
    pub fn source_range_of_char(&self, decoded_offset: usize, char_len: usize) -> Range<usize> {
        match &self.map {
            ByteMap::Shift(shift) => decoded_offset + shift..decoded_offset + char_len + shift,
            ByteMap::Table {
                decoded_starts,
                source_starts,
                source_ends,
            } => {
                let offset = u32::try_from(decoded_offset).unwrap_or(u32::MAX);
                let index = decoded_starts.partition_point(|&start| start < offset);
                source_starts[index] as usize..source_ends[index] as usize
            }
        }
    }
}

/// Walks decoded offsets in increasing order, answering their original byte ranges in
/// amortized constant time (the normalizing pass visits every char once, in order).
#[derive(Debug)]
pub struct SourceCursor<'a> {
    decoded: &'a Decoded,
    index: usize,
}

impl SourceCursor<'_> {
    /// The original byte range of the decoded char at `decoded_offset` (`char_len` bytes
    /// long). Offsets must not decrease between calls.
    pub fn range(&mut self, decoded_offset: usize, char_len: usize) -> Range<usize> {
        match &self.decoded.map {
            ByteMap::Shift(shift) => decoded_offset + shift..decoded_offset + char_len + shift,
            ByteMap::Table {
                decoded_starts,
                source_starts,
                source_ends,
            } => {
                while decoded_starts
                    .get(self.index)
                    .is_some_and(|&start| (start as usize) < decoded_offset)
                {
                    self.index += 1;
                }
                source_starts[self.index] as usize..source_ends[self.index] as usize
            }
        }
    }
}

/// Decodes `bytes`, detecting the encoding.
///
/// # Errors
/// When the bytes are binary or not text in a supported encoding.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return Ok(decode_with(encoding, bytes, bom));
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Ok(decode_with(encoding, bytes, 0));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Some(kind) = binary_kind(bytes) {
            return Err(DecodeError::Binary { kind });
        }
        return Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
            invalid_sequences: 0,
            map: ByteMap::Shift(0),
        });
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(DecodeError::Binary { kind });
    }
    let utf8 = decode_with(UTF_8, bytes, 0);
    if mostly_utf8(&utf8) {
        return Ok(utf8);
    }
    let decoded = decode_with(guess_legacy(bytes), bytes, 0);
    let best = if utf8.invalid_sequences <= decoded.invalid_sequences {
        utf8
    } else {
        decoded
    };
    let total = best.text.chars().count().max(1);
    let invalid = usize::try_from(best.invalid_sequences).unwrap_or(usize::MAX);
    if invalid * 20 > total {
        return Err(DecodeError::Undecodable {
            encoding: best.encoding,
            invalid,
            total,
        });
    }
    Ok(best)
}

/// UTF-8 with a few bad bytes rather than a legacy encoding: at least ten valid non-ASCII
/// chars per invalid sequence. The UTF-8 bytes of CJK text are mostly valid GB18030 pairs,
/// so a count of errors alone would read such a file as GB18030 mojibake; GB18030 or Big5
/// text, read as UTF-8, has about one invalid sequence per char.
fn mostly_utf8(utf8: &Decoded) -> bool {
    let valid_non_ascii = utf8
        .text
        .chars()
        .filter(|&ch| !ch.is_ascii() && ch != '\u{FFFD}')
        .count() as u64;
    valid_non_ascii >= 10 * utf8.invalid_sequences
}

/// Decodes a slice of an original file in a known encoding (for `validate` and `show`):
/// what `source_text` must equal. Invalid sequences become U+FFFD.
///
/// The slice decodes as if a line feed followed it: a GB18030 lead byte and digit at the
/// end of a slice are then an error of the lead and a digit, as inside the file, where the
/// next byte decides; at the very end of a file [`decode`] reads them the same way.
#[must_use]
pub fn decode_slice(bytes: &[u8], encoding: &str) -> String {
    let encoding = encoding_by_name(encoding).unwrap_or(UTF_8);
    if encoding == GB18030 {
        let mut text = encoding
            .decode_without_bom_handling(&[bytes, b"\n"].concat())
            .0
            .into_owned();
        text.pop();
        return text;
    }
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding_rs encoding for one of our encoding names.
#[must_use]
pub fn encoding_by_name(name: &str) -> Option<&'static Encoding> {
    match name {
        "UTF-8" => Some(UTF_8),
        "UTF-16LE" => Some(UTF_16LE),
        "UTF-16BE" => Some(UTF_16BE),
        "GB18030" => Some(GB18030),
        "Big5" => Some(BIG5),
        _ => None,
    }
}

/// Our name for an encoding_rs encoding.
fn our_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else if encoding == BIG5 {
        "Big5"
    } else if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else {
        "UTF-8"
    }
}

/// What to do about a file that is not text, by its [`DecodeError::Binary`] kind.
fn binary_advice(kind: &str) -> &'static str {
    match kind {
        "PDF" => "extract its text first (e.g. `pdftotext -layout FILE`) and pass the text file",
        "ZIP archive" => {
            "if it is a Word or Excel file, save it as plain text first; otherwise unpack it"
        }
        _ => {
            "convert it to plain text (UTF-8, GB18030, Big5 or UTF-16) or remove it from the inputs"
        }
    }
}

/// Recognizes common binary formats and NUL-laden data.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1F\x8B", "gzip archive"),
    ];
    if let Some((_, kind)) = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(kind);
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if sample.contains(&0) {
        Some("binary data (NUL bytes)")
    } else {
        (controls * 10 > sample.len()).then_some("binary data (control bytes)")
    }
}

/// UTF-16 without BOM. NUL bytes never occur in UTF-8, GB18030 or Big5 text, but are the
/// high byte of every ASCII char in UTF-16; so: NUL bytes mostly on one parity (the high
/// byte of `一` and a few other CJK chars is NUL in the other), a clean decode, and at
/// least 90% plausible text chars (binary data decodes to controls and unpaired surrogates).
/// Chinese text with no ASCII at all has no NUL bytes and is not recognized: it needs a BOM.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 || memchr::memchr(0, bytes).is_none() {
        return None;
    }
    let zero_high = bytes.chunks_exact(2).filter(|pair| pair[1] == 0).count();
    let zero_low = bytes.chunks_exact(2).filter(|pair| pair[0] == 0).count();
    let candidate = if zero_high > zero_low * 4 {
        UTF_16LE
    } else if zero_low > zero_high * 4 {
        UTF_16BE
    } else {
        return None;
    };
    // Pure ASCII pairs decode to plausible CJK (`ab` is U+6261): ASCII with a stray NUL is
    // not UTF-16 unless the NULs are the high bytes of most of its chars.
    if bytes.is_ascii() && zero_high.max(zero_low) * 2 <= bytes.len() / 2 {
        return None;
    }
    let (text, had_errors) = candidate.decode_without_bom_handling(bytes);
    let chars = text.chars().count();
    let plausible = text.chars().filter(|&ch| plausible_text_char(ch)).count();
    (!had_errors && plausible * 10 >= chars * 9).then_some(candidate)
}

/// Chars a Chinese or English text is made of: ASCII text and whitespace, Latin-1, general
/// punctuation and symbols, CJK (radicals to unified ideographs, compatibility, extension
/// planes), CJK compatibility forms, full- and half-width forms.
fn plausible_text_char(ch: char) -> bool {
    matches!(ch,
        '\t' | '\n' | '\r' | '\u{0C}' | ' '..='~' | '\u{A0}'..='\u{24F}'
        | '\u{2000}'..='\u{2BFF}' | '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// chardetng's guess, narrowed to the two legacy encodings of Chinese text.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == BIG5 {
        BIG5
    } else if guess == GB18030 || guess == encoding_rs::GBK {
        GB18030
    } else {
        // Neither: pick the one with fewer errors.
        let gb = GB18030.decode_without_bom_handling(bytes).0;
        let big5 = BIG5.decode_without_bom_handling(bytes).0;
        let errors = |text: &str| text.chars().filter(|&ch| ch == '\u{FFFD}').count();
        if errors(&big5) < errors(&gb) {
            BIG5
        } else {
            GB18030
        }
    }
}

/// Decodes sequence by sequence so each char knows its original bytes.
fn decode_with(encoding: &'static Encoding, bytes: &[u8], bom: usize) -> Decoded {
    if encoding == UTF_8 {
        return decode_utf8_lossy(bytes, bom);
    }
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut decoded_starts = Vec::with_capacity(bytes.len() / 2);
    let mut source_starts = Vec::with_capacity(bytes.len() / 2);
    let mut source_ends = Vec::with_capacity(bytes.len() / 2);
    let mut invalid = 0u64;
    let mut at = bom;
    while at < bytes.len() {
        let (len, piece) = next_sequence(encoding, &bytes[at..]);
        let mut push = |ch: char, text: &mut String| {
            decoded_starts.push(to_u32(text.len()));
            source_starts.push(to_u32(at));
            source_ends.push(to_u32(at + len));
            text.push(ch);
        };
        match piece {
            Piece::Ascii(byte) => push(char::from(byte), &mut text),
            Piece::Text(decoded) => decoded.chars().for_each(|ch| push(ch, &mut text)),
            Piece::Invalid => {
                invalid += 1;
                push('\u{FFFD}', &mut text);
            }
        }
        at += len;
    }
    Decoded {
        text,
        encoding: our_name(encoding),
        invalid_sequences: invalid,
        map: ByteMap::Table {
            decoded_starts,
            source_starts,
            source_ends,
        },
    }
}

/// One decoded byte sequence.
enum Piece<'a> {
    /// A plain ASCII byte.
    Ascii(u8),
    /// The chars of a valid sequence.
    Text(std::borrow::Cow<'a, str>),
    /// An invalid sequence: one U+FFFD.
    Invalid,
}

/// The length and decoding of the next sequence of `rest`. A two-byte sequence whose
/// unmapped trail byte is ASCII (`0x40..=0x7E`) is an error of the lead byte alone, the
/// trail read again (WHATWG); a GB18030 lead and digit cut off by the end of the file are
/// one error.
fn next_sequence<'a>(encoding: &'static Encoding, rest: &'a [u8]) -> (usize, Piece<'a>) {
    let len = sequence_len(encoding, rest);
    let sequence = &rest[..len];
    if len == 1 && sequence[0] < 0x80 && !is_utf16(encoding) {
        return (1, Piece::Ascii(sequence[0]));
    }
    match encoding.decode_without_bom_handling_and_without_replacement(sequence) {
        Some(text) => (len, Piece::Text(text)),
        None if len == 2 && !is_utf16(encoding) && (0x40..0x80).contains(&sequence[1]) => {
            (1, Piece::Invalid)
        }
        None => (len, Piece::Invalid),
    }
}

fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// Length of the byte sequence starting `rest` under `encoding`'s rules. Invalid bytes
/// are grouped exactly as the WHATWG decoders (encoding_rs) group them into U+FFFD, so
/// [`decode_slice`] of any run of whole sequences gives the same chars: a lead byte with
/// a non-ASCII byte that is no trail is one error of two bytes; with an ASCII byte that is
/// no trail, an error of the lead alone.
fn sequence_len(encoding: &'static Encoding, rest: &[u8]) -> usize {
    let lead = rest[0];
    let next = rest.get(1).copied();
    if is_utf16(encoding) {
        let unit = |i: usize| -> Option<u16> {
            let (a, b) = (*rest.get(i)?, *rest.get(i + 1)?);
            Some(if encoding == UTF_16LE {
                u16::from_le_bytes([a, b])
            } else {
                u16::from_be_bytes([a, b])
            })
        };
        return match unit(0) {
            // A lead surrogate: with its trail, four bytes; before another unit, an error of
            // its own; before the end of the file (even a lone last byte), one error of all.
            Some(high) if (0xD800..0xDC00).contains(&high) => match unit(2) {
                Some(low) if (0xDC00..0xE000).contains(&low) => 4,
                Some(_) => 2,
                None => rest.len(),
            },
            Some(_) => 2,
            None => rest.len(),
        };
    }
    if !(0x81..=0xFE).contains(&lead) {
        return 1;
    }
    match next {
        Some(0x30..=0x39) if encoding == GB18030 => gb18030_four_byte_len(rest),
        Some(0x40..=0x7E | 0x80..=0xFF) => 2,
        _ => 1,
    }
}

/// A GB18030 lead followed by a digit: four bytes when the third is a lead and the fourth
/// a digit; otherwise the lead alone (the rest is read again), also when the file ends
/// inside the sequence (as if a line feed followed, like [`decode_slice`]).
fn gb18030_four_byte_len(rest: &[u8]) -> usize {
    match (rest.get(2), rest.get(3)) {
        (Some(third), Some(fourth))
            if (0x81..=0xFE).contains(third) && (0x30..=0x39).contains(fourth) =>
        {
            4
        }
        _ => 1,
    }
}

/// UTF-8 with invalid sequences replaced and counted.
fn decode_utf8_lossy(bytes: &[u8], bom: usize) -> Decoded {
    let body = &bytes[bom..];
    if let Ok(text) = std::str::from_utf8(body) {
        return Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
            invalid_sequences: 0,
            map: ByteMap::Shift(bom),
        };
    }
    let mut text = String::with_capacity(body.len());
    let mut decoded_starts = Vec::with_capacity(body.len() / 2);
    let mut source_starts = Vec::with_capacity(body.len() / 2);
    let mut source_ends = Vec::with_capacity(body.len() / 2);
    let mut invalid = 0u64;
    let mut at = bom;
    for chunk in body.utf8_chunks() {
        for (offset, ch) in chunk.valid().char_indices() {
            decoded_starts.push(to_u32(text.len()));
            source_starts.push(to_u32(at + offset));
            source_ends.push(to_u32(at + offset + ch.len_utf8()));
            text.push(ch);
        }
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            decoded_starts.push(to_u32(text.len()));
            source_starts.push(to_u32(at));
            source_ends.push(to_u32(at + chunk.invalid().len()));
            text.push('\u{FFFD}');
            at += chunk.invalid().len();
        }
    }
    Decoded {
        text,
        encoding: "UTF-8",
        invalid_sequences: invalid,
        map: ByteMap::Table {
            decoded_starts,
            source_starts,
            source_ends,
        },
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).expect("files are limited to 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(decoded: &Decoded, original: &[u8]) {
        for (at, ch) in decoded.text.char_indices() {
            let range = decoded.source_range_of_char(at, ch.len_utf8());
            let encoding = encoding_by_name(decoded.encoding).unwrap();
            let back = encoding.decode_without_bom_handling(&original[range]).0;
            assert_eq!(back.chars().next(), Some(ch), "char at {at}");
        }
    }

    #[test]
    fn utf8_plain_and_bom() {
        let decoded = decode("深圳2024年".as_bytes()).unwrap();
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            ("UTF-8", "深圳2024年")
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "深圳".as_bytes()].concat();
        let decoded = decode(&with_bom).unwrap();
        assert_eq!(decoded.text, "深圳");
        assert_eq!(decoded.source_range_of_char(0, 3), 3..6);
    }

    #[test]
    fn gb18030_and_big5_map_back() {
        let text = "深圳市2019年研发投入达到1328亿元，同比增长12%。";
        let gb = GB18030.encode(text).0.into_owned();
        let decoded = decode(&gb).unwrap();
        assert_eq!((decoded.encoding, decoded.text.as_str()), ("GB18030", text));
        round_trip(&decoded, &gb);
        let traditional = "深圳市研發投入達到一千三百億元，創新驅動發展戰略成效顯著。";
        let big5 = BIG5.encode(traditional).0.into_owned();
        let decoded = decode(&big5).unwrap();
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            ("Big5", traditional)
        );
        round_trip(&decoded, &big5);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "深圳2024年\n创新";
        let units: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let with_bom = [b"\xFF\xFE".as_slice(), &units].concat();
        let decoded = decode(&with_bom).unwrap();
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            ("UTF-16LE", text)
        );
        assert_eq!(decoded.source_range_of_char(0, 3), 2..4);
        let decoded = decode(&units).unwrap();
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            ("UTF-16LE", text)
        );
    }

    #[test]
    fn invalid_utf8_bytes_are_replaced_and_counted() {
        let mut bytes = "深圳创新发展，".repeat(20).into_bytes();
        bytes.splice(9..9, [0xFF, 0xFE]);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        // FF and FE are two invalid sequences (WHATWG maximal subparts): two U+FFFD.
        assert_eq!(decoded.invalid_sequences, 2);
        assert_eq!(decoded.text.matches('\u{FFFD}').count(), 2);
        round_trip(&decoded, &bytes);
    }

    /// Our sequence-by-sequence decoding must give exactly the chars `decode_slice` (that
    /// is, encoding_rs) gives for the whole input, errors included (what `validate`
    /// compares against), and every char's own bytes must decode to it alone.
    fn same_as_encoding_rs(encoding: &'static Encoding, bytes: &[u8]) {
        let decoded = decode_with(encoding, bytes, 0);
        let whole = decode_slice(bytes, decoded.encoding);
        assert_eq!(decoded.text, whole, "{} {bytes:02X?}", decoded.encoding);
        for (at, ch) in decoded.text.char_indices() {
            let range = decoded.source_range_of_char(at, ch.len_utf8());
            let alone = decode_slice(&bytes[range], decoded.encoding);
            assert!(alone.starts_with(ch), "{ch:?} at {at} of {bytes:02X?}");
        }
    }

    #[test]
    fn invalid_legacy_bytes_group_like_encoding_rs() {
        let cases: &[&[u8]] = &[
            b"\xA7\xFF\xB0\xA1",
            b"\xA7\x7F\xB0\xA1",
            b"\x81\x30",
            b"\x81\x30\x81",
            b"\xAD\x36",
            b"\xAD\x36\x20",
            b"\xD9\xD9\x0A",
            b"\xD9\x00\xD9\xD9\x0A",
            b"\x81\x30\x41\x30",
            b"\x81\x30\x81\x41",
            b"\x84\x31\xA5\x30",
            b"\xE3\x32\x9A\x36\x41",
            b"\x81",
            b"\x80\xFF\xFE",
            b"\x87\x40\x81\x41\xA4\x80\xC8\xFF\xA4\x40",
        ];
        for bytes in cases {
            for encoding in [GB18030, BIG5, UTF_16LE, UTF_16BE] {
                same_as_encoding_rs(encoding, bytes);
            }
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..4000 {
            let bytes: Vec<u8> = (0..23 + round % 2)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let alphabet = [0x00, 0x30, 0x41, 0x7F, 0x81, 0xA1, 0xD9, 0xDC, 0xFE, 0xFF];
                    alphabet
                        .get((state % 12) as usize)
                        .copied()
                        .unwrap_or((state >> 8) as u8)
                })
                .collect();
            for encoding in [GB18030, BIG5, UTF_16LE, UTF_16BE] {
                same_as_encoding_rs(encoding, &bytes);
            }
        }
    }

    #[test]
    fn utf8_with_bad_bytes_is_not_read_as_gb18030() {
        let mut bytes = "市发展改革委印发《关于加快建设现代化产业体系的实施意见》。\n"
            .repeat(3)
            .into_bytes();
        bytes.splice(30..30, [0xFF, 0x80, 0x82]);
        let decoded = decode(&bytes).unwrap();
        assert_eq!((decoded.encoding, decoded.invalid_sequences), ("UTF-8", 3));
        assert!(decoded.text.contains("《关于加快建设"));
    }

    #[test]
    fn utf16_without_bom_with_little_ascii() {
        let text = "2023年，全市规模以上工业增加值同比增长6.1%。\n市发展改革委印发《关于加快建设现代化产业体系的实施意见》。\n";
        for (encoding, name) in [(UTF_16LE, "UTF-16LE"), (UTF_16BE, "UTF-16BE")] {
            let units: Vec<u8> = text
                .encode_utf16()
                .flat_map(|unit| {
                    if encoding == UTF_16LE {
                        unit.to_le_bytes()
                    } else {
                        unit.to_be_bytes()
                    }
                })
                .collect();
            let decoded = decode(&units).unwrap();
            assert_eq!((decoded.encoding, decoded.text.as_str()), (name, text));
            round_trip(&decoded, &units);
        }
    }

    #[test]
    fn a_stray_nul_does_not_make_utf16() {
        for text in [
            "plain ascii text with a stray NUL\0 here.",
            "深圳创新\0发展，2024年。",
        ] {
            let error = decode(text.as_bytes()).unwrap_err();
            assert_eq!(
                error,
                DecodeError::Binary {
                    kind: "binary data (NUL bytes)"
                },
                "{text:?}"
            );
        }
    }

    #[test]
    fn messages_say_what_to_do() {
        let pdf = decode(b"%PDF-1.7\n").unwrap_err().to_string();
        assert!(
            pdf.contains("look like PDF") && pdf.contains("pdftotext"),
            "{pdf}"
        );
        let png = decode(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err().to_string();
        assert!(
            png.contains("PNG image") && png.contains("convert it"),
            "{png}"
        );
    }

    #[test]
    fn binary_is_rejected_with_a_reason() {
        assert_eq!(
            decode(b"%PDF-1.7\n\x00\x01\x02").unwrap_err(),
            DecodeError::Binary { kind: "PDF" }
        );
        assert!(decode(&[0u8, 159, 146, 150, 0, 0, 7, 8, 9]).is_err());
    }
}
