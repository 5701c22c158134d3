//! The Riksbank's faults: a week is one request to group 130. Its
//! "nothing published" is `204 No Content` or an empty array (`[]`),
//! tested beside the generic cases.

use super::formats::{json_rate, json_rate_refusal};
use super::*;

/// The Sveriges Riksbank: the week in one request, dates in the path.
pub(super) const RIKSBANK: ProviderFaults = ProviderFaults {
    source: "riksbank",
    base: "SEK",
    name: "riksbank",
    url_var: "FXRATES_RIKSBANK_URL",
    path: "/Observations/ByGroup/130/2024-06-24/2024-06-28",
    query: "",
    fixture: "riksbank/2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document: riksbank_document,
    refusal: riksbank_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
};

/// One row of the answer.
fn row(series: &str, date: &str, value: &str) -> String {
    format!(r#"{{"seriesId":"{series}","date":"{date}","value":{value}}}"#)
}

// The cases in SWEA's shape: "unknown root" is one row as an object instead
// of an array, "missing attribute" a row without its value.
fn riksbank_document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, usd: &[&str]| {
        let mut rows = vec![row("SEKJPYPMI", date, "0.06588")];
        rows.extend(usd.iter().map(|value| row("SEKUSDPMI", date, value)));
        format!("[{}]", rows.join(","))
    };
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(RIKSBANK.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => row("SEKUSDPMI", "2024-06-27", "10.5913"),
        BadDocument::MissingAttribute => {
            r#"[{"seriesId":"SEKUSDPMI","date":"2024-06-27"}]"#.to_owned()
        }
        BadDocument::Rate(rate) => day("2024-06-27", &[&json_rate(rate)]),
        BadDocument::FutureDate => day("2999-01-04", &["10.5913"]),
        BadDocument::RepeatedCurrency => day("2024-06-27", &["10.5913", "10.5914"]),
    };
    text.into_bytes()
}

fn riksbank_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty array is nothing published"),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid type: map".to_owned(),
        BadDocument::MissingAttribute => "an observation lacks value".to_owned(),
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

provider_fault_tests!(&RIKSBANK, where_nothing_published_is an_empty_document);

/// SWEA answers a window without publication with `204 No Content`: the
/// run succeeds, stores nothing, sends no email.
#[test]
fn no_content_is_nothing_published() {
    let world = World::new();
    world.seed(RIKSBANK.source, RIKSBANK.base);
    world.env.http.route(
        RIKSBANK.path,
        Reply::Body {
            status: 204,
            content_type: "application/json",
            body: Vec::new(),
        },
    );
    let before = checksum(&world);
    let output = world
        .fxrates()
        .args(BACKFILL)
        .env("FXRATES_PROVIDER", RIKSBANK.name)
        .env(RIKSBANK.url_var, world.env.http.base_url())
        .output()
        .expect("run fxrates");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(checksum(&world), before);
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
    assert_eq!(world.env.http.requests(), [RIKSBANK.path]);
}
