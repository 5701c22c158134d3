//! The rates from an application's SQL: `fx_rate`, `fx_convert`,
//! `fx_rate_detail` and `fx_daily`, against a real PostgreSQL holding the
//! recorded CNB and NBP rates (units, the home currency as quote, weekends,
//! Easter) and a few ECB days; and that `show` and `convert` give the same
//! answers on random samples.

mod args;
mod metals;
mod periods;

use crate::common::env::{Env, day, scalar};
use crate::common::http::Reply;
use chrono::Days;
use postgres::Client;
use rust_decimal::{Decimal, RoundingStrategy};

/// An environment with the CNB's recorded 2026 (to 2026-04-02) and the
/// NBP's recorded 2026-03-02..05 stored by `fetch`, and the ECB's
/// Thursday and Friday 2026-10-29/30 stored by hand.
pub(crate) fn env() -> Env {
    let env = Env::with_schema();
    env.http.route(
        "/cnb/exrates/daily-year",
        Reply::file("cnb/daily-year-2026.json"),
    );
    env.http.route(
        "/nbp/exchangerates/tables/A/2026-03-01/2026-03-05/",
        Reply::file("nbp/2026-03-01..2026-03-05.json"),
    );
    for (provider, from, to) in [
        ("cnb", "2026-01-01", "2026-04-02"),
        ("nbp", "2026-03-01", "2026-03-05"),
    ] {
        env.fxrates()
            .args(["fetch", "--provider", provider, "--from", from, "--to", to])
            .assert()
            .success();
    }
    env.client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
                 ('ecb', '2026-10-29', 'EUR', 'USD', 1.1636), ('ecb', '2026-10-29', 'EUR', 'JPY', 177.93),
                 ('ecb', '2026-10-30', 'EUR', 'USD', 1.1612), ('ecb', '2026-10-30', 'EUR', 'JPY', 178.43)",
        )
        .expect("two ECB days");
    env
}

#[test]
fn a_sunday_gets_the_fridays_rate_computed_and_a_day_before_any_gets_null() {
    let env = env();
    let mut client = env.client();
    // 1 USD in EUR on Sunday 2026-11-01: the reverse of Friday's 1.1612.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('USD', 'EUR', '2026-11-01') = 1 / 1.1612::numeric"
        ),
        "true"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT rate_date || ' ' || source || ' ' || computed
               FROM fx_rate_detail('usd', 'eur', '2026-11-01')"
        ),
        "2026-10-30 ecb true"
    );
    // As printed: exactly, its digits kept.
    assert_eq!(
        scalar(&mut client, "SELECT fx_rate('EUR', 'JPY', '2026-11-01')"),
        "178.43"
    );
    for (sql, why) in [
        (
            "SELECT fx_rate('USD', 'EUR', '2026-10-28')",
            "before the first stored day",
        ),
        (
            "SELECT fx_rate('USD', 'EUR', '2026-11-10')",
            "11 days after the last publication: past the look-back",
        ),
        (
            "SELECT fx_rate('USD', 'CHF', '2026-10-30')",
            "a currency not published",
        ),
        (
            "SELECT fx_rate('USD', 'EUR', '2026-10-30', 'oxr')",
            "a source with nothing stored",
        ),
    ] {
        assert_eq!(scalar(&mut client, sql), "NULL", "{why}");
    }
    assert_eq!(
        scalar(&mut client, "SELECT fx_rate('USD', 'EUR', '2026-11-09')"),
        scalar(&mut client, "SELECT fx_rate('USD', 'EUR', '2026-10-30')"),
        "ten days after the last publication is within the look-back"
    );
}

#[test]
fn bad_currency_codes_are_errors_not_nulls() {
    let env = env();
    let mut client = env.client();
    for code in ["US", "USDX", "U1D", "", "€UR"] {
        let err = client
            .query_one("SELECT fx_rate($1, 'EUR', '2026-10-30')", &[&code])
            .expect_err(code);
        let db = err.as_db_error().expect("a database error");
        assert_eq!(db.code().code(), "22023", "{code:?}: {db}");
        assert!(db.message().contains("invalid currency code"), "{db}");
    }
}

#[test]
fn a_central_banks_units_direction_and_home_currency_are_honoured() {
    let env = env();
    let mut client = env.client();
    for (sql, expected) in [
        // 100 HUF = 6.304 CZK on Friday 2026-01-02, read on the Sunday.
        ("fx_rate('HUF', 'CZK', '2026-01-04', 'cnb')", "0.06304"),
        (
            "fx_convert(1000, 'HUF', 'CZK', '2026-01-02', 'cnb')",
            "63.04000",
        ),
        // 1 EUR = 24.170 CZK, its trailing zero kept.
        ("fx_rate('EUR', 'CZK', '2026-01-02', 'cnb')", "24.170"),
        // EUR in HUF through CZK: 24.170 × 100 / 6.304.
        (
            "fx_rate('EUR', 'HUF', '2026-01-02', 'cnb') = 24.170 * 100 / 6.304",
            "true",
        ),
        // The NBP prices a dollar in złoty; the reverse is computed.
        ("fx_rate('USD', 'PLN', '2026-03-04', 'nbp')", "3.6770"),
        (
            "fx_rate('PLN', 'USD', '2026-03-04', 'nbp') = 1 / 3.6770",
            "true",
        ),
    ] {
        assert_eq!(
            scalar(&mut client, &format!("SELECT {sql}")),
            expected,
            "{sql}"
        );
    }
}

#[test]
fn the_default_source_order_is_set_by_init_db_and_changed_in_sql() {
    let env = env();
    let mut client = env.client();
    // init-db without --provider made it `ecb`, and the ECB has no CZK.
    assert_eq!(
        scalar(&mut client, "SELECT fx_rate('EUR', 'CZK', '2026-01-02')"),
        "24.170",
        "no ECB rate in force on the day: another source answers"
    );
    env.fxrates()
        .args(["init-db", "--provider", "nbp,cnb"])
        .assert()
        .success()
        .stdout(
            "schema version 9: already up to date; fx_rate reads nbp, cnb when a call names no source\n",
        );
    // The NBP's EUR in CZK, through PLN, on its day 2026-03-04.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT source || ' ' || computed FROM fx_rate_detail('EUR', 'CZK', '2026-03-04')"
        ),
        "nbp true"
    );
    env.fxrates()
        .arg("init-db")
        .assert()
        .success()
        .stdout(predicates::str::ends_with(
            "fx_rate reads nbp, cnb when a call names no source\n",
        ));
    client
        .batch_execute(
            "DELETE FROM fx_source_order;
             INSERT INTO fx_source_order (position, source) VALUES (1, 'cnb'), (2, 'nbp')",
        )
        .expect("cnb first");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT source FROM fx_rate_detail('EUR', 'CZK', '2026-03-04')"
        ),
        "cnb"
    );
}

#[test]
fn fx_daily_agrees_with_fx_rate_on_every_day_and_pair_and_follows_fetch_and_clean() {
    let env = env();
    let mut client = env.client();
    check_fx_daily(&mut client, "cnb");
    check_fx_daily(&mut client, "nbp");

    // A ledger dated on a weekend joins on equality.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT rate || ' ' || rate_date FROM fx_daily
              WHERE source = 'cnb' AND base = 'HUF' AND quote = 'CZK' AND day = '2026-01-04'"
        ),
        "0.06304 2026-01-02"
    );

    // A day fetched again with a changed rate moves every day it is in force on.
    let changed = crate::common::env::fixture("cnb/daily-year-2026.json").replace(
        r#""validFor":"2026-01-02","rate":24.170"#,
        r#""validFor":"2026-01-02","rate":24.180"#,
    );
    env.http
        .route("/cnb/exrates/daily-year", Reply::ok_json(changed));
    env.fxrates()
        .args([
            "fetch",
            "--provider",
            "cnb",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains(", 1 revised, "));
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(rate::text, ',' ORDER BY day) FROM fx_daily
              WHERE source = 'cnb' AND base = 'EUR' AND quote = 'CZK'
                AND day BETWEEN '2026-01-02' AND '2026-01-05'"
        ),
        "24.180,24.180,24.180,24.195"
    );
    check_fx_daily(&mut client, "cnb");

    // clean takes from fx_daily what it takes from rates.
    env.run_at("2026-03-15", &["clean", "--older-than", "30d"])
        .expect("clean");
    check_fx_daily(&mut client, "cnb");
    check_fx_daily(&mut client, "nbp");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT min(day) FROM fx_daily WHERE source = 'cnb'"
        ),
        "2026-02-13"
    );
}

/// Two Frankfurter runs of one day with other bases print EUR in USD and
/// USD in EUR: fx_daily holds each direction once, as printed, so that a
/// ledger joined to it counts no amount twice.
#[test]
fn a_pair_printed_both_ways_is_in_fx_daily_once_a_direction() {
    let env = Env::with_schema();
    let mut client = env.client();
    client
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
                 ('frankfurter', '2024-06-28', 'EUR', 'USD', 1.0705),
                 ('frankfurter', '2024-06-28', 'EUR', 'GBP', 0.84638),
                 ('frankfurter', '2024-06-28', 'USD', 'EUR', 0.93414)",
        )
        .expect("a day fetched with two bases");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(base || quote || '=' || rate, ',' ORDER BY base, quote)
               FROM fx_daily WHERE source = 'frankfurter' AND day = '2024-06-30'"
        ),
        format!(
            "EURGBP=0.84638,EURUSD=1.0705,GBPEUR={},USDEUR=0.93414",
            scalar(&mut client, "SELECT trim_scale(1 / 0.84638)")
        )
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM fx_daily f
               JOIN LATERAL fx_rate_detail(f.base, f.quote, f.day, 'frankfurter') d ON true
              WHERE f.source = 'frankfurter' AND f.rate = d.rate AND f.rate_date = d.rate_date"
        ),
        scalar(
            &mut client,
            "SELECT count(*) FROM fx_daily WHERE source = 'frankfurter'"
        )
    );
}

/// Checks that `fx_days` maps every calendar day from the first stored day
/// of `source` to the look-back after its last to the publication day the
/// rule puts in force (worked out here from `rates`, independently of the
/// schema), and that `fx_daily` holds every pair of that day both ways,
/// each with `fx_rate`'s answer, and nothing else.
pub(crate) fn check_fx_daily(client: &mut Client, source: &str) {
    let scratch = format!(
        "SELECT g::date AS day,
                (SELECT max(r.rate_date) FROM rates r
                  WHERE r.source = '{source}' AND r.rate_date BETWEEN g::date - 10 AND g::date) AS in_force
           FROM generate_series((SELECT min(rate_date) FROM rates WHERE source = '{source}'),
                                (SELECT max(rate_date) FROM rates WHERE source = '{source}') + 10,
                                interval '1 day') AS g"
    );
    let map_differs = scalar(
        client,
        &format!(
            "SELECT count(*) FROM ({scratch}) s
               FULL JOIN (SELECT day, rate_date FROM fx_days WHERE source = '{source}') m
                 ON m.day = s.day
              WHERE s.in_force IS NOT NULL AND m.rate_date IS DISTINCT FROM s.in_force
                 OR s.in_force IS NULL AND m.day IS NOT NULL"
        ),
    );
    assert_eq!(
        map_differs, "0",
        "{source}: days of fx_days unlike the rule"
    );
    let expected = scalar(
        client,
        &format!(
            "SELECT coalesce(sum(2 * (SELECT count(*) FROM rates r
                                      WHERE r.source = '{source}' AND r.rate_date = s.in_force)), 0)
               FROM ({scratch}) s"
        ),
    );
    let held = scalar(
        client,
        &format!("SELECT count(*) FROM fx_daily WHERE source = '{source}'"),
    );
    assert_eq!(held, expected, "{source}: rows of fx_daily");
    let disagree = scalar(
        client,
        &format!(
            "SELECT count(*) FROM fx_daily f
               LEFT JOIN LATERAL fx_rate_detail(f.base, f.quote, f.day, '{source}') d ON true
              WHERE f.source = '{source}'
                AND (f.rate::text, f.rate_date) IS DISTINCT FROM (d.rate::text, d.rate_date)"
        ),
    );
    assert_eq!(disagree, "0", "{source}: rows of fx_daily unlike fx_rate");
}

/// Checks that every row of `fx_daily` of `source` is what
/// `fx_rate_detail` answers for its pair and day: the rule of a source
/// whose days are sparse or state periods, which [`check_fx_daily`]'s
/// scratch rule does not know.
pub(crate) fn check_fx_daily_agrees(client: &mut Client, source: &str) {
    let disagree = scalar(
        client,
        &format!(
            "SELECT count(*) FROM fx_daily f
               LEFT JOIN LATERAL fx_rate_detail(f.base, f.quote, f.day, '{source}') d ON true
              WHERE f.source = '{source}'
                AND (f.rate::text, f.rate_date, f.valid_until)
                    IS DISTINCT FROM (d.rate::text, d.rate_date, d.valid_until)"
        ),
    );
    assert_eq!(disagree, "0", "{source}: rows of fx_daily unlike fx_rate");
    let missing = scalar(
        client,
        &format!(
            "SELECT count(*) FROM fx_days m
               CROSS JOIN LATERAL fx_printed_on(m.source, m.day, 'mid') p
              WHERE m.source = '{source}'
                AND NOT EXISTS (SELECT 1 FROM fx_daily f
                                 WHERE f.source = m.source AND f.day = m.day
                                   AND f.base = p.base AND f.quote = p.quote)"
        ),
    );
    assert_eq!(
        missing, "0",
        "{source}: figures in force missing from fx_daily"
    );
}

/// A small deterministic generator, so that a failing sample can be rerun.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn show_and_convert_agree_with_fx_rate_on_random_samples() {
    let env = env();
    let codes = [
        "CZK", "PLN", "EUR", "USD", "HUF", "JPY", "IDR", "GBP", "XDR", "CHF", "KRW", "ZAR",
    ];
    let sources = [Some("cnb"), Some("nbp"), None];
    let (answered, computed) = agree_on_samples(&env, &codes, &sources, "2025-12-25", 110, 1500);
    // The samples reached every kind of answer.
    assert!(
        answered > 600 && computed > 300,
        "{answered} answered, {computed} computed"
    );
}

/// Sources that print in any base, and one without a mid: a Frankfurter
/// day fetched with `--base USD`, an OXR day of a paid plan's `--base
/// EUR` (both stored as fetch stores them), and the PTAX's buying and
/// selling rates; the days around them, the look-back's last day and the
/// day after it included.
#[test]
fn show_and_convert_agree_with_fx_rate_for_any_base_and_every_series() {
    let env = Env::with_schema();
    ptax_day(&env);
    env.client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
                 ('frankfurter', '2024-06-28', 'USD', 'EUR', 0.93414),
                 ('frankfurter', '2024-06-28', 'USD', 'GBP', 0.79064),
                 ('frankfurter', '2024-06-28', 'USD', 'JPY', 160.62),
                 ('oxr', '2024-07-01', 'EUR', 'GBP', 0.84713),
                 ('oxr', '2024-07-01', 'EUR', 'JPY', 172.3517),
                 ('oxr', '2024-07-01', 'EUR', 'USD', 1.071339)",
        )
        .expect("a Frankfurter and an OXR day");
    let codes = ["USD", "EUR", "GBP", "JPY", "CHF"];
    let (answered, computed) = agree_on_samples(
        &env,
        &codes,
        &[Some("frankfurter"), Some("oxr"), None],
        "2024-06-26",
        18,
        300,
    );
    assert!(
        answered > 100 && computed > 50,
        "{answered} answered, {computed} computed"
    );
    let codes = ["USD", "BRL", "JPY", "EUR"];
    let (answered, computed) = agree_on_samples(
        &env,
        &codes,
        &[Some("ptax selling"), Some("ptax buying")],
        "2026-02-28",
        16,
        150,
    );
    assert!(
        answered > 40 && computed > 20,
        "{answered} answered, {computed} computed"
    );
}

/// Asks `samples` random questions (a pair of `codes`, a day of the `days`
/// from `first`, one of `sources`: a name, `name series`, or `None` for
/// the provider order) of `fx_rate_detail`, `show` and `convert`, and
/// checks that they agree; returns how many had an answer, and how many of
/// those were computed.
fn agree_on_samples(
    env: &Env,
    codes: &[&str],
    sources: &[Option<&str>],
    first: &str,
    days: usize,
    samples: usize,
) -> (usize, usize) {
    let mut client = env.client();
    let first = day(first);
    let mut random = Lcg(0x5eed_f00d);
    let (mut answered, mut computed) = (0, 0);
    for _ in 0..samples {
        let date = first + Days::new(random.below(days) as u64);
        let base = codes[random.below(codes.len())];
        let quote = codes[random.below(codes.len())];
        let picked = sources[random.below(sources.len())];
        let (source, series) = match picked.map(|picked| picked.split_once(' ')) {
            Some(Some((source, series))) => (Some(source), Some(series)),
            _ => (picked, None),
        };
        let sql = client
            .query_opt(
                "SELECT rate, computed FROM fx_rate_detail($1, $2, $3, $4, $5)",
                &[&base, &quote, &date, &source, &series],
            )
            .expect("fx_rate_detail")
            .map(|row| (row.get::<_, Decimal>(0), row.get::<_, bool>(1)));
        let date_text = date.to_string();
        let mut args = vec!["show", quote, "--base", base, "--date", &date_text];
        args.extend(["--format", "value"]);
        let mut chosen = Vec::new();
        if let Some(source) = source {
            chosen.extend(["--source", source]);
        }
        if let Some(series) = series {
            chosen.extend(["--series", series]);
        }
        args.extend(&chosen);
        let shown = env.run_at("2026-11-30", &args);
        let sample = format!("1 {base} in {quote} on {date} from {picked:?}");
        match (&sql, shown) {
            (None, Err(err)) => assert!(err.to_string().starts_with("no "), "{sample}: {err:#}"),
            (Some((rate, false)), Ok(shown)) => {
                answered += 1;
                assert_eq!(shown, rate.to_string(), "{sample}");
            }
            (Some((rate, true)), Ok(shown)) => {
                answered += 1;
                computed += 1;
                let six = rate.round_sf_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
                assert_eq!(Some(shown), six.map(|six| six.to_string()), "{sample}");
            }
            (sql, shown) => panic!("{sample}: SQL {sql:?}, show {shown:?}"),
        }
        if let Some((rate, _)) = sql.filter(|_| random.below(3) == 0) {
            let mut args = vec!["convert", "1234.56", base, quote, "--date", &date_text];
            args.extend(&chosen);
            let converted = env.run_at("2026-11-30", &args).expect(&sample);
            let expected = in_minor_units(Decimal::new(123_456, 2) * rate, quote);
            assert!(
                converted.starts_with(&format!("1234.56 {base} = {expected} {quote} (rate ")),
                "{sample}: {converted}"
            );
        }
    }
    (answered, computed)
}

/// `amount` as `convert` shows it in `currency`: rounded half away from
/// zero to the places of its minor unit, with every one of them.
fn in_minor_units(amount: Decimal, currency: &str) -> String {
    let code: fxrates::model::CurrencyCode = currency.parse().expect("a code");
    let fxrates::model::MinorUnit::Places(places) = code.minor_unit() else {
        return amount.to_string();
    };
    let rounded = amount.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    format!("{rounded:.0$}", places as usize)
}

#[test]
fn the_look_back_in_the_schema_is_the_one_the_cli_names() {
    let env = env();
    assert_eq!(
        scalar(&mut env.client(), "SELECT fx_lookback()"),
        fxrates::read::LOOKBACK_DAYS.to_string()
    );
}

/// Regression: without --date, `show` and `convert` read the newest stored
/// day however old, where `fx_rate(…, current_date)` is NULL. They ask for
/// today as SQL does: the ECB's Friday 2026-10-30 is in force exactly 10
/// days on, and nothing is 11 days on, printed pair and cross rate alike.
#[test]
fn without_a_date_show_and_convert_agree_with_fx_rate_of_today() {
    let env = env();
    let mut client = env.client();
    for (today, note) in [
        ("2026-10-30", ""),
        ("2026-11-09", ", the newest day on or before 2026-11-09"),
    ] {
        assert_eq!(
            scalar(
                &mut client,
                &format!("SELECT fx_rate('EUR', 'USD', '{today}')")
            ),
            "1.1612"
        );
        assert_eq!(
            env.run_at(today, &["show", "USD", "--format", "value"])
                .expect("show"),
            "1.1612"
        );
        // 178.43 / 1.1612 = 153.66000688…
        assert_eq!(
            scalar(
                &mut client,
                &format!("SELECT round(fx_rate('USD', 'JPY', '{today}'), 8)")
            ),
            "153.66000689"
        );
        assert_eq!(
            env.run_at(
                today,
                &["show", "JPY", "--base", "USD", "--format", "value"]
            )
            .expect("show"),
            "153.660"
        );
        assert_eq!(
            env.run_at(today, &["convert", "100", "EUR", "USD"])
                .expect("convert"),
            format!("100 EUR = 116.12 USD (rate 1.1612, ecb 2026-10-30{note})")
        );
    }
    let today = "2026-11-10";
    for pair in ["'EUR', 'USD'", "'USD', 'JPY'"] {
        assert_eq!(
            scalar(&mut client, &format!("SELECT fx_rate({pair}, '{today}')")),
            "NULL"
        );
    }
    for args in [
        &["show", "USD", "--format", "value"][..],
        &["show", "JPY", "--base", "USD", "--format", "value"],
        &["convert", "100", "EUR", "USD"],
    ] {
        let err = env.run_at(today, args).expect_err("nothing in force");
        assert_eq!(
            fxrates::error::exit_code(&err),
            fxrates::error::Exit::NoRates,
            "{args:?}"
        );
        assert_eq!(
            format!("{err:#}"),
            "no rates in force on 2026-11-10: the newest stored day is 2026-10-30, \
             11 days before (run `fxrates fetch`)",
            "{args:?}"
        );
    }
}

/// The grants docs/sql.md gives a read-only role, word for word.
const READER_GRANTS: &str = "GRANT SELECT ON rates, publications, fx_days, fx_daily, fx_sources, \
     fx_source_order, fetch_runs, rate_revisions, schema_migrations TO";

#[test]
fn a_read_only_role_needs_only_select_on_the_documented_relations() {
    let env = env();
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/sql.md"))
        .expect("docs/sql.md");
    assert!(
        docs.replace('\n', " ").contains(READER_GRANTS),
        "docs/sql.md no longer grants what this test grants"
    );
    // Roles belong to the cluster: one of this test's own.
    let reader = format!("reader_{}", env.db.name);
    let mut client = env.client();
    client
        .batch_execute(&format!(
            "CREATE ROLE {reader} LOGIN; {READER_GRANTS} {reader}; SET ROLE {reader}"
        ))
        .expect("a read-only role");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('HUF', 'CZK', '2026-01-02', 'cnb')"
        ),
        "0.06304"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) > 0 FROM fx_daily WHERE source = 'nbp'"
        ),
        "true"
    );
    let write = client.batch_execute("DELETE FROM rates");
    assert!(write.is_err(), "the reader could delete rates");
    // The read commands need nothing more.
    let as_reader = format!("{} user={reader}", env.db.url);
    let read = |args: &[&str]| {
        env.fxrates()
            .env("FXRATES_DATABASE_URL", &as_reader)
            .args(args)
            .output()
            .expect("run fxrates")
    };
    for args in [
        &["show", "HUF", "--source", "cnb", "--date", "2026-01-04"][..],
        &["convert", "1000", "HUF", "CZK", "--date", "2026-01-04"],
        &["status", "--max-age", "100y"],
    ] {
        let output = read(args);
        assert!(
            output.status.success(),
            "{args:?} as the reader: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The PTAX's buying and selling rates of 2026-03-02 (BRL per 1 USD, per
/// 1 JPY), as its bulletin printed them, stored by hand; it prints no mid.
/// `init-db` recorded BRL as its home, as for every provider it knows.
fn ptax_day(env: &Env) {
    env.client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, series, rate) VALUES
                 ('ptax', '2026-03-02', 'USD', 'BRL', 'buying', 5.19950),
                 ('ptax', '2026-03-02', 'USD', 'BRL', 'selling', 5.20010),
                 ('ptax', '2026-03-02', 'JPY', 'BRL', 'buying', 0.03296),
                 ('ptax', '2026-03-02', 'JPY', 'BRL', 'selling', 0.03297)",
        )
        .expect("a PTAX day");
}

#[test]
fn a_series_is_read_as_printed_and_a_source_without_a_mid_names_its_series() {
    let env = Env::with_schema();
    ptax_day(&env);
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('USD', 'BRL', '2026-03-03', 'ptax', 'selling')"
        ),
        "5.20010"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_convert(100, 'usd', 'brl', '2026-03-02', 'ptax', 'buying')"
        ),
        "519.95000"
    );
    // A cross rate never mixes series: USD in JPY from the selling rates.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT series || ' ' || computed || ' ' || (rate = 5.20010 / 0.03297)
               FROM fx_rate_detail('USD', 'JPY', '2026-03-02', 'ptax', 'selling')"
        ),
        "selling true true"
    );
    for sql in [
        "SELECT fx_rate('USD', 'BRL', '2026-03-02', 'ptax')",
        "SELECT fx_rate('USD', 'BRL', '2026-03-02', 'ptax', NULL)",
        "SELECT fx_rate('BRL', 'BRL', '2026-03-02', 'ptax')",
    ] {
        let err = client.query_one(sql, &[]).expect_err(sql);
        let db = err.as_db_error().expect("a database error");
        assert_eq!(db.code().code(), "22023", "{sql}");
        assert_eq!(
            db.message(),
            "ptax published no mid rate for 2026-03-02: name a series (buying, selling)",
            "{sql}"
        );
    }
    let err = client
        .query_one(
            "SELECT fx_rate('USD', 'BRL', '2026-03-02', 'ptax', 'banknote-selling')",
            &[],
        )
        .expect_err("no banknote rates");
    assert_eq!(
        err.as_db_error().map(|db| db.message().to_owned()),
        Some(
            "ptax published no banknote-selling rate for 2026-03-02: name a series (buying, selling)"
                .to_owned()
        )
    );
    // A currency the day lacks is NULL, as for a mid.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('USD', 'CHF', '2026-03-02', 'ptax', 'selling') IS NULL"
        ),
        "true"
    );

    // The command line reads by the same rule.
    env.fxrates()
        .args(["show", "USD", "--source", "ptax", "--series", "Selling"])
        .args(["--date", "2026-03-02"])
        .assert()
        .success()
        .stdout(
            "ptax selling rates for 2026-03-02, 1 USD =\n\
             QUOTE     RATE\n\
             BRL    5.20010\n",
        );
    env.fxrates()
        .args(["show", "USD", "--source", "ptax", "--date", "2026-03-02"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: ptax published no mid rate for 2026-03-02: name a series (buying, selling) (--series)\n",
        );
    env.fxrates()
        .args([
            "convert", "100", "USD", "JPY", "--source", "ptax", "--series", "buying",
        ])
        .args(["--date", "2026-03-02"])
        .assert()
        .success()
        .stdout("100 USD = 15775 JPY (rate 157.752, ptax buying 2026-03-02)\n");
    env.fxrates()
        .args(["show", "USD", "--source", "ptax", "--series", "average"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown series \"average\" (expected one of mid, buying, buying-sight, selling, banknote-buying, banknote-selling, per-gram)",
        ));
}

/// The schema's `rates_series_known` and the program's `Series` name the
/// same series: each one the program writes is stored, any other refused.
#[test]
fn the_schema_knows_every_series_and_no_other() {
    let env = Env::with_schema();
    let mut client = env.client();
    for series in fxrates::model::Series::ALL {
        let (base, quote) = match series {
            fxrates::model::Series::PerGram => ("XAU", "THB"),
            _ => ("USD", "THB"),
        };
        client
            .execute(
                "INSERT INTO rates (source, rate_date, base, quote, series, rate)
                 VALUES ('bot', '2026-04-03', $1, $2, $3, 32.6448000)",
                &[&base, &quote, &series.as_str()],
            )
            .unwrap_or_else(|err| panic!("{series}: {err}"));
    }
    let err = client
        .execute(
            "INSERT INTO rates (source, rate_date, base, quote, series, rate)
             VALUES ('bot', '2026-04-03', 'USD', 'THB', 'sight', 32.4127000)",
            &[],
        )
        .expect_err("an unknown series");
    let db = err.as_db_error().expect("a database error");
    assert_eq!(db.constraint(), Some("rates_series_known"));
    assert_eq!(
        scalar(&mut client, "SELECT count(*) FROM rates"),
        fxrates::model::Series::ALL.len().to_string()
    );
}
