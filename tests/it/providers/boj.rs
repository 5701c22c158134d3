//! `boj`'s own behaviour: each series stored in the direction its `UNIT`
//! prints around the dollar (the home), a backfill asked for a calendar
//! year of months at a time with a second between requests, the days not
//! yet published (null) left out; and its own faults (the Bank's refusal,
//! with HTTP 200 or 400, a series of another unit, more pages).

use std::time::Instant;

use crate::common::env::{Env, scalar};
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::boj::{NO_DATA, PATH, case, months, reply};

/// The yen per dollar and the dollar per euro, as printed: nothing is
/// inverted to put the dollar first.
#[test]
fn each_series_is_stored_as_its_unit_prints() {
    let env = recorded("boj", &case());
    env.fetch("boj")
        .args(["--from", "2026-03-02", "--to", "2026-03-02"])
        .assert()
        .success();
    let rows = scalar(
        &mut env.client(),
        "SELECT string_agg(unit || ' ' || base || ' = ' || rate || ' ' || quote, ', ' \
         ORDER BY base) FROM rates WHERE source = 'boj'",
    );
    assert_eq!(rows, "1 EUR = 1.1716 USD, 1 USD = 156.92 JPY");
}

/// Three years: three requests, a second apart at least.
#[test]
fn a_backfill_asks_for_a_year_a_request_a_second_apart() {
    let env = Env::with_schema();
    env.http.route(&mirrored("boj", PATH), reply(NO_DATA));
    let started = Instant::now();
    let out = env
        .run_at(
            "2026-09-25",
            &[
                "fetch",
                "--provider",
                "boj",
                "--from",
                "2023-11-20",
                "--to",
                "2025-02-10",
            ],
        )
        .expect("no data is not an error");
    assert!(
        started.elapsed().as_millis() >= 2000,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        out,
        "boj: no rates published from 2023-11-20 to 2025-02-10; nothing stored"
    );
    assert_eq!(
        env.http.targets(),
        [
            mirrored("boj", &months("202311", "202312")),
            mirrored("boj", &months("202401", "202412")),
            mirrored("boj", &months("202501", "202502")),
        ]
    );
}

/// Run on Friday 3 April: the latest is the 3rd, the month's later days
/// listed null are not yet published.
#[test]
fn the_latest_is_the_newest_day_with_a_value() {
    let env = Env::with_schema();
    env.http.route_target(
        &mirrored("boj", &months("202603", "202604")),
        crate::conformance::cases::boj::march_and_april(),
    );
    let out = env
        .run_at("2026-04-03", &["fetch", "--provider", "boj"])
        .expect("the latest day");
    assert_eq!(
        out,
        "boj: 1 day (2026-04-03), 2 rates: 2 inserted, 0 revised, 0 unchanged"
    );
}

/// The Bank's own faults, run as the fault table runs its cases.
mod faults {
    use crate::common::http::Reply;
    use crate::conformance::cases::boj::{FAULTS, answer, thursday};
    use crate::conformance::faults::{Fault, refused, run_fault, shown_url};

    const BAD_DB: &str =
        r#"{"STATUS":400,"MESSAGEID":"M181005E","MESSAGE":"Invalid DB name.","RESULTSET":[]}"#;

    /// Bad parameters answered with HTTP 200 and `STATUS` 400.
    #[test]
    fn a_refusal_inside_a_200() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                BAD_DB,
                "the Bank refused the request: Invalid DB name. (M181005E)",
            )
        });
    }

    /// Bad parameters answered with HTTP 400: the message quoted, not
    /// retried.
    #[test]
    fn a_refusal_with_http_400() {
        run_fault(&FAULTS, |world, provider| {
            world.env.http.route(
                provider.path,
                Reply::Body {
                    status: 400,
                    content_type: "application/json; charset=utf-8",
                    body: BAD_DB.as_bytes().to_vec(),
                },
            );
            Fault::fails(
                3,
                format!(
                    "{}: HTTP 400 Bad Request: Invalid DB name. (M181005E)",
                    shown_url(world, provider)
                ),
            )
        });
    }

    #[test]
    fn a_series_of_another_unit() {
        run_fault(&FAULTS, |world, provider| {
            let body = answer(&[
                thursday("FXERD04", "U.S. Dollar per Yen", "0.0063"),
                thursday("FXERD34", "U.S. Dollar per Euro", "1.0703"),
            ]);
            refused(
                world,
                provider,
                body,
                "series FXERD04: unit \"U.S. Dollar per Yen\", expected \"Yen per U.S. Dollar\"",
            )
        });
    }

    #[test]
    fn more_than_one_answer_holds() {
        run_fault(&FAULTS, |world, provider| {
            let body = answer(&[
                thursday("FXERD04", "Yen per U.S. Dollar", "158.2"),
                thursday("FXERD34", "U.S. Dollar per Euro", "1.0703"),
            ])
            .replace(r#""NEXTPOSITION":null"#, r#""NEXTPOSITION":251"#);
            refused(
                world,
                provider,
                body,
                "the answer continues at NEXTPOSITION 251: not read",
            )
        });
    }
}
