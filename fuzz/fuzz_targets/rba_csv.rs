//! Any bytes given to the RBA's F11.1 parser yield days or a reason, never
//! a panic; the days it accepts satisfy every promise of `DayRates`.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::rba;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    if let Ok(days) = rba::parse(data, today) {
        assert!(
            days.windows(2).all(|pair| pair[0].date() < pair[1].date()),
            "days not strictly increasing"
        );
        for day in &days {
            assert!(day.date() <= latest_allowed);
            assert!(!day.rates().is_empty());
        }
    }
});
