//! `mnb` against a loopback mirror of its SOAP service: every call a POST
//! to `/arfolyamok.asmx` told apart by its `SOAPAction`, `GetCurrencies`
//! for the list a run asks `GetExchangeRates` for (or `--symbols` alone),
//! rates stored as printed with the decimal comma a point, and
//! `<MNBExchangeRates />` for days without a fixing. The `GetCurrencies`
//! answer is written by hand in the service's shape; the week of March
//! 2025 is a recorded answer.

use crate::common::env::{Env, scalar};
use crate::common::http::{Reply, Request};
use crate::common::pg::{count_rates, row_versions, stored};

/// Where the mirror serves the service.
const SERVICE: &str = "/mnb/arfolyamok.asmx";

/// The route of one operation of the service.
fn operation(name: &str) -> String {
    format!("{SERVICE}#{name}")
}

/// A `GetExchangeRates` answer whose result is `inner`, escaped as the
/// service escapes it.
fn answer(inner: &str) -> Reply {
    let escaped = inner
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Reply::ok_xml(format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>\
         <GetExchangeRatesResponse xmlns=\"http://www.mnb.hu/webservices/\">\
         <GetExchangeRatesResult>{escaped}</GetExchangeRatesResult>\
         </GetExchangeRatesResponse></s:Body></s:Envelope>"
    ))
}

/// An environment with the schema, the currency list, and the recorded
/// week answering every `GetExchangeRates` call.
fn env() -> Env {
    let env = Env::with_schema();
    env.http.route(
        &operation("GetCurrencies"),
        Reply::file("mnb/GetCurrencies.xml"),
    );
    env.http.route(
        &operation("GetExchangeRates"),
        Reply::file("mnb/GetExchangeRates-2025-03-24-2025-03-28.xml"),
    );
    env
}

const WEEK: [&str; 4] = ["--from", "2025-03-24", "--to", "2025-03-28"];

/// The value of the parameter `name` in a SOAP call's body.
fn parameter(request: &Request, name: &str) -> String {
    let body = request.body_text();
    let open = format!("<web:{name}>");
    let start = body.find(&open).map(|at| at + open.len());
    let end = body.find(&format!("</web:{name}>"));
    match (start, end) {
        (Some(start), Some(end)) => body[start..end].to_owned(),
        _ => panic!("no {name} in {body}"),
    }
}

/// The `GetExchangeRates` calls the mirror received: their start and end
/// dates.
fn windows(env: &Env) -> Vec<(String, String)> {
    env.http
        .recorded()
        .iter()
        .filter(|request| request.soap_operation() == Some("GetExchangeRates"))
        .map(|request| {
            (
                parameter(request, "startDate"),
                parameter(request, "endDate"),
            )
        })
        .collect()
}

#[test]
fn the_recorded_week_is_stored_exactly_as_printed() {
    let env = env();
    env.fetch("mnb")
        .args(WEEK)
        .assert()
        .success()
        .stdout("mnb: 5 days (2025-03-24..2025-03-28), 160 rates: 160 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    let requests = env.http.recorded();
    let operations: Vec<Option<&str>> = requests.iter().map(Request::soap_operation).collect();
    assert_eq!(
        operations,
        [Some("GetCurrencies"), Some("GetExchangeRates")]
    );
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, SERVICE);
        assert_eq!(
            request.header("content-type"),
            Some("text/xml; charset=utf-8")
        );
        assert!(
            request.header("soapaction").is_some_and(|action| action
                .starts_with("\"http://www.mnb.hu/webservices/MNBArfolyamServiceSoap/")),
            "{:?}",
            request.headers
        );
    }
    let rates = &requests[1];
    assert_eq!(parameter(rates, "startDate"), "2025-03-24");
    assert_eq!(parameter(rates, "endDate"), "2025-03-28");
    // Every currency the service lists, but the forint.
    let names = parameter(rates, "currencyNames");
    assert!(names.starts_with("EUR,AUD,BGN,BRL,"), "{names}");
    assert_eq!(names.split(',').count(), 74);
    assert!(!names.split(',').any(|code| code == "HUF"), "{names}");

    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "mnb"), 160);
    for (date, base, expected) in [
        ("2025-03-28", "EUR", "1 EUR HUF 402.61"),
        ("2025-03-28", "GBP", "1 GBP HUF 484.00"),
        ("2025-03-28", "THB", "1 THB HUF 11.00"),
        ("2025-03-28", "JPY", "100 JPY HUF 248.17"),
        ("2025-03-28", "IDR", "100 IDR HUF 2.26"),
        ("2025-03-27", "EUR", "1 EUR HUF 400.47"),
        ("2025-03-24", "USD", "1 USD HUF 367.60"),
    ] {
        assert_eq!(
            stored(&mut client, "mnb", date, base, "HUF"),
            expected,
            "{base} on {date}"
        );
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE quote <> 'HUF'"
        ),
        "0"
    );
}

#[test]
fn a_rerun_rewrites_no_row() {
    let env = env();
    env.fetch("mnb").args(WEEK).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "mnb", None);
    env.fetch("mnb").args(WEEK).assert().success().stdout(
        "mnb: 5 days (2025-03-24..2025-03-28), 160 rates: 0 inserted, 0 updated, 160 unchanged\n",
    );
    assert_eq!(
        row_versions(&mut client, "mnb", None),
        before,
        "a row was rewritten"
    );
}

#[test]
fn catch_up_asks_only_for_the_days_after_the_newest_stored_one() {
    let env = env();
    env.fetch("mnb").args(WEEK).assert().success();
    env.http.route(
        &operation("GetExchangeRates"),
        Reply::file("mnb/GetExchangeRates-2025-03-31-2025-04-01.xml"),
    );
    let before = windows(&env).len();

    let out = env
        .run_at("2025-04-01", &["fetch", "--provider", "mnb"])
        .expect("catch-up");
    assert_eq!(
        out,
        "mnb: 2 days (2025-03-31..2025-04-01), 6 rates: 6 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(
        windows(&env)[before..],
        [("2025-03-29".to_owned(), "2025-04-01".to_owned())]
    );
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "mnb"), 160 + 6);
    assert_eq!(
        stored(&mut client, "mnb", "2025-04-01", "JPY", "HUF"),
        "100 JPY HUF 248.35"
    );
}

#[test]
fn a_result_without_a_day_is_nothing_published() {
    let env = env();
    env.http.route(
        &operation("GetExchangeRates"),
        answer("<MNBExchangeRates />"),
    );
    env.fetch("mnb")
        .args(["--from", "2025-03-29", "--to", "2025-03-30"])
        .assert()
        .success()
        .stdout("mnb: no rates published from 2025-03-29 to 2025-03-30; nothing stored\n")
        .stderr("");
    assert_eq!(
        windows(&env),
        [("2025-03-29".to_owned(), "2025-03-30".to_owned())]
    );
    assert_eq!(count_rates(&mut env.client(), "mnb"), 0);
}

#[test]
fn symbols_are_the_currencies_asked_for_without_the_list() {
    let env = env();
    env.fetch("mnb")
        .args(WEEK)
        .args(["--symbols", "USD,JPY"])
        .assert()
        .success()
        .stdout(
            "mnb: 5 days (2025-03-24..2025-03-28), 10 rates: 10 inserted, 0 updated, 0 unchanged\n",
        );
    let requests = env.http.recorded();
    assert_eq!(requests.len(), 1, "GetCurrencies was called");
    assert_eq!(parameter(&requests[0], "currencyNames"), "USD,JPY");
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(DISTINCT base, ',') FROM rates"
        ),
        "JPY,USD"
    );
}

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_last_two_weeks() {
    let env = env();
    let out = env
        .run_at("2025-03-29", &["fetch", "--provider", "mnb"])
        .expect("latest");
    assert_eq!(
        out,
        "mnb: 1 day (2025-03-28), 32 rates: 32 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(
        windows(&env),
        [("2025-03-15".to_owned(), "2025-03-29".to_owned())]
    );
}

#[test]
fn long_ranges_are_asked_for_at_most_366_days_at_a_time() {
    let env = env();
    env.http.route(
        &operation("GetExchangeRates"),
        answer("<MNBExchangeRates />"),
    );
    env.fetch("mnb")
        .args(["--from", "2024-01-01", "--to", "2025-03-31"])
        .assert()
        .success();
    assert_eq!(
        windows(&env),
        [
            ("2024-01-01".to_owned(), "2024-12-31".to_owned()),
            ("2025-01-01".to_owned(), "2025-03-31".to_owned()),
        ]
    );
    // The currency list is asked for once per run.
    let lists = env
        .http
        .recorded()
        .iter()
        .filter(|request| request.soap_operation() == Some("GetCurrencies"))
        .count();
    assert_eq!(lists, 1);
}

#[test]
fn a_redirect_sends_the_call_again_and_a_see_other_turns_it_into_a_get() {
    let env = env();
    let moved = "/mnb/moved/arfolyamok.asmx";
    env.http.route(
        &operation("GetExchangeRates"),
        Reply::Redirect {
            status: 301,
            location: moved.to_owned(),
        },
    );
    env.http.route(
        &format!("{moved}#GetExchangeRates"),
        Reply::file("mnb/GetExchangeRates-2025-03-24-2025-03-28.xml"),
    );
    env.fetch("mnb").args(WEEK).assert().success();
    let requests = env.http.recorded();
    let [_, asked, again] = &requests[..] else {
        panic!("{requests:?}");
    };
    assert_eq!(
        (again.method.as_str(), again.path.as_str()),
        ("POST", moved)
    );
    assert_eq!(again.body, asked.body);
    assert_eq!(again.soap_operation(), Some("GetExchangeRates"));

    let env = self::env();
    env.http.route(
        &operation("GetExchangeRates"),
        Reply::Redirect {
            status: 303,
            location: moved.to_owned(),
        },
    );
    env.fetch("mnb")
        .args(WEEK)
        .assert()
        .code(3)
        .stderr(predicates::str::contains(format!(
            "{}: HTTP 404 Not Found",
            env.http.url(SERVICE)
        )));
    let requests = env.http.recorded();
    let last = requests.last().expect("a request");
    assert_eq!((last.method.as_str(), last.path.as_str()), ("GET", moved));
    assert!(last.body.is_empty());
}
