//! `cnb` against a loopback mirror of its API: the recorded fixings of
//! 2026 (2026-01-02..2026-04-02, 30 currencies a day) stored exactly, units
//! included.

use crate::common::env::{Env, fixture, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored};

const DAILY: &str = "/cnb/exrates/daily";
const DAILY_YEAR: &str = "/cnb/exrates/daily-year";

/// The recorded year's days, as asked for.
const WINDOW: [&str; 4] = ["--from", "2026-01-01", "--to", "2026-04-02"];

/// An environment with the schema, the recorded year and the recorded
/// day 2026-01-02 routed.
fn env() -> Env {
    let env = Env::with_schema();
    env.http
        .route(DAILY_YEAR, Reply::file("cnb/daily-year-2026.json"));
    env.http
        .route(DAILY, Reply::file("cnb/daily-2026-01-02.json"));
    env
}

#[test]
fn the_recorded_year_is_stored_exactly_with_its_units() {
    let env = env();
    env.fetch("cnb")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("cnb: 65 days (2026-01-02..2026-04-02), 1950 rates: 1950 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(
        env.http.targets(),
        [format!("{DAILY_YEAR}?year=2026&lang=EN")]
    );
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "cnb"), 1950);
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE source <> 'cnb'"
        ),
        "0"
    );
    // Every row is `unit foreign = rate CZK`, as the fixing prints it.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(unit || ':' || n, ',' ORDER BY unit) FROM \
             (SELECT unit, count(*) AS n FROM rates WHERE quote = 'CZK' AND base <> 'CZK' GROUP BY unit) AS units"
        ),
        "1:1365,100:520,1000:65"
    );
    for (date, code, expected) in [
        ("2026-01-02", "HUF", "100 HUF CZK 6.304"),
        ("2026-01-02", "IDR", "1000 IDR CZK 1.233"),
        ("2026-01-02", "JPY", "100 JPY CZK 13.141"),
        ("2026-01-02", "EUR", "1 EUR CZK 24.170"),
        ("2026-01-02", "XDR", "1 XDR CZK 28.227"),
        ("2026-04-02", "USD", "1 USD CZK 21.291"),
        ("2026-04-02", "TRY", "100 TRY CZK 47.850"),
    ] {
        assert_eq!(
            stored(&mut client, "cnb", date, code, "CZK"),
            expected,
            "{date} {code}"
        );
    }
}

#[test]
fn a_rerun_rewrites_nothing() {
    let env = env();
    env.fetch("cnb").args(WINDOW).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "cnb", None);

    env.fetch("cnb")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("cnb: 65 days (2026-01-02..2026-04-02), 1950 rates: 0 inserted, 0 updated, 1950 unchanged\n");
    assert_eq!(
        row_versions(&mut client, "cnb", None),
        before,
        "a row was rewritten"
    );
}

#[test]
fn a_catch_up_keeps_only_the_days_after_the_newest_fixing() {
    let env = env();
    env.fetch("cnb").args(WINDOW).assert().success();
    env.requested();
    // The year as answered a few days later: two more fixings after Easter.
    env.http.route(DAILY_YEAR, year_with(&AFTER_EASTER));

    let out = env
        .run_at("2026-04-08", &["fetch", "--provider", "cnb"])
        .expect("catch-up");
    assert_eq!(
        out,
        "cnb: 2 days (2026-04-07..2026-04-08), 4 rates: 4 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.requested(), [DAILY_YEAR]);
    assert_eq!(count_rates(&mut env.client(), "cnb"), 1950 + 4);
    assert_eq!(
        stored(&mut env.client(), "cnb", "2026-04-08", "HUF", "CZK"),
        "100 HUF CZK 6.418"
    );
}

#[test]
fn a_year_without_a_fixing_yet_stores_nothing_and_succeeds() {
    let env = Env::with_schema();
    env.http
        .route(DAILY_YEAR, Reply::ok_json(r#"{"rates":[]}"#));
    let out = env
        .run_at(
            "2027-01-01",
            &[
                "fetch",
                "--provider",
                "cnb",
                "--from",
                "2027-01-01",
                "--to",
                "2027-01-01",
            ],
        )
        .expect("nothing published is not an error");
    assert_eq!(
        out,
        "cnb: no rates published from 2027-01-01 to 2027-01-01; nothing stored"
    );
    assert_eq!(
        env.http.targets(),
        [format!("{DAILY_YEAR}?year=2027&lang=EN")]
    );
    assert_eq!(count_rates(&mut env.client(), "cnb"), 0);
}

#[test]
fn a_weekend_day_answered_with_the_friday_before_stores_nothing() {
    let env = env();
    env.fetch("cnb")
        .args(["--date", "2026-01-03"])
        .assert()
        .success()
        .stdout("cnb: no rates published for 2026-01-03 (a Saturday); nothing stored\n");
    assert_eq!(
        env.http.targets(),
        [format!("{DAILY}?date=2026-01-03&lang=EN")]
    );
    assert_eq!(count_rates(&mut env.client(), "cnb"), 0);
}

#[test]
fn one_day_and_the_latest_come_from_the_daily_fixing() {
    let env = env();
    env.fetch("cnb")
        .args(["--date", "2026-01-02"])
        .assert()
        .success()
        .stdout("cnb: 1 day (2026-01-02), 30 rates: 30 inserted, 0 updated, 0 unchanged\n");
    let mut client = env.client();
    client
        .batch_execute("DELETE FROM rates")
        .expect("forget the day");
    env.fetch("cnb")
        .assert()
        .success()
        .stdout("cnb: 1 day (2026-01-02), 30 rates: 30 inserted, 0 updated, 0 unchanged\n");
    assert_eq!(
        env.http.targets(),
        [
            format!("{DAILY}?date=2026-01-02&lang=EN"),
            format!("{DAILY}?lang=EN"),
        ]
    );
    assert_eq!(
        stored(&mut env.client(), "cnb", "2026-01-02", "HUF", "CZK"),
        "100 HUF CZK 6.304"
    );
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("cnb")
        .args(WINDOW)
        .args(["--symbols", "HUF,IDR"])
        .assert()
        .success()
        .stdout("cnb: 65 days (2026-01-02..2026-04-02), 130 rates: 130 inserted, 0 updated, 0 unchanged\n");
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(DISTINCT base, ',') FROM rates WHERE source = 'cnb'"
        ),
        "HUF,IDR"
    );
}

#[test]
fn a_range_over_new_year_asks_for_each_calendar_year() {
    let env = Env::with_schema();
    // 2025 as the CNB answers it, cut to its last two fixings of the euro:
    // 2025-12-30 was not asked for.
    env.http.route_target(
        &format!("{DAILY_YEAR}?year=2025&lang=EN"),
        Reply::ok_json(
            r#"{"rates":[{"currencyCode":"EUR","amount":1,"validFor":"2025-12-30","rate":24.275},{"currencyCode":"EUR","amount":1,"validFor":"2025-12-31","rate":24.260}]}"#,
        ),
    );
    env.http.route_target(
        &format!("{DAILY_YEAR}?year=2026&lang=EN"),
        Reply::file("cnb/daily-year-2026.json"),
    );
    let out = env
        .run_at(
            "2026-04-08",
            &[
                "fetch",
                "--provider",
                "cnb",
                "--from",
                "2025-12-31",
                "--to",
                "2026-01-05",
            ],
        )
        .expect("backfill");
    assert_eq!(
        out,
        "cnb: 3 days (2025-12-31..2026-01-05), 61 rates: 61 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [
            format!("{DAILY_YEAR}?year=2025&lang=EN"),
            format!("{DAILY_YEAR}?year=2026&lang=EN"),
        ]
    );
}

/// What `show` and `convert` read back: the pair as the CNB printed it, with
/// its unit; per one unit for scripts; other pairs computed through CZK and
/// marked.
#[test]
fn show_names_the_printed_pair_with_its_unit_and_marks_computed_ones() {
    let env = env();
    env.fetch("cnb").args(WINDOW).assert().success();
    let show = |args: &[&str]| {
        let output = env
            .fxrates()
            .args(["show", "--provider", "cnb", "--date", "2026-01-02"])
            .args(args)
            .output()
            .expect("show runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    assert_eq!(
        show(&["HUF", "EUR"]),
        "cnb rates for 2026-01-02\n\
         AMOUNT       RATE  IN\n\
         100 HUF =   6.304  CZK\n\
         1 EUR =    24.170  CZK\n"
    );
    assert_eq!(show(&["HUF", "--format", "value"]), "0.06304\n");
    assert_eq!(
        show(&["HUF", "--format", "csv"]),
        "date,source,base,quote,rate,unit,series\n2026-01-02,cnb,HUF,CZK,6.304,100,mid\n"
    );
    // EUR in HUF through CZK: 24.170 / 0.06304 = 383.4073604…
    assert_eq!(
        show(&["HUF", "--base", "EUR"]),
        "cnb rates for 2026-01-02, 1 EUR = (cross rates via CZK, 6 significant digits)\n\
         QUOTE     RATE\n\
         HUF    383.407\n"
    );
    env.fxrates()
        .args([
            "convert",
            "1000",
            "HUF",
            "CZK",
            "--source",
            "cnb",
            "--date",
            "2026-01-02",
        ])
        .assert()
        .success()
        .stdout("1000 HUF = 63.04 CZK (rate 0.06304, cnb 2026-01-02)\n");
}

/// The fixings of EUR and HUF on the two days after Easter, as `(date,
/// code, amount, rate)`.
const AFTER_EASTER: [(&str, &str, &str, &str); 4] = [
    ("2026-04-07", "EUR", "1", "24.310"),
    ("2026-04-07", "HUF", "100", "6.421"),
    ("2026-04-08", "EUR", "1", "24.295"),
    ("2026-04-08", "HUF", "100", "6.418"),
];

/// The recorded year with the fixings `later` appended, as `(date, code,
/// amount, rate)`.
fn year_with(later: &[(&str, &str, &str, &str)]) -> Reply {
    let year = fixture("cnb/daily-year-2026.json");
    let later: Vec<String> = later
        .iter()
        .map(|(date, code, amount, rate)| {
            format!(
                r#"{{"currencyCode":"{code}","amount":{amount},"validFor":"{date}","rate":{rate}}}"#
            )
        })
        .collect();
    Reply::ok_json(format!(
        "{},{}]}}",
        year.trim_end().strip_suffix("]}").expect("the year's end"),
        later.join(",")
    ))
}

/// Regression: a currency the publisher stopped (the ECB's BGN after
/// 2025-12-31) failed every fetch with `--symbols` as invalid data, so the
/// other currencies stopped updating too.
#[test]
fn a_currency_the_bank_stopped_is_named_and_the_others_are_stored() {
    let env = env();
    env.fetch("cnb").args(WINDOW).assert().success();
    // After Easter the fixing has no USD any more.
    env.http.route(DAILY_YEAR, year_with(&AFTER_EASTER));
    let note = "cnb published no USD rate after 2026-04-02: \
                drop it from --symbols (FXRATES_SYMBOLS) if it stopped";
    let out = env
        .run_at(
            "2026-04-08",
            &["fetch", "--provider", "cnb", "--symbols", "EUR,USD"],
        )
        .expect("a catch-up");
    assert_eq!(
        out,
        format!(
            "cnb: 2 days (2026-04-07..2026-04-08), 2 rates: 2 inserted, 0 updated, 0 unchanged ({note})"
        )
    );
    assert_eq!(
        stored(&mut env.client(), "cnb", "2026-04-08", "EUR", "CZK"),
        "1 EUR CZK 24.295"
    );
    assert_eq!(count_rates(&mut env.client(), "cnb"), 1950 + 2);

    // Every run says so on stderr, in one line, and succeeds.
    let output = env
        .fetch("cnb")
        .args(["--symbols", "EUR,USD"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&format!("WARN] {note}")), "{stderr}");
    assert_eq!(count_rates(&mut env.client(), "cnb"), 1950 + 2);

    // status names it, until the configuration drops it.
    let err = env
        .run_at("2026-04-08", &["status", "--provider", "cnb"])
        .expect_err("a problem");
    assert_eq!(fxrates::error::exit_code(&err), fxrates::error::Exit::Stale);
    assert!(err.to_string().contains(note), "{err}");
    env.run_at(
        "2026-04-08",
        &["fetch", "--provider", "cnb", "--symbols", "EUR"],
    )
    .expect("fetch");
    env.run_at("2026-04-08", &["status", "--provider", "cnb"])
        .expect("nothing to say");
}

#[test]
fn a_currency_never_published_is_a_usage_error_and_nothing_is_stored() {
    let env = env();
    env.fetch("cnb")
        .args(["--from", "2026-01-02", "--to", "2026-01-05"])
        .args(["--symbols", "USD,XYZ,ABC"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: cnb published no XYZ, ABC rate for 2026-01-02..2026-01-05 and none is stored: \
             drop them from --symbols (FXRATES_SYMBOLS)\n",
        );
    assert_eq!(count_rates(&mut env.client(), "cnb"), 0);
}

#[test]
fn a_day_lacking_a_currency_that_a_later_day_has_refuses_the_answer() {
    let env = env();
    env.fetch("cnb").args(WINDOW).assert().success();
    env.http.route(
        DAILY_YEAR,
        year_with(&[
            ("2026-04-07", "HUF", "100", "6.421"),
            ("2026-04-08", "EUR", "1", "24.295"),
            ("2026-04-08", "HUF", "100", "6.418"),
        ]),
    );
    env.fetch("cnb")
        .args(["--symbols", "EUR,HUF"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(
            "error: fetching cnb rates: cnb answered a partial day: day 2026-04-07: \
             no rate for EUR (asked for by --symbols), though a later day has one\n",
        );
    assert_eq!(count_rates(&mut env.client(), "cnb"), 1950);
}
