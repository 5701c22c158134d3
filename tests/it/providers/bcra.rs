//! `bcra`'s own behaviour: the latest list (the newest of the days up to
//! today), HTTP 404 (no "nothing published" of the Bank's: refused), a
//! list dated before the day asked (none of that day) and after it
//! (refused), and a range asked day by day.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::conformance::case::{at, mirrored, recorded, route};
use crate::conformance::cases::bcra::{NO_QUOTES, RECORDED, case, day_target, next_day};

/// The recorded list of 2026-03-19 served.
fn env() -> Env {
    recorded("bcra", &case())
}

/// `fetch --provider bcra args…` as if on `today`: its summary line.
fn fetch_at(env: &Env, today: &str, args: &[&str]) -> anyhow::Result<String> {
    let mut all = vec!["fetch", "--provider", "bcra"];
    all.extend(args);
    env.run_at(today, &all)
}

/// Serves the Bank's answer for a day without quotes on each of `days`.
fn no_quotes(env: &Env, days: &[&str]) {
    let routes: Vec<_> = days
        .iter()
        .map(|day| at(day_target(day), Reply::ok_json(NO_QUOTES)))
        .collect();
    route(env, "bcra", &routes);
}

/// The targets of the days `days`, as the mirror serves them.
fn targets(days: &[&str]) -> Vec<String> {
    days.iter()
        .map(|day| mirrored("bcra", &day_target(day)))
        .collect()
}

#[test]
fn the_latest_is_the_newest_list_of_the_last_days_up_to_today() {
    let env = env();
    // Saturday 21 March: no quotes since Thursday's.
    no_quotes(
        &env,
        &["2026-03-14", "2026-03-15", "2026-03-16", "2026-03-17"],
    );
    no_quotes(&env, &["2026-03-18", "2026-03-20", "2026-03-21"]);
    let out = fetch_at(&env, "2026-03-21", &[]).expect("the latest");
    assert_eq!(
        out,
        "bcra: 1 day (2026-03-19), 35 rates: 35 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        targets(&[
            "2026-03-14",
            "2026-03-15",
            "2026-03-16",
            "2026-03-17",
            "2026-03-18",
            "2026-03-19",
            "2026-03-20",
            "2026-03-21",
        ])
    );
}

#[test]
fn http_404_is_no_nothing_published_of_the_bank() {
    let env = env();
    let err = fetch_at(&env, "2026-03-23", &["--date", "2026-03-22"]).expect_err("a 404");
    let said = format!("{err:#}");
    assert!(said.contains(&targets(&["2026-03-22"])[0]), "{said}");
    assert!(said.contains("404"), "{said}");
    assert_eq!(count_rates(&mut env.client(), "bcra"), 0);
}

#[test]
fn a_list_dated_before_the_day_asked_is_none_of_that_day() {
    let env = env();
    route(
        &env,
        "bcra",
        &[at(day_target("2026-03-21"), Reply::file(RECORDED))],
    );
    let out = fetch_at(&env, "2026-03-23", &["--date", "2026-03-21"]).expect("nothing");
    assert_eq!(
        out,
        "bcra: no rates published for 2026-03-21 (a Saturday); nothing stored"
    );
    assert_eq!(count_rates(&mut env.client(), "bcra"), 0);
}

#[test]
fn a_list_dated_after_the_day_asked_is_refused() {
    let env = env();
    route(
        &env,
        "bcra",
        &[at(day_target("2026-03-18"), Reply::ok_json(next_day()))],
    );
    let err = fetch_at(
        &env,
        "2026-03-23",
        &["--from", "2026-03-18", "--to", "2026-03-19"],
    )
    .expect_err("a later list");
    let said = format!("{err:#}");
    assert!(said.contains(&targets(&["2026-03-18"])[0]), "{said}");
    assert!(
        said.contains("asked for 2026-03-18, the list is dated 2026-03-20"),
        "{said}"
    );
    assert_eq!(count_rates(&mut env.client(), "bcra"), 0);
}

#[test]
fn a_range_asks_for_each_calendar_day() {
    let env = env();
    route(
        &env,
        "bcra",
        &[at(day_target("2026-03-20"), Reply::ok_json(next_day()))],
    );
    no_quotes(&env, &["2026-03-21", "2026-03-22"]);
    let out = fetch_at(
        &env,
        "2026-03-23",
        &["--from", "2026-03-19", "--to", "2026-03-22"],
    )
    .expect("the range");
    assert_eq!(
        out,
        "bcra: 2 days (2026-03-19..2026-03-20), 70 rates: 70 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        targets(&["2026-03-19", "2026-03-20", "2026-03-21", "2026-03-22"])
    );
}
