//! `nbrb`'s own behaviour: a list for every calendar day (a weekend day's
//! a day of its own), the latest looked for back from tomorrow, the rates'
//! JSON numbers stored with their trailing zeros, the BYR history before
//! 2016-07-01 refused; and its own faults.

use crate::common::env::{Env, fixture, scalar};
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::nbrb::{RECORDED, case, day_target};

/// The target of `day` as the mirror serves it.
fn mirrored_day(day: &str) -> String {
    mirrored("nbrb", &day_target(day))
}

/// Tomorrow's list is not set yet (`[]`), today's is, the days before
/// not served: the latest is today's, under its own date, its figures as printed.
#[test]
fn the_latest_list_is_looked_for_back_from_tomorrow() {
    let env = recorded("nbrb", &case());
    env.http
        .route_target(&mirrored_day("2026-03-18"), Reply::ok_json("[]"));
    let out = env
        .run_at("2026-03-17", &["fetch", "--provider", "nbrb"])
        .expect("latest");
    assert_eq!(
        out,
        "nbrb: 1 day (2026-03-17), 30 rates: 30 inserted, 0 revised, 0 unchanged"
    );
    // The last seven days to tomorrow, oldest first; the newest list kept.
    let asked: Vec<String> = (11..=18)
        .map(|day| mirrored_day(&format!("2026-03-{day}")))
        .collect();
    assert_eq!(env.http.targets(), asked);
    let aud = "SELECT rate::text FROM rates WHERE source = 'nbrb' AND base = 'AUD'";
    assert_eq!(scalar(&mut env.client(), aud), "2.0700");
}

/// The Bank dates a list for every calendar day: a Sunday's is stored under
/// the Sunday.
#[test]
fn a_weekend_list_is_a_day_of_its_own() {
    let env = Env::with_schema();
    let sunday = fixture(RECORDED).replace("2026-03-17T", "2026-03-15T");
    env.http
        .route_target(&mirrored_day("2026-03-15"), Reply::ok_json(sunday));
    env.fetch("nbrb")
        .args(["--date", "2026-03-15"])
        .assert()
        .success()
        .stdout("nbrb: 1 day (2026-03-15), 30 rates: 30 inserted, 0 revised, 0 unchanged\n");
}

/// Asked for a day, a list dated before it is the list still in force,
/// not the day's: nothing is stored under the day asked.
#[test]
fn a_list_dated_before_the_day_asked_stores_nothing_for_it() {
    let env = Env::with_schema();
    env.http
        .route_target(&mirrored_day("2026-03-18"), Reply::file(RECORDED));
    env.fetch("nbrb")
        .args(["--date", "2026-03-18"])
        .assert()
        .success();
    assert_eq!(count_rates(&mut env.client(), "nbrb"), 0);
}

/// The lists before 2016-07-01 are in the old rouble (BYR): refused, and
/// never asked for.
#[test]
fn the_byr_lists_before_the_redenomination_are_refused() {
    let env = Env::with_schema();
    env.fetch("nbrb")
        .args(["--from", "2016-06-30", "--to", "2016-07-01"])
        .assert()
        .code(2)
        .stderr("error: --from 2016-06-30 is before 2016-07-01, the first day of nbrb's rates\n");
    assert!(env.http.targets().is_empty(), "{:?}", env.http.targets());
}

/// The National Bank of Belarus's own faults, run as the fault table runs
/// its cases.
mod faults {
    use crate::common::env::fixture;
    use crate::conformance::cases::nbrb::{FAULTS, entry, list};
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_list_dated_after_the_day_asked() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                fixture("nbrb/rates-2024-06-24.json").replace("2024-06-24T", "2024-06-25T"),
                "asked for 2024-06-24, the list is dated 2024-06-25",
            )
        });
    }

    #[test]
    fn a_scale_that_is_not_a_power_of_ten() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                list(&entry("USD", "3", "3.2158")),
                "day 2024-06-24, USD: invalid unit \"3\"",
            )
        });
    }
}
