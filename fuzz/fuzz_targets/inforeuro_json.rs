//! Any bytes given to InforEuro's monthly list parser yield nothing, one
//! month or a reason, never a panic; a month it accepts is the one asked
//! for, dated its 1st, and keeps the promises of `check_answer`.
#![no_main]

use chrono::{Datelike, NaiveDate};
use fxrates::providers::{check_answer, inforeuro};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    let day = |year, month, day| NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    let (from, to) = (day(2024, 1, 1), day(2026, 12, 31));
    for first in [from, day(2026, 12, 1)] {
        if let Ok(Some(month)) = inforeuro::parse(data, first, today) {
            assert_eq!(month.date(), first);
            assert!(month.period_end().is_some_and(|end| end.month() == first.month()));
            if let Err(reason) = check_answer(&[month], Some((from, to)), latest_allowed) {
                panic!("{reason}");
            }
        }
    }
});
