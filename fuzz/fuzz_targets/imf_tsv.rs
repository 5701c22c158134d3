//! Any bytes given to the IMF's monthly report parser yield days, nothing
//! published, or a reason, never a panic; the days it accepts lie within
//! the month asked for and keep the promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{check_answer, imf};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    let first = NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
    let last = NaiveDate::from_ymd_opt(2026, 3, 31).expect("a date");
    if let Ok(days) = imf::parse(data, today, first) {
        if let Err(reason) = check_answer(&days, Some((first, last)), latest_allowed) {
            panic!("{reason}");
        }
    }
});
