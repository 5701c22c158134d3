//! The National Bank of Ukraine's faults: a backfill of the week is one
//! request. Its `[]` means "no rate published", so the generic
//! `a_document_without_a_day` case does not apply: an empty array is a
//! success that stores nothing, tested below. The week's answer is written
//! by hand in the API's shape.

use super::formats::{json_rate, json_rate_refusal};
use super::*;

/// The Національний банк України: the week in one request.
pub(super) const NBU: ProviderFaults = ProviderFaults {
    source: "nbu",
    base: "UAH",
    name: "nbu",
    url_var: "FXRATES_NBU_URL",
    path: "/NBU_Exchange/exchange_site",
    query: "?start=20240624&end=20240628&sort=exchangedate&order=asc&json",
    fixture: "nbu/exchange_site-2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document: nbu_document,
    refusal: nbu_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
};

provider_fault_tests!(&NBU, where_nothing_published_is an_empty_document);

/// A row of the answer.
fn row(date: &str, cc: &str, units: &str, rate: &str) -> String {
    format!(
        r#"{{"exchangedate":"{date}","r030":840,"cc":"{cc}","txt":"x","enname":"x","rate":{rate},"units":{units},"rate_per_unit":{rate},"group":"1","calcdate":"26.06.2024","special":null}}"#
    )
}

/// An answer holding the EUR row of `date`, then `rows`.
fn answer(date: &str, rows: &str) -> String {
    format!("[{},{rows}]", row(date, "EUR", "1", "43.5531"))
}

// The cases in the NBU's JSON: "no day" is the empty array (only used cut
// in half), "unknown root" a row without its array, "missing attribute" a
// row without `rate`.
fn nbu_document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| row("27.06.2024", "USD", "1", rate);
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(NBU.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => usd("40.6914"),
        BadDocument::MissingAttribute => answer(
            "27.06.2024",
            r#"{"exchangedate":"27.06.2024","r030":840,"cc":"USD","units":1}"#,
        ),
        BadDocument::Rate(rate) => answer("27.06.2024", &usd(&json_rate(rate))),
        BadDocument::FutureDate => answer("04.01.2999", &row("04.01.2999", "USD", "1", "40.6914")),
        BadDocument::RepeatedCurrency => answer(
            "27.06.2024",
            &format!("{},{}", usd("40.6914"), usd("40.6915")),
        ),
    };
    text.into_bytes()
}

fn nbu_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty array is no fault for the NBU"),
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
    world.env.http.route(NBU.path, Reply::ok_json(document));
    Fault::fails(4, shown_url(world, &NBU)).also(says)
}

#[test]
fn a_day_outside_the_week_asked_for() {
    run_fault(&NBU, |world, _| {
        refused(
            world,
            answer("23.06.2024", &row("23.06.2024", "USD", "1", "40.5912")),
            "day 2024-06-23 is outside the days asked for (2024-06-24..2024-06-28)",
        )
    });
}

#[test]
fn a_unit_that_is_not_a_power_of_ten() {
    run_fault(&NBU, |world, _| {
        refused(
            world,
            answer("27.06.2024", &row("27.06.2024", "JPY", "50", "12.675")),
            "day 2024-06-27, JPY: invalid unit \"50\"",
        )
    });
}

#[test]
fn a_date_in_another_format() {
    run_fault(&NBU, |world, _| {
        refused(
            world,
            format!("[{}]", row("2024-06-27", "USD", "1", "40.6914")),
            "invalid date \"2024-06-27\" (expected DD.MM.YYYY)",
        )
    });
}

/// The NBU's `[]` is its "no rate": the run succeeds, says so, stores
/// nothing, records a successful run and sends no email.
#[test]
fn an_empty_array_for_the_backfill_is_no_rates_published_and_nothing_stored() {
    let world = World::new();
    world.env.http.route(NBU.path, Reply::ok_json("[]"));
    world.seed(NBU.source, NBU.base);
    let before = checksum(&world);

    let backfill: Vec<&str> = BACKFILL
        .iter()
        .copied()
        .filter(|arg| *arg != "--quiet")
        .collect();
    let output = world
        .fxrates()
        .args(&backfill)
        .env("FXRATES_PROVIDER", NBU.name)
        .env(NBU.url_var, world.env.http.base_url())
        .output()
        .expect("run fxrates");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "nbu: no rates published from 2024-06-24 to 2024-06-28; nothing stored\n"
    );
    assert_eq!(
        world.env.http.targets(),
        [format!("{}{}", NBU.path, NBU.query)]
    );
    assert_eq!(checksum(&world), before, "the table changed");
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
}
