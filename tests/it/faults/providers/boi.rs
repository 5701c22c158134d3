//! The Bank of Israel's faults: a week is one SDMX-CSV answer of the
//! representative rates. Its "nothing published" is HTTP 404 (SDMX's "No
//! Results Found") or a CSV of the header alone, so neither generic case
//! (`http_404`, a document without a day) applies: both are tested beside.

use super::*;

pub(super) const BOI: ProviderFaults = ProviderFaults {
    source: "boi",
    base: "ILS",
    name: "boi",
    url_var: "FXRATES_BOI_URL",
    path: "/data/dataflow/BOI.STATISTICS/EXR/1.0/",
    query: "?c%5BDATA_TYPE%5D=OF00&startperiod=2024-06-24&endperiod=2024-06-28&format=csv",
    fixture: "boi/EXR-OF00-2024-06-24-2024-06-28.csv",
    rest: &[],
    secrets: &[],
    document: boi_document,
    refusal: boi_refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "text/csv; charset=utf-8",
};

const HEADER: &str = "SERIES_CODE,FREQ,BASE_CURRENCY,COUNTER_CURRENCY,UNIT_MEASURE,DATA_TYPE,DATA_SOURCE,TIME_COLLECT,CONF_STATUS,PUB_WEBSITE,UNIT_MULT,COMMENTS,TIME_PERIOD,OBS_VALUE,RELEASE_STATUS\n";

/// The line of `currency` on `date` with `value`.
fn line(currency: &str, date: &str, value: &str) -> String {
    format!("RER_{currency}_ILS,D,{currency},ILS,ILS,OF00,BOI_MRKT,V,F,Y,0,,{date},{value},YP\n")
}

/// An answer holding the EUR rate of 2024-06-27, then `lines`.
fn answer(lines: &str) -> String {
    format!("{HEADER}{}{lines}", line("EUR", "2024-06-27", "4.0311"))
}

// The cases in SDMX-CSV: "no day" is the header alone (nothing published),
// "unknown root" an SDMX-JSON answer, "missing attribute" a line with an
// empty OBS_VALUE.
fn boi_document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(BOI.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => HEADER.to_owned(),
        BadDocument::UnknownRoot => {
            "{\"meta\":{\"id\":\"IREF1\"},\"data\":{\"dataSets\":[]}}\n".to_owned()
        }
        BadDocument::MissingAttribute => answer(&line("USD", "2024-06-27", "")),
        BadDocument::Rate(rate) => answer(&line("USD", "2024-06-27", rate)),
        BadDocument::FutureDate => answer(&line("USD", "2999-01-04", "3.769")),
        BadDocument::RepeatedCurrency => answer(&format!(
            "{}{}",
            line("USD", "2024-06-27", "3.769"),
            line("USD", "2024-06-27", "3.77")
        )),
    };
    text.into_bytes()
}

fn boi_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, inside line 11 (truncated?)".to_owned(),
        BadDocument::NoDay => "nothing published".to_owned(),
        BadDocument::UnknownRoot => "not CSV: a JSON document".to_owned(),
        BadDocument::MissingAttribute => "day 2024-06-27, USD: no OBS_VALUE".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

provider_fault_tests!(&BOI, where_nothing_published_is http_404_or_an_empty_document);

/// Runs the week against `reply` and expects success with nothing stored,
/// no email, one request.
fn nothing_published(reply: Reply) {
    let world = World::new();
    world.seed(BOI.source, BOI.base);
    world.env.http.route(BOI.path, reply);
    let before = checksum(&world);
    let output = world
        .fxrates()
        .args(BACKFILL)
        .env("FXRATES_PROVIDER", BOI.name)
        .env(BOI.url_var, world.env.http.base_url())
        .output()
        .expect("run fxrates");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(checksum(&world), before);
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
    assert_eq!(world.env.http.requests(), [BOI.path]);
}

#[test]
fn no_results_is_nothing_published() {
    nothing_published(Reply::status(404));
}

#[test]
fn a_bare_header_is_nothing_published() {
    nothing_published(Reply::Body {
        status: 200,
        content_type: BOI.content_type,
        body: boi_document(BadDocument::NoDay),
    });
}

#[test]
fn a_series_of_another_data_type() {
    run_fault(&BOI, |world, provider| {
        let other = "RER_USD_ILS,D,USD,ILS,ILS,OF01,BOI_MRKT,V,F,Y,0,,2024-06-27,3.77,YP\n";
        world.env.http.route(
            provider.path,
            Reply::Body {
                status: 200,
                content_type: provider.content_type,
                body: answer(other).into_bytes(),
            },
        );
        Fault::fails(4, shown_url(world, provider)).also(
            "line 3: series RER_USD_ILS (D, USD in ILS, OF01) is not a daily representative rate in ILS",
        )
    });
}

#[test]
fn a_day_outside_the_week_asked_for() {
    run_fault(&BOI, |world, provider| {
        world.env.http.route(
            provider.path,
            Reply::Body {
                status: 200,
                content_type: provider.content_type,
                body: answer(&line("USD", "2024-06-21", "3.77")).into_bytes(),
            },
        );
        Fault::fails(4, shown_url(world, provider))
            .also("day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)")
    });
}
