//! `cba`'s own behaviour: a long backfill asked for in spans of 92 days,
//! the codes sent with the call; and its own faults (a SOAP fault quoted
//! and not retried, a metal priced for more than a gram).

use crate::common::env::Env;
use crate::conformance::case::mirrored;
use crate::conformance::cases::cba::{SERVICE, all, call, empty};

#[test]
fn a_long_backfill_is_asked_for_in_spans_of_92_days() {
    let env = Env::with_schema();
    env.http.route(&mirrored("cba", SERVICE), empty());
    let out = env
        .run_at(
            "2026-09-25",
            &[
                "fetch",
                "--provider",
                "cba",
                "--from",
                "2026-01-01",
                "--to",
                "2026-05-01",
            ],
        )
        .expect("no rates in the spans is not an error");
    assert_eq!(
        out,
        "cba: no rates published from 2026-01-01 to 2026-05-01; nothing stored"
    );
    let calls: Vec<String> = env.http.recorded().iter().map(call).collect();
    assert_eq!(
        calls,
        [
            all("2026-01-01", "2026-04-02"),
            all("2026-04-03", "2026-05-01")
        ]
    );
}

/// The Bank's own faults, run as the fault table runs its cases.
mod faults {
    use crate::common::http::Reply;
    use crate::conformance::cases::cba::{FAULTS, answer, row};
    use crate::conformance::faults::{Fault, refused, run_fault, shown_url};

    #[test]
    fn a_soap_fault_names_what_the_service_said() {
        run_fault(&FAULTS, |world, provider| {
            let fault = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
                         <soap:Body><soap:Fault><faultcode>soap:Server</faultcode>\
                         <faultstring>Server was unable to process request.</faultstring>\
                         </soap:Fault></soap:Body></soap:Envelope>";
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
                    "{}: HTTP 500 Internal Server Error: Server was unable to process request.",
                    shown_url(world, provider)
                ),
            )
            .with_env("FXRATES_HTTP_RETRIES", "3")
            .then(|world| assert_eq!(world.env.http.recorded().len(), 1))
        });
    }

    /// Gold is priced per gram: a price of ten grams is a changed format.
    #[test]
    fn a_metal_priced_for_ten_grams() {
        run_fault(&FAULTS, |world, provider| {
            refused(
                world,
                provider,
                answer(&row("XAU", "10", "49000", "2024-06-27")),
                "ExchangeRatesByDateRangeByISO 2024-06-24..2024-06-28: day 2024-06-27, XAU: a price per gram for \"10\" grams",
            )
        });
    }
}
