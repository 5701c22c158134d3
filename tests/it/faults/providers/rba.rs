//! The Reserve Bank of Australia: a week is the whole F11.1 file, of which
//! the week's days are kept. A file holding none of them means "nothing
//! published", so the generic "document without a day" case does not
//! apply: `tests/it/central_banks/rba.rs` checks that it stores nothing and
//! succeeds.

use super::*;

pub(super) const RBA: ProviderFaults = ProviderFaults {
    source: "rba",
    base: "AUD",
    name: "rba",
    url_var: "FXRATES_RBA_URL",
    path: "/statistics/tables/csv/f11.1-data.csv",
    query: "",
    fixture: "rba/f11.1-2024-06-24-2024-06-28.csv",
    rest: &[],
    secrets: &[],
    document: rba_document,
    refusal: rba_refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "application/octet-stream",
};

/// A file of the series `ids` (after `Series ID`), titled as the RBA
/// titles them, with the day lines `lines`.
fn table(ids: &str, lines: &str) -> String {
    let titles: Vec<&str> = ids
        .split(',')
        .map(|id| match id {
            "FXRUSD" => "A$1=USD",
            "FXREUR" => "A$1=EUR",
            _ => "Trade-weighted Index May 1970 = 100",
        })
        .collect();
    format!(
        "\u{feff}F11.1  EXCHANGE RATES\nTitle,{}\n\n\nSeries ID,{ids}\n{lines}\n\n\n",
        titles.join(",")
    )
}

// The cases in the RBA's CSV: "no day" the notes and header alone,
// "unknown root" a table without its line of series ids, "missing
// attribute" a line lacking a cell, "currency repeated" a series listed
// twice in the header.
fn rba_document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(RBA.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => table("FXRUSD,FXRTWI,FXREUR", ""),
        BadDocument::UnknownRoot => "DATE,USD\n27-Jun-2024,0.6666\n".to_owned(),
        BadDocument::MissingAttribute => table("FXRUSD,FXRTWI,FXREUR", "27-Jun-2024,0.6666,63.80"),
        BadDocument::Rate(rate) => table("FXREUR,FXRUSD", &format!("27-Jun-2024,0.6232,{rate}")),
        BadDocument::FutureDate => table("FXRUSD", "04-Jan-2999,0.6666"),
        BadDocument::RepeatedCurrency => table("FXRUSD,FXRUSD", "27-Jun-2024,0.6666,0.6667"),
    };
    text.into_bytes()
}

fn rba_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, inside line 11 (truncated?)".to_owned(),
        BadDocument::NoDay => unreachable!("a file without the week means nothing published"),
        BadDocument::UnknownRoot => "not the expected CSV: no line opens with Series ID".to_owned(),
        BadDocument::MissingAttribute => "line 6 has 3 fields, the header 4".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "the header names the column FXRUSD twice".to_owned(),
    }
}

provider_fault_tests!(&RBA, where_nothing_published_is an_empty_document);

/// Serves `document` for the week and expects it refused with `says`.
fn refused(world: &World, document: &str, says: &'static str) -> Fault {
    world.env.http.route(
        RBA.path,
        Reply::Body {
            status: 200,
            content_type: RBA.content_type,
            body: document.as_bytes().to_vec(),
        },
    );
    Fault::fails(4, shown_url(world, &RBA)).also(says)
}

#[test]
fn an_unknown_series() {
    run_fault(&RBA, |world, _| {
        refused(
            world,
            &table("FXRUSD,FXRXXX", "27-Jun-2024,0.6666,1.5"),
            "not the expected CSV: unknown series \"FXRXXX\"",
        )
    });
}

#[test]
fn a_series_titled_for_another_currency() {
    run_fault(&RBA, |world, _| {
        let swapped = table("FXRUSD,FXREUR", "27-Jun-2024,0.6666,0.6232")
            .replace("A$1=USD,A$1=EUR", "A$1=EUR,A$1=USD");
        refused(
            world,
            &swapped,
            "series FXRUSD: the title is \"A$1=EUR\", not \"A$1=USD\"",
        )
    });
}

/// The file is checked whole: a bad day long before the week refuses it.
#[test]
fn a_bad_day_outside_the_week() {
    run_fault(&RBA, |world, _| {
        let lines = "03-Jan-2023,0.6828,61.40,0.6400\n04-Jan-2023,-0.6809,61.50,0.6439\n\
                     27-Jun-2024,0.6666,63.80,0.6232";
        refused(
            world,
            &table("FXRUSD,FXRTWI,FXREUR", lines),
            "day 2023-01-04, USD: invalid rate \"-0.6809\"",
        )
    });
}

#[test]
fn a_day_repeated_in_the_file() {
    run_fault(&RBA, |world, _| {
        refused(
            world,
            &table("FXRUSD", "27-Jun-2024,0.6666\n27-Jun-2024,0.6666"),
            "day 2024-06-27 follows 2024-06-27: repeated or out of order",
        )
    });
}
