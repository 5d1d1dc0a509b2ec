//! From an [`Expr`] to calendar bounds: picks the year (written, relative to the
//! reference date, or inherited from the paragraph), then the first and last day.
//!
//! Conventions (also in the module docs of `super`):
//! * a year-less date (`10月`, `年底`) takes the year of the nearest earlier date of the
//!   same paragraph that lies within one year; with none, the reference year
//!   (`relative = true`); with no reference either, the last year stated in an earlier
//!   paragraph (a report's `第一季度` after a paragraph on `2023年`), and with none of
//!   those `start`/`end` stay empty;
//! * a relative expression without a reference date keeps `relative = true` and empty
//!   bounds; an anaphoric one (`次年`) without a year in the paragraph is dropped.

use chrono::{Datelike, NaiveDate};

use super::parse::{Expr, Period, Sub, YearSpec};
use crate::extract::Granularity;

/// Calendar bounds of one mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Resolved {
    /// First day, inclusive; `None` for a relative date without reference.
    pub start: Option<NaiveDate>,
    /// Last day, inclusive.
    pub end: Option<NaiveDate>,
    /// Granularity.
    pub granularity: Granularity,
    /// True when the reference date (or a year taken from it) was used.
    pub relative: bool,
}

impl Resolved {
    /// The single calendar year this mention lies in, when it is one year or less: what a
    /// later year-less date in the paragraph inherits.
    pub fn year_context(&self) -> Option<YearContext> {
        let (start, end) = (self.start?, self.end?);
        let short = self.granularity <= Granularity::Year && start.year() == end.year();
        short.then_some(YearContext {
            year: start.year(),
            relative: self.relative,
        })
    }
}

/// The year stated earlier in a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct YearContext {
    /// The year.
    pub year: i32,
    /// True when it came from the reference date.
    pub relative: bool,
}

/// The years a date without its own year can take: the paragraph's (for year-less dates
/// and anaphora) and, for anaphora only (`同年` opening a paragraph), the document's last.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct YearScope {
    /// The last single year stated in the current paragraph.
    pub paragraph: Option<YearContext>,
    /// The last single year stated anywhere before.
    pub document: Option<YearContext>,
}

impl YearScope {
    /// A new paragraph starts: its own year is not known yet.
    pub fn enter_paragraph(&mut self) {
        self.paragraph = None;
    }

    /// A date stated `year`.
    pub fn state(&mut self, year: YearContext) {
        self.paragraph = Some(year);
        self.document = Some(year);
    }

    /// The same scope with `year` as the paragraph's year.
    fn with_paragraph(self, year: Option<YearContext>) -> Self {
        Self {
            paragraph: year.or(self.paragraph),
            ..self
        }
    }
}

/// A year once its spec is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum YearValue {
    Known {
        year: i32,
        relative: bool,
    },
    /// Relative to a reference date that is missing.
    Unknown,
}

/// Resolves `expr`; `None` when it is no date after all (`2月30日`, `次年` with no
/// year before it).
pub(super) fn resolve(
    expr: &Expr,
    context: YearScope,
    reference: Option<NaiveDate>,
) -> Option<Resolved> {
    match *expr {
        Expr::Point(period) => {
            let year = year_value(period.year, context, reference)?;
            bounds(year, period.sub)
        }
        Expr::Range(first, last) => range(first, last, context, reference),
        Expr::Years {
            first,
            last,
            granularity,
        } => Some(Resolved {
            start: NaiveDate::from_ymd_opt(first, 1, 1),
            end: NaiveDate::from_ymd_opt(last, 12, 31),
            granularity,
            relative: false,
        }),
        Expr::FiscalYears { first, last } => Some(Resolved {
            start: ymd(first, super::fiscal::FIRST_MONTH, 1),
            end: ymd(last + 1, super::fiscal::FIRST_MONTH, 1)?.pred_opt(),
            granularity: if first == last {
                Granularity::Year
            } else {
                Granularity::MultiYear
            },
            relative: false,
        }),
        Expr::RelativeYears { first, last } => {
            let granularity = if first == last {
                Granularity::Year
            } else {
                Granularity::MultiYear
            };
            Some(relative(reference, granularity, |reference| {
                let year = reference.year();
                Some((ymd(year + first, 1, 1)?, ymd(year + last, 12, 31)?))
            }))
        }
        Expr::RelativeCentury { offset, decades } => {
            Some(relative_century(offset, decades, reference))
        }
        Expr::RelativeMonth { offset, day } => relative_month(offset, day, reference),
    }
}

/// `上个月` (the month before the reference month), `本月15日`; `None` for a day the
/// month does not have.
fn relative_month(offset: i32, day: Option<u32>, reference: Option<NaiveDate>) -> Option<Resolved> {
    let granularity = if day.is_some() {
        Granularity::Day
    } else {
        Granularity::Month
    };
    let Some(reference) = reference else {
        return Some(relative(None, granularity, |_| None));
    };
    let months = chrono::Months::new(offset.unsigned_abs());
    let first = reference.with_day(1)?;
    let first = if offset >= 0 {
        first.checked_add_months(months)?
    } else {
        first.checked_sub_months(months)?
    };
    let (start, end) = match day {
        Some(day) => (first.with_day(day)?, first.with_day(day)?),
        None => (first, month_end(first.year(), first.month())?),
    };
    Some(relative(Some(reference), granularity, |_| {
        Some((start, end))
    }))
}

/// A mention resolved against the reference date by `bounds`, or left open without one.
fn relative(
    reference: Option<NaiveDate>,
    granularity: Granularity,
    bounds: impl FnOnce(NaiveDate) -> Option<(NaiveDate, NaiveDate)>,
) -> Resolved {
    let (start, end) = reference.and_then(bounds).unzip();
    Resolved {
        start,
        end,
        granularity,
        relative: true,
    }
}

/// `上世纪` (the century before the reference year's), `上世纪90年代`.
fn relative_century(
    offset: i32,
    decades: Option<(i32, i32)>,
    reference: Option<NaiveDate>,
) -> Resolved {
    let granularity = if decades.is_some() {
        Granularity::Decade
    } else {
        Granularity::Century
    };
    relative(reference, granularity, |reference| {
        let century = (reference.year() - 1).div_euclid(100) + 1 + offset;
        let base = (century - 1) * 100;
        let (first, last) = match decades {
            Some((first, last)) => (base + first, base + last + 9),
            None => (base + 1, base + 100),
        };
        Some((ymd(first, 1, 1)?, ymd(last, 12, 31)?))
    })
}

/// Resolves a year spec; `None` for an anaphoric year with nothing to refer to.
fn year_value(
    spec: YearSpec,
    context: YearScope,
    reference: Option<NaiveDate>,
) -> Option<YearValue> {
    let from_reference = |offset: i32| {
        Some(
            reference.map_or(YearValue::Unknown, |reference| YearValue::Known {
                year: reference.year() + offset,
                relative: true,
            }),
        )
    };
    match spec {
        YearSpec::Absolute(year) => Some(YearValue::Known {
            year,
            relative: false,
        }),
        YearSpec::Relative(offset) => from_reference(offset),
        YearSpec::Anaphoric(offset) => {
            let context = context.paragraph.or(context.document)?;
            Some(YearValue::Known {
                year: context.year + offset,
                relative: context.relative,
            })
        }
        YearSpec::Implicit => match context.paragraph {
            Some(context) => Some(YearValue::Known {
                year: context.year,
                relative: context.relative,
            }),
            None => match (reference, context.document) {
                (None, Some(context)) => Some(YearValue::Known {
                    year: context.year,
                    relative: context.relative,
                }),
                _ => from_reference(0),
            },
        },
    }
}

/// The bounds of `sub` in `year`; `None` for an impossible date.
fn bounds(year: YearValue, sub: Sub) -> Option<Resolved> {
    let granularity = granularity(sub);
    let YearValue::Known { year, relative } = year else {
        return Some(Resolved {
            start: None,
            end: None,
            granularity,
            relative: true,
        });
    };
    let (start, end) = match sub {
        Sub::Year => (ymd(year, 1, 1)?, ymd(year, 12, 31)?),
        Sub::Months { first, last, .. } => (ymd(year, first, 1)?, month_end(year, last)?),
        Sub::Days { month, first, last } => {
            let end = match ymd(year, month, last) {
                None if first < last => month_end(year, month)?,
                end => end?,
            };
            (ymd(year, month, first)?, end)
        }
    };
    Some(Resolved {
        start: Some(start),
        end: Some(end),
        granularity,
        relative,
    })
}

/// A range of two periods; the second inherits the first's year when it has none.
fn range(
    first: Period,
    last: Period,
    context: YearScope,
    reference: Option<NaiveDate>,
) -> Option<Resolved> {
    let left = bounds(year_value(first.year, context, reference)?, first.sub)?;
    let inherited = context.with_paragraph(left.year_context());
    let right = bounds(year_value(last.year, inherited, reference)?, last.sub)?;
    join(&left, &right)
}

/// One mention from `left` to `right`; `None` when they do not go forward.
pub(super) fn join(left: &Resolved, right: &Resolved) -> Option<Resolved> {
    let granularity = match (left.granularity, right.granularity) {
        (Granularity::Year, Granularity::Year) => Granularity::MultiYear,
        (a, b) => a.min(b),
    };
    let relative = left.relative || right.relative;
    match (left.start, left.end, right.start, right.end) {
        (Some(start), Some(left_end), Some(right_start), Some(end)) => {
            let forward = start <= right_start && left_end <= end && start < end;
            forward.then_some(Resolved {
                start: Some(start),
                end: Some(end),
                granularity,
                relative,
            })
        }
        _ => Some(Resolved {
            start: None,
            end: None,
            granularity,
            relative,
        }),
    }
}

/// The granularity of a part of a year.
fn granularity(sub: Sub) -> Granularity {
    match sub {
        Sub::Year => Granularity::Year,
        Sub::Months { granularity, .. } => granularity,
        Sub::Days { .. } => Granularity::Day,
    }
}

/// `NaiveDate::from_ymd_opt` with an unsigned month and day.
fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The last day of `month` in `year`.
fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    ymd(next_year, next_month, 1)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("ISO date")
    }

    fn point(year: YearSpec, sub: Sub) -> Expr {
        Expr::Point(Period { year, sub })
    }

    #[test]
    fn month_ends_handle_leap_years() {
        assert_eq!(month_end(2024, 2), Some(date("2024-02-29")));
        assert_eq!(month_end(2023, 12), Some(date("2023-12-31")));
    }

    #[test]
    fn relative_years_need_a_reference() {
        let expr = point(YearSpec::Relative(-1), Sub::Year);
        let open = resolve(&expr, YearScope::default(), None).expect("kept");
        assert_eq!((open.start, open.relative), (None, true));
        let resolved =
            resolve(&expr, YearScope::default(), Some(date("2024-01-19"))).expect("resolved");
        assert_eq!(resolved.start, Some(date("2023-01-01")));
        assert_eq!(resolved.end, Some(date("2023-12-31")));
    }

    #[test]
    fn implicit_years_take_the_paragraph_and_anaphora_the_document() {
        let expr = point(
            YearSpec::Implicit,
            Sub::Days {
                month: 12,
                first: 1,
                last: 1,
            },
        );
        let mut context = YearScope::default();
        context.state(YearContext {
            year: 1987,
            relative: false,
        });
        let resolved = resolve(&expr, context, Some(date("2024-01-19"))).expect("resolved");
        assert_eq!(
            (resolved.start, resolved.relative),
            (Some(date("1987-12-01")), false)
        );
        context.enter_paragraph();
        let resolved = resolve(&expr, context, Some(date("2024-01-19"))).expect("resolved");
        assert_eq!(resolved.start, Some(date("2024-12-01")));
        let anaphora = point(YearSpec::Anaphoric(0), Sub::Year);
        let resolved = resolve(&anaphora, context, None).expect("resolved");
        assert_eq!(resolved.start, Some(date("1987-01-01")));
    }

    #[test]
    fn impossible_days_and_lonely_anaphora_are_dropped() {
        let expr = point(
            YearSpec::Absolute(2019),
            Sub::Days {
                month: 2,
                first: 29,
                last: 29,
            },
        );
        assert_eq!(resolve(&expr, YearScope::default(), None), None);
        assert_eq!(
            resolve(
                &point(YearSpec::Anaphoric(1), Sub::Year),
                YearScope::default(),
                None
            ),
            None
        );
    }

    #[test]
    fn part_of_month_is_clipped() {
        let expr = point(
            YearSpec::Absolute(2023),
            Sub::Days {
                month: 2,
                first: 21,
                last: 31,
            },
        );
        let resolved = resolve(&expr, YearScope::default(), None).expect("resolved");
        assert_eq!(resolved.end, Some(date("2023-02-28")));
    }

    #[test]
    fn relative_centuries_and_months() {
        let reference = Some(date("2017-03-22"));
        let expr = Expr::RelativeCentury {
            offset: -1,
            decades: Some((90, 90)),
        };
        let resolved = resolve(&expr, YearScope::default(), reference).expect("resolved");
        assert_eq!(
            (resolved.start, resolved.end),
            (Some(date("1990-01-01")), Some(date("1999-12-31")))
        );
        let resolved = resolve(
            &Expr::RelativeMonth {
                offset: -3,
                day: None,
            },
            YearScope::default(),
            reference,
        )
        .expect("resolved");
        assert_eq!(
            (resolved.start, resolved.end),
            (Some(date("2016-12-01")), Some(date("2016-12-31")))
        );
    }
}
