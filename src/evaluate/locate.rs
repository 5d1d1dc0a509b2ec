//! Turning a gold mention (`line` + verbatim `text`) into original-file bytes, the
//! coordinates of the dataset's `byte_start`/`byte_end` columns.
//!
//! GOLD_SPEC: "The scorer locates `text` in the file starting at `line`; it must be found
//! verbatim." The file is decoded with the pipeline's own decoder ([`crate::ingest::decode`]),
//! whose byte map gives every decoded character's original bytes, so GB18030, Big5 and
//! UTF-16 files locate exactly as UTF-8 ones do.

use crate::ingest::decode::{self, DecodeError, Decoded};

/// A gold mention's place in the original file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// First original byte.
    pub byte_start: u64,
    /// One past the last original byte.
    pub byte_end: u64,
    /// 1-based line where the text was found (should equal the gold `line`).
    pub line: u32,
}

/// A decoded source file ready for lookups.
#[derive(Debug)]
pub struct SourceText {
    decoded: Decoded,
    /// Decoded offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Decodes the original bytes of a document.
    ///
    /// # Errors
    /// When the bytes are not text (the pipeline would have failed the document too).
    pub fn new(bytes: &[u8]) -> Result<Self, DecodeError> {
        let decoded = decode::decode(bytes)?;
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', decoded.text.as_bytes()).map(|at| at + 1))
            .collect();
        Ok(Self {
            decoded,
            line_starts,
        })
    }

    /// Finds `text` verbatim from the start of 1-based `line`, and returns the original bytes
    /// of `mention`, which starts `offset` bytes into the match (0 unless the gold `text` was
    /// extended).
    ///
    /// # Errors
    /// A message saying why the text could not be located.
    pub fn locate(&self, line: u32, text: &str, mention: &str) -> Result<Location, String> {
        let from = (line as usize)
            .checked_sub(1)
            .and_then(|index| self.line_starts.get(index))
            .copied()
            .ok_or_else(|| {
                format!(
                    "line {line} is past the end of the file ({} lines)",
                    self.line_starts.len()
                )
            })?;
        let found = self.decoded.text[from..]
            .find(text)
            .map(|at| from + at)
            .ok_or_else(|| format!("text {text:?} not found from line {line} on"))?;
        let offset = text
            .find(mention)
            .ok_or_else(|| format!("mention {mention:?} is not part of text {text:?}"))?;
        let start = found + offset;
        let end = start + mention.len();
        let last = self.decoded.text[start..end]
            .char_indices()
            .next_back()
            .map(|(at, c)| (start + at, c.len_utf8()))
            .ok_or_else(|| "empty mention".to_owned())?;
        let first_len = self.decoded.text[start..]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
        let byte_start = self.decoded.source_range_of_char(start, first_len).start;
        let byte_end = self.decoded.source_range_of_char(last.0, last.1).end;
        Ok(Location {
            byte_start: byte_start as u64,
            byte_end: byte_end as u64,
            line: self.line_of(start),
        })
    }

    /// The 1-based line holding decoded offset `at`.
    fn line_of(&self, at: usize) -> u32 {
        let index = self.line_starts.partition_point(|&start| start <= at);
        u32::try_from(index.max(1)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_utf8_text_from_its_line() {
        let source = SourceText::new("增长8.3%。\n又增长8.3%，\n".as_bytes()).unwrap();
        let first = source.locate(1, "8.3%", "8.3%").unwrap();
        assert_eq!((first.byte_start, first.byte_end, first.line), (6, 10, 1));
        let second = source.locate(2, "8.3%", "8.3%").unwrap();
        assert_eq!(second.line, 2);
        assert_eq!(second.byte_start, 14 + 9);
    }

    #[test]
    fn honours_mention_and_line_breaks() {
        let text = "“工业上楼”计\n\n划与“工业上楼”试点\n";
        let source = SourceText::new(text.as_bytes()).unwrap();
        let located = source.locate(3, "“工业上楼”试", "“工业上楼”").unwrap();
        let start = text.rfind("“工业上楼”").unwrap() as u64;
        assert_eq!(located.byte_start, start);
        assert_eq!(located.byte_end, start + "“工业上楼”".len() as u64);
        let wrapped = source.locate(1, "计\n\n划", "计\n\n划").unwrap();
        assert_eq!(wrapped.byte_end - wrapped.byte_start, 8);
    }

    #[test]
    fn maps_gb18030_to_original_bytes() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("第一行\n研发投入1880.49亿元，占比5.81%。\n");
        let source = SourceText::new(&bytes).unwrap();
        let located = source.locate(2, "5.81%", "5.81%").unwrap();
        let start = usize::try_from(located.byte_start).unwrap();
        let end = usize::try_from(located.byte_end).unwrap();
        assert_eq!(&bytes[start..end], b"5.81%");
        assert_eq!(located.line, 2);
    }

    #[test]
    fn reports_text_that_is_not_there() {
        let source = SourceText::new("一\n二\n".as_bytes()).unwrap();
        assert!(source
            .locate(2, "一", "一")
            .unwrap_err()
            .contains("not found"));
        assert!(source
            .locate(9, "一", "一")
            .unwrap_err()
            .contains("past the end"));
    }
}
