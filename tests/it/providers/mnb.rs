//! `mnb`'s own behaviour: each call a SOAP POST told apart by its
//! `SOAPAction`, the latest day the newest of two weeks, a long range
//! asked for at most 366 days at a time with the currency list asked for
//! once, redirects of a POST; and its own faults.

use crate::common::env::Env;
use crate::common::http::{Reply, Request};
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::mnb::{
    SERVICE, WEEK, case, day, envelope, no_day, operation, parameter, usd,
};

/// The recorded week and currency list served, the schema in place.
fn env() -> Env {
    recorded("mnb", &case())
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
fn every_call_is_a_soap_post_told_apart_by_its_action() {
    let env = env();
    env.fetch("mnb").args(WEEK).assert().success();
    let requests = env.http.recorded();
    let operations: Vec<Option<&str>> = requests.iter().map(Request::soap_operation).collect();
    assert_eq!(
        operations,
        [Some("GetCurrencies"), Some("GetExchangeRates")]
    );
    for request in &requests {
        assert_eq!(request.path, mirrored("mnb", SERVICE));
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
}

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_last_two_weeks() {
    let env = env();
    let out = env
        .run_at("2025-03-29", &["fetch", "--provider", "mnb"])
        .expect("latest");
    assert_eq!(
        out,
        "mnb: 1 day (2025-03-28), 32 rates: 32 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        windows(&env),
        [("2025-03-15".to_owned(), "2025-03-29".to_owned())]
    );
}

#[test]
fn long_ranges_are_asked_for_at_most_366_days_at_a_time() {
    let env = env();
    env.http
        .route(&mirrored("mnb", &operation("GetExchangeRates")), no_day());
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
    let rates = mirrored("mnb", &operation("GetExchangeRates"));
    env.http.route(
        &rates,
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
        &rates,
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
            env.http.url(&mirrored("mnb", SERVICE))
        )));
    let requests = env.http.recorded();
    let last = requests.last().expect("a request");
    assert_eq!((last.method.as_str(), last.path.as_str()), ("GET", moved));
    assert!(last.body.is_empty());
}

/// The MNB's own faults, run as the fault table runs its cases.
mod faults {
    use super::{day, envelope, usd};
    use crate::common::http::Reply;
    use crate::conformance::cases::mnb::FAULTS;
    use crate::conformance::faults::{Fault, refused, run_fault, shown_url};

    #[test]
    fn a_soap_fault_names_what_the_service_said() {
        run_fault(&FAULTS, |world, provider| {
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
            // A SOAP fault is the service's answer, not a passing failure:
            // asked once, whatever the retries allowed (7 s of backoff for 3).
            Fault::fails(
                3,
                format!(
                    "{}: HTTP 500 Internal Server Error: Invalid startDate",
                    shown_url(world, provider)
                ),
            )
            .with_env("FXRATES_HTTP_RETRIES", "3")
            .then(|world| {
                let calls: Vec<Option<String>> = world
                    .env
                    .http
                    .recorded()
                    .iter()
                    .map(|request| request.soap_operation().map(str::to_owned))
                    .collect();
                assert_eq!(
                    calls,
                    [
                        Some("GetCurrencies".into()),
                        Some("GetExchangeRates".into())
                    ]
                );
            })
        });
    }

    /// A 500 without a SOAP fault (a proxy's page) may heal: it is retried.
    #[test]
    fn a_500_without_a_soap_fault_is_retried() {
        run_fault(&FAULTS, |world, provider| {
            world.env.http.route_sequence(
                provider.path,
                vec![Reply::status(500), Reply::file(provider.fixture)],
            );
            Fault::succeeds(vec![("FXRATES_HTTP_RETRIES", "1".to_owned())])
        });
    }

    #[test]
    fn a_broken_currency_list_refuses_the_run() {
        run_fault(&FAULTS, |world, provider| {
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
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                day("2024-06-21", &usd("369,69")),
                "GetExchangeRates 2024-06-24..2024-06-28: day 2024-06-21 is outside the days asked for",
            )
        });
    }
}
