//! The IMF's representative rates: one tab-separated report per month,
//! each figure per US dollar or, on a `(1)` line, US dollars per unit, as
//! printed; the recorded March 2026 report, cut to 9 of its currencies
//! (22 days in two blocks, `NA` where a day has no value). The April 2026
//! and June 2024 reports are written by hand in the recorded format;
//! their figures are illustrative, not recorded. A month with nothing
//! published was not recorded: a report without date columns, or an empty
//! body, is nothing published.

use fxrates::providers::imf;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The report's path.
pub const REPORT: &str = "/rms_mth.aspx";

/// The request of the month's report asked by its day `select`.
pub fn report(select: &str) -> String {
    format!("{REPORT}?SelectDate={select}&reportType=REP&tsvflag=Y")
}

/// The content type the report is served with.
pub const CONTENT_TYPE: &str = "application/vnd.ms-excel";

/// A report of `text`, as served.
pub fn tsv(text: &str) -> Reply {
    Reply::Body {
        status: 200,
        content_type: CONTENT_TYPE,
        body: text.as_bytes().to_vec(),
    }
}

/// The report of a month without any date column, as expected.
pub fn no_dates(month: &str) -> Reply {
    tsv(&format!("{}{month}\r\n", imf::TITLE))
}

const WINDOW: &[&str] = &["--from", "2026-03-01", "--to", "2026-03-31"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(
                report("2026-03-31"),
                Reply::file("imf/rms_mth-2026-03.tsv"),
            )],
            args: WINDOW,
            days: "22 days (2026-03-02..2026-03-31)",
            count: 166,
            requests: vec![report("2026-03-31")],
            // `(1)` lines are US dollars per unit, the others units per US
            // dollar; the dollar's own line is not stored.
            shape: &["1 USD X mid: 101", "1 X USD mid: 65"],
            currencies: "AUD,CNY,EUR,GBP,JPY,KRW,KWD,MXN",
            rows: &[
                ("2026-03-02", "mid", "1 USD JPY 156.400000"),
                ("2026-03-02", "mid", "1 EUR USD 1.169800"),
                ("2026-03-02", "mid", "1 GBP USD 1.341050"),
                ("2026-03-03", "mid", "1 USD KRW 1435.400000"),
                ("2026-03-31", "mid", "1 USD MXN 18.003300"),
                ("2026-03-31", "mid", "1 AUD USD 0.684500"),
                // `NA` that day: nothing stored.
                ("2026-03-02", "mid", "USD KRW NULL"),
                ("2026-03-20", "mid", "USD JPY NULL"),
                ("2026-03-09", "mid", "AUD USD NULL"),
                ("2026-03-02", "mid", "USD USD NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(report("2026-04-02"), Reply::file("imf/rms_mth-2026-04.tsv"))],
            today: "2026-04-02",
            args: &[],
            summary: "2 days (2026-04-01..2026-04-02), 15 rates: 15 inserted, 0 revised, 0 unchanged",
            requests: vec![report("2026-04-02")],
            total: 166 + 15,
            rows: &[
                ("2026-04-01", "mid", "1 USD KRW 1511.200000"),
                ("2026-04-02", "mid", "1 EUR USD 1.153600"),
                ("2026-04-02", "mid", "USD KWD NULL"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(report("2026-05-31"), no_dates("May 2026"))],
                args: &["--from", "2026-05-01", "--to", "2026-05-31"],
                at: None,
                says: "no rates published from 2026-05-01 to 2026-05-31; nothing stored",
                requests: vec![report("2026-05-31")],
            },
            Nothing {
                routes: vec![at(report("2026-06-30"), tsv(""))],
                args: &["--from", "2026-06-01", "--to", "2026-06-30"],
                at: None,
                says: "no rates published from 2026-06-01 to 2026-06-30; nothing stored",
                requests: vec![report("2026-06-30")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-01", "--to", "2026-03-31", "--symbols", "EUR,JPY"],
            days: "22 days (2026-03-02..2026-03-31)",
            count: 43,
            currencies: "EUR,JPY",
            requests: vec![report("2026-03-31")],
        },
    }
}

/// The fault table's week: the June 2024 report, one request.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "imf",
    path: REPORT,
    query: "?SelectDate=2024-06-30&reportType=REP&tsvflag=Y",
    fixture: "imf/rms_mth-2024-06.tsv",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not the report: an HTML or XML page (<html>",
    content_type: CONTENT_TYPE,
    // A report without date columns; a bare 404 is an error.
    nothing_published: NothingIs::NoDay,
};

/// A June 2024 report of one block dated `date` holding `lines`, with its
/// notes.
pub fn june(date: &str, lines: &str) -> String {
    format!(
        "{}June 2024\r\nCurrency\t{date}\r\n{lines}\r\nNotes:\r\n\r\nThese representative",
        imf::TITLE
    )
}

// The cases in the IMF's report: "no day" a report without date columns
// (nothing published), "unknown root" another report's title, "missing
// attribute" a currency line without its figure, "currency repeated" a
// name printed twice in a block.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => format!("{}June 2024\r\n", imf::TITLE),
        BadDocument::UnknownRoot => {
            "Currency units per SDR for June 2024\r\nCurrency\tJune 27, 2024\r\n".to_owned()
        }
        BadDocument::MissingAttribute => june("June 27, 2024", "Japanese yen\r\n"),
        BadDocument::Rate(rate) => june(
            "June 27, 2024",
            &format!("Euro(1)\t1.070500\r\nJapanese yen\t{rate}\r\n"),
        ),
        BadDocument::FutureDate => june("January 04, 2999", "Japanese yen\t160.770000\r\n"),
        BadDocument::RepeatedCurrency => june(
            "June 27, 2024",
            "Japanese yen\t160.770000\r\nJapanese yen\t160.780000\r\n",
        ),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, before its notes (truncated?)".to_owned(),
        BadDocument::NoDay => "nothing published".to_owned(),
        BadDocument::UnknownRoot => {
            "not the representative rates report: it opens with \"Currency units per SDR"
                .to_owned()
        }
        BadDocument::MissingAttribute => "line 3 has 0 figures, its block 1 dates".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, JPY: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency JPY appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "imf/rms_mth-2026-03.tsv",
        "imf/rms_mth-2026-04.tsv",
        "imf/rms_mth-2024-06.tsv",
    ],
    fuzz_target: "imf_tsv",
};

/// The report parser, asked for the month of each recording: days within
/// that month only.
fn check(bytes: &[u8]) {
    let day = |year, month, day| chrono::NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    for (first, last) in [
        (day(2026, 3, 1), day(2026, 3, 31)),
        (day(2026, 4, 1), day(2026, 4, 30)),
        (day(2024, 6, 1), day(2024, 6, 30)),
    ] {
        if let Ok(days) = imf::parse(bytes, today(), first) {
            check_days(&days, Some((first, last)));
        }
    }
}
