//! Shared number parsing for every extractor: Arabic numbers (`1,234.5`), Chinese
//! numerals (`一百零五`, `两万`, `三千五百亿`), mixed forms (`2.3万`, `1.5万亿`) and
//! digit-by-digit years (`二〇二三`).
//!
//! Pure functions over already-normalized text (full-width digits are folded before this
//! runs). Extractors find candidate spans with their own patterns and call these to get
//! values, so that dates and indicators read numbers the same way.

/// Every char that may appear inside a Chinese numeral, for building patterns.
pub const CHINESE_NUMERAL_CHARS: &str =
    "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億兩";

/// The value of a Chinese digit char (`一` → 1, `〇`/`零` → 0, `两` → 2).
#[must_use]
pub fn chinese_digit(ch: char) -> Option<u32> {
    Some(match ch {
        '零' | '〇' | '○' | 'Ｏ' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '贰' | '兩' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The multiplier of a Chinese unit char below 万 (`十` → 10, `百` → 100, `千` → 1000).
fn small_unit(ch: char) -> Option<f64> {
    Some(match ch {
        '十' | '拾' => 10.0,
        '百' | '佰' => 100.0,
        '千' | '仟' => 1_000.0,
        _ => return None,
    })
}

/// The multiplier of a Chinese section char (`万` → 1e4, `亿` → 1e8).
#[must_use]
pub fn large_unit(ch: char) -> Option<f64> {
    Some(match ch {
        '万' | '萬' => 1e4,
        '亿' | '億' => 1e8,
        _ => return None,
    })
}

/// Parses a whole number string: Arabic (`1,234.5`, `-3`), Chinese (`一百零五`, `两万`,
/// `十三`), or Arabic followed by Chinese multipliers (`2.3万`, `1.5万亿`, `5千`).
/// Returns `None` when `text` is not exactly one number.
#[must_use]
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let split = text
        .char_indices()
        .find(|&(_, ch)| !(ch.is_ascii_digit() || matches!(ch, '.' | ',' | '-' | '+')))
        .map_or(text.len(), |(at, _)| at);
    let (arabic, rest) = text.split_at(split);
    if arabic.is_empty() {
        return parse_chinese(rest);
    }
    let base = parse_arabic(arabic)?;
    if rest.is_empty() {
        return Some(base);
    }
    let multiplier = rest
        .chars()
        .map(|ch| large_unit(ch).or_else(|| small_unit(ch)))
        .try_fold(1.0, |product, unit| unit.map(|unit| product * unit))?;
    Some(base * multiplier)
}

/// Parses Arabic digits with optional sign, `,` thousands separators and one `.`.
fn parse_arabic(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|&ch| ch != ',').collect();
    let digits = cleaned.trim_start_matches(['-', '+']);
    if digits.is_empty() || !digits.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    if text.contains(',') && !valid_grouping(text.trim_start_matches(['-', '+'])) {
        return None;
    }
    cleaned.parse().ok().filter(|value: &f64| value.is_finite())
}

/// True when `,` separators group the integer part in threes (`1,234,567.8`).
fn valid_grouping(text: &str) -> bool {
    let integer = text.split('.').next().unwrap_or_default();
    let mut groups = integer.split(',');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len()) && groups.all(|group| group.len() == 3)
}

/// Parses a Chinese numeral (`一百零五`, `两万三千`, `十三`, `三千五百亿`, `一万亿`), or a
/// digit string written with Chinese digits (`二〇二三` → 2023).
#[must_use]
pub fn parse_chinese(text: &str) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|ch| chinese_digit(ch).is_some()) {
        return parse_digits_by_digit(text).map(f64::from);
    }
    let mut total = 0.0; // sections already closed by 亿
    let mut section = 0.0; // the part below the current 亿, closed by 万
    let mut group = 0.0; // the part below 万
    let mut digit: Option<f64> = None;
    let mut last_small_unit = f64::INFINITY; // 十/百/千 must fall within a group
    for ch in text.chars() {
        if let Some(value) = chinese_digit(ch) {
            if digit.is_some() && value != 0 {
                return None; // two digits in a row without a unit: not a numeral
            }
            digit = (value != 0).then_some(f64::from(value)).or(digit);
        } else if let Some(unit) = small_unit(ch) {
            if unit >= last_small_unit {
                return None;
            }
            last_small_unit = unit;
            group += digit.take().unwrap_or(1.0) * unit;
        } else if let Some(unit) = large_unit(ch) {
            group += digit.take().unwrap_or(0.0);
            if group == 0.0 && section == 0.0 && total == 0.0 {
                return None;
            }
            if unit >= 1e8 {
                total = (total + section + group) * unit;
                section = 0.0;
            } else {
                section = (section + group) * unit;
            }
            group = 0.0;
            last_small_unit = f64::INFINITY;
        } else {
            return None;
        }
    }
    Some(total + section + group + digit.unwrap_or(0.0))
}

/// Reads Chinese digits one by one (`二〇二三` → 2023, `一九八七` → 1987).
#[must_use]
pub fn parse_digits_by_digit(text: &str) -> Option<u32> {
    if text.is_empty() || text.chars().count() > 9 {
        return None;
    }
    text.chars()
        .try_fold(0u32, |acc, ch| Some(acc * 10 + chinese_digit(ch)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_numbers() {
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("1880.49"), Some(1880.49));
        assert_eq!(parse_number("12,34"), None);
        assert_eq!(parse_number("."), None);
    }

    #[test]
    fn mixed_multipliers() {
        assert_eq!(parse_number("2.3万"), Some(23_000.0));
        assert_eq!(parse_number("1.5万亿"), Some(1.5e12));
        assert_eq!(parse_number("5千"), Some(5_000.0));
    }

    #[test]
    fn chinese_numerals() {
        for (text, value) in [
            ("一百零五", 105.0),
            ("两万", 20_000.0),
            ("十三", 13.0),
            ("二十", 20.0),
            ("三千", 3_000.0),
            ("二十亿", 2e9),
            ("三千五百亿", 3.5e11),
            ("一万亿", 1e12),
            ("三万四千五百六十七", 34_567.0),
            ("一百零四万", 1_040_000.0),
            ("十万零五", 100_005.0),
        ] {
            assert_eq!(parse_number(text), Some(value), "{text}");
        }
    }

    #[test]
    fn digit_by_digit_years() {
        assert_eq!(parse_digits_by_digit("二〇二三"), Some(2023));
        assert_eq!(parse_digits_by_digit("一九八七"), Some(1987));
        assert_eq!(parse_number("二〇二三"), Some(2023.0));
    }

    #[test]
    fn rejects_non_numbers() {
        assert_eq!(parse_number("万"), None);
        assert_eq!(parse_number("三五十"), None);
        assert_eq!(parse_number("七十百"), None);
        assert_eq!(parse_number("abc"), None);
    }
}
