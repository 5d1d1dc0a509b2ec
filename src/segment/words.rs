//! Words and part-of-speech tags from jieba-rs, with byte offsets only.
//!
//! One [`WordSegmenter`] (one jieba dictionary) is built per run and shared read-only by
//! every worker thread. Known organization names from the gazetteer are added to its user
//! dictionary so segmentation keeps them whole. Offsets come from jieba's
//! `Tag::byte_start`/`byte_end` (jieba-rs ≥ 0.10); its `start`/`end` count chars and are
//! never used.

use jieba_rs::Jieba;

use super::Token;
use crate::span::Span;

/// jieba-rs with our user words, built once per run.
pub struct WordSegmenter {
    jieba: Jieba,
}

impl std::fmt::Debug for WordSegmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WordSegmenter")
    }
}

impl WordSegmenter {
    /// jieba's default dictionary plus `extra` user words (word, frequency, POS tag).
    #[must_use]
    pub fn new<'a>(
        extra: impl IntoIterator<Item = (&'a str, Option<usize>, Option<&'a str>)>,
    ) -> Self {
        let mut jieba = Jieba::new();
        for (word, frequency, tag) in extra {
            jieba.add_word(word, frequency, tag);
        }
        Self { jieba }
    }

    /// Tags the words of `text[span]`; token spans are absolute in `text`.
    #[must_use]
    #[expect(
        clippy::disallowed_methods,
        reason = "the one wrapper around Jieba::tag"
    )]
    pub fn tag(&self, text: &str, span: Span) -> Vec<Token> {
        let sentence = &text[span];
        self.jieba
            .tag(sentence, true)
            .into_iter()
            .map(|tag| Token {
                span: Span::new(span.start() + tag.byte_start, span.start() + tag.byte_end),
                pos: intern_pos(tag.tag),
            })
            .collect()
    }
}

/// jieba's tag set (and the tags our user dictionary adds); anything else is `x`.
const POS_TAGS: &[&str] = &[
    "a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "eng", "f", "g", "h", "i", "j", "k",
    "l", "m", "mg", "mq", "n", "ng", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r",
    "rg", "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv", "uz", "v", "vd", "vg",
    "vi", "vn", "vq", "x", "y", "z", "zg",
];

/// Maps a jieba tag to a `'static` one so tokens do not allocate.
fn intern_pos(tag: &str) -> &'static str {
    POS_TAGS
        .binary_search(&tag)
        .map_or("x", |index| POS_TAGS[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pos_table_is_sorted_and_unique() {
        assert!(POS_TAGS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn token_spans_are_absolute_and_cover_the_sentence() {
        let words = WordSegmenter::new([]);
        let text = "前言。深圳研发投入达到1880亿元";
        let span = Span::new(9, text.len());
        let tokens = words.tag(text, span);
        assert_eq!(tokens.first().map(|t| t.span.start()), Some(9));
        assert_eq!(tokens.last().map(|t| t.span.end()), Some(text.len()));
        assert!(tokens
            .windows(2)
            .all(|pair| pair[0].span.end() == pair[1].span.start()));
        assert!(tokens
            .iter()
            .any(|t| &text[t.span] == "深圳" && t.pos == "ns"));
    }
}
