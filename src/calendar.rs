//! Date arithmetic for the publication calendar and the retention window.
//!
//! The TARGET calendar here is a forecast, used to pick the smallest ECB file
//! that covers a request and to explain an empty answer. What gets stored is
//! decided by the published data alone, never by this calendar.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// Whether the ECB is expected to publish reference rates on `day`: a weekday
/// that is not a TARGET closing day (1 January, Good Friday, Easter Monday,
/// 1 May, 25 and 26 December).
pub fn is_target_business_day(day: NaiveDate) -> bool {
    if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        return false;
    }
    if matches!(
        (day.month(), day.day()),
        (1, 1) | (5, 1) | (12, 25) | (12, 26)
    ) {
        return false;
    }
    let easter = easter_sunday(day.year());
    day != easter - Days::new(2) && day != easter + Days::new(1)
}

/// Why no rates are expected on `day`, if none are: "a Saturday", "Good Friday".
pub fn closing_reason(day: NaiveDate) -> Option<&'static str> {
    if is_target_business_day(day) {
        return None;
    }
    let easter = easter_sunday(day.year());
    Some(match (day.weekday(), day.month(), day.day()) {
        (Weekday::Sat, ..) => "a Saturday",
        (Weekday::Sun, ..) => "a Sunday",
        (_, 1, 1) => "New Year's Day",
        (_, 5, 1) => "Labour Day",
        (_, 12, 25) => "Christmas Day",
        (_, 12, 26) => "the day after Christmas",
        _ if day < easter => "Good Friday",
        _ => "Easter Monday",
    })
}

/// Whether any business day falls in `from..until` (`until` excluded).
pub fn business_day_between(from: NaiveDate, until: NaiveDate) -> bool {
    from.iter_days()
        .take_while(|day| *day < until)
        .any(is_target_business_day)
}

/// Easter Sunday of the Gregorian `year` (the anonymous Gregorian algorithm).
fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .unwrap_or_else(|| unreachable!("the algorithm yields a date in March or April"))
}

/// A retention window: `30d`, `4w`, `1m`, `1y`. Months and years are calendar
/// months, so one month before 31 March is the last day of February.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Age {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

/// The accepted forms of an [`Age`], for error messages and help text.
pub const AGE_FORMS: &str = "a whole number followed by d, w, m or y (days, weeks, calendar months, years), e.g. 30d, 4w, 1m, 1y";

impl Age {
    /// The first day still inside the window that ends `today`: rows dated
    /// before it are older than the age, the day itself is kept. `None`
    /// before the year 1, which no database date column need hold.
    pub fn cutoff(self, today: NaiveDate) -> Option<NaiveDate> {
        let day = match self {
            Age::Days(n) => today.checked_sub_days(Days::new(n.into())),
            Age::Weeks(n) => today.checked_sub_days(Days::new(u64::from(n) * 7)),
            Age::Months(n) => today.checked_sub_months(Months::new(n)),
            Age::Years(n) => today.checked_sub_months(Months::new(n.checked_mul(12)?)),
        }?;
        (day.year() >= 1).then_some(day)
    }
}

impl FromStr for Age {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("invalid age {s:?}: expected {AGE_FORMS}");
        // The unit is the last character, which need not be one byte long.
        let (unit_at, _) = s.char_indices().next_back().ok_or_else(invalid)?;
        let (number, unit) = s.split_at(unit_at);
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let n: u32 = number
            .parse()
            .map_err(|_| format!("invalid age {s:?}: the number is too large ({AGE_FORMS})"))?;
        match unit {
            "d" => Ok(Age::Days(n)),
            "w" => Ok(Age::Weeks(n)),
            "m" => Ok(Age::Months(n)),
            "y" => Ok(Age::Years(n)),
            _ => Err(invalid()),
        }
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Age::Days(n) => write!(f, "{n}d"),
            Age::Weeks(n) => write!(f, "{n}w"),
            Age::Months(n) => write!(f, "{n}m"),
            Age::Years(n) => write!(f, "{n}y"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    #[test]
    fn easter_falls_on_known_dates() {
        assert_eq!(easter_sunday(2024), day("2024-03-31"));
        assert_eq!(easter_sunday(2025), day("2025-04-20"));
        assert_eq!(easter_sunday(2026), day("2026-04-05"));
        assert_eq!(easter_sunday(2000), day("2000-04-23"));
    }

    #[test]
    fn target_closing_days_are_not_business_days() {
        for closed in [
            "2024-06-29", // Saturday
            "2024-06-30", // Sunday
            "2025-01-01",
            "2024-03-29", // Good Friday
            "2024-04-01", // Easter Monday
            "2024-05-01",
            "2024-12-25",
            "2024-12-26",
        ] {
            assert!(!is_target_business_day(day(closed)), "{closed}");
            assert!(closing_reason(day(closed)).is_some(), "{closed}");
        }
        assert!(is_target_business_day(day("2024-06-28")));
        assert_eq!(closing_reason(day("2024-06-28")), None);
        assert_eq!(closing_reason(day("2024-03-29")), Some("Good Friday"));
        assert_eq!(closing_reason(day("2024-04-01")), Some("Easter Monday"));
    }

    #[test]
    fn business_day_between_excludes_the_end() {
        // Saturday to Monday: only the weekend lies strictly before Monday.
        assert!(!business_day_between(day("2024-06-29"), day("2024-07-01")));
        assert!(business_day_between(day("2024-06-28"), day("2024-07-01")));
        assert!(!business_day_between(day("2024-07-01"), day("2024-07-01")));
    }

    #[test]
    fn ages_parse_in_each_unit() {
        assert_eq!("30d".parse(), Ok(Age::Days(30)));
        assert_eq!("4w".parse(), Ok(Age::Weeks(4)));
        assert_eq!("1m".parse(), Ok(Age::Months(1)));
        assert_eq!("1y".parse(), Ok(Age::Years(1)));
        assert_eq!("0d".parse(), Ok(Age::Days(0)));
    }

    #[test]
    fn malformed_ages_name_the_accepted_forms() {
        for bad in [
            "banana",
            "-3d",
            "3x",
            "",
            "d",
            "3",
            "3 d",
            "3D",
            "+3d",
            "1.5m",
            "99999999999d",
        ] {
            let err = bad.parse::<Age>().expect_err(bad);
            assert!(err.contains("30d, 4w, 1m, 1y"), "{bad:?}: {err}");
        }
    }

    /// Found by the `age` fuzz target: `֠` (bytes D6 A0) split inside its
    /// UTF-8 encoding and panicked; so did `--older-than 1é`.
    #[test]
    fn a_multibyte_last_character_is_refused_not_a_panic() {
        for bad in ["\u{5a0}", "1é", "30дн", "7日"] {
            let err = bad.parse::<Age>().expect_err(bad);
            assert!(err.contains("30d, 4w, 1m, 1y"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn cutoffs_use_calendar_arithmetic() {
        let today = day("2026-03-31");
        assert_eq!(Age::Days(30).cutoff(today), Some(day("2026-03-01")));
        assert_eq!(Age::Weeks(4).cutoff(today), Some(day("2026-03-03")));
        assert_eq!(Age::Months(1).cutoff(today), Some(day("2026-02-28")));
        assert_eq!(
            Age::Years(1).cutoff(day("2024-02-29")),
            Some(day("2023-02-28"))
        );
        assert_eq!(Age::Days(0).cutoff(today), Some(today));
        assert_eq!(Age::Years(u32::MAX).cutoff(today), None);
    }

    /// `--older-than 99999y` reached a date chrono holds and PostgreSQL does
    /// not, and `clean` failed as a database error (exit 5).
    #[test]
    fn a_cutoff_before_the_year_1_is_none() {
        let today = day("2026-03-31");
        assert_eq!(Age::Years(2025).cutoff(today), Some(day("0001-03-31")));
        assert_eq!(Age::Years(2026).cutoff(today), None);
        assert_eq!(Age::Years(99_999).cutoff(today), None);
    }
}
