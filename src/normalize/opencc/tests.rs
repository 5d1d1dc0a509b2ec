//! Unit tests of the public converter: pieces, semantics, fast path.

use std::ops::Range;
use std::sync::LazyLock;

use proptest::prelude::*;

use super::*;

fn pieces(converter: &OpenccConverter, input: &str) -> Vec<(Range<usize>, String)> {
    let mut pieces = Vec::new();
    converter.convert_pieces(input, &mut |range, text| {
        pieces.push((range, text.to_owned()));
    });
    pieces
}

fn piece(input: &str, range: Range<usize>, output: &str) -> (Range<usize>, String) {
    assert!(input.is_char_boundary(range.start) && input.is_char_boundary(range.end));
    (range, output.to_owned())
}

/// The contract of [`ScriptConverter::convert_pieces`], plus: unchanged pieces carry
/// their input text, and the concatenation is [`ScriptConverter::convert`].
fn check_pieces(converter: &OpenccConverter, input: &str) {
    let pieces = pieces(converter, input);
    let mut next = 0;
    let mut joined = String::new();
    for (range, output) in &pieces {
        assert_eq!(range.start, next, "pieces must be consecutive: {pieces:?}");
        assert!(range.end > range.start, "empty piece: {pieces:?}");
        assert!(input.is_char_boundary(range.end));
        assert!(!output.is_empty());
        next = range.end;
        joined.push_str(output);
    }
    assert_eq!(next, input.len(), "pieces must cover the input: {pieces:?}");
    assert_eq!(joined, converter.convert(input));
}

#[test]
fn phrase_versus_character() {
    let t2s = OpenccConverter::new(OpenccConfig::T2s);
    // 乾坤一擲 is a TSPhrases key: one piece, and 乾 stays 乾.
    let input = "乾坤一擲，乾了";
    assert_eq!(t2s.convert(input), "乾坤一掷，干了");
    assert_eq!(
        pieces(&t2s, input),
        [
            piece(input, 0..12, "乾坤一掷"),
            piece(input, 12..15, "，"),
            piece(input, 15..18, "干"), // 乾 → 干 乾: the first candidate wins
            piece(input, 18..21, "了"),
        ]
    );
}

#[test]
fn length_changing_phrase_is_one_piece() {
    let tw2sp = OpenccConverter::new(OpenccConfig::Tw2sp);
    let input = "換記憶體";
    // Stage 1 (TWPhrasesRev) 記憶體 → 內存, stage 2 (TS) 內 → 内 inside it: one piece
    // over the three input characters.
    assert_eq!(
        pieces(&tw2sp, input),
        [piece(input, 0..3, "换"), piece(input, 3..12, "内存")]
    );
}

#[test]
fn normalization_then_conversion() {
    let t2s = OpenccConverter::new(OpenccConfig::T2s);
    // U+F900 is the compatibility form of 豈; normalized to U+8C48, then 豈 → 岂.
    let input = "\u{F900}不";
    assert_eq!(
        pieces(&t2s, input),
        [piece(input, 0..3, "岂"), piece(input, 3..6, "不")]
    );
}

#[test]
fn ideographic_description_sequences_are_kept() {
    let t2s = OpenccConverter::new(OpenccConfig::T2s);
    assert_eq!(t2s.convert("⿰訁吾語"), "⿰訁吾语");
}

#[test]
fn tofu_risk_dictionaries() {
    let input = "㑮";
    let default = OpenccConverter::new(OpenccConfig::T2s);
    assert_eq!(default.convert(input), "𫝈");
    let options = OpenccOptions {
        include_tofu_risk_dictionaries: false,
    };
    let cli_like = OpenccConverter::with_options(OpenccConfig::T2s, options);
    assert_eq!(cli_like.convert(input), "㑮");
    assert_eq!(cli_like.name(), "opencc-rs:t2s-no-tofu");
}

#[test]
fn already_simplified_text_is_one_piece() {
    let input = "国务院关于印发《“十四五”数字经济发展规划》的通知。2021年12月12日";
    for config in OpenccConfig::ALL {
        let converter = OpenccConverter::new(config);
        assert_eq!(
            pieces(&converter, input),
            [piece(input, 0..input.len(), input)]
        );
    }
}

#[test]
fn empty_input_has_no_pieces() {
    let t2s = OpenccConverter::new(OpenccConfig::T2s);
    assert!(pieces(&t2s, "").is_empty());
    assert_eq!(t2s.convert(""), "");
}

#[test]
fn nul_is_ordinary_text() {
    let t2s = OpenccConverter::new(OpenccConfig::T2s);
    assert_eq!(t2s.convert("國\0國"), "国\0国");
}

#[test]
fn names_and_parsing() {
    for config in OpenccConfig::ALL {
        assert_eq!(config.to_string().parse::<OpenccConfig>(), Ok(config));
        let converter = OpenccConverter::new(config);
        assert_eq!(converter.name(), format!("opencc-rs:{config}"));
        assert_eq!(converter.config(), config);
    }
    let error = "s2t"
        .parse::<OpenccConfig>()
        .expect_err("s2t is not shipped");
    assert_eq!(
        error.to_string(),
        "unknown OpenCC config `s2t`: expected one of t2s, tw2s, hk2s, tw2sp, hk2sp"
    );
}

#[test]
fn converter_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<OpenccConverter>();
}

/// Characters that exercise every path: phrase starts, characters of every stage,
/// regional variants, IDS operators, compatibility ideographs, ASCII and astral.
const ALPHABET: &[char] = &[
    '乾',
    '坤',
    '一',
    '擲',
    '頭',
    '髮',
    '記',
    '憶',
    '體',
    '內',
    '存',
    '著',
    '裏',
    '綫',
    '線',
    '峯',
    '峰',
    '滑',
    '鼠',
    '軟',
    '件',
    '𫝈',
    '㑮',
    '\u{F900}',
    '\u{2F800}',
    '⿰',
    '⿲',
    '⿾',
    '訁',
    '吾',
    'a',
    ' ',
    '\n',
    '国',
    '的',
    '😀',
    '\0',
];

static CONVERTERS: LazyLock<Vec<OpenccConverter>> =
    LazyLock::new(|| OpenccConfig::ALL.map(OpenccConverter::new).to_vec());

proptest! {
    #[test]
    fn pieces_cover_the_input(indices in prop::collection::vec(0..ALPHABET.len(), 0..40)) {
        let input: String = indices.into_iter().map(|i| ALPHABET[i]).collect();
        for converter in CONVERTERS.iter() {
            check_pieces(converter, &input);
        }
    }
}
