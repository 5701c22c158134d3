//! A provider's case, and the checks every provider must pass, written
//! once: each takes the provider's name and its [`Case`] and drives the
//! built binary (or the library, for a fixed today) against a loopback
//! mirror of its API serving the case's recordings.
//!
//! Paths and targets in a case are below the provider's base URL, as
//! `docs/providers.md` gives them (`/exrates/daily-year?year=2026&lang=EN`):
//! the mirror serves each provider below `/<name>` ([`mirror_path`]), which
//! the checks add and take away.

use fxrates::providers::{ProviderName, Release};

use super::faults::{BadDocument, ProviderFaults};
use crate::common::env::{Env, mirror_path, scalar};
use crate::common::http::{Reply, Request};
use crate::common::pg::{count_rates, rates_checksum, row_versions, stored_series};
use crate::common::smtp::SmtpServer;
use crate::faults::runs;

/// What the conformance checks know of one provider.
#[derive(Debug)]
pub struct Case {
    /// How a request reads in the lists of requests below: its target by
    /// default ([`target`]); a SOAP call names its operation and parameters.
    pub request: fn(&Request) -> String,
    /// The method of every request.
    pub method: &'static str,
    /// The `Accept` header of every request.
    pub accept: &'static str,
    /// The recorded window.
    pub window: Window,
    /// A catch-up after it.
    pub catch_up: CatchUp,
    /// Each answer the provider documents as "nothing published", and a
    /// run meeting it. Empty for a provider without one (every day has
    /// rates): a document without a day is then refused, exit 4.
    pub nothing: Vec<Nothing>,
    /// A fetch with `--symbols`.
    pub symbols: Symbols,
}

/// A path or target below the base URL and the mirror's answer to it; a
/// route with a query answers that exact target, one without any query.
pub type Route = (String, Reply);

/// The route of `path` (or target) to `reply`.
pub fn at(path: impl Into<String>, reply: Reply) -> Route {
    (path.into(), reply)
}

/// A request as most cases list it: its target, query included.
pub fn target(request: &Request) -> String {
    request.target.clone()
}

/// One `(day, series, "unit base quote rate")` row as [`stored_series`]
/// reads it back, or `(day, series, "base quote NULL")` for a row that
/// must not be stored.
pub type Row = (&'static str, &'static str, &'static str);

/// The recorded window: what the mirror serves, the run that asks for it,
/// and everything it must store and ask for.
#[derive(Debug)]
pub struct Window {
    /// The recordings, as served for every check of the case.
    pub routes: Vec<Route>,
    /// The arguments of `fetch --provider <name>` for the window.
    pub args: &'static [&'static str],
    /// The days as the summary line names them: `65 days (2026-01-02..2026-04-02)`.
    pub days: &'static str,
    /// How many rows it stores.
    pub count: usize,
    /// The requests it makes, in order.
    pub requests: Vec<String>,
    /// How many rows per unit, direction and series, `1 X CZK mid: 1365`
    /// (X a foreign currency, here priced in CZK), in text order.
    pub shape: &'static [&'static str],
    /// Every currency besides the provider's own, alphabetical.
    pub currencies: &'static str,
    /// A sample of rows, each exactly as stored, and rows left out on
    /// purpose (an index, a metal, an empty cell) as `base quote NULL`.
    pub rows: &'static [Row],
    /// The publisher's reference of each day, `2026-03-02 041/A/NBP/2026,
    /// …`, or `NULL` when it prints none.
    pub references: &'static str,
}

/// A catch-up after the window: a first fetch, later recordings, and the
/// run without dates on a given day.
#[derive(Debug)]
pub struct CatchUp {
    /// The arguments of the first fetch (usually the window's).
    pub first: &'static [&'static str],
    /// The recordings added for the catch-up.
    pub routes: Vec<Route>,
    /// The day the catch-up runs on.
    pub today: &'static str,
    /// The arguments of the catch-up's `fetch --provider <name>`: none,
    /// or the `--symbols` of the first fetch.
    pub args: &'static [&'static str],
    /// Its summary line after `<name>: `.
    pub summary: &'static str,
    /// The requests it makes, in order: only for the days after the newest
    /// stored one (and that day again, for a provider that revises it: a
    /// monthly source reads its newest stored month again, then the next).
    pub requests: Vec<String>,
    /// How many rows of the provider are stored after it.
    pub total: usize,
    /// A sample of the rows it stored.
    pub rows: &'static [Row],
    /// The references of every stored day after it, as [`Window::references`].
    pub references: &'static str,
}

/// One "nothing published" answer and a run meeting it.
#[derive(Debug)]
pub struct Nothing {
    /// The answer, routed over the window's recordings.
    pub routes: Vec<Route>,
    /// The arguments of `fetch --provider <name>`.
    pub args: &'static [&'static str],
    /// Run in-process as if on this day, for days after the real today;
    /// `None` runs the binary.
    pub at: Option<&'static str>,
    /// The summary line after `<name>: `.
    pub says: &'static str,
    /// The requests it makes, in order.
    pub requests: Vec<String>,
}

/// A fetch with `--symbols`.
#[derive(Debug)]
pub struct Symbols {
    /// The arguments of `fetch --provider <name>`, `--symbols` included.
    pub args: &'static [&'static str],
    /// The days as the summary line names them.
    pub days: &'static str,
    /// How many rows it stores.
    pub count: usize,
    /// The currencies stored, alphabetical: those asked for.
    pub currencies: &'static str,
    /// The requests it makes, in order.
    pub requests: Vec<String>,
}

/// `1 rate`, `20 rates`.
fn rates(count: usize) -> String {
    match count {
        1 => "1 rate".to_owned(),
        _ => format!("{count} rates"),
    }
}

/// The registry entry of `name`.
fn provider(name: &str) -> ProviderName {
    ProviderName::find(name).unwrap_or_else(|| panic!("{name} is not in the registry"))
}

/// A database with the schema and the mirror serving the window's
/// recordings below `/<name>`: where a provider's own tests start too.
pub fn recorded(name: &str, case: &Case) -> Env {
    let env = Env::with_schema();
    route(&env, name, &case.window.routes);
    env
}

/// `path` (below `name`'s base URL) as the mirror serves it.
pub fn mirrored(name: &str, path: &str) -> String {
    format!("{}{path}", mirror_path(provider(name)))
}

/// Routes `routes` below the mirror path of `name`.
pub fn route(env: &Env, name: &str, routes: &[Route]) {
    for (path, reply) in routes {
        let path = mirrored(name, path);
        if path.contains('?') {
            env.http.route_target(&path, reply.clone());
        } else {
            env.http.route(&path, reply.clone());
        }
    }
}

/// The requests the mirror received, below the base URL, each as `case`
/// lists them, and forgets them.
fn requests(env: &Env, name: &str, case: &Case) -> Vec<String> {
    let prefix = mirror_path(provider(name));
    let below = |text: &str| {
        text.strip_prefix(prefix.as_str())
            .unwrap_or(text)
            .to_owned()
    };
    let recorded = env.http.recorded();
    env.http.take_requests();
    recorded
        .into_iter()
        .map(|mut request| {
            request.target = below(&request.target);
            request.path = below(&request.path);
            (case.request)(&request)
        })
        .collect()
}

/// The secrets of `faults` as the environment of a run.
fn with_secrets(cmd: &mut assert_cmd::Command, faults: &ProviderFaults) {
    for (variable, value) in faults.secrets {
        cmd.env(variable, value);
    }
}

/// The secrets of `name` as options, for a run in-process (which reads no
/// variable the test process does not have).
fn secret_options(name: &str, faults: &ProviderFaults) -> Vec<String> {
    let settings = provider(name).info().settings;
    faults
        .secrets
        .iter()
        .flat_map(|(variable, value)| {
            let setting = settings
                .iter()
                .find(|setting| setting.env == *variable)
                .unwrap_or_else(|| panic!("{name} has no setting {variable}"));
            [format!("--{}", setting.flag), (*value).to_owned()]
        })
        .collect()
}

/// `fetch --provider <name>` on the built binary, with its secrets.
fn fetch(env: &Env, name: &str, faults: &ProviderFaults) -> assert_cmd::Command {
    let mut cmd = env.fetch(name);
    with_secrets(&mut cmd, faults);
    cmd
}

/// `fetch --provider <name> args…` in-process as if on `today`: its
/// summary line.
fn fetch_at(env: &Env, today: &str, name: &str, faults: &ProviderFaults, args: &[&str]) -> String {
    let mut all: Vec<String> = ["fetch", "--provider", name].map(String::from).into();
    all.extend(secret_options(name, faults));
    all.extend(args.iter().map(|arg| (*arg).to_owned()));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    env.run_at(today, &all)
        .unwrap_or_else(|err| panic!("{name} on {today}: {err:#}"))
}

/// The provider's rows grouped by unit, direction and series:
/// `1 X CZK mid: 1365` for rows pricing a foreign currency in CZK,
/// `1 GBP X mid: 104` for rows pricing GBP in one.
fn shape(env: &Env, name: &str) -> Vec<String> {
    let home = provider(name).default_home().to_string();
    env.client()
        .query(
            "SELECT shape || ': ' || count(*) FROM (
                 SELECT unit || ' ' || CASE WHEN base = $2 THEN base || ' X'
                                            WHEN quote = $2 THEN 'X ' || quote
                                            ELSE base || ' ' || quote END
                        || ' ' || series AS shape
                 FROM rates WHERE source = $1) AS rows
             GROUP BY shape ORDER BY shape",
            &[&name, &home],
        )
        .expect("group the rows")
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// The currencies of the provider's rows besides its own, alphabetical.
fn currencies(env: &Env, name: &str) -> String {
    let home = provider(name).default_home().to_string();
    env.client()
        .query_one(
            "SELECT coalesce(string_agg(DISTINCT CASE WHEN base = $2 THEN quote ELSE base END::text,
                                        ',' ORDER BY CASE WHEN base = $2 THEN quote ELSE base END::text), '')
             FROM rates WHERE source = $1",
            &[&name, &home],
        )
        .expect("list the currencies")
        .get(0)
}

/// The provider's publications as `day reference`, oldest first.
fn references(env: &Env, name: &str) -> String {
    scalar(
        &mut env.client(),
        &format!(
            "SELECT string_agg(rate_date || ' ' || reference, ', ' ORDER BY rate_date) \
             FROM publications WHERE source = '{name}'"
        ),
    )
}

/// Checks the periods the rows state, by the provider's release: none for
/// a weekly source; for a daily one none, or a run of at most a week past
/// its day that the publisher states (Colombia's TRM set on Friday for
/// Saturday to Monday, or to Tuesday over a holiday); for a monthly one,
/// each day the 1st of its month and in force to the month's last day; for
/// a quarterly one, each in force to a quarter's end, within two quarters
/// of its day.
fn check_periods(env: &Env, name: &str) {
    let provider = ProviderName::find(name).expect("a provider");
    let rule = match provider.info().release {
        Release::Daily => {
            "valid_until IS NOT NULL
             AND (valid_until <= rate_date OR valid_until > rate_date + 7)"
        }
        Release::Weekly(_) => "valid_until IS NOT NULL",
        Release::Monthly => {
            "valid_until IS NULL OR extract(day FROM rate_date) <> 1
             OR valid_until <> (date_trunc('month', rate_date) + interval '1 month - 1 day')::date"
        }
        Release::Quarterly => {
            "valid_until IS NULL OR valid_until < rate_date
             OR valid_until >= rate_date + interval '6 months'
             OR valid_until <> (date_trunc('quarter', valid_until) + interval '3 months - 1 day')::date"
        }
    };
    assert_eq!(
        scalar(
            &mut env.client(),
            &format!("SELECT count(*) FROM rates WHERE source = '{name}' AND ({rule})")
        ),
        "0",
        "{name}: rows whose period is unlike its {} release",
        provider.info().release
    );
}

/// Checks that each of `rows` is stored exactly so, or not at all.
fn check_rows(env: &Env, name: &str, rows: &[Row]) {
    let mut client = env.client();
    for (day, series, expected) in rows {
        let parts: Vec<&str> = expected.split(' ').collect();
        let (base, quote) = match parts[..] {
            [_, base, quote, _] => (base, quote),
            [base, quote, "NULL"] => (base, quote),
            _ => panic!("{expected:?} is neither `unit base quote rate` nor `base quote NULL`"),
        };
        let expected = match parts.len() {
            3 => "NULL",
            _ => expected,
        };
        assert_eq!(
            stored_series(&mut client, name, day, base, quote, series),
            expected,
            "{base}/{quote} {series} on {day}"
        );
    }
}

/// The row versions of the provider's rates and publications and the
/// whole rates table: changed by any row a run rewrites.
fn versions(env: &Env, name: &str) -> (String, String, String) {
    let mut client = env.client();
    let publications = scalar(
        &mut client,
        &format!(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(concat_ws(',', xmin, ctid, fetched_at), \
             ';' ORDER BY rate_date)), '') FROM publications WHERE source = '{name}'"
        ),
    );
    (
        row_versions(&mut client, name, None),
        publications,
        rates_checksum(&mut client),
    )
}

/// The window is stored exactly: the summary line, the requests, their
/// method and `Accept`, the count, the rows per unit, direction and series, the
/// currencies, a sample of rows digit for digit and of those left out,
/// the references, and no row of another source.
pub fn stores_the_recorded_window_exactly(name: &str, case: &Case, faults: &ProviderFaults) {
    let window = &case.window;
    let env = recorded(name, case);
    let count = window.count;
    fetch(&env, name, faults)
        .args(window.args)
        .assert()
        .success()
        .stdout(format!(
            "{name}: {}, {}: {count} inserted, 0 revised, 0 unchanged\n",
            window.days,
            rates(count)
        ))
        .stderr("");

    for request in env.http.recorded() {
        assert_eq!(request.method, case.method, "{}", request.target);
        assert_eq!(
            request.header("accept"),
            Some(case.accept),
            "{}",
            request.target
        );
    }
    assert_eq!(requests(&env, name, case), window.requests);
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, name), count as i64);
    assert_eq!(
        scalar(&mut client, "SELECT count(*) FROM rates"),
        count.to_string(),
        "rows of another source"
    );
    assert_eq!(shape(&env, name), window.shape);
    assert_eq!(currencies(&env, name), window.currencies);
    check_rows(&env, name, window.rows);
    check_periods(&env, name);
    assert_eq!(references(&env, name), window.references);
}

/// Fetching the window again says every row is unchanged and rewrites
/// none, of the rates or of the publications.
pub fn a_rerun_rewrites_no_row(name: &str, case: &Case, faults: &ProviderFaults) {
    let window = &case.window;
    let env = recorded(name, case);
    fetch(&env, name, faults)
        .args(window.args)
        .assert()
        .success();
    let before = versions(&env, name);
    fetch(&env, name, faults)
        .args(window.args)
        .assert()
        .success()
        .stdout(format!(
            "{name}: {}, {}: 0 inserted, 0 revised, {} unchanged\n",
            window.days,
            rates(window.count),
            window.count
        ))
        .stderr("");
    assert_eq!(versions(&env, name), before, "a row was rewritten");
}

/// After a first fetch, a run without dates asks only for the days after
/// the newest stored one and stores what they hold.
pub fn a_catch_up_asks_only_for_the_new_days(name: &str, case: &Case, faults: &ProviderFaults) {
    let catch_up = &case.catch_up;
    let env = recorded(name, case);
    fetch(&env, name, faults)
        .args(catch_up.first)
        .assert()
        .success();
    env.http.take_requests();
    route(&env, name, &catch_up.routes);

    let out = fetch_at(&env, catch_up.today, name, faults, catch_up.args);
    assert_eq!(out, format!("{name}: {}", catch_up.summary));
    assert_eq!(requests(&env, name, case), catch_up.requests);
    assert_eq!(count_rates(&mut env.client(), name), catch_up.total as i64);
    check_rows(&env, name, catch_up.rows);
    assert_eq!(references(&env, name), catch_up.references);
}

/// Each "nothing published" answer: the run succeeds, says so, stores
/// nothing, records a successful run and sends no failure email. A
/// provider without one refuses a document without a day.
pub fn nothing_published_stores_nothing_and_succeeds(
    name: &str,
    case: &Case,
    faults: &ProviderFaults,
) {
    if case.nothing.is_empty() {
        return a_document_without_a_day_is_refused(name, case, faults);
    }
    for nothing in &case.nothing {
        let env = recorded(name, case);
        route(&env, name, &nothing.routes);
        let line = format!("{name}: {}", nothing.says);
        match nothing.at {
            Some(today) => assert_eq!(fetch_at(&env, today, name, faults, nothing.args), line),
            None => {
                let smtp = SmtpServer::start();
                fetch(&env, name, faults)
                    .args(nothing.args)
                    .env("FXRATES_SMTP_URL", smtp.url())
                    .env("FXRATES_MAIL_TO", "ops@example.com")
                    .assert()
                    .success()
                    .stdout(format!("{line}\n"))
                    .stderr("");
                assert!(smtp.mails().is_empty(), "a success sent an email");
                assert_eq!(runs(&mut env.client()), [(true, None)], "{line}");
            }
        }
        assert_eq!(requests(&env, name, case), nothing.requests, "{line}");
        assert_eq!(count_rates(&mut env.client(), name), 0, "{line}");
    }
}

/// For a provider that has no "nothing published": a document without a
/// day, served for the fault table's week, is refused whole.
fn a_document_without_a_day_is_refused(name: &str, case: &Case, faults: &ProviderFaults) {
    let env = recorded(name, case);
    let refusal = (faults.refusal)(BadDocument::NoDay);
    let mut routes: Vec<Route> = faults
        .fixture_routes()
        .into_iter()
        .map(|(path, fixture)| at(path, Reply::file(fixture)))
        .collect();
    routes.push(at(
        faults.path,
        Reply::Body {
            status: 200,
            content_type: faults.content_type,
            body: (faults.document)(BadDocument::NoDay),
        },
    ));
    route(&env, name, &routes);
    fetch(&env, name, faults)
        .args(["--from", "2024-06-24", "--to", "2024-06-28"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicates::str::contains(refusal));
    assert_eq!(count_rates(&mut env.client(), name), 0);
}

/// A fetch with `--symbols` asks for and stores those currencies alone.
pub fn symbols_keep_only_those_currencies(name: &str, case: &Case, faults: &ProviderFaults) {
    let symbols = &case.symbols;
    let env = recorded(name, case);
    fetch(&env, name, faults)
        .args(symbols.args)
        .assert()
        .success()
        .stdout(format!(
            "{name}: {}, {}: {count} inserted, 0 revised, 0 unchanged\n",
            symbols.days,
            rates(symbols.count),
            count = symbols.count,
        ))
        .stderr("");
    assert_eq!(requests(&env, name, case), symbols.requests);
    assert_eq!(currencies(&env, name), symbols.currencies);
    assert_eq!(count_rates(&mut env.client(), name), symbols.count as i64);
}
