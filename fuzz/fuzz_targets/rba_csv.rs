//! Any bytes given to the RBA's F11.1 parser yield days or a reason, never
//! a panic; the days it accepts keep the promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{check_answer, rba};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(days) = rba::parse(data, today) {
        if let Err(reason) = check_answer(&days, None, latest_allowed) {
            panic!("{reason}");
        }
    }
});
