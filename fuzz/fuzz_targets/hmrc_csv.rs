//! Any bytes given to HMRC's monthly CSV parser yield a month or a reason,
//! never a panic; the month it accepts is dated the 1st of the month asked
//! for, in force within it, and keeps the promises of `check_answer`.
#![no_main]

use chrono::{Datelike, NaiveDate};
use fxrates::providers::{check_answer, hmrc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    let month = NaiveDate::from_ymd_opt(2026, 8, 1).expect("a date");
    if let Ok(day) = hmrc::parse(data, today, month) {
        assert_eq!(day.date(), month);
        let end = day.period_end().expect("a stated period");
        assert_eq!((end.year(), end.month()), (2026, 8));
        if let Err(reason) = check_answer(&[day], Some((month, month)), latest_allowed) {
            panic!("{reason}");
        }
    }
});
