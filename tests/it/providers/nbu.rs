//! `nbu`'s own behaviour: a weekend day read as a day of its own by SQL,
//! the latest day looked for up to tomorrow (and an error when the answer
//! holds none), a long range asked for at most 92 days at a time; and its
//! own faults.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::nbu::{EXCHANGE_SITE, answer, case, range, row, rows};

/// Set on Thursday 5 March, in force from Friday to Sunday: the Sunday is
/// a day of its own to SQL, not a fallback to the Friday.
#[test]
fn a_weekend_day_is_read_as_a_day_of_its_own() {
    let env = recorded("nbu", &case());
    env.fetch("nbu")
        .args(["--from", "2026-03-01", "--to", "2026-03-16"])
        .assert()
        .success();
    let detail = "SELECT rate_date FROM fx_rate_detail('USD', 'UAH', '2026-03-08', 'nbu')";
    assert_eq!(scalar(&mut env.client(), detail), "2026-03-08");
}

/// The NBU publishes a day's rates the day before they take effect: the
/// latest day is looked for up to tomorrow.
#[test]
fn the_first_fetch_stores_the_newest_day_up_to_tomorrow() {
    let env = Env::with_schema();
    let week = mirrored("nbu", &range("20260308", "20260316"));
    env.http.route_target(
        &week,
        answer(&[
            ("15.03.2026", "44.1381", "50.6661"),
            ("16.03.2026", "44.1381", "50.6661"),
        ]),
    );
    let out = env
        .run_at("2026-03-15", &["fetch", "--provider", "nbu"])
        .expect("latest");
    assert_eq!(
        out,
        "nbu: 1 day (2026-03-16), 2 rates: 2 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.http.targets(), [week]);
}

/// `[]` for a range is nothing published; for the latest day it is no day
/// at all, an error.
#[test]
fn an_empty_array_for_the_latest_day_is_an_error() {
    let env = Env::with_schema();
    env.http
        .route(&mirrored("nbu", EXCHANGE_SITE), Reply::ok_json("[]"));
    env.fetch("nbu")
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "the answer holds no day of rates",
        ));
    assert_eq!(count_rates(&mut env.client(), "nbu"), 0);
}

#[test]
fn long_ranges_are_asked_for_at_most_92_days_at_a_time() {
    let env = Env::with_schema();
    let spans = [
        ("20250101", "20250402"),
        ("20250403", "20250703"),
        ("20250704", "20251003"),
        ("20251004", "20251231"),
    ];
    for (from, to) in spans {
        env.http
            .route_target(&mirrored("nbu", &range(from, to)), Reply::ok_json("[]"));
    }
    env.http.route_target(
        &mirrored("nbu", &range("20250704", "20251003")),
        answer(&[("01.10.2025", "41.2835", "48.4350")]),
    );
    let out = env
        .run_at(
            "2026-01-01",
            &[
                "fetch",
                "--provider",
                "nbu",
                "--from",
                "2025-01-01",
                "--to",
                "2025-12-31",
            ],
        )
        .expect("backfill");
    assert_eq!(
        out,
        "nbu: 1 day (2025-10-01), 2 rates: 2 inserted, 0 revised, 0 unchanged"
    );
    let asked: Vec<String> = spans
        .iter()
        .map(|(from, to)| mirrored("nbu", &range(from, to)))
        .collect();
    assert_eq!(env.http.targets(), asked);
}

/// The NBU's own faults, run as the fault table runs its cases.
mod faults {
    use super::{row, rows};
    use crate::conformance::cases::nbu::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_day_outside_the_week_asked_for() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                rows("23.06.2024", &row("23.06.2024", "USD", "1", "40.5912")),
                "day 2024-06-23 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }

    #[test]
    fn a_unit_that_is_not_a_power_of_ten() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                rows("27.06.2024", &row("27.06.2024", "JPY", "50", "12.675")),
                "day 2024-06-27, JPY: invalid unit \"50\"",
            )
        });
    }

    #[test]
    fn a_date_in_another_format() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                format!("[{}]", row("2024-06-27", "USD", "1", "40.6914")),
                "invalid date \"2024-06-27\" (expected DD.MM.YYYY)",
            )
        });
    }
}
