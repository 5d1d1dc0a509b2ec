//! Width folding: full-width ASCII forms become their half-width letters, digits and
//! symbols (`２０２３` → `2023`, `％` → `%`, `．` → `.`), while the full-width forms that
//! are ordinary Chinese punctuation (`，（）：；！？`) stay as they are. The ideographic
//! space U+3000 is treated as whitespace by re-flow, not folded here.

/// Full-width forms that are Chinese punctuation in running text and are kept.
const KEPT_PUNCTUATION: &[char] = &['，', '（', '）', '：', '；', '！', '？', '～'];

/// Folds one char: U+FF01..=U+FF5E to U+0021..=U+007E, except Chinese punctuation.
#[must_use]
pub fn fold(ch: char) -> char {
    if ('\u{FF01}'..='\u{FF5E}').contains(&ch) && !KEPT_PUNCTUATION.contains(&ch) {
        char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch)
    } else {
        ch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold_str(text: &str) -> String {
        text.chars().map(fold).collect()
    }

    #[test]
    fn folds_digits_letters_and_symbols() {
        assert_eq!(fold_str("２０２３年１２月"), "2023年12月");
        assert_eq!(fold_str("ＧＤＰ增长８．３％"), "GDP增长8.3%");
        assert_eq!(fold_str("１／４"), "1/4");
    }

    #[test]
    fn keeps_chinese_punctuation() {
        assert_eq!(
            fold_str("（一）好，对：是；吗？！"),
            "（一）好，对：是；吗？！"
        );
    }
}
