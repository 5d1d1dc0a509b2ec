//! Finding quantities in one sentence: a number core, an inside qualifier (`余`, `多`),
//! a multiplier (`万`, `亿`), a unit word; ranges of two such numbers; currencies written
//! before the number; fractions in words (`四分之一`, `百分之十五`) or with a slash (`1/4`).
//!
//! Everything here is text-level and sentence-relative; [`super::IndicatorExtractor`]
//! adds the checks that need tokens or other mentions.

use regex::Regex;

use super::numeral::{
    bare_power, core_pattern, core_value, is_arabic, is_year_like, longest_number,
};
use super::{qualifier_of, Quantity};
use crate::extract::numbers::{large_unit, CHINESE_NUMERAL_CHARS};
use crate::extract::Qualifier;
use crate::rules::indicators::IndicatorRules;
use crate::span::Span;

/// Rule name: a number followed by a unit word (`1880.49亿元`, `2.3万家`, `8.3%`).
const RULE_NUMBER_UNIT: &str = "number_unit";
/// Rule name: a currency written before the number (`港币1.26亿元`, `$20`).
const RULE_CURRENCY_PREFIX: &str = "currency_prefix";
/// Rule name: two numbers joined by a connector, one unit (`70%~90%`, `5亿至8亿元`).
const RULE_RANGE: &str = "range";
/// Rule name: a percent in words (`百分之十五`, `千分之三`).
const RULE_PERCENT_WORDS: &str = "percent_words";
/// Rule name: a fraction in words (`四分之一`).
const RULE_FRACTION_WORDS: &str = "fraction_words";
/// Rule name: a fraction with a slash (`1/4`).
const RULE_FRACTION_SLASH: &str = "fraction_slash";

/// Opening and closing quote marks: a quantity quoted alone is a name (`“30条”`).
const OPEN_QUOTES: &[char] = &['“', '"', '「', '『', '‘'];
/// See [`OPEN_QUOTES`].
const CLOSE_QUOTES: &[char] = &['”', '"', '」', '』', '’'];

/// One unit word with what it means.
#[derive(Debug)]
struct UnitWord {
    word: String,
    unit: String,
    scale: f64,
    blocked_after: Vec<String>,
    blocked_before: Vec<String>,
}

/// A number core and its value: the longest prefix of a pattern match that reads as one
/// number (`七十` of `七十百分位`).
#[derive(Debug)]
struct Core<'s> {
    start: usize,
    end: usize,
    text: &'s str,
    value: f64,
}

impl<'s> Core<'s> {
    /// The core in `s[start..end]`, shortened until it parses.
    fn of(s: &'s str, start: usize, end: usize) -> Option<Self> {
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
struct Piece<'s> {
    /// Start, including a minus sign.
    start: usize,
    /// After the unit word, or after the multiplier when there is no unit.
    end: usize,
    /// Sign × core × multiplier (the unit's scale is not applied yet).
    value: f64,
    /// The multiplier a range partner without one borrows (`5至8亿元`).
    partner_scale: Option<f64>,
    /// Multiplier chars as written (`亿`, `万`; the trailing `亿` of `二十亿`).
    written_multiplier: String,
    unit: Option<&'s UnitWord>,
    inside: Option<Qualifier>,
    year_like: bool,
}

/// The compiled quantity grammar of the indicators extractor.
#[derive(Debug)]
pub(super) struct Scanner {
    number: Regex,
    fraction_words: Regex,
    fraction_slash: Regex,
    units: Vec<UnitWord>,
    multipliers: Vec<(String, f64)>,
    inside: Vec<(String, Qualifier)>,
    prefix_currencies: Vec<(String, String)>,
    generic_currency: Vec<String>,
    connectors: Vec<String>,
    ordinal_prefixes: Vec<String>,
    rank_prefixes: Vec<String>,
    rank_units: Vec<String>,
    vague_prefixes: Vec<String>,
    lone_numerals: Vec<String>,
    article_numerals: Vec<String>,
    article_units: Vec<String>,
    digit_word_units: Vec<String>,
}

/// Sorts word lists longest first, so that matching picks the longest word.
fn longest_first<T>(mut items: Vec<(String, T)>) -> Vec<(String, T)> {
    items.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    items
}

/// The longest `(word, value)` whose word starts `text`.
fn starting<'a, T>(items: &'a [(String, T)], text: &str) -> Option<&'a (String, T)> {
    items
        .iter()
        .find(|(word, _)| text.starts_with(word.as_str()))
}

impl Scanner {
    /// Compiles the tables.
    #[expect(clippy::expect_used, reason = "patterns built from escaped literals")]
    pub(super) fn new(rules: &IndicatorRules) -> Self {
        let core = core_pattern();
        let mut units: Vec<UnitWord> = rules
            .unit_words()
            .map(|(word, unit)| UnitWord {
                word: word.to_string(),
                unit: unit.to_string(),
                scale: rules.unit_scales.get(word).copied().unwrap_or(1.0),
                blocked_after: rules.blocked_after.get(word).cloned().unwrap_or_default(),
                blocked_before: rules.blocked_before.get(word).cloned().unwrap_or_default(),
            })
            .collect();
        units.sort_by(|a, b| {
            b.word
                .len()
                .cmp(&a.word.len())
                .then_with(|| a.word.cmp(&b.word))
        });
        let grammar = &rules.grammar;
        Self {
            number: Regex::new(&core).expect("number pattern"),
            fraction_words: Regex::new(&format!("(?P<den>{core})分之(?P<num>{core})"))
                .expect("fraction pattern"),
            fraction_slash: Regex::new(r"\d+/\d+").expect("slash pattern"),
            units,
            multipliers: longest_first(rules.multipliers.clone().into_iter().collect()),
            inside: longest_first(
                rules
                    .qualifiers
                    .inside
                    .iter()
                    .map(|(word, name)| (word.clone(), qualifier_of(*name)))
                    .collect(),
            ),
            prefix_currencies: longest_first(rules.prefix_currencies.clone().into_iter().collect()),
            generic_currency: grammar.generic_currency.clone(),
            connectors: longest_first(
                grammar
                    .range_connectors
                    .iter()
                    .map(|c| (c.clone(), ()))
                    .collect(),
            )
            .into_iter()
            .map(|(word, ())| word)
            .collect(),
            ordinal_prefixes: grammar.ordinal_prefixes.clone(),
            rank_prefixes: grammar.rank_prefixes.clone(),
            rank_units: grammar.rank_units.clone(),
            vague_prefixes: grammar.vague_prefixes.clone(),
            lone_numerals: grammar.lone_numerals.clone(),
            article_numerals: grammar.article_numerals.clone(),
            article_units: grammar.article_units.clone(),
            digit_word_units: grammar.digit_word_units.clone(),
        }
    }

    /// Every quantity of `text[sentence]`, in order, not overlapping; spans absolute.
    pub(super) fn scan(&self, text: &str, sentence: Span) -> Vec<Quantity> {
        let s = &text[sentence.range()];
        let mut found = self.word_fractions(s);
        found.extend(self.slash_fractions(s));
        let mut at = 0;
        while let Some(found_number) = self.number.find_at(s, at) {
            if let Some(covering) = found.iter().find(|q| {
                q.span.start() <= found_number.start() && found_number.start() < q.span.end()
            }) {
                at = covering.span.end();
                continue;
            }
            let Some(core) = Core::of(s, found_number.start(), found_number.end()) else {
                at = found_number.end();
                continue;
            };
            match self.quantity_at(s, &core) {
                Some(quantity) if !found.iter().any(|q| q.span.overlaps(quantity.span)) => {
                    at = quantity.span.end();
                    found.push(quantity);
                }
                _ => at = found_number.end(),
            }
        }
        found.sort_by_key(|q| q.span);
        for quantity in &mut found {
            quantity.span = Span::new(
                quantity.span.start() + sentence.start(),
                quantity.span.end() + sentence.start(),
            );
            quantity.core_start += sentence.start();
        }
        found
    }

    /// The quantity starting with the number `core`, if its neighbours make it one.
    fn quantity_at(&self, s: &str, core: &Core<'_>) -> Option<Quantity> {
        if !self.left_ok(s, core.start) {
            return None;
        }
        if self.is_lone(core.text) {
            return None;
        }
        let first = self.piece(s, core, true);
        if let Some(range) = self.range_after(s, &first, core.start) {
            return Some(range);
        }
        match first.unit {
            Some(unit) => {
                let before = &s[..first.start];
                let rank = self.rank_units.contains(&unit.word)
                    && self
                        .rank_prefixes
                        .iter()
                        .any(|prefix| before.ends_with(prefix.as_str()));
                let calendar_year = unit.unit == "year" && first.year_like;
                let article = self.article_numerals.iter().any(|word| word == core.text)
                    && self.article_units.contains(&unit.unit);
                let digit_word = core.text.chars().count() == 1
                    && !is_arabic(core.text)
                    && self.digit_word_units.contains(&unit.word);
                if rank
                    || calendar_year
                    || article
                    || digit_word
                    || quoted_alone(s, first.start, first.end)
                {
                    return None;
                }
                Some(self.finish(s, &first, unit, None, core.start))
            }
            None => self.prefixed_only(s, &first, core.start),
        }
    }

    /// True for a numeral that is never a quantity alone (`一`, `万`).
    fn is_lone(&self, core: &str) -> bool {
        self.lone_numerals.iter().any(|lone| lone == core)
    }

    /// The value of `text` when it is exactly one written number: sign, core, inside
    /// qualifier and multiplier (`负一百二十万`, `500余万`, `2.3万`), or a fraction in
    /// words (`五分之一`, `百分之十五` → 15). Unit words are not read.
    pub(super) fn number_value(&self, text: &str) -> Option<f64> {
        let (body, negative) = match text.strip_prefix(['-', '负', '−']) {
            Some(body) => (body, true),
            None => (text, false),
        };
        let sign = if negative { -1.0 } else { 1.0 };
        if let Some(caps) = self.fraction_words.captures(body) {
            let whole = caps.get(0)?;
            if whole.range() == (0..body.len()) {
                let (den, num) = (caps.name("den")?.as_str(), caps.name("num")?.as_str());
                let (_, value, _, _) = fraction_value(den, num)?;
                return Some(sign * value);
            }
        }
        if let Some((numerator, denominator)) = body.split_once('/') {
            let (numerator, denominator) = (
                numerator.parse::<f64>().ok()?,
                denominator.parse::<f64>().ok()?,
            );
            return (denominator != 0.0).then(|| sign * numerator / denominator);
        }
        let found = self.number.find(body).filter(|found| found.start() == 0)?;
        let core = Core::of(body, 0, found.end())?;
        let piece = self.piece(body, &core, false);
        (piece.unit.is_none() && piece.end == body.len()).then_some(sign * piece.value)
    }

    /// False when the text before a number makes it an identifier, ordinal or vague.
    fn left_ok(&self, s: &str, core_start: usize) -> bool {
        let before = &s[..core_start];
        let glued = before.chars().next_back().is_some_and(|ch| {
            ch.is_ascii_alphanumeric()
                || matches!(ch, '.' | '/' | '_' | '@' | '#' | '%' | '=' | '&' | '?')
        });
        let before = before.trim_end();
        let prefixed = |words: &[String]| words.iter().any(|word| before.ends_with(word.as_str()));
        !glued && !prefixed(&self.ordinal_prefixes) && !prefixed(&self.vague_prefixes)
    }

    /// Reads core, inside qualifier, multiplier and unit word from a number match.
    fn piece(&self, s: &str, core: &Core<'_>, allow_sign: bool) -> Piece<'_> {
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
                written_multiplier = word.clone();
                partner_scale = Some(*factor);
            }
        }
        let unit_at = skip_spaces(s, at);
        let unit = self.unit_at(s, start, unit_at);
        let end = unit.map_or(at, |unit| unit_at + unit.word.len());
        let year_like = is_year_like(text) && inside.is_none();
        Piece {
            start,
            end,
            value,
            partner_scale,
            written_multiplier,
            unit,
            inside,
            year_like,
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
    fn unit_at(&self, s: &str, number_start: usize, at: usize) -> Option<&UnitWord> {
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

    /// A range: `first`, a connector, then a second number with a unit of the same kind.
    fn range_after(&self, s: &str, first: &Piece<'_>, core_start: usize) -> Option<Quantity> {
        let mut at = skip_spaces(s, first.end);
        let connector = self
            .connectors
            .iter()
            .find(|word| s[at..].starts_with(word.as_str()))?;
        at = skip_spaces(s, at + connector.len());
        let found = self
            .number
            .find_at(s, at)
            .filter(|found| found.start() == at)?;
        let second_core = Core::of(s, at, found.end())?;
        if self.is_lone(second_core.text) {
            return None;
        }
        let second = self.piece(s, &second_core, false);
        let unit = second.unit?;
        if first
            .unit
            .is_some_and(|first_unit| first_unit.unit != unit.unit)
            || (first.year_like && second.year_like)
            || (first.unit.is_none() && first.year_like && unit.unit == "year")
        {
            return None;
        }
        let mut low = first.value;
        if first.unit.is_none() && first.partner_scale.is_none() {
            low = times(low, second.partner_scale.unwrap_or(1.0));
        }
        let low = times(low, unit.scale);
        let high = times(second.value, unit.scale);
        if low > high {
            return None;
        }
        let mut quantity = self.finish(s, &second, unit, Some(first.start), core_start);
        quantity.value = low;
        quantity.value_high = Some(high);
        quantity.inside = first.inside.or(second.inside);
        quantity.rule = RULE_RANGE;
        Some(quantity)
    }

    /// A number with no unit word but a currency before it (`$20`, `美元5亿`).
    fn prefixed_only(&self, s: &str, piece: &Piece<'_>, core_start: usize) -> Option<Quantity> {
        let (prefix_start, word, iso) = self.prefix_currency(s, piece.start)?;
        Some(Quantity {
            span: Span::new(prefix_start, piece.end),
            core_start,
            value: piece.value,
            value_high: None,
            unit: iso.to_string(),
            unit_text: format!("{word}{}", piece.written_multiplier),
            inside: piece.inside,
            rule: RULE_CURRENCY_PREFIX,
        })
    }

    /// The currency word ending right before `start`, with where it starts.
    fn prefix_currency(&self, s: &str, start: usize) -> Option<(usize, &str, &str)> {
        let before = s[..start].trim_end();
        let (word, iso) = self
            .prefix_currencies
            .iter()
            .find(|(word, _)| before.ends_with(word.as_str()))?;
        Some((before.len() - word.len(), word, iso))
    }

    /// Builds the quantity of a piece and its unit; `start` overrides its start (ranges).
    fn finish(
        &self,
        s: &str,
        piece: &Piece<'_>,
        unit: &UnitWord,
        start: Option<usize>,
        core_start: usize,
    ) -> Quantity {
        let mut span = Span::new(start.unwrap_or(piece.start), piece.end);
        let mut canonical = unit.unit.clone();
        let mut unit_text = format!("{}{}", piece.written_multiplier, unit.word);
        let mut rule = RULE_NUMBER_UNIT;
        if self.generic_currency.contains(&unit.word) {
            if let Some((prefix_start, word, iso)) = self.prefix_currency(s, span.start()) {
                span = Span::new(prefix_start, span.end());
                canonical = iso.to_string();
                unit_text = format!("{word}{unit_text}");
                rule = RULE_CURRENCY_PREFIX;
            }
        }
        if let Some(per) = self.per_unit(s, span.end(), &canonical) {
            span = Span::new(span.start(), span.end() + per.len());
            canonical = "other".to_string();
            unit_text.push_str(per);
        }
        Quantity {
            span,
            core_start,
            value: times(piece.value, unit.scale),
            value_high: None,
            unit: canonical,
            unit_text,
            inside: piece.inside,
            rule,
        }
    }

    /// `/平方米` or `每吨` after a unit: the quantity is a rate (`5万元/平方米`).
    fn per_unit<'s>(&self, s: &'s str, at: usize, unit: &str) -> Option<&'s str> {
        if unit == "percent" || unit == "percentage_point" {
            return None;
        }
        let rest = &s[at..];
        let per = self
            .unit_at(s, at, at + 1)
            .filter(|_| rest.starts_with('/'))?;
        Some(&rest[..1 + per.word.len()])
    }

    /// `四分之一` (fraction), `百分之十五` (percent), `千分之三` (percent / 10).
    fn word_fractions(&self, s: &str) -> Vec<Quantity> {
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

    /// `1/4`, `1/6`: a proper fraction with a slash, not part of a date or path.
    fn slash_fractions(&self, s: &str) -> Vec<Quantity> {
        let glued = |ch: Option<char>| {
            ch.is_some_and(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '/' | '.' | '-' | '%'))
        };
        let mut found = Vec::new();
        for whole in self.fraction_slash.find_iter(s) {
            if glued(s[..whole.start()].chars().next_back())
                || glued(s[whole.end()..].chars().next())
            {
                continue;
            }
            let Some((numerator, denominator)) = whole.as_str().split_once('/') else {
                continue;
            };
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
                value: numerator / denominator,
                value_high: None,
                unit: "fraction".to_string(),
                unit_text: String::new(),
                inside: None,
                rule: RULE_FRACTION_SLASH,
            });
        }
        found
    }
}

/// A fraction in words: over a bare power of ten from 100 up it is a percent
/// (`百分之十五` → 15, `千分之三` → 0.3, `万分之三` → 0.03), otherwise a fraction
/// (`四分之一` → 0.25). Returns (unit, value, unit text, rule).
fn fraction_value(den: &str, num: &str) -> Option<(&'static str, f64, String, &'static str)> {
    let numerator = core_value(num)?;
    if let Some(power) = bare_power(den).filter(|power| *power >= 100.0) {
        let value = numerator * 100.0 / power;
        return Some(("percent", value, format!("{den}分之"), RULE_PERCENT_WORDS));
    }
    let denominator = core_value(den).filter(|denominator| *denominator != 0.0)?;
    let value = numerator / denominator;
    Some(("fraction", value, "分之".to_string(), RULE_FRACTION_WORDS))
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
fn times(value: f64, factor: f64) -> f64 {
    let exponent = factor.log10().round();
    if factor > 0.0 && 10f64.powf(exponent) == factor {
        if let Ok(exact) = format!("{value}e{exponent}").parse::<f64>() {
            return exact;
        }
    }
    value * factor
}

/// Skips ASCII spaces (left by normalization between Latin and CJK text).
fn skip_spaces(s: &str, at: usize) -> usize {
    at + s[at..].len() - s[at..].trim_start_matches(' ').len()
}

/// True when `s[start..end]` stands alone inside quotes: a name (`“30条”`), not a count.
fn quoted_alone(s: &str, start: usize, end: usize) -> bool {
    s[..start]
        .chars()
        .next_back()
        .is_some_and(|ch| OPEN_QUOTES.contains(&ch))
        && s[end..]
            .chars()
            .next()
            .is_some_and(|ch| CLOSE_QUOTES.contains(&ch))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner() -> Scanner {
        Scanner::new(&IndicatorRules::embedded().unwrap())
    }

    fn scan(text: &str) -> Vec<(String, f64, Option<f64>, String, String)> {
        scanner()
            .scan(text, Span::new(0, text.len()))
            .into_iter()
            .map(|q| {
                (
                    text[q.span].to_string(),
                    q.value,
                    q.value_high,
                    q.unit,
                    q.unit_text,
                )
            })
            .collect()
    }

    #[test]
    fn number_multiplier_unit() {
        let found = scan("增加值10393.39亿元，企业2.3万家，研发人员34万人年");
        let texts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(texts, ["10393.39亿元", "2.3万家", "34万人年"]);
        assert_eq!(found[0].1, 1_039_339_000_000.0);
        assert_eq!(
            (found[1].3.as_str(), found[1].4.as_str()),
            ("count", "万家")
        );
        assert_eq!(found[2].3, "person_year");
    }

    #[test]
    fn chinese_numerals_keep_trailing_multiplier_in_unit_text() {
        let found = scan("投资二十亿元建成三千余项");
        assert_eq!(found[0].0, "二十亿元");
        assert_eq!((found[0].1, found[0].4.as_str()), (2e9, "亿元"));
        assert_eq!((found[1].0.as_str(), found[1].1), ("三千余项", 3000.0));
    }

    #[test]
    fn ranges_share_the_second_unit() {
        let found = scan("占70%~90%，投资5至8亿元，期限15-20年");
        assert_eq!((found[0].1, found[0].2), (70.0, Some(90.0)));
        assert_eq!(
            (found[1].0.as_str(), found[1].1, found[1].2),
            ("5至8亿元", 5e8, Some(8e8))
        );
        assert_eq!(
            (found[2].3.as_str(), found[2].1, found[2].2),
            ("year", 15.0, Some(20.0))
        );
    }

    #[test]
    fn fractions_and_percent_words() {
        let found = scan("新增约1/4，占四分之一，达百分之十五");
        assert_eq!((found[0].1, found[0].3.as_str()), (0.25, "fraction"));
        assert_eq!((found[1].1, found[1].3.as_str()), (0.25, "fraction"));
        assert_eq!((found[2].1, found[2].3.as_str()), (15.0, "percent"));
    }

    #[test]
    fn prefix_currencies_decide_the_currency() {
        let found = scan("融资港币1.26亿元，售价$20");
        assert_eq!(
            (found[0].0.as_str(), found[0].3.as_str()),
            ("港币1.26亿元", "HKD")
        );
        assert_eq!(
            (found[1].0.as_str(), found[1].3.as_str(), found[1].1),
            ("$20", "USD", 20.0)
        );
    }

    #[test]
    fn not_quantities() {
        for text in [
            "2019年",
            "第1201期",
            "排名第二",
            "13号线",
            "5G基站",
            "举措一",
            "图1",
            "[12]",
            "千家万户",
            "前十名",
            "数十家",
            "“30条”",
            "2015-2019年",
            "二〇二三年",
            "PM2.5",
            "2024/1/19",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn multipliers_scale_exactly() {
        let found = scan("企业研发经费投入2085.78亿元，人口378.53万人");
        assert_eq!(found[0].1, 208_578_000_000.0);
        assert_eq!(found[1].1, 3_785_300.0);
    }

    #[test]
    fn negative_numbers_and_multiples() {
        let found = scan("下降为-3.9%，增长3倍");
        assert_eq!((found[0].1, found[0].3.as_str()), (-3.9, "percent"));
        assert_eq!((found[1].1, found[1].3.as_str()), (3.0, "multiple"));
    }
}
