//! `rba`'s own behaviour: the latest day the newest of the file, a
//! backfill of the whole file one request, the latest day of a file
//! without one refused, a currency without a value a usage error; and its
//! own faults.

use crate::common::env::Env;
use crate::common::pg::count_rates;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::rba::{FILE, WEEK, case, header_only, table};

/// The recorded file served, the schema in place.
fn env() -> Env {
    recorded("rba", &case())
}

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_file() {
    let env = env();
    let out = env
        .run_at("2026-03-21", &["fetch", "--provider", "rba"])
        .expect("latest");
    assert_eq!(
        out,
        "rba: 1 day (2026-03-20), 20 rates: 20 inserted, 0 revised, 0 unchanged"
    );
}

#[test]
fn a_backfill_of_the_whole_file_is_one_request() {
    let env = env();
    env.fetch("rba")
        .args(["--from", "2023-01-03", "--to", "2026-03-20"])
        .assert()
        .success()
        .stdout("rba: 808 days (2023-01-03..2026-03-20), 14896 rates: 14896 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(env.requested(), [mirrored("rba", FILE)]);
    // The years before the file are before the provider's first day.
    env.fetch("rba")
        .args(["--from", "2021-01-01", "--to", "2022-12-31"])
        .assert()
        .code(2)
        .stderr("error: --from 2021-01-01 is before 2023-01-03, the first day of rba's rates\n");
    assert_eq!(env.requested(), Vec::<String>::new());
}

/// A range the file holds no day of is nothing published; the latest day
/// of a file without any is not "nothing": it is refused.
#[test]
fn the_latest_day_of_a_file_without_one_is_refused() {
    let env = env();
    env.http.route(&mirrored("rba", FILE), header_only());
    env.fetch("rba").args(WEEK).assert().success();
    env.fetch("rba")
        .assert()
        .code(4)
        .stderr(predicates::str::contains("the file holds no day of rates"));
    assert_eq!(count_rates(&mut env.client(), "rba"), 0);
}

/// CAD has no value in the first days of 2023, and none is stored.
#[test]
fn a_currency_without_a_value_on_the_days_asked_for_is_a_usage_error() {
    let env = env();
    env.fetch("rba")
        .args(["--symbols", "CAD", "--date", "2023-01-03"])
        .assert()
        .code(2)
        .stderr(
            "error: rba published no CAD rate for 2023-01-03 and none is stored: \
             drop it from --symbols (FXRATES_SYMBOLS)\n",
        );
}

/// The RBA's own faults, run as the fault table runs its cases.
mod faults {
    use super::table;
    use crate::conformance::cases::rba::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn an_unknown_series() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                table("FXRUSD,FXRXXX", "27-Jun-2024,0.6666,1.5"),
                "not the expected CSV: unknown series \"FXRXXX\"",
            )
        });
    }

    #[test]
    fn a_series_titled_for_another_currency() {
        run_fault(&FAULTS, |world, provider| {
            let swapped = table("FXRUSD,FXREUR", "27-Jun-2024,0.6666,0.6232")
                .replace("A$1=USD,A$1=EUR", "A$1=EUR,A$1=USD");
            refused(
                world,
                provider,
                swapped,
                "series FXRUSD: the title is \"A$1=EUR\", not \"A$1=USD\"",
            )
        });
    }

    /// The file is checked whole: a bad day long before the week refuses it.
    #[test]
    fn a_bad_day_outside_the_week() {
        run_fault(&FAULTS, |world, provider| {
            let lines = "03-Jan-2023,0.6828,61.40,0.6400\n04-Jan-2023,-0.6809,61.50,0.6439\n\
                         27-Jun-2024,0.6666,63.80,0.6232";
            refused(
                world,
                provider,
                table("FXRUSD,FXRTWI,FXREUR", lines),
                "day 2023-01-04, USD: invalid rate \"-0.6809\"",
            )
        });
    }

    #[test]
    fn a_day_repeated_in_the_file() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                table("FXRUSD", "27-Jun-2024,0.6666\n27-Jun-2024,0.6666"),
                "day 2024-06-27 follows 2024-06-27: repeated or out of order",
            )
        });
    }
}
