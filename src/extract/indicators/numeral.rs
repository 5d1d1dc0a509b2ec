//! Number values for the indicators extractor, on top of the shared parser
//! ([`crate::extract::numbers`]): Chinese decimals (`十五点七`), fractions written in words
//! (`四分之一`, `百分之十五`) or with a slash (`1/4`), and the pattern pieces that find
//! number cores in text.

use crate::extract::numbers::{chinese_digit, parse_number, CHINESE_NUMERAL_CHARS};

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
    if is_chinese_digit_string(core) {
        return None;
    }
    match core.split_once('点') {
        Some((whole, decimals)) => {
            let whole = if whole == "零" || whole == "〇" {
                0.0
            } else {
                parse_number(whole)?
            };
            Some(whole + decimal_fraction(decimals)?)
        }
        None => parse_number(core),
    }
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
        ] {
            assert_eq!(core_value(core), Some(value), "{core}");
        }
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
