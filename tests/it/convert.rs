//! `fxrates convert AMOUNT FROM TO` against a real PostgreSQL: the amount,
//! the rate and the day used, hand-computed; the fallback to the newest day
//! before a day without publication; and every refusal with its exit code.

use crate::common::env::Env;
use crate::common::pg::rates_checksum;
use predicates::str::contains;

/// The ECB fixtures 2024-05-27..2024-06-28 (USD, JPY, GBP, HUF).
fn env_with_ecb_days() -> Env {
    let env = Env::with_schema();
    env.run_at("2024-06-28", &["fetch", "--from", "2024-05-27"])
        .expect("fetch the fixtures");
    env
}

/// Runs `convert` with `args` as if today were 2024-06-28, the newest
/// day of the fixtures, and expects the line `expected`.
fn converts(env: &Env, args: &[&str], expected: &str) {
    let mut full = vec!["convert"];
    full.extend(args);
    assert_eq!(env.run_at("2024-06-28", &full).expect("converts"), expected);
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
    // 1 000 000 × 171.94 / 1.0705 = 160 616 534.3297…; × 160.617 would give 160 617 000.
    converts(
        &env,
        &["1000000", "USD", "JPY"],
        "1000000 USD = 160616534.33 JPY (rate 160.617, ecb 2024-06-28)",
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
        // 10^25 × 171.94 fits a decimal only with 1 place, not the 2 shown.
        (
            &["10000000000000000000000000", "EUR", "JPY"][..],
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
