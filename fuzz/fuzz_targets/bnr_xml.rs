//! Any bytes given to the National Bank of Romania's year-file parser
//! yield days or a reason, never a panic; days it accepts keep the
//! promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{bnr, check_answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(days) = bnr::parse(data, today) {
        if let Err(reason) = check_answer(&days, None, latest_allowed) {
            panic!("{reason}");
        }
    }
});
