//! The National Bank of Romania's year files: the recorded file of 2026,
//! cut to its first 15 days (37 rates a day: RON per 1 or 100 units, the
//! SDR, and gold per gram, stored under the series `per-gram`). A file
//! without a `<Cube>`, and HTTP 404 (a year without a file), are nothing
//! published (neither was recorded). The catch-up's file adds a day, the
//! last one redated with EUR changed, and the fault week's file is six
//! rates of the recording's first day, redated: illustrative.

use fxrates::providers::bnr;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The path of the file of `year`.
pub fn year_file(year: u16) -> String {
    format!("/files/xml/years/nbrfxrates{year}.xml")
}

/// The recorded days.
pub const WINDOW: &[&str] = &["--from", "2026-01-01", "--to", "2026-01-27"];

/// A file of the namespace holding `cubes`.
pub fn file(cubes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><DataSet xmlns="https://www.bnr.ro/xsd"><Header><Publisher>National Bank of Romania</Publisher><PublishingDate>2024-06-28</PublishingDate><MessageType>DR</MessageType></Header><Body><Subject>Reference rates</Subject><OrigCurrency>RON</OrigCurrency>{cubes}</Body></DataSet>"#
    )
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(year_file(2026), Reply::file("bnr/nbrfxrates2026.xml"))],
            args: WINDOW,
            days: "15 days (2026-01-05..2026-01-27)",
            count: 555,
            requests: vec![year_file(2026)],
            shape: &["1 X RON mid: 465", "1 X RON per-gram: 15", "100 X RON mid: 75"],
            currencies: "AED,AUD,BRL,CAD,CHF,CNY,CZK,DKK,EGP,EUR,GBP,HKD,HUF,IDR,ILS,INR,ISK,\
                         JPY,KRW,MDL,MXN,MYR,NOK,NZD,PHP,PLN,RSD,RUB,SEK,SGD,THB,TRY,UAH,USD,\
                         XAU,XDR,ZAR",
            rows: &[
                ("2026-01-05", "mid", "1 EUR RON 5.0905"),
                ("2026-01-05", "mid", "1 USD RON 4.3557"),
                ("2026-01-05", "mid", "100 HUF RON 1.3247"),
                ("2026-01-05", "mid", "100 IDR RON 0.0260"),
                ("2026-01-05", "mid", "1 XDR RON 5.9535"),
                ("2026-01-05", "per-gram", "1 XAU RON 621.3365"),
                ("2026-01-05", "mid", "XAU RON NULL"),
                ("2026-01-27", "per-gram", "1 XAU RON 700.8626"),
                ("2026-01-06", "mid", "EUR RON NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(year_file(2026), Reply::file("bnr/nbrfxrates2026-next.xml"))],
            today: "2026-01-28",
            args: &[],
            summary: "1 day (2026-01-28), 37 rates: 37 inserted, 0 revised, 0 unchanged",
            requests: vec![year_file(2026)],
            total: 592,
            rows: &[("2026-01-28", "mid", "1 EUR RON 5.0917")],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(year_file(2026), Reply::ok_xml(file("")))],
                args: &["--date", "2026-01-02"],
                at: None,
                says: "no rates published for 2026-01-02 (a Friday: an unscheduled closing?); nothing stored",
                requests: vec![year_file(2026)],
            },
            Nothing {
                routes: vec![],
                args: &["--from", "2025-12-30", "--to", "2025-12-31"],
                at: None,
                says: "no rates published from 2025-12-30 to 2025-12-31; nothing stored",
                requests: vec![year_file(2025)],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-01-05", "--to", "2026-01-05", "--symbols", "USD,XDR"],
            days: "1 day (2026-01-05)",
            count: 2,
            currencies: "USD,XDR",
            requests: vec![year_file(2026)],
        },
    }
}

/// The fault table's week: one request, the file of 2024.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "bnr",
    path: "/files/xml/years/nbrfxrates2024.xml",
    query: "",
    fixture: "bnr/nbrfxrates2024.xml",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not a BNR rate file: the root element is <html>, not <DataSet>",
    content_type: "text/xml",
    nothing_published: NothingIs::Http404OrNoDay,
};

/// A `<Cube>` of `date` holding `rates`.
pub fn cube(date: &str, rates: &str) -> String {
    format!(r#"<Cube date="{date}">{rates}</Cube>"#)
}

// The cases in the Bank's XML: "no day" is a file without a `<Cube>`,
// "unknown root" the ECB's envelope, "missing attribute" a `<Rate>`
// without its currency.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |value: &str| format!(r#"<Rate currency="USD">{value}</Rate>"#);
    let on_27th = |rates: &str| {
        file(&format!(
            "{}{}",
            cube("2024-06-26", &usd("4.3557")),
            cube("2024-06-27", rates)
        ))
    };
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => file(""),
        BadDocument::UnknownRoot => "<?xml version=\"1.0\"?><gesmes:Envelope \
             xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\"></gesmes:Envelope>"
            .to_owned(),
        BadDocument::MissingAttribute => on_27th("<Rate>4.3557</Rate>"),
        BadDocument::Rate(rate) => on_27th(&usd(rate)),
        BadDocument::FutureDate => file(&cube("2999-01-04", &usd("4.3557"))),
        BadDocument::RepeatedCurrency => on_27th(&format!("{}{}", usd("4.3557"), usd("4.3558"))),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("a file without a <Cube> is nothing published"),
        BadDocument::UnknownRoot => {
            "not a BNR rate file: the root element is <gesmes:Envelope>, not <DataSet>".to_owned()
        }
        BadDocument::MissingAttribute => {
            "day 2024-06-27: <Rate> lacks the currency attribute".to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "bnr/nbrfxrates2026.xml",
        "bnr/nbrfxrates2026-next.xml",
        "bnr/nbrfxrates2024.xml",
    ],
    fuzz_target: "bnr_xml",
};

/// The year-file parser: days oldest first.
fn check(bytes: &[u8]) {
    if let Ok(days) = bnr::parse(bytes, today()) {
        check_days(&days, None);
    }
}
