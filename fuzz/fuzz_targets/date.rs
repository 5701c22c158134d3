//! Any string given to the date parser yields a date or a reason, never a
//! panic; an accepted date prints back exactly as it was written.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(date) = fxrates::model::parse_date(text) {
        assert_eq!(date.format("%Y-%m-%d").to_string(), text);
    }
});
