//! Any bytes given to the BCRA's daily list parser yield nothing, one day
//! or a reason, never a panic; a day it accepts keeps the promises of
//! `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{bcra, check_answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(Some(day)) = bcra::parse(data, today) {
        if let Err(reason) = check_answer(&[day], None, latest_allowed) {
            panic!("{reason}");
        }
    }
});
