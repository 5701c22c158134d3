//! `fxrates clean --older-than AGE`: the day exactly AGE ago is kept, the day
//! before it goes, in every unit; `--dry-run` only counts; each source keeps
//! its newest day, however old; `--source` prunes the sources it names and
//! leaves every other whole. The shipped examples keep the history
//! ([`examples`]).

mod examples;

use chrono::Days;
use predicates::prelude::PredicateBooleanExt as _;

use crate::common::clock::RealToday;
use crate::common::env::{Env, scalar};
use crate::common::pg::{rates_checksum, row_versions};
use crate::sql::check_fx_daily;

/// Stores one USD rate on each of `days`.
fn store_days(env: &Env, days: &[&str]) {
    let mut client = env.client();
    for day in days {
        client
            .execute(
                "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES ('ecb', $1::text::date, 'EUR', 'USD', 1.07)",
                &[day],
            )
            .expect("insert");
    }
}

fn stored_days(env: &Env) -> String {
    scalar(
        &mut env.client(),
        "SELECT string_agg(rate_date::text, ',' ORDER BY rate_date) FROM rates",
    )
}

/// On `today`, cleaning with `age` keeps `kept` (the boundary) and deletes `gone` (the day before).
fn assert_boundary(today: &str, age: &str, gone: &str, kept: &str) {
    let env = Env::with_schema();
    store_days(&env, &[gone, kept, today]);

    let summary = env
        .run_at(today, &["clean", "--older-than", age])
        .expect("clean");

    assert_eq!(
        summary,
        format!("deleted 1 rate dated before {kept} (older than {age}) and 0 fetch_runs rows")
    );
    assert_eq!(stored_days(&env), format!("{kept},{today}"));
}

#[test]
fn days_count_back_from_today() {
    assert_boundary("2026-03-31", "30d", "2026-02-28", "2026-03-01");
}

#[test]
fn weeks_are_seven_days() {
    assert_boundary("2026-03-31", "4w", "2026-03-02", "2026-03-03");
}

#[test]
fn a_month_before_the_31st_is_the_end_of_february() {
    assert_boundary("2026-03-31", "1m", "2026-02-27", "2026-02-28");
}

#[test]
fn a_year_before_a_leap_day_is_the_28th() {
    assert_boundary("2024-02-29", "1y", "2023-02-27", "2023-02-28");
}

#[test]
fn dry_run_counts_and_deletes_nothing() {
    let env = Env::with_schema();
    store_days(&env, &["2026-01-01", "2026-01-02", "2026-03-30"]);
    let before = rates_checksum(&mut env.client());

    let summary = env
        .run_at("2026-03-31", &["clean", "--older-than", "1m", "--dry-run"])
        .expect("clean");

    assert_eq!(
        summary,
        "dry run: would delete 2 rates dated before 2026-02-28 (older than 1m) and 0 fetch_runs rows; nothing written"
    );
    assert_eq!(rates_checksum(&mut env.client()), before);
}

#[test]
fn clean_through_the_binary_uses_todays_date() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let today = RealToday::read();
    store_days(&env, &[&today.first().to_string()]);

    let output = env
        .fxrates()
        .args(["clean", "--older-than", "1d"])
        .output()
        .expect("run clean");
    assert!(output.status.success(), "{output:?}");
    today.assert_answer(&String::from_utf8_lossy(&output.stdout), |day| {
        format!(
            "deleted 30 rates dated before {} (older than 1d) and 0 fetch_runs rows\n",
            day - Days::new(1)
        )
    });
    assert_eq!(stored_days(&env), today.first().to_string());
}

/// Stores `quotes` against EUR on `day` under `source`.
fn store_rows(env: &Env, source: &str, day: &str, quotes: &[&str]) {
    let mut client = env.client();
    for quote in quotes {
        client
            .execute(
                "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES ($1, $2::text::date, 'EUR', $3, 1.07)",
                &[&source, &day, quote],
            )
            .expect("insert");
    }
}

/// Every stored row as `source date quote`, in order.
fn stored_rows(env: &Env) -> String {
    scalar(
        &mut env.client(),
        "SELECT string_agg(concat_ws(' ', source, rate_date, quote), ',' ORDER BY source, rate_date, quote) FROM rates",
    )
}

#[test]
fn a_source_whose_rates_are_all_older_than_the_cutoff_keeps_its_newest_day_whole() {
    let env = Env::with_schema();
    store_rows(&env, "ecb", "2024-06-27", &["GBP", "USD"]);
    store_rows(&env, "ecb", "2024-06-28", &["GBP", "JPY", "USD"]);
    store_rows(&env, "frankfurter", "2024-06-26", &["USD"]);
    // A source with a day inside the window keeps only that.
    store_rows(&env, "oxr", "2024-06-28", &["GBP"]);
    store_rows(&env, "oxr", "2026-11-27", &["GBP"]);

    let summary = env
        .run_at("2026-11-28", &["clean", "--older-than", "1m"])
        .expect("clean");

    assert_eq!(
        summary,
        "deleted 3 rates dated before 2026-10-28 (older than 1m) and 0 fetch_runs rows; \
         kept ecb's newest day 2024-06-28 and frankfurter's newest day 2024-06-26 \
         although they are older than the cutoff"
    );
    assert_eq!(
        stored_rows(&env),
        "ecb 2024-06-28 GBP,ecb 2024-06-28 JPY,ecb 2024-06-28 USD,\
         frankfurter 2024-06-26 USD,oxr 2026-11-27 GBP"
    );

    // Cleaning again deletes nothing more, and says what it kept.
    let again = env
        .run_at("2026-11-28", &["clean", "--older-than", "1m"])
        .expect("clean");
    assert_eq!(
        again,
        "deleted 0 rates dated before 2026-10-28 (older than 1m) and 0 fetch_runs rows; \
         kept ecb's newest day 2024-06-28 and frankfurter's newest day 2024-06-26 \
         although they are older than the cutoff"
    );
}

#[test]
fn dry_run_says_which_newest_day_it_would_keep() {
    let env = Env::with_schema();
    store_rows(&env, "ecb", "2024-06-27", &["GBP", "USD"]);
    store_rows(&env, "ecb", "2024-06-28", &["GBP", "USD"]);
    let before = rates_checksum(&mut env.client());

    let summary = env
        .run_at("2026-11-28", &["clean", "--older-than", "1m", "--dry-run"])
        .expect("clean");

    assert_eq!(
        summary,
        "dry run: would delete 2 rates dated before 2026-10-28 (older than 1m) and 0 fetch_runs rows; \
         would keep ecb's newest day 2024-06-28 although it is older than the cutoff; nothing written"
    );
    assert_eq!(rates_checksum(&mut env.client()), before);
}

#[test]
fn clean_of_old_rates_leaves_show_and_convert_a_day_to_read() {
    let env = Env::with_schema();
    env.fxrates()
        .args(["fetch", "--from", "2024-06-24"])
        .assert()
        .success();

    env.fxrates()
        .args(["clean", "--older-than", "1m"])
        .assert()
        .success()
        .stdout(predicates::str::ends_with(
            " and 0 fetch_runs rows; kept ecb's newest day 2024-06-28 although it is older than the cutoff\n",
        ));

    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(DISTINCT rate_date::text, ',') FROM rates"
        ),
        "2024-06-28"
    );
    env.fxrates()
        .args(["show", "USD", "--date", "2024-06-28"])
        .assert()
        .success();
    env.fxrates()
        .args(["convert", "100", "EUR", "USD", "--date", "2024-06-28"])
        .assert()
        .success()
        .stdout("100 EUR = 107.05 USD (rate 1.0705, ecb 2024-06-28)\n");
}

#[test]
fn a_publication_reference_goes_with_the_last_rate_of_its_day() {
    let env = Env::with_schema();
    let mut client = env.client();
    client
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
                 ('nbp', '2026-01-02', 'USD', 'PLN', 3.6056),
                 ('nbp', '2026-03-02', 'USD', 'PLN', 3.6010);
             INSERT INTO publications (source, rate_date, reference) VALUES
                 ('nbp', '2026-01-02', '001/A/NBP/2026'),
                 ('nbp', '2026-03-02', '041/A/NBP/2026')",
        )
        .expect("two NBP days with their table numbers");

    env.run_at("2026-03-02", &["clean", "--older-than", "1m"])
        .expect("clean");

    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(rate_date || ' ' || reference, ',') FROM publications"
        ),
        "2026-03-02 041/A/NBP/2026"
    );
}

/// Every `fetch_runs` row as `command provider deleted` (`*` for no
/// provider), in order.
fn recorded_runs(env: &Env) -> String {
    scalar(
        &mut env.client(),
        "SELECT string_agg(concat_ws(' ', command, coalesce(provider, '*'), deleted), ',' ORDER BY id)
           FROM fetch_runs",
    )
}

/// Old days of `ecb`, `oxr` and `frankfurter2`, oxr with a day inside a
/// month of 2026-11-28, and an old run of each besides a clean of every
/// source and one of oxr alone.
fn three_sources() -> Env {
    let env = Env::with_schema();
    store_rows(&env, "ecb", "2024-06-27", &["GBP", "USD"]);
    store_rows(&env, "ecb", "2024-06-28", &["GBP", "USD"]);
    store_rows(&env, "oxr", "2024-06-27", &["GBP", "USD"]);
    store_rows(&env, "oxr", "2026-11-27", &["GBP", "USD"]);
    store_rows(&env, "frankfurter2", "2024-06-26", &["USD"]);
    store_rows(&env, "frankfurter2", "2024-06-28", &["USD"]);
    env.client()
        .batch_execute(
            "INSERT INTO fetch_runs (command, provider, started_at, finished_at, ok) VALUES
                 ('fetch', 'ecb', '2024-06-28 16:30Z', '2024-06-28 16:31Z', true),
                 ('fetch', 'oxr', '2024-06-28 16:30Z', '2024-06-28 16:31Z', true),
                 ('fetch', 'frankfurter2', '2024-06-28 16:30Z', '2024-06-28 16:31Z', true),
                 ('clean', NULL, '2024-06-29 03:15Z', '2024-06-29 03:16Z', true),
                 ('clean', 'oxr', '2024-06-29 03:15Z', '2024-06-29 03:16Z', true)",
        )
        .expect("old runs");
    env
}

#[test]
fn source_prunes_only_the_sources_named_each_keeping_its_newest_day() {
    let env = three_sources();
    let mut client = env.client();
    let ecb = row_versions(&mut client, "ecb", None);

    let summary = env
        .run_at(
            "2026-11-28",
            &[
                "clean",
                "--older-than",
                "1m",
                "--source",
                "oxr,Frankfurter2",
            ],
        )
        .expect("clean");

    assert_eq!(
        summary,
        "deleted 3 rates of oxr and frankfurter2 dated before 2026-10-28 (older than 1m) \
         and 3 fetch_runs rows of oxr and frankfurter2; \
         kept frankfurter2's newest day 2024-06-28 although it is older than the cutoff"
    );
    assert_eq!(
        stored_rows(&env),
        "ecb 2024-06-27 GBP,ecb 2024-06-27 USD,ecb 2024-06-28 GBP,ecb 2024-06-28 USD,\
         frankfurter2 2024-06-28 USD,oxr 2026-11-27 GBP,oxr 2026-11-27 USD"
    );
    assert_eq!(
        row_versions(&mut client, "ecb", None),
        ecb,
        "ecb's rows touched"
    );
    // The runs of the sources pruned go, those of ecb and the clean of
    // every source stay; the run is recorded naming what it pruned.
    assert_eq!(
        recorded_runs(&env),
        "fetch ecb 0,clean * 0,clean oxr,frankfurter2 3"
    );
    for source in ["ecb", "oxr", "frankfurter2"] {
        check_fx_daily(&mut client, source);
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT concat_ws(',', fx_rate('EUR', 'USD', '2024-06-27', 'ecb'),
                                   fx_rate('EUR', 'USD', '2024-06-27', 'oxr'),
                                   fx_rate('EUR', 'USD', '2024-06-27', 'frankfurter2'))"
        ),
        "1.07",
        "ecb's day is still read; oxr's and frankfurter2's are gone"
    );
}

#[test]
fn dry_run_counts_only_the_sources_named() {
    let env = three_sources();
    let before = rates_checksum(&mut env.client());

    let summary = env
        .run_at(
            "2026-11-28",
            &[
                "clean",
                "--older-than",
                "1m",
                "--source",
                "oxr",
                "--dry-run",
            ],
        )
        .expect("clean");

    assert_eq!(
        summary,
        "dry run: would delete 2 rates of oxr dated before 2026-10-28 (older than 1m) \
         and 2 fetch_runs rows of oxr; nothing written"
    );
    assert_eq!(rates_checksum(&mut env.client()), before);
}

#[test]
fn an_unknown_source_is_a_usage_error_and_nothing_is_deleted() {
    let env = three_sources();
    let before = (rates_checksum(&mut env.client()), recorded_runs(&env));
    let message = "error: unknown source ecbb in --source (FXRATES_CLEAN_SOURCE): \
                   neither a provider nor a source with stored rates \
                   (sources with rates: ecb, frankfurter2, oxr)\n";

    for dry_run in [false, true] {
        let mut clean = env.fxrates();
        clean.args(["clean", "--older-than", "1d", "--source", "oxr,ECBB"]);
        if dry_run {
            clean.arg("--dry-run");
        }
        clean.assert().code(2).stdout("").stderr(message);
    }
    env.fxrates()
        .args(["clean", "--older-than", "1d", "--quiet"])
        .env("FXRATES_CLEAN_SOURCE", "ecbb")
        .assert()
        .code(2)
        .stdout("")
        .stderr(message);

    assert_eq!(
        (rates_checksum(&mut env.client()), recorded_runs(&env)),
        before,
        "deleted or recorded"
    );
}

#[test]
fn fxrates_clean_source_names_the_sources_from_the_environment() {
    let env = Env::with_schema();
    store_rows(&env, "ecb", "2024-06-27", &["USD"]);
    store_rows(&env, "ecb", "2024-06-28", &["USD"]);
    store_rows(&env, "oxr", "2024-06-27", &["USD"]);
    store_rows(&env, "oxr", "2024-06-28", &["USD"]);
    let ecb = row_versions(&mut env.client(), "ecb", None);

    env.fxrates()
        .args(["clean", "--older-than", "1m"])
        .env("FXRATES_CLEAN_SOURCE", "OXR")
        .assert()
        .success()
        .stdout(
            predicates::str::starts_with("deleted 1 rate of oxr dated before ").and(
                predicates::str::ends_with(
                    " and 0 fetch_runs rows of oxr; \
                     kept oxr's newest day 2024-06-28 although it is older than the cutoff\n",
                ),
            ),
        );

    assert_eq!(
        stored_rows(&env),
        "ecb 2024-06-27 USD,ecb 2024-06-28 USD,oxr 2024-06-28 USD"
    );
    assert_eq!(row_versions(&mut env.client(), "ecb", None), ecb);
    assert_eq!(recorded_runs(&env), "clean oxr 1");
    // `status` says which sources its last clean pruned.
    let status = env.fxrates().arg("status").output().expect("run status");
    assert!(
        String::from_utf8_lossy(&status.stdout).contains(": ok, 1 rate of oxr deleted"),
        "{status:?}"
    );
}
