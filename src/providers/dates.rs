//! Dates as publishers print them (in numbers, `24.06.2024` or
//! `06/24/2024`; or day, English month abbreviation and year), and the
//! calendar months of a publisher that dates its rates by the month.

use chrono::{Datelike, Months, NaiveDate};

/// The English abbreviations of the months, as the Bank of England and the
/// Reserve Bank of Australia print dates.
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses a date printed as day, month abbreviation and year joined by
/// `separator`: `17 Mar 2026` or `7 Mar 2026` (the Bank of England, a
/// space), `03-Jan-2023` (the Reserve Bank of Australia, a hyphen).
pub fn parse_day_month_year(text: &str, separator: char) -> Result<NaiveDate, String> {
    let invalid =
        || format!("invalid date {text:?} (expected e.g. 17{separator}Mar{separator}2026)");
    let mut parts = text.split(separator);
    let (Some(day), Some(month), Some(year), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let digits = |s: &str, lengths: &[usize]| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let month = MONTHS
        .iter()
        .position(|m| *m == month)
        .ok_or_else(invalid)?;
    if !digits(day, &[1, 2]) || !digits(year, &[4]) {
        return Err(invalid());
    }
    let (day, year) = (
        day.parse().map_err(|_| invalid())?,
        year.parse().map_err(|_| invalid())?,
    );
    NaiveDate::from_ymd_opt(year, month as u32 + 1, day).ok_or_else(invalid)
}

/// How a publisher writes a date in numbers: two-digit day and month and
/// a four-digit year, split by one separator, in one order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumericDate {
    separator: char,
    /// Where the day, the month and the year stand.
    order: [usize; 3],
    /// The form a refusal names: `DD.MM.YYYY`.
    form: &'static str,
}

impl NumericDate {
    /// `24.06.2024` (the NBU, the TCMB's `Tarih`, the Bank of Russia).
    pub const DOTS: NumericDate = NumericDate {
        separator: '.',
        order: [0, 1, 2],
        form: "DD.MM.YYYY",
    };
    /// `02-03-2026` (the Banco Central de Chile).
    pub const DASHES: NumericDate = NumericDate {
        separator: '-',
        order: [0, 1, 2],
        form: "DD-MM-YYYY",
    };
    /// `01/08/2026` (HMRC).
    pub const SLASHES: NumericDate = NumericDate {
        separator: '/',
        order: [0, 1, 2],
        form: "DD/MM/YYYY",
    };
    /// `06/24/2024`, month first (the TCMB's `Date`).
    pub const US_SLASHES: NumericDate = NumericDate {
        separator: '/',
        order: [1, 0, 2],
        form: "MM/DD/YYYY",
    };

    /// The date `text` writes, or `invalid date "…" (expected DD.MM.YYYY)`
    /// for anything else, a day that does not exist included.
    pub fn parse(self, text: &str) -> Result<NaiveDate, String> {
        let invalid = || format!("invalid date {text:?} (expected {})", self.form);
        self.read(text).ok_or_else(invalid)?.ok_or_else(invalid)
    }

    /// [`NumericDate::parse`] of the field `field`, which a refusal names:
    /// `invalid date "…" in Tarih (expected DD.MM.YYYY)`, or `(no such
    /// day)` for a date well written that does not exist (`31.02.2024`).
    pub fn parse_in(self, text: &str, field: &str) -> Result<NaiveDate, String> {
        let invalid = |why: &str| format!("invalid date {text:?} in {field} ({why})");
        self.read(text)
            .ok_or_else(|| invalid(&format!("expected {}", self.form)))?
            .ok_or_else(|| invalid("no such day"))
    }

    /// `None` when `text` is not written in this form; `Some(None)` when it
    /// is but names no day.
    fn read(self, text: &str) -> Option<Option<NaiveDate>> {
        let parts: Vec<&str> = text.split(self.separator).collect();
        let lengths = [2, 2, 4];
        let well_formed = parts.len() == 3
            && self.order.iter().zip(lengths).all(|(&i, len)| {
                parts[i].len() == len && parts[i].bytes().all(|b| b.is_ascii_digit())
            });
        if !well_formed {
            return None;
        }
        let number = |i: usize| parts[self.order[i]].parse::<u32>().ok();
        let year = i32::try_from(number(2)?).ok()?;
        Some(NaiveDate::from_ymd_opt(year, number(1)?, number(0)?))
    }
}

/// The first day of `day`'s month.
pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(u64::from(day.day0()))
}

/// The last day of `day`'s month.
pub fn last_of_month(day: NaiveDate) -> NaiveDate {
    let first = first_of_month(day);
    first
        .checked_add_months(Months::new(1))
        .map_or(first, |next| next - chrono::Days::new(1))
}

/// The first day of each month from `from`'s to `to`'s, both included,
/// oldest first: the months a request for `from..=to` reaches.
pub fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut months = Vec::new();
    if from > to {
        return months;
    }
    let mut month = first_of_month(from);
    while month <= to {
        months.push(month);
        match month.checked_add_months(Months::new(1)) {
            Some(next) => month = next,
            None => break,
        }
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    #[test]
    fn a_numeric_date_is_read_in_its_one_form() {
        let day = |s| parse_date(s).expect("date");
        assert_eq!(NumericDate::DOTS.parse("24.06.2024"), Ok(day("2024-06-24")));
        assert_eq!(
            NumericDate::SLASHES.parse("01/08/2026"),
            Ok(day("2026-08-01"))
        );
        assert_eq!(
            NumericDate::US_SLASHES.parse_in("06/24/2024", "Date"),
            Ok(day("2024-06-24"))
        );
        assert_eq!(
            NumericDate::DASHES.parse_in("02-03-2026", "indexDateString"),
            Ok(day("2026-03-02"))
        );
        assert_eq!(
            NumericDate::DASHES.parse("2026-03-02"),
            Err("invalid date \"2026-03-02\" (expected DD-MM-YYYY)".to_owned())
        );
        for bad in [
            "24.6.2024",
            "2024-06-24",
            "24/06/2024",
            "24.06.24",
            "",
            "aa.bb.cccc",
            "24.06.2024.",
        ] {
            assert_eq!(
                NumericDate::DOTS.parse(bad),
                Err(format!("invalid date {bad:?} (expected DD.MM.YYYY)"))
            );
        }
        assert_eq!(
            NumericDate::DOTS.parse("31.02.2024"),
            Err("invalid date \"31.02.2024\" (expected DD.MM.YYYY)".to_owned())
        );
        assert_eq!(
            NumericDate::DOTS.parse_in("31.02.2024", "Tarih"),
            Err("invalid date \"31.02.2024\" in Tarih (no such day)".to_owned())
        );
        assert_eq!(
            NumericDate::US_SLASHES.parse_in("24/06/2024", "Date"),
            Err("invalid date \"24/06/2024\" in Date (no such day)".to_owned())
        );
        assert_eq!(
            NumericDate::SLASHES.parse_in("1/8/2026", "Start date"),
            Err("invalid date \"1/8/2026\" in Start date (expected DD/MM/YYYY)".to_owned())
        );
    }

    #[test]
    fn a_range_reaches_every_month_it_touches() {
        let day = |s| parse_date(s).expect("date");
        assert_eq!(first_of_month(day("2024-02-29")), day("2024-02-01"));
        assert_eq!(last_of_month(day("2024-02-10")), day("2024-02-29"));
        assert_eq!(last_of_month(day("2026-12-01")), day("2026-12-31"));
        assert_eq!(
            months(day("2025-11-30"), day("2026-01-01")),
            [day("2025-11-01"), day("2025-12-01"), day("2026-01-01")]
        );
        assert_eq!(
            months(day("2026-08-17"), day("2026-08-20")),
            [day("2026-08-01")]
        );
        assert_eq!(months(day("2026-08-17"), day("2026-08-05")), []);
    }

    #[test]
    fn day_month_year_dates_parse_with_either_separator() {
        let day = |s| parse_date(s).expect("date");
        assert_eq!(
            parse_day_month_year("03-Jan-2023", '-'),
            Ok(day("2023-01-03"))
        );
        assert_eq!(
            parse_day_month_year("17 Mar 2026", ' '),
            Ok(day("2026-03-17"))
        );
        for bad in [
            "03 Jan 2023",
            "03-jan-2023",
            "03-Jan-23",
            "31-Apr-2024",
            "003-Jan-2023",
        ] {
            assert_eq!(
                parse_day_month_year(bad, '-'),
                Err(format!("invalid date {bad:?} (expected e.g. 17-Mar-2026)"))
            );
        }
    }
}
