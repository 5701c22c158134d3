//! `hnb`'s own behaviour: the latest list looked for up to tomorrow (a
//! list is dated the business day it applies), a long backfill asked for
//! in spans of 92 days, no kuna list asked for (the history starts with
//! the euro), `show` naming the list number; and its own faults.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::hnb::{LISTS, case, entry, lists, no_list, one_list};

/// Run on Wednesday 4 January 2023 after the ECB's fixing: the latest list
/// is Thursday's, already out; a week back to tomorrow is asked for, from
/// the first day of the euro lists.
#[test]
fn the_latest_list_may_be_tomorrows() {
    let env = Env::with_schema();
    env.http.route_target(
        &mirrored("hnb", &lists("2023-01-01", "2023-01-05")),
        Reply::file("hnb/2023-01-04..2023-01-05.json"),
    );
    let out = env
        .run_at("2023-01-04", &["fetch", "--provider", "hnb"])
        .expect("the latest list");
    assert_eq!(
        out,
        "hnb: 1 day (2023-01-05), 39 rates: 39 inserted, 0 revised, 0 unchanged"
    );
}

#[test]
fn a_long_backfill_is_asked_for_in_spans_of_92_days() {
    let env = Env::with_schema();
    env.http.route(&mirrored("hnb", LISTS), no_list());
    let out = env
        .run_at(
            "2026-09-25",
            &[
                "fetch",
                "--provider",
                "hnb",
                "--from",
                "2026-01-01",
                "--to",
                "2026-05-01",
            ],
        )
        .expect("no list in the spans is not an error");
    assert_eq!(
        out,
        "hnb: no rates published from 2026-01-01 to 2026-05-01; nothing stored"
    );
    assert_eq!(
        env.http.targets(),
        [
            mirrored("hnb", &lists("2026-01-01", "2026-04-02")),
            mirrored("hnb", &lists("2026-04-03", "2026-05-01")),
        ]
    );
}

/// The kuna lists (HRK, another home currency) are not served: a day
/// before the euro is a usage error, and nothing is asked for.
#[test]
fn the_kuna_lists_before_the_euro_are_not_asked_for() {
    let env = Env::with_schema();
    env.fetch("hnb")
        .args(["--date", "2022-12-31"])
        .assert()
        .code(2)
        .stderr("error: --date 2022-12-31 is before 2023-01-01, the first day of hnb's rates\n");
    assert!(env.http.targets().is_empty());
}

/// A bookkeeper quotes the list by number and date: JSON carries it as
/// `reference`, with its year (the number restarts each year).
#[test]
fn show_names_the_list_number_with_its_year() {
    let env = recorded("hnb", &case());
    env.fetch("hnb")
        .args(["--from", "2023-01-02", "--to", "2023-01-03"])
        .assert()
        .success();
    let json = env
        .fxrates()
        .args(["show", "USD", "--provider", "hnb", "--format", "json"])
        .args(["--base", "EUR", "--date", "2023-01-03"])
        .output()
        .expect("show runs");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["date"], "2023-01-03");
    assert_eq!(json["reference"], "2/2023");
    assert_eq!(json["pairs"][0]["rate"], "1.068300");
}

/// The HNB's own faults, run as the fault table runs its cases.
mod faults {
    use super::{entry, one_list};
    use crate::conformance::cases::hnb::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_list_outside_the_backfill() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                one_list("2024-06-21", &entry("2024-06-21", "USD", "1,069200")),
                "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }

    /// A point where the list prints a decimal comma is a changed format.
    #[test]
    fn a_figure_with_a_decimal_point() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                one_list("2024-06-27", &entry("2024-06-27", "USD", "1.069200")),
                "day 2024-06-27, USD srednji_tecaj: invalid rate \"1.069200\" (expected a decimal comma, no point)",
            )
        });
    }
}
