//! `riksbank`'s own behaviour: the latest day the newest of the latest
//! answer, an empty 200 refused (only 204 means nothing published), a long
//! range asked for at most 365 days at a time.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::conformance::case::mirrored;
use crate::conformance::cases::riksbank::range;

#[test]
fn the_first_run_takes_the_newest_day_of_the_latest_answer() {
    let env = Env::with_schema();
    let latest = mirrored("riksbank", "/Observations/Latest/ByGroup/130");
    // Closed series answer with their last, old, observation.
    env.http.route(
        &latest,
        Reply::ok_json(
            r#"[{"seriesId":"SEKATSPMI","date":"1998-12-30","value":0.6741},{"seriesId":"SEKETT","date":"2026-03-27","value":1},{"seriesId":"SEKEURPMI","date":"2026-03-27","value":10.8315},{"seriesId":"SEKUSDPMI","date":"2026-03-27","value":9.4021}]"#,
        ),
    );
    env.fetch("riksbank")
        .assert()
        .success()
        .stdout("riksbank: 1 day (2026-03-27), 2 rates: 2 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(env.requested(), [latest]);
}

/// Only the 204 status means "nothing published": a 200 without a body is a
/// broken answer, refused whole.
#[test]
fn an_empty_200_is_refused_not_taken_for_nothing_published() {
    let env = Env::with_schema();
    let weekend = mirrored("riksbank", &range("2026-03-28", "2026-03-29"));
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
            &mirrored("riksbank", &range(from, to)),
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
        "riksbank: 2 days (2023-12-29..2024-06-28), 2 rates: 2 inserted, 0 revised, 0 unchanged"
    );
    let asked: Vec<String> = chunks
        .iter()
        .map(|(from, to, ..)| mirrored("riksbank", &range(from, to)))
        .collect();
    assert_eq!(env.requested(), asked);
}
