//! Any string given to the AGE parser yields an age or a reason, never a
//! panic; an accepted age prints back as it was written, and its cutoff
//! never panics.
#![no_main]

use chrono::NaiveDate;
use fxrates::calendar::Age;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(age) = text.parse::<Age>() {
        let again: Age = age.to_string().parse().expect("an age reparses");
        assert_eq!(again, age);
        for today in [NaiveDate::MIN, NaiveDate::MAX] {
            let _ = age.cutoff(today);
        }
    }
});
