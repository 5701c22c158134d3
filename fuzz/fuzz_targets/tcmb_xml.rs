//! Any bytes given to the TCMB's bulletin parser yield a day or a reason,
//! never a panic; a day it accepts satisfies every promise of `DayRates`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::tcmb;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(day) = tcmb::parse(data, today) {
        assert!(day.date() <= latest_allowed);
        assert!(!day.rates().is_empty());
    }
});
