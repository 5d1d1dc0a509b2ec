//! Ideographic Description Sequences (IDS), which OpenCC 1.4 keeps whole.
//!
//! An IDS such as `⿰钅只` describes a character by its parts. Converting its operands
//! would describe a different character, so OpenCC's conversion and segmentation loops
//! both consume a complete sequence as one unit when no dictionary key matches at its
//! operator (`UTF8Util::NextIdeographicDescriptionSequenceLength`). The limits below are
//! OpenCC's: a tree deeper than 16 or longer than 64 scalars is not a sequence, and
//! neither is an operator whose operands are cut off by the end of the segment. In those
//! cases the operator is an ordinary character.

/// Maximum nesting depth of a sequence.
const MAX_DEPTH: usize = 16;

/// Maximum number of scalars in a sequence, operators included.
const MAX_SCALARS: usize = 64;

/// The number of operands the description operator `code_point` takes (0: not one).
///
/// U+2FF0–U+2FFD are binary except the two ternary ones (U+2FF2, U+2FF3); U+2FFE and
/// U+2FFF (Unicode 15.1 reflection and rotation) are unary.
pub(super) fn operator_arity(code_point: u32) -> usize {
    match code_point {
        0x2FF2 | 0x2FF3 => 3,
        0x2FFE | 0x2FFF => 1,
        0x2FF0..=0x2FFD => 2,
        _ => 0,
    }
}

/// The code points that can open a sequence: the conversion loop's bulk skip must stop
/// at them, as OpenCC's `Utf8SkipScan` does.
pub(super) fn operators() -> impl Iterator<Item = u32> {
    0x2FF0..=0x2FFF
}

/// Byte length of the complete sequence at the start of `text`, or 0 when `text` does
/// not start with one.
pub(super) fn sequence_len(text: &str) -> usize {
    let Some(first) = text.chars().next() else {
        return 0;
    };
    if operator_arity(u32::from(first)) == 0 {
        return 0;
    }
    let mut budget = MAX_SCALARS;
    consume(text, MAX_DEPTH, &mut budget).unwrap_or(0)
}

/// Consumes one operand (a scalar, or an operator and its operands) from `text`.
fn consume(text: &str, depth_left: usize, budget: &mut usize) -> Option<usize> {
    if depth_left == 0 || *budget == 0 {
        return None;
    }
    let first = text.chars().next()?;
    *budget -= 1;
    let mut len = first.len_utf8();
    for _ in 0..operator_arity(u32::from(first)) {
        len += consume(&text[len..], depth_left - 1, budget)?;
    }
    Some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_sequences() {
        assert_eq!(sequence_len("⿰钅只后"), "⿰钅只".len());
        assert_eq!(sequence_len("⿲彳山亍x"), "⿲彳山亍".len());
        assert_eq!(sequence_len("⿱⿰木木土。"), "⿱⿰木木土".len());
        assert_eq!(sequence_len("⿾证"), "⿾证".len());
    }

    #[test]
    fn not_sequences() {
        assert_eq!(sequence_len(""), 0);
        assert_eq!(sequence_len("钅只"), 0);
        assert_eq!(sequence_len("⿰钅"), 0, "operand cut off");
        assert_eq!(sequence_len("⿲彳山"), 0, "ternary with two operands");
    }

    #[test]
    fn limits() {
        // 15 nested unary operators + 1 operand: depth 16, accepted.
        let deep = format!("{}木", "⿾".repeat(15));
        assert_eq!(sequence_len(&deep), deep.len());
        let too_deep = format!("{}木", "⿾".repeat(16));
        assert_eq!(sequence_len(&too_deep), 0);
        // A right-leaning chain of binary operators: n operators + n+1 operands.
        let long = format!("{}木", "⿰木".repeat(31)); // 63 scalars, depth 32 > 16
        assert_eq!(sequence_len(&long), 0);
        let wide = format!("⿲{}{}{}", "⿰木木", "⿰木木", "⿰木木"); // 10 scalars
        assert_eq!(sequence_len(&wide), wide.len());
    }
}
