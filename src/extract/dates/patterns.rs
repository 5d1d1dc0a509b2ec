//! The date patterns, in one table: each entry is a named rule (the `rule` column), an
//! example, a regex template and the [`Shape`] that reads its captures.
//!
//! Templates are regexes with placeholders for the shared pieces, expanded by
//! `compile`: `{SP}` optional spaces (PDF spacing), `{CONN}` a range connector,
//! `{YEAR}` any year with its 年 (`2019年`, `二〇二三年`, `07年`, `民国113年`, `113年` (a
//! Republic-of-China year, only before a month or 年度), or a
//! relative/anaphoric word such as `去年`, `同年`), `{YNUM}` a bare 4-digit year,
//! `{MONTH}`, `{DAY}`, `{QUARTER}`, `{CENTURY}`, and the word lists of
//! `rules/data/dates.toml` (`{HALF}`, `{PART_YEAR}`, `{PART_MONTH}`, `{REL_YEAR}`,
//! `{ANA_YEAR}`, `{REL_MONTH}`, `{RECENT}`, `{ERA}`, `{FISCAL}`); `{FY}` is a fiscal
//! year written as two years (`2024-25`, `二〇二四至二五`, `2023/24`). `{NAME:a}` names the groups of a
//! range's left side `_a`, `{NAME:b}` its right side `_b`. Braces that are not an
//! upper-case placeholder are kept as regex syntax.
//!
//! Every match then passes the boundary checks of `super::scan` (no digit glued to either
//! end, words on jieba word boundaries) and the shape's own checks (a real calendar date,
//! a plan number in range, …); the longest match wins where patterns overlap.

use regex::{Regex, RegexSet};

use crate::rules::dates::DateRules;

/// How a pattern's captures become a date expression (see `super::parse`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Year, month, day, quarter, half or part of a year: groups `year…`, `month`, `day`,
    /// `qa`/`qb`/`qn`, `half`, `part`, `mpart`.
    Point,
    /// `2025.8.25`: like `Point`, and both separators must be the same.
    NumericDate,
    /// `1980—1992年`: two years, the left one without 年.
    YearRange,
    /// `今年1—9月`: one year (maybe implicit), two months.
    MonthRange,
    /// `6月1日-6月30日`, `一月十日到十二日`: two days, the right month maybe implicit.
    DayRange,
    /// `20世纪80年代`, `90年代`, `1990年代`, `50-60年代`, `八九十年代`.
    Decade,
    /// `21世纪`, `上世纪`.
    Century,
    /// `十三五`.
    FiveYearPlan,
    /// `近五年`, `过去 5 年`.
    RecentYears,
    /// `本月`, `上个月`, `本月15日`.
    RelativeMonth,
    /// `2024-25年度`, `二〇二四至二五年度`, `2023/24课税年度`, `2024-25至2028-29年度`:
    /// fiscal years written as two years, groups `fyear`/`cfyear` and `fnext`, `_a`/`_b`.
    FiscalYear,
}

/// One row of the pattern table.
#[derive(Debug)]
pub struct PatternSpec {
    /// The rule name, stored in the `rule` column; never renamed once released.
    pub rule: &'static str,
    /// A text the pattern matches in full.
    pub example: &'static str,
    /// The regex template (placeholders described in the module docs).
    pub template: &'static str,
    /// How to read the captures.
    pub shape: Shape,
    /// True for patterns made of words (`去年`, `上半年`): the match must start and end on
    /// jieba word boundaries, so `以上年均` holds no `上年`.
    pub word_like: bool,
}

/// The pattern table. Order breaks ties between equally long matches at one position.
pub const PATTERNS: &[PatternSpec] = &[
    // `2024年1月19日`, `2024 年 1 月 19 日`, `去年9月1日`, `二〇二三年十二月五号`.
    spec("date_ymd", "2024年1月19日", "{YEAR}{SP}{MONTH}{SP}月{SP}{DAY}{SP}[日号]", Shape::Point),
    // `2025.8.25`, `2024/3/15`, `2024-03-15`: the same separator twice.
    spec(
        "date_ymd_numeric",
        "2025.8.25",
        "(?P<year>{ARABIC_YEAR})(?P<sep_a>[./-])(?P<month>{ARABIC_MONTH})(?P<sep_b>[./-])(?P<day>{ARABIC_DAY})",
        Shape::NumericDate,
    ),
    // `2019年4月`, `2019 年 4 月份`, `今年7月`, `民国113年4月`.
    spec("date_ym", "2019年4月", "{YEAR}{SP}{MONTH}{SP}月份?", Shape::Point),
    // `2019年`, `2019 年度`, `二〇二三年`, `07年`. Two-digit years only with a leading zero.
    spec(
        "date_year",
        "2019年",
        "(?:{YNUM}{SP}年|(?P<syear>0[0-9]|[零〇○][一二三四五六七八九])年)度?",
        Shape::Point,
    ),
    // `民国113年` = 2024; `112年度` (a Taiwanese fiscal year without the era word) = 2023;
    // a bare `112年` only in a document that writes its own ROC dates with the era word.
    spec(
        "date_roc_year",
        "民国113年",
        "{ERA}{SP}{EYEAR}{SP}年|(?P<rocyear>1[0-4][0-9]){SP}年度?",
        Shape::Point,
    ),
    // `今年`, `去年`, `前年`, `明年`, `上年度`: resolved against the reference date.
    word("date_relative_year", "去年", "{REL_YEAR}", Shape::Point),
    // `同年`, `次年`: resolved against the year stated earlier in the paragraph.
    word("date_anaphoric_year", "同年", "{ANA_YEAR}", Shape::Point),
    // `12月1日`, `10月12号`: the year comes from the paragraph or the reference date.
    spec("date_md", "12月1日", "{MONTH}{SP}月{SP}{DAY}{SP}[日号]", Shape::Point),
    // `八月十五`, `两千年八月十五`: a Chinese-numeral day without 日 or 号.
    spec(
        "date_md_unsuffixed",
        "二〇〇四年八月十五",
        "(?:{YEAR})?(?P<month>十[一二]?|[一二三四五六七八九])月(?P<day>三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])",
        Shape::Point,
    ),
    // `10月`, `4月份`: the year comes from the paragraph or the reference date.
    spec("date_month", "10月", "{MONTH}{SP}月份?", Shape::Point),
    // `今年1—9月`, `2019年1-6月份`, `3月至5月`.
    spec(
        "date_month_range",
        "今年1—9月",
        "(?:{YEAR}{SP})?{MONTH:a}{SP}(?:月份?)?{CONN}{MONTH:b}{SP}月份?",
        Shape::MonthRange,
    ),
    // `今年首两个月`, `2024年前三个月`: the first N months of a stated year (never
    // without the year: a bare `前两个月` counts back from now).
    spec(
        "date_month_range",
        "今年首两个月",
        "{YEAR}{SP}[首前](?P<first_months>1[0-2]|[2-9]|十[一二]?|[两二三四五六七八九]){SP}个月",
        Shape::MonthRange,
    ),
    // `2019年6月1日-6月30日`, `一月十日到十二日`, `7月4日到7月6日`.
    spec(
        "date_day_range",
        "2019年6月1日-6月30日",
        "(?:{YEAR}{SP})?{MONTH:a}{SP}月{SP}{DAY:a}{SP}[日号]?{CONN}(?:{MONTH:b}{SP}月{SP})?{DAY:b}{SP}[日号]",
        Shape::DayRange,
    ),
    // `2024-25年度`, `二〇二四至二五年度`, `2023/24课税年度`, `2024-25至2028-29年度`:
    // fiscal years (1 April to 31 March), the second year written with two digits.
    spec(
        "date_fiscal_year",
        "2024-25至2028-29年度",
        "{FY:a}(?:{CONN}{FY:b})?{SP}{FISCAL}?{SP}年度",
        Shape::FiscalYear,
    ),
    // `1980—1992年`, `2015-2019年`: the left year without 年 (with it, `2019年至2022年`
    // is two `date_year` joined by the connector: see `super::push_sentence`).
    spec(
        "date_year_range",
        "1980—1992年",
        "{YNUM:a}{CONN}{YNUM:b}{SP}年度?",
        Shape::YearRange,
    ),
    // `一季度`, `第一季度`, `2023年一季度`, `今年一季度`, `去年前三季度`, `一至三季度`;
    // without 度 (Taiwan/HK) only after 第 or 前: `今年第一季`, `前三季` (not `四季`).
    spec("date_quarter", "去年前三季度", "(?:{YEAR}{SP})?{QUARTER}", Shape::Point),
    // `上半年`, `2019年下半年`, `今年上半年`.
    spec("date_half_year", "今年上半年", "(?:{YEAR}{SP})?{HALF}", Shape::Point),
    // `年底`, `2019年底`, `去年底`, `今年年初`.
    spec(
        "date_part_of_year",
        "2019年底",
        "(?:{YEAR}{SP}年?|年){PART_YEAR}",
        Shape::Point,
    ),
    // `9月底`, `2019年12月末`, `5月上旬`.
    spec(
        "date_part_of_month",
        "2019年12月底",
        "(?:{YEAR}{SP})?{MONTH}{SP}月份?{PART_MONTH}",
        Shape::Point,
    ),
    // `20世纪80年代`, `90年代`, `九十年代`, `上世纪90年代`.
    spec(
        "date_decade",
        "20世纪80年代",
        "(?:{CENTURY}{SP})?(?P<dec_a>[1-9]0|00|[一二三四五六七八九]十){SP}年代",
        Shape::Decade,
    ),
    // `1990年代`.
    spec("date_decade", "1990年代", "(?P<full_decade>1[0-9]{2}0|20[0-9]0){SP}年代", Shape::Decade),
    // `50-60年代`, `20世纪八九十年代`: two decades.
    spec(
        "date_decade",
        "20世纪八九十年代",
        "(?:{CENTURY}{SP})?(?:(?P<dec_a>[1-9]0){CONN}(?P<dec_b>[1-9]0)|(?P<digit_a>[一二三四五六七八])(?P<digit_b>[二三四五六七八九])十){SP}年代",
        Shape::Decade,
    ),
    // `21世纪`, `二十世纪`, `本世纪`.
    spec("date_century", "21世纪", "{CENTURY}", Shape::Century),
    // `十三五`, `“九五”时期`: the n-th five-year plan.
    spec(
        "five_year_plan",
        "十三五",
        "(?P<plan>十[一二三四五六七八九]|[一二三四五六七八九十])五",
        Shape::FiveYearPlan,
    ),
    // `近五年`, `过去 5 年`, `未来30年`: whole years before or after the reference year.
    word(
        "date_recent_years",
        "过去5年",
        "{RECENT}{SP}(?P<count>[1-9][0-9]?|[一二两三四五六七八九十]{1,3}){SP}个?年",
        Shape::RecentYears,
    ),
    // `本月`, `上个月`, `本月15日`.
    word(
        "date_relative_month",
        "本月15日",
        "{REL_MONTH}(?:{SP}{DAY}{SP}[日号])?",
        Shape::RelativeMonth,
    ),
];

/// A table row for a pattern made of numbers.
const fn spec(
    rule: &'static str,
    example: &'static str,
    template: &'static str,
    shape: Shape,
) -> PatternSpec {
    PatternSpec {
        rule,
        example,
        template,
        shape,
        word_like: false,
    }
}

/// A table row for a pattern made of words (checked against word boundaries).
const fn word(
    rule: &'static str,
    example: &'static str,
    template: &'static str,
    shape: Shape,
) -> PatternSpec {
    PatternSpec {
        rule,
        example,
        template,
        shape,
        word_like: true,
    }
}

/// A compiled row of the table.
#[derive(Debug)]
pub(super) struct Pattern {
    /// The table row.
    pub spec: &'static PatternSpec,
    /// Its expanded, compiled template.
    pub regex: Regex,
}

/// Optional spaces inside a date (PDF extraction spaces `2024 年 1 月`).
const SP: &str = r"[ \t\u{3000}]*";
/// A 4-digit Arabic year in 1000–2100.
const ARABIC_YEAR: &str = "1[0-9]{3}|20[0-9]{2}|2100";
/// A year written digit by digit (`二〇二三`) or as a number (`两千零四`).
const CHINESE_YEAR: &str = "[〇零○一二三四五六七八九]{4}|[一二两]千[零〇一二三四五六七八九十]{0,3}";
/// One Chinese digit of a year written digit by digit.
const CHINESE_DIGIT: &str = "[〇零○一二三四五六七八九]";
/// A year written digit by digit (`二〇二四`).
const DIGIT_YEAR: &str = "[〇零○一二三四五六七八九]{4}";
/// A month number, Arabic or Chinese.
const MONTH: &str = "1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]";
/// A day number, Arabic or Chinese.
const DAY: &str =
    "3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]";
/// An era year number (`113`, `三`, `元`).
const ERA_YEAR: &str = "[0-9]{1,3}|[一二三四五六七八九十百]{1,4}|元";

/// The compiled table, with a set of all its regexes that tells in one pass which
/// patterns match a sentence at all: most sentences hold no date, and the others only a
/// few kinds, so the per-pattern searches run only where they can find something.
#[derive(Debug)]
pub(super) struct Patterns {
    list: Vec<Pattern>,
    /// Every regex of `list`, in the same order; `None` if the set does not build
    /// (then every pattern is searched).
    any: Option<RegexSet>,
}

impl Patterns {
    /// The patterns that match somewhere in `text`, with their position in the table.
    pub fn matching<'p>(&'p self, text: &str) -> impl Iterator<Item = (usize, &'p Pattern)> {
        let hits = self.any.as_ref().map(|set| set.matches(text));
        self.list
            .iter()
            .enumerate()
            .filter(move |(index, _)| hits.as_ref().is_none_or(|hits| hits.matched(*index)))
    }
}

/// Compiles every row of [`PATTERNS`] with the word lists of `rules`. A row whose regex
/// does not compile is left out (a bug the unit tests catch).
pub(super) fn compile(rules: &DateRules) -> Patterns {
    let words = WordAlternations::new(rules);
    let list: Vec<Pattern> = PATTERNS
        .iter()
        .filter_map(|spec| {
            let regex = Regex::new(&expand(spec.template, &words)).ok()?;
            Some(Pattern { spec, regex })
        })
        .collect();
    let any = RegexSet::new(list.iter().map(|pattern| pattern.regex.as_str())).ok();
    Patterns { list, any }
}

/// The word lists as regex alternations, longest word first.
struct WordAlternations {
    connectors: String,
    relative_year: String,
    anaphoric_year: String,
    relative_month: String,
    relative_century: String,
    recent: String,
    half: String,
    part_year: String,
    part_month: String,
    era: String,
    fiscal: String,
}

impl WordAlternations {
    fn new(rules: &DateRules) -> Self {
        Self {
            connectors: alternation(rules.connectors.iter().map(String::as_str)),
            relative_year: alternation(rules.relative_year.iter().map(|w| w.word.as_str())),
            anaphoric_year: alternation(rules.anaphoric_year.iter().map(|w| w.word.as_str())),
            relative_month: alternation(rules.relative_month.iter().map(|w| w.word.as_str())),
            relative_century: alternation(rules.relative_century.iter().map(|w| w.word.as_str())),
            recent: alternation(rules.recent_years.iter().map(|w| w.word.as_str())),
            half: alternation(rules.half_year.iter().map(|w| w.word.as_str())),
            part_year: alternation(rules.part_of_year.iter().map(|w| w.word.as_str())),
            part_month: alternation(rules.part_of_month.iter().map(|w| w.word.as_str())),
            era: alternation(rules.era.iter().map(|w| w.word.as_str())),
            fiscal: alternation(rules.fiscal_year_words.iter().map(String::as_str)),
        }
    }
}

/// `a|bb|c` → `(?:bb|a|c)`: escaped, longest first so the longest word wins. An empty list
/// gives a group that matches nothing.
fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.collect();
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    if words.is_empty() {
        return "(?:[^\\s\\S])".to_string();
    }
    let escaped: Vec<String> = words.iter().map(|word| regex::escape(word)).collect();
    format!("(?:{})", escaped.join("|"))
}

/// Replaces the `{NAME}` / `{NAME:side}` placeholders of `template`.
fn expand(template: &str, words: &WordAlternations) -> String {
    let mut out = String::with_capacity(template.len() * 4);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let placeholder = after
            .find('}')
            .map(|close| (&after[..close], &after[close + 1..]));
        if let Some((fragment, tail)) =
            placeholder.and_then(|(name, tail)| Some((fragment(name, words)?, tail)))
        {
            out.push_str(&fragment);
            rest = tail;
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The regex for one placeholder, or `None` when `name` is not one (regex braces).
fn fragment(name: &str, words: &WordAlternations) -> Option<String> {
    let (name, side) = name.split_once(':').unwrap_or((name, ""));
    let s = if side.is_empty() {
        String::new()
    } else {
        format!("_{side}")
    };
    Some(match name {
        "SP" => SP.to_string(),
        "ARABIC_YEAR" => ARABIC_YEAR.to_string(),
        "ARABIC_MONTH" => "1[0-2]|0?[1-9]".to_string(),
        "ARABIC_DAY" => "3[01]|[12][0-9]|0?[1-9]".to_string(),
        "CONN" => format!("{SP}{}{{1,2}}{SP}", words.connectors),
        "YNUM" => format!("(?:(?P<year{s}>{ARABIC_YEAR})|(?P<cyear{s}>{CHINESE_YEAR}))"),
        "YEAR" => year(&s, words),
        "MONTH" => format!("(?P<month{s}>{MONTH})"),
        "DAY" => format!("(?P<day{s}>{DAY})"),
        "EYEAR" => format!("(?P<eyear{s}>{ERA_YEAR})"),
        "FY" => format!(
            "(?:(?P<fyear{s}>{ARABIC_YEAR})|(?P<cfyear{s}>{DIGIT_YEAR})){SP}(?:{}|/){SP}(?P<fnext{s}>[0-9]{{2}}|{CHINESE_DIGIT}{{2}})",
            words.connectors
        ),
        "FISCAL" => words.fiscal.clone(),
        "ERA" => format!("(?P<era{s}>{})", words.era),
        "QUARTER" => format!(
            "(?:(?P<qth>第)?(?P<qa>[一二三四1-4]){SP}(?:[、至到~-]{SP}第?(?P<qb>[一二三四1-4]){SP})?|前(?P<qn>[二两三2-3])个?)季(?P<qdu>度)?"
        ),
        "CENTURY" => format!(
            "(?:(?P<century>[12][0-9]|二十[一二]?|十[一二三四五六七八九]?){SP}世纪|(?P<rcentury>{}))",
            words.relative_century
        ),
        "HALF" => format!("(?P<half>{})", words.half),
        "PART_YEAR" => format!("(?P<part>{})", words.part_year),
        "PART_MONTH" => format!("(?P<mpart>{})", words.part_month),
        "REL_YEAR" => format!("(?P<ryear{s}>{})", words.relative_year),
        "ANA_YEAR" => format!("(?P<ayear{s}>{})", words.anaphoric_year),
        "REL_MONTH" => format!("(?P<rmonth>{})", words.relative_month),
        "RECENT" => format!("(?P<recent>{})", words.recent),
        _ => return None,
    })
}

/// `{YEAR}`: a year with its 年, or a relative or anaphoric year word.
fn year(s: &str, words: &WordAlternations) -> String {
    let branches = [
        format!("(?P<year{s}>{ARABIC_YEAR}){SP}年"),
        format!("(?P<cyear{s}>{CHINESE_YEAR})年"),
        format!("(?P<rocyear{s}>1[0-4][0-9]){SP}年"),
        format!("(?P<syear{s}>[0-9]{{2}}|[零〇○][一二三四五六七八九])年"),
        format!(
            "(?P<era{s}>{}){SP}(?P<eyear{s}>{ERA_YEAR}){SP}年",
            words.era
        ),
        format!("(?P<ryear{s}>{})", words.relative_year),
        format!("(?P<ayear{s}>{})", words.anaphoric_year),
    ]
    .map(|branch| format!("(?:{branch})"))
    .join("|");
    format!("(?:{branches})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled() -> Vec<Pattern> {
        compile(&DateRules::embedded().expect("embedded dates table")).list
    }

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(compiled().len(), PATTERNS.len());
    }

    #[test]
    fn every_pattern_matches_its_example_in_full() {
        for pattern in compiled() {
            let example = pattern.spec.example;
            let found = pattern.regex.find(example).map(|m| m.as_str());
            assert_eq!(found, Some(example), "rule {}", pattern.spec.rule);
        }
    }

    #[test]
    fn rule_names_are_snake_case() {
        for spec in PATTERNS {
            assert!(
                spec.rule
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{}",
                spec.rule
            );
        }
    }

    #[test]
    fn placeholders_expand_and_regex_braces_stay() {
        let words = WordAlternations::new(&DateRules::embedded().expect("table"));
        assert_eq!(expand("a{2}", &words), "a{2}");
        assert!(expand("{MONTH:a}", &words).contains("month_a"));
        assert_eq!(expand("{UNKNOWN}", &words), "{UNKNOWN}");
    }
}
