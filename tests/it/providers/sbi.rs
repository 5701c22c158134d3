//! `sbi`'s own behaviour: a long backfill asked for a calendar year at a
//! time, buying and selling stored beside the middle rate when printed
//! (as before April 2020), a currency the euro replaced stored under its
//! former code, nothing asked for before the new króna of 1981; and its
//! own faults (another group answered, a series fxrates cannot name).

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::common::pg::stored_series;
use crate::conformance::case::mirrored;
use crate::conformance::cases::sbi::{PAGE, empty, entry, group, series, time_series, usd};

#[test]
fn a_long_backfill_is_asked_for_a_calendar_year_at_a_time() {
    let env = Env::with_schema();
    env.http.route(&mirrored("sbi", PAGE), empty());
    let out = env
        .run_at(
            "2026-03-27",
            &[
                "fetch",
                "--provider",
                "sbi",
                "--from",
                "2025-11-01",
                "--to",
                "2026-02-01",
            ],
        )
        .expect("every series empty is not an error");
    assert_eq!(
        out,
        "sbi: no rates published from 2025-11-01 to 2026-02-01; nothing stored"
    );
    assert_eq!(
        env.http.targets(),
        [
            mirrored("sbi", &series("2025-11-01", "2025-12-31")),
            mirrored("sbi", &series("2026-01-01", "2026-02-01")),
        ]
    );
}

/// A day of 2001, written by hand in the recorded format: the Bank then
/// printed buying and selling rates, and the mark was still listed.
#[test]
fn buying_selling_and_a_replaced_currency_are_stored_as_printed() {
    let env = Env::with_schema();
    let day = |value: &str| entry("6/27/2001", value);
    let body = group(&format!(
        "{}{}{}{}",
        time_series(
            4054,
            "Bandaríkjadalur, skráð kaupgengi.",
            &day("104.820000")
        ),
        usd(&day("105.110000")),
        time_series(
            4056,
            "Bandaríkjadalur, skráð sölugengi.",
            &day("105.400000")
        ),
        time_series(4112, "Þýskt mark, skráð miðgengi.", &day("45.560000")),
    ))
    .replace("6/27/2024", "6/27/2001");
    env.http.route_target(
        &mirrored("sbi", &series("2001-06-27", "2001-06-27")),
        Reply::Body {
            status: 200,
            content_type: "application/xml",
            body: body.into_bytes(),
        },
    );
    env.fetch("sbi")
        .args(["--date", "2001-06-27"])
        .assert()
        .success()
        .stdout("sbi: 1 day (2001-06-27), 5 rates: 5 inserted, 0 revised, 0 unchanged\n");
    let mut client = env.client();
    for (code, series, stored) in [
        ("USD", "buying", "1 USD ISK 104.820000"),
        ("USD", "mid", "1 USD ISK 105.110000"),
        ("USD", "selling", "1 USD ISK 105.400000"),
        ("DEM", "mid", "1 DEM ISK 45.560000"),
        ("EUR", "mid", "1 EUR ISK 149.100000"),
    ] {
        assert_eq!(
            stored_series(&mut client, "sbi", "2001-06-27", code, "ISK", series),
            stored,
            "{code} {series}"
        );
    }
}

#[test]
fn nothing_before_the_new_krona_is_asked_for() {
    let env = Env::with_schema();
    env.fetch("sbi")
        .args(["--date", "1980-12-31"])
        .assert()
        .code(2)
        .stderr("error: --date 1980-12-31 is before 1981-01-01, the first day of sbi's rates\n");
    assert!(env.http.targets().is_empty());
}

/// The Bank's own faults, run as the fault table runs its cases.
mod faults {
    use super::{entry, group, time_series};
    use crate::conformance::cases::sbi::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    /// Group 7's middle rates are not the official reference rate.
    #[test]
    fn another_group_answered() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                group("").replace("ID=\"9\"", "ID=\"7\""),
                "group 7 answered, not the official reference rate's group 9",
            )
        });
    }

    /// A series carrying values that no table row names cannot be stored
    /// under a code: the whole answer is refused, not the series skipped.
    #[test]
    fn a_series_fxrates_cannot_name() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                group(&time_series(
                    4114,
                    "Nýr gjaldmiðill, skráð miðgengi.",
                    &entry("6/27/2024", "1.000000"),
                )),
                "series 4114 (\"Nýr gjaldmiðill, skráð miðgengi.\") carries rates but is no series of group 9 fxrates knows",
            )
        });
    }
}
