//! Metals priced per gram (series `per-gram`): read when named, never as a
//! mid, and out of every cross with a currency. The rows are BNR's recorded
//! figures of 2026-01-05 (RON per unit, gold per gram), stored by hand.

use crate::common::env::{Env, scalar};

fn bnr() -> Env {
    let env = Env::with_schema();
    env.client()
        .batch_execute(
            "INSERT INTO fx_sources VALUES ('bnr', 'RON') ON CONFLICT DO NOTHING;
             INSERT INTO rates (source, rate_date, base, quote, rate, series) VALUES
                 ('bnr', '2026-01-05', 'EUR', 'RON', 5.0852, 'mid'),
                 ('bnr', '2026-01-05', 'USD', 'RON', 4.3446, 'mid'),
                 ('bnr', '2026-01-05', 'XAU', 'RON', 621.3365, 'per-gram'),
                 ('bnr', '2026-01-05', 'XAG', 'RON', 10.2345, 'per-gram');",
        )
        .expect("BNR's day");
    env
}

#[test]
fn a_price_per_gram_is_read_when_named_and_never_crossed_with_a_currency() {
    let env = bnr();
    let mut client = env.client();
    let answers = scalar(
        &mut client,
        "SELECT concat_ws(' ',
                fx_rate('XAU', 'RON', '2026-01-05', 'bnr', 'per-gram'),
                coalesce(fx_rate('XAU', 'RON', '2026-01-05', 'bnr')::text, '-'),
                coalesce(fx_rate('XAU', 'EUR', '2026-01-05', 'bnr', 'per-gram')::text, '-'),
                coalesce(fx_rate('XAU', 'USD', '2026-01-06', 'bnr', 'per-gram')::text, '-'),
                fx_rate('USD', 'EUR', '2026-01-05', 'bnr'),
                fx_convert(10, 'XAU', 'RON', '2026-01-05', 'bnr', 'per-gram'))",
    );
    assert_eq!(
        answers, "621.3365 - - - 0.85436167702351923228 6213.3650",
        "gold per gram, no mid of gold, no gold in euros, the mid untouched"
    );
    // fx_daily lists the metal in its own series only.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(DISTINCT series, ',') FROM fx_daily
              WHERE source = 'bnr' AND 'XAU' IN (base, quote)"
        ),
        "per-gram"
    );

    env.fxrates()
        .args(["show", "XAU", "--source", "bnr", "--series", "per-gram"])
        .args(["--date", "2026-01-05"])
        .assert()
        .success()
        .stdout(
            "bnr per-gram rates for 2026-01-05, 1 XAU =\n\
             QUOTE      RATE\n\
             RON    621.3365\n",
        );
}

#[test]
fn the_schema_refuses_a_price_per_gram_of_a_currency() {
    let env = bnr();
    let before = scalar(&mut env.client(), "SELECT count(*) FROM rates");
    let err = env
        .client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate, series)
             VALUES ('bnr', '2026-01-06', 'USD', 'RON', 4.35, 'per-gram')",
        )
        .expect_err("USD per gram");
    let db = err.as_db_error().expect("a database error");
    assert_eq!(db.constraint(), Some("rates_per_gram_metal"));
    assert_eq!(
        scalar(&mut env.client(), "SELECT count(*) FROM rates"),
        before
    );
}
