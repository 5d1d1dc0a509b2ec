//! Number values for the indicators extractor, on top of the shared parser
//! ([`crate::extract::numbers`]): Chinese decimals (`十五点七`), fractions written in words
//! (`四分之一`, `百分之十五`) or with a slash (`1/4`), and the pattern pieces that find
//! number cores in text.

use crate::extract::numbers::{chinese_digit, large_unit, parse_number, CHINESE_NUMERAL_CHARS};

/// The regex source of one number core: Arabic with optional `,` grouping and decimals
/// (`1,234.5`), or a Chinese numeral with an optional `点` decimal part (`十五点七`).
pub(super) fn core_pattern() -> String {
    let chinese = regex::escape(CHINESE_NUMERAL_CHARS);
    format!(r"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|[{chinese}]+(?:点[{chinese}]+)?")
}

/// The value of a number core as [`core_pattern`] finds it (`1,234.5`, `两万`,
/// `十五点七`); `None` for digit strings read one by one (`三四` is "three or four",
/// `二〇二三` a year) and anything else that is not one number.
pub(super) fn core_value(core: &str) -> Option<f64> {
    if is_chinese_digit_string(core) || !places_fall(core) {
        return None;
    }
    match core.split_once('点') {
        Some((whole, decimals)) => {
            let whole = if whole == "零" || whole == "〇" {
                0.0
            } else {
                whole_value(whole)?
            };
            Some(whole + decimal_fraction(decimals)?)
        }
        None => whole_value(core),
    }
}

/// A whole number, reading the spoken short form where a last digit right after `百`,
/// `千`, `万` or `亿` counts in the next lower place (`两千四百五` = 2450, `一万三` =
/// 13000, `百三` = 130); a gap is written with `零` (`一百零五` = 105).
fn whole_value(text: &str) -> Option<f64> {
    let mut tail = text.chars().rev();
    let (Some(last), Some(unit)) = (tail.next(), tail.next()) else {
        return parse_number(text);
    };
    let place = match unit {
        '百' | '佰' => 100.0,
        '千' | '仟' => 1_000.0,
        other => large_unit(other).unwrap_or(0.0),
    };
    match chinese_digit(last).filter(|digit| *digit > 0) {
        Some(digit) if place > 0.0 => {
            let head = parse_number(&text[..text.len() - last.len_utf8()])?;
            Some(head + f64::from(digit) * place / 10.0)
        }
        _ => parse_number(text),
    }
}

/// The value of a denominator made only of place chars (`百` 100, `万` 1e4, `万万` 1e8):
/// `None` when it holds a digit (`四分之一`, `一百分之二`).
pub(super) fn bare_power(text: &str) -> Option<f64> {
    text.chars()
        .map(|ch| match ch {
            '十' | '拾' => Some(10.0),
            '百' | '佰' => Some(100.0),
            '千' | '仟' => Some(1_000.0),
            other => large_unit(other),
        })
        .try_fold(1.0, |product, place| place.map(|place| product * place))
}

/// The longest prefix of a core match that reads as one number, with its byte length
/// and value: a greedy match can run into a word starting with a place char
/// (`七十百分位` → `七十`); only place chars are given back (`二三十` stays no number).
pub(super) fn longest_number(core: &str) -> Option<(usize, f64)> {
    let mut end = core.len();
    loop {
        if let Some(value) = core_value(&core[..end]) {
            return Some((end, value));
        }
        let last = core[..end].chars().next_back()?;
        if is_arabic(core) || !is_place(last) {
            return None;
        }
        end -= last.len_utf8();
    }
}

/// A place char of a Chinese numeral (`十`, `百`, `千`, `万`, `亿`).
fn is_place(ch: char) -> bool {
    matches!(ch, '十' | '拾' | '百' | '佰' | '千' | '仟') || large_unit(ch).is_some()
}

/// True when the places of a Chinese numeral come in falling order within each `万`/`亿`
/// section (`七十百` is not one number).
fn places_fall(text: &str) -> bool {
    let mut last_place = f64::INFINITY;
    for ch in text.chars() {
        let place = match ch {
            '十' | '拾' => 10.0,
            '百' | '佰' => 100.0,
            '千' | '仟' => 1_000.0,
            other if large_unit(other).is_some() => {
                last_place = f64::INFINITY;
                continue;
            }
            _ => continue,
        };
        if place >= last_place {
            return false;
        }
        last_place = place;
    }
    true
}

/// True for two or more Chinese digits with no unit char between them (`三四`, `二〇二三`).
fn is_chinese_digit_string(core: &str) -> bool {
    core.chars().count() >= 2 && core.chars().all(|ch| chinese_digit(ch).is_some())
}

/// `五七九` after `点` → 0.579.
fn decimal_fraction(digits: &str) -> Option<f64> {
    let mut value = 0.0;
    let mut scale = 0.1;
    for ch in digits.chars() {
        value += f64::from(chinese_digit(ch)?) * scale;
        scale /= 10.0;
    }
    Some(value)
}

/// True when `core` is an Arabic integer of four digits that reads as a calendar year
/// (`2019` in `2019年`).
pub(super) fn is_year_like(core: &str) -> bool {
    core.len() == 4
        && core.bytes().all(|byte| byte.is_ascii_digit())
        && matches!(core.as_bytes()[0], b'1' | b'2')
}

/// True when `core` is written in Arabic digits.
pub(super) fn is_arabic(core: &str) -> bool {
    core.starts_with(|ch: char| ch.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arabic_chinese_and_decimal_cores() {
        for (core, value) in [
            ("1,234.5", 1234.5),
            ("1880.49", 1880.49),
            ("一百零五", 105.0),
            ("两万", 20_000.0),
            ("十五点七", 15.7),
            ("零点五", 0.5),
            ("二十亿", 2e9),
            ("两千四百五", 2450.0),
            ("一万三", 13_000.0),
            ("百三", 130.0),
            ("两千三点一", 2300.1),
            ("一百零五", 105.0),
        ] {
            assert_eq!(core_value(core), Some(value), "{core}");
        }
    }

    #[test]
    fn longest_number_stops_before_the_next_word() {
        assert_eq!(longest_number("七十百"), Some(("七十".len(), 70.0)));
        assert_eq!(longest_number("三千"), Some(("三千".len(), 3000.0)));
    }

    #[test]
    fn bare_powers() {
        assert_eq!(bare_power("百"), Some(100.0));
        assert_eq!(bare_power("万万"), Some(1e8));
        assert_eq!(bare_power("一百"), None);
    }

    #[test]
    fn rejects_digit_strings() {
        assert_eq!(core_value("三四"), None);
        assert_eq!(core_value("二〇二三"), None);
        assert_eq!(core_value("三"), Some(3.0));
    }

    #[test]
    fn core_pattern_finds_whole_cores() {
        let pattern = regex::Regex::new(&core_pattern()).unwrap();
        let found: Vec<&str> = pattern
            .find_iter("增长1,234.5亿元和三千余项与十五点七")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(found, ["1,234.5", "亿", "三千", "十五点七"]);
    }

    #[test]
    fn year_like_cores() {
        assert!(is_year_like("2019"));
        assert!(!is_year_like("1880.49"));
        assert!(!is_year_like("5000"));
    }
}
