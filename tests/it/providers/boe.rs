//! `boe`'s own behaviour: the latest day is the newest of the last two
//! weeks; and its own faults.

use crate::common::env::Env;
use crate::conformance::case::mirrored;
use crate::conformance::cases::boe::{answer, range};

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_last_two_weeks() {
    let env = Env::with_schema_answering(
        &mirrored("boe", &range("10/Mar/2026", "24/Mar/2026")),
        "boe/iadb-2026-03-21-2026-03-24.csv",
    );
    let out = env
        .run_at("2026-03-24", &["fetch", "--provider", "boe"])
        .expect("latest");
    assert_eq!(
        out,
        "boe: 1 day (2026-03-24), 5 rates: 5 inserted, 0 revised, 0 unchanged"
    );
}

/// The Bank of England's own faults, run as the fault table runs its cases.
mod faults {
    use super::answer;
    use crate::conformance::cases::boe::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn an_unknown_series_column() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                answer("XUDLUSS,XUDLXXS", "27 Jun 2024,1.2634,1.5\r\n"),
                "not the expected CSV: unknown column \"XUDLXXS\"",
            )
        });
    }

    #[test]
    fn a_day_outside_the_week_asked_for() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                answer("XUDLUSS", "21 Jun 2024,1.2651\r\n"),
                "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }

    #[test]
    fn a_day_repeated_in_the_answer() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                answer("XUDLUSS", "27 Jun 2024,1.2634\r\n27 Jun 2024,1.2634\r\n"),
                "day 2024-06-27 follows 2024-06-27: repeated or out of order",
            )
        });
    }
}
