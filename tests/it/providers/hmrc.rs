//! `hmrc`'s own behaviour: a code of several countries stored once, a
//! file printing two figures for one code refused whole, a day of a month
//! answered by the month's file, a range asked month by month, the latest
//! month next month's file when it is out, and a `404` other than the
//! service's `not found` an error.

use crate::common::env::{Env, fixture, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum};
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::hmrc::{case, file, not_found};

/// The recorded August 2026 file lists XOF under eight countries, XCD
/// under seven, XAF six, XPF and AED three: 163 lines, 141 rates, each
/// stored once.
#[test]
fn a_code_of_several_countries_is_stored_once() {
    let env = recorded("hmrc", &case());
    env.fetch("hmrc")
        .args(["--from", "2026-08-01", "--to", "2026-08-31"])
        .assert()
        .success()
        .stdout("hmrc: 1 day (2026-08-01), 141 rates: 141 inserted, 0 revised, 0 unchanged\n");
    let lines = fixture("hmrc/monthly_csv_2026-8.csv").lines().count() - 1;
    assert_eq!(lines, 163);
    let xof = "SELECT count(*) FROM rates WHERE source = 'hmrc' AND quote = 'XOF'";
    assert_eq!(scalar(&mut env.client(), xof), "1");
}

/// A file printing XOF at two figures is refused whole: exit 4, one line
/// naming the code and both figures, the stored month left as it was.
#[test]
fn conflicting_figures_for_one_code_refuse_the_file() {
    let env = recorded("hmrc", &case());
    env.fetch("hmrc")
        .args(["--from", "2026-08-01", "--to", "2026-08-31"])
        .assert()
        .success();
    let before = rates_checksum(&mut env.client());
    let amended = fixture("hmrc/monthly_csv_2026-8.csv").replacen(
        "Burkina Faso,CFA Franc,XOF,768.7193",
        "Burkina Faso,CFA Franc,XOF,768.7194",
        1,
    );
    let path = mirrored("hmrc", &file(2026, 8));
    env.http.route(
        &path,
        Reply::Body {
            status: 200,
            content_type: "text/csv",
            body: amended.into_bytes(),
        },
    );
    env.fetch("hmrc")
        .args(["--from", "2026-08-01", "--to", "2026-08-31"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(format!(
            "error: fetching hmrc rates: {}: conflicting figures for XOF in one \
             file: 768.7193 (line 18) and 768.7194 (line 26)\n",
            env.http.url(&path)
        ));
    assert_eq!(rates_checksum(&mut env.client()), before);
    assert_eq!(count_rates(&mut env.client(), "hmrc"), 141);
}

/// `--date 2026-08-17` fetches August's file: the month's rates, in force
/// on the 17th, not an earlier day standing in for it.
#[test]
fn a_day_fetches_the_file_of_its_month() {
    let env = recorded("hmrc", &case());
    env.fetch("hmrc")
        .args(["--date", "2026-08-17"])
        .assert()
        .success()
        .stdout("hmrc: 1 day (2026-08-01), 141 rates: 141 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(env.http.targets(), [mirrored("hmrc", &file(2026, 8))]);
}

/// A range asks for each month it touches, one request each; a month not
/// published is none of the days.
#[test]
fn a_range_asks_for_each_month_it_touches() {
    let env = recorded("hmrc", &case());
    for month in [6, 7] {
        env.http
            .route(&mirrored("hmrc", &file(2026, month)), not_found());
    }
    let out = env
        .run_at(
            "2026-08-20",
            &[
                "fetch",
                "--provider",
                "hmrc",
                "--from",
                "2026-06-15",
                "--to",
                "2026-08-17",
            ],
        )
        .expect("a range");
    assert_eq!(
        out,
        "hmrc: 1 day (2026-08-01), 141 rates: 141 inserted, 0 revised, 0 unchanged"
    );
    let asked: Vec<String> = [6, 7, 8]
        .iter()
        .map(|month| mirrored("hmrc", &file(2026, *month)))
        .collect();
    assert_eq!(env.http.targets(), asked);
}

/// The latest is next month's file once it is out (HMRC publishes it the
/// month before), else this month's.
#[test]
fn the_latest_month_is_next_months_file_once_it_is_out() {
    let env = recorded("hmrc", &case());
    let out = env
        .run_at("2026-07-25", &["fetch", "--provider", "hmrc"])
        .expect("latest");
    assert_eq!(
        out,
        "hmrc: 1 day (2026-08-01), 141 rates: 141 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.requested(), [mirrored("hmrc", &file(2026, 8))]);

    let env = recorded("hmrc", &case());
    env.http
        .route(&mirrored("hmrc", &file(2026, 9)), not_found());
    let out = env
        .run_at("2026-08-05", &["fetch", "--provider", "hmrc"])
        .expect("latest");
    assert_eq!(
        out,
        "hmrc: 1 day (2026-08-01), 141 rates: 141 inserted, 0 revised, 0 unchanged"
    );
    let asked = [file(2026, 9), file(2026, 8)].map(|path| mirrored("hmrc", &path));
    assert_eq!(env.requested(), asked);
}

/// Only the service's `not found` body is nothing published: a `404`
/// saying anything else is an HTTP error (exit 3) quoting it.
#[test]
fn a_404_with_another_body_is_an_error() {
    let env = Env::with_schema();
    let path = mirrored("hmrc", &file(2026, 8));
    env.http.route(
        &path,
        Reply::Body {
            status: 404,
            content_type: "application/json",
            body: br#"{"errors":[{"detail":"no such route"}]}"#.to_vec(),
        },
    );
    env.fetch("hmrc")
        .args(["--date", "2026-08-17"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicates::str::contains(format!(
            "{}: HTTP 404 Not Found: no such route",
            env.http.url(&path)
        )));
    assert_eq!(count_rates(&mut env.client(), "hmrc"), 0);
}
