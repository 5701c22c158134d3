//! `fred` against a loopback mirror of FRED: one request per H.10 series,
//! each series stored in its own direction as printed, `"."` as no value,
//! and the API key never shown anywhere.

use std::time::Duration;

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum};
use crate::common::smtp::SmtpServer;

/// A recognisable API key, looked for in every output of the failing runs.
const API_KEY: &str = "sentinel-fred-key-5d2e9a";

const OBSERVATIONS: &str = "/fred/series/observations";

/// The target of a request for `series` from `from` to `to`, key included.
fn target(series: &str, from: &str, to: &str) -> String {
    format!(
        "{OBSERVATIONS}?series_id={series}&observation_start={from}&observation_end={to}\
         &file_type=json&api_key={API_KEY}"
    )
}

/// An environment with the schema, the recorded March answers for DEXJPUS
/// and DEXUSEU, and every other series answering `"."` on the days it has.
fn env() -> Env {
    let env = Env::with_schema();
    env.http
        .route(OBSERVATIONS, Reply::file("fred/no-values-2026-03.json"));
    for series in ["DEXJPUS", "DEXUSEU"] {
        env.http.route_target(
            &target(series, "2026-03-01", "2026-03-16"),
            Reply::file(&format!("fred/{series}-2026-03.json")),
        );
    }
    env
}

fn fred(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.fxrates();
    cmd.env("FXRATES_PROVIDER", "fred")
        .env("FXRATES_FRED_API_KEY", API_KEY);
    cmd
}

const MARCH: [&str; 5] = ["fetch", "--from", "2026-03-01", "--to", "2026-03-16"];

fn rates_of(env: &Env, day: &str) -> String {
    scalar(
        &mut env.client(),
        &format!(
            "SELECT string_agg(unit || ' ' || base || '=' || rate || ' ' || quote, ', ' ORDER BY base) \
             FROM rates WHERE source = 'fred' AND rate_date = '{day}'"
        ),
    )
}

#[test]
fn each_series_is_stored_in_its_own_direction_exactly_as_printed() {
    let env = env();
    fred(&env)
        .args(MARCH)
        .assert()
        .success()
        .stdout("fred: 10 days (2026-03-02..2026-03-13), 20 rates: 20 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    // One request per series of the H.10, the key in the query.
    let targets = env.http.targets();
    assert_eq!(targets.len(), 22, "{targets:?}");
    assert!(targets.contains(&target("DEXUSAL", "2026-03-01", "2026-03-16")));
    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.header("accept"), Some("application/json"));

    // DEXJPUS is yen per dollar, DEXUSEU dollars per euro: neither inverted.
    assert_eq!(
        rates_of(&env, "2026-03-02"),
        "1 EUR=1.169 USD, 1 USD=157.48 JPY"
    );
    assert_eq!(
        rates_of(&env, "2026-03-10"),
        "1 EUR=1.1648 USD, 1 USD=157.6 JPY"
    );
    assert_eq!(count_rates(&mut env.client(), "fred"), 20);

    // The SQL interface reads the pair as printed, and computes the
    // cross rate through the dollar.
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('EUR', 'USD', '2026-03-13', 'fred')"
        ),
        "1.1444"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('EUR', 'JPY', '2026-03-13', 'fred')"
        ),
        "182.577576"
    );
    env.fxrates()
        .args(["show", "--provider", "fred", "--date", "2026-03-13"])
        .assert()
        .success()
        .stdout(
            "fred rates for 2026-03-13\n\
             AMOUNT       RATE  IN\n\
             1 EUR =    1.1444  USD\n\
             1 USD =  159.54    JPY\n",
        );
}

#[test]
fn symbols_ask_only_for_their_series() {
    let env = env();
    fred(&env)
        .args(MARCH)
        .args(["--symbols", "jpy"])
        .assert()
        .success()
        .stdout("fred: 10 days (2026-03-02..2026-03-13), 10 rates: 10 inserted, 0 updated, 0 unchanged\n");
    assert_eq!(
        env.http.targets(),
        [target("DEXJPUS", "2026-03-01", "2026-03-16")]
    );
}

#[test]
fn a_currency_the_h10_lacks_is_a_usage_error_before_any_request() {
    let env = env();
    fred(&env)
        .args(MARCH)
        .args(["--symbols", "JPY,PLN"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::starts_with(
            "error: fetching fred rates: --symbols PLN: the H.10 has no PLN rate (it has AUD, BRL, CAD, ",
        ));
    assert!(env.http.targets().is_empty());
}

#[test]
fn a_day_on_which_every_series_says_dot_is_nothing_published() {
    let env = Env::with_schema();
    env.http
        .route(OBSERVATIONS, Reply::file("fred/holiday-2026-01-19.json"));
    fred(&env)
        .args(["fetch", "--from", "2026-01-19", "--to", "2026-01-19"])
        .assert()
        .success()
        .stdout("fred: no rates published from 2026-01-19 to 2026-01-19; nothing stored\n")
        .stderr("");
    assert_eq!(env.http.targets().len(), 22);
    assert_eq!(count_rates(&mut env.client(), "fred"), 0);
}

#[test]
fn the_first_run_takes_the_newest_day_of_the_last_four_weeks() {
    let env = Env::with_schema();
    env.http
        .route(OBSERVATIONS, Reply::file("fred/no-values-2026-03.json"));
    for series in ["DEXJPUS", "DEXUSEU"] {
        env.http.route_target(
            &target(series, "2026-02-16", "2026-03-16"),
            Reply::file(&format!("fred/{series}-2026-03.json")),
        );
    }
    let out = env
        .run_at(
            "2026-03-16",
            &["fetch", "--provider", "fred", "--fred-api-key", API_KEY],
        )
        .expect("latest");
    assert_eq!(
        out,
        "fred: 1 day (2026-03-13), 2 rates: 2 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(
        rates_of(&env, "2026-03-13"),
        "1 EUR=1.1444 USD, 1 USD=159.54 JPY"
    );
}

#[test]
fn a_missing_api_key_is_a_usage_error_before_any_request() {
    let env = env();
    env.fxrates()
        .args(["fetch", "--provider", "ecb,fred"])
        .env("FXRATES_FRED_API_KEY", " ")
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: the fred provider needs an API key: set FXRATES_FRED_API_KEY\n");
    assert!(env.requested().is_empty());
}

/// Runs a failing fetch of March with the key on the command line and in
/// the environment, logging at debug level, the failure email going to a
/// loopback SMTP server, then `status`. Checks the exit code, the error
/// line, and that the key is in none of stdout, stderr, the email,
/// `fetch_runs`, `rates` or what `status` prints.
fn assert_refused(reply: Reply, code: i32, expected: &str) {
    let env = env();
    let failing = target("DEXUSEU", "2026-03-01", "2026-03-16");
    env.http.route_target(&failing, reply);
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    let smtp = SmtpServer::start();
    let output = fred(&env)
        .args(["-vv", "fetch", "--fred-api-key", API_KEY])
        .args(&MARCH[1..])
        .env("FXRATES_SMTP_URL", smtp.url())
        .env("FXRATES_MAIL_TO", "ops@example.com")
        .output()
        .expect("fxrates runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let shown = env.http.url(&failing.replace(API_KEY, "***"));
    let line = format!("error: fetching fred rates: {shown}: {expected}");
    assert!(
        stderr.lines().any(|l| l == line),
        "no line {line:?} in {stderr}"
    );
    assert!(stderr.contains("&api_key=***"), "{stderr}");
    let mail = smtp
        .wait_for_mail(Duration::from_secs(10))
        .expect("a failure email");
    assert!(
        mail.body().contains("--fred-api-key ***"),
        "{}",
        mail.body()
    );
    assert_eq!(rates_checksum(&mut client), before, "the table changed");
    let status = fred(&env)
        .args(["status", "--provider", "fred"])
        .output()
        .expect("status runs");
    assert_eq!(status.status.code(), Some(7));
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("failed: "), "{status}");

    let everything = format!(
        "{stdout}\n{stderr}\n{}\n{}\n{}\n{status}",
        mail.header("subject").unwrap_or_default(),
        mail.body(),
        scalar(
            &mut client,
            "SELECT string_agg(coalesce(error, '') || provider, ' ') FROM fetch_runs"
        ),
    );
    assert!(
        !everything.contains(API_KEY),
        "the API key leaked: {everything}"
    );
}

#[test]
fn an_unregistered_key_is_reported_with_status_and_message() {
    assert_refused(
        Reply::json_file(400, "fred/api-key-not-registered.json"),
        3,
        "HTTP 400 Bad Request: Bad Request.  The value for variable api_key is not registered.  \
         Read https://fred.stlouisfed.org/docs/api/api_key.html for more information.",
    );
}

#[test]
fn an_error_quoting_the_key_has_it_hidden() {
    assert_refused(
        Reply::Body {
            status: 400,
            content_type: "application/json",
            body: format!(
                r#"{{"error_code":400,"error_message":"Bad Request.  The api_key {API_KEY} is unknown."}}"#
            )
            .into_bytes(),
        },
        3,
        "HTTP 400 Bad Request: Bad Request.  The api_key *** is unknown.",
    );
}

#[test]
fn a_bad_value_refuses_the_whole_fetch() {
    assert_refused(
        Reply::ok_json(
            r#"{"units":"lin","observations":[{"date":"2026-03-02","value":"1.169"},{"date":"2026-03-03","value":"-1.16"}]}"#,
        ),
        4,
        r#"DEXUSEU: day 2026-03-03: invalid rate "-1.16" (expected a positive decimal number)"#,
    );
}
