//! Days as old as a publisher serves (the MNB's reach back to 1949) are
//! read, shown, kept and pruned like any other: SQL, `fx_daily`, `show`,
//! `convert`, `status` and `clean` have no floor of their own.

use crate::common::env::{Env, scalar};

/// An environment holding the MNB's first two days of 1949 and one of 2026,
/// stored by hand as the MNB prints them (HUF per 1 or 100 units).
fn env() -> Env {
    let env = Env::with_schema();
    env.client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, unit, rate) VALUES
                 ('mnb', '1949-01-03', 'USD', 'HUF', 1, 11.74),
                 ('mnb', '1949-01-03', 'CHF', 'HUF', 100, 273.50),
                 ('mnb', '1949-01-04', 'USD', 'HUF', 1, 11.7400),
                 ('mnb', '1949-01-04', 'CHF', 'HUF', 100, 273.60),
                 ('mnb', '2026-03-02', 'USD', 'HUF', 1, 330.51)",
        )
        .expect("three MNB days");
    env
}

#[test]
fn days_of_1949_are_read_in_sql_and_fx_daily_like_any_other() {
    let env = env();
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('USD', 'HUF', '1949-01-04', 'mnb')"
        ),
        "11.7400"
    );
    // A Saturday a week on reads the Tuesday's rates; past the look-back, none.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('CHF', 'USD', '1949-01-08', 'mnb') = 273.60 / 100 / 11.7400"
        ),
        "true"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('USD', 'HUF', '1949-01-20', 'mnb')"
        ),
        "NULL"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM fx_daily WHERE source = 'mnb' AND day < '1950-01-01'"
        ),
        // 1949-01-03..1949-01-14: 12 days of 2 printed pairs, both ways.
        "48"
    );
}

#[test]
fn show_and_convert_read_1949() {
    let env = env();
    let out = env
        .run_at(
            "2026-03-02",
            &[
                "show",
                "USD",
                "--source",
                "mnb",
                "--date",
                "1949-01-04",
                "--format",
                "value",
            ],
        )
        .expect("a stored day");
    assert_eq!(out, "11.7400");
    let out = env
        .run_at(
            "2026-03-02",
            &[
                "convert",
                "100",
                "CHF",
                "HUF",
                "--source",
                "mnb",
                "--date",
                "1949-01-03",
            ],
        )
        .expect("a stored day");
    assert!(out.contains("273.50"), "{out}");
}

#[test]
fn clean_prunes_1949_and_status_reads_its_age() {
    let env = env();
    let out = env
        .run_at("2026-03-02", &["clean", "--older-than", "10y"])
        .expect("clean");
    assert!(out.contains("4 rates"), "{out}");
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(DISTINCT rate_date::text, ',') FROM rates"
        ),
        "2026-03-02"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM fx_days WHERE day < '2000-01-01'"
        ),
        "0"
    );
}

#[test]
fn status_of_a_source_whose_newest_day_is_1949_is_stale_and_says_when() {
    let env = Env::with_schema();
    env.client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, unit, rate) VALUES
                 ('mnb', '1949-01-04', 'USD', 'HUF', 1, 11.7400)",
        )
        .expect("one MNB day");
    let err = env
        .run_at("2026-03-02", &["status", "--provider", "mnb"])
        .expect_err("stale");
    assert!(format!("{err:#}").contains("1949-01-04"), "{err:#}");
}
