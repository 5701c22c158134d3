//! `cbbh`'s own behaviour: the latest list looked for up to tomorrow (a
//! list is dated the day after it is set), a long backfill asked for in
//! spans of 92 days, the 1998 codes stored as published and empty figures
//! skipped, `show` naming the list number; and its own faults.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::cbbh::{PERIOD, case, item, no_list, one_list, period};

/// Run on Friday 25 September after 16:00 Sarajevo time: the latest list
/// is Saturday's, already out; a week back to tomorrow is asked for.
#[test]
fn the_latest_list_may_be_tomorrows() {
    let env = Env::with_schema();
    env.http.route_target(
        &mirrored("cbbh", &period("2026-09-19", "2026-09-26")),
        Reply::file("cbbh/2026-09-25..2026-09-26.json"),
    );
    let out = env
        .run_at("2026-09-25", &["fetch", "--provider", "cbbh"])
        .expect("the latest list");
    assert_eq!(
        out,
        "cbbh: 1 day (2026-09-26), 49 rates: 49 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [mirrored("cbbh", &period("2026-09-19", "2026-09-26"))]
    );
}

#[test]
fn a_long_backfill_is_asked_for_in_spans_of_92_days() {
    let env = Env::with_schema();
    env.http.route(&mirrored("cbbh", PERIOD), no_list());
    let out = env
        .run_at(
            "2026-09-25",
            &[
                "fetch",
                "--provider",
                "cbbh",
                "--from",
                "2026-01-01",
                "--to",
                "2026-05-01",
            ],
        )
        .expect("no list in the spans is not an error");
    assert_eq!(
        out,
        "cbbh: no rates published from 2026-01-01 to 2026-05-01; nothing stored"
    );
    assert_eq!(
        env.http.targets(),
        [
            mirrored("cbbh", &period("2026-01-01", "2026-04-02")),
            mirrored("cbbh", &period("2026-04-03", "2026-05-01")),
        ]
    );
}

/// The first list of the convertible mark: the peseta as `ESB`, the ECU
/// as `XBA`, the mark at its peg (100 DEM = 100 BAM), KWD printed without
/// figures and so not stored.
#[test]
fn the_1998_codes_are_stored_as_published_and_empty_figures_skipped() {
    let env = Env::with_schema();
    env.http.route_target(
        &mirrored("cbbh", &period("1998-01-06", "1998-01-06")),
        Reply::file("cbbh/1998-01-06..1998-01-06.json"),
    );
    env.fetch("cbbh")
        .args(["--date", "1998-01-06"])
        .assert()
        .success()
        .stdout("cbbh: 1 day (1998-01-06), 12 rates: 12 inserted, 0 revised, 0 unchanged\n");
    let mut client = env.client();
    let codes = "SELECT string_agg(DISTINCT base, ',' ORDER BY base) FROM rates \
                 WHERE source = 'cbbh'";
    assert_eq!(scalar(&mut client, codes), "DEM,ESB,USD,XBA");
    let peg = "SELECT unit || ' ' || rate FROM rates WHERE source = 'cbbh' \
               AND base = 'DEM' AND series = 'mid'";
    assert_eq!(scalar(&mut client, peg), "100 100");
}

/// A Bosnian accountant quotes the list by number and date: JSON carries
/// it as `reference`, with its year (the number restarts each year).
#[test]
fn show_names_the_list_number_with_its_year() {
    let env = recorded("cbbh", &case());
    env.fetch("cbbh")
        .args(["--date", "2026-09-24"])
        .assert()
        .success();
    let json = env
        .fxrates()
        .args(["show", "USD", "--provider", "cbbh", "--format", "json"])
        .args(["--date", "2026-09-24"])
        .output()
        .expect("show runs");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["date"], "2026-09-24");
    assert_eq!(json["reference"], "188/2026");
    assert_eq!(json["pairs"][0]["rate"], "1.713987");
}

/// The CBBH's own faults, run as the fault table runs its cases.
mod faults {
    use super::{item, one_list};
    use crate::common::http::Reply;
    use crate::conformance::cases::cbbh::FAULTS;
    use crate::conformance::faults::{Fault, refused, run_fault, shown_url};

    #[test]
    fn a_list_outside_the_backfill() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                one_list("2024-06-21", &item("USD", "1.83102")),
                "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }

    /// Only the export's `"Problem with export"` is nothing published:
    /// another 404 is an error, its JSON string told.
    #[test]
    fn a_404_with_another_message() {
        run_fault(&FAULTS, |world, provider| {
            world.env.http.route(
                provider.path,
                Reply::Body {
                    status: 404,
                    content_type: "application/json; charset=utf-8",
                    body: br#""Invalid date range""#.to_vec(),
                },
            );
            Fault::fails(3, shown_url(world, provider))
                .also("HTTP 404 Not Found")
                .also("Invalid date range")
        });
    }
}
