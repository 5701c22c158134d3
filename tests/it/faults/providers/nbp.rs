//! The NBP's faults: a backfill of the week is one range request of table
//! A. Its 404 means "no table in the range", so the generic `http_404` case
//! does not apply: a 404 is a success that stores nothing, tested below.

use super::formats::{json_rate, json_rate_refusal};
use super::*;

/// The Narodowy Bank Polski: table A for 2024-06-24..2024-06-28.
pub(super) const NBP: ProviderFaults = ProviderFaults {
    source: "nbp",
    base: "PLN",
    name: "nbp",
    url_var: "FXRATES_NBP_URL",
    path: "/exchangerates/tables/A/2024-06-24/2024-06-28/",
    query: "?format=json",
    fixture: "nbp/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document: nbp_document,
    refusal: nbp_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
};

provider_fault_tests!(&NBP, where_nothing_published_is http_404);

/// An answer holding one table `table` of `date` with the rows `rows`.
fn one_table(table: &str, date: &str, rows: &str) -> String {
    format!(
        r#"[{{"table":"{table}","no":"124/A/NBP/2024","effectiveDate":"{date}","rates":[{{"currency":"jen (Japonia)","code":"JPY","mid":0.025108}},{rows}]}}]"#
    )
}

// The cases in the NBP's JSON: "no day" is an empty array (the NBP says
// "none" with a 404, never so), "unknown root" a table outside an array,
// "missing attribute" a row without `mid`.
fn nbp_document(bad: BadDocument) -> Vec<u8> {
    let usd = |mid: &str| format!(r#"{{"currency":"dolar amerykański","code":"USD","mid":{mid}}}"#);
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(NBP.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => {
            let array = one_table("A", "2024-06-27", &usd("4.0311"));
            array[1..array.len() - 1].to_owned()
        }
        BadDocument::MissingAttribute => one_table(
            "A",
            "2024-06-27",
            r#"{"currency":"dolar amerykański","code":"USD"}"#,
        ),
        BadDocument::Rate(rate) => one_table("A", "2024-06-27", &usd(&json_rate(rate))),
        BadDocument::FutureDate => one_table("A", "2999-01-04", &usd("4.0311")),
        BadDocument::RepeatedCurrency => one_table(
            "A",
            "2024-06-27",
            &format!("{},{}", usd("4.0311"), usd("4.0312")),
        ),
    };
    text.into_bytes()
}

fn nbp_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "the answer holds no table of rates".to_owned(),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `mid`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Serves `document` for the backfill and expects it refused with `says`.
fn refused(world: &World, document: String, says: &str) -> Fault {
    world.env.http.route(NBP.path, Reply::ok_json(document));
    Fault::fails(4, shown_url(world, &NBP)).also(says)
}

#[test]
fn a_table_other_than_a() {
    run_fault(&NBP, |world, _| {
        let rows = r#"{"currency":"balboa (Panama)","code":"PAB","mid":4.0311}"#;
        let document = one_table("B", "2024-06-27", rows);
        refused(world, document, "day 2024-06-27: table \"B\", not table A")
    });
}

#[test]
fn a_day_outside_the_backfill() {
    run_fault(&NBP, |world, _| {
        let rows = r#"{"currency":"dolar amerykański","code":"USD","mid":4.0311}"#;
        let document = one_table("A", "2024-06-21", rows);
        refused(
            world,
            document,
            "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
        )
    });
}

/// The NBP's 404 is its "no table in that range": the run succeeds, says
/// so, stores nothing, records a successful run and sends no email.
#[test]
fn a_404_for_the_backfill_is_no_rates_published_and_nothing_stored() {
    let world = World::new();
    world.env.http.route(
        NBP.path,
        Reply::Body {
            status: 404,
            content_type: "text/plain; charset=utf-8",
            body: b"404 NotFound - Not Found - Brak danych".to_vec(),
        },
    );
    world.seed(NBP.source, NBP.base);
    let before = checksum(&world);

    let backfill: Vec<&str> = BACKFILL
        .iter()
        .copied()
        .filter(|arg| *arg != "--quiet")
        .collect();
    let output = world
        .fxrates()
        .args(&backfill)
        .env("FXRATES_PROVIDER", NBP.name)
        .env(NBP.url_var, world.env.http.base_url())
        .output()
        .expect("run fxrates");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "nbp: no rates published from 2024-06-24 to 2024-06-28; nothing stored\n"
    );
    assert_eq!(world.env.http.requests(), [NBP.path]);
    assert_eq!(checksum(&world), before, "the table changed");
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
}
