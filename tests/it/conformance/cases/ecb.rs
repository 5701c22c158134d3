//! The European Central Bank: three files (the day, 90 days, the whole
//! history), of which a fetch reads the smallest holding the days asked
//! for and keeps those. The history fixture holds USD, JPY, GBP and HUF;
//! a range the file holds no day of is nothing published.

use fxrates::providers::ecb;

use crate::common::env::{HISTORY, LAST_90_DAYS};
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// A week of the history file.
const WINDOW: &[&str] = &["--from", "2024-06-24", "--to", "2024-06-28"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/xml, text/xml;q=0.9, */*;q=0.1",
        window: Window {
            // The mirror serves the three files to every test.
            routes: vec![],
            args: WINDOW,
            days: "5 days (2024-06-24..2024-06-28)",
            count: 20,
            requests: vec![HISTORY.to_owned()],
            shape: &["1 EUR X mid: 20"],
            currencies: "GBP,HUF,JPY,USD",
            rows: &[
                ("2024-06-28", "mid", "1 EUR USD 1.0705"),
                ("2024-06-28", "mid", "1 EUR HUF 395.1"),
                ("2024-06-26", "mid", "1 EUR GBP 0.8472"),
                ("2024-06-26", "mid", "1 EUR HUF 396"),
                ("2024-06-24", "mid", "1 EUR JPY 172.31"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: &["--date", "2024-05-31"],
            routes: vec![],
            // 3 to 28 June: four weeks of business days, in the 90-day file.
            today: "2024-07-01",
            args: &[],
            summary: "20 days (2024-06-03..2024-06-28), 80 rates: 80 inserted, 0 revised, 0 unchanged",
            requests: vec![LAST_90_DAYS.to_owned()],
            total: 4 + 80,
            rows: &[("2024-06-03", "mid", "1 EUR USD 1.0694")],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![],
                args: &["--date", "2024-06-29"],
                at: None,
                says: "no rates published for 2024-06-29 (a Saturday); nothing stored",
                requests: vec![HISTORY.to_owned()],
            },
            Nothing {
                routes: vec![],
                args: &["--from", "2024-06-29", "--to", "2024-06-30"],
                at: None,
                says: "no rates published from 2024-06-29 to 2024-06-30; nothing stored",
                requests: vec![HISTORY.to_owned()],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2024-06-24", "--to", "2024-06-28", "--symbols", "USD,JPY"],
            days: "5 days (2024-06-24..2024-06-28)",
            count: 10,
            currencies: "JPY,USD",
            requests: vec![HISTORY.to_owned()],
        },
    }
}

/// The fault table's week, from the history file.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "ecb",
    path: HISTORY,
    query: "",
    fixture: "ecb/eurofxref-hist.xml",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "the root element is <html>",
    content_type: "application/xml",
    nothing_published: NothingIs::Neither,
};

/// An ECB document holding `cubes`, the days.
pub fn envelope(cubes: &str) -> String {
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

fn document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, rates: &str| {
        envelope(&format!(
            "<Cube time='{date}'><Cube currency='JPY' rate='171.20'/>{rates}</Cube>"
        ))
    };
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => envelope(""),
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

fn refusal(bad: BadDocument) -> String {
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

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "ecb/eurofxref-daily.xml",
        "ecb/eurofxref-hist-90d.xml",
        "ecb/eurofxref-hist.xml",
    ],
    fuzz_target: "ecb_xml",
};

/// The document parser: what it accepts holds at least one day.
pub fn check(bytes: &[u8]) {
    if let Ok(days) = ecb::parse(bytes, today()) {
        assert!(!days.is_empty(), "accepted a document without a day");
        check_days(&days, None);
    }
}
