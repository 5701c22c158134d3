//! Any bytes given to the PTAX answer parser yield days or a reason, never
//! a panic; the days it accepts lie in the days asked for.
#![no_main]

use chrono::NaiveDate;
use fxrates::model::CurrencyCode;
use fxrates::providers::ptax;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let day = |year, month, day| NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    let (from, to) = (day(2024, 1, 1), day(2026, 12, 31));
    let usd: CurrencyCode = "USD".parse().expect("a code");
    if let Ok(days) = ptax::parse(data, usd, today, (from, to)) {
        assert!(days.keys().all(|day| (from..=to).contains(day)));
    }
});
