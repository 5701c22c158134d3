//! Norges Bank: a week is one SDMX-CSV answer of the `EXR` dataflow. Its
//! HTTP 404 means "nothing published" (SDMX's "No Results Found"), so the
//! generic `http_404` case does not apply: `tests/it/central_banks/norgesbank.rs`
//! checks that a 404 stores nothing and succeeds.

use super::*;

pub(super) const NORGESBANK: ProviderFaults = ProviderFaults {
    source: "norgesbank",
    base: "NOK",
    name: "norgesbank",
    url_var: "FXRATES_NORGESBANK_URL",
    path: "/data/EXR/B..NOK.SP",
    query: "?format=csvdata&startPeriod=2024-06-24&endPeriod=2024-06-28",
    fixture: "norgesbank/EXR-2024-06-24-2024-06-28.csv",
    rest: &[],
    secrets: &[],
    document: norgesbank_document,
    refusal: norgesbank_refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "text/csv",
};

const HEADER: &str = "FREQ,BASE_CUR,QUOTE_CUR,TENOR,DECIMALS,CALCULATED,UNIT_MULT,COLLECTION,TIME_PERIOD,OBS_VALUE\n";

/// An answer holding the EUR rate of 2024-06-27, then `lines`.
fn answer(lines: &str) -> String {
    format!("{HEADER}B,EUR,NOK,SP,4,false,0,C,2024-06-27,11.416\n{lines}")
}

/// The USD line of `date` with `value`.
fn usd(date: &str, value: &str) -> String {
    format!("B,USD,NOK,SP,4,false,0,C,{date},{value}\n")
}

// The cases in SDMX-CSV: "no day" is the header alone, "unknown root" an
// SDMX-JSON answer, "missing attribute" a line with an empty OBS_VALUE.
fn norgesbank_document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(NORGESBANK.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => HEADER.to_owned(),
        BadDocument::UnknownRoot => {
            "{\"meta\":{\"id\":\"IREF1\"},\"data\":{\"dataSets\":[]}}\n".to_owned()
        }
        BadDocument::MissingAttribute => answer(&usd("2024-06-27", "")),
        BadDocument::Rate(rate) => answer(&usd("2024-06-27", rate)),
        BadDocument::FutureDate => answer(&usd("2999-01-04", "10.6465")),
        BadDocument::RepeatedCurrency => answer(&format!(
            "{}{}",
            usd("2024-06-27", "10.671"),
            usd("2024-06-27", "10.6712")
        )),
    };
    text.into_bytes()
}

fn norgesbank_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, inside line 14 (truncated?)".to_owned(),
        BadDocument::NoDay => "the answer holds no observation".to_owned(),
        BadDocument::UnknownRoot => "not CSV: a JSON document".to_owned(),
        BadDocument::MissingAttribute => "day 2024-06-27, USD: no OBS_VALUE".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

provider_fault_tests!(&NORGESBANK, where_nothing_published_is http_404);

/// Serves `document` for the week and expects it refused with `says`.
fn refused(world: &World, document: String, says: &'static str) -> Fault {
    world.env.http.route(
        NORGESBANK.path,
        Reply::Body {
            status: 200,
            content_type: "text/csv",
            body: document.into_bytes(),
        },
    );
    Fault::fails(4, shown_url(world, &NORGESBANK)).also(says)
}

#[test]
fn a_value_with_more_decimals_than_published() {
    run_fault(&NORGESBANK, |world, _| {
        refused(
            world,
            answer(&usd("2024-06-27", "10.67105")),
            "day 2024-06-27, USD: invalid rate \"10.67105\" (more decimals than the 4 published)",
        )
    });
}

#[test]
fn a_day_outside_the_week_asked_for() {
    run_fault(&NORGESBANK, |world, _| {
        refused(
            world,
            answer(&usd("2024-06-21", "10.6")),
            "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
        )
    });
}

#[test]
fn a_series_of_another_frequency() {
    run_fault(&NORGESBANK, |world, _| {
        refused(
            world,
            answer("M,USD,NOK,SP,4,false,0,C,2024-06,10.6\n"),
            "line 3: series M.USD.NOK.SP is not a business-day spot rate in NOK",
        )
    });
}
