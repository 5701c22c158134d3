//! The SQL functions as a DBA grants them to any role: every argument,
//! however odd, answers at once with NULL or a data error (SQLSTATE class
//! 22), never runs unbounded; and they answer the same from any
//! `search_path`, schema-qualified, whatever the caller's own schema holds.

use std::time::{Duration, Instant};

use postgres::Client;
use postgres::types::ToSql;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::env;
use crate::common::env::{Env, scalar};
use crate::common::http::Reply;

/// A connection as a role holding only the documented read grants, under
/// a statement timeout that no call may reach.
fn reader(env: &Env) -> Client {
    let reader = format!("args_reader_{}", env.db.name);
    let mut client = env.client();
    client
        .batch_execute(&format!(
            "CREATE ROLE {reader};
             GRANT SELECT ON rates, publications, fx_days, fx_daily, fx_sources, fx_source_order,
                             fetch_runs, rate_revisions, schema_migrations TO {reader};
             SET ROLE {reader};
             SET statement_timeout = '5s'"
        ))
        .expect("a read-only role");
    client
}

/// Days at the edges of what PostgreSQL's `date` holds, and NULL.
const EDGE_DAYS: [Option<&str>; 7] = [
    None,
    Some("infinity"),
    Some("-infinity"),
    Some("4713-01-01 BC"),
    Some("5874897-12-31"),
    Some("0001-01-01"),
    Some("9999-12-31"),
];

fn day() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        proptest::sample::select(&EDGE_DAYS[..]).prop_map(|day| day.map(str::to_owned)),
        // Around the stored days, weekends and the look-back included.
        (0..120_i64).prop_map(|n| Some(
            (crate::common::env::day("2025-12-20") + chrono::Days::new(n as u64)).to_string()
        )),
    ]
}

fn code() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        proptest::sample::select(
            &[
                "CZK", "EUR", "HUF", "PLN", "usd", "Eur", "XYZ", "", "US", "USDX", "U1D", "€UR",
                " EU", "EUR\n"
            ][..]
        )
        .prop_map(|code| Some(code.to_owned())),
        Just(None),
        "[A-Za-z]{3}".prop_map(Some),
        any::<String>().prop_map(Some),
    ]
}

fn source() -> impl Strategy<Value = Option<String>> {
    proptest::sample::select(&[None, Some("cnb"), Some("nbp"), Some("ecb"), Some("")][..])
        .prop_map(|source| source.map(str::to_owned))
}

fn series() -> impl Strategy<Value = Option<String>> {
    proptest::sample::select(&[None, Some("mid"), Some("selling"), Some("bogus"), Some("")][..])
        .prop_map(|series| series.map(str::to_owned))
}

fn amount() -> impl Strategy<Value = Option<String>> {
    proptest::sample::select(
        &[
            None,
            Some("0"),
            Some("-1"),
            Some("1234.56"),
            Some("NaN"),
            Some("Infinity"),
            Some("1e130000"),
        ][..],
    )
    .prop_map(|amount| amount.map(str::to_owned))
}

/// Moments at the edges of what PostgreSQL's `timestamptz` holds, and NULL.
fn moment() -> impl Strategy<Value = Option<String>> {
    proptest::sample::select(
        &[
            None,
            Some("infinity"),
            Some("-infinity"),
            Some("4713-01-01 00:00+00 BC"),
            Some("294276-12-31 23:59:59+00"),
            Some("2026-01-05 12:00+00"),
            Some("2000-01-01 00:00+00"),
        ][..],
    )
    .prop_map(|moment| moment.map(str::to_owned))
}

/// Every call of one argument set: the rate, the conversion and the detail
/// of the four- and five-argument forms, the rate as known at a moment,
/// and the view on that day; each reads the arguments from `a` (base,
/// quote, day, source, series, amount, known), all sent as text.
const CALLS: [&str; 7] = [
    "fx_rate_as_known(a.b, a.q, a.d::date, a.known::timestamptz, a.s, a.ser)",
    "fx_rate(a.b, a.q, a.d::date, a.s)",
    "fx_rate(a.b, a.q, a.d::date, a.s, a.ser)",
    "fx_convert(a.amount::numeric, a.b, a.q, a.d::date, a.s)",
    "fx_convert(a.amount::numeric, a.b, a.q, a.d::date, a.s, a.ser)",
    "(SELECT count(*) FROM fx_rate_detail(a.b, a.q, a.d::date, a.s, a.ser))",
    "(SELECT count(*) FROM fx_daily f WHERE f.source = a.s AND f.day = a.d::date AND f.base = a.b)",
];

#[test]
fn every_argument_answers_at_once_with_null_or_a_data_error() {
    let env = env();
    let client = std::cell::RefCell::new(reader(&env));
    let mut runner = TestRunner::new(Config {
        cases: 400,
        failure_persistence: None,
        ..Config::default()
    });
    let slowest = std::cell::Cell::new(Duration::ZERO);
    runner
        .run(
            &(
                code(),
                code(),
                day(),
                source(),
                series(),
                amount(),
                moment(),
            ),
            |(base, quote, day, source, series, amount, known)| {
                let args: [&(dyn ToSql + Sync); 7] =
                    [&base, &quote, &day, &source, &series, &amount, &known];
                for call in CALLS {
                    let sql = format!(
                        "SELECT {call} FROM (VALUES ($1::text, $2::text, $3::text, $4::text, \
                         $5::text, $6::text, $7::text)) AS a (b, q, d, s, ser, amount, known)"
                    );
                    let started = Instant::now();
                    let answer = client.borrow_mut().query(&sql, &args);
                    slowest.set(slowest.get().max(started.elapsed()));
                    if let Err(err) = answer {
                        let state = err.code().map(|code| code.code().to_owned());
                        prop_assert!(
                            state
                                .as_deref()
                                .is_some_and(|state| state.starts_with("22")),
                            "{call} with {args:?}: {err}"
                        );
                    }
                }
                Ok(())
            },
        )
        .expect("every call answers");
    // Far inside the statement timeout: each call is a few index probes.
    let slowest = slowest.get();
    assert!(
        slowest < Duration::from_secs(1),
        "slowest call: {slowest:?}"
    );
}

#[test]
fn infinity_null_and_days_out_of_range_are_null_at_once() {
    let env = env();
    let mut client = reader(&env);
    for day in [
        "'infinity'",
        "'-infinity'",
        "NULL",
        "'4713-01-01 BC'",
        "'5874897-12-31'",
    ] {
        for call in [
            format!("fx_rate('EUR', 'CZK', {day})"),
            format!("fx_rate('EUR', 'CZK', {day}, 'cnb')"),
            format!("fx_convert(100, 'HUF', 'EUR', {day}, 'cnb', 'mid')"),
            format!("(SELECT rate FROM fx_rate_detail('USD', 'PLN', {day}, 'nbp'))"),
            format!("fx_rate_as_known('USD', 'PLN', {day}, now(), 'nbp')"),
            format!("fx_rate_as_known('USD', 'PLN', {day}, 'infinity')"),
        ] {
            assert_eq!(
                scalar(
                    &mut client,
                    &format!("SELECT coalesce({call}::text, 'NULL')")
                ),
                "NULL",
                "{call}"
            );
        }
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM fx_daily WHERE day IN ('infinity', '-infinity')"
        ),
        "0"
    );
}

/// A NULL day once answered the newest stored day, however old; a code
/// the day does not hold once answered 1 against itself.
#[test]
fn a_null_day_and_an_unknown_code_against_itself_are_null() {
    let env = env();
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT concat_ws(' ', coalesce(fx_rate('USD', 'PLN', NULL, 'nbp')::text, 'NULL'),
                                   coalesce(fx_rate('XYZ', 'XYZ', '2026-03-04', 'nbp')::text, 'NULL'),
                                   fx_rate('usd', 'USD', '2026-03-04', 'nbp'),
                                   fx_rate('PLN', 'pln', '2026-03-04', 'nbp'),
                                   fx_rate('EUR', 'EUR', '2026-03-08'),
                                   coalesce(fx_rate('EUR', 'EUR', '2025-12-20')::text, 'NULL'))"
        ),
        "NULL NULL 1 1 1 NULL"
    );
}

/// A timestamp names no calendar day until a time zone does: the
/// functions take a date, and docs/sql.md shows the cast.
#[test]
fn a_timestamp_is_refused_until_cast_to_a_day() {
    let env = env();
    let mut client = env.client();
    let error = client
        .query_one("SELECT fx_rate('HUF', 'CZK', now(), 'cnb')", &[])
        .expect_err("a timestamptz day");
    assert_eq!(error.code().map(|code| code.code()), Some("42883"));
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('HUF', 'CZK', (timestamptz '2026-01-04 23:30+00' AT TIME ZONE 'UTC')::date, 'cnb')"
        ),
        "0.06304"
    );
}

/// fxrates installed into a schema of its own (the connection's
/// search_path), and read by an application role whose search_path is
/// its own schema only, where a table and a function of the same names as
/// fxrates's own hold other things.
#[test]
fn the_functions_answer_from_any_search_path_schema_qualified() {
    let env = Env::new();
    let mut client = env.client();
    client
        .batch_execute("CREATE SCHEMA fx")
        .expect("a schema for fxrates");
    let in_fx = format!("{} options='-c search_path=fx'", env.db.url);
    env.fxrates()
        .env("FXRATES_DATABASE_URL", &in_fx)
        .arg("init-db")
        .assert()
        .success();
    env.http.route(
        "/cnb/exrates/daily-year",
        Reply::file("cnb/daily-year-2026.json"),
    );
    env.fetch("cnb")
        .env("FXRATES_DATABASE_URL", &in_fx)
        .args(["--from", "2026-01-01", "--to", "2026-01-31"])
        .assert()
        .success();
    assert_eq!(
        scalar(&mut client, "SELECT to_regclass('public.rates') IS NULL"),
        "true"
    );
    let app = format!("app_{}", env.db.name);
    client
        .batch_execute(&format!(
            "CREATE ROLE {app};
             CREATE SCHEMA app AUTHORIZATION {app};
             GRANT USAGE ON SCHEMA fx TO {app};
             GRANT SELECT ON ALL TABLES IN SCHEMA fx TO {app};
             SET ROLE {app};
             SET search_path = app;
             CREATE TABLE app.rates (source text, rate_date date, base char(3), quote char(3),
                                     series text, unit integer, rate numeric);
             INSERT INTO app.rates VALUES ('cnb', '2026-01-02', 'HUF', 'CZK', 'mid', 1, 999);
             CREATE TABLE app.fx_days (source text, day date, rate_date date, home char(3));
             CREATE FUNCTION app.upper(text) RETURNS text LANGUAGE sql RETURN 'EUR';"
        ))
        .expect("an application role in its own schema");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT concat_ws(' ', fx.fx_rate('huf', 'CZK', '2026-01-04', 'cnb'),
                                   fx.fx_convert(1000, 'HUF', 'CZK', '2026-01-02', 'cnb'),
                                   fx.fx_rate('HUF', 'CZK', '2026-01-02'),
                                   (SELECT d.rate_date FROM fx.fx_rate_detail('HUF', 'EUR', '2026-01-04', 'cnb') d),
                                   (SELECT r.rate FROM fx.fx_daily r
                                     WHERE r.source = 'cnb' AND r.day = '2026-01-04'
                                       AND r.base = 'HUF' AND r.quote = 'CZK'),
                                   fx.fx_rate_as_known('huf', 'CZK', '2026-01-04', now(), 'cnb'))"
        ),
        "0.06304 63.04000 0.06304 2026-01-02 0.06304 0.06304"
    );
    let error = client
        .query_one("SELECT fx.fx_rate('HUF', 'US', '2026-01-02')", &[])
        .expect_err("a bad code");
    assert_eq!(
        error.as_db_error().map(|db| db.message()),
        Some("invalid currency code 'US'")
    );
}
