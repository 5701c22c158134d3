//! `nbu` against a loopback mirror of the National Bank of Ukraine's
//! `exchange_site` API: every calendar day stored under the day its rates
//! take effect (weekends included), `units cc = rate UAH` as printed, the
//! bank metals skipped, `[]` for a range without rates.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored};

/// The request target of the days `from` to `to` (`YYYYMMDD`).
fn range(from: &str, to: &str) -> String {
    format!(
        "/nbu/NBU_Exchange/exchange_site?start={from}&end={to}&sort=exchangedate&order=asc&json"
    )
}

/// An environment with the schema and the recorded answer for
/// 2026-03-01..2026-03-16 routed at its exact request.
fn env() -> Env {
    Env::with_schema_answering(
        &range("20260301", "20260316"),
        "nbu/exchange_site-2026-03-01-2026-03-16.json",
    )
}

const WINDOW: [&str; 4] = ["--from", "2026-03-01", "--to", "2026-03-16"];

/// An answer of USD and EUR rows, one pair per `(DD.MM.YYYY, usd, eur)`.
fn answer(days: &[(&str, &str, &str)]) -> Reply {
    let rows: Vec<String> = days
        .iter()
        .flat_map(|(date, usd, eur)| {
            [("USD", 840, usd), ("EUR", 978, eur)].map(|(cc, r030, rate)| {
                format!(
                    r#"{{"exchangedate":"{date}","r030":{r030},"cc":"{cc}","txt":"","enname":"","rate":{rate},"units":1,"rate_per_unit":{rate},"group":"1","calcdate":"","special":null}}"#
                )
            })
        })
        .collect();
    Reply::ok_json(format!("[{}]", rows.join(",")))
}

#[test]
fn the_recorded_answer_is_stored_exactly_every_day_under_its_own_date() {
    let env = env();
    env.fetch("nbu")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("nbu: 16 days (2026-03-01..2026-03-16), 656 rates: 656 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.target, range("20260301", "20260316"));
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(env.http.targets().len(), 1);

    // 45 rows a day on 16 days; XAU, XAG, XPT and XPD are not currencies.
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "nbu"), 656);
    for (date, base, expected) in [
        ("2026-03-01", "USD", "1 USD UAH 43.2081"),
        ("2026-03-01", "THB", "10 THB UAH 13.9116"),
        ("2026-03-01", "VND", "1000 VND UAH 1.6565"),
        ("2026-03-01", "TND", "1 TND UAH 15.093"),
        ("2026-03-05", "HUF", "100 HUF UAH 13.1725"),
        ("2026-03-09", "KRW", "100 KRW UAH 2.942"),
        ("2026-03-16", "XDR", "1 XDR UAH 59.9627"),
        ("2026-03-16", "XAU", "NULL"),
    ] {
        assert_eq!(
            stored(&mut client, "nbu", date, base, "UAH"),
            expected,
            "{base} on {date}"
        );
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE quote <> 'UAH' OR base IN ('XAU', 'XAG', 'XPT', 'XPD')"
        ),
        "0"
    );
    // Set on Thursday 5 March, in force from Friday to Sunday: each of the
    // three days is a day of its own, not a fallback to the Friday.
    let weekend = "SELECT string_agg(rate_date || '=' || rate, ' ' ORDER BY rate_date) \
                   FROM rates WHERE source = 'nbu' AND base = 'USD' \
                   AND rate_date BETWEEN '2026-03-06' AND '2026-03-09'";
    assert_eq!(
        scalar(&mut client, weekend),
        "2026-03-06=43.8069 2026-03-07=43.8069 2026-03-08=43.8069 2026-03-09=43.7292"
    );
    let detail = "SELECT rate_date FROM fx_rate_detail('USD', 'UAH', '2026-03-08', 'nbu')";
    assert_eq!(scalar(&mut client, detail), "2026-03-08");
}

#[test]
fn a_rerun_rewrites_no_row() {
    let env = env();
    env.fetch("nbu").args(WINDOW).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "nbu", None);
    env.fetch("nbu").args(WINDOW).assert().success().stdout(
        "nbu: 16 days (2026-03-01..2026-03-16), 656 rates: 0 inserted, 0 updated, 656 unchanged\n",
    );
    assert_eq!(
        row_versions(&mut client, "nbu", None),
        before,
        "a row was rewritten"
    );
}

#[test]
fn catch_up_asks_only_for_the_days_after_the_newest_stored_one() {
    let env = env();
    env.fetch("nbu").args(WINDOW).assert().success();
    // Up to tomorrow: the NBU publishes a day's rates the day before.
    let next = range("20260317", "20260319");
    env.http.route_target(
        &next,
        answer(&[
            ("17.03.2026", "44.0718", "50.6311"),
            ("18.03.2026", "44.1025", "50.5860"),
        ]),
    );
    let out = env
        .run_at("2026-03-18", &["fetch", "--provider", "nbu"])
        .expect("catch-up");
    assert_eq!(
        out,
        "nbu: 2 days (2026-03-17..2026-03-18), 4 rates: 4 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.http.targets().last(), Some(&next));
    assert_eq!(env.http.targets().len(), 2);
    assert_eq!(
        stored(&mut env.client(), "nbu", "2026-03-18", "EUR", "UAH"),
        "1 EUR UAH 50.5860"
    );
}

/// The NBU publishes a day's rates the day before they take effect: the
/// latest day is looked for up to tomorrow.
#[test]
fn the_first_fetch_stores_the_newest_day_up_to_tomorrow() {
    let env = Env::with_schema();
    let week = range("20260308", "20260316");
    env.http.route_target(
        &week,
        answer(&[
            ("15.03.2026", "44.1381", "50.6661"),
            ("16.03.2026", "44.1381", "50.6661"),
        ]),
    );
    let out = env
        .run_at("2026-03-15", &["fetch", "--provider", "nbu"])
        .expect("latest");
    assert_eq!(
        out,
        "nbu: 1 day (2026-03-16), 2 rates: 2 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.http.targets(), [week]);
}

#[test]
fn long_ranges_are_asked_for_at_most_92_days_at_a_time() {
    let env = Env::with_schema();
    let spans = [
        ("20250101", "20250402"),
        ("20250403", "20250703"),
        ("20250704", "20251003"),
        ("20251004", "20251231"),
    ];
    for (from, to) in spans {
        env.http
            .route_target(&range(from, to), Reply::ok_json("[]"));
    }
    env.http.route_target(
        &range("20250704", "20251003"),
        answer(&[("01.10.2025", "41.2835", "48.4350")]),
    );
    let out = env
        .run_at(
            "2026-01-01",
            &[
                "fetch",
                "--provider",
                "nbu",
                "--from",
                "2025-01-01",
                "--to",
                "2025-12-31",
            ],
        )
        .expect("backfill");
    assert_eq!(
        out,
        "nbu: 1 day (2025-10-01), 2 rates: 2 inserted, 0 updated, 0 unchanged"
    );
    let asked: Vec<String> = spans.iter().map(|(from, to)| range(from, to)).collect();
    assert_eq!(env.http.targets(), asked);
}

#[test]
fn an_empty_array_is_nothing_published_but_no_latest_day_is_an_error() {
    let env = Env::with_schema();
    env.http
        .route("/nbu/NBU_Exchange/exchange_site", Reply::ok_json("[]"));
    env.fetch("nbu")
        .args(["--from", "2026-03-01", "--to", "2026-03-02"])
        .assert()
        .success()
        .stdout("nbu: no rates published from 2026-03-01 to 2026-03-02; nothing stored\n")
        .stderr("");
    env.fetch("nbu")
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "the answer holds no day of rates",
        ));
    assert_eq!(count_rates(&mut env.client(), "nbu"), 0);
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("nbu")
        .args(WINDOW)
        .args(["--symbols", "USD,JPY"])
        .assert()
        .success()
        .stdout("nbu: 16 days (2026-03-01..2026-03-16), 32 rates: 32 inserted, 0 updated, 0 unchanged\n");
    assert_eq!(
        stored(&mut env.client(), "nbu", "2026-03-06", "JPY", "UAH"),
        "10 JPY UAH 2.7825"
    );
}
