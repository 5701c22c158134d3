//! Any bytes given to the CBBH's period export parser yield its lists or a
//! reason, never a panic; the lists it accepts are at least one and keep
//! the promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{cbbh, check_answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    let from = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    if let Ok(days) = cbbh::parse(data, today, from, to) {
        assert!(!days.is_empty(), "accepted an answer without a list");
        if let Err(reason) = check_answer(&days, Some((from, to)), latest_allowed) {
            panic!("{reason}");
        }
    }
});
