//! Any bytes given to FRED's series parser yield values or a reason, never
//! a panic; the days it accepts are in order and in the days asked for.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::fred;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let day = |year, month, day| NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    let (from, to) = (day(2024, 1, 1), day(2026, 12, 31));
    if let Ok(values) = fred::parse(data, today, from, to) {
        assert!(
            values.windows(2).all(|pair| pair[0].0 < pair[1].0),
            "days not strictly increasing"
        );
        assert!(values.iter().all(|(day, _)| (from..=to).contains(day)));
    }
});
