//! `cbu`'s own behaviour: the latest list (the newest of the days up to
//! tomorrow), a list dated before the day asked (the one still in force,
//! none of that day) and one dated after it (refused), and a range asked
//! day by day.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::conformance::case::{at, mirrored, recorded, route};
use crate::conformance::cases::cbu::{case, day_file, next_day};

/// The recorded list of 2026-04-01 served.
fn env() -> Env {
    recorded("cbu", &case())
}

/// `fetch --provider cbu args…` as if on `today`: its summary line.
fn fetch_at(env: &Env, today: &str, args: &[&str]) -> anyhow::Result<String> {
    let mut all = vec!["fetch", "--provider", "cbu"];
    all.extend(args);
    env.run_at(today, &all)
}

/// The paths of the days `days`, as the mirror serves them.
fn paths(days: &[&str]) -> Vec<String> {
    days.iter()
        .map(|day| mirrored("cbu", &day_file(day)))
        .collect()
}

#[test]
fn the_latest_is_the_newest_list_of_the_last_days_up_to_tomorrow() {
    let env = env();
    // Thursday 2 April: tomorrow's list is not set yet (404), today's was
    // never served: the newest is Wednesday's.
    let out = fetch_at(&env, "2026-04-02", &[]).expect("the latest");
    assert_eq!(
        out,
        "cbu: 1 day (2026-04-01), 75 rates: 75 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.requested(),
        paths(&[
            "2026-03-27",
            "2026-03-28",
            "2026-03-29",
            "2026-03-30",
            "2026-03-31",
            "2026-04-01",
            "2026-04-02",
            "2026-04-03",
        ])
    );
}

#[test]
fn a_list_dated_before_the_day_asked_is_none_of_that_day() {
    let env = env();
    // Asked for Saturday, the service answers with the list still in force.
    route(
        &env,
        "cbu",
        &[at(
            day_file("2026-04-04"),
            Reply::file("cbu/json-all-2026-04-01.json"),
        )],
    );
    let out = fetch_at(&env, "2026-04-06", &["--date", "2026-04-04"]).expect("nothing");
    assert_eq!(
        out,
        "cbu: no rates published for 2026-04-04 (a Saturday); nothing stored"
    );
    assert_eq!(count_rates(&mut env.client(), "cbu"), 0);
}

#[test]
fn a_list_dated_after_the_day_asked_is_refused() {
    let env = env();
    route(
        &env,
        "cbu",
        &[at(day_file("2026-03-31"), Reply::ok_json(next_day()))],
    );
    let err = fetch_at(
        &env,
        "2026-04-06",
        &["--from", "2026-03-31", "--to", "2026-04-01"],
    )
    .expect_err("a later list");
    let url = mirrored("cbu", &day_file("2026-03-31"));
    let said = format!("{err:#}");
    assert!(said.contains(&url), "{said}");
    assert!(
        said.contains("asked for 2026-03-31, the list is dated 2026-04-02"),
        "{said}"
    );
    assert_eq!(count_rates(&mut env.client(), "cbu"), 0);
}

#[test]
fn a_range_asks_for_each_calendar_day() {
    let env = env();
    route(
        &env,
        "cbu",
        &[at(day_file("2026-04-02"), Reply::ok_json(next_day()))],
    );
    let out = fetch_at(
        &env,
        "2026-04-06",
        &["--from", "2026-03-31", "--to", "2026-04-05"],
    )
    .expect("the range");
    assert_eq!(
        out,
        "cbu: 2 days (2026-04-01..2026-04-02), 150 rates: 150 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.requested(),
        paths(&[
            "2026-03-31",
            "2026-04-01",
            "2026-04-02",
            "2026-04-03",
            "2026-04-04",
            "2026-04-05",
        ])
    );
}
