//! What the fault tests know of each provider: how it is reached, its
//! secrets, its documents made wrong in each [`BadDocument`] way, and what
//! fxrates says when it refuses them.

use super::{BadDocument, ProviderFaults};
use crate::common::env::HISTORY;

/// The European Central Bank.
pub(super) const ECB: ProviderFaults = ProviderFaults {
    source: "ecb",
    base: "EUR",
    name: "ecb",
    url_var: "FXRATES_ECB_URL",
    path: HISTORY,
    query: "",
    fixture: "ecb/eurofxref-hist.xml",
    rest: &[],
    secrets: &[],
    document: ecb_document,
    refusal: ecb_refusal,
    html_refusal: "the root element is <html>",
    content_type: "application/xml",
};

pub(crate) fn ecb_envelope(cubes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<Cube>
{cubes}
	</Cube>
</gesmes:Envelope>
"#
    )
}

fn ecb_document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, rates: &str| {
        ecb_envelope(&format!(
            "<Cube time='{date}'><Cube currency='JPY' rate='171.20'/>{rates}</Cube>"
        ))
    };
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture("ecb/eurofxref-hist.xml");
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => ecb_envelope(""),
        BadDocument::UnknownRoot => {
            "<?xml version='1.0'?><rates><day date='2024-06-27'/></rates>".to_owned()
        }
        BadDocument::MissingAttribute => day("2024-06-27", "<Cube currency='USD' value='1.0714'/>"),
        BadDocument::Rate(rate) => day(
            "2024-06-27",
            &format!("<Cube currency='USD' rate='{rate}'/>"),
        ),
        BadDocument::FutureDate => day("2999-01-04", "<Cube currency='USD' rate='1.0714'/>"),
        BadDocument::RepeatedCurrency => day(
            "2024-06-27",
            "<Cube currency='USD' rate='1.0714'/><Cube currency='USD' rate='1.0715'/>",
        ),
    };
    text.into_bytes()
}

fn ecb_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => "the document holds no day of rates".to_owned(),
        BadDocument::UnknownRoot => "the root element is <rates>, not <gesmes:Envelope>".to_owned(),
        BadDocument::MissingAttribute => "<Cube> lacks the rate attribute".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Frankfurter: a week is one time series, `/FROM..TO`.
pub(super) const FRANKFURTER: ProviderFaults = ProviderFaults {
    source: "frankfurter",
    base: "EUR",
    name: "frankfurter",
    url_var: "FXRATES_FRANKFURTER_URL",
    path: "/2024-06-24..2024-06-28",
    query: "",
    fixture: "frankfurter/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document: frankfurter_document,
    refusal: frankfurter_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
};

/// A Frankfurter time series of the week holding `days`.
fn frankfurter_series(days: &str) -> String {
    format!(
        r#"{{"amount":1.0,"base":"EUR","start_date":"2024-06-24","end_date":"2024-06-28","rates":{{{days}}}}}"#
    )
}

/// `rate` as a JSON document would carry it: bare if it reads as a number
/// (or is `NaN`, as some JSON writers emit), a string otherwise (`"n/a"`).
pub(super) fn json_rate(rate: &str) -> String {
    if rate == "NaN" || rate.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        rate.to_owned()
    } else {
        format!("{rate:?}")
    }
}

/// What a JSON provider says about the bad `rate` of `quote` on `date`.
pub(super) fn json_rate_refusal(date: &str, quote: &str, rate: &str) -> String {
    let invalid = format!("day {date}, {quote}: invalid rate");
    match rate {
        // Not a JSON token: the document is refused as a whole.
        "NaN" => "not JSON: expected value".to_owned(),
        // A sign or an exponent: read as a JSON number, quoted as it stood.
        _ if rate.starts_with('-') || rate.contains('e') => format!("{invalid} {rate}"),
        _ if json_rate(rate).starts_with('"') => {
            format!("{invalid} {rate:?} (expected a number)")
        }
        _ => format!("{invalid} {rate:?}"),
    }
}

// The cases in JSON: "no day" is a series whose `rates` is empty, "unknown
// root" a top-level array instead of an object, "missing attribute" a rate
// given as `null`.
fn frankfurter_document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, rates: &str| {
        frankfurter_series(&format!(r#""{date}":{{"JPY":171.20,{rates}}}"#))
    };
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(FRANKFURTER.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => frankfurter_series(""),
        BadDocument::UnknownRoot => r#"[{"date":"2024-06-27","rates":{"USD":1.0714}}]"#.to_owned(),
        BadDocument::MissingAttribute => day("2024-06-27", r#""USD":null"#),
        BadDocument::Rate(rate) => day("2024-06-27", &format!(r#""USD":{}"#, json_rate(rate))),
        BadDocument::FutureDate => day("2999-01-04", r#""USD":1.0714"#),
        BadDocument::RepeatedCurrency => day("2024-06-27", r#""USD":1.0714,"USD":1.0715"#),
    };
    text.into_bytes()
}

fn frankfurter_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "the answer holds no day of rates".to_owned(),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid".to_owned(),
        BadDocument::MissingAttribute => {
            "day 2024-06-27, USD: invalid rate null (expected a number)".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// The sentinel OXR app id: it goes in every request's query, and must
/// show nowhere. A macro, so that the query below can be built from it.
macro_rules! oxr_app_id {
    () => {
        "SENTINEL-oxr-app-id-93b1"
    };
}

/// Open Exchange Rates: one request per day, the app id in the query. The
/// faults are set up on the first day of the week; the other days are
/// served for the cases that heal.
pub(super) const OXR: ProviderFaults = ProviderFaults {
    source: "oxr",
    base: "USD",
    name: "oxr",
    url_var: "FXRATES_OXR_URL",
    path: "/historical/2024-06-24.json",
    query: concat!("?app_id=", oxr_app_id!()),
    fixture: "oxr/historical/2024-06-24.json",
    rest: &[
        (
            "/historical/2024-06-25.json",
            "oxr/historical/2024-06-25.json",
        ),
        (
            "/historical/2024-06-26.json",
            "oxr/historical/2024-06-26.json",
        ),
        (
            "/historical/2024-06-27.json",
            "oxr/historical/2024-06-27.json",
        ),
        (
            "/historical/2024-06-28.json",
            "oxr/historical/2024-06-28.json",
        ),
    ],
    secrets: &[("FXRATES_OXR_APP_ID", oxr_app_id!())],
    document: oxr_document,
    refusal: oxr_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
};

/// 2024-06-24 23:59:59 UTC: an OXR answer has no date, only this.
const OXR_DAY: i64 = 1_719_273_599;

/// An OXR answer at `timestamp` quoting `rates` against the dollar.
fn oxr_answer(timestamp: i64, rates: &str) -> String {
    format!(
        r#"{{"disclaimer":"Usage subject to terms","license":"https://openexchangerates.org/license","timestamp":{timestamp},"base":"USD","rates":{{{rates}}}}}"#
    )
}

// The cases as for Frankfurter, on the day asked for first (2024-06-24), and
// on EUR: the base, USD, is dropped at 1 and refused at any other rate.
fn oxr_document(bad: BadDocument) -> Vec<u8> {
    let day = |rates: &str| oxr_answer(OXR_DAY, &format!(r#""JPY":160.21,{rates}"#));
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(OXR.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => oxr_answer(OXR_DAY, ""),
        BadDocument::UnknownRoot => {
            r#"[{"timestamp":1719273599,"rates":{"EUR":0.9342}}]"#.to_owned()
        }
        BadDocument::MissingAttribute => day(r#""EUR":null"#),
        BadDocument::Rate(rate) => day(&format!(r#""EUR":{}"#, json_rate(rate))),
        // 2999-01-04 12:00 UTC.
        BadDocument::FutureDate => oxr_answer(32_472_446_400, r#""EUR":0.9342"#),
        BadDocument::RepeatedCurrency => day(r#""EUR":0.9342,"EUR":0.9343"#),
    };
    text.into_bytes()
}

fn oxr_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "day 2024-06-24 has no rates".to_owned(),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid".to_owned(),
        BadDocument::MissingAttribute => {
            "day 2024-06-24, EUR: invalid rate null (expected a number)".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-24", "EUR", rate),
        BadDocument::FutureDate => {
            "timestamp 32472446400: day 2999-01-04 is in the future".to_owned()
        }
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency EUR appears twice".to_owned(),
    }
}
