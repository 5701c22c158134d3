//! Any bytes given to the Frankfurter parsers (one day, a time series) yield
//! days or a reason, never a panic; the days they accept satisfy every
//! promise of `DayRates`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::frankfurter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(day) = frankfurter::parse_day(data, today) {
        assert!(day.date() <= latest_allowed);
        assert!(!day.rates().is_empty());
    }
    if let Ok(days) = frankfurter::parse_series(data, today) {
        assert!(!days.is_empty(), "accepted a series without a day");
        assert!(
            days.windows(2).all(|pair| pair[0].date() < pair[1].date()),
            "days not strictly increasing"
        );
        for day in &days {
            assert!(day.date() <= latest_allowed);
            assert!(!day.rates().is_empty());
        }
    }
});
