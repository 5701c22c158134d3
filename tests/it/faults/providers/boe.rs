//! The Bank of England: a week is one CSV answer of the IADB. Its header
//! alone means "nothing published", so the generic "document without a
//! day" case does not apply: `tests/it/central_banks/boe.rs` checks that it
//! stores nothing and succeeds.

use super::*;

pub(super) const BOE: ProviderFaults = ProviderFaults {
    source: "boe",
    base: "GBP",
    name: "boe",
    url_var: "FXRATES_BOE_URL",
    path: "/_iadb-fromshowcolumns.asp",
    query: "?csv.x=yes&Datefrom=24/Jun/2024&Dateto=28/Jun/2024\
            &SeriesCodes=XUDLUSS,XUDLERS,XUDLJYS,XUDLCDS,XUDLSFS,XUDLADS,XUDLNDS,XUDLNKS,XUDLSKS,\
            XUDLDKS,XUDLHDS,XUDLSGS,XUDLSRS,XUDLZRS,XUDLTWS,XUDLBK25,XUDLBK33,XUDLBK47,XUDLBK78,\
            XUDLBK83,XUDLBK87,XUDLBK89,XUDLBK93,XUDLBK95,XUDLBK97,XUDLZOS4&CSVF=TN&UsingCodes=Y",
    fixture: "boe/iadb-2024-06-24-2024-06-28.csv",
    rest: &[],
    secrets: &[],
    document: boe_document,
    refusal: boe_refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "application/csv",
};

/// An answer with the columns `header` (after `DATE`) and the lines `lines`.
fn answer(header: &str, lines: &str) -> String {
    format!("DATE,{header}\r\n{lines}")
}

// The cases in the IADB's CSV: "unknown root" a table of another shape,
// "missing attribute" a line lacking a cell, "currency repeated" a series
// listed twice in the header.
fn boe_document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(BOE.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => answer("XUDLUSS,XUDLERS", ""),
        BadDocument::UnknownRoot => {
            "SERIES,DATE,VALUE\r\nXUDLUSS,27 Jun 2024,1.2634\r\n".to_owned()
        }
        BadDocument::MissingAttribute => answer("XUDLERS,XUDLUSS", "27 Jun 2024,1.1805\r\n"),
        BadDocument::Rate(rate) => {
            answer("XUDLERS,XUDLUSS", &format!("27 Jun 2024,1.1805,{rate}\r\n"))
        }
        BadDocument::FutureDate => answer("XUDLUSS", "04 Jan 2999,1.2634\r\n"),
        BadDocument::RepeatedCurrency => answer("XUDLUSS,XUDLUSS", "27 Jun 2024,1.2634,1.2635\r\n"),
    };
    text.into_bytes()
}

fn boe_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, inside line 5 (truncated?)".to_owned(),
        BadDocument::NoDay => unreachable!("the header alone means nothing published"),
        BadDocument::UnknownRoot => {
            "not the expected CSV: the first column is \"SERIES\", not DATE".to_owned()
        }
        BadDocument::MissingAttribute => "line 2 has 2 fields, the header 3".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "the header names the column XUDLUSS twice".to_owned(),
    }
}

provider_fault_tests!(&BOE, where_nothing_published_is an_empty_document);

/// Serves `document` for the week and expects it refused with `says`.
fn refused(world: &World, document: &str, says: &'static str) -> Fault {
    world.env.http.route(
        BOE.path,
        Reply::Body {
            status: 200,
            content_type: "application/csv",
            body: document.as_bytes().to_vec(),
        },
    );
    Fault::fails(4, shown_url(world, &BOE)).also(says)
}

#[test]
fn an_unknown_series_column() {
    run_fault(&BOE, |world, _| {
        refused(
            world,
            &answer("XUDLUSS,XUDLXXS", "27 Jun 2024,1.2634,1.5\r\n"),
            "not the expected CSV: unknown column \"XUDLXXS\"",
        )
    });
}

#[test]
fn a_day_outside_the_week_asked_for() {
    run_fault(&BOE, |world, _| {
        refused(
            world,
            &answer("XUDLUSS", "21 Jun 2024,1.2651\r\n"),
            "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
        )
    });
}

#[test]
fn a_day_repeated_in_the_answer() {
    run_fault(&BOE, |world, _| {
        refused(
            world,
            &answer("XUDLUSS", "27 Jun 2024,1.2634\r\n27 Jun 2024,1.2634\r\n"),
            "day 2024-06-27 follows 2024-06-27: repeated or out of order",
        )
    });
}
