//! Any bytes given to the SARB's series parser yield values or a reason,
//! never a panic; the days it accepts are in order and in the days asked
//! for, whichever way the series reads.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::sarb;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let day = |year, month, day| NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    let (from, to) = (day(2024, 1, 1), day(2026, 12, 31));
    for series in [&sarb::SERIES[0], &sarb::SERIES[12]] {
        if let Ok(values) = sarb::parse(data, series, today, from, to) {
            assert!(
                values.windows(2).all(|pair| pair[0].0 < pair[1].0),
                "days not strictly increasing"
            );
            assert!(values.iter().all(|(day, _)| (from..=to).contains(day)));
        }
    }
});
