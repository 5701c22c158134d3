//! Provider faults: the cases are written once, against a
//! [`ProviderFaults`] that says how a provider is reached and what its
//! documents look like, and the `provider_fault_tests!` macro turns every
//! case into a test per provider. A new provider plugs in with its
//! `ProviderFaults` (its secrets included, e.g. an API key) and one
//! `provider_fault_tests!(&NAME);` in a module of its own under
//! `providers/`; one whose "nothing published" is an HTTP 404 or an empty
//! document (or both) says so (`where_nothing_published_is http_404`) and
//! tests that answer beside the table.

use std::io::Read as _;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::common::env::HISTORY;
use crate::common::http::{HttpServer, Reply};
use crate::faults::{World, check_failure, check_no_secret, checksum, runs, sentinel_secrets};

pub(crate) use formats::ecb_envelope;
use formats::{ECB, FRANKFURTER, OXR};

mod cases;
mod formats;

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

    /// The error line must hold `says` too.
    fn also(mut self, says: impl Into<String>) -> Fault {
        if let Outcome::Fails { says: all, .. } = &mut self.outcome {
            all.push(says.into());
        }
        self
    }
}

/// Sets `fault` up with `make`, runs a backfill against it and checks every
/// promise: see the module docs of `tests/it/faults.rs`.
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

/// One test per case for the provider `$provider`.
macro_rules! provider_fault_tests {
    ($provider:expr) => {
        provider_fault_tests!($provider, with http_404, a_document_without_a_day);
    };
    // A provider whose "nothing published" is one of these answers runs
    // every case but that one, and tests its own meaning of it beside.
    ($provider:expr, where_nothing_published_is http_404) => {
        provider_fault_tests!($provider, with a_document_without_a_day);
    };
    ($provider:expr, where_nothing_published_is an_empty_document) => {
        provider_fault_tests!($provider, with http_404);
    };
    ($provider:expr, where_nothing_published_is http_404_or_an_empty_document) => {
        provider_fault_tests!($provider, with);
    };
    ($provider:expr, with $($case:ident),*) => {
        provider_fault_tests!($provider;
            $($case,)*
            http_500,
            http_502,
            http_503,
            http_429_with_retry_after_is_retried_and_succeeds,
            connection_refused,
            a_server_that_never_answers,
            a_body_trickling_a_byte_a_second,
            a_connection_closed_mid_body,
            an_html_page_with_status_200,
            a_truncated_document,
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
                $crate::faults::providers::run_fault($provider, $crate::faults::providers::cases::$case);
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

    /// Regression: text quoted from a document reached stderr, the email
    /// and `fetch_runs` raw, terminal escape codes and 5,000 characters
    /// included.
    #[test]
    fn a_root_element_with_escape_codes_and_5000_characters() {
        run_fault(&ECB, |world, _| {
            let name = format!("x\u{1b}[2J{}", "y".repeat(5000));
            let document = format!("<?xml version='1.0'?><{name}/>");
            refused(world, document, "the root element is <x\\u{1b}[2Jyyy")
                .also("… (4129 more characters)")
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

mod boc;
mod boe;
mod boi;
mod cnb;
mod frankfurter2;
mod fred;
mod mnb;
mod nbp;
mod nbu;
mod norgesbank;
mod ptax;
mod rba;
mod riksbank;
mod tcmb;
