//! Finding quantities in one sentence: numbers with a unit word ([`super::piece`] reads
//! one number), ranges of two such numbers, currencies written before the number, and
//! fractions ([`super::fraction`]); the text-level rejections (ordinals, ranks, calendar
//! years, articles, names in quotes).
//!
//! Everything here is text-level and sentence-relative; [`super::IndicatorExtractor`]
//! adds the checks that need tokens or other mentions.

use regex::Regex;

use super::fraction::fraction_value;
use super::numeral::{core_pattern, is_arabic};
use super::piece::{skip_spaces, times, Core, Piece, UnitWord};
use super::{qualifier_of, Quantity};
use crate::extract::numbers::chinese_digit;
use crate::extract::Qualifier;
use crate::rules::indicators::IndicatorRules;
use crate::span::Span;

/// Rule name: a number followed by a unit word (`1880.49亿元`, `2.3万家`, `8.3%`).
const RULE_NUMBER_UNIT: &str = "indicator_number_unit";
/// Rule name: a currency written before the number (`港币1.26亿元`, `$20`).
const RULE_CURRENCY_PREFIX: &str = "indicator_currency_prefix";
/// Rule name: two numbers joined by a connector, one unit (`70%~90%`, `5亿至8亿元`).
const RULE_RANGE: &str = "indicator_range";
/// Opening and closing quote marks: a quantity in a short quote is a name (`“30条”`).
const OPEN_QUOTES: &[char] = &['“', '「', '『', '‘'];
/// See [`OPEN_QUOTES`].
const CLOSE_QUOTES: &[char] = &['”', '」', '』', '’'];

/// The compiled quantity grammar of the indicators extractor.
#[derive(Debug)]
pub(super) struct Scanner {
    pub(super) number: Regex,
    pub(super) fraction_words: Regex,
    pub(super) fraction_slash: Regex,
    pub(super) units: Vec<UnitWord>,
    pub(super) multipliers: Vec<(String, f64)>,
    pub(super) inside: Vec<(String, Qualifier)>,
    prefix_currencies: Vec<(String, String)>,
    generic_currency: Vec<String>,
    connectors: Vec<String>,
    ordinal_prefixes: Vec<String>,
    rank_prefixes: Vec<String>,
    rank_units: Vec<String>,
    frame_prefixes: Vec<String>,
    frame_units: Vec<String>,
    vague_prefixes: Vec<String>,
    rate_base_prefixes: Vec<String>,
    pub(super) document_number_suffixes: Vec<String>,
    lone_numerals: Vec<String>,
    article_numerals: Vec<String>,
    article_units: Vec<String>,
    digit_word_units: Vec<String>,
    quoted_name_max_chars: usize,
}

/// Sorts word lists longest first, so that matching picks the longest word.
pub(super) fn longest_first<T>(mut items: Vec<(String, T)>) -> Vec<(String, T)> {
    items.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    items
}

/// The longest `(word, value)` whose word starts `text`.
pub(super) fn starting<'a, T>(items: &'a [(String, T)], text: &str) -> Option<&'a (String, T)> {
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
            frame_prefixes: grammar.frame_prefixes.clone(),
            frame_units: grammar.frame_units.clone(),
            vague_prefixes: grammar.vague_prefixes.clone(),
            rate_base_prefixes: grammar.rate_base_prefixes.clone(),
            document_number_suffixes: grammar.document_number_suffixes.clone(),
            lone_numerals: grammar.lone_numerals.clone(),
            article_numerals: grammar.article_numerals.clone(),
            article_units: grammar.article_units.clone(),
            digit_word_units: grammar.digit_word_units.clone(),
            quoted_name_max_chars: grammar.quoted_name_max_chars,
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
            quantity.written_start += sentence.start();
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
                let frame = self.frame_units.contains(&unit.unit)
                    && self
                        .frame_prefixes
                        .iter()
                        .any(|prefix| before.trim_end().ends_with(prefix.as_str()));
                let calendar_year = unit.unit == "year" && first.year_like;
                let article = self.article_numerals.iter().any(|word| word == core.text)
                    && self.article_units.contains(&unit.unit);
                let digit_word = core.text.chars().count() == 1
                    && !is_arabic(core.text)
                    && self.digit_word_units.contains(&unit.word);
                if rank
                    || frame
                    || calendar_year
                    || article
                    || digit_word
                    || self.quoted_name(s, first.start, first.end)
                {
                    return None;
                }
                Some(self.finish(s, &first, unit, None, core.start))
            }
            None => self.prefixed_only(s, &first, core.start),
        }
    }

    /// True when `s[start..end]` sits inside a short quoted phrase: a name or slogan
    /// (`“30条”`, `“两个一百年”`, `“6个90%”`), not a count.
    fn quoted_name(&self, s: &str, start: usize, end: usize) -> bool {
        let before = &s[..start];
        let after = &s[end..];
        let Some(open) = before.rfind(OPEN_QUOTES) else {
            return false;
        };
        let Some(close) = after.find(CLOSE_QUOTES) else {
            return false;
        };
        let opened = &before[open..];
        let content_start = open + opened.chars().next().map_or(0, char::len_utf8);
        !opened.contains(CLOSE_QUOTES)
            && !after[..close].contains(OPEN_QUOTES)
            && s[content_start..end + close].chars().count() <= self.quoted_name_max_chars
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

    /// False when the text before a number makes it an identifier, ordinal, the base of
    /// a rate (`每10股`) or vague. A vague word only blurs a number that opens with a place word (`数十家`, `几百万`):
    /// before a digit it ends a noun instead (`员工总数2,948人`, `户数三千户`).
    pub(super) fn left_ok(&self, s: &str, core_start: usize) -> bool {
        let before = &s[..core_start];
        let glued = before.chars().next_back().is_some_and(|ch| {
            ch.is_ascii_alphanumeric()
                || matches!(ch, '.' | '/' | '_' | '@' | '#' | '%' | '=' | '&' | '?')
        });
        let before = before.trim_end();
        let prefixed = |words: &[String]| words.iter().any(|word| before.ends_with(word.as_str()));
        let opens_with_place = s[core_start..]
            .chars()
            .next()
            .is_some_and(|ch| !ch.is_ascii_digit() && chinese_digit(ch).is_none());
        let vague = opens_with_place && prefixed(&self.vague_prefixes);
        !glued && !prefixed(&self.ordinal_prefixes) && !prefixed(&self.rate_base_prefixes) && !vague
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
            written_start: prefix_start,
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
    /// A currency written before a generic unit word decides the currency but stays out
    /// of the span, which is number and unit only (`新台币1,200亿元` → `1,200亿元`, TWD).
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
        let mut written_start = span.start();
        if self.generic_currency.contains(&unit.word) {
            if let Some((prefix_start, _, iso)) = self.prefix_currency(s, span.start()) {
                canonical = iso.to_string();
                rule = RULE_CURRENCY_PREFIX;
                written_start = prefix_start;
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
            written_start,
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
        if !rest.starts_with('/') {
            return None;
        }
        let per = self.unit_at(s, at, at + 1)?;
        Some(&rest[..=per.word.len()])
    }
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
        assert_eq!(found[0].1.to_string(), "1039339000000");
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
            (
                found[0].0.as_str(),
                found[0].3.as_str(),
                found[0].4.as_str()
            ),
            ("1.26亿元", "HKD", "亿元")
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
            "连续三年获评",
            "未来5年",
            "两股力量",
            "每10股",
            "数百万",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn multipliers_scale_exactly() {
        let found = scan("企业研发经费投入2085.78亿元，人口378.53万人");
        assert_eq!(found[0].1.to_string(), "208578000000");
        assert_eq!(found[1].1.to_string(), "3785300");
    }

    #[test]
    fn negative_numbers_and_multiples() {
        let found = scan("下降为-3.9%，增长3倍");
        assert_eq!((found[0].1, found[0].3.as_str()), (-3.9, "percent"));
        assert_eq!((found[1].1, found[1].3.as_str()), (3.0, "multiple"));
    }
}
