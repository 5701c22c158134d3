//! Any bytes given to the OXR parser yield a day or a reason, never a panic;
//! a day it accepts keeps the promises of `check_answer`, and is the day
//! asked for when one was.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{check_answer, oxr};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(day) = oxr::parse(data, today, None) {
        if let Err(reason) = check_answer(std::slice::from_ref(&day), None, latest_allowed) {
            panic!("{reason}");
        }
        let again = oxr::parse(data, today, Some(day.date())).expect("the same day");
        assert_eq!(again.date(), day.date());
    }
});
