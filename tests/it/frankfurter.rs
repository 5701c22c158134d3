//! `fxrates fetch --provider frankfurter` against a loopback Frankfurter,
//! beyond the conformance suite (`conformance::frankfurter`): latest, one
//! day, a weekend day, ranges in chunks, catch-up per base, `--base` and
//! `--symbols`, each error shape, and invalid documents refused whole.

use crate::common::env::{Env, FRANKFURTER, fixture, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum, stored};

fn path(rest: &str) -> String {
    format!("{FRANKFURTER}/{rest}")
}

/// An environment with the schema and Frankfurter's latest and 2024-06-28
/// answers routed, a Saturday answered as Frankfurter does (with Friday).
fn env() -> Env {
    let env = Env::with_schema();
    env.http
        .route(&path("latest"), Reply::file("frankfurter/latest.json"));
    for day in ["2024-06-28", "2024-06-29"] {
        env.http
            .route(&path(day), Reply::file("frankfurter/2024-06-28.json"));
    }
    env.requested();
    env
}

#[test]
fn latest_is_stored_exactly_under_the_frankfurter_source() {
    let env = env();
    env.fetch("frankfurter")
        .assert()
        .success()
        .stdout("frankfurter: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged\n")
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(env.requested(), [path("latest")]);
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "frankfurter"), 30);
    assert_eq!(count_rates(&mut client, "ecb"), 0);
    for (quote, published) in [
        ("HUF", "1 EUR HUF 395.1"),
        ("GBP", "1 EUR GBP 0.84638"),
        ("IDR", "1 EUR IDR 17487.65"),
    ] {
        assert_eq!(
            stored(&mut client, "frankfurter", "2024-06-28", "EUR", quote),
            published,
            "{quote}"
        );
    }
}

#[test]
fn the_provider_can_come_from_the_environment() {
    let env = env();
    env.fxrates()
        .env("FXRATES_PROVIDER", "frankfurter")
        .args(["fetch", "--date", "2024-06-28"])
        .assert()
        .success()
        .stdout("frankfurter: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(env.requested(), [path("2024-06-28")]);
}

#[test]
fn a_weekend_date_is_stored_under_the_day_that_answered_it() {
    let env = env();
    env.fetch("frankfurter")
        .args(["--date", "2024-06-29"])
        .assert()
        .success()
        .stdout(
            "frankfurter: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged \
             (2024-06-29 is a Saturday without publication: frankfurter answered with 2024-06-28)\n",
        );

    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(DISTINCT rate_date::text, ',') FROM rates"
        ),
        "2024-06-28"
    );
}

/// Regression: a hand-run `--base USD` fetch made the scheduled EUR
/// catch-up resume after the USD day, so the EUR rates of that day were
/// never fetched.
#[test]
fn catch_up_resumes_per_base_not_after_another_base_s_day() {
    let env = env();
    let mut client = env.client();
    client
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
                 ('frankfurter', '2024-06-21', 'EUR', 'USD', 1.0692),
                 ('frankfurter', '2024-06-28', 'USD', 'EUR', 0.93414)",
        )
        .expect("a EUR day and a later USD day");
    let series = path("2024-06-22..2024-06-30");
    env.http.route(
        &series,
        Reply::file("frankfurter/2024-06-22..2024-06-30.json"),
    );

    let out = env
        .run_at("2024-06-30", &["fetch", "--provider", "frankfurter"])
        .expect("catch-up");
    assert_eq!(
        out,
        "frankfurter: 5 days (2024-06-24..2024-06-28), 20 rates: 20 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.requested(), [series]);
    // And the USD catch-up finds its own newest day, 2024-06-28.
    let out = env
        .run_at(
            "2024-06-28",
            &["fetch", "--provider", "frankfurter", "--base", "USD"],
        )
        .expect("USD catch-up");
    assert_eq!(
        out,
        "frankfurter: up to date, nothing published after 2024-06-28"
    );
    assert!(env.requested().is_empty());
}

/// A symbol added to `--symbols` pulls the catch-up back to nothing: it is
/// not silently left without history, and the summary says from when it is
/// stored.
#[test]
fn catch_up_with_a_new_symbol_says_from_when_it_is_stored() {
    let env = env();
    let mut client = env.client();
    client
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate)
             VALUES ('frankfurter', '2024-06-21', 'EUR', 'USD', 1.0692)",
        )
        .expect("a stored day");
    let series = path("2024-06-22..2024-06-30");
    env.http.route(
        &series,
        Reply::file("frankfurter/2024-06-22..2024-06-30.json"),
    );
    let out = env
        .run_at(
            "2024-06-30",
            &["fetch", "--provider", "frankfurter", "--symbols", "USD,GBP"],
        )
        .expect("catch-up");
    assert_eq!(
        out,
        "frankfurter: 5 days (2024-06-24..2024-06-28), 10 rates: 10 inserted, 0 revised, 0 unchanged \
         (GBP stored from 2024-06-24 on: nothing of it was stored before; backfill with fetch --from)"
    );
    assert_eq!(env.http.targets(), [format!("{series}?symbols=USD,GBP")]);
}

#[test]
fn long_ranges_are_asked_for_a_year_at_a_time() {
    let env = env();
    let chunks = [
        ("2022-01-01..2022-12-31", "2022-12-30", "1.0666"),
        ("2023-01-01..2023-12-31", "2023-12-29", "1.1050"),
        ("2024-01-01..2024-03-31", "2024-03-28", "1.0811"),
    ];
    for (span, day, usd) in chunks {
        let (start, end) = span.split_once("..").expect("a span");
        env.http.route(
            &path(span),
            Reply::ok_json(format!(
                r#"{{"amount":1.0,"base":"EUR","start_date":"{start}","end_date":"{end}","rates":{{"{day}":{{"USD":{usd}}}}}}}"#
            )),
        );
    }
    let out = env
        .run_at(
            "2024-04-02",
            &[
                "fetch",
                "--provider",
                "frankfurter",
                "--from",
                "2022-01-01",
                "--to",
                "2024-03-31",
            ],
        )
        .expect("backfill");
    assert_eq!(
        out,
        "frankfurter: 3 days (2022-12-30..2024-03-28), 3 rates: 3 inserted, 0 revised, 0 unchanged"
    );
    let asked: Vec<String> = chunks.iter().map(|(span, _, _)| path(span)).collect();
    assert_eq!(env.requested(), asked);
}

#[test]
fn base_and_symbols_are_asked_for_and_kept() {
    let env = env();
    let target = format!("{}?base=USD&symbols=EUR,GBP,JPY", path("latest"));
    env.http
        .route_target(&target, Reply::file("frankfurter/latest-usd.json"));
    env.fetch("frankfurter")
        .args(["--base", "USD"])
        .env("FXRATES_SYMBOLS", "EUR,GBP,JPY")
        .assert()
        .success()
        .stdout("frankfurter: 1 day (2024-06-28), 3 rates: 3 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(env.http.targets(), [target]);
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(base || quote || '=' || rate, ',' ORDER BY quote) FROM rates"
        ),
        "USDEUR=0.93414,USDGBP=0.79064,USDJPY=160.62"
    );
}

/// Regression: after a `--base USD` run, SQL computed crosses through EUR
/// (the provider's default base) and found none, and `show` exited 7. The
/// day is read around the base it was fetched in, by SQL and `show` alike.
#[test]
fn a_day_fetched_with_another_base_is_read_around_it_by_sql_and_show() {
    let env = env();
    let target = format!("{}?base=USD", path("latest"));
    env.http
        .route_target(&target, Reply::file("frankfurter/latest-usd.json"));
    env.fetch("frankfurter")
        .args(["--base", "USD"])
        .assert()
        .success();
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT source || ' ' || computed || ' ' || (rate = 0.79064 / 160.62)
               FROM fx_rate_detail('JPY', 'GBP', '2024-06-30', 'frankfurter')"
        ),
        "frankfurter true true"
    );
    let shown = env
        .run_at(
            "2024-06-30",
            &[
                "show",
                "GBP",
                "--base",
                "JPY",
                "--source",
                "frankfurter",
                "--format",
                "value",
            ],
        )
        .expect("show a cross of a USD day");
    assert_eq!(shown, "0.00492243");
}

#[test]
fn symbols_keep_only_those_quotes_even_when_more_are_sent() {
    let env = env();
    env.fetch("frankfurter")
        .args(["--symbols", "USD,CHF"])
        .assert()
        .success()
        .stdout("frankfurter: 1 day (2024-06-28), 2 rates: 2 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(
        env.http.targets(),
        [format!("{}?symbols=USD,CHF", path("latest"))]
    );
}

#[test]
fn a_symbol_never_published_or_stored_is_a_usage_error_and_nothing_is_stored() {
    let env = env();
    env.fetch("frankfurter")
        .args(["--symbols", "USD,RUB"])
        .assert()
        .code(2)
        .stderr(
            "error: frankfurter published no RUB rate for the latest published day and none is stored: \
             drop it from --symbols (FXRATES_SYMBOLS)\n",
        );
    assert_eq!(count_rates(&mut env.client(), "frankfurter"), 0);
}

#[test]
fn a_symbols_typo_is_not_recorded_against_the_source_and_pages_no_one() {
    let env = env();
    env.fetch("frankfurter").assert().success();
    env.fetch("frankfurter")
        .args(["--date", "2024-06-28", "--symbols", "USD,RUB"])
        .assert()
        .code(2);
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(ok::text, ',') FROM fetch_runs"
        ),
        "true"
    );
    env.fxrates()
        .args(["status", "--provider", "frankfurter", "--max-age", "100y"])
        .assert()
        .success();
}

/// Lets `fetch --date 2024-06-28` meet `reply` after a first day was
/// stored, and checks the exit code, the one line with the URL and
/// `expected`, the unchanged table and the recorded failure.
fn assert_refused(reply: Reply, code: i32, expected: &str) {
    let env = env();
    env.fetch("frankfurter").assert().success();
    let mut client = env.client();
    let before = rates_checksum(&mut client);

    env.http.route(&path("2024-06-28"), reply);
    let output = env
        .fetch("frankfurter")
        .args(["--date", "2024-06-28"])
        .output()
        .expect("fxrates runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(output.stdout.is_empty());
    let url = env.http.url(&path("2024-06-28"));
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [format!(
            "error: fetching frankfurter rates: {url}: {expected}"
        )],
    );
    assert_eq!(rates_checksum(&mut client), before, "the table changed");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT ok::text || ' ' || error FROM fetch_runs ORDER BY id DESC LIMIT 1"
        ),
        format!("false fetching frankfurter rates: {url}: {expected}")
    );
}

fn day_with(rates: &str) -> Reply {
    Reply::ok_json(format!(
        r#"{{"amount":1.0,"base":"EUR","date":"2024-06-28","rates":{{{rates}}}}}"#
    ))
}

#[test]
fn not_found_reports_frankfurters_message() {
    assert_refused(
        Reply::json_file(404, "frankfurter/not-found.json"),
        3,
        "HTTP 404 Not Found: not found",
    );
}

#[test]
fn an_invalid_date_reports_frankfurters_message() {
    assert_refused(
        Reply::json_file(422, "frankfurter/invalid-date.json"),
        3,
        "HTTP 422 Unprocessable Entity: invalid date",
    );
}

#[test]
fn a_server_error_without_a_message_is_a_provider_error() {
    assert_refused(Reply::status(503), 3, "HTTP 503 Service Unavailable");
}

#[test]
fn an_html_page_is_invalid_data() {
    assert_refused(
        Reply::html_200(),
        4,
        "not JSON: expected value at line 1 column 1",
    );
}

#[test]
fn truncated_json_is_invalid_data() {
    let whole = fixture("frankfurter/2024-06-28.json");
    assert_refused(
        Reply::ok_json(&whole[..whole.len() / 2]),
        4,
        "the JSON document ends early (truncated?): EOF while parsing an object at line 1 column 225",
    );
}

#[test]
fn a_negative_rate_is_invalid_data() {
    assert_refused(
        day_with(r#""USD":1.0705,"JPY":-171.94"#),
        4,
        "day 2024-06-28, JPY: invalid rate -171.94 (a rate must be greater than zero)",
    );
}

#[test]
fn a_bad_currency_code_is_invalid_data() {
    assert_refused(
        day_with(r#""USD":1.0705,"U$D":1.2"#),
        4,
        r#"day 2024-06-28: invalid currency code "U$D" (expected three uppercase letters)"#,
    );
}

#[test]
fn a_rate_written_as_a_string_is_invalid_data() {
    assert_refused(
        day_with(r#""USD":"1.0705""#),
        4,
        r#"day 2024-06-28, USD: invalid rate "1.0705" (expected a number)"#,
    );
}

#[test]
fn a_repeated_currency_is_invalid_data() {
    assert_refused(
        day_with(r#""USD":1.0705,"USD":1.0706"#),
        4,
        "day 2024-06-28: currency USD appears twice",
    );
}

#[test]
fn an_amount_other_than_one_is_invalid_data() {
    assert_refused(
        Reply::ok_json(r#"{"amount":100,"base":"EUR","date":"2024-06-28","rates":{"USD":107.05}}"#),
        4,
        "amount is 100, not 1",
    );
}

#[test]
fn an_answer_for_a_later_day_is_invalid_data() {
    assert_refused(
        Reply::ok_json(r#"{"amount":1.0,"base":"EUR","date":"2024-07-01","rates":{"USD":1.07}}"#),
        4,
        "asked for 2024-06-28, the answer is for 2024-07-01",
    );
}

#[test]
fn a_base_other_than_eur_is_refused_for_the_ecb_before_any_request() {
    let env = env();
    env.fxrates()
        .args(["fetch", "--provider", "frankfurter,ecb", "--base", "USD"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: --base USD: ecb publishes rates against EUR only (use frankfurter, oxr or frankfurter2 for another base)\n",
        );
    assert!(env.requested().is_empty());
    assert_eq!(
        scalar(&mut env.client(), "SELECT count(*) FROM fetch_runs"),
        "0"
    );
}

#[test]
fn unknown_and_repeated_providers_are_usage_errors() {
    let env = env();
    let known: Vec<&str> = fxrates::providers::ProviderName::all()
        .map(|provider| provider.as_str())
        .collect();
    env.fxrates()
        .args(["fetch", "--provider", "ecb,frankfurtr"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            r#"unknown provider "frankfurtr" (known: {})"#,
            known.join(", ")
        )));
    env.fxrates()
        .args(["fetch", "--provider", "frankfurter,ecb,frankfurter"])
        .assert()
        .code(2)
        .stderr("error: --provider lists frankfurter twice\n");
    assert!(env.requested().is_empty());
}
