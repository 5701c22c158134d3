//! The CNB's faults: a backfill of the week is one request for the year
//! 2024. Its `{"rates":[]}` means "no fixing published", so the generic
//! `a_document_without_a_day` case does not apply: an empty list is a
//! success that stores nothing, tested below.

use super::formats::{json_rate, json_rate_refusal};
use super::*;

/// The Česká národní banka: the fixings of 2024, cut to the week.
pub(super) const CNB: ProviderFaults = ProviderFaults {
    source: "cnb",
    base: "CZK",
    name: "cnb",
    url_var: "FXRATES_CNB_URL",
    path: "/exrates/daily-year",
    query: "?year=2024&lang=EN",
    fixture: "cnb/daily-year-2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document: cnb_document,
    refusal: cnb_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
};

provider_fault_tests!(&CNB, where_nothing_published_is an_empty_document);

/// A row of the fixing.
fn row(code: &str, amount: &str, date: &str, rate: &str) -> String {
    format!(r#"{{"currencyCode":"{code}","amount":{amount},"validFor":"{date}","rate":{rate}}}"#)
}

/// An answer holding the HUF row of `date`, then `rows`.
fn fixing(date: &str, rows: &str) -> String {
    format!(
        r#"{{"rates":[{},{rows}]}}"#,
        row("HUF", "100", date, "6.330")
    )
}

// The cases in the CNB's JSON: "no day" is the empty list (only used cut
// in half), "unknown root" the rows without their object, "missing
// attribute" a row without `rate`.
fn cnb_document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| row("USD", "1", "2024-06-27", rate);
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(CNB.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => r#"{"rates":[]}"#.to_owned(),
        BadDocument::UnknownRoot => format!("[{}]", usd("23.375")),
        BadDocument::MissingAttribute => fixing(
            "2024-06-27",
            r#"{"currencyCode":"USD","amount":1,"validFor":"2024-06-27"}"#,
        ),
        BadDocument::Rate(rate) => fixing("2024-06-27", &usd(&json_rate(rate))),
        BadDocument::FutureDate => fixing("2999-01-04", &row("USD", "1", "2999-01-04", "23.375")),
        BadDocument::RepeatedCurrency => fixing(
            "2024-06-27",
            &format!("{},{}", usd("23.375"), usd("23.376")),
        ),
    };
    text.into_bytes()
}

fn cnb_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty list is no fault for the CNB"),
        // serde reads a struct from an array too: its first element is
        // taken for `rates`, and a row is not a list.
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `rate`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Serves `document` for the backfill and expects it refused with `says`.
fn refused(world: &World, document: String, says: &str) -> Fault {
    world.env.http.route(CNB.path, Reply::ok_json(document));
    Fault::fails(4, shown_url(world, &CNB)).also(says)
}

#[test]
fn a_day_outside_the_year_asked_for() {
    run_fault(&CNB, |world, _| {
        let document = fixing("2023-12-29", &row("USD", "1", "2023-12-29", "22.162"));
        refused(
            world,
            document,
            "day 2023-12-29 is outside the days asked for (2024-01-01..2024-12-31)",
        )
    });
}

#[test]
fn a_unit_that_is_not_a_power_of_ten() {
    run_fault(&CNB, |world, _| {
        let document = fixing("2024-06-27", &row("IDR", "500", "2024-06-27", "0.713"));
        refused(world, document, "day 2024-06-27, IDR: invalid unit \"500\"")
    });
}

#[test]
fn the_rows_of_a_day_apart() {
    run_fault(&CNB, |world, _| {
        let rows = format!(
            "{},{}",
            row("HUF", "100", "2024-06-28", "6.344"),
            row("USD", "1", "2024-06-27", "23.375"),
        );
        refused(
            world,
            fixing("2024-06-27", &rows),
            "day 2024-06-27 follows 2024-06-28: repeated or out of order",
        )
    });
}

/// The CNB's `{"rates":[]}` is its "no fixing": the run succeeds, says so,
/// stores nothing, records a successful run and sends no email.
#[test]
fn an_empty_list_for_the_backfill_is_no_rates_published_and_nothing_stored() {
    let world = World::new();
    world
        .env
        .http
        .route(CNB.path, Reply::ok_json(r#"{"rates":[]}"#));
    world.seed(CNB.source, CNB.base);
    let before = checksum(&world);

    let backfill: Vec<&str> = BACKFILL
        .iter()
        .copied()
        .filter(|arg| *arg != "--quiet")
        .collect();
    let output = world
        .fxrates()
        .args(&backfill)
        .env("FXRATES_PROVIDER", CNB.name)
        .env(CNB.url_var, world.env.http.base_url())
        .output()
        .expect("run fxrates");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "cnb: no rates published from 2024-06-24 to 2024-06-28; nothing stored\n"
    );
    assert_eq!(
        world.env.http.targets(),
        [format!("{}{}", CNB.path, CNB.query)]
    );
    assert_eq!(checksum(&world), before, "the table changed");
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
}
