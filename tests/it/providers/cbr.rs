//! `cbr`'s own behaviour: lists dated by the day they take effect (Tuesday
//! to Saturday), the Saturday list answered for Sunday and Monday and
//! stored once under its own day, the latest looked for back from
//! tomorrow, the windows-1251 list stored as printed; and its own faults.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::cbr::{SATURDAY, case, day_target};

/// The page asked for `ddmmyyyy` as the mirror serves it.
fn mirrored_day(ddmmyyyy: &str) -> String {
    mirrored("cbr", &day_target(ddmmyyyy))
}

/// Run on Saturday, tomorrow's (Sunday's) page answers the Saturday list,
/// in force to Monday: the latest is that list, under its own date.
#[test]
fn the_latest_is_the_list_in_force_tomorrow() {
    let env = Env::with_schema();
    env.http
        .route_target(&mirrored_day("26/04/2026"), Reply::file(SATURDAY));
    let out = env
        .run_at("2026-04-25", &["fetch", "--provider", "cbr"])
        .expect("latest");
    assert_eq!(
        out,
        "cbr: 1 day (2026-04-25), 54 rates: 54 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.http.targets(), [mirrored_day("26/04/2026")]);
}

/// Saturday to Tuesday: Sunday and Monday are answered the Saturday list,
/// which is stored once, under Saturday; Tuesday's list is its own.
#[test]
fn the_saturday_list_is_stored_once_under_saturday() {
    let env = recorded("cbr", &case());
    for day in ["26/04/2026", "27/04/2026"] {
        env.http
            .route_target(&mirrored_day(day), Reply::file(SATURDAY));
    }
    env.http.route_target(
        &mirrored_day("28/04/2026"),
        Reply::file("cbr/28.04.2026.xml"),
    );
    env.fetch("cbr")
        .args(["--from", "2026-04-25", "--to", "2026-04-28"])
        .assert()
        .success()
        .stdout(
            "cbr: 2 days (2026-04-25..2026-04-28), 108 rates: 108 inserted, 0 revised, 0 unchanged\n",
        );
    let days = "SELECT string_agg(DISTINCT rate_date::text, ',') FROM rates WHERE source = 'cbr'";
    assert_eq!(scalar(&mut env.client(), days), "2026-04-25,2026-04-28");
    let monday = "SELECT rate_date FROM fx_rate_detail('USD', 'RUB', '2026-04-27', 'cbr')";
    assert_eq!(scalar(&mut env.client(), monday), "2026-04-25");
}

/// A day before the redenominated rouble's first list (the lists of
/// 1992-1997 are in the old rouble) is refused, and never asked for.
#[test]
fn the_lists_before_1998_are_refused() {
    let env = Env::with_schema();
    env.fetch("cbr")
        .args(["--from", "1997-12-30", "--to", "1998-01-02"])
        .assert()
        .code(2)
        .stderr("error: --from 1997-12-30 is before 1998-01-01, the first day of cbr's rates\n");
    assert!(env.http.targets().is_empty(), "{:?}", env.http.targets());
    assert_eq!(count_rates(&mut env.client(), "cbr"), 0);
}

/// The Bank of Russia's own faults, run as the fault table runs its cases.
mod faults {
    use crate::common::env::fixture;
    use crate::conformance::cases::cbr::{FAULTS, list, valute};
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_list_dated_after_the_day_asked() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                fixture("cbr/24.06.2024.xml").replace("24.06.2024", "25.06.2024"),
                "asked for 2024-06-24, the list is dated 2024-06-25",
            )
        });
    }

    #[test]
    fn a_decimal_point_where_the_bank_prints_a_comma() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                list("24.06.2024", &valute("USD", "1", "87.0000")),
                "day 2024-06-24, USD: invalid rate \"87.0000\" (expected a decimal comma, no point)",
            )
        });
    }

    #[test]
    fn a_document_declaring_another_encoding() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                list("24.06.2024", &valute("USD", "1", "87,0000"))
                    .replace("windows-1251", "ebcdic-xyz"),
                "unsupported encoding \"ebcdic-xyz\" in the XML declaration",
            )
        });
    }
}
