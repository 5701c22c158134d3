//! `boi`'s own behaviour: the latest day is the newest of the last two
//! weeks, a long range is asked for at most 366 days at a time; and its
//! own faults.

use crate::common::env::Env;
use crate::common::pg::stored;
use crate::conformance::case::mirrored;
use crate::conformance::cases::boi::{answer, line, range};

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_last_two_weeks() {
    let env = Env::with_schema_answering(
        &mirrored("boi", &range("2026-02-24", "2026-03-10")),
        "boi/EXR-OF00-2026-03-01-2026-03-20.csv",
    );
    let out = env
        .run_at("2026-03-10", &["fetch", "--provider", "boi"])
        .expect("latest");
    assert_eq!(
        out,
        "boi: 1 day (2026-03-06), 7 rates: 7 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        stored(&mut env.client(), "boi", "2026-03-06", "USD", "ILS"),
        "1 USD ILS 3.077"
    );
}

#[test]
fn long_ranges_are_asked_for_at_most_366_days_at_a_time() {
    let env = Env::with_schema();
    // Nothing routed: every span answers 404, nothing published.
    env.fetch("boi")
        .args(["--from", "2024-01-01", "--to", "2025-03-31"])
        .assert()
        .success();
    assert_eq!(
        env.http.targets(),
        [
            mirrored("boi", &range("2024-01-01", "2024-12-31")),
            mirrored("boi", &range("2025-01-01", "2025-03-31")),
        ]
    );
}

/// The Bank of Israel's own faults, run as the fault table runs its cases.
mod faults {
    use super::{answer, line};
    use crate::conformance::cases::boi::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_series_of_another_data_type() {
        run_fault(&FAULTS, |world, provider| {
            let other = "RER_USD_ILS,D,USD,ILS,ILS,OF01,BOI_MRKT,V,F,Y,0,,2024-06-27,3.77,YP\n";
            refused(
                world,
                provider,
                answer(other),
                "line 3: series RER_USD_ILS (D, USD in ILS, OF01) is not a daily representative rate in ILS",
            )
        });
    }

    #[test]
    fn a_day_outside_the_week_asked_for() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                answer(&line("USD", "2024-06-21", "3.77")),
                "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }
}
