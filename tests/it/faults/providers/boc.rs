//! The Bank of Canada's faults: a week is one request to the daily group.
//! An empty `observations` array is the Valet's "nothing published", so
//! the generic "document without a day" case is replaced by a test that
//! such an answer stores nothing and succeeds.

use super::*;

/// The Bank of Canada: the week in one request, dates in the query.
pub(super) const BOC: ProviderFaults = ProviderFaults {
    source: "boc",
    base: "CAD",
    name: "boc",
    url_var: "FXRATES_BOC_URL",
    path: "/observations/group/FX_RATES_DAILY/json",
    query: "?start_date=2024-06-24&end_date=2024-06-28",
    fixture: "boc/2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document: boc_document,
    refusal: boc_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
};

/// A group answer of the real shape holding `observations`.
fn boc_answer(observations: &str) -> String {
    format!(
        r#"{{"terms":{{"url":"https://www.bankofcanada.ca/terms/"}},"groupDetail":{{"label":"Daily exchange rates","description":"Daily average exchange rates","link":null}},"seriesDetail":{{"FXUSDCAD":{{"label":"USD/CAD","description":"US dollar to Canadian dollar daily exchange rate","dimension":{{"key":"d","name":"Date"}}}},"FXJPYCAD":{{"label":"JPY/CAD","description":"Japanese yen to Canadian dollar daily exchange rate","dimension":{{"key":"d","name":"Date"}}}}}},"observations":[{observations}]}}"#
    )
}

// The cases in the Valet's shape: "unknown root" is a bare array of
// observations, "missing attribute" a value without its `v`; every value is
// a string, so each bad rate is quoted as it stood.
fn boc_document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, usd: &str| {
        boc_answer(&format!(
            r#"{{"d":"{date}","FXJPYCAD":{{"v":"0.008540"}},{usd}}}"#
        ))
    };
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(BOC.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => boc_answer(""),
        BadDocument::UnknownRoot => r#"[{"d":"2024-06-27","FXUSDCAD":{"v":"1.3700"}}]"#.to_owned(),
        BadDocument::MissingAttribute => day("2024-06-27", r#""FXUSDCAD":{"value":"1.3700"}"#),
        BadDocument::Rate(rate) => day("2024-06-27", &format!(r#""FXUSDCAD":{{"v":"{rate}"}}"#)),
        BadDocument::FutureDate => day("2999-01-04", r#""FXUSDCAD":{"v":"1.3700"}"#),
        BadDocument::RepeatedCurrency => day(
            "2024-06-27",
            r#""FXUSDCAD":{"v":"1.3700"},"FXUSDCAD":{"v":"1.3701"}"#,
        ),
    };
    text.into_bytes()
}

fn boc_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty observations array is nothing published"),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid type".to_owned(),
        BadDocument::MissingAttribute => {
            r#"day 2024-06-27, USD: invalid value {"value":"1.3700"}"#.to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

provider_fault_tests!(&BOC, where_nothing_published_is an_empty_document);

/// The Valet answers a window without publication with an empty
/// `observations` array: the run succeeds, stores nothing, sends no email.
#[test]
fn a_document_without_a_day_is_nothing_published() {
    let world = World::new();
    world.seed(BOC.source, BOC.base);
    world
        .env
        .http
        .route(BOC.path, Reply::ok_json((BOC.document)(BadDocument::NoDay)));
    let before = checksum(&world);
    let output = world
        .fxrates()
        .args(BACKFILL)
        .env("FXRATES_PROVIDER", BOC.name)
        .env(BOC.url_var, world.env.http.base_url())
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
        [format!("{}{}", BOC.path, BOC.query)]
    );
}
