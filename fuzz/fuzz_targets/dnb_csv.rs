//! Any bytes given to Statbank's `DNVALD` answer parser yield days or a
//! reason, never a panic; days it accepts keep the promises of
//! `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{check_answer, dnb};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let from = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(days) = dnb::parse(data, today, from, today) {
        if let Err(reason) = check_answer(&days, Some((from, today)), latest_allowed) {
            panic!("{reason}");
        }
    }
});
