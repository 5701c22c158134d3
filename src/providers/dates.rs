//! Dates as some publishers print them (day, English month abbreviation
//! and year), and the calendar months of a publisher that dates its rates
//! by the month.

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
