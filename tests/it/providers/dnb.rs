//! `dnb`'s own behaviour: every request a POST of a JSON selection, rows
//! not sorted by date stored by their day, the latest day the newest of
//! two weeks, a long range asked for a calendar year at a time; and its
//! own faults (Statbank's JSON errors).

use crate::common::env::Env;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::dnb::{DATA, WEEK, call, case, header_only};

/// The recorded week served, the schema in place.
fn env() -> Env {
    recorded("dnb", &case())
}

/// The selections the mirror received, as the case lists them.
fn selections(env: &Env) -> Vec<String> {
    env.http.recorded().iter().map(call).collect()
}

#[test]
fn every_request_posts_a_json_selection_and_unsorted_rows_are_stored_by_day() {
    let env = env();
    env.fetch("dnb").args(WEEK).assert().success();
    let requests = env.http.recorded();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, mirrored("dnb", DATA));
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(body["lang"], "en");
    // The answer opens with Friday's rows; each day holds its own.
    env.fxrates()
        .args(["show", "EUR", "--provider", "dnb", "--date", "2025-03-03"])
        .assert()
        .success()
        .stdout(
            "dnb rates for 2025-03-03\n\
             AMOUNT         RATE  IN\n\
             100 EUR =  745.8300  DKK\n",
        );
}

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_last_two_weeks() {
    let env = env();
    let out = env
        .run_at("2025-03-08", &["fetch", "--provider", "dnb"])
        .expect("latest");
    assert_eq!(
        out,
        "dnb: 1 day (2025-03-07), 30 rates: 30 inserted, 0 revised, 0 unchanged"
    );
    let asked = selections(&env);
    assert_eq!(asked.len(), 1);
    assert!(
        asked[0].starts_with(">=2025M02D22<=2025M03D08 AUD,"),
        "{asked:?}"
    );
}

#[test]
fn long_ranges_are_asked_for_a_calendar_year_at_a_time() {
    let env = Env::with_schema();
    env.http.route(&mirrored("dnb", DATA), header_only());
    env.fetch("dnb")
        .args([
            "--from",
            "2023-12-20",
            "--to",
            "2025-01-10",
            "--symbols",
            "EUR",
        ])
        .assert()
        .success();
    assert_eq!(
        selections(&env),
        [
            ">=2023M12D20<=2023M12D31 EUR",
            ">=2024M01D01<=2024M12D31 EUR",
            ">=2025M01D01<=2025M01D10 EUR",
        ]
    );
}

/// Statbank's own faults, run as the fault table runs its cases.
mod faults {
    use crate::common::http::Reply;
    use crate::conformance::cases::dnb::{FAULTS, answer, row};
    use crate::conformance::faults::{Fault, refused, run_fault, shown_url};

    /// A selection Statbank refuses (a code it does not know) answers 400
    /// with a JSON error, whose message the error line quotes.
    #[test]
    fn a_refused_selection_names_what_statbank_said() {
        run_fault(&FAULTS, |world, provider| {
            let error = r#"{"errorTypeCode":"EXTRACT-NOTFOUND","message":"The value XYZ was not found in VALUTA"}"#;
            world.env.http.route(
                provider.path,
                Reply::Body {
                    status: 400,
                    content_type: "application/json; charset=utf-8",
                    body: error.as_bytes().to_vec(),
                },
            );
            Fault::fails(
                3,
                format!(
                    "{}: HTTP 400 Bad Request: The value XYZ was not found in VALUTA (EXTRACT-NOTFOUND)",
                    shown_url(world, provider)
                ),
            )
        });
    }

    #[test]
    fn another_rate_type() {
        run_fault(&FAULTS, |world, provider| {
            let body = answer(&row("EUR", "745.8300")).replace("KBH", "KBK");
            refused(
                world,
                provider,
                body,
                "line 2: rate type \"KBK\", not the central rate KBH",
            )
        });
    }

    #[test]
    fn a_day_outside_the_days_asked_for() {
        run_fault(&FAULTS, |world, provider| {
            let body = answer(&row("EUR", "745.8300")).replace("2024M06D27", "2024M07D01");
            refused(
                world,
                provider,
                body,
                "day 2024-07-01 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }
}
