//! Any bytes given to Banca d'Italia's daily list parser yield a list,
//! nothing published, or a reason, never a panic; the list it accepts is
//! dated the day asked for and keeps the promises of `check_answer`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{bdi, check_answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    let day = NaiveDate::from_ymd_opt(2026, 2, 9).expect("a date");
    if let Ok(Some(list)) = bdi::parse(data, today, day) {
        assert_eq!(list.date(), day);
        if let Err(reason) = check_answer(&[list], Some((day, day)), latest_allowed) {
            panic!("{reason}");
        }
    }
});
