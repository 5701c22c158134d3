//! `fxrates fetch --provider oxr` against a loopback Open Exchange Rates,
//! beyond the conformance suite (`conformance::oxr`): latest, one day, a
//! weekend day, catch-up that revises the newest day, `--base` and
//! `--symbols`, each error shape, invalid documents, and the app id never
//! shown anywhere.

use std::time::Duration;

use crate::common::env::{Env, OXR, fixture, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum, stored};
use crate::common::smtp::SmtpServer;

/// A recognisable app id, looked for in every output of the failing runs.
const APP_ID: &str = "sentinel-app-id-3f9c2b7e";

fn path(rest: &str) -> String {
    format!("{OXR}/{rest}")
}

/// The target of `rest` as fxrates asks for it, app id and `query` included.
fn target(rest: &str, query: &str) -> String {
    format!("{}?app_id={APP_ID}{query}", path(rest))
}

/// An environment with the schema and OXR's latest answer and four days of
/// history routed.
fn env() -> Env {
    let env = Env::with_schema();
    env.http
        .route(&path("latest.json"), Reply::file("oxr/latest.json"));
    for day in ["2024-06-28", "2024-06-29", "2024-06-30", "2024-07-01"] {
        let name = format!("historical/{day}.json");
        env.http
            .route(&path(&name), Reply::file(&format!("oxr/{name}")));
    }
    env.requested();
    env
}

fn oxr(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.fxrates();
    cmd.env("FXRATES_PROVIDER", "oxr")
        .env("FXRATES_OXR_APP_ID", APP_ID);
    cmd
}

#[test]
fn latest_is_stored_under_the_utc_date_of_its_timestamp() {
    let env = env();
    oxr(&env)
        .arg("fetch")
        .assert()
        .success()
        .stdout("oxr: 1 day (2024-07-01), 9 rates: 9 inserted, 0 revised, 0 unchanged\n")
        .stderr("");
    assert_eq!(env.http.targets(), [target("latest.json", "")]);
    let mut client = env.client();
    // The base's own rate of 1 is not stored.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(DISTINCT source || ' ' || rate_date || ' ' || base, ',') FROM rates"
        ),
        "oxr 2024-07-01 USD"
    );
    assert_eq!(
        stored(&mut client, "oxr", "2024-07-01", "USD", "JPY"),
        "1 USD JPY 161.358126"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE quote = 'USD'"
        ),
        "0"
    );
}

#[test]
fn one_day_and_a_weekend_day_come_from_the_history() {
    let env = env();
    oxr(&env)
        .args(["fetch", "--date", "2024-06-28"])
        .assert()
        .success()
        .stdout("oxr: 1 day (2024-06-28), 9 rates: 9 inserted, 0 revised, 0 unchanged\n");
    // OXR publishes every day, Saturdays included.
    oxr(&env)
        .args(["fetch", "--date", "2024-06-29"])
        .assert()
        .success()
        .stdout("oxr: 1 day (2024-06-29), 9 rates: 9 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(
        env.requested(),
        [
            path("historical/2024-06-28.json"),
            path("historical/2024-06-29.json")
        ]
    );
    assert_eq!(
        stored(&mut env.client(), "oxr", "2024-06-29", "USD", "EUR"),
        "1 USD EUR 0.934345"
    );
}

#[test]
fn catch_up_fetches_the_newest_day_again_so_a_snapshot_becomes_the_closing_rate() {
    let env = env();
    let args = ["fetch", "--provider", "oxr", "--oxr-app-id", APP_ID];
    assert_eq!(
        env.run_at("2024-07-01", &args).expect("latest"),
        "oxr: 1 day (2024-07-01), 9 rates: 9 inserted, 0 revised, 0 unchanged"
    );
    // The day's closing answer differs from the afternoon snapshot in EUR.
    assert_eq!(
        env.run_at("2024-07-01", &args).expect("catch-up"),
        "oxr: 1 day (2024-07-01), 9 rates: 0 inserted, 1 revised, 8 unchanged"
    );
    assert_eq!(
        env.requested(),
        [path("latest.json"), path("historical/2024-07-01.json")]
    );
    assert_eq!(
        stored(&mut env.client(), "oxr", "2024-07-01", "USD", "EUR"),
        "1 USD EUR 0.936212"
    );
}

#[test]
fn the_app_id_stays_out_of_the_most_verbose_log() {
    let env = env();
    let output = oxr(&env)
        .env("RUST_LOG", "trace")
        .args(["fetch", "--from", "2024-06-30", "--to", "2024-07-01"])
        .output()
        .expect("fxrates runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("app_id=***"), "{stderr}");
    assert!(!stderr.contains(APP_ID), "the app id leaked: {stderr}");
}

#[test]
fn base_and_symbols_are_asked_for_and_kept() {
    let env = env();
    let asked = target("latest.json", "&base=EUR&symbols=GBP,JPY");
    env.http
        .route_target(&asked, Reply::file("oxr/latest-eur.json"));
    oxr(&env)
        .args(["fetch", "--base", "EUR", "--symbols", "GBP,JPY"])
        .assert()
        .success()
        .stdout("oxr: 1 day (2024-07-01), 2 rates: 2 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(env.http.targets(), [asked]);
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(base || quote || '=' || rate, ',' ORDER BY quote) FROM rates"
        ),
        "EURGBP=0.84713,EURJPY=172.3517"
    );
}

#[test]
fn a_base_the_plan_does_not_allow_is_a_usage_error() {
    let env = env();
    env.http.route(
        &path("latest.json"),
        Reply::json_file(400, "oxr/errors/invalid_base.json"),
    );
    let url = env.http.url(&path("latest.json"));
    oxr(&env)
        .args(["fetch", "--base", "EUR"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "error: fetching oxr rates: oxr cannot quote against --base EUR: {url}?app_id=***&base=EUR: \
             HTTP 400 Bad Request: invalid_base: {}\n",
            "Changing the API `base` currency is available for Developer, Enterprise and Unlimited \
             plan clients. Please upgrade, or contact support@openexchangerates.org with any questions."
        ));
}

#[test]
fn a_missing_app_id_is_a_usage_error_before_any_request() {
    let env = env();
    env.fxrates()
        .args(["fetch", "--provider", "ecb,oxr"])
        .env("FXRATES_OXR_APP_ID", "")
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: the oxr provider needs an app id: set FXRATES_OXR_APP_ID\n");
    assert!(env.requested().is_empty());
}

/// Runs `fetch --date 2024-06-28` against `reply` after a first day was
/// stored, with the app id on the command line, logging at debug level and
/// the failure email going to a loopback SMTP server. Checks the exit code,
/// the one error line, that the table did not change, and that the app id is
/// in none of stdout, stderr, the email, `fetch_runs` or `rates`.
fn assert_refused(reply: Reply, code: i32, expected: &str) {
    let env = env();
    oxr(&env)
        .args(["fetch", "--date", "2024-06-29"])
        .assert()
        .success();
    let mut client = env.client();
    let before = rates_checksum(&mut client);

    env.http.route(&path("historical/2024-06-28.json"), reply);
    let smtp = SmtpServer::start();
    let output = env
        .fxrates()
        .args(["-vv", "fetch", "--provider", "oxr", "--oxr-app-id", APP_ID])
        .args(["--date", "2024-06-28"])
        .env("FXRATES_SMTP_URL", smtp.url())
        .env("FXRATES_MAIL_TO", "ops@example.com")
        .output()
        .expect("fxrates runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let url = env.http.url(&path("historical/2024-06-28.json"));
    let line = format!("error: fetching oxr rates: {url}?app_id=***: {expected}");
    assert!(
        stderr.lines().any(|l| l == line),
        "no line {line:?} in {stderr}"
    );
    // With -vv the requests are logged, the app id hidden.
    assert!(
        stderr.contains(&format!("GET {url}?app_id=***")),
        "{stderr}"
    );
    let mail = smtp
        .wait_for_mail(Duration::from_secs(10))
        .expect("a failure email");
    assert!(mail.body().contains("--oxr-app-id ***"), "{}", mail.body());
    assert_eq!(rates_checksum(&mut client), before, "the table changed");
    let recorded = scalar(
        &mut client,
        "SELECT error FROM fetch_runs ORDER BY id DESC LIMIT 1",
    );
    assert_eq!(recorded, line.trim_start_matches("error: "));

    let everything = format!(
        "{stdout}\n{stderr}\n{}\n{}\n{}\n{}",
        mail.header("subject").unwrap_or_default(),
        mail.body(),
        scalar(
            &mut client,
            "SELECT string_agg(coalesce(error, '') || provider, ' ') FROM fetch_runs"
        ),
        scalar(
            &mut client,
            "SELECT string_agg(source || base || quote || rate, ' ') FROM rates"
        ),
    );
    assert!(
        !everything.contains(APP_ID),
        "the app id leaked: {everything}"
    );
}

#[test]
fn a_missing_app_id_answer_is_reported_with_status_and_message() {
    assert_refused(
        Reply::json_file(401, "oxr/errors/missing_app_id.json"),
        3,
        "HTTP 401 Unauthorized: missing_app_id: No App ID provided. Please sign up at \
         https://openexchangerates.org/signup, or contact support@openexchangerates.org.",
    );
}

#[test]
fn an_invalid_app_id_is_reported_with_status_and_message() {
    assert_refused(
        Reply::json_file(401, "oxr/errors/invalid_app_id.json"),
        3,
        "HTTP 401 Unauthorized: invalid_app_id: Invalid App ID provided. Please sign up at \
         https://openexchangerates.org/signup, or contact support@openexchangerates.org.",
    );
}

#[test]
fn not_allowed_is_reported_with_status_and_message() {
    assert_refused(
        Reply::json_file(429, "oxr/errors/not_allowed.json"),
        3,
        "HTTP 429 Too Many Requests: not_allowed: Access restricted for repeated over-use \
         (status: 429). If there is a problem, please contact support@openexchangerates.org.",
    );
}

#[test]
fn access_restricted_is_reported_with_status_and_message() {
    assert_refused(
        Reply::json_file(403, "oxr/errors/access_restricted.json"),
        3,
        "HTTP 403 Forbidden: access_restricted: Access restricted until 2024-08-01 \
         (reason: overdue_payment). If there is a problem, please contact support@openexchangerates.org.",
    );
}

#[test]
fn invalid_base_without_asking_for_one_is_a_provider_error() {
    assert_refused(
        Reply::json_file(400, "oxr/errors/invalid_base.json"),
        3,
        "HTTP 400 Bad Request: invalid_base: Changing the API `base` currency is available for \
         Developer, Enterprise and Unlimited plan clients. Please upgrade, or contact \
         support@openexchangerates.org with any questions.",
    );
}

#[test]
fn not_found_is_reported_with_status_and_message() {
    assert_refused(
        Reply::json_file(404, "oxr/errors/not_found.json"),
        3,
        "HTTP 404 Not Found: not_found: Client requested a non-existent resource/route.",
    );
}

#[test]
fn an_error_quoting_the_app_id_has_it_hidden() {
    assert_refused(
        Reply::ok_json(format!(
            r#"{{"error":true,"status":401,"message":"invalid_app_id","description":"App ID {APP_ID} is unknown."}}"#
        )),
        4,
        "invalid_app_id: App ID *** is unknown.",
    );
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
    let whole = fixture("oxr/historical/2024-06-28.json");
    assert_refused(
        Reply::ok_json(&whole[..whole.len() - 40]),
        4,
        "the JSON document ends early (truncated?): EOF while parsing a value at line 14 column 19",
    );
}

/// The 2024-06-28 answer with `rates` in place of its rates.
fn day_with(rates: &str) -> Reply {
    Reply::ok_json(format!(
        r#"{{"disclaimer":"x","license":"y","timestamp":1719619199,"base":"USD","rates":{{{rates}}}}}"#
    ))
}

#[test]
fn a_negative_rate_is_invalid_data() {
    assert_refused(
        day_with(r#""EUR":0.93,"GBP":-0.79"#),
        4,
        "day 2024-06-28, GBP: invalid rate -0.79 (a rate must be greater than zero)",
    );
}

#[test]
fn a_bad_currency_code_is_invalid_data() {
    assert_refused(
        day_with(r#""EUR":0.93,"eur":0.93"#),
        4,
        r#"day 2024-06-28: invalid currency code "eur" (expected three uppercase letters)"#,
    );
}

#[test]
fn the_base_quoted_at_other_than_one_is_invalid_data() {
    assert_refused(
        day_with(r#""EUR":0.93,"USD":1.02"#),
        4,
        "day 2024-06-28: the base USD is quoted against itself at 1.02",
    );
}

#[test]
fn an_answer_for_another_day_is_invalid_data() {
    assert_refused(
        Reply::file("oxr/historical/2024-06-29.json"),
        4,
        "asked for 2024-06-28, the answer is for 2024-06-29 (timestamp 1719705599)",
    );
}

#[test]
fn a_range_failing_on_one_day_stores_none_of_them() {
    let env = env();
    env.http
        .route(&path("historical/2024-06-30.json"), Reply::status(500));
    oxr(&env)
        .args(["fetch", "--from", "2024-06-28", "--to", "2024-07-01"])
        .assert()
        .code(3)
        .stderr(format!(
            "error: fetching oxr rates: {}?app_id=***: HTTP 500 Internal Server Error\n",
            env.http.url(&path("historical/2024-06-30.json"))
        ));
    assert_eq!(count_rates(&mut env.client(), "oxr"), 0);
}
