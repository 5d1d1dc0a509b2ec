//! Fiscal years written as two years (`2024-25年度`, `二〇二四至二五年度`,
//! `2023/24课税年度`) and ranges of them (`2024-25至2028-29年度`): the notation of Hong
//! Kong, the UK, India and Japan for the year from 1 April to 31 March. Read by
//! `super::parse` (shape `FiscalYear`), resolved by `super::resolve`.

use regex::Captures;

use super::parse::Expr;
use crate::extract::numbers::parse_digits_by_digit;

/// The month a fiscal year written as two years starts in (April).
pub(super) const FIRST_MONTH: u32 = 4;

/// Reads a fiscal-year match: the first year of each side; `None` when a side's second
/// year is not the year after its first (`2024-26年度`) or the range goes backwards.
pub(super) fn read(caps: &Captures<'_>) -> Option<Expr> {
    let first = side(caps, "_a")?;
    let last = if caps.name("fnext_b").is_some() {
        side(caps, "_b")?
    } else {
        first
    };
    (first <= last).then_some(Expr::FiscalYears { first, last })
}

/// The first year of one side (`2024-25` → 2024), checked against its two-digit second.
fn side(caps: &Captures<'_>, s: &str) -> Option<i32> {
    let text = |name: &str| caps.name(&format!("{name}{s}")).map(|m| m.as_str());
    let first = match (text("fyear"), text("cfyear")) {
        (Some(year), _) => year.parse::<u32>().ok()?,
        (None, Some(year)) => parse_digits_by_digit(year)?,
        (None, None) => return None,
    };
    let next = text("fnext")?;
    let next = next
        .parse::<u32>()
        .ok()
        .or_else(|| parse_digits_by_digit(next))?;
    let (first, next) = (i32::try_from(first).ok()?, i32::try_from(next).ok()?);
    ((1000..=2100).contains(&first) && (first + 1) % 100 == next).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dates::patterns;
    use crate::rules::dates::DateRules;

    fn read_text(text: &str) -> Option<Expr> {
        let rules = DateRules::embedded().expect("table");
        let compiled = patterns::compile(&rules);
        let (_, pattern) = compiled
            .matching(text)
            .find(|(_, p)| p.spec.rule == "date_fiscal_year")?;
        read(&pattern.regex.captures(text)?)
    }

    #[test]
    fn two_year_forms() {
        let one = |first| Some(Expr::FiscalYears { first, last: first });
        assert_eq!(read_text("2019-20年度"), one(2019));
        assert_eq!(read_text("2099/00年度"), one(2099));
        assert_eq!(read_text("二〇一九至二〇年度"), one(2019));
        assert_eq!(read_text("2017/18课税年度"), one(2017));
        assert_eq!(
            read_text("2019-20至2021-22年度"),
            Some(Expr::FiscalYears {
                first: 2019,
                last: 2021
            })
        );
    }

    #[test]
    fn second_year_must_follow_the_first() {
        assert_eq!(read_text("2019-21年度"), None);
        assert_eq!(read_text("2021-22至2019-20年度"), None);
    }
}
