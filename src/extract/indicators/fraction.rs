//! Fractions for the [`Scanner`]: in words (`四分之一` → 0.25; over a bare power of ten
//! a percent: `百分之十五` → 15, `千分之三` → 0.3) and with a slash (`1/4`).

use super::numeral::{bare_power, core_value, longest_number};
use super::scan::Scanner;
use super::Quantity;
use crate::span::Span;

/// Rule name: a percent in words (`百分之十五`, `千分之三`).
const RULE_PERCENT_WORDS: &str = "indicator_percent_words";
/// Rule name: a fraction in words (`四分之一`).
const RULE_FRACTION_WORDS: &str = "indicator_fraction_words";
/// Rule name: a fraction with a slash (`1/4`).
const RULE_FRACTION_SLASH: &str = "indicator_fraction_slash";

impl Scanner {
    /// `四分之一` (fraction), `百分之十五` (percent), `千分之三` (percent / 10).
    pub(super) fn word_fractions(&self, s: &str) -> Vec<Quantity> {
        let mut found = Vec::new();
        for caps in self.fraction_words.captures_iter(s) {
            let (Some(whole), Some(den), Some(num)) =
                (caps.get(0), caps.name("den"), caps.name("num"))
            else {
                continue;
            };
            if !self.left_ok(s, whole.start()) {
                continue;
            }
            let Some((len, _)) = longest_number(num.as_str()) else {
                continue;
            };
            let end = num.start() + len;
            let Some((unit, value, unit_text, rule)) =
                fraction_value(den.as_str(), &s[num.start()..end])
            else {
                continue;
            };
            found.push(Quantity {
                span: Span::new(whole.start(), end),
                core_start: whole.start(),
                written_start: whole.start(),
                value,
                value_high: None,
                unit: unit.to_string(),
                unit_text,
                inside: None,
                rule,
            });
        }
        found
    }

    /// `1/4`, `1/6`: a proper fraction with a slash, not part of a date or path, nor a
    /// document number (`第13/2023号`, `8/2021号`: an ordinal before it, or a year after
    /// the slash and a document-number word after it).
    pub(super) fn slash_fractions(&self, s: &str) -> Vec<Quantity> {
        let glued = |ch: Option<char>| {
            ch.is_some_and(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '/' | '.' | '-' | '%'))
        };
        let mut found = Vec::new();
        for whole in self.fraction_slash.find_iter(s) {
            if glued(s[..whole.start()].chars().next_back())
                || glued(s[whole.end()..].chars().next())
                || !self.left_ok(s, whole.start())
            {
                continue;
            }
            let Some((numerator, denominator)) = whole.as_str().split_once('/') else {
                continue;
            };
            if is_year(denominator) && self.numbers_a_document(&s[whole.end()..]) {
                continue;
            }
            let (Ok(numerator), Ok(denominator)) =
                (numerator.parse::<f64>(), denominator.parse::<f64>())
            else {
                continue;
            };
            if numerator <= 0.0 || numerator >= denominator {
                continue;
            }
            found.push(Quantity {
                span: Span::new(whole.start(), whole.end()),
                core_start: whole.start(),
                written_start: whole.start(),
                value: numerator / denominator,
                value_high: None,
                unit: "fraction".to_string(),
                unit_text: "/".to_string(),
                inside: None,
                rule: RULE_FRACTION_SLASH,
            });
        }
        found
    }
}

impl Scanner {
    /// True when `after` (the text after a slash number) opens with a document-number
    /// word (`号`).
    fn numbers_a_document(&self, after: &str) -> bool {
        let after = after.trim_start_matches([' ', '\u{3000}']);
        (self.document_number_suffixes.iter()).any(|word| after.starts_with(word.as_str()))
    }
}

/// True for four digits reading as a year of 1900–2099 (`2023`).
fn is_year(digits: &str) -> bool {
    digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"))
}

/// A fraction in words: over a bare power of ten from 100 up it is a percent
/// (`百分之十五` → 15, `千分之三` → 0.3, `万分之三` → 0.03), otherwise a fraction
/// (`四分之一` → 0.25). Returns (unit, value, unit text, rule).
pub(super) fn fraction_value(
    den: &str,
    num: &str,
) -> Option<(&'static str, f64, String, &'static str)> {
    let numerator = core_value(num)?;
    if let Some(power) = bare_power(den).filter(|power| *power >= 100.0) {
        let value = numerator * 100.0 / power;
        return Some(("percent", value, format!("{den}分之"), RULE_PERCENT_WORDS));
    }
    let denominator = core_value(den).filter(|denominator| *denominator != 0.0)?;
    let value = numerator / denominator;
    Some(("fraction", value, "分之".to_string(), RULE_FRACTION_WORDS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_numbers_over_a_year_before_hao_are_document_numbers() {
        let scanner = Scanner::new(&crate::rules::indicators::IndicatorRules::embedded().unwrap());
        let fractions = |text: &str| scanner.slash_fractions(text).len();
        assert_eq!(fractions("依照第8/2021号行政法规"), 0);
        assert_eq!(fractions("按7/2019号法律规定"), 0);
        assert_eq!(fractions("第2/3批"), 0);
        assert_eq!(fractions("约2/3企业参与"), 1);
        assert_eq!(fractions("比例尺为1/2000"), 1);
    }

    #[test]
    fn percent_over_bare_powers_of_ten() {
        let value = |den: &str, num: &str| {
            fraction_value(den, num).map(|(unit, value, _, _)| (unit, value.to_string()))
        };
        assert_eq!(value("百", "十五"), Some(("percent", "15".to_string())));
        assert_eq!(value("千", "三"), Some(("percent", "0.3".to_string())));
        assert_eq!(value("四", "一"), Some(("fraction", "0.25".to_string())));
        assert_eq!(value("一百", "二"), Some(("fraction", "0.02".to_string())));
        assert_eq!(value("零", "一"), None);
    }
}
