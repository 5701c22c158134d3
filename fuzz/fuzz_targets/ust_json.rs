//! Any bytes given to the US Treasury's page parser (a range, or the
//! latest quarter) yield days or a reason, never a panic; the days it
//! accepts keep the promises of `check_answer` and are in force on some
//! day asked for.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{check_answer, ust};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    let day = |year, month, day| NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    let (from, to) = (day(2024, 1, 1), day(2026, 12, 31));
    for asked in [Some((from, to)), None] {
        if let Ok(days) = ust::parse(data, today, asked) {
            if let Err(reason) = check_answer(&days, asked, latest_allowed) {
                panic!("{reason}");
            }
        }
    }
});
