//! `fxrates convert AMOUNT FROM TO` against a real PostgreSQL: the amount,
//! the rate and the day used, hand-computed; the amount rounded to the
//! currency's minor unit; the fallback to the newest day before a day
//! without publication; and every refusal with its exit code.

use crate::common::env::{Env, scalar};
use crate::common::pg::rates_checksum;
use crate::conformance::case::recorded;
use crate::conformance::cases::nbu;
use predicates::str::contains;

/// The ECB fixtures 2024-05-27..2024-06-28 (USD, JPY, GBP, HUF).
fn env_with_ecb_days() -> Env {
    let env = Env::with_schema();
    env.run_at("2024-06-28", &["fetch", "--from", "2024-05-27"])
        .expect("fetch the fixtures");
    env
}

/// Runs `convert` with `args` as if today were 2024-06-28, the newest
/// day of the ECB fixtures, and expects the line `expected`.
fn converts(env: &Env, args: &[&str], expected: &str) {
    converts_on(env, "2024-06-28", args, expected);
}

/// Runs `convert` with `args` as if today were `today`, and expects the
/// line `expected`.
fn converts_on(env: &Env, today: &str, args: &[&str], expected: &str) {
    let mut full = vec!["convert"];
    full.extend(args);
    assert_eq!(env.run_at(today, &full).expect("converts"), expected);
}

#[test]
fn an_amount_converts_at_the_stored_rate() {
    let env = env_with_ecb_days();
    // 100 × 1.0705 = 107.05: the stored rate, shown as stored.
    converts(
        &env,
        &["100", "EUR", "USD"],
        "100 EUR = 107.05 USD (rate 1.0705, ecb 2024-06-28)",
    );
    // -20 × 0.84638 = -16.9276: a credit note converts too.
    converts(
        &env,
        &["-20", "eur", "gbp"],
        "-20 EUR = -16.93 GBP (rate 0.84638, ecb 2024-06-28)",
    );
    converts(
        &env,
        &["12.50", "EUR", "EUR"],
        "12.50 EUR = 12.50 EUR (rate 1, ecb 2024-06-28)",
    );
}

#[test]
fn a_cross_conversion_uses_the_unrounded_rate() {
    let env = env_with_ecb_days();
    // 100 / 1.0705 = 93.41429…; the rate 1/1.0705 = 0.93414292… shows as 0.934143.
    converts(
        &env,
        &["100", "USD", "EUR"],
        "100 USD = 93.41 EUR (rate 0.934143, ecb 2024-06-28)",
    );
    // 1 000 000 × 171.94 / 1.0705 = 160 616 534.3297…; × 160.617 would give
    // 160 617 000. The yen has no decimal places.
    converts(
        &env,
        &["1000000", "USD", "JPY"],
        "1000000 USD = 160616534 JPY (rate 160.617, ecb 2024-06-28)",
    );
}

/// The NBU's recorded fortnight, 2026-03-01..16: UAH against 41 currencies,
/// per 1, 10, 100 or 1000 units, the SDR among them.
fn env_with_nbu_days() -> Env {
    let env = recorded("nbu", &nbu::case());
    env.fetch("nbu")
        .args(["--from", "2026-03-01", "--to", "2026-03-16"])
        .assert()
        .success();
    env
}

/// Regression: every amount was rounded to 2 decimal places, `1000 UAH =
/// 3598.29 JPY` and `= 66.49 TND`.
#[test]
fn an_amount_has_the_decimal_places_of_its_currency() {
    let env = env_with_nbu_days();
    let on = ["--source", "nbu", "--date", "2026-03-05"];
    for (args, expected) in [
        // 1000 × 10 / 2.7791 = 3598.2872…
        (
            ["1000", "UAH", "JPY"],
            "1000 UAH = 3598 JPY (rate 3.59829, nbu 2026-03-05)",
        ),
        // 1000 × 100 / 2.9762 = 33599.8924…
        (
            ["1000", "UAH", "KRW"],
            "1000 UAH = 33600 KRW (rate 33.5999, nbu 2026-03-05)",
        ),
        // 1000 × 1000 / 1.6676 = 599664.1880…
        (
            ["1000", "UAH", "VND"],
            "1000 UAH = 599664 VND (rate 599.664, nbu 2026-03-05)",
        ),
        // 1000 / 15.0401 = 66.48891962…: three places, the millime.
        (
            ["1000", "UAH", "TND"],
            "1000 UAH = 66.489 TND (rate 0.0664889, nbu 2026-03-05)",
        ),
        // 1 × 59.7033, in UAH's two places.
        (
            ["1", "XDR", "UAH"],
            "1 XDR = 59.70 UAH (rate 59.7033, nbu 2026-03-05)",
        ),
        // 2 × 15.0401 × 10 / 2.7791 = 108.2371…, at the unrounded cross rate.
        (
            ["2", "TND", "JPY"],
            "2 TND = 108 JPY (rate 54.1186, nbu 2026-03-05)",
        ),
    ] {
        let mut full = args.to_vec();
        full.extend(on);
        converts_on(&env, "2026-03-16", &full, expected);
    }
}

/// The SDR has no minor unit: the amount is shown as multiplied, the
/// figure `fx_convert` returns, and the line says it is unrounded.
#[test]
fn an_amount_in_a_currency_without_a_minor_unit_is_not_rounded_and_says_so() {
    let env = env_with_nbu_days();
    let sql = scalar(
        &mut env.client(),
        "fx_convert(1000, 'UAH', 'XDR', '2026-03-05', 'nbu')",
    );
    // 1000 / 59.7033 = 16.74949…, to every place the division gave.
    assert!(sql.starts_with("16.74949"), "{sql}");
    assert!(sql.len() > "16.74949".len() + 8, "{sql}");
    converts_on(
        &env,
        "2026-03-16",
        &[
            "1000",
            "UAH",
            "XDR",
            "--source",
            "nbu",
            "--date",
            "2026-03-05",
        ],
        &format!(
            "1000 UAH = {sql} XDR (rate 0.0167495, nbu 2026-03-05; unrounded: XDR has no minor unit)"
        ),
    );
}

#[test]
fn a_day_without_publication_uses_the_day_before_and_says_so() {
    let env = env_with_ecb_days();
    // Saturday 2024-06-22: Friday's 1.0727.
    converts(
        &env,
        &["100", "EUR", "USD", "--date", "2024-06-22"],
        "100 EUR = 107.27 USD (rate 1.0727, ecb 2024-06-21, the newest day on or before 2024-06-22)",
    );
    converts(
        &env,
        &["100", "EUR", "USD", "--date", "2024-06-21"],
        "100 EUR = 107.27 USD (rate 1.0727, ecb 2024-06-21)",
    );
}

/// Without --date the day asked for is today: on a Sunday, Friday's rate,
/// and the line says so, as `--date <Sunday>` does.
#[test]
fn on_a_sunday_today_converts_at_fridays_rate_and_says_so() {
    let env = env_with_ecb_days();
    assert_eq!(
        env.run_at("2024-06-30", &["convert", "100", "EUR", "USD"])
            .expect("converts"),
        "100 EUR = 107.05 USD (rate 1.0705, ecb 2024-06-28, the newest day on or before 2024-06-30)"
    );
}

#[test]
fn refusals_exit_with_their_code_and_change_nothing() {
    let empty = Env::with_schema();
    empty
        .fxrates()
        .args(["convert", "100", "EUR", "USD"])
        .assert()
        .code(7)
        .stdout("")
        .stderr("error: no rates stored yet: run `fxrates fetch`\n");

    let env = env_with_ecb_days();
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    for (args, code, expected) in [
        (
            &["100", "EUR", "XYZ", "--date", "2024-06-28"][..],
            7,
            "error: no XYZ rate stored by ecb for 2024-06-28\n",
        ),
        (
            &["100", "XYZ", "EUR", "--date", "2024-06-28"][..],
            7,
            "error: no XYZ rate stored by ecb for 2024-06-28\n",
        ),
        (
            &["100", "EUR", "USD", "--date", "2024-05-25"][..],
            7,
            "error: no rates in force on 2024-05-25 (none stored from 2024-05-15 to 2024-05-25)\n",
        ),
    ] {
        let mut full = vec!["convert"];
        full.extend(args);
        env.fxrates()
            .args(&full)
            .assert()
            .code(code)
            .stdout("")
            .stderr(expected);
    }
    for (args, expected) in [
        // 10^25 × 395.10 fits a decimal only with 1 place, not HUF's 2.
        (
            &["10000000000000000000000000", "EUR", "HUF"][..],
            "amount 10000000000000000000000000 is too large to convert",
        ),
        (
            &["1000000000000000000000000000", "EUR", "JPY"][..],
            "amount 1000000000000000000000000000 is too large to convert",
        ),
        (
            &["10000000000000000000000000000000", "EUR", "JPY"][..],
            "amount 10000000000000000000000000000000 is too large to convert",
        ),
        (&["1e3", "EUR", "USD"][..], "invalid amount \"1e3\""),
        (&["1,000", "EUR", "USD"][..], "invalid amount \"1,000\""),
        (&["+5", "EUR", "USD"][..], "invalid amount \"+5\""),
        (
            &["100", "EURO", "USD"][..],
            "invalid currency code \"EURO\"",
        ),
        (&["100", "EUR"][..], "<TO>"),
        (
            &["100", "EUR", "USD", "--date", "2999-01-01"][..],
            "--date 2999-01-01 is in the future",
        ),
    ] {
        let mut full = vec!["convert"];
        full.extend(args);
        // An amount is refused at the rate of a day with rates in force.
        if !args.contains(&"--date") {
            full.extend(["--date", "2024-06-28"]);
        }
        env.fxrates()
            .args(&full)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(expected));
    }
    assert_eq!(rates_checksum(&mut client), before);
}
