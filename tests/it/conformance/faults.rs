//! The provider fault table: every case ([`cases`]) is written once,
//! against a [`ProviderFaults`] that says how a provider is reached and
//! what its documents look like, and runs for every provider as cron runs
//! it (see the module docs of `tests/it/faults.rs`: `--quiet`, a failure
//! email, sentinel passwords, the checks of exit code, error line, table,
//! `fetch_runs`, email and secrets).
//!
//! A provider's "nothing published" may be one of the table's answers (an
//! HTTP 404, a document without a day): that case then checks that the
//! answer stores nothing and succeeds, quietly and without an email
//! ([`NothingIs`]).

use std::time::{Duration, Instant};

use fxrates::providers::ProviderName;

use crate::common::http::{HttpServer, Reply};
use crate::faults::{World, check_failure, check_no_secret, checksum, runs, sentinel_secrets};

pub mod cases;

/// The days every fault run asks for: a backfill of one week.
pub const BACKFILL: &[&str] = &[
    "fetch",
    "--quiet",
    "--from",
    "2024-06-24",
    "--to",
    "2024-06-28",
];

/// A document that is wrong in one way, in a provider's own format.
#[derive(Clone, Copy, Debug)]
pub enum BadDocument {
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
    /// One day dated this far in the future (for a provider whose
    /// documents carry a date: see [`UNDATED`]).
    FutureDate,
    /// One day on 2024-06-27 listing USD twice.
    RepeatedCurrency,
}

/// Which answers of the table a provider documents as "nothing published"
/// (`docs/providers.md`), so that their cases expect a quiet success.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NothingIs {
    /// Neither: both are faults.
    Neither,
    /// HTTP 404.
    Http404,
    /// A document without a day ([`BadDocument::NoDay`]).
    NoDay,
    /// Both.
    Http404OrNoDay,
}

/// The providers whose documents carry no date: a day is the one its
/// request asked for (InforEuro's month), so that no document of theirs
/// can be dated in the future, and [`cases::a_date_in_the_future`] checks
/// instead that the week is stored under the day asked for.
pub const UNDATED: &[&str] = &["inforeuro"];

/// What the fault tests know about one provider.
#[derive(Debug)]
pub struct ProviderFaults {
    /// Its name in the registry, `FXRATES_PROVIDER` and `rates.source`.
    pub name: &'static str,
    /// The path below its base URL that a [`BACKFILL`] reads first, where
    /// faults are set up.
    pub path: &'static str,
    /// The query its requests carry, secrets included, as sent.
    pub query: &'static str,
    /// The fixture that answers [`ProviderFaults::path`] correctly.
    pub fixture: &'static str,
    /// The other paths a [`BACKFILL`] reads, with their fixtures (a
    /// provider asking one day per request reads several).
    pub rest: &'static [(&'static str, &'static str)],
    /// Settings holding secrets of its own, and sentinel values for them.
    pub secrets: &'static [(&'static str, &'static str)],
    /// The body of a [`BadDocument`].
    pub document: fn(BadDocument) -> Vec<u8>,
    /// What the error line says about it.
    pub refusal: fn(BadDocument) -> String,
    /// What the error line says about an HTML page served with status 200.
    pub html_refusal: &'static str,
    /// The `Content-Type` its documents are served with.
    pub content_type: &'static str,
    /// Which answers of the table are its "nothing published".
    pub nothing_published: NothingIs,
}

impl ProviderFaults {
    /// Its registry entry.
    fn provider(&self) -> ProviderName {
        ProviderName::find(self.name).expect("a provider of the registry")
    }

    /// Whether its documents carry the date of their rates ([`UNDATED`]).
    pub fn dated(&self) -> bool {
        !UNDATED.contains(&self.name)
    }

    /// The variable that points fxrates at its base URL.
    pub fn url_var(&self) -> String {
        self.provider().url_env()
    }

    /// Every path a [`BACKFILL`] reads, with the fixture answering it. A
    /// provider asking one path with a query per day (the Banca d'Italia's
    /// `?referenceDate=`) names the other days' targets, query included.
    pub fn fixture_routes(&self) -> Vec<(&'static str, &'static str)> {
        std::iter::once((self.path, self.fixture))
            .chain(self.rest.iter().copied())
            .collect()
    }
}

/// Routes one of [`ProviderFaults::fixture_routes`] on `http` to `reply`:
/// a path whatever its query, or a target with a query exactly, also as
/// asked below a base URL of its own query (`?token=abc&…`).
pub fn route_week(http: &HttpServer, path: &str, reply: Reply) {
    match path.split_once('?') {
        Some((bare, query)) => {
            http.route_target(&format!("{bare}?token=abc&{query}"), reply.clone());
            http.route_target(path, reply);
        }
        None => http.route(path, reply),
    }
}

/// How a fault run must end.
enum Outcome {
    /// Exit `code`, with an error line holding every one of `says`.
    Fails { code: i32, says: Vec<String> },
    /// The fault heals within the run, which stores the week.
    Succeeds,
    /// The answer is the provider's "nothing published": a quiet success
    /// that stores nothing and sends no email.
    NothingPublished,
}

/// A check made after a fault run.
type Check = Box<dyn FnOnce(&World)>;

/// One fault, set up on a test's mirror.
pub struct Fault {
    /// Environment of the run beyond the defaults (timeouts, retries, URLs).
    env: Vec<(String, String)>,
    outcome: Outcome,
    /// The run must end within this time.
    within: Duration,
    /// Checks of the fault's own, made after the run.
    after: Option<Check>,
}

impl Fault {
    /// The run fails with exit `code` and a line holding `says`.
    pub fn fails(code: i32, says: impl Into<String>) -> Fault {
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

    /// The run heals the fault and stores the week.
    pub fn succeeds(env: Vec<(&'static str, String)>) -> Fault {
        Fault {
            env: env
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
            outcome: Outcome::Succeeds,
            within: Duration::from_secs(10),
            after: None,
        }
    }

    /// The run meets the provider's "nothing published".
    pub fn nothing_published() -> Fault {
        Fault {
            outcome: Outcome::NothingPublished,
            ..Fault::succeeds(Vec::new())
        }
    }

    /// Checks made after the run.
    pub fn then(mut self, check: impl FnOnce(&World) + 'static) -> Fault {
        self.after = Some(Box::new(check));
        self
    }

    /// The run has the variable `name` set to `value`.
    pub fn with_env(mut self, name: impl Into<String>, value: impl Into<String>) -> Fault {
        self.env.push((name.into(), value.into()));
        self
    }

    /// The error line must hold `says` too.
    pub fn also(mut self, says: impl Into<String>) -> Fault {
        if let Outcome::Fails { says: all, .. } = &mut self.outcome {
            all.push(says.into());
        }
        self
    }
}

/// Sets `fault` up with `make`, runs a backfill against it and checks every
/// promise: see the module docs of `tests/it/faults.rs`.
pub fn run_fault(provider: &ProviderFaults, make: fn(&World, &ProviderFaults) -> Fault) {
    let world = World::new();
    for (path, fixture) in provider.fixture_routes() {
        route_week(&world.env.http, path, Reply::file(fixture));
    }
    let name = provider.provider();
    world.seed(provider.name, name.default_home().as_str());
    let before = checksum(&world);
    let fault = make(&world, provider);

    let mut cmd = world.fxrates();
    cmd.args(BACKFILL)
        .env("FXRATES_PROVIDER", provider.name)
        .env(provider.url_var(), world.env.http.base_url());
    for (variable, value) in provider.secrets {
        cmd.env(variable, value);
    }
    for (variable, value) in &fault.env {
        cmd.env(variable, value);
    }
    let started = Instant::now();
    let output = cmd.output().expect("run fxrates");
    let elapsed = started.elapsed();
    assert!(
        elapsed < fault.within,
        "took {elapsed:?}, more than {:?}",
        fault.within
    );

    let stderr = String::from_utf8_lossy(&output.stderr);
    match &fault.outcome {
        Outcome::Succeeds | Outcome::NothingPublished => {
            assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
            assert_eq!(stderr, "");
            assert_eq!(String::from_utf8_lossy(&output.stdout), "");
            let after = checksum(&world);
            if matches!(fault.outcome, Outcome::Succeeds) {
                assert_ne!(after, before, "nothing stored");
            } else {
                assert_eq!(after, before, "the table changed");
            }
            assert_eq!(runs(&mut world.env.client()), [(true, None)]);
            assert!(world.smtp.mails().is_empty(), "a success sent an email");
        }
        Outcome::Fails { code, says } => {
            let prefix = format!("error: fetching {} rates: ", provider.name);
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
pub fn hidden(provider: &ProviderFaults, text: &str) -> String {
    provider
        .secrets
        .iter()
        .fold(text.to_owned(), |text, (_, secret)| {
            text.replace(secret, "***")
        })
}

/// The URL of `provider`'s faulty path on `world`'s mirror, as shown.
pub fn shown_url(world: &World, provider: &ProviderFaults) -> String {
    hidden(
        provider,
        &format!("{}{}", world.env.http.url(provider.path), provider.query),
    )
}

/// A provider's week cut two thirds through: the truncated document of
/// the table.
pub fn truncated(fixture: &str) -> String {
    let whole = crate::common::env::fixture(fixture);
    whole[..whole.len() * 2 / 3].to_owned()
}

/// `rate` as a JSON document would carry it: bare if it reads as a number
/// (or is `NaN`, as some JSON writers emit), a string otherwise (`"n/a"`).
pub fn json_rate(rate: &str) -> String {
    if rate == "NaN" || rate.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        rate.to_owned()
    } else {
        format!("{rate:?}")
    }
}

/// What a JSON provider says about the bad `rate` of `quote` on `date`.
pub fn json_rate_refusal(date: &str, quote: &str, rate: &str) -> String {
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

/// Serves `document` for `provider`'s faulty path with status 200 and
/// expects it refused as invalid data, the line holding `says`.
pub fn refused(
    world: &World,
    provider: &ProviderFaults,
    document: impl Into<Vec<u8>>,
    says: &str,
) -> Fault {
    world.env.http.route(
        provider.path,
        Reply::Body {
            status: 200,
            content_type: provider.content_type,
            body: document.into(),
        },
    );
    Fault::fails(4, shown_url(world, provider)).also(says)
}
