//! Any bytes given to Financial Benchmarks India's reference-rate parser
//! yield its days (none for `[]`) or a reason, never a panic; the days it
//! accepts keep the promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{check_answer, fbil};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let from = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    if let Ok(days) = fbil::parse(data, today, from, to) {
        if let Err(reason) = check_answer(&days, Some((from, to)), today) {
            panic!("{reason}");
        }
    }
});
