//! `norgesbank`'s own behaviour: the latest day from the last observation
//! of each series, a long range asked for at most 366 days at a time; and
//! its own faults.

use crate::common::env::Env;
use crate::common::pg::{count_rates, stored};
use crate::conformance::case::mirrored;
use crate::conformance::cases::norgesbank::{SERIES, answer, range, usd};

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_latest_answer() {
    let env = Env::with_schema_answering(
        &mirrored(
            "norgesbank",
            &format!("{SERIES}?format=csvdata&lastNObservations=1"),
        ),
        "norgesbank/EXR-latest.csv",
    );
    let out = env
        .run_at("2026-03-24", &["fetch", "--provider", "norgesbank"])
        .expect("latest");
    // RUB's last observation, from 2022, is not the latest day.
    assert_eq!(
        out,
        "norgesbank: 1 day (2026-03-24), 4 rates: 4 inserted, 0 revised, 0 unchanged"
    );
    let mut client = env.client();
    assert_eq!(
        stored(&mut client, "norgesbank", "2026-03-24", "XDR", "NOK"),
        "1 XDR NOK 13.22710"
    );
    assert_eq!(count_rates(&mut client, "norgesbank"), 4);
}

#[test]
fn long_ranges_are_asked_for_at_most_366_days_at_a_time() {
    let env = Env::with_schema();
    // Nothing routed: every span answers 404, nothing published.
    env.fetch("norgesbank")
        .args(["--from", "2024-01-01", "--to", "2025-03-31"])
        .assert()
        .success();
    assert_eq!(
        env.http.targets(),
        [
            mirrored("norgesbank", &range("2024-01-01", "2024-12-31")),
            mirrored("norgesbank", &range("2025-01-01", "2025-03-31")),
        ]
    );
}

/// Norges Bank's own faults, run as the fault table runs its cases.
mod faults {
    use super::{answer, usd};
    use crate::conformance::cases::norgesbank::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_value_with_more_decimals_than_published() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                answer(&usd("2024-06-27", "10.67105")),
                "day 2024-06-27, USD: invalid rate \"10.67105\" (more decimals than the 4 published)",
            )
        });
    }

    #[test]
    fn a_day_outside_the_week_asked_for() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                answer(&usd("2024-06-21", "10.6")),
                "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }

    #[test]
    fn a_series_of_another_frequency() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                answer("M,USD,NOK,SP,4,false,0,C,2024-06,10.6\n"),
                "line 3: series M.USD.NOK.SP is not a business-day spot rate in NOK",
            )
        });
    }
}
