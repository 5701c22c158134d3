//! Any bytes given to the ECB parser yield days or a reason, never a panic;
//! the days it accepts satisfy every promise of `DayRates`.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let latest_allowed = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    if let Ok(days) = fxrates::providers::ecb::parse(data, latest_allowed) {
        assert!(!days.is_empty(), "accepted a document without a day");
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
