//! Frankfurter v2's faults: a week is one NDJSON request, `/rates` with the
//! days and the base in the query. An answer without a figure of the days
//! asked for (only the figures in force before them, or no line at all) is
//! nothing published, so the generic "document without a day" case is
//! replaced by a test that such an answer stores nothing and succeeds.

use super::formats::{json_rate, json_rate_refusal};
use super::*;

/// Frankfurter v2: the week in one request.
pub(super) const FRANKFURTER2: ProviderFaults = ProviderFaults {
    source: "frankfurter2",
    base: "EUR",
    name: "frankfurter2",
    url_var: "FXRATES_FRANKFURTER2_URL",
    path: "/rates",
    query: "?from=2024-06-24&to=2024-06-28&base=EUR",
    fixture: "frankfurter2/2024-06-24..2024-06-28.ndjson",
    rest: &[],
    secrets: &[],
    document: frankfurter2_document,
    refusal: frankfurter2_refusal,
    html_refusal: "line 1: not JSON: expected value at line 1 column 1",
    content_type: "application/x-ndjson",
};

/// One line of the answer, against the euro.
fn line(date: &str, quote: &str, rate: &str) -> String {
    format!(r#"{{"date":"{date}","base":"EUR","quote":"{quote}","rate":{rate}}}"#)
}

// The cases as NDJSON: "unknown root" is the lines as one JSON array,
// "missing attribute" a line without its rate; each bad line is the second.
fn frankfurter2_document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, usd: &[&str]| {
        let mut lines = vec![line(date, "JPY", "171.20")];
        lines.extend(usd.iter().map(|rate| line(date, "USD", rate)));
        lines.join("\n") + "\n"
    };
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(FRANKFURTER2.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        // The figures in force on the first day: the Friday before.
        BadDocument::NoDay => [
            line("2024-06-21", "EUR", "1.0"),
            line("2024-06-21", "USD", "1.0692"),
        ]
        .join("\n"),
        BadDocument::UnknownRoot => format!("[{}]\n", line("2024-06-27", "USD", "1.0714")),
        BadDocument::MissingAttribute => day("2024-06-27", &[]).replace(
            "\n",
            "\n{\"date\":\"2024-06-27\",\"base\":\"EUR\",\"quote\":\"USD\"}\n",
        ),
        BadDocument::Rate(rate) => day("2024-06-27", &[&json_rate(rate)]),
        BadDocument::FutureDate => day("2999-01-04", &["1.0714"]),
        BadDocument::RepeatedCurrency => day("2024-06-27", &["1.0714", "1.0715"]),
    };
    text.into_bytes()
}

fn frankfurter2_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "line 19: the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty answer is nothing published"),
        BadDocument::UnknownRoot => "line 1: not the expected JSON document: invalid".to_owned(),
        BadDocument::MissingAttribute => {
            "line 2: not the expected JSON document: missing field `rate`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "line 1: day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

provider_fault_tests!(&FRANKFURTER2, where_nothing_published_is an_empty_document);

/// An answer holding only the figures in force before the week: the run
/// succeeds, stores nothing, sends no email.
#[test]
fn a_document_without_a_day_is_nothing_published() {
    let world = World::new();
    world.seed(FRANKFURTER2.source, FRANKFURTER2.base);
    world.env.http.route(
        FRANKFURTER2.path,
        Reply::ok_json((FRANKFURTER2.document)(BadDocument::NoDay)),
    );
    let before = checksum(&world);
    let output = world
        .fxrates()
        .args(BACKFILL)
        .env("FXRATES_PROVIDER", FRANKFURTER2.name)
        .env(FRANKFURTER2.url_var, world.env.http.base_url())
        .output()
        .expect("run fxrates");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(checksum(&world), before);
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
    assert_eq!(
        world.env.http.targets(),
        [format!("{}{}", FRANKFURTER2.path, FRANKFURTER2.query)]
    );
}
