//! `bnr`'s own behaviour: a range over a turn of the year asks each year's
//! file, gold is stored per gram and never crossed with a currency, and
//! its own faults.

use crate::common::env::scalar;
use crate::common::http::Reply;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::bnr::{case, file, year_file};

/// A range from December into January asks both files, oldest first.
#[test]
fn a_range_over_the_turn_of_the_year_asks_each_years_file() {
    let env = recorded("bnr", &case());
    env.http
        .route(&mirrored("bnr", &year_file(2025)), Reply::ok_xml(file("")));
    env.fetch("bnr")
        .args(["--from", "2025-12-29", "--to", "2026-01-05"])
        .assert()
        .success()
        .stdout("bnr: 1 day (2026-01-05), 37 rates: 37 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(
        env.http.targets(),
        [
            mirrored("bnr", &year_file(2025)),
            mirrored("bnr", &year_file(2026))
        ]
    );
}

/// Gold's price per gram is stored under `per-gram`, and no cross reaches it.
#[test]
fn gold_is_stored_per_gram_and_never_crossed() {
    let env = recorded("bnr", &case());
    env.fetch("bnr")
        .args(["--date", "2026-01-05"])
        .assert()
        .success();
    let mut client = env.client();
    let series = "SELECT string_agg(DISTINCT series, ',') FROM rates \
                  WHERE source = 'bnr' AND (base = 'XAU' OR quote = 'XAU')";
    assert_eq!(scalar(&mut client, series), "per-gram");
    let read = "SELECT fx_rate('XAU', 'RON', '2026-01-05', 'bnr', 'per-gram')::text
                       || ' ' || coalesce(fx_rate('XAU', 'RON', '2026-01-05', 'bnr')::text, '-')
                       || ' ' || coalesce(fx_rate('XAU', 'EUR', '2026-01-05', 'bnr', 'per-gram')::text, '-')";
    assert_eq!(scalar(&mut client, read), "621.3365 - -");
}

/// The BNR's own faults, run as the fault table runs its cases.
mod faults {
    use crate::common::env::fixture;
    use crate::conformance::cases::bnr::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_file_in_another_currency() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                fixture("bnr/nbrfxrates2024.xml").replace(">RON<", ">EUR<"),
                "the rates are in \"EUR\", not in RON",
            )
        });
    }

    #[test]
    fn a_day_of_another_year() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                fixture("bnr/nbrfxrates2024.xml").replace("2024-06-24", "2023-06-23"),
                "day 2023-06-23 is in the file of 2024, not its own year",
            )
        });
    }
}
