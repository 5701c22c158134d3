//! Any bytes given to the Banco Central de Chile's series parser yield its
//! values (none for a series without observations), the Bank's refusal or
//! a reason, never a panic; the values it accepts are in order and within
//! the days asked for.
#![no_main]

use chrono::NaiveDate;
use fxrates::providers::bcch;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date");
    let latest_allowed = today.succ_opt().expect("a date");
    let from = NaiveDate::from_ymd_opt(1984, 1, 2).expect("a date");
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    if let Ok(values) = bcch::parse(data, "F073.TCO.PRE.Z.D", today, from, to) {
        assert!(values.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(
            values
                .iter()
                .all(|(day, _)| (from..=to.min(latest_allowed)).contains(day))
        );
    }
});
