//! `fxrates show` against a real PostgreSQL: each format, the fallback to the
//! newest day before a day without publication, cross rates checked against
//! hand-computed decimals, the history and its chart, and every refusal with
//! its exit code, its one line, and the table left unchanged.

use std::time::Duration;

use crate::common::clock::RealToday;
use crate::common::env::{Env, scalar};
use crate::common::pg::rates_checksum;
use crate::common::smtp::SmtpServer;
use predicates::str::contains;

/// The ECB fixtures: 2024-05-27..2024-06-28 (USD, JPY, GBP, HUF), stored as
/// a fetch on 2024-06-28 stores them.
fn env_with_ecb_days() -> Env {
    let env = Env::with_schema();
    env.run_at("2024-06-28", &["fetch", "--from", "2024-05-27"])
        .expect("fetch the fixtures");
    env
}

/// Stores hand-made rates under source `test` (base EUR) for `day`.
fn store_test_rates(env: &Env, day: &str, rates: &[(&str, &str)]) {
    let mut client = env.client();
    for (quote, rate) in rates {
        client
            .execute(
                "INSERT INTO rates (source, rate_date, base, quote, rate)
                 VALUES ('test', $1::text::date, 'EUR', $2, $3::text::numeric)",
                &[&day, quote, rate],
            )
            .expect("insert a test rate");
    }
}

fn stdout_of(env: &Env, args: &[&str]) -> String {
    let output = env.fxrates().args(args).output().expect("run fxrates");
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Runs `args`, expects `code` and exactly `error: {message}` on stderr,
/// nothing on stdout, and the table unchanged.
fn assert_refused(env: &Env, args: &[&str], code: i32, message: &str) {
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    env.fxrates()
        .args(args)
        .assert()
        .code(code)
        .stdout("")
        .stderr(format!("error: {message}\n"));
    assert_eq!(
        rates_checksum(&mut client),
        before,
        "{args:?} changed rates"
    );
}

#[test]
fn the_day_in_force_today_prints_as_an_aligned_table() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();

    assert_eq!(
        env.run_at("2024-06-28", &["show", "USD", "jpy", "GBP", "ISK"])
            .expect("show"),
        "ecb rates for 2024-06-28, 1 EUR =\n\
         QUOTE       RATE\n\
         USD      1.0705\n\
         JPY    171.94\n\
         GBP      0.84638\n\
         ISK    148.70"
    );
    // Without symbols: every stored quote, alphabetically.
    let all = env.run_at("2024-06-28", &["show"]).expect("show");
    assert_eq!(all.lines().count(), 32, "{all}");
    assert!(
        all.lines().nth(2).is_some_and(|l| l.starts_with("AUD ")),
        "{all}"
    );
}

#[test]
fn a_weekend_falls_back_to_the_friday_and_says_so() {
    let env = env_with_ecb_days();

    assert_eq!(
        stdout_of(&env, &["show", "USD", "--date", "2024-06-30"]),
        "ecb rates for 2024-06-28 (the newest day on or before 2024-06-30), 1 EUR =\n\
         QUOTE    RATE\n\
         USD    1.0705\n"
    );
    assert_eq!(
        stdout_of(
            &env,
            &[
                "show",
                "USD",
                "GBP",
                "--date",
                "2024-06-23",
                "--format",
                "csv"
            ]
        ),
        "date,source,base,quote,rate,unit,series\n\
         2024-06-21,ecb,EUR,USD,1.0727,1,mid\n\
         2024-06-21,ecb,EUR,GBP,0.84720,1,mid\n"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        &env,
        &["show", "USD", "--date", "2024-06-23", "--format", "json"],
    ))
    .expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({
            "date": "2024-06-21",
            "requested_date": "2024-06-23",
            "source": "ecb",
            "series": "mid",
            "base": "EUR",
            "cross": false,
            "official": true,
            "reference": null,
            "valid_until": null,
            "rates": {"USD": "1.0727"},
            "pairs": [{
                "base": "EUR", "quote": "USD", "unit": 1,
                "rate": "1.0727", "per_unit": "1.0727", "computed": false,
            }],
        })
    );
    // A publication day is used as is.
    assert_eq!(
        stdout_of(
            &env,
            &["show", "HUF", "--date", "2024-06-26", "--format", "value"]
        ),
        "396.00\n"
    );
}

#[test]
fn json_without_a_date_names_the_day_used() {
    let env = env_with_ecb_days();
    // Today is a Sunday: Friday's rates, the day asked for being today.
    let json: serde_json::Value = serde_json::from_str(
        &env.run_at("2024-06-30", &["show", "--format", "json"])
            .expect("show"),
    )
    .expect("JSON");
    assert_eq!(json["date"], "2024-06-28");
    assert_eq!(json["requested_date"], "2024-06-30");
    assert_eq!(
        json["rates"],
        serde_json::json!({"GBP": "0.84638", "HUF": "395.10", "JPY": "171.94", "USD": "1.0705"})
    );
}

#[test]
fn format_value_prints_the_bare_number_for_a_script() {
    let env = env_with_ecb_days();
    env.fxrates()
        .args(["show", "usd", "--format", "value", "--date", "2024-06-28"])
        .assert()
        .success()
        .stdout("1.0705\n")
        .stderr("");
    // --quiet (e.g. left in the environment for cron) does not swallow the answer.
    env.fxrates()
        .args(["show", "GBP", "--format", "value", "--date", "2024-06-28"])
        .env("FXRATES_QUIET", "1")
        .assert()
        .success()
        .stdout("0.84638\n");
    env.fxrates()
        .args(["show", "GBP", "--date", "2024-06-28"])
        .env("FXRATES_SHOW_FORMAT", "value")
        .assert()
        .success()
        .stdout("0.84638\n");
    assert_refused(
        &env,
        &["show", "USD", "GBP", "--format", "value"],
        2,
        "--format value prints the rate of exactly one SYMBOL (2 given)",
    );
    assert_refused(
        &env,
        &["show", "--format", "value"],
        2,
        "--format value prints the rate of exactly one SYMBOL (0 given)",
    );
}

#[test]
fn the_base_and_symbols_set_for_fetch_leave_show_alone() {
    let env = env_with_ecb_days();
    // An environment file for a Frankfurter fetch against USD, shared by a
    // script reading rates: the numbers it reads must not change meaning.
    env.fxrates()
        .args(["show", "GBP", "--format", "value", "--date", "2024-06-28"])
        .env("FXRATES_BASE", "USD")
        .env("FXRATES_SYMBOLS", "GBP,USD")
        .assert()
        .success()
        .stdout("0.84638\n");
    env.fxrates()
        .args(["convert", "100", "EUR", "GBP", "--date", "2024-06-28"])
        .env("FXRATES_BASE", "USD")
        .assert()
        .success()
        .stdout(predicates::str::starts_with("100 EUR = 84.64 GBP"));
}

#[test]
fn cross_rates_match_hand_computed_decimals() {
    let env = Env::with_schema();
    store_test_rates(
        &env,
        "2024-06-28",
        &[("USD", "3"), ("GBP", "1"), ("JPY", "2"), ("CHF", "1.25")],
    );

    // 1/3 = 0.3333333…, 2/3 = 0.6666666…, 1.25/3 = 0.4166666…, EUR: 1/3.
    assert_eq!(
        stdout_of(
            &env,
            &[
                "show",
                "GBP",
                "JPY",
                "CHF",
                "EUR",
                "USD",
                "--base",
                "USD",
                "--format",
                "csv",
                "--date",
                "2024-06-28"
            ]
        ),
        "date,source,base,quote,rate,unit,series\n\
         2024-06-28,test,USD,GBP,0.333333,1,mid\n\
         2024-06-28,test,USD,JPY,0.666667,1,mid\n\
         2024-06-28,test,USD,CHF,0.416667,1,mid\n\
         2024-06-28,test,USD,EUR,0.333333,1,mid\n\
         2024-06-28,test,USD,USD,1,1,mid\n"
    );
    // 3 / 1.25 = 2.4 exactly: six significant digits, trailing zeros kept.
    assert_eq!(
        stdout_of(
            &env,
            &[
                "show",
                "USD",
                "--base",
                "chf",
                "--format",
                "value",
                "--date",
                "2024-06-28"
            ]
        ),
        "2.40000\n"
    );
    assert_eq!(
        stdout_of(
            &env,
            &["show", "GBP", "--base", "USD", "--date", "2024-06-28"]
        ),
        "test rates for 2024-06-28, 1 USD = (cross rates via EUR, 6 significant digits)\n\
         QUOTE      RATE\n\
         GBP    0.333333\n"
    );
}

#[test]
fn cross_rates_of_published_ecb_rates() {
    let env = env_with_ecb_days();
    // 0.84638 / 1.0705 = 0.79063988…; 171.94 / 1.0705 = 160.61653…; 1 / 1.0705 = 0.93414292…
    assert_eq!(
        stdout_of(
            &env,
            &[
                "show",
                "GBP",
                "JPY",
                "EUR",
                "--base",
                "USD",
                "--format",
                "csv",
                "--date",
                "2024-06-28"
            ]
        ),
        "date,source,base,quote,rate,unit,series\n\
         2024-06-28,ecb,USD,GBP,0.790640,1,mid\n\
         2024-06-28,ecb,USD,JPY,160.617,1,mid\n\
         2024-06-28,ecb,USD,EUR,0.934143,1,mid\n"
    );
    // The stored base gives the stored rates, unrounded.
    assert_eq!(
        stdout_of(
            &env,
            &[
                "show",
                "GBP",
                "--base",
                "EUR",
                "--format",
                "value",
                "--date",
                "2024-06-28"
            ]
        ),
        "0.84638\n"
    );
}

#[test]
fn nothing_stored_on_or_before_the_day_exits_7() {
    let env = Env::with_schema();
    assert_refused(
        &env,
        &["show"],
        7,
        "no rates stored yet: run `fxrates fetch`",
    );
    assert_refused(
        &env,
        &["show", "USD", "--format", "value"],
        7,
        "no rates stored yet: run `fxrates fetch`",
    );

    let env = env_with_ecb_days();
    assert_refused(
        &env,
        &["show", "USD", "--date", "2024-05-26"],
        7,
        "no rates in force on 2024-05-26 (none stored from 2024-05-16 to 2024-05-26)",
    );
    assert_refused(
        &env,
        &["show", "USD", "--source", "oxr"],
        7,
        "no oxr rates stored (sources with rates: ecb)",
    );
}

/// Regression: without --date, `show` (and `convert`) answered from the
/// newest stored day however old, with exit 0, where `fx_rate(…,
/// current_date)` is NULL: `rate=$(fxrates show USD --format value)` got a
/// rate 37 days old. Nothing is in force today: exit 7, one line naming the
/// newest stored day, nothing on stdout for a script to read.
#[test]
fn rates_older_than_the_look_back_are_not_read_for_today() {
    let env = Env::with_schema();
    let today = RealToday::read();
    let newest = today.first() - chrono::Days::new(37);
    env.client()
        .execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
                 ('ecb', $1, 'EUR', 'USD', 1.0705), ('ecb', $1, 'EUR', 'GBP', 0.84638)",
            &[&newest],
        )
        .expect("an ECB day 37 days old");
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    for (args, what) in [
        (&["show", "USD", "--format", "value"][..], "no rates"),
        (&["show"][..], "no rates"),
        (
            &["show", "GBP", "--base", "USD", "--source", "ecb"][..],
            "no ecb rates",
        ),
        (&["convert", "100", "USD", "EUR"][..], "no rates"),
    ] {
        let output = env.fxrates().args(args).output().expect("run fxrates");
        assert_eq!(output.status.code(), Some(7), "{args:?}: {output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), "", "{args:?}");
        today.assert_answer(&String::from_utf8_lossy(&output.stderr), |day| {
            format!(
                "error: {what} in force on {day}: the newest stored day is {newest}, \
                 {} days before (run `fxrates fetch`)\n",
                (day - newest).num_days()
            )
        });
    }
    assert_eq!(rates_checksum(&mut client), before);
    // --date still reads the day asked for.
    let newest = newest.to_string();
    assert_eq!(
        stdout_of(
            &env,
            &["show", "USD", "--format", "value", "--date", &newest]
        ),
        "1.0705\n"
    );
}

/// Today is read as --date reads a day: on a Sunday, Friday's rates, and
/// the line says so; a day with a publication is read as it is.
#[test]
fn on_a_sunday_today_reads_fridays_rates_and_says_so() {
    let env = env_with_ecb_days();
    assert_eq!(
        env.run_at("2024-06-30", &["show", "USD", "GBP"])
            .expect("show"),
        "ecb rates for 2024-06-28 (the newest day on or before 2024-06-30), 1 EUR =\n\
         QUOTE     RATE\n\
         USD    1.0705\n\
         GBP    0.84638"
    );
    assert_eq!(
        env.run_at("2024-06-30", &["show", "USD", "--format", "csv"])
            .expect("show"),
        "date,source,base,quote,rate,unit,series\n2024-06-28,ecb,EUR,USD,1.0705,1,mid"
    );
    assert_eq!(
        env.run_at("2024-06-30", &["show", "USD", "--format", "value"])
            .expect("show"),
        "1.0705"
    );
    // A symbol the Friday lacks names the day read and the day asked for.
    let err = env
        .run_at("2024-06-30", &["show", "CHF"])
        .expect_err("no CHF");
    assert_eq!(
        fxrates::error::exit_code(&err),
        fxrates::error::Exit::NoRates
    );
    assert_eq!(
        format!("{err:#}"),
        "no CHF rate stored by ecb for 2024-06-28 (the newest day on or before 2024-06-30)"
    );
    assert_eq!(
        env.run_at("2024-06-28", &["show", "USD"]).expect("show"),
        "ecb rates for 2024-06-28, 1 EUR =\n\
         QUOTE    RATE\n\
         USD    1.0705"
    );
}

#[test]
fn a_symbol_without_a_rate_is_named_with_the_day() {
    let env = env_with_ecb_days();
    assert_refused(
        &env,
        &["show", "USD", "XYZ", "ABC", "--date", "2024-06-28"],
        7,
        "no XYZ, ABC rate stored by ecb for 2024-06-28",
    );
    assert_refused(
        &env,
        &["show", "CHF", "--date", "2024-06-29", "--format", "value"],
        7,
        "no CHF rate stored by ecb for 2024-06-28 (the newest day on or before 2024-06-29)",
    );
    assert_refused(
        &env,
        &["show", "USD", "--base", "XYZ", "--date", "2024-06-28"],
        7,
        "no XYZ rate stored by ecb for 2024-06-28",
    );
}

#[test]
fn malformed_symbols_and_flags_are_usage_errors() {
    let env = env_with_ecb_days();
    for (args, expected) in [
        (&["show", "US1"][..], "invalid currency code \"US1\""),
        (&["show", "USDX"][..], "invalid currency code \"USDX\""),
        (&["show", "USD", "--base", "€"][..], "invalid currency code"),
        (&["show", "USD", "--date", "2024-02-30"][..], "invalid date"),
        (
            &["show", "USD", "--date", "2999-01-01"][..],
            "--date 2999-01-01 is in the future",
        ),
        (
            &["show", "USD", "--format", "xml"][..],
            "invalid value 'xml'",
        ),
        (&["show", "USD", "--chart"][..], "--from <YYYY-MM-DD>"),
    ] {
        env.fxrates()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(expected));
    }
}

#[test]
fn the_history_of_one_symbol_in_each_format() {
    let env = env_with_ecb_days();
    let range = ["--from", "2024-06-22", "--to", "2024-06-26"];

    let mut args = vec!["show", "USD"];
    args.extend(range);
    assert_eq!(
        stdout_of(&env, &args),
        "ecb USD per 1 EUR, 2024-06-24 to 2024-06-26: 3 days (asked for 2024-06-22 to 2024-06-26)\n\
         DATE          RATE\n\
         2024-06-24  1.0716\n\
         2024-06-25  1.0716\n\
         2024-06-26  1.0727\n"
    );
    args.extend(["--format", "csv"]);
    assert_eq!(
        stdout_of(&env, &args),
        "date,source,base,quote,rate,unit,series\n\
         2024-06-24,ecb,EUR,USD,1.0716,1,mid\n\
         2024-06-25,ecb,EUR,USD,1.0716,1,mid\n\
         2024-06-26,ecb,EUR,USD,1.0727,1,mid\n"
    );
    let mut args = vec!["show", "EUR", "--base", "USD", "--format", "json"];
    args.extend(range);
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&env, &args)).expect("JSON");
    // 1/1.0716 = 0.93318402…, 1/1.0727 = 0.93222709…
    assert_eq!(
        json,
        serde_json::json!({
            "source": "ecb", "series": "mid", "official": true, "base": "USD", "quote": "EUR",
            "from": "2024-06-22", "to": "2024-06-26",
            "rates": [
                {"date": "2024-06-24", "rate": "0.933184", "unit": 1, "computed": true},
                {"date": "2024-06-25", "rate": "0.933184", "unit": 1, "computed": true},
                {"date": "2024-06-26", "rate": "0.932227", "unit": 1, "computed": true},
            ],
        })
    );

    assert_refused(
        &env,
        &["show", "USD", "--from", "2024-01-01", "--to", "2024-01-31"],
        7,
        "no rates stored from 2024-01-01 to 2024-01-31",
    );
    // --to defaults to today.
    let today = RealToday::read();
    let output = env
        .fxrates()
        .args(["show", "CHF", "--from", "2024-06-01"])
        .output()
        .expect("run show");
    assert_eq!(output.status.code(), Some(7), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    today.assert_answer(&String::from_utf8_lossy(&output.stderr), |day| {
        format!("error: no CHF rate stored by ecb from 2024-06-01 to {day}\n")
    });
}

#[test]
fn history_flags_that_do_not_fit_are_usage_errors() {
    let env = env_with_ecb_days();
    for (args, expected) in [
        (
            &["show", "USD", "GBP", "--from", "2024-06-01"][..],
            "--from shows the history of exactly one SYMBOL",
        ),
        (
            &["show", "--from", "2024-06-01"][..],
            "--from shows the history of exactly one SYMBOL",
        ),
        (
            &["show", "USD", "--from", "2024-06-02", "--to", "2024-06-01"][..],
            "--from 2024-06-02 is after --to 2024-06-01",
        ),
        (
            &["show", "USD", "--from", "2024-06-01", "--format", "value"][..],
            "--format value prints one rate: use table, csv or json with --from",
        ),
        (
            &[
                "show",
                "USD",
                "--from",
                "2024-06-01",
                "--chart",
                "--format",
                "csv",
            ][..],
            "--chart draws instead of a table and cannot be combined with --format csv",
        ),
    ] {
        assert_refused(&env, args, 2, expected);
    }
}

#[test]
fn the_chart_fills_the_terminal_width_and_labels_min_max_and_last() {
    let env = env_with_ecb_days();
    let output = env
        .fxrates()
        .args([
            "show",
            "USD",
            "--from",
            "2024-05-27",
            "--to",
            "2024-06-28",
            "--chart",
        ])
        .env_remove("COLUMNS")
        .output()
        .expect("run");
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = out.lines().collect();
    let stored_min = scalar(
        &mut env.client(),
        "SELECT min(rate) FROM rates WHERE quote = 'USD'",
    );
    let stored_max = scalar(
        &mut env.client(),
        "SELECT max(rate) FROM rates WHERE quote = 'USD'",
    );
    assert_eq!(
        lines[0],
        "ecb USD per 1 EUR, 2024-05-27 to 2024-06-28: 25 days"
    );
    // Ten plot rows, axis, dates, then min/max/last.
    assert!(
        lines[1]
            .trim_start()
            .starts_with(&format!("{stored_max} ┤")),
        "{out}"
    );
    assert!(
        lines[10]
            .trim_start()
            .starts_with(&format!("{stored_min} ┤")),
        "{out}"
    );
    assert!(
        lines[12].contains("2024-05-27") && lines[12].ends_with("2024-06-28"),
        "{out}"
    );
    // At 80 columns the three facts share the last line.
    let facts = lines[13];
    assert!(facts.starts_with(&format!("min {stored_min} (")), "{out}");
    assert!(facts.contains(&format!("  max {stored_max} (")), "{out}");
    assert!(facts.ends_with("  last 1.0705 (2024-06-28)"), "{out}");
    assert_eq!(lines.len(), 14, "{out}");
    // The default width is 80 when stdout is not a terminal and COLUMNS is unset.
    for line in &lines[1..] {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    assert_eq!(lines[1].chars().count(), 80, "{out}");
    assert!(
        lines[1..11]
            .iter()
            .any(|l| l.contains(|c| ('\u{2801}'..='\u{28ff}').contains(&c)))
    );
}

#[test]
fn the_chart_header_names_the_days_drawn_and_the_range_asked_for() {
    let env = env_with_ecb_days();
    let out = env
        .run_at(
            "2024-07-05",
            &["show", "USD", "--from", "2024-04-01", "--chart"],
        )
        .expect("show");
    let lines: Vec<&str> = out.lines().collect();
    // The fixtures start on 2024-05-27: the header said "2024-04-01 to <today>".
    assert_eq!(
        lines[0],
        "ecb USD per 1 EUR, 2024-05-27 to 2024-06-28: 25 days (asked for 2024-04-01 to 2024-07-05)"
    );
    assert!(
        lines[12].trim_start().starts_with("2024-05-27") && lines[12].ends_with("2024-06-28"),
        "{out}"
    );
    // One day drawn.
    let out = stdout_of(
        &env,
        &[
            "show",
            "USD",
            "--from",
            "2024-06-28",
            "--to",
            "2024-06-30",
            "--chart",
        ],
    );
    assert_eq!(
        out.lines().next(),
        Some("ecb USD per 1 EUR, 2024-06-28: 1 day (asked for 2024-06-28 to 2024-06-30)")
    );
}

#[test]
fn the_chart_follows_columns() {
    let env = env_with_ecb_days();
    let output = env
        .fxrates()
        .args([
            "show",
            "GBP",
            "--from",
            "2024-06-01",
            "--to",
            "2024-06-28",
            "--chart",
        ])
        .env("COLUMNS", "60")
        .output()
        .expect("run");
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + 10 + 2 + 3, "{out}");
    for (n, line) in lines[1..].iter().enumerate() {
        assert!(line.chars().count() <= 60, "line {n} too wide: {line:?}");
    }
    for row in &lines[1..11] {
        assert_eq!(row.chars().count(), 60, "{row:?}");
    }
    assert_eq!(lines[12].chars().count(), 60, "{out}");
    assert_eq!(lines[15], "last 0.84638 (2024-06-28)");
}

#[test]
fn the_provider_order_comes_first_then_any_source_with_rates() {
    let env = env_with_ecb_days();
    // A newer day from another source does not displace the ECB's.
    store_test_rates(&env, "2024-07-01", &[("USD", "1.5")]);
    // The ECB's Friday is still in force on the Monday.
    assert_eq!(
        stdout_of(
            &env,
            &["show", "USD", "--format", "value", "--date", "2024-07-01"]
        ),
        "1.0705\n"
    );
    assert_eq!(
        stdout_of(
            &env,
            &[
                "show",
                "USD",
                "--source",
                "test",
                "--format",
                "value",
                "--date",
                "2024-07-01"
            ]
        ),
        "1.5\n"
    );
    env.fxrates()
        .args(["show", "USD", "--format", "value", "--date", "2024-07-01"])
        .env("FXRATES_SOURCE", "test")
        .assert()
        .success()
        .stdout("1.5\n");
    // Before the ECB's first stored day, the other source answers.
    store_test_rates(&env, "2024-05-01", &[("USD", "1.25")]);
    assert_eq!(
        stdout_of(
            &env,
            &["show", "USD", "--date", "2024-05-02", "--format", "csv"]
        ),
        "date,source,base,quote,rate,unit,series\n2024-05-01,test,EUR,USD,1.25,1,mid\n"
    );
}

#[test]
fn without_source_the_order_of_fxrates_provider_decides() {
    let env = env_with_ecb_days();
    store_test_rates(&env, "2024-06-28", &[("USD", "1.0706")]);
    env.client()
        .execute(
            "UPDATE rates SET source = 'frankfurter' WHERE source = 'test'",
            &[],
        )
        .expect("move the test rates to frankfurter");
    for (providers, expected) in [
        ("frankfurter,ecb", "1.0706\n"),
        ("ecb,frankfurter", "1.0705\n"),
        ("frankfurter", "1.0706\n"),
    ] {
        env.fxrates()
            .args(["show", "USD", "--format", "value", "--date", "2024-06-28"])
            .env("FXRATES_PROVIDER", providers)
            .assert()
            .success()
            .stdout(expected);
    }
}

#[test]
fn show_reads_without_locks_and_writes_nothing() {
    let env = env_with_ecb_days();
    let mut holder = env.client();
    holder
        .batch_execute(
            "SELECT pg_advisory_lock(x'66787274'::int, hashtext('maintenance'));
             SELECT pg_advisory_lock(x'66787274'::int, hashtext('fetch ecb'))",
        )
        .expect("hold the locks");
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    let runs = scalar(&mut client, "SELECT count(*) FROM fetch_runs");

    env.fxrates()
        .args(["show", "USD", "--format", "value", "--date", "2024-06-28"])
        .env("FXRATES_LOCK_TIMEOUT", "1s")
        .assert()
        .success()
        .stdout("1.0705\n");

    assert_eq!(rates_checksum(&mut client), before);
    assert_eq!(scalar(&mut client, "SELECT count(*) FROM fetch_runs"), runs);
}

#[test]
fn a_database_without_the_schema_is_refused_with_the_hint() {
    let env = Env::new();
    env.fxrates()
        .args(["show", "USD"])
        .assert()
        .code(5)
        .stdout("")
        .stderr(contains("run `fxrates init-db` first"));
}

#[test]
fn a_failed_show_emails_like_any_failed_command() {
    let env = env_with_ecb_days();
    let smtp = SmtpServer::start();
    env.fxrates()
        .args(["show", "XYZ", "--date", "2024-06-28"])
        .env("FXRATES_SMTP_URL", smtp.url())
        .env("FXRATES_MAIL_TO", "ops@example.com")
        .assert()
        .code(7)
        .stdout("")
        .stderr("error: no XYZ rate stored by ecb for 2024-06-28\n");

    let mail = smtp
        .wait_for_mail(Duration::from_secs(10))
        .expect("a failure email");
    let subject = mail.header("Subject").expect("a subject");
    assert!(
        subject.starts_with("[fxrates] show failed on ")
            && subject.ends_with(": no XYZ rate stored by ecb for 2024-06-28"),
        "{subject}"
    );
    let body = mail.body();
    assert!(
        body.contains("\nExit code: 7 (no rate stored (show, convert))\n"),
        "{body}"
    );
    assert!(
        body.contains("\nHint: run `fxrates status` to see which days are stored"),
        "{body}"
    );
}

/// A provider whose figures are a blend (OXR's, Frankfurter v2's) is said
/// to be one wherever a line or a key can say it; a central bank's are not.
#[test]
fn blended_figures_are_labelled_as_no_official_rate() {
    let env = Env::with_schema();
    env.client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
               ('oxr', '2024-07-01', 'USD', 'EUR', 0.934345),
               ('oxr', '2024-07-02', 'USD', 'EUR', 0.936212)",
        )
        .expect("two OXR days");
    let oxr = |args: &[&str]| {
        let mut all = vec!["show", "--provider", "oxr"];
        all.extend(args);
        stdout_of(&env, &all)
    };
    assert_eq!(
        oxr(&["EUR", "--date", "2024-07-02"]),
        "oxr rates for 2024-07-02 (blended from several publishers, not an official rate), \
         1 USD =\n\
         QUOTE      RATE\n\
         EUR    0.936212\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&oxr(&["EUR", "--format", "json", "--date", "2024-07-02"]))
            .expect("JSON");
    assert_eq!(json["official"], false);
    assert_eq!(
        oxr(&["EUR", "--from", "2024-07-01", "--to", "2024-07-02"])
            .lines()
            .next(),
        Some(
            "oxr EUR per 1 USD, 2024-07-01 to 2024-07-02: 2 days \
             (blended from several publishers, not an official rate)"
        )
    );
    let json: serde_json::Value =
        serde_json::from_str(&oxr(&["EUR", "--from", "2024-07-01", "--format", "json"]))
            .expect("JSON");
    assert_eq!(json["official"], false);
    // convert says it too, after the day used.
    assert_eq!(
        stdout_of(
            &env,
            &[
                "convert",
                "100",
                "USD",
                "EUR",
                "--provider",
                "oxr",
                "--date",
                "2024-07-02"
            ]
        ),
        "100 USD = 93.62 EUR (rate 0.936212, oxr 2024-07-02; \
         blended from several publishers, not an official rate)\n"
    );
    // CSV keeps its columns; its source column names the provider.
    assert_eq!(
        oxr(&["EUR", "--date", "2024-07-02", "--format", "csv"]),
        "date,source,base,quote,rate,unit,series\n2024-07-02,oxr,USD,EUR,0.936212,1,mid\n"
    );
}
