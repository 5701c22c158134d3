//! `hkma`'s own behaviour: pages of 100 records asked for until a short
//! one, and refused when they never end; the latest day looked for over
//! the 70 days to today, the Bulletin being about a month behind; the
//! figures' binary-float noise stored as sent; and its own faults (the
//! service's refusal in its header, with HTTP 200 or an error status).

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::hkma::{PATH, answer, case, page, record};

/// `count` records of consecutive days, newest first, from `newest` back.
fn days_back(newest: chrono::NaiveDate, count: usize) -> Vec<String> {
    (0..count)
        .map(|back| {
            let day = newest - chrono::Days::new(back as u64);
            record(&day.to_string(), "7.8")
        })
        .collect()
}

fn json(body: String) -> Reply {
    Reply::Body {
        status: 200,
        content_type: "application/json",
        body: body.into_bytes(),
    }
}

fn day(text: &str) -> chrono::NaiveDate {
    fxrates::model::parse_date(text).expect("a date")
}

/// A full first page brings the next one, at offset 100; its short page
/// ends the range.
#[test]
fn pages_are_asked_for_until_a_short_one() {
    let env = Env::with_schema();
    let newest = day("2024-04-30");
    let mut all = days_back(newest, 102);
    let second = all.split_off(100);
    let (from, to) = ("2024-01-01", "2024-04-30");
    env.http
        .route_target(&mirrored("hkma", &page(from, to, 0)), json(answer(&all)));
    env.http.route_target(
        &mirrored("hkma", &page(from, to, 100)),
        json(answer(&second)),
    );
    env.fetch("hkma")
        .args(["--from", from, "--to", to])
        .assert()
        .success()
        .stdout("hkma: 102 days (2024-01-20..2024-04-30), 102 rates: 102 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(
        env.http.targets(),
        [
            mirrored("hkma", &page(from, to, 0)),
            mirrored("hkma", &page(from, to, 100)),
        ]
    );
}

/// A service that ignores `offset` serves the same full page for ever:
/// after the pages the days asked for can fill, the answer is refused.
#[test]
fn pages_that_never_end_are_refused() {
    let env = Env::with_schema();
    let full = answer(&days_back(day("2024-04-30"), 100));
    env.http.route(&mirrored("hkma", PATH), json(full));
    let (from, to) = ("2024-01-01", "2024-04-30");
    let out = env
        .fetch("hkma")
        .args(["--from", from, "--to", to])
        .output()
        .expect("fxrates runs");
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "page 2 is full too, yet 2 pages of 100 records hold every day from 2024-01-01 \
             to 2024-04-30: the pages never end"
        ),
        "{stderr}"
    );
    assert_eq!(env.http.targets().len(), 2);
    assert_eq!(
        scalar(&mut env.client(), "SELECT count(*)::text FROM rates"),
        "0"
    );
}

/// Run on 15 April 2026, the newest day is 28 February: the 70 days to
/// today are asked for, and the newest kept.
#[test]
fn the_latest_day_is_looked_for_two_months_back() {
    let env = recorded("hkma", &case());
    env.http.route_target(
        &mirrored("hkma", &page("2026-02-04", "2026-04-15", 0)),
        Reply::file("hkma/er-eeri-daily-2026-02-27..2026-02-28.json"),
    );
    let out = env
        .run_at("2026-04-15", &["fetch", "--provider", "hkma"])
        .expect("the latest day");
    assert_eq!(
        out,
        "hkma: 1 day (2026-02-28), 17 rates: 17 inserted, 0 revised, 0 unchanged"
    );
}

/// The figure is the JSON number's text as sent: the noise of the
/// publisher's binary float is stored, never rounded away, and `show`
/// gives it back as stored.
#[test]
fn a_figure_with_binary_float_noise_is_stored_as_sent() {
    let env = recorded("hkma", &case());
    env.fetch("hkma")
        .args(["--from", "2026-02-27", "--to", "2026-02-28"])
        .assert()
        .success();
    let stored = scalar(
        &mut env.client(),
        "SELECT rate::text FROM rates WHERE source = 'hkma' AND base = 'USD' \
         AND rate_date = '2026-02-28'",
    );
    assert_eq!(stored, "7.8245000000000005");
}

/// The service's own faults, run as the fault table runs its cases.
mod faults {
    use crate::common::http::Reply;
    use crate::conformance::cases::hkma::FAULTS;
    use crate::conformance::faults::{Fault, refused, run_fault, shown_url};

    const REFUSED: &str = r#"{"header":{"success":false,"err_code":"0102","err_msg":"Invalid parameter: offset"},"result":{"datasize":0,"records":[]}}"#;

    /// `success` false with HTTP 200 is a refusal, never "nothing
    /// published", though its result is empty.
    #[test]
    fn a_refusal_in_the_header() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                REFUSED,
                "the HKMA refused the request: Invalid parameter: offset (err_code 0102)",
            )
        });
    }

    /// A success whose `err_code` is not `0000` is refused too.
    #[test]
    fn an_error_code_other_than_0000() {
        run_fault(&FAULTS, |world, provider| {
            let odd = REFUSED
                .replace("false", "true")
                .replace("Invalid parameter: offset", "Data not ready");
            refused(
                world,
                provider,
                odd,
                "the HKMA refused the request: Data not ready (err_code 0102)",
            )
        });
    }

    /// The same header with an error status: its message is quoted.
    #[test]
    fn a_refusal_with_an_error_status_names_what_the_service_said() {
        run_fault(&FAULTS, |world, provider| {
            world.env.http.route(
                provider.path,
                Reply::Body {
                    status: 400,
                    content_type: "application/json",
                    body: REFUSED.as_bytes().to_vec(),
                },
            );
            Fault::fails(
                3,
                format!(
                    "{}: HTTP 400 Bad Request: the HKMA refused the request: Invalid parameter: \
                     offset (err_code 0102)",
                    shown_url(world, provider)
                ),
            )
        });
    }
}
