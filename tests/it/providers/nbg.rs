//! `nbg`'s own behaviour: each answer is the list in force on the day
//! asked, stored once under its own `validFromDate`; a day asked alone
//! whose list is dated before it stores nothing; the latest list is the
//! one in force tomorrow, or today; and its own faults.

use crate::common::env::{Env, fixture};
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::nbg::{case, day_target, empty};

/// The target of `day` as the mirror serves it.
fn mirrored_day(day: &str) -> String {
    mirrored("nbg", &day_target(day))
}

/// Asked for Monday alone, the service answers Saturday's list, in force
/// on Monday but dated before it: nothing is stored under Monday, nor
/// under Saturday, which was not asked for. (The summary's weekday note
/// is the commands' own, blind to a Tuesday-to-Saturday week.)
#[test]
fn a_monday_asked_alone_stores_nothing() {
    let env = recorded("nbg", &case());
    env.fetch("nbg")
        .args(["--date", "2026-03-02"])
        .assert()
        .success()
        .stdout("nbg: no rates published for 2026-03-02 (a Monday); nothing stored\n");
    assert_eq!(count_rates(&mut env.client(), "nbg"), 0);
}

/// The latest is the list in force tomorrow, under its own date.
#[test]
fn the_latest_is_the_list_in_force_tomorrow() {
    let env = Env::with_schema();
    env.http.route_target(
        &mirrored_day("2026-03-03"),
        Reply::file("nbg/2026-02-28.json"),
    );
    let out = env
        .run_at("2026-03-02", &["fetch", "--provider", "nbg"])
        .expect("latest");
    assert_eq!(
        out,
        "nbg: 1 day (2026-02-28), 42 rates: 42 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.http.targets(), [mirrored_day("2026-03-03")]);
}

/// Tomorrow answered with `[]`: the latest is the list in force today.
#[test]
fn without_a_list_for_tomorrow_the_latest_is_todays() {
    let env = Env::with_schema();
    env.http.route_target(&mirrored_day("2026-03-03"), empty());
    env.http.route_target(
        &mirrored_day("2026-03-02"),
        Reply::file("nbg/2026-02-28.json"),
    );
    let out = env
        .run_at("2026-03-02", &["fetch", "--provider", "nbg"])
        .expect("latest");
    assert_eq!(
        out,
        "nbg: 1 day (2026-02-28), 42 rates: 42 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [mirrored_day("2026-03-03"), mirrored_day("2026-03-02")]
    );
}

/// Two lists met over a range are both stored, each once, under its own
/// date; days answered with a list already met add nothing.
#[test]
fn each_list_is_stored_once_under_its_own_date() {
    let env = recorded("nbg", &case());
    for day in ["2026-03-03", "2026-03-04"] {
        env.http
            .route_target(&mirrored_day(day), Reply::file("nbg/2026-03-03.json"));
    }
    let out = env
        .run_at(
            "2026-03-04",
            &[
                "fetch",
                "--provider",
                "nbg",
                "--from",
                "2026-02-28",
                "--to",
                "2026-03-04",
            ],
        )
        .expect("range");
    assert_eq!(
        out,
        "nbg: 2 days (2026-02-28..2026-03-03), 84 rates: 84 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.http.targets().len(), 5);
}

/// The NBG's own faults, run as the fault table runs its cases.
mod faults {
    use super::fixture;
    use crate::conformance::cases::nbg::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_list_dated_after_the_day_asked() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                fixture("nbg/2024-06-24.json").replace("2024-06-24T", "2024-06-25T"),
                "asked for 2024-06-24, the list in force is dated 2024-06-25",
            )
        });
    }

    #[test]
    fn a_list_mixing_dates() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                fixture("nbg/2024-06-24.json").replacen(
                    "\"validFromDate\":\"2024-06-24T",
                    "\"validFromDate\":\"2024-06-21T",
                    1,
                ),
                "the list mixes dates: 2024-06-21T00:00:00.000Z (EUR) and 2024-06-24T00:00:00.000Z (IRR)",
            )
        });
    }
}
