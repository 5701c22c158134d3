//! Any bytes given to the HKMA's page parser yield its records and days
//! (none for an empty page) or a reason, never a panic; the days it
//! accepts keep the promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{check_answer, hkma};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    let from = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    if let Ok(page) = hkma::parse(data, today, from, to) {
        assert!(page.days.len() <= page.records, "more days than records");
        if let Err(reason) = check_answer(&page.days, Some((from, to)), latest_allowed) {
            panic!("{reason}");
        }
    }
});
