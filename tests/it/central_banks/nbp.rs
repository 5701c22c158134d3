//! `nbp` against a loopback mirror of its API: the recorded tables
//! 041–044/A/NBP/2026 (2026-03-02..05) stored exactly, with their numbers.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored};

/// The mirror's path of the range `from..=to` of table A.
fn range(from: &str, to: &str) -> String {
    format!("/nbp/exchangerates/tables/A/{from}/{to}/")
}

/// The recorded window, as the NBP answers it.
const WINDOW: [&str; 4] = ["--from", "2026-03-01", "--to", "2026-03-05"];

/// An environment with the schema and the recorded window routed.
fn env() -> Env {
    let env = Env::with_schema();
    env.http.route(
        &range("2026-03-01", "2026-03-05"),
        Reply::file("nbp/2026-03-01..2026-03-05.json"),
    );
    env
}

#[test]
fn the_recorded_tables_are_stored_exactly_with_their_numbers() {
    let env = env();
    env.fetch("nbp")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("nbp: 4 days (2026-03-02..2026-03-05), 128 rates: 128 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(
        env.http.targets(),
        [format!("{}?format=json", range("2026-03-01", "2026-03-05"))]
    );
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "nbp"), 128);
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE source <> 'nbp'"
        ),
        "0"
    );
    // Every row is `1 foreign = rate PLN`, as table A prints it.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE quote = 'PLN' AND unit = 1 AND base <> 'PLN'"
        ),
        "128"
    );
    for (date, code, expected) in [
        ("2026-03-02", "USD", "1 USD PLN 3.6056"),
        ("2026-03-02", "CAD", "1 CAD PLN 2.6410"),
        ("2026-03-02", "RON", "1 RON PLN 0.8300"),
        ("2026-03-02", "HUF", "1 HUF PLN 0.011155"),
        ("2026-03-02", "XDR", "1 XDR PLN 4.9266"),
        ("2026-03-05", "EUR", "1 EUR PLN 4.2739"),
        ("2026-03-05", "JPY", "1 JPY PLN 0.023397"),
    ] {
        assert_eq!(
            stored(&mut client, "nbp", date, code, "PLN"),
            expected,
            "{date} {code}"
        );
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(rate_date || ' ' || reference, ', ' ORDER BY rate_date) \
             FROM publications WHERE source = 'nbp'"
        ),
        "2026-03-02 041/A/NBP/2026, 2026-03-03 042/A/NBP/2026, \
         2026-03-04 043/A/NBP/2026, 2026-03-05 044/A/NBP/2026"
    );
}

#[test]
fn a_rerun_rewrites_nothing() {
    let env = env();
    env.fetch("nbp").args(WINDOW).assert().success();
    let references = "SELECT string_agg(xmin::text || fetched_at::text, ',' ORDER BY rate_date) \
                      FROM publications";
    let mut client = env.client();
    let before = (
        row_versions(&mut client, "nbp", None),
        scalar(&mut client, references),
    );

    env.fetch("nbp").args(WINDOW).assert().success().stdout(
        "nbp: 4 days (2026-03-02..2026-03-05), 128 rates: 0 inserted, 0 updated, 128 unchanged\n",
    );
    let after = (
        row_versions(&mut client, "nbp", None),
        scalar(&mut client, references),
    );
    assert_eq!(after, before, "a row was rewritten");
}

#[test]
fn a_catch_up_asks_only_for_the_days_after_the_newest_table() {
    let env = env();
    env.fetch("nbp").args(WINDOW).assert().success();
    env.requested();
    let later = range("2026-03-06", "2026-03-09");
    env.http
        .route(&later, Reply::file("nbp/2026-03-06..2026-03-09.json"));

    let out = env
        .run_at("2026-03-09", &["fetch", "--provider", "nbp"])
        .expect("catch-up");
    assert_eq!(
        out,
        "nbp: 2 days (2026-03-06..2026-03-09), 6 rates: 6 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.requested(), [later]);
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "nbp"), 128 + 6);
    assert_eq!(
        stored(&mut client, "nbp", "2026-03-09", "XDR", "PLN"),
        "1 XDR PLN 5.0098"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT reference FROM publications WHERE rate_date = '2026-03-09'"
        ),
        "046/A/NBP/2026"
    );
}

#[test]
fn a_404_for_a_range_without_a_table_stores_nothing_and_succeeds() {
    let env = Env::with_schema();
    // Easter Saturday to Easter Monday 2026: no table.
    let easter = range("2026-04-04", "2026-04-06");
    env.http.route(
        &easter,
        Reply::Body {
            status: 404,
            content_type: "text/plain; charset=utf-8",
            body: b"404 NotFound - Not Found - Brak danych".to_vec(),
        },
    );
    env.fetch("nbp")
        .args(["--from", "2026-04-04", "--to", "2026-04-06"])
        .assert()
        .success()
        .stdout("nbp: no rates published from 2026-04-04 to 2026-04-06; nothing stored\n")
        .stderr("");
    assert_eq!(env.requested(), [easter]);
    assert_eq!(count_rates(&mut env.client(), "nbp"), 0);
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("nbp")
        .args(WINDOW)
        .args(["--symbols", "USD,XDR"])
        .assert()
        .success()
        .stdout(
            "nbp: 4 days (2026-03-02..2026-03-05), 8 rates: 8 inserted, 0 updated, 0 unchanged\n",
        );
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(DISTINCT base, ',') FROM rates WHERE source = 'nbp'"
        ),
        "USD,XDR"
    );
}

#[test]
fn a_long_backfill_is_asked_for_in_spans_of_93_days() {
    let env = Env::with_schema();
    let out = env
        .run_at(
            "2026-03-09",
            &[
                "fetch",
                "--provider",
                "nbp",
                "--from",
                "2025-10-01",
                "--to",
                "2026-03-05",
            ],
        )
        .expect("nothing in the spans is not an error");
    assert_eq!(
        out,
        "nbp: no rates published from 2025-10-01 to 2026-03-05; nothing stored"
    );
    assert_eq!(
        env.requested(),
        [
            range("2025-10-01", "2026-01-01"),
            range("2026-01-02", "2026-03-05"),
        ]
    );
}

/// A Polish invoice quotes the table: `show` names it, for a weekend day
/// too (the Friday's table), and JSON carries it as `reference`.
#[test]
fn show_names_the_table_and_the_pair_as_printed() {
    let env = env();
    env.fetch("nbp").args(WINDOW).assert().success();
    env.fxrates()
        .args([
            "show",
            "USD",
            "EUR",
            "--provider",
            "nbp",
            "--date",
            "2026-03-04",
        ])
        .assert()
        .success()
        .stdout(
            "nbp rates for 2026-03-04, 043/A/NBP/2026\n\
             AMOUNT     RATE  IN\n\
             1 USD =  3.6770  PLN\n\
             1 EUR =  4.2685  PLN\n",
        );
    let json = env
        .fxrates()
        .args(["show", "USD", "--provider", "nbp", "--format", "json"])
        .output()
        .expect("show runs");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["date"], "2026-03-05");
    assert_eq!(json["reference"], "044/A/NBP/2026");
    assert_eq!(
        json["pairs"],
        serde_json::json!([{
            "base": "USD", "quote": "PLN", "unit": 1,
            "rate": "3.6771", "per_unit": "3.6771", "computed": false,
        }])
    );
}
