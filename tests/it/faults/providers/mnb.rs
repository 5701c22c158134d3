//! The Magyar Nemzeti Bank's faults: a week is one `GetExchangeRates` call
//! (a SOAP POST to `/arfolyamok.asmx`), made after a `GetCurrencies` call
//! to the same path that has a route of its own, so the faults reach the
//! rates. Its "nothing published" is a result without a day
//! (`<MNBExchangeRates />`), tested beside the generic cases; a SOAP fault
//! and a broken currency list are its own.

use super::*;

/// The MNB: the week in one call, after the currency list.
pub(super) const MNB: ProviderFaults = ProviderFaults {
    source: "mnb",
    base: "HUF",
    name: "mnb",
    url_var: "FXRATES_MNB_URL",
    path: "/arfolyamok.asmx",
    query: "",
    fixture: "mnb/GetExchangeRates-2024-06-24-2024-06-28.xml",
    rest: &[("/arfolyamok.asmx#GetCurrencies", "mnb/GetCurrencies.xml")],
    secrets: &[],
    document: mnb_document,
    refusal: mnb_refusal,
    html_refusal: "GetExchangeRates 2024-06-24..2024-06-28: not a SOAP answer: the root element is <html>",
    content_type: "text/xml; charset=utf-8",
};

/// A SOAP answer of `operation` whose result is `inner`, escaped.
fn envelope(operation: &str, inner: &str) -> String {
    let escaped = inner
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>\
         <{operation}Response xmlns=\"http://www.mnb.hu/webservices/\">\
         <{operation}Result>{escaped}</{operation}Result>\
         </{operation}Response></s:Body></s:Envelope>"
    )
}

/// A result holding the EUR rate of 2024-06-27, then `rates` on that day.
fn day(date: &str, rates: &str) -> String {
    envelope(
        "GetExchangeRates",
        &format!(
            "<MNBExchangeRates><Day date=\"{date}\"><Rate unit=\"1\" curr=\"EUR\">395,48</Rate>{rates}</Day></MNBExchangeRates>"
        ),
    )
}

/// The USD rate, `value` written as the service writes it (a comma).
fn usd(value: &str) -> String {
    format!("<Rate unit=\"1\" curr=\"USD\">{value}</Rate>")
}

// The cases in the MNB's shape: "no day" is `<MNBExchangeRates />`
// (nothing published), "unknown root" the result of another operation,
// "missing attribute" a rate without its unit.
fn mnb_document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(MNB.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => envelope("GetExchangeRates", "<MNBExchangeRates />"),
        BadDocument::UnknownRoot => envelope(
            "GetExchangeRates",
            "<MNBCurrentExchangeRates><Day date=\"2024-06-27\"/></MNBCurrentExchangeRates>",
        ),
        BadDocument::MissingAttribute => day("2024-06-27", "<Rate curr=\"USD\">369,69</Rate>"),
        BadDocument::Rate(rate) => day("2024-06-27", &usd(&rate.replace('.', ","))),
        BadDocument::FutureDate => day("2999-01-04", &usd("369,69")),
        BadDocument::RepeatedCurrency => {
            day("2024-06-27", &format!("{}{}", usd("369,69"), usd("369,70")))
        }
    };
    text.into_bytes()
}

fn mnb_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => {
            "GetExchangeRates 2024-06-24..2024-06-28: the document ends early".to_owned()
        }
        BadDocument::NoDay => "nothing published".to_owned(),
        BadDocument::UnknownRoot => {
            "the root element is <MNBCurrentExchangeRates>, not <MNBExchangeRates>".to_owned()
        }
        BadDocument::MissingAttribute => "<Rate> lacks the unit attribute".to_owned(),
        BadDocument::Rate(rate) => format!(
            "day 2024-06-27, USD: invalid rate {:?}",
            rate.replace('.', ",")
        ),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

provider_fault_tests!(&MNB, where_nothing_published_is an_empty_document);

/// Runs the week with `route` set up on a fresh world's mirror, the
/// currency list routed.
fn run_week(route: impl FnOnce(&HttpServer)) -> (World, std::process::Output) {
    let world = World::new();
    world.seed(MNB.source, MNB.base);
    for (path, fixture) in MNB.rest {
        world.env.http.route(path, Reply::file(fixture));
    }
    route(&world.env.http);
    let output = world
        .fxrates()
        .args(BACKFILL)
        .env("FXRATES_PROVIDER", MNB.name)
        .env(MNB.url_var, world.env.http.base_url())
        .output()
        .expect("run fxrates");
    (world, output)
}

/// A result without a day is the service's answer for days without a
/// fixing: the run succeeds, stores nothing, sends no email.
#[test]
fn a_result_without_a_day_is_nothing_published() {
    let (world, output) = run_week(|http| {
        http.route(MNB.path, Reply::ok_xml(mnb_document(BadDocument::NoDay)));
    });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
    assert_eq!(world.env.http.requests(), [MNB.path, MNB.path]);
}

#[test]
fn a_soap_fault_names_what_the_service_said() {
    run_fault(&MNB, |world, provider| {
        let fault = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>\
                     <s:Fault><faultcode>s:Client</faultcode>\
                     <faultstring xml:lang=\"hu-HU\">Invalid startDate</faultstring>\
                     </s:Fault></s:Body></s:Envelope>";
        world.env.http.route(
            provider.path,
            Reply::Body {
                status: 500,
                content_type: "text/xml; charset=utf-8",
                body: fault.as_bytes().to_vec(),
            },
        );
        Fault::fails(
            3,
            format!(
                "{}: HTTP 500 Internal Server Error: Invalid startDate",
                shown_url(world, provider)
            ),
        )
    });
}

#[test]
fn a_broken_currency_list_refuses_the_run() {
    run_fault(&MNB, |world, provider| {
        world.env.http.route(
            &format!("{}#GetCurrencies", provider.path),
            Reply::ok_xml(envelope(
                "GetCurrencies",
                "<MNBCurrencies><Currencies><Curr>HUF</Curr></Currencies></MNBCurrencies>",
            )),
        );
        Fault::fails(4, shown_url(world, provider))
            .also("GetCurrencies: the currency list holds no currency but the forint")
    });
}

#[test]
fn a_day_outside_the_week_asked_for() {
    run_fault(&MNB, |world, provider| {
        world.env.http.route(
            provider.path,
            Reply::ok_xml(day("2024-06-21", &usd("369,69"))),
        );
        Fault::fails(4, shown_url(world, provider)).also(
            "GetExchangeRates 2024-06-24..2024-06-28: day 2024-06-21 is outside the days asked for",
        )
    });
}
