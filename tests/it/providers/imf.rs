//! `imf`'s own behaviour: a range asked one month a request and cut to
//! the days asked for, the latest day looked for in this month's report
//! and then last month's, and a currency name the table does not know
//! refusing the report rather than be guessed at.

use crate::common::env::{Env, fixture, scalar};
use crate::common::http::Reply;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::imf::{CONTENT_TYPE, case, no_dates, report};

/// Two months asked: two requests, and only the days of the range kept.
#[test]
fn a_range_asks_each_month_and_keeps_the_days_asked_for() {
    let env = recorded("imf", &case());
    env.http.route_target(
        &mirrored("imf", &report("2026-04-02")),
        Reply::file("imf/rms_mth-2026-04.tsv"),
    );
    let out = env
        .run_at(
            "2026-04-02",
            &[
                "fetch",
                "--provider",
                "imf",
                "--from",
                "2026-03-30",
                "--to",
                "2026-04-01",
            ],
        )
        .expect("a range");
    assert_eq!(
        out,
        "imf: 3 days (2026-03-30..2026-04-01), 24 rates: 24 inserted, 0 revised, 0 unchanged"
    );
    let asked = [report("2026-03-31"), report("2026-04-02")].map(|t| mirrored("imf", &t));
    assert_eq!(env.http.targets(), asked);
}

/// Early in a month, before its first day is reported, the latest day is
/// last month's last.
#[test]
fn the_latest_day_falls_back_to_last_months_report() {
    let env = recorded("imf", &case());
    env.http.route_target(
        &mirrored("imf", &report("2026-04-01")),
        no_dates("April 2026"),
    );
    let out = env
        .run_at("2026-04-01", &["fetch", "--provider", "imf"])
        .expect("the latest day");
    assert_eq!(
        out,
        "imf: 1 day (2026-03-31), 8 rates: 8 inserted, 0 revised, 0 unchanged"
    );
    let asked = [report("2026-04-01"), report("2026-03-31")].map(|t| mirrored("imf", &t));
    assert_eq!(env.http.targets(), asked);
    let stored = "SELECT count(DISTINCT rate_date) FROM rates WHERE source = 'imf'";
    assert_eq!(scalar(&mut env.client(), stored), "1");
}

/// A currency the table does not name refuses the month, exit 4, the line
/// and the name shown; nothing is stored.
#[test]
fn an_unknown_currency_name_refuses_the_report() {
    let env = Env::with_schema();
    let renamed = fixture("imf/rms_mth-2026-03.tsv").replacen("Kuwaiti dinar", "Kuwait dinar", 1);
    let path = mirrored("imf", &report("2026-03-31"));
    env.http.route_target(
        &path,
        Reply::Body {
            status: 200,
            content_type: CONTENT_TYPE,
            body: renamed.into_bytes(),
        },
    );
    env.fetch("imf")
        .args(["--from", "2026-03-01", "--to", "2026-03-31"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(format!(
            "error: fetching imf rates: {}: line 10: unknown currency name \"Kuwait dinar\" \
             (not in the table of IMF names)\n",
            env.http.url(&path)
        ));
    let stored = "SELECT count(*) FROM rates WHERE source = 'imf'";
    assert_eq!(scalar(&mut env.client(), stored), "0");
}
