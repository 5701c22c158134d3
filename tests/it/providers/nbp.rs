//! `nbp`'s own behaviour: a long backfill asked for in spans of 93 days,
//! `show` naming the table a Polish invoice quotes; and its own faults.

use crate::common::env::Env;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::nbp::{case, one_table, range};

#[test]
fn a_long_backfill_is_asked_for_in_spans_of_93_days() {
    let env = Env::with_schema();
    let out = env
        .run_at(
            "2026-03-09",
            &[
                "fetch",
                "--provider",
                "nbp",
                "--from",
                "2025-10-01",
                "--to",
                "2026-03-05",
            ],
        )
        .expect("nothing in the spans is not an error");
    assert_eq!(
        out,
        "nbp: no rates published from 2025-10-01 to 2026-03-05; nothing stored"
    );
    assert_eq!(
        env.requested(),
        [
            mirrored("nbp", &range("2025-10-01", "2026-01-01")),
            mirrored("nbp", &range("2026-01-02", "2026-03-05")),
        ]
    );
}

/// A Polish invoice quotes the table: `show` names it, for a weekend day
/// too (the Friday's table), and JSON carries it as `reference`.
#[test]
fn show_names_the_table_and_the_pair_as_printed() {
    let env = recorded("nbp", &case());
    env.fetch("nbp")
        .args(["--from", "2026-03-01", "--to", "2026-03-05"])
        .assert()
        .success();
    env.fxrates()
        .args([
            "show",
            "USD",
            "EUR",
            "--provider",
            "nbp",
            "--date",
            "2026-03-04",
        ])
        .assert()
        .success()
        .stdout(
            "nbp rates for 2026-03-04, 043/A/NBP/2026\n\
             AMOUNT     RATE  IN\n\
             1 USD =  3.6770  PLN\n\
             1 EUR =  4.2685  PLN\n",
        );
    let json = env
        .fxrates()
        .args(["show", "USD", "--provider", "nbp", "--format", "json"])
        .args(["--date", "2026-03-05"])
        .output()
        .expect("show runs");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["date"], "2026-03-05");
    assert_eq!(json["reference"], "044/A/NBP/2026");
    assert_eq!(
        json["pairs"],
        serde_json::json!([{
            "base": "USD", "quote": "PLN", "unit": 1,
            "rate": "3.6771", "per_unit": "3.6771", "computed": false,
        }])
    );
}

/// The NBP's own faults, run as the fault table runs its cases.
mod faults {
    use super::one_table;
    use crate::conformance::cases::nbp::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_table_other_than_a() {
        run_fault(&FAULTS, |world, provider| {
            let rows = r#"{"currency":"balboa (Panama)","code":"PAB","mid":4.0311}"#;
            let document = one_table("B", "2024-06-27", rows);
            refused(
                world,
                provider,
                document,
                "day 2024-06-27: table \"B\", not table A",
            )
        });
    }

    #[test]
    fn a_day_outside_the_backfill() {
        run_fault(&FAULTS, |world, provider| {
            let rows = r#"{"currency":"dolar amerykański","code":"USD","mid":4.0311}"#;
            let document = one_table("A", "2024-06-21", rows);
            refused(
                world,
                provider,
                document,
                "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }
}
