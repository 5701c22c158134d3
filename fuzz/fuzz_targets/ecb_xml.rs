//! Any bytes given to the ECB parser yield days or a reason, never a panic;
//! the days it accepts keep the promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::check_answer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(days) = fxrates::providers::ecb::parse(data, today) {
        assert!(!days.is_empty(), "accepted a document without a day");
        if let Err(reason) = check_answer(&days, None, latest_allowed) {
            panic!("{reason}");
        }
    }
});
