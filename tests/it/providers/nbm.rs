//! `nbm`'s own behaviour: the latest list looked for back from tomorrow,
//! a list dated before the day asked (the list still in force) storing
//! nothing for that day, a weekend day a day of its own; and its own
//! faults.

use crate::common::env::{Env, fixture, scalar};
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::nbm::{case, day_target, empty};

/// The page of `ddmmyyyy` as the mirror serves it.
fn mirrored_day(ddmmyyyy: &str) -> String {
    mirrored("nbm", &day_target(ddmmyyyy))
}

/// Tomorrow's list is not out yet (an empty list), today's is: the latest
/// is today's, under its own date.
#[test]
fn the_latest_list_is_looked_for_back_from_tomorrow() {
    let env = recorded("nbm", &case());
    env.http
        .route_target(&mirrored_day("07.04.2026"), empty("07.04.2026"));
    let out = env
        .run_at("2026-04-06", &["fetch", "--provider", "nbm"])
        .expect("latest");
    assert_eq!(
        out,
        "nbm: 1 day (2026-04-06), 40 rates: 40 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [mirrored_day("07.04.2026"), mirrored_day("06.04.2026")]
    );
}

/// Asked for the latest, a page answering an older list gives that list.
#[test]
fn the_latest_may_be_a_list_dated_before_the_day_asked() {
    let env = Env::with_schema();
    env.http.route_target(
        &mirrored_day("07.04.2026"),
        Reply::file("nbm/06.04.2026.xml"),
    );
    let out = env
        .run_at("2026-04-06", &["fetch", "--provider", "nbm"])
        .expect("latest");
    assert_eq!(
        out,
        "nbm: 1 day (2026-04-06), 40 rates: 40 inserted, 0 revised, 0 unchanged"
    );
}

/// Asked for a day, a list dated before it is the list still in force,
/// not the day's: nothing is stored under the day asked.
#[test]
fn a_list_dated_before_the_day_asked_stores_nothing_for_it() {
    let env = recorded("nbm", &case());
    env.http.route_target(
        &mirrored_day("07.04.2026"),
        Reply::file("nbm/06.04.2026.xml"),
    );
    env.fetch("nbm")
        .args(["--date", "2026-04-07"])
        .assert()
        .success()
        .stdout("nbm: no rates published for 2026-04-07 (a Tuesday: an unscheduled closing?); nothing stored\n");
    assert_eq!(count_rates(&mut env.client(), "nbm"), 0);
}

/// A list dated on a Sunday is a day of its own to SQL.
#[test]
fn a_weekend_list_is_a_day_of_its_own() {
    let env = recorded("nbm", &case());
    let sunday = fixture("nbm/06.04.2026.xml").replace("06.04.2026", "05.04.2026");
    env.http
        .route_target(&mirrored_day("05.04.2026"), Reply::ok_xml(sunday));
    env.fetch("nbm")
        .args(["--from", "2026-04-05", "--to", "2026-04-06"])
        .assert()
        .success()
        .stdout(
            "nbm: 2 days (2026-04-05..2026-04-06), 80 rates: 80 inserted, 0 revised, 0 unchanged\n",
        );
    let detail = "SELECT rate_date FROM fx_rate_detail('EUR', 'MDL', '2026-04-05', 'nbm')";
    assert_eq!(scalar(&mut env.client(), detail), "2026-04-05");
}

/// The NBM's own faults, run as the fault table runs its cases.
mod faults {
    use crate::common::env::fixture;
    use crate::conformance::cases::nbm::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_list_dated_after_the_day_asked() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                fixture("nbm/24.06.2024.xml").replace("24.06.2024", "25.06.2024"),
                "asked for 2024-06-24, the list is dated 2024-06-25",
            )
        });
    }

    #[test]
    fn a_valute_without_its_code() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                fixture("nbm/24.06.2024.xml").replacen("<CharCode>EUR</CharCode>", "", 1),
                "day 2024-06-24, <Valute ID=\"47\"> lacks <CharCode>",
            )
        });
    }
}
