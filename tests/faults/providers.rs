//! Provider faults: the cases are written once, against a
//! [`ProviderFaults`] that says how a provider is reached and what its
//! documents look like, and the `provider_fault_tests!` macro turns every
//! case into a test per provider. A new provider plugs in with its
//! `ProviderFaults` (its secrets included, e.g. an API key) and one
//! `mod name { provider_fault_tests!(&NAME); }` line.

use std::io::Read as _;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::common::env::{Env, HISTORY};
use crate::common::http::{HttpServer, Reply};
use crate::common::pg::rates_checksum;
use crate::{World, check_failure, check_no_secret, checksum, runs, sentinel_secrets};

/// The days every fault run asks for: a backfill of one week.
const BACKFILL: &[&str] = &[
    "fetch",
    "--quiet",
    "--from",
    "2024-06-24",
    "--to",
    "2024-06-28",
];

/// A document that is wrong in one way, in a provider's own format.
#[derive(Clone, Copy, Debug)]
enum BadDocument {
    /// A valid document cut off two thirds through.
    Truncated,
    /// A valid document holding no day at all.
    NoDay,
    /// The format changed: an unknown root element (or top-level shape).
    UnknownRoot,
    /// The format changed: a rate without its value.
    MissingAttribute,
    /// One day on 2024-06-27 whose USD rate is written as this text.
    Rate(&'static str),
    /// One day dated this far in the future.
    FutureDate,
    /// One day on 2024-06-27 listing USD twice.
    RepeatedCurrency,
}

/// What the fault tests know about one provider.
struct ProviderFaults {
    /// Its `source` in `rates` and `fetch_runs`.
    source: &'static str,
    /// The base currency of its rates.
    base: &'static str,
    /// Its name in `FXRATES_PROVIDER`.
    name: &'static str,
    /// The variable that points fxrates at its base URL.
    url_var: &'static str,
    /// The mirror path that a [`BACKFILL`] reads first, where faults are set up.
    path: &'static str,
    /// The query its requests carry, secrets included, as sent.
    query: &'static str,
    /// The fixture that answers [`ProviderFaults::path`] correctly.
    fixture: &'static str,
    /// The other paths a [`BACKFILL`] reads, with their fixtures (a provider
    /// asking one day per request reads several).
    rest: &'static [(&'static str, &'static str)],
    /// Settings holding secrets of its own, and sentinel values for them.
    secrets: &'static [(&'static str, &'static str)],
    /// The body of a [`BadDocument`].
    document: fn(BadDocument) -> Vec<u8>,
    /// What the error line says about it.
    refusal: fn(BadDocument) -> String,
    /// What the error line says about an HTML page served with status 200.
    html_refusal: &'static str,
    /// The `Content-Type` its documents are served with.
    content_type: &'static str,
}

/// The European Central Bank.
const ECB: ProviderFaults = ProviderFaults {
    source: "ecb",
    base: "EUR",
    name: "ecb",
    url_var: "FXRATES_ECB_URL",
    path: HISTORY,
    query: "",
    fixture: "ecb/eurofxref-hist.xml",
    rest: &[],
    secrets: &[],
    document: ecb_document,
    refusal: ecb_refusal,
    html_refusal: "the root element is <html>",
    content_type: "application/xml",
};

fn ecb_envelope(cubes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<Cube>
{cubes}
	</Cube>
</gesmes:Envelope>
"#
    )
}

fn ecb_document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, rates: &str| {
        ecb_envelope(&format!(
            "<Cube time='{date}'><Cube currency='JPY' rate='171.20'/>{rates}</Cube>"
        ))
    };
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture("ecb/eurofxref-hist.xml");
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => ecb_envelope(""),
        BadDocument::UnknownRoot => {
            "<?xml version='1.0'?><rates><day date='2024-06-27'/></rates>".to_owned()
        }
        BadDocument::MissingAttribute => day("2024-06-27", "<Cube currency='USD' value='1.0714'/>"),
        BadDocument::Rate(rate) => day(
            "2024-06-27",
            &format!("<Cube currency='USD' rate='{rate}'/>"),
        ),
        BadDocument::FutureDate => day("2999-01-04", "<Cube currency='USD' rate='1.0714'/>"),
        BadDocument::RepeatedCurrency => day(
            "2024-06-27",
            "<Cube currency='USD' rate='1.0714'/><Cube currency='USD' rate='1.0715'/>",
        ),
    };
    text.into_bytes()
}

fn ecb_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => "the document holds no day of rates".to_owned(),
        BadDocument::UnknownRoot => "the root element is <rates>, not <gesmes:Envelope>".to_owned(),
        BadDocument::MissingAttribute => "<Cube> lacks the rate attribute".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Frankfurter: a week is one time series, `/FROM..TO`.
const FRANKFURTER: ProviderFaults = ProviderFaults {
    source: "frankfurter",
    base: "EUR",
    name: "frankfurter",
    url_var: "FXRATES_FRANKFURTER_URL",
    path: "/2024-06-24..2024-06-28",
    query: "",
    fixture: "frankfurter/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document: frankfurter_document,
    refusal: frankfurter_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
};

/// A Frankfurter time series of the week holding `days`.
fn frankfurter_series(days: &str) -> String {
    format!(
        r#"{{"amount":1.0,"base":"EUR","start_date":"2024-06-24","end_date":"2024-06-28","rates":{{{days}}}}}"#
    )
}

/// `rate` as a JSON document would carry it: bare if it reads as a number
/// (or is `NaN`, as some JSON writers emit), a string otherwise (`"n/a"`).
fn json_rate(rate: &str) -> String {
    if rate == "NaN" || rate.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        rate.to_owned()
    } else {
        format!("{rate:?}")
    }
}

/// What a JSON provider says about the bad `rate` of `quote` on `date`.
fn json_rate_refusal(date: &str, quote: &str, rate: &str) -> String {
    let invalid = format!("day {date}, {quote}: invalid rate");
    match rate {
        // Not a JSON token: the document is refused as a whole.
        "NaN" => "not JSON: expected value".to_owned(),
        // A sign or an exponent: read as a JSON number, quoted as it stood.
        _ if rate.starts_with('-') || rate.contains('e') => format!("{invalid} {rate}"),
        _ if json_rate(rate).starts_with('"') => {
            format!("{invalid} {rate:?} (expected a number)")
        }
        _ => format!("{invalid} {rate:?}"),
    }
}

// The cases in JSON: "no day" is a series whose `rates` is empty, "unknown
// root" a top-level array instead of an object, "missing attribute" a rate
// given as `null`.
fn frankfurter_document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, rates: &str| {
        frankfurter_series(&format!(r#""{date}":{{"JPY":171.20,{rates}}}"#))
    };
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(FRANKFURTER.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => frankfurter_series(""),
        BadDocument::UnknownRoot => r#"[{"date":"2024-06-27","rates":{"USD":1.0714}}]"#.to_owned(),
        BadDocument::MissingAttribute => day("2024-06-27", r#""USD":null"#),
        BadDocument::Rate(rate) => day("2024-06-27", &format!(r#""USD":{}"#, json_rate(rate))),
        BadDocument::FutureDate => day("2999-01-04", r#""USD":1.0714"#),
        BadDocument::RepeatedCurrency => day("2024-06-27", r#""USD":1.0714,"USD":1.0715"#),
    };
    text.into_bytes()
}

fn frankfurter_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "the answer holds no day of rates".to_owned(),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid".to_owned(),
        BadDocument::MissingAttribute => {
            "day 2024-06-27, USD: invalid rate null (expected a number)".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is outside 1999-01-04..".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// The sentinel OXR app id: it goes in every request's query, and must
/// show nowhere. A macro, so that the query below can be built from it.
macro_rules! oxr_app_id {
    () => {
        "SENTINEL-oxr-app-id-93b1"
    };
}

/// Open Exchange Rates: one request per day, the app id in the query. The
/// faults are set up on the first day of the week; the other days are
/// served for the cases that heal.
const OXR: ProviderFaults = ProviderFaults {
    source: "oxr",
    base: "USD",
    name: "oxr",
    url_var: "FXRATES_OXR_URL",
    path: "/historical/2024-06-24.json",
    query: concat!("?app_id=", oxr_app_id!()),
    fixture: "oxr/historical/2024-06-24.json",
    rest: &[
        (
            "/historical/2024-06-25.json",
            "oxr/historical/2024-06-25.json",
        ),
        (
            "/historical/2024-06-26.json",
            "oxr/historical/2024-06-26.json",
        ),
        (
            "/historical/2024-06-27.json",
            "oxr/historical/2024-06-27.json",
        ),
        (
            "/historical/2024-06-28.json",
            "oxr/historical/2024-06-28.json",
        ),
    ],
    secrets: &[("FXRATES_OXR_APP_ID", oxr_app_id!())],
    document: oxr_document,
    refusal: oxr_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
};

/// 2024-06-24 23:59:59 UTC: an OXR answer has no date, only this.
const OXR_DAY: i64 = 1_719_273_599;

/// An OXR answer at `timestamp` quoting `rates` against the dollar.
fn oxr_answer(timestamp: i64, rates: &str) -> String {
    format!(
        r#"{{"disclaimer":"Usage subject to terms","license":"https://openexchangerates.org/license","timestamp":{timestamp},"base":"USD","rates":{{{rates}}}}}"#
    )
}

// The cases as for Frankfurter, on the day asked for first (2024-06-24), and
// on EUR: the base, USD, is dropped at 1 and refused at any other rate.
fn oxr_document(bad: BadDocument) -> Vec<u8> {
    let day = |rates: &str| oxr_answer(OXR_DAY, &format!(r#""JPY":160.21,{rates}"#));
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(OXR.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => oxr_answer(OXR_DAY, ""),
        BadDocument::UnknownRoot => {
            r#"[{"timestamp":1719273599,"rates":{"EUR":0.9342}}]"#.to_owned()
        }
        BadDocument::MissingAttribute => day(r#""EUR":null"#),
        BadDocument::Rate(rate) => day(&format!(r#""EUR":{}"#, json_rate(rate))),
        // 2999-01-04 12:00 UTC.
        BadDocument::FutureDate => oxr_answer(32_472_446_400, r#""EUR":0.9342"#),
        BadDocument::RepeatedCurrency => day(r#""EUR":0.9342,"EUR":0.9343"#),
    };
    text.into_bytes()
}

fn oxr_refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "day 2024-06-24 has no rates".to_owned(),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid".to_owned(),
        BadDocument::MissingAttribute => {
            "day 2024-06-24, EUR: invalid rate null (expected a number)".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-24", "EUR", rate),
        BadDocument::FutureDate => {
            "timestamp 32472446400 is on 2999-01-04, outside 1999-01-04..".to_owned()
        }
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency EUR appears twice".to_owned(),
    }
}

/// How a fault run must end.
enum Outcome {
    /// Exit `code`, with an error line holding every one of `says`.
    Fails { code: i32, says: Vec<String> },
    /// The fault heals within the run, which stores the week.
    Succeeds,
}

/// A check made after a fault run.
type Check = Box<dyn FnOnce(&World)>;

/// One fault, set up on a test's mirror.
struct Fault {
    /// Environment of the run beyond the defaults (timeouts, retries, URLs).
    env: Vec<(&'static str, String)>,
    outcome: Outcome,
    /// The run must end within this time.
    within: Duration,
    /// Checks of the fault's own, made after the run.
    after: Option<Check>,
}

impl Fault {
    fn fails(code: i32, says: impl Into<String>) -> Fault {
        Fault {
            env: Vec::new(),
            outcome: Outcome::Fails {
                code,
                says: vec![says.into()],
            },
            within: Duration::from_secs(20),
            after: None,
        }
    }

    fn succeeds(env: Vec<(&'static str, String)>) -> Fault {
        Fault {
            env,
            outcome: Outcome::Succeeds,
            within: Duration::from_secs(10),
            after: None,
        }
    }

    fn then(mut self, check: impl FnOnce(&World) + 'static) -> Fault {
        self.after = Some(Box::new(check));
        self
    }

    fn with_env(mut self, name: &'static str, value: impl Into<String>) -> Fault {
        self.env.push((name, value.into()));
        self
    }
}

/// Sets `fault` up with `make`, runs a backfill against it and checks every
/// promise: see the module docs of `tests/faults.rs`.
fn run_fault(provider: &ProviderFaults, make: fn(&World, &ProviderFaults) -> Fault) {
    let world = World::new();
    world
        .env
        .http
        .route(provider.path, Reply::file(provider.fixture));
    for (path, fixture) in provider.rest {
        world.env.http.route(path, Reply::file(fixture));
    }
    world.seed(provider.source, provider.base);
    let before = checksum(&world);
    let fault = make(&world, provider);

    let mut cmd = world.fxrates();
    cmd.args(BACKFILL)
        .env("FXRATES_PROVIDER", provider.name)
        .env(provider.url_var, world.env.http.base_url());
    for (name, value) in provider.secrets {
        cmd.env(name, value);
    }
    for (name, value) in &fault.env {
        cmd.env(name, value);
    }
    let started = Instant::now();
    let output = cmd.output().expect("run fxrates");
    let elapsed = started.elapsed();
    assert!(
        elapsed < fault.within,
        "took {elapsed:?}, more than {:?}",
        fault.within
    );

    match &fault.outcome {
        Outcome::Succeeds => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
            assert_eq!(stderr, "");
            assert_eq!(String::from_utf8_lossy(&output.stdout), "");
            assert_ne!(checksum(&world), before, "nothing stored");
            assert_eq!(runs(&mut world.env.client()), [(true, None)]);
            assert!(world.smtp.mails().is_empty(), "a success sent an email");
        }
        Outcome::Fails { code, says } => {
            let prefix = format!("error: fetching {} rates: ", provider.source);
            let message = check_failure(&world, &output, *code, &prefix, says);
            assert_eq!(checksum(&world), before, "the table changed");
            assert_eq!(runs(&mut world.env.client()), [(false, Some(message))]);
        }
    }
    if let Some(check) = fault.after {
        check(&world);
    }
    check_no_secret(&world, &output, &sentinel_secrets(provider.secrets));
}

/// `text` as fxrates may show it: every secret of `provider` as `***`.
fn hidden(provider: &ProviderFaults, text: &str) -> String {
    provider
        .secrets
        .iter()
        .fold(text.to_owned(), |text, (_, secret)| {
            text.replace(secret, "***")
        })
}

/// The URL of `provider`'s faulty path on `world`'s mirror, as shown.
fn shown_url(world: &World, provider: &ProviderFaults) -> String {
    hidden(
        provider,
        &format!("{}{}", world.env.http.url(provider.path), provider.query),
    )
}

/// The fault cases, each a function from a test's world to the fault it sets up.
mod cases {
    use super::*;

    fn http_status(world: &World, provider: &ProviderFaults, code: u16) -> Fault {
        world.env.http.route(provider.path, Reply::status(code));
        let reason = match code {
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            _ => "Not Found",
        };
        Fault::fails(
            3,
            format!("{}: HTTP {code} {reason}", shown_url(world, provider)),
        )
    }

    pub fn http_500(world: &World, provider: &ProviderFaults) -> Fault {
        http_status(world, provider, 500)
    }

    pub fn http_502(world: &World, provider: &ProviderFaults) -> Fault {
        http_status(world, provider, 502)
    }

    pub fn http_503(world: &World, provider: &ProviderFaults) -> Fault {
        http_status(world, provider, 503)
    }

    pub fn http_404(world: &World, provider: &ProviderFaults) -> Fault {
        http_status(world, provider, 404)
    }

    pub fn http_429_with_retry_after_is_retried_and_succeeds(
        world: &World,
        provider: &ProviderFaults,
    ) -> Fault {
        let limited = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\n\
                       Content-Length: 0\r\nConnection: close\r\n\r\n";
        world.env.http.route_sequence(
            provider.path,
            vec![
                Reply::Raw(limited.as_bytes().to_vec()),
                Reply::file(provider.fixture),
            ],
        );
        let path = provider.path;
        Fault::succeeds(vec![("FXRATES_HTTP_RETRIES", "1".to_owned())]).then(move |world| {
            let asked = world.env.http.requests();
            let tries = asked.iter().filter(|asked| *asked == path).count();
            assert_eq!(tries, 2, "not retried once: {asked:?}");
        })
    }

    pub fn connection_refused(_world: &World, provider: &ProviderFaults) -> Fault {
        let closed = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let url = format!("http://{}", closed.local_addr().expect("its address"));
        drop(closed);
        let shown = hidden(
            provider,
            &format!("{url}{}{}", provider.path, provider.query),
        );
        Fault::fails(3, format!("{shown}: connection refused")).with_env(provider.url_var, url)
    }

    /// Two attempts of at most 1 s and a 1 s pause between them, plus room
    /// for starting the process, the database and the email.
    fn bounded_by_timeout(fault: Fault) -> Fault {
        let (attempts, timeout, backoff, margin) = (2, 1, 1, 4);
        Fault {
            within: Duration::from_secs(attempts * timeout + backoff + margin),
            ..fault
                .with_env("FXRATES_HTTP_TIMEOUT", "1s")
                .with_env("FXRATES_HTTP_RETRIES", "1")
        }
    }

    pub fn a_server_that_never_answers(world: &World, provider: &ProviderFaults) -> Fault {
        world.env.http.route(provider.path, Reply::Hang);
        bounded_by_timeout(Fault::fails(
            3,
            format!(
                "{}: timed out (after 2 attempts)",
                shown_url(world, provider)
            ),
        ))
    }

    pub fn a_body_trickling_a_byte_a_second(world: &World, provider: &ProviderFaults) -> Fault {
        let body = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(provider.fixture),
        )
        .expect("read the fixture");
        world.env.http.route(
            provider.path,
            Reply::Trickle {
                body,
                every: Duration::from_secs(1),
            },
        );
        bounded_by_timeout(Fault::fails(
            3,
            format!(
                "{}: reading the response: timed out (after 2 attempts)",
                shown_url(world, provider)
            ),
        ))
    }

    pub fn a_connection_closed_mid_body(world: &World, provider: &ProviderFaults) -> Fault {
        let whole = (provider.document)(BadDocument::NoDay);
        world.env.http.route(
            provider.path,
            Reply::Truncated {
                body: whole[..whole.len() / 2].to_vec(),
                declared_len: whole.len(),
            },
        );
        Fault::fails(
            3,
            format!(
                "{}: reading the response: connection closed before the response ended",
                shown_url(world, provider)
            ),
        )
    }

    pub fn an_html_page_with_status_200(world: &World, provider: &ProviderFaults) -> Fault {
        world.env.http.route(provider.path, Reply::html_200());
        Fault::fails(4, shown_url(world, provider)).also(provider.html_refusal)
    }

    fn bad_document(world: &World, provider: &ProviderFaults, bad: BadDocument) -> Fault {
        world.env.http.route(
            provider.path,
            Reply::Body {
                status: 200,
                content_type: provider.content_type,
                body: (provider.document)(bad),
            },
        );
        Fault::fails(4, shown_url(world, provider)).also((provider.refusal)(bad))
    }

    pub fn a_truncated_document(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::Truncated)
    }

    pub fn a_document_without_a_day(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::NoDay)
    }

    pub fn an_unknown_root_element(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::UnknownRoot)
    }

    pub fn a_missing_attribute(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::MissingAttribute)
    }

    pub fn a_negative_rate(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::Rate("-1.0714"))
    }

    pub fn a_zero_rate(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::Rate("0.0000"))
    }

    pub fn a_nan_rate(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::Rate("NaN"))
    }

    pub fn an_overflowing_rate(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::Rate("1e999"))
    }

    pub fn a_non_numeric_rate(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::Rate("n/a"))
    }

    pub fn a_date_in_the_future(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::FutureDate)
    }

    pub fn a_currency_repeated_in_a_day(world: &World, provider: &ProviderFaults) -> Fault {
        bad_document(world, provider, BadDocument::RepeatedCurrency)
    }

    /// The cap is 64 MiB; the server offers a terabyte.
    pub fn a_body_over_the_size_cap(world: &World, provider: &ProviderFaults) -> Fault {
        world.env.http.route(
            provider.path,
            Reply::Endless {
                declared_len: 1 << 40,
            },
        );
        Fault::fails(
            4,
            format!(
                "{}: response larger than the 67108864-byte limit",
                shown_url(world, provider)
            ),
        )
        .then(|world| {
            // The cap, and what the socket buffers held beyond it: never the terabyte.
            let sent = world.env.http.bytes_sent();
            assert!(sent < (64 + 32) << 20, "{sent} bytes sent");
        })
    }

    pub fn a_redirect_to_another_host_over_http(world: &World, provider: &ProviderFaults) -> Fault {
        // 127.0.0.2 is this machine too, but another host as far as URLs go.
        let other = HttpServer::start_on("127.0.0.2");
        other.route(provider.path, Reply::file(provider.fixture));
        // The query goes along, secrets included, as a server would send it.
        let target = format!("{}{}", other.url(provider.path), provider.query);
        world.env.http.route(
            provider.path,
            Reply::Redirect {
                status: 302,
                location: target.clone(),
            },
        );
        Fault::fails(
            3,
            format!(
                "{}: redirected to {}, another host over plain HTTP",
                shown_url(world, provider),
                hidden(provider, &target),
            ),
        )
        .then(move |_| assert_eq!(other.requests(), Vec::<String>::new()))
    }

    pub fn a_redirect_to_another_host_over_https_is_followed(
        world: &World,
        provider: &ProviderFaults,
    ) -> Fault {
        // A listener that only notes whether a TLS handshake arrives.
        let listener = TcpListener::bind("127.0.0.2:0").expect("bind 127.0.0.2");
        let target = format!(
            "https://{}{}{}",
            listener.local_addr().expect("its address"),
            provider.path,
            provider.query,
        );
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut first = [0u8; 1];
            if stream.read_exact(&mut first).is_ok() {
                let _ = tx.send(first[0]);
            }
        });
        world.env.http.route(
            provider.path,
            Reply::Redirect {
                status: 301,
                location: target.clone(),
            },
        );
        Fault::fails(
            3,
            format!(
                "{}: after a redirect to {}: ",
                shown_url(world, provider),
                hidden(provider, &target),
            ),
        )
        .then(move |_| {
            // 0x16 opens a TLS handshake record: the ClientHello.
            assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok(0x16));
        })
    }

    pub fn a_redirect_on_the_same_host_is_followed(
        world: &World,
        provider: &ProviderFaults,
    ) -> Fault {
        let moved = format!("/moved{}", provider.path);
        world.env.http.route(&moved, Reply::file(provider.fixture));
        world.env.http.route(
            provider.path,
            Reply::Redirect {
                status: 308,
                location: format!("{moved}{}", provider.query),
            },
        );
        Fault::succeeds(Vec::new())
    }
}

impl Fault {
    /// The error line must hold `says` too.
    fn also(mut self, says: impl Into<String>) -> Fault {
        if let Outcome::Fails { says: all, .. } = &mut self.outcome {
            all.push(says.into());
        }
        self
    }
}

/// One test per case for the provider `$provider`.
macro_rules! provider_fault_tests {
    ($provider:expr) => {
        provider_fault_tests!($provider;
            http_500,
            http_502,
            http_503,
            http_404,
            http_429_with_retry_after_is_retried_and_succeeds,
            connection_refused,
            a_server_that_never_answers,
            a_body_trickling_a_byte_a_second,
            a_connection_closed_mid_body,
            an_html_page_with_status_200,
            a_truncated_document,
            a_document_without_a_day,
            an_unknown_root_element,
            a_missing_attribute,
            a_negative_rate,
            a_zero_rate,
            a_nan_rate,
            an_overflowing_rate,
            a_non_numeric_rate,
            a_date_in_the_future,
            a_currency_repeated_in_a_day,
            a_body_over_the_size_cap,
            a_redirect_to_another_host_over_http,
            a_redirect_to_another_host_over_https_is_followed,
            a_redirect_on_the_same_host_is_followed,
        );
    };
    ($provider:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                $crate::providers::run_fault($provider, $crate::providers::cases::$case);
            }
        )*
    };
}

mod ecb {
    use super::*;

    provider_fault_tests!(&super::ECB);

    /// Serves `document` for the backfill and expects it refused with `says`.
    fn refused(world: &World, document: String, says: &str) -> Fault {
        world.env.http.route(HISTORY, Reply::ok_xml(document));
        Fault::fails(4, world.env.http.url(HISTORY)).also(says)
    }

    fn one_day(date: &str, usd: &str, extra: &str) -> String {
        ecb_envelope(&format!(
            "<Cube time='{date}'><Cube currency='USD' rate='{usd}'/>{extra}</Cube>"
        ))
    }

    #[test]
    fn a_lowercase_currency_code() {
        run_fault(&ECB, |world, _| {
            let document = one_day("2024-06-27", "1.07", "<Cube currency='gbp' rate='0.85'/>");
            refused(world, document, "invalid currency code \"gbp\"")
        });
    }

    #[test]
    fn a_date_before_the_first_rates() {
        run_fault(&ECB, |world, _| {
            let document = one_day("1998-12-31", "1.07", "");
            refused(world, document, "before the first reference rates")
        });
    }

    #[test]
    fn an_unparseable_date() {
        run_fault(&ECB, |world, _| {
            let document = one_day("27/06/2024", "1.07", "");
            refused(world, document, "invalid date \"27/06/2024\"")
        });
    }

    #[test]
    fn a_day_repeated_in_a_document() {
        run_fault(&ECB, |world, _| {
            let day = "<Cube time='2024-06-27'><Cube currency='USD' rate='1.07'/></Cube>";
            refused(
                world,
                ecb_envelope(&format!("{day}{day}")),
                "day 2024-06-27 appears twice",
            )
        });
    }

    #[test]
    fn one_bad_day_among_good_ones_refuses_them_all() {
        run_fault(&ECB, |world, _| {
            let mut document = crate::common::env::fixture("ecb/eurofxref-hist.xml");
            // The JPY rate of 2024-06-19, a day before the backfill.
            let jpy = "<Cube currency=\"JPY\" rate=\"";
            let (at, _) = document.match_indices(jpy).nth(7).expect("eight JPY rates");
            document.insert(at + jpy.len(), '-');
            refused(world, document, "day 2024-06-19, JPY: invalid rate \"-")
        });
    }
}

mod frankfurter {
    provider_fault_tests!(&super::FRANKFURTER);
}

mod oxr {
    provider_fault_tests!(&super::OXR);
}

/// Provider URLs: HTTPS, unless the host is loopback or plain HTTP is allowed.
mod provider_urls {
    use super::*;

    const REMOTE: &str = "http://mirror.fxrates-test.invalid/eurofxref";

    #[test]
    fn plain_http_to_another_host_is_refused_before_any_request() {
        let env = Env::with_schema();
        env.fxrates()
            .arg("fetch")
            .env("FXRATES_ECB_URL", REMOTE)
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "error: FXRATES_ECB_URL {REMOTE} is plain HTTP: \
                 use https://, or set FXRATES_ALLOW_HTTP=1 to allow it\n"
            ));
        let mut client = env.client();
        assert_eq!(rates_checksum(&mut client), "0:");
        let runs: i64 = client
            .query_one("SELECT count(*) FROM fetch_runs", &[])
            .expect("count fetch_runs")
            .get(0);
        assert_eq!(runs, 0, "the run got as far as the database");
    }

    #[test]
    fn allow_http_lets_plain_http_through() {
        let env = Env::with_schema();
        for allow in ["FXRATES_ALLOW_HTTP", "--allow-http"] {
            let mut cmd = env.fxrates();
            cmd.arg("fetch").env("FXRATES_ECB_URL", REMOTE);
            if allow.starts_with("--") {
                cmd.arg(allow);
            } else {
                cmd.env(allow, "1");
            }
            // Past the check: the host does not resolve (exit 3), or nothing listens.
            cmd.assert()
                .code(3)
                .stderr(predicates::str::contains(format!(
                    "error: fetching ecb rates: {REMOTE}/eurofxref-daily.xml: "
                )));
        }
    }

    #[test]
    fn other_schemes_are_refused() {
        let env = Env::with_schema();
        env.fxrates()
            .arg("fetch")
            .env("FXRATES_ECB_URL", "ftp://127.0.0.1/eurofxref")
            .env("FXRATES_ALLOW_HTTP", "1")
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "FXRATES_ECB_URL ftp://127.0.0.1/eurofxref has the scheme ftp",
            ));
    }
}
