//! `inforeuro`'s own behaviour: the month of a day, of each day of a
//! range, and of the latest (the current month, else the one before); no
//! month before the euro; the entries of its lists that are no rate (the
//! euro at 1, a `null` value) or one twice; JSON numbers stored exactly
//! however written; and its own faults.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::common::pg::{count_rates, stored};
use crate::conformance::case::{Route, at, mirrored, recorded, route};
use crate::conformance::cases::inforeuro::{case, entry, list, month};

/// A database with the schema, the mirror answering `routes`.
fn serving(routes: &[Route]) -> Env {
    let env = Env::with_schema();
    route(&env, "inforeuro", routes);
    env
}

/// `fetch --provider inforeuro args…` as if on `today`: its summary line.
fn fetch_at(env: &Env, today: &str, args: &[&str]) -> String {
    let mut all = vec!["fetch", "--provider", "inforeuro"];
    all.extend(args);
    env.run_at(today, &all)
        .unwrap_or_else(|err| panic!("{today} {args:?}: {err:#}"))
}

/// The targets the mirror was asked for, forgotten.
fn asked(env: &Env) -> Vec<String> {
    let targets = env.http.targets();
    env.requested();
    targets
}

/// The targets of the months `(year, month)`, as the mirror sees them.
fn months(asked: &[(u32, u32)]) -> Vec<String> {
    asked
        .iter()
        .map(|&(year, number)| mirrored("inforeuro", &month(year, number)))
        .collect()
}

#[test]
fn a_day_asks_for_its_month_and_a_range_for_every_month_it_touches() {
    let env = recorded("inforeuro", &case());
    let out = fetch_at(&env, "2026-09-10", &["--date", "2026-08-17"]);
    assert_eq!(
        out,
        "inforeuro: 1 day (2026-08-01), 151 rates: 151 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(asked(&env), months(&[(2026, 8)]));
    // June and July unanswered (the mirror's 404): nothing published.
    let out = fetch_at(
        &env,
        "2026-09-10",
        &["--from", "2026-06-30", "--to", "2026-08-02"],
    );
    assert_eq!(
        out,
        "inforeuro: 1 day (2026-08-01), 151 rates: 0 inserted, 0 revised, 151 unchanged"
    );
    assert_eq!(asked(&env), months(&[(2026, 6), (2026, 7), (2026, 8)]));
}

#[test]
fn the_latest_is_the_current_month_or_else_the_one_before() {
    let env = recorded("inforeuro", &case());
    let out = fetch_at(&env, "2026-08-19", &[]);
    assert_eq!(
        out,
        "inforeuro: 1 day (2026-08-01), 151 rates: 151 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(asked(&env), months(&[(2026, 8)]));

    // Early September, its list not out: `[]`, then August.
    let env = recorded("inforeuro", &case());
    route(
        &env,
        "inforeuro",
        &[at(month(2026, 9), Reply::ok_json("[]"))],
    );
    let out = fetch_at(&env, "2026-09-02", &[]);
    assert_eq!(
        out,
        "inforeuro: 1 day (2026-08-01), 151 rates: 151 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(asked(&env), months(&[(2026, 9), (2026, 8)]));
}

#[test]
fn no_month_before_the_euro_is_asked_for() {
    let env = Env::with_schema();
    env.fetch("inforeuro")
        .args(["--date", "1998-12-01"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: --date 1998-12-01 is before 1999-01-01, the first day of inforeuro's rates\n",
        );
    assert_eq!(asked(&env), Vec::<String>::new());
}

#[test]
fn the_euro_at_one_and_null_values_are_no_rates_and_a_repeat_at_one_value_is_one() {
    let rows = [
        entry("KGS", "null"),
        entry("USD", "1.0765"),
        entry("XOF", "655.957"),
        entry("XOF", "655.957"),
        entry("MKD", "null"),
    ];
    let env = serving(&[at(month(2024, 6), Reply::ok_json(list(&rows.join(","))))]);
    let out = fetch_at(&env, "2024-07-01", &["--date", "2024-06-03"]);
    assert_eq!(
        out,
        "inforeuro: 1 day (2024-06-01), 3 rates: 3 inserted, 0 revised, 0 unchanged"
    );
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "inforeuro"), 3);
    for (quote, expected) in [
        ("JPY", "1 EUR JPY 170.15"),
        ("USD", "1 EUR USD 1.0765"),
        ("XOF", "1 EUR XOF 655.957"),
        ("KGS", "NULL"),
        ("MKD", "NULL"),
        ("EUR", "NULL"),
    ] {
        assert_eq!(
            stored(&mut client, "inforeuro", "2024-06-01", "EUR", quote),
            expected
        );
    }
}

#[test]
fn json_numbers_are_stored_exactly_however_written() {
    let rows = [
        entry("USD", "1.0765000"),
        entry("IDR", "1.77045e4"),
        entry("KWD", "3.2925E-1"),
        entry("IRR", "1578300.018000000000000000001"),
        entry("VND", "27450"),
    ];
    let env = serving(&[at(month(2024, 6), Reply::ok_json(list(&rows.join(","))))]);
    fetch_at(&env, "2024-07-01", &["--date", "2024-06-03"]);
    let mut client = env.client();
    for (quote, expected) in [
        ("USD", "1 EUR USD 1.0765000"),
        ("IDR", "1 EUR IDR 17704.5"),
        ("KWD", "1 EUR KWD 0.32925"),
        ("IRR", "1 EUR IRR 1578300.018000000000000000001"),
        ("VND", "1 EUR VND 27450"),
    ] {
        assert_eq!(
            stored(&mut client, "inforeuro", "2024-06-01", "EUR", quote),
            expected
        );
    }
}

/// InforEuro's own faults, run as the fault table runs its cases.
mod faults {
    use super::{entry, list};
    use crate::conformance::cases::inforeuro::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn the_euro_at_another_value_than_one() {
        run_fault(&FAULTS, |world, provider| {
            let document = format!("[{},{}]", entry("EUR", "1.0001"), entry("USD", "1.0765"));
            refused(
                world,
                provider,
                document,
                "day 2024-06-01: the euro is listed at 1.0001, not 1",
            )
        });
    }

    #[test]
    fn more_digits_than_a_rate_holds() {
        run_fault(&FAULTS, |world, provider| {
            let document = list(&entry("IRR", "1578300.01800000000000000000001"));
            refused(
                world,
                provider,
                document,
                "day 2024-06-01, IRR: invalid rate \"1578300.01800000000000000000001\"",
            )
        });
    }

    #[test]
    fn a_list_of_the_euro_alone() {
        run_fault(&FAULTS, |world, provider| {
            let document = format!("[{},{}]", entry("EUR", "1"), entry("KGS", "null"));
            refused(world, provider, document, "day 2024-06-01 has no rates")
        });
    }
}
