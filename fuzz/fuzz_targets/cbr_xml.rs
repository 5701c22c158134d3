//! Any bytes given to the Bank of Russia's list parser yield a
//! list or a reason, never a panic; a day it accepts is dated as its list
//! and keeps the promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{cbr, check_answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(list) = cbr::parse(data, today) {
        if let Some(day) = list.day {
            assert_eq!(day.date(), list.date, "a day under another date");
            if let Err(reason) = check_answer(std::slice::from_ref(&day), None, latest_allowed) {
                panic!("{reason}");
            }
        }
    }
});
