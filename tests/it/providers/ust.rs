//! `ust`'s own behaviour: amendments stored under their effective dates,
//! every page of an answer read, the dollar's own labels skipped, an
//! unknown label refused whole, and the first run taking the newest
//! quarter.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum};
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::ust::{PATH, WINDOW, case, page, request, row};

/// `date rate` of every stored `1 USD = rate code`, oldest first.
fn history(env: &Env, code: &str) -> String {
    scalar(
        &mut env.client(),
        &format!(
            "SELECT string_agg(rate_date || ' ' || rate, ', ' ORDER BY rate_date) \
             FROM rates WHERE source = 'ust' AND base = 'USD' AND quote = '{code}'"
        ),
    )
}

/// The recorded ruble: the quarter's rate, amended from 30 April, the next
/// quarter's, amended from 31 August; each under the day it takes effect.
#[test]
fn amendments_are_stored_under_their_effective_dates() {
    let env = recorded("ust", &case());
    env.fetch("ust").args(WINDOW).assert().success();
    assert_eq!(
        history(&env, "RUB"),
        "2026-03-31 81.55, 2026-04-30 73.2, 2026-06-30 78.5, 2026-08-31 86.6"
    );
    assert_eq!(history(&env, "EUR"), "2026-03-31 0.87, 2026-06-30 0.877");
}

/// An answer of two pages: both read, in order, and stored as one.
#[test]
fn every_page_of_an_answer_is_read() {
    let env = Env::with_schema();
    let first = request("2026-03-31", "2026-06-30", 1);
    let second = request("2026-03-31", "2026-06-30", 2);
    env.http.route_target(
        &mirrored("ust", &first),
        Reply::ok_json(page(
            &[row("2026-03-31", "2026-03-31", "Euro Zone-Euro", "0.87")],
            1,
            2,
        )),
    );
    env.http.route_target(
        &mirrored("ust", &second),
        Reply::ok_json(page(
            &[
                row("2026-03-31", "2026-03-31", "Japan-Yen", "159.41"),
                row("2026-03-31", "2026-05-29", "Japan-Yen", "150.0"),
            ],
            2,
            2,
        )),
    );
    env.fetch("ust")
        .args(["--from", "2026-04-01", "--to", "2026-06-30"])
        .assert()
        .success()
        .stdout(
            "ust: 2 days (2026-03-31..2026-05-29), 3 rates: 3 inserted, 0 revised, 0 unchanged\n",
        );
    assert_eq!(
        env.http.targets(),
        [mirrored("ust", &first), mirrored("ust", &second)]
    );
    assert_eq!(history(&env, "JPY"), "2026-03-31 159.41, 2026-05-29 150.0");
}

/// Ecuador, Panama, Palau … list the dollar itself at 1.0: no rate.
#[test]
fn the_dollars_own_labels_at_one_are_skipped() {
    let env = Env::with_schema();
    env.http.route(
        &mirrored("ust", PATH),
        Reply::ok_json(page(
            &[
                row("2026-03-31", "2026-03-31", "Ecuador-Dolares", "1.0"),
                row("2026-03-31", "2026-03-31", "El Salvador-Dollar", "1.0"),
                row("2026-03-31", "2026-03-31", "Euro Zone-Euro", "0.87"),
                row("2026-03-31", "2026-03-31", "Marshall Islands-Dollar", "1.0"),
                row("2026-03-31", "2026-03-31", "Micronesia-Dollar", "1.0"),
                row("2026-03-31", "2026-03-31", "Palau-Dollar", "1.0"),
                row("2026-03-31", "2026-03-31", "Panama-Dolares", "1.0"),
                row("2026-03-31", "2026-03-31", "Timor-Leste-Dili", "1.0"),
            ],
            1,
            1,
        )),
    );
    env.fetch("ust")
        .args(["--date", "2026-05-04"])
        .assert()
        .success();
    assert_eq!(count_rates(&mut env.client(), "ust"), 1);
    assert_eq!(history(&env, "EUR"), "2026-03-31 0.87");
}

/// A label fxrates does not know refuses the whole answer, naming it, on
/// one line, and changes nothing stored.
#[test]
fn an_unknown_label_is_refused_and_nothing_changes() {
    let env = recorded("ust", &case());
    env.fetch("ust").args(WINDOW).assert().success();
    let before = rates_checksum(&mut env.client());
    env.http.route(
        &mirrored("ust", PATH),
        Reply::ok_json(page(
            &[
                row("2026-06-30", "2026-06-30", "Euro Zone-Euro", "0.877"),
                row("2026-06-30", "2026-06-30", "Atlantis-Doubloon", "3.5"),
            ],
            1,
            1,
        )),
    );
    let output = env
        .fetch("ust")
        .args(["--from", "2026-07-01", "--to", "2026-09-30"])
        .output()
        .expect("run fxrates");
    assert_eq!(output.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "day 2026-06-30: unknown currency label \"Atlantis-Doubloon\" \
             (not in fxrates' table of the Treasury's labels)"
        ),
        "{stderr}"
    );
    assert_eq!(rates_checksum(&mut env.client()), before);
}

/// Nothing stored: the newest quarter of the last 200 days, with its
/// amendments, and not the quarter before it.
#[test]
fn the_first_run_takes_the_newest_quarter() {
    let env = recorded("ust", &case());
    let out = env
        .run_at("2026-12-06", &["fetch", "--provider", "ust"])
        .expect("latest");
    assert_eq!(
        out,
        "ust: 3 days (2026-06-30..2026-08-31), 7 rates: 7 inserted, 0 revised, 0 unchanged"
    );
    let asked = env.http.targets();
    assert_eq!(asked.len(), 1);
    assert!(
        asked[0].contains("&filter=record_date:gte:2026-05-20&sort="),
        "{asked:?}"
    );
}

/// An answer claiming more pages than any history holds is refused after
/// the 20th, storing nothing: the reading is bounded.
#[test]
fn pages_are_read_up_to_a_bound() {
    let env = Env::with_schema();
    env.http.route(
        &mirrored("ust", PATH),
        Reply::ok_json(page(
            &[row("2026-03-31", "2026-03-31", "Euro Zone-Euro", "0.87")],
            1,
            25,
        )),
    );
    env.fetch("ust")
        .args(["--from", "2026-04-01", "--to", "2026-06-30"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "page%5Bnumber%5D=20: the answer has 25 pages, more than the 20 fxrates reads",
        ));
    assert_eq!(env.http.targets().len(), 20);
    assert_eq!(count_rates(&mut env.client(), "ust"), 0);
}
