//! One number as written, for the [`Scanner`]: its core (the longest prefix that reads as
//! one number), an inside qualifier (`余`, `多`), a multiplier (`万`, `亿`) and a unit
//! word; plus the arithmetic that keeps values exact (`2085.78亿` is 208578000000).

use super::numeral::{is_arabic, is_year_like, longest_number};
use super::scan::{starting, Scanner};
use crate::extract::numbers::{large_unit, CHINESE_NUMERAL_CHARS};
use crate::extract::Qualifier;

/// One unit word with what it means.
#[derive(Debug)]
pub(super) struct UnitWord {
    pub(super) word: String,
    pub(super) unit: String,
    pub(super) scale: f64,
    pub(super) blocked_after: Vec<String>,
    pub(super) blocked_before: Vec<String>,
}

/// A number core and its value: the longest prefix of a pattern match that reads as one
/// number (`七十` of `七十百分位`).
#[derive(Debug)]
pub(super) struct Core<'s> {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: &'s str,
    pub(super) value: f64,
}

impl<'s> Core<'s> {
    /// The core in `s[start..end]`, shortened until it parses.
    pub(super) fn of(s: &'s str, start: usize, end: usize) -> Option<Self> {
        let (len, value) = longest_number(&s[start..end])?;
        Some(Self {
            start,
            end: start + len,
            text: &s[start..start + len],
            value,
        })
    }
}

/// A number as written: core, inside qualifier, multiplier and unit word, if any.
#[derive(Debug)]
pub(super) struct Piece<'s> {
    /// Start, including a minus sign.
    pub(super) start: usize,
    /// After the unit word, or after the multiplier when there is no unit.
    pub(super) end: usize,
    /// Sign × core × multiplier (the unit's scale is not applied yet).
    pub(super) value: f64,
    /// The multiplier a range partner without one borrows (`5至8亿元`).
    pub(super) partner_scale: Option<f64>,
    /// Multiplier chars as written (`亿`, `万`; the trailing `亿` of `二十亿`).
    pub(super) written_multiplier: String,
    pub(super) unit: Option<&'s UnitWord>,
    pub(super) inside: Option<Qualifier>,
    pub(super) year_like: bool,
}

impl Scanner {
    /// Reads core, inside qualifier, multiplier and unit word from a number match.
    pub(super) fn piece(&self, s: &str, core: &Core<'_>, allow_sign: bool) -> Piece<'_> {
        let text = core.text;
        let mut value = core.value;
        let start = if allow_sign {
            signed_start(s, core.start)
        } else {
            core.start
        };
        if start < core.start {
            value = -value;
        }
        let mut at = core.end;
        let inside = starting(&self.inside, &s[at..]).map(|(word, qualifier)| {
            at += word.len();
            *qualifier
        });
        let (mut written_multiplier, mut partner_scale) = trailing_multiplier(text);
        if !self.unit_word_here(&s[at..]) {
            if let Some((word, factor)) = starting(&self.multipliers, &s[at..]) {
                value = times(value, *factor);
                at += word.len();
                written_multiplier.clone_from(word);
                partner_scale = Some(*factor);
            }
        }
        let unit_at = skip_spaces(s, at);
        let unit = self.unit_at(s, start, unit_at);
        let end = unit.map_or(at, |unit| unit_at + unit.word.len());
        let year_like = is_year_like(text) && inside.is_none();
        let piece = Piece {
            start,
            end,
            value,
            partner_scale,
            written_multiplier,
            unit,
            inside,
            year_like,
        };
        match (unit, inside, partner_scale) {
            (None, None, Some(factor)) if is_whole_arabic(text) => {
                self.compound_tail(s, piece, factor)
            }
            _ => piece,
        }
    }

    /// A whole number and multiplier followed right away by a smaller number, as
    /// Taiwan and Hong Kong write large amounts (`5兆8,462亿元`, `3万3,907美元`,
    /// `1万2,350家`): one number, the two parts summed, the tail's multiplier and unit.
    /// `head` is returned unchanged when no such tail follows.
    fn compound_tail<'a>(&'a self, s: &str, head: Piece<'a>, factor: f64) -> Piece<'a> {
        let Some(found) = self
            .number
            .find_at(s, head.end)
            .filter(|found| found.start() == head.end && is_arabic(found.as_str()))
        else {
            return head;
        };
        let Some(core) = Core::of(s, found.start(), found.end()) else {
            return head;
        };
        let tail = self.piece(s, &core, false);
        let tail_scale = tail.partner_scale.unwrap_or(1.0);
        let ends_a_quantity = tail.unit.is_some() || tail.partner_scale.is_some();
        if !ends_a_quantity
            || tail.year_like
            || tail.value <= 0.0
            || tail.value >= factor
            || tail_scale >= factor
        {
            return head;
        }
        Piece {
            end: tail.end,
            value: exact_sum(head.value, tail.value),
            partner_scale: tail.partner_scale,
            written_multiplier: tail.written_multiplier,
            unit: tail.unit,
            inside: tail.inside,
            ..head
        }
    }

    /// True when a unit word (not just a multiplier) starts `rest` (`千米`, `百分点`).
    fn unit_word_here(&self, rest: &str) -> bool {
        starting(&self.multipliers, rest).is_some_and(|(multiplier, _)| {
            self.units.iter().any(|unit| {
                unit.word.len() > multiplier.len() && rest.starts_with(unit.word.as_str())
            })
        })
    }

    /// The longest unit word at `at` that its neighbours do not cancel.
    pub(super) fn unit_at(&self, s: &str, number_start: usize, at: usize) -> Option<&UnitWord> {
        let rest = &s[at..];
        let before = &s[..number_start];
        self.units.iter().find(|unit| {
            let Some(after) = rest.strip_prefix(unit.word.as_str()) else {
                return false;
            };
            let ascii_glued = unit.word.ends_with(|ch: char| ch.is_ascii_alphanumeric())
                && after.starts_with(|ch: char| ch.is_ascii_alphanumeric());
            !ascii_glued
                && !unit
                    .blocked_after
                    .iter()
                    .any(|word| after.starts_with(word.as_str()))
                && !unit
                    .blocked_before
                    .iter()
                    .any(|word| before.ends_with(word.as_str()))
        })
    }
}

/// The start of a number including a minus sign (`-3.9%`, `负3.9%`), unless the sign is a
/// range dash or hyphen (`15-20`, `COVID-19`).
fn signed_start(s: &str, core_start: usize) -> usize {
    let before = &s[..core_start];
    let Some(sign) = before
        .chars()
        .next_back()
        .filter(|ch| matches!(ch, '-' | '负' | '−'))
    else {
        return core_start;
    };
    let sign_start = core_start - sign.len_utf8();
    let ahead = s[..sign_start].chars().next_back();
    let joined = ahead.is_some_and(|ch| {
        ch.is_ascii_alphanumeric()
            || matches!(ch, '%' | '年' | '月' | '日')
            || CHINESE_NUMERAL_CHARS.contains(ch)
    });
    if joined {
        core_start
    } else {
        sign_start
    }
}

/// The trailing `万`/`亿` chars of a Chinese numeral (`二十亿` → `亿`, 1e8), for
/// `unit_text` and for a range partner that has no multiplier of its own.
fn trailing_multiplier(core: &str) -> (String, Option<f64>) {
    if is_arabic(core) {
        return (String::new(), None);
    }
    let suffix_len: usize = core
        .chars()
        .rev()
        .take_while(|&ch| large_unit(ch).is_some())
        .map(char::len_utf8)
        .sum();
    let suffix = &core[core.len() - suffix_len..];
    let factor = suffix.chars().filter_map(large_unit).reduce(|a, b| a * b);
    (suffix.to_string(), factor)
}

/// `value × factor`, exact in decimal when the factor is a power of ten: `2085.78 × 1e8`
/// is 208578000000, not 208578000000.00003.
pub(super) fn times(value: f64, factor: f64) -> f64 {
    let exponent = factor.log10().round();
    if factor > 0.0 && (10f64.powf(exponent) - factor).abs() <= f64::EPSILON * factor {
        if let Ok(exact) = format!("{value}e{exponent}").parse::<f64>() {
            return exact;
        }
    }
    value * factor
}

/// True for an Arabic number without decimals (`5`, `12`): the head of a compound.
fn is_whole_arabic(core: &str) -> bool {
    !core.is_empty() && core.bytes().all(|byte| byte.is_ascii_digit())
}

/// `a + b` rounded to the shortest decimal both are written in, so that the sum of two
/// scaled parts stays exact (`5e12 + 8.462e11`).
fn exact_sum(a: f64, b: f64) -> f64 {
    let sum = a + b;
    format!("{sum:.6}").parse::<f64>().unwrap_or(sum)
}

/// Skips ASCII spaces (left by normalization between Latin and CJK text).
pub(super) fn skip_spaces(s: &str, at: usize) -> usize {
    at + s[at..].len() - s[at..].trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_are_not_dashes() {
        assert_eq!(signed_start("为-3.9%", "为-".len()), "为".len());
        assert_eq!(signed_start("15-20年", "15-".len()), "15-".len());
        assert_eq!(signed_start("COVID-19", "COVID-".len()), "COVID-".len());
    }

    #[test]
    fn trailing_multipliers_of_chinese_numerals() {
        assert_eq!(trailing_multiplier("二十亿"), ("亿".to_string(), Some(1e8)));
        assert_eq!(
            trailing_multiplier("八万亿"),
            ("万亿".to_string(), Some(1e12))
        );
        assert_eq!(trailing_multiplier("三千"), (String::new(), None));
        assert_eq!(trailing_multiplier("2.3"), (String::new(), None));
    }

    #[test]
    fn whole_arabic_heads() {
        assert!(is_whole_arabic("12"));
        assert!(!is_whole_arabic("1.5"));
        assert!(!is_whole_arabic("十二"));
        assert_eq!(exact_sum(7e12, 2.31e11).to_string(), "7231000000000");
    }

    #[test]
    fn exact_decimal_scaling() {
        assert_eq!(times(2085.78, 1e8).to_string(), "208578000000");
        assert_eq!(times(378.53, 1e4).to_string(), "3785300");
        assert_eq!(times(3.0, 10.0).to_string(), "30");
    }
}
