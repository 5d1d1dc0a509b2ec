//! From a pattern's captures to an unresolved date expression ([`Expr`]): numbers read,
//! words looked up in the [`Lexicon`], shape checks applied (`2015-2019年` must go
//! forward, `十五` is a plan only in quotes or before `时期`…). Nothing here knows the
//! reference date or the paragraph; `super::resolve` does.

use regex::Captures;

use super::lexicon::Lexicon;
use super::patterns::Shape;
use crate::extract::numbers::{chinese_digit, parse_digits_by_digit, parse_number};
use crate::extract::Granularity;
use crate::rules::dates::Direction;

/// How the year of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum YearSpec {
    /// Written out: `2019年`, `民国113年`.
    Absolute(i32),
    /// Offset from the reference year: `去年` = -1.
    Relative(i32),
    /// Offset from the year stated earlier in the paragraph: `次年` = +1.
    Anaphoric(i32),
    /// Not written (`10月`): the paragraph's year, else the reference year.
    Implicit,
}

/// The part of the year a date covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sub {
    /// The whole year.
    Year,
    /// A run of months (a month, quarter, half year, `年底`, `1—9月`).
    Months {
        /// First month, 1–12.
        first: u32,
        /// Last month, inclusive.
        last: u32,
        /// `Month` or `Quarter`.
        granularity: Granularity,
    },
    /// A run of days of one month; a `last` past the month's end is clipped to it when
    /// `first < last` (`下旬` = 21–31).
    Days {
        /// The month, 1–12.
        month: u32,
        /// First day.
        first: u32,
        /// Last day, inclusive.
        last: u32,
    },
}

/// A year (maybe implicit) and a part of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Period {
    /// Which year.
    pub year: YearSpec,
    /// Which part of it.
    pub sub: Sub,
}

/// A date expression before resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Expr {
    /// One period: `2019年4月`, `去年前三季度`, `10月`.
    Point(Period),
    /// From the first period to the second; the second's year is written or copied from
    /// the first (`2019年6月1日-6月30日`).
    Range(Period, Period),
    /// Whole calendar years, absolute: decades, centuries, five-year plans.
    Years {
        /// First year.
        first: i32,
        /// Last year, inclusive.
        last: i32,
        /// `Decade`, `Century` or `MultiYear`.
        granularity: Granularity,
    },
    /// Whole years as offsets from the reference year (`近五年` = -5..-1).
    RelativeYears {
        /// First offset.
        first: i32,
        /// Last offset, inclusive.
        last: i32,
    },
    /// A century counted from the reference year's (`上世纪` = -1), or decades of it
    /// (`上世纪90年代`: decades 90..90).
    RelativeCentury {
        /// Offset in centuries.
        offset: i32,
        /// First and last decade (0, 10, …, 90) inside the century.
        decades: Option<(i32, i32)>,
    },
    /// Fiscal years from 1 April to 31 March, by the calendar year they start in
    /// (`2024-25年度` = 2024..2024, `2024-25至2028-29年度` = 2024..2028).
    FiscalYears {
        /// First fiscal year's starting year.
        first: i32,
        /// Last fiscal year's starting year, inclusive.
        last: i32,
    },
    /// A month counted from the reference month (`上个月` = -1), or a day of it
    /// (`本月15日`).
    RelativeMonth {
        /// Offset in months.
        offset: i32,
        /// The day, when written.
        day: Option<u32>,
    },
}

/// The sentence text around a match, for shape checks that look outside it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Surroundings<'a> {
    /// The sentence text before the match.
    pub before: &'a str,
    /// The sentence text after the match.
    pub after: &'a str,
}

/// What the document as a whole says about how to read its dates (see
/// `super::DateExtractor::document_cues`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct DocumentCues {
    /// The document dates itself in Republic-of-China years with the era word
    /// (`中华民国113年5月30日`), so it writes its other years bare: `112年` alone is a
    /// date (2023), and a two-digit `98年5月` is ROC 98 (2009), not 1998.
    pub roc_years: bool,
}

/// Reads a match of a pattern of `shape`; `None` when it is not a date after all.
pub(super) fn parse(
    shape: Shape,
    caps: &Captures<'_>,
    around: Surroundings<'_>,
    lexicon: &Lexicon,
    cues: DocumentCues,
) -> Option<Expr> {
    let reader = Reader {
        caps,
        lexicon,
        around,
        cues,
    };
    match shape {
        Shape::Point => reader.point("").map(Expr::Point),
        Shape::NumericDate => {
            (reader.text("sep_a") == reader.text("sep_b")).then_some(())?;
            reader.point("").map(Expr::Point)
        }
        Shape::YearRange => reader.year_range(),
        Shape::MonthRange => reader.month_range(),
        Shape::DayRange => reader.day_range(),
        Shape::Decade => reader.decade(),
        Shape::Century => reader.century(),
        Shape::FiveYearPlan => reader.five_year_plan(around),
        Shape::FiscalYear => super::fiscal::read(caps),
        Shape::RecentYears => reader.recent_years(around),
        Shape::RelativeMonth => {
            let offset = *lexicon.relative_month.get(reader.text("rmonth")?)?;
            let day = match reader.text("day") {
                Some(_) => Some(reader.number("day", 1, 31)?),
                None => None,
            };
            Some(Expr::RelativeMonth { offset, day })
        }
    }
}

/// Reads named groups of one match.
struct Reader<'c, 'h> {
    caps: &'c Captures<'h>,
    lexicon: &'c Lexicon,
    around: Surroundings<'c>,
    cues: DocumentCues,
}

impl Reader<'_, '_> {
    /// The text of group `name`, if it took part in the match.
    fn text(&self, name: &str) -> Option<&str> {
        self.caps.name(name).map(|m| m.as_str())
    }

    /// Group `name` as a whole number in `low..=high`.
    fn number(&self, name: &str, low: u32, high: u32) -> Option<u32> {
        let value = whole_number(parse_number(self.text(name)?)?)?;
        (low..=high).contains(&value).then_some(value)
    }

    /// Like [`Self::number`], as a signed year arithmetic operand.
    fn int(&self, name: &str, low: u32, high: u32) -> Option<i32> {
        i32::try_from(self.number(name, low, high)?).ok()
    }

    /// `{YEAR}` groups with suffix `s`: the year, `Implicit` when none took part, or
    /// `None` when written but invalid.
    fn year(&self, s: &str) -> Option<YearSpec> {
        let group = |name: &str| self.text(&format!("{name}{s}"));
        if let Some(year) = group("year") {
            return year.parse().ok().map(YearSpec::Absolute);
        }
        if let Some(year) = group("cyear") {
            let value =
                parse_digits_by_digit(year).or_else(|| whole_number(parse_number(year)?))?;
            let value = i32::try_from(value).ok()?;
            return (1000..=2100)
                .contains(&value)
                .then_some(YearSpec::Absolute(value));
        }
        if let Some(year) = group("syear") {
            if self.cues.roc_years && !year.starts_with(['0', '零', '〇', '○']) {
                let year: i32 = year.parse().ok()?;
                return Some(YearSpec::Absolute(self.lexicon.bare_era_offset + year));
            }
            return short_year(year).map(YearSpec::Absolute);
        }
        if let Some(year) = group("rocyear") {
            let year: i32 = year.parse().ok()?;
            return Some(YearSpec::Absolute(self.lexicon.bare_era_offset + year));
        }
        if let Some(era) = group("era") {
            let base = self.lexicon.era.get(era)?;
            let number = group("eyear")?;
            let number = if number == "元" {
                1
            } else {
                whole_number(parse_number(number)?)?
            };
            let number = i32::try_from(number).ok()?;
            return Some(YearSpec::Absolute(base + number));
        }
        if let Some(word) = group("ryear") {
            return self
                .lexicon
                .relative_year
                .get(word)
                .copied()
                .map(YearSpec::Relative);
        }
        if let Some(word) = group("ayear") {
            return self
                .lexicon
                .anaphoric_year
                .get(word)
                .copied()
                .map(YearSpec::Anaphoric);
        }
        Some(YearSpec::Implicit)
    }

    /// A year or a part of one (`Shape::Point`), groups with suffix `s`.
    fn point(&self, s: &str) -> Option<Period> {
        let year = self.year(s)?;
        let sub = self.sub(s)?;
        if sub == Sub::Year && !self.year_alone_is_a_date(s) {
            return None;
        }
        if !plausible(year, sub) || self.recurring(year) || self.count_of_years(year, sub) {
            return None;
        }
        Some(Period { year, sub })
    }

    /// True for a year-less date after `每`/`每年` (`每年3月` recurs every year).
    fn recurring(&self, year: YearSpec) -> bool {
        let before = self.around.before;
        year == YearSpec::Implicit
            && (self.lexicon.recurring_markers.iter()).any(|word| before.ends_with(word.as_str()))
    }

    /// True for a written year that counts years (`历时1000年`, `2000年以上`).
    fn count_of_years(&self, year: YearSpec, sub: Sub) -> bool {
        let Surroundings { before, after } = self.around;
        let lexicon = self.lexicon;
        matches!(year, YearSpec::Absolute(_))
            && sub == Sub::Year
            && (lexicon
                .year_count_before
                .iter()
                .any(|word| before.ends_with(word.as_str()))
                || lexicon
                    .year_count_after
                    .iter()
                    .any(|word| after.starts_with(word.as_str())))
    }

    /// False for written years that need a month to be dates: `两千年` (often "two
    /// thousand years") and two-digit years without a leading zero (`15年` is a duration).
    fn year_alone_is_a_date(&self, s: &str) -> bool {
        let written_as_number = self
            .text(&format!("cyear{s}"))
            .is_some_and(|year| parse_digits_by_digit(year).is_none());
        let bare_short = self
            .text(&format!("syear{s}"))
            .is_some_and(|year| !year.starts_with(['0', '零', '〇', '○']));
        let bare_era = self.text(&format!("rocyear{s}")).is_some()
            && !self.cues.roc_years
            && !self.caps.get(0).is_some_and(|m| m.as_str().ends_with('度'));
        !written_as_number && !bare_short && !bare_era
    }

    /// The part of the year the groups name.
    fn sub(&self, s: &str) -> Option<Sub> {
        let months = |first, last, granularity| {
            Some(Sub::Months {
                first,
                last,
                granularity,
            })
        };
        let month = self.text(&format!("month{s}"));
        if month.is_some() {
            let month = self.number(&format!("month{s}"), 1, 12)?;
            if self.text(&format!("day{s}")).is_some() {
                let day = self.number(&format!("day{s}"), 1, 31)?;
                return Some(Sub::Days {
                    month,
                    first: day,
                    last: day,
                });
            }
            if let Some(part) = self.text("mpart") {
                let [first, last] = self.lexicon.part_of_month.get(part)?;
                return Some(Sub::Days {
                    month,
                    first: *first,
                    last: *last,
                });
            }
            return months(month, month, Granularity::Month);
        }
        if self.text("qa").is_some() || self.text("qn").is_some() {
            let (first, last) = self.quarters()?;
            return months(first * 3 - 2, last * 3, Granularity::Quarter);
        }
        if let Some(half) = self.text("half") {
            let [first, last] = self.lexicon.half_year.get(half)?;
            return months(*first, *last, Granularity::Quarter);
        }
        if let Some(part) = self.text("part") {
            let [first, last] = self.lexicon.part_of_year.get(part)?;
            return months(*first, *last, Granularity::Month);
        }
        Some(Sub::Year)
    }

    /// `一季度` → (1, 1), `一至三季度` → (1, 3), `前三季度` → (1, 3).
    /// Without 度 (`第一季`, `前三季`, Taiwan/HK) only after 第 or 前: `四季` is the seasons.
    fn quarters(&self) -> Option<(u32, u32)> {
        let marked = self.text("qdu").is_some() || self.text("qth").is_some();
        if !marked && self.text("qn").is_none() {
            return None;
        }
        if let Some(count) = self.text("qn") {
            return Some((1, quarter_number(count)?));
        }
        let first = quarter_number(self.text("qa")?)?;
        let last = self.text("qb").map_or(Some(first), quarter_number)?;
        (first <= last).then_some((first, last))
    }

    /// `1980—1992年`: two written years, going forward.
    fn year_range(&self) -> Option<Expr> {
        let (YearSpec::Absolute(first), YearSpec::Absolute(last)) =
            (self.year("_a")?, self.year("_b")?)
        else {
            return None;
        };
        let year = |year| Period {
            year: YearSpec::Absolute(year),
            sub: Sub::Year,
        };
        (first < last).then(|| Expr::Range(year(first), year(last)))
    }

    /// `今年1—9月`: one year, months going forward.
    fn month_range(&self) -> Option<Expr> {
        let year = self.year("")?;
        let (first, last) = match self.text("first_months") {
            // `今年首两个月`: January to the N-th month.
            Some(_) => (1, self.number("first_months", 2, 12)?),
            None => (
                self.number("month_a", 1, 12)?,
                self.number("month_b", 1, 12)?,
            ),
        };
        let sub = Sub::Months {
            first,
            last,
            granularity: Granularity::Month,
        };
        (first < last).then_some(Expr::Point(Period { year, sub }))
    }

    /// `6月1日-6月30日`, `一月十日到十二日`, `3月28日到4月15日`.
    fn day_range(&self) -> Option<Expr> {
        let year = self.year("")?;
        let month = self.number("month_a", 1, 12)?;
        let first = self.number("day_a", 1, 31)?;
        let last = self.number("day_b", 1, 31)?;
        let last_month = match self.text("month_b") {
            Some(_) => self.number("month_b", 1, 12)?,
            None => month,
        };
        if last_month == month {
            let sub = Sub::Days { month, first, last };
            return (first < last).then_some(Expr::Point(Period { year, sub }));
        }
        let day = |month, day| Period {
            year,
            sub: Sub::Days {
                month,
                first: day,
                last: day,
            },
        };
        (month < last_month).then(|| Expr::Range(day(month, first), day(last_month, last)))
    }

    /// Decades: `1990年代`, `20世纪80年代`, `90年代`, `50-60年代`, `八九十年代`.
    fn decade(&self) -> Option<Expr> {
        if let Some(year) = self.text("full_decade") {
            let first: i32 = year.parse().ok()?;
            return Some(Expr::Years {
                first,
                last: first + 9,
                granularity: Granularity::Decade,
            });
        }
        let (first, last) = self.decade_numbers()?;
        if let Some(offset) = self.relative_century() {
            return Some(Expr::RelativeCentury {
                offset,
                decades: Some((first, last)),
            });
        }
        let base = match self.text("century") {
            Some(_) => (self.int("century", 1, 22)? - 1) * 100,
            None if first >= 30 => 1900,
            None => 2000,
        };
        let (first, last) = (base + first, base + last + 9);
        Some(Expr::Years {
            first,
            last,
            granularity: Granularity::Decade,
        })
    }

    /// The decade numbers (0, 10, …, 90) of a decade match, first ≤ last.
    fn decade_numbers(&self) -> Option<(i32, i32)> {
        if let (Some(a), Some(b)) = (self.text("digit_a"), self.text("digit_b")) {
            let digit = |text: &str| {
                let value = text.chars().next().and_then(chinese_digit)?;
                i32::try_from(value * 10).ok()
            };
            let (first, last) = (digit(a)?, digit(b)?);
            return (first < last).then_some((first, last));
        }
        let first = self.int("dec_a", 0, 90)?;
        let last = match self.text("dec_b") {
            Some(_) => self.int("dec_b", 0, 90)?,
            None => first,
        };
        (first % 10 == 0 && last % 10 == 0 && first <= last).then_some((first, last))
    }

    /// The offset of a relative century word (`上世纪` = -1), if one took part.
    fn relative_century(&self) -> Option<i32> {
        self.lexicon
            .relative_century
            .get(self.text("rcentury")?)
            .copied()
    }

    /// `21世纪` = 2001–2100; `本世纪` relative.
    fn century(&self) -> Option<Expr> {
        if let Some(offset) = self.relative_century() {
            return Some(Expr::RelativeCentury {
                offset,
                decades: None,
            });
        }
        let century = self.int("century", 1, 22)?;
        let (first, last) = ((century - 1) * 100 + 1, century * 100);
        Some(Expr::Years {
            first,
            last,
            granularity: Granularity::Century,
        })
    }

    /// `十三五` = 2016–2020. Plans numbered up to 10 (`九五`, `十五`) are also plain
    /// numbers, so they need quotes or a following plan word (`时期`, `规划`).
    fn five_year_plan(&self, around: Surroundings<'_>) -> Option<Expr> {
        let number = self.int("plan", 1, 19)?;
        if number <= 10 && !plan_is_marked(around, &self.lexicon.plans.suffixes) {
            return None;
        }
        let first = self.lexicon.plans.first_year(number)?;
        Some(Expr::Years {
            first,
            last: first + 4,
            granularity: Granularity::MultiYear,
        })
    }

    /// `近五年` = the five whole years before the reference year; `未来5年` the five after.
    fn recent_years(&self, around: Surroundings<'_>) -> Option<Expr> {
        let markers = &self.lexicon.duration_markers;
        if markers
            .iter()
            .any(|marker| around.before.ends_with(marker.as_str()))
        {
            return None;
        }
        let count = self.int("count", 1, 99)?;
        match self.lexicon.recent.get(self.text("recent")?)? {
            Direction::Past => Some(Expr::RelativeYears {
                first: -count,
                last: -1,
            }),
            Direction::Future => Some(Expr::RelativeYears {
                first: 1,
                last: count,
            }),
        }
    }
}

/// False for a day no calendar has (`2月30日`, `2019年2月29日`), so that the shorter
/// `2019年2月` can be found instead.
fn plausible(year: YearSpec, sub: Sub) -> bool {
    let Sub::Days { month, first, last } = sub else {
        return true;
    };
    let year = match year {
        YearSpec::Absolute(year) => year,
        _ => 2000, // a leap year: `2月29日` may exist
    };
    let exists = |day| chrono::NaiveDate::from_ymd_opt(year, month, day).is_some();
    exists(first) && (first < last || exists(last))
}

/// True when a plan number stands in quotes or before a plan word (`“九五”`, `九五时期`).
fn plan_is_marked(around: Surroundings<'_>, suffixes: &[String]) -> bool {
    let quoted = around.before.ends_with(['“', '"', '‘', '「', '\''])
        || around.after.starts_with(['”', '"', '’', '」', '\'']);
    quoted
        || suffixes
            .iter()
            .any(|suffix| around.after.starts_with(suffix.as_str()))
}

/// `07` → 2007, `零八` → 2008, `98` → 1998: two-digit years, 00–49 in the 2000s.
fn short_year(text: &str) -> Option<i32> {
    let value = match text.parse::<i32>() {
        Ok(value) => value,
        Err(_) => i32::try_from(parse_digits_by_digit(text)?).ok()?,
    };
    Some(if value < 50 {
        2000 + value
    } else {
        1900 + value
    })
}

/// `value` as a `u32` when it is a whole number in `0..=u32::MAX`.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "checked: whole, non-negative and in range"
)]
fn whole_number(value: f64) -> Option<u32> {
    let whole = value.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&value);
    whole.then_some(value as u32)
}

/// `一`/`1` … `四`/`4`, and `两` for 2 (`前两季度`).
fn quarter_number(text: &str) -> Option<u32> {
    let ch = text.chars().next()?;
    let value = ch.to_digit(10).or_else(|| chinese_digit(ch))?;
    (1..=4).contains(&value).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_years_split_at_fifty() {
        assert_eq!(short_year("07"), Some(2007));
        assert_eq!(short_year("零八"), Some(2008));
        assert_eq!(short_year("98"), Some(1998));
    }

    #[test]
    fn quarter_numbers() {
        assert_eq!(quarter_number("三"), Some(3));
        assert_eq!(quarter_number("4"), Some(4));
        assert_eq!(quarter_number("五"), None);
    }

    #[test]
    fn plans_need_marks_below_eleven() {
        let suffixes = vec!["时期".to_string()];
        let around = |before, after| Surroundings { before, after };
        assert!(plan_is_marked(around("在“", "”期间"), &suffixes));
        assert!(plan_is_marked(around("", "时期"), &suffixes));
        assert!(!plan_is_marked(around("共", "个"), &suffixes));
    }
}
