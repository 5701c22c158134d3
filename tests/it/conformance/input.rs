//! What a provider is given besides its documents, checked on the fault
//! table's week ([`BACKFILL`]) as its case serves it: a base URL with a
//! query of its own (a mirror that takes `?token=`), and a body after a
//! UTF-8 byte-order mark.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum, row_versions};
use crate::conformance::faults::{BACKFILL, ProviderFaults, route_week};

/// A UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Routes `provider`'s week on `env`'s mirror, each body after `prefix`.
fn route(env: &Env, provider: &ProviderFaults, prefix: &[u8]) {
    for (path, fixture) in provider.fixture_routes() {
        let Reply::Body {
            status,
            content_type,
            body,
        } = Reply::file(fixture)
        else {
            unreachable!("Reply::file builds a body")
        };
        let body = [prefix, &body].concat();
        let reply = Reply::Body {
            status,
            content_type,
            body,
        };
        route_week(&env.http, path, reply);
    }
}

/// Fetches `provider`'s week from `base_url`, its secrets given, and checks
/// that it succeeded quietly.
fn fetch_week(env: &Env, provider: &ProviderFaults, base_url: &str) {
    let output = env
        .fxrates()
        .args(BACKFILL)
        .env("FXRATES_PROVIDER", provider.name)
        .env(provider.url_var(), base_url)
        .envs(provider.secrets.iter().copied())
        .output()
        .expect("run fxrates");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{}: {stderr}", provider.name);
    assert_eq!(stderr, "", "{}", provider.name);
}

/// `target` (path and query) as asked below a base URL ending in
/// `?token=abc`: the base's pair first, then the provider's.
fn with_token(target: &str) -> String {
    match target.split_once('?') {
        Some((path, query)) => format!("{path}?token=abc&{query}"),
        None => format!("{target}?token=abc"),
    }
}

/// Regression: a base URL with a query (a mirror taking `?token=abc`) had
/// the provider's path appended after it. Every request of the week goes
/// to the path it goes to without the query, the base's pair kept before
/// the provider's own.
pub fn a_base_url_query_is_kept(provider: &ProviderFaults) {
    let env = Env::with_schema();
    route(&env, provider, b"");
    let base = env.http.base_url();
    fetch_week(&env, provider, &base);
    let plain = env.http.targets();
    env.requested();
    assert!(!plain.is_empty(), "{}: no request", provider.name);

    fetch_week(&env, provider, &format!("{base}?token=abc"));
    let expected: Vec<String> = plain.iter().map(|target| with_token(target)).collect();
    assert_eq!(env.http.targets(), expected, "{}", provider.name);
}

/// Regression: a JSON body after a UTF-8 byte-order mark was refused ("not
/// JSON: expected value at line 1 column 1"), though an XML or CSV one was
/// read. The week served with one, in any format, is fetched, and stored
/// as it was without: no row changes.
pub fn a_byte_order_mark_changes_nothing(provider: &ProviderFaults) {
    let env = Env::with_schema();
    route(&env, provider, b"");
    let base = env.http.base_url();
    fetch_week(&env, provider, &base);
    let mut client = env.client();
    assert!(
        count_rates(&mut client, provider.name) > 0,
        "nothing stored"
    );
    let (checksum, versions) = (
        rates_checksum(&mut client),
        row_versions(&mut client, provider.name, None),
    );
    env.requested();

    route(&env, provider, BOM);
    fetch_week(&env, provider, &base);
    assert!(!env.requested().is_empty(), "no request");
    assert_eq!(rates_checksum(&mut client), checksum);
    assert_eq!(row_versions(&mut client, provider.name, None), versions);
}
