//! Any bytes given to the Frankfurter parsers (one day, a time series) yield
//! days or a reason, never a panic; the days they accept keep the
//! promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{check_answer, frankfurter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(day) = frankfurter::parse_day(data, today) {
        if let Err(reason) = check_answer(std::slice::from_ref(&day), None, latest_allowed) {
            panic!("{reason}");
        }
    }
    if let Ok(days) = frankfurter::parse_series(data, today) {
        assert!(!days.is_empty(), "accepted a series without a day");
        if let Err(reason) = check_answer(&days, None, latest_allowed) {
            panic!("{reason}");
        }
    }
});
