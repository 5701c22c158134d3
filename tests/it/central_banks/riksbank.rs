//! `riksbank` against a loopback mirror of its API: group 130 of SWEA, at
//! most 365 days per request, `SEK{ISO}PMI` stored as `1 ISO = value SEK`,
//! `204 No Content` for a window without publication.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum, row_versions, stored};

/// The mirror path of a range of group 130.
fn range(from: &str, to: &str) -> String {
    format!("/riksbank/Observations/ByGroup/130/{from}/{to}")
}

/// An environment with the schema and the recorded week answering its range.
fn env() -> Env {
    Env::with_schema_answering(
        &range("2026-03-24", "2026-03-28"),
        "riksbank/2026-03-24-2026-03-28.json",
    )
}

const WINDOW: [&str; 4] = ["--from", "2026-03-24", "--to", "2026-03-28"];

#[test]
fn the_recorded_week_is_stored_exactly_as_printed() {
    let env = env();
    env.fetch("riksbank")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("riksbank: 4 days (2026-03-24..2026-03-27), 116 rates: 116 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.target, range("2026-03-24", "2026-03-28"));
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(env.requested(), [range("2026-03-24", "2026-03-28")]);

    // 120 rows: 29 currencies and SEKETT (not a rate) on each of 4 days.
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "riksbank"), 116);
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE quote <> 'SEK' OR unit <> 1 OR base = 'ETT'"
        ),
        "0"
    );
    for (day, base, expected) in [
        ("2026-03-24", "AUD", "1 AUD SEK 6.5"),
        ("2026-03-24", "USD", "1 USD SEK 9.35344"),
        ("2026-03-24", "IDR", "1 IDR SEK 0.00055"),
        ("2026-03-24", "JPY", "1 JPY SEK 0.05885"),
        ("2026-03-24", "EUR", "1 EUR SEK 10.8238"),
        ("2026-03-27", "AUD", "1 AUD SEK 6.5017"),
    ] {
        assert_eq!(
            stored(&mut client, "riksbank", day, base, "SEK"),
            expected,
            "{day} {base}"
        );
    }
}

#[test]
fn a_rerun_rewrites_nothing() {
    let env = env();
    env.fetch("riksbank").args(WINDOW).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "riksbank", None);
    let checksum = rates_checksum(&mut client);
    env.fetch("riksbank")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("riksbank: 4 days (2026-03-24..2026-03-27), 116 rates: 0 inserted, 0 updated, 116 unchanged\n");
    assert_eq!(
        row_versions(&mut client, "riksbank", None),
        before,
        "a row was rewritten"
    );
    assert_eq!(rates_checksum(&mut client), checksum);
}

#[test]
fn a_catch_up_asks_only_for_the_days_after_the_newest_stored_one() {
    let env = env();
    env.fetch("riksbank").args(WINDOW).assert().success();
    let later = range("2026-03-28", "2026-03-31");
    env.http
        .route(&later, Reply::file("riksbank/2026-03-30-2026-03-31.json"));
    env.http.take_requests();

    let out = env
        .run_at("2026-03-31", &["fetch", "--provider", "riksbank"])
        .expect("catch-up");
    assert_eq!(
        out,
        "riksbank: 2 days (2026-03-30..2026-03-31), 6 rates: 6 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.requested(), [later]);
    assert_eq!(count_rates(&mut env.client(), "riksbank"), 122);
    assert_eq!(
        stored(&mut env.client(), "riksbank", "2026-03-31", "JPY", "SEK"),
        "1 JPY SEK 0.0589"
    );
}

#[test]
fn the_first_run_takes_the_newest_day_of_the_latest_answer() {
    let env = Env::with_schema();
    let latest = "/riksbank/Observations/Latest/ByGroup/130";
    // Closed series answer with their last, old, observation.
    env.http.route(
        latest,
        Reply::ok_json(
            r#"[{"seriesId":"SEKATSPMI","date":"1998-12-30","value":0.6741},{"seriesId":"SEKETT","date":"2026-03-27","value":1},{"seriesId":"SEKEURPMI","date":"2026-03-27","value":10.8315},{"seriesId":"SEKUSDPMI","date":"2026-03-27","value":9.4021}]"#,
        ),
    );
    env.fetch("riksbank")
        .assert()
        .success()
        .stdout("riksbank: 1 day (2026-03-27), 2 rates: 2 inserted, 0 updated, 0 unchanged\n");
    assert_eq!(env.requested(), [latest]);
}

#[test]
fn no_content_is_nothing_published() {
    let env = Env::with_schema();
    let weekend = range("2026-03-28", "2026-03-29");
    env.http.route(
        &weekend,
        Reply::Body {
            status: 204,
            content_type: "application/json",
            body: Vec::new(),
        },
    );
    env.fetch("riksbank")
        .args(["--from", "2026-03-28", "--to", "2026-03-29"])
        .assert()
        .success()
        .stdout("riksbank: no rates published from 2026-03-28 to 2026-03-29; nothing stored\n")
        .stderr("");
    assert_eq!(env.requested(), [weekend]);
    assert_eq!(count_rates(&mut env.client(), "riksbank"), 0);
}

/// Only the 204 status means "nothing published": a 200 without a body is a
/// broken answer, refused whole.
#[test]
fn an_empty_200_is_refused_not_taken_for_nothing_published() {
    let env = Env::with_schema();
    let weekend = range("2026-03-28", "2026-03-29");
    env.http.route(&weekend, Reply::ok_json(String::new()));
    env.fetch("riksbank")
        .args(["--from", "2026-03-28", "--to", "2026-03-29"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains("the JSON document ends early"));
    assert_eq!(count_rates(&mut env.client(), "riksbank"), 0);
}

#[test]
fn long_ranges_are_asked_for_at_most_365_days_at_a_time() {
    let env = Env::with_schema();
    let chunks = [
        ("2023-01-01", "2023-12-31", "2023-12-29", "10.0416"),
        ("2024-01-01", "2024-06-30", "2024-06-28", "10.5957"),
    ];
    for (from, to, day, usd) in chunks {
        env.http.route(
            &range(from, to),
            Reply::ok_json(format!(
                r#"[{{"seriesId":"SEKUSDPMI","date":"{day}","value":{usd}}}]"#
            )),
        );
    }
    let out = env
        .run_at(
            "2024-07-01",
            &[
                "fetch",
                "--provider",
                "riksbank",
                "--from",
                "2023-01-01",
                "--to",
                "2024-06-30",
            ],
        )
        .expect("backfill");
    assert_eq!(
        out,
        "riksbank: 2 days (2023-12-29..2024-06-28), 2 rates: 2 inserted, 0 updated, 0 unchanged"
    );
    let asked: Vec<String> = chunks
        .iter()
        .map(|(from, to, ..)| range(from, to))
        .collect();
    assert_eq!(env.requested(), asked);
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("riksbank")
        .args(WINDOW)
        .args(["--symbols", "USD,EUR"])
        .assert()
        .success()
        .stdout("riksbank: 4 days (2026-03-24..2026-03-27), 8 rates: 8 inserted, 0 updated, 0 unchanged\n");
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(DISTINCT base, ',' ORDER BY base) FROM rates"
        ),
        "EUR,USD"
    );
}
