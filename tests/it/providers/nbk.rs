//! `nbk`'s own behaviour: the latest list (the newest of the days up to
//! tomorrow), a list dated before the day asked (the one in force, none of
//! that day) and one dated after it (refused), and figures kept unpadded
//! as printed.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::common::pg::{count_rates, stored};
use crate::conformance::case::{at, mirrored, recorded, route};
use crate::conformance::cases::nbk::{case, day_file, next_day};

/// The recorded list of 2026-04-01 served.
fn env() -> Env {
    recorded("nbk", &case())
}

/// `fetch --provider nbk args…` as if on `today`: its summary line.
fn fetch_at(env: &Env, today: &str, args: &[&str]) -> anyhow::Result<String> {
    let mut all = vec!["fetch", "--provider", "nbk"];
    all.extend(args);
    env.run_at(today, &all)
}

#[test]
fn the_latest_is_the_newest_list_of_the_last_days_up_to_tomorrow() {
    let env = env();
    let out = fetch_at(&env, "2026-04-02", &[]).expect("the latest");
    assert_eq!(
        out,
        "nbk: 1 day (2026-04-01), 39 rates: 39 inserted, 0 revised, 0 unchanged"
    );
    let asked: Vec<String> = [
        "27.03.2026",
        "28.03.2026",
        "29.03.2026",
        "30.03.2026",
        "31.03.2026",
        "01.04.2026",
        "02.04.2026",
        "03.04.2026",
    ]
    .iter()
    .map(|day| mirrored("nbk", &day_file(day)))
    .collect();
    assert_eq!(env.http.targets(), asked);
}

#[test]
fn a_list_dated_before_the_day_asked_is_none_of_that_day() {
    let env = env();
    route(
        &env,
        "nbk",
        &[at(
            day_file("04.04.2026"),
            Reply::file("nbk/get_rates-2026-04-01.xml"),
        )],
    );
    let out = fetch_at(&env, "2026-04-06", &["--date", "2026-04-04"]).expect("nothing");
    assert_eq!(
        out,
        "nbk: no rates published for 2026-04-04 (a Saturday); nothing stored"
    );
    assert_eq!(count_rates(&mut env.client(), "nbk"), 0);
}

#[test]
fn a_list_dated_after_the_day_asked_is_refused() {
    let env = env();
    route(
        &env,
        "nbk",
        &[at(day_file("31.03.2026"), Reply::ok_xml(next_day()))],
    );
    let err = fetch_at(
        &env,
        "2026-04-06",
        &["--from", "2026-03-31", "--to", "2026-04-01"],
    )
    .expect_err("a later list");
    let said = format!("{err:#}");
    assert!(
        said.contains(&mirrored("nbk", &day_file("31.03.2026"))),
        "{said}"
    );
    assert!(
        said.contains("asked for 2026-03-31, the list is dated 2026-04-02"),
        "{said}"
    );
    assert_eq!(count_rates(&mut env.client(), "nbk"), 0);
}

#[test]
fn unpadded_figures_are_stored_as_printed() {
    let env = env();
    env.fetch("nbk")
        .args(["--date", "2026-04-01"])
        .assert()
        .success();
    let mut client = env.client();
    for (base, expected) in [
        ("GEL", "1 GEL KZT 179.5"),
        ("JPY", "1 JPY KZT 3"),
        ("IRR", "1000 IRR KZT 0.4"),
    ] {
        assert_eq!(
            stored(&mut client, "nbk", "2026-04-01", base, "KZT"),
            expected
        );
    }
}
