//! Any text given to the MNB's result parsers (the rates, the currency
//! list) yields a value or a reason, never a panic; the days they accept
//! keep the promises of `check_answer` and lie in the days asked for, and a
//! list they accept holds a currency and not the forint.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::{check_answer, mnb};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    let day = |year, month, day| NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    let (from, to) = (day(2024, 1, 1), day(2026, 12, 31));
    if let Ok(days) = mnb::parse_rates(text, today, from, to) {
        if let Err(reason) = check_answer(&days, Some((from, to)), latest_allowed) {
            panic!("{reason}");
        }
    }
    if let Ok(codes) = mnb::parse_currencies(text) {
        assert!(!codes.is_empty(), "a list without a currency");
        assert!(codes.iter().all(|code| code.as_str() != "HUF"));
    }
});
