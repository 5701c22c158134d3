//! `tcmb`'s own behaviour: one day and the latest bulletin, each series
//! read as printed and a read without one naming them; and its own faults.

use crate::common::env::{Env, scalar};
use crate::common::pg::stored_series;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::tcmb::{TODAY, WEEK, bulletin, case, currency, day_file, first_day};

/// The week's bulletins and `today.xml` (the Friday's) served.
fn env() -> Env {
    recorded("tcmb", &case())
}

#[test]
fn one_day_and_the_latest_bulletin() {
    let env = env();
    env.fetch("tcmb")
        .args(["--date", "2026-03-04"])
        .assert()
        .success()
        .stdout("tcmb: 1 day (2026-03-04), 29 rates: 29 inserted, 0 revised, 0 unchanged\n");
    env.client()
        .batch_execute("DELETE FROM rates")
        .expect("forget the day");
    // Nothing stored: a catch-up starts from the latest bulletin, dated
    // by its own attributes.
    env.fetch("tcmb")
        .assert()
        .success()
        .stdout("tcmb: 1 day (2026-03-06), 29 rates: 29 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(
        env.requested(),
        [
            mirrored("tcmb", &day_file("04032026")),
            mirrored("tcmb", TODAY)
        ]
    );
}

/// Each series reads as printed; the Bank prints no mid, so a read must
/// name one; SQL agrees with `show`, on the weekend too (Friday's figures).
#[test]
fn each_series_reads_as_printed_and_a_read_without_one_names_them() {
    let env = env();
    env.fetch("tcmb").args(WEEK).assert().success();
    env.fxrates()
        .args([
            "show",
            "USD",
            "JPY",
            "--provider",
            "tcmb",
            "--series",
            "selling",
            "--date",
            "2026-03-04",
        ])
        .assert()
        .success()
        .stdout(
            "tcmb selling rates for 2026-03-04, 2026/43\n\
             AMOUNT        RATE  IN\n\
             1 USD =    43.9415  TRY\n\
             100 JPY =  28.1460  TRY\n",
        );
    env.fxrates()
        .args(["show", "USD", "--provider", "tcmb", "--date", "2026-03-08"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: tcmb published no mid rate for 2026-03-06: name a series \
             (banknote-buying, banknote-selling, buying, selling) (--series)\n",
        );
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT fx_rate('USD', 'TRY', '2026-03-08', 'tcmb', 'banknote-selling')"
        ),
        stored_series(
            &mut env.client(),
            "tcmb",
            "2026-03-06",
            "USD",
            "TRY",
            "banknote-selling"
        )
        .trim_start_matches("1 USD TRY ")
    );
}

/// The TCMB's own faults, run as the fault table runs its cases.
mod faults {
    use super::{bulletin, currency, first_day};
    use crate::common::env::fixture;
    use crate::common::http::Reply;
    use crate::conformance::cases::tcmb::FAULTS;
    use crate::conformance::faults::{Fault, refused, run_fault};

    #[test]
    fn a_bulletin_of_another_day() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                fixture("tcmb/202406/25062024.xml"),
                "asked for 2024-06-24, the bulletin is dated 2024-06-25",
            )
        });
    }

    #[test]
    fn dates_that_disagree() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                first_day("").replace("06/24/2024", "06/25/2024"),
                "the bulletin is dated 2024-06-24 (Tarih 24.06.2024) and 2024-06-25 (Date 06/25/2024)",
            )
        });
    }

    #[test]
    fn a_unit_that_is_not_a_power_of_ten() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                bulletin("24.06.2024", &currency("IRR", "50", "0.0780", "0.0790")),
                "day 2024-06-24, IRR: invalid unit \"50\"",
            )
        });
    }

    /// A bad bulletin on Thursday refuses the whole backfill: the bulletins
    /// of Monday to Wednesday, fetched before it, are not stored either.
    #[test]
    fn one_bad_day_among_good_ones_refuses_them_all() {
        run_fault(&FAULTS, |world, _| {
            let thursday = "/kurlar/202406/27062024.xml";
            let document =
                fixture("tcmb/202406/27062024.xml").replacen("<ForexBuying>", "<ForexBuying>-", 1);
            world.env.http.route(thursday, Reply::ok_xml(document));
            Fault::fails(4, world.env.http.url(thursday))
                .also("day 2024-06-27, USD ForexBuying: invalid rate \"-")
        });
    }
}
