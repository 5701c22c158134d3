//! `fxrates fetch --provider frankfurter2` against a loopback Frankfurter
//! v2, beyond the conformance suite (`conformance::frankfurter2`): the
//! latest figures under their own dates, `--base`, `--symbols` and
//! `--frankfurter2-providers` passed on, days that hold only some
//! currencies, ranges asked for a calendar year at a time, errors with
//! Frankfurter's message, and `show` saying the figures are a blend. The
//! answers are written by hand in the shape of the API's OpenAPI
//! description.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::common::pg::stored;

const RATES: &str = "/frankfurter2/rates";

/// The target of a request with `query`.
fn target(query: &str) -> String {
    format!("{RATES}?{query}")
}

const WEEK: [&str; 4] = ["--from", "2024-06-24", "--to", "2024-06-28"];

/// An environment with the schema and the week answering its range.
fn env() -> Env {
    Env::with_schema_answering(
        &target("from=2024-06-24&to=2024-06-28&base=EUR"),
        "frankfurter2/2024-06-24..2024-06-28.ndjson",
    )
}

#[test]
fn show_says_the_figures_are_a_blend() {
    let env = env();
    env.fetch("frankfurter2").args(WEEK).assert().success();
    env.fxrates()
        .args(["show", "USD", "GBP", "--provider", "frankfurter2"])
        .args(["--date", "2024-06-28"])
        .assert()
        .success()
        .stdout(
            "frankfurter2 rates for 2024-06-28 (blended from several publishers, not an official rate), \
             1 EUR =\n\
             QUOTE     RATE\n\
             USD    1.0705\n\
             GBP    0.84638\n",
        );
    let json = env
        .fxrates()
        .args([
            "show",
            "USD",
            "--provider",
            "frankfurter2",
            "--format",
            "json",
            "--date",
            "2024-06-28",
        ])
        .output()
        .expect("show runs");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["official"], false);
    assert_eq!(json["rates"]["USD"], "1.0705");
}

#[test]
fn the_first_run_stores_the_latest_figures_each_under_its_own_date() {
    let env = Env::with_schema_answering(&target("base=EUR"), "frankfurter2/latest.ndjson");
    let out = env
        .run_at("2024-06-28", &["fetch", "--provider", "frankfurter2"])
        .expect("latest");
    assert_eq!(
        out,
        "frankfurter2: 2 days (2024-06-27..2024-06-28), 5 rates: 5 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        stored(
            &mut env.client(),
            "frankfurter2",
            "2024-06-27",
            "EUR",
            "ISK"
        ),
        "1 EUR ISK 149.3"
    );
}

#[test]
fn ranges_are_asked_for_a_calendar_year_at_a_time() {
    let env = Env::with_schema();
    for query in [
        "from=2023-12-30&to=2023-12-31&base=EUR",
        "from=2024-01-01&to=2024-01-02&base=EUR",
    ] {
        env.http.route_target(&target(query), Reply::ok_json(""));
    }
    env.fetch("frankfurter2")
        .args(["--from", "2023-12-30", "--to", "2024-01-02"])
        .assert()
        .success()
        .stdout("frankfurter2: no rates published from 2023-12-30 to 2024-01-02; nothing stored\n");
    assert_eq!(
        env.http.targets(),
        [
            target("from=2023-12-30&to=2023-12-31&base=EUR"),
            target("from=2024-01-01&to=2024-01-02&base=EUR"),
        ]
    );
}

/// `--base`, `--symbols` and the pinned upstream publisher are all asked
/// for; a day holding only some of the symbols keeps those it has.
#[test]
fn base_symbols_and_publishers_are_passed_on() {
    let env = Env::with_schema();
    let asked = target("from=2024-06-24&to=2024-06-28&base=USD&quotes=GBP,JPY&providers=ecb");
    env.http
        .route_target(&asked, Reply::file("frankfurter2/usd-gbp-jpy-ecb.ndjson"));
    env.fetch("frankfurter2")
        .args(WEEK)
        .args(["--base", "usd", "--symbols", "GBP,JPY"])
        .env("FXRATES_FRANKFURTER2_PROVIDERS", " ECB ")
        .assert()
        .success()
        .stdout(
            "frankfurter2: 2 days (2024-06-24..2024-06-25), 3 rates: 3 inserted, 0 revised, 0 unchanged\n",
        );
    assert_eq!(env.http.targets(), [asked]);
    assert_eq!(
        stored(
            &mut env.client(),
            "frankfurter2",
            "2024-06-25",
            "USD",
            "JPY"
        ),
        "1 USD JPY 159.75"
    );
}

#[test]
fn an_empty_publisher_setting_is_unset_and_a_bad_one_a_usage_error() {
    let env = env();
    env.fetch("frankfurter2")
        .args(WEEK)
        .env("FXRATES_FRANKFURTER2_PROVIDERS", "")
        .assert()
        .success();
    assert_eq!(
        env.http.targets(),
        [target("from=2024-06-24&to=2024-06-28&base=EUR")]
    );
    env.fetch("frankfurter2")
        .args(WEEK)
        .args(["--frankfurter2-providers", "ecb&base=USD"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: --frankfurter2-providers (FXRATES_FRANKFURTER2_PROVIDERS) \"ecb&base=USD\": \
             \"ecb&base=usd\" is not a publisher's name (expected names such as ecb or nbp.b, \
             comma-separated)\n",
        );
    assert_eq!(
        env.http.targets().len(),
        1,
        "a request after the usage error"
    );
}

#[test]
fn errors_are_reported_with_frankfurters_message() {
    let env = Env::with_schema();
    let asked = target("from=2024-06-24&to=2024-06-28&base=EUR&quotes=XYZ");
    env.http.route_target(
        &asked,
        Reply::json_file(422, "frankfurter2/invalid-currency.json"),
    );
    env.fetch("frankfurter2")
        .args(WEEK)
        .args(["--symbols", "XYZ"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(format!(
            "error: fetching frankfurter2 rates: {}: HTTP 422 Unprocessable Entity: invalid currency: XYZ\n",
            env.http.url(&asked)
        ));
}

/// A day holds only the currencies with a new figure on it: each figure
/// stays in force until the same pair's next, within the look-back. ISK
/// has figures on 24 and 27 June only: the days between read the 24th's,
/// and ten days after the 27th it is no longer in force.
#[test]
fn a_figure_stays_in_force_on_the_days_that_print_other_currencies() {
    let env = env();
    env.fxrates()
        .args(["fetch", "--provider", "frankfurter2"])
        .args(WEEK)
        .assert()
        .success();
    let mut client = env.client();
    assert_eq!(
        crate::common::env::scalar(
            &mut client,
            "SELECT string_agg(concat_ws(' ', d, coalesce(fx_rate('EUR', 'ISK', d, 'frankfurter2')::text, '-'),
                                         (SELECT r.rate_date FROM fx_rate_detail('EUR', 'ISK', d, 'frankfurter2') r),
                                         fx_rate('EUR', 'USD', d, 'frankfurter2'),
                                         coalesce(fx_rate('ISK', 'USD', d, 'frankfurter2')::text, '-')),
                              '; ' ORDER BY d)
               FROM unnest('{2024-06-25,2024-06-28,2024-07-07,2024-07-08}'::date[]) AS d"
        ),
        "2024-06-25 149.1 2024-06-24 1.07121 0.00718450704225352113; \
         2024-06-28 149.3 2024-06-27 1.0705 0.00717012726054922974; \
         2024-07-07 149.3 2024-06-27 1.0705 0.00717012726054922974; \
         2024-07-08 - 1.0705 -"
    );
    crate::sql::check_fx_daily_agrees(&mut client, "frankfurter2");
    env.fxrates()
        .args([
            "show",
            "ISK",
            "--source",
            "frankfurter2",
            "--date",
            "2024-06-26",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("149.1"));
}
