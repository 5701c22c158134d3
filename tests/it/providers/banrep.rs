//! `banrep`'s own behaviour: a TRM stored with its stated validity (a
//! Saturday's in force to Tuesday over a holiday Monday) and read on any
//! day of it, the latest looked for up to tomorrow, a long backfill asked
//! for in spans of 366 days (one page each), no day before the first TRM
//! asked for; and its own faults (a full page, a refused query).

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::banrep::{PATH, case, none, record, trms};

/// The recorded TRMs: Friday's for its day alone, Saturday's stated valid
/// to Tuesday; `show` finds Saturday's on the holiday Monday.
#[test]
fn a_trm_is_stored_with_its_stated_validity() {
    let env = recorded("banrep", &case());
    env.fetch("banrep")
        .args(["--from", "2026-03-20", "--to", "2026-03-21"])
        .assert()
        .success();
    let periods = scalar(
        &mut env.client(),
        "SELECT string_agg(rate_date || '..' || coalesce(valid_until::text, '-') || ' ' || rate, \
         ', ' ORDER BY rate_date) FROM rates WHERE source = 'banrep'",
    );
    assert_eq!(
        periods,
        "2026-03-20..- 3692.48, 2026-03-21..2026-03-24 3704.87"
    );
    let json = env
        .fxrates()
        .args(["show", "COP", "--provider", "banrep", "--format", "json"])
        .args(["--base", "USD", "--date", "2026-03-23"])
        .output()
        .expect("show runs");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["pairs"][0]["rate"], "3704.87", "{json}");
}

/// Run on Friday 20 March 2026 in the afternoon: Saturday's TRM is out; a
/// week back to tomorrow is asked for and the newest kept.
#[test]
fn the_latest_trm_may_be_tomorrows() {
    let env = Env::with_schema();
    env.http.route_target(
        &mirrored("banrep", &trms("2026-03-14", "2026-03-21")),
        Reply::file("banrep/trm-2026-03-20..2026-03-21.json"),
    );
    let out = env
        .run_at("2026-03-20", &["fetch", "--provider", "banrep"])
        .expect("the latest TRM");
    assert_eq!(
        out,
        "banrep: 1 day (2026-03-21), 1 rate: 1 inserted, 0 revised, 0 unchanged"
    );
}

#[test]
fn a_long_backfill_is_asked_for_in_spans_of_366_days() {
    let env = Env::with_schema();
    env.http.route(&mirrored("banrep", PATH), none());
    let out = env
        .run_at(
            "2026-09-25",
            &[
                "fetch",
                "--provider",
                "banrep",
                "--from",
                "2024-01-01",
                "--to",
                "2025-03-01",
            ],
        )
        .expect("no TRM in the spans is not an error");
    assert_eq!(
        out,
        "banrep: no rates published from 2024-01-01 to 2025-03-01; nothing stored"
    );
    assert_eq!(
        env.http.targets(),
        [
            mirrored("banrep", &trms("2024-01-01", "2024-12-31")),
            mirrored("banrep", &trms("2025-01-01", "2025-03-01")),
        ]
    );
}

/// The history starts with the first TRM: a day before it is a usage
/// error, and nothing is asked for.
#[test]
fn no_day_before_the_first_trm_is_asked_for() {
    let env = Env::with_schema();
    env.fetch("banrep")
        .args(["--date", "1991-11-26"])
        .assert()
        .code(2)
        .stderr("error: --date 1991-11-26 is before 1991-11-27, the first day of banrep's rates\n");
    assert!(env.http.targets().is_empty());
}

/// The dataset's own faults, run as the fault table runs its cases.
mod faults {
    use super::record;
    use crate::common::http::Reply;
    use crate::conformance::cases::banrep::{FAULTS, after_wednesday};
    use crate::conformance::faults::{Fault, refused, run_fault, shown_url};

    /// A full page may be cut short: refused, never stored as all there is.
    #[test]
    fn a_full_page() {
        run_fault(&FAULTS, |world, provider| {
            let mut records = Vec::new();
            let mut day = chrono::NaiveDate::from_ymd_opt(2024, 6, 24).expect("a date");
            for _ in 0..fxrates::providers::banrep::PAGE_LIMIT {
                records.push(record("4000", &day.to_string(), &day.to_string()));
                day = day.succ_opt().expect("a date");
            }
            refused(
                world,
                provider,
                format!("[{}]", records.join(",")),
                "1000 records, a full page of 1000: the answer may be cut",
            )
        });
    }

    #[test]
    fn a_trm_in_another_unit() {
        run_fault(&FAULTS, |world, provider| {
            let usd = record("4110.62", "2024-06-27", "2024-06-27").replace("COP", "USD");
            refused(
                world,
                provider,
                after_wednesday(&usd),
                "day 2024-06-27: unidad \"USD\", expected \"COP\"",
            )
        });
    }

    /// A query Socrata cannot parse answers 400 with a JSON error, whose
    /// message the error line quotes.
    #[test]
    fn a_refused_query_names_what_the_dataset_said() {
        run_fault(&FAULTS, |world, provider| {
            let error = r#"{"code":"query.compiler.malformed","error":true,"message":"Could not parse SoQL query","data":{}}"#;
            world.env.http.route(
                provider.path,
                Reply::Body {
                    status: 400,
                    content_type: "application/json;charset=utf-8",
                    body: error.as_bytes().to_vec(),
                },
            );
            Fault::fails(
                3,
                format!(
                    "{}: HTTP 400 Bad Request: Could not parse SoQL query",
                    shown_url(world, provider)
                ),
            )
        });
    }
}
