//! What providers are given besides their documents, run against a
//! loopback mirror serving each provider's fixtures for one week
//! (2024-06-24..2024-06-28): a base URL with a query of its own (a mirror
//! that takes `?token=`), a body after a UTF-8 byte-order mark, an empty
//! Riksbank answer, a SOAP fault with an HTTP 500, and an `https://` URL
//! to a server that speaks plain HTTP.

use std::process::Output;
use std::time::{Duration, Instant};

use fxrates::providers::ProviderName;

use crate::common::env::{Env, mirror_path};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum, row_versions};

/// The week every run of this module fetches.
const WEEK: [&str; 4] = ["--from", "2024-06-24", "--to", "2024-06-28"];

/// How the mirror serves one provider's week.
struct Served {
    /// The provider.
    name: &'static str,
    /// Paths below its mirror path ([`mirror_path`]), each with the
    /// fixture that answers it; `path#Operation` for a SOAP operation.
    routes: &'static [(&'static str, &'static str)],
    /// The settings holding its secrets, and values for them.
    secrets: &'static [(&'static str, &'static str)],
}

/// Every provider of the registry, in its order.
const SERVED: &[Served] = &[
    Served {
        name: "ecb",
        routes: &[("/eurofxref-hist.xml", "ecb/eurofxref-hist.xml")],
        secrets: &[],
    },
    Served {
        name: "frankfurter",
        routes: &[(
            "/2024-06-24..2024-06-28",
            "frankfurter/2024-06-24..2024-06-28.json",
        )],
        secrets: &[],
    },
    Served {
        name: "oxr",
        routes: &[
            (
                "/historical/2024-06-24.json",
                "oxr/historical/2024-06-24.json",
            ),
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
        secrets: &[("FXRATES_OXR_APP_ID", "oxr-test-app-id")],
    },
    Served {
        name: "nbp",
        routes: &[(
            "/exchangerates/tables/A/2024-06-24/2024-06-28/",
            "nbp/2024-06-24..2024-06-28.json",
        )],
        secrets: &[],
    },
    Served {
        name: "cnb",
        routes: &[(
            "/exrates/daily-year",
            "cnb/daily-year-2024-06-24..2024-06-28.json",
        )],
        secrets: &[],
    },
    Served {
        name: "boc",
        routes: &[(
            "/observations/group/FX_RATES_DAILY/json",
            "boc/2024-06-24-2024-06-28.json",
        )],
        secrets: &[],
    },
    Served {
        name: "norgesbank",
        routes: &[(
            "/data/EXR/B..NOK.SP",
            "norgesbank/EXR-2024-06-24-2024-06-28.csv",
        )],
        secrets: &[],
    },
    Served {
        name: "boe",
        routes: &[(
            "/_iadb-fromshowcolumns.asp",
            "boe/iadb-2024-06-24-2024-06-28.csv",
        )],
        secrets: &[],
    },
    Served {
        name: "riksbank",
        routes: &[(
            "/Observations/ByGroup/130/2024-06-24/2024-06-28",
            "riksbank/2024-06-24-2024-06-28.json",
        )],
        secrets: &[],
    },
    Served {
        name: "rba",
        routes: &[(
            "/statistics/tables/csv/f11.1-data.csv",
            "rba/f11.1-2024-06-24-2024-06-28.csv",
        )],
        secrets: &[],
    },
    Served {
        name: "nbu",
        routes: &[(
            "/NBU_Exchange/exchange_site",
            "nbu/exchange_site-2024-06-24-2024-06-28.json",
        )],
        secrets: &[],
    },
    Served {
        name: "mnb",
        routes: &[
            ("/arfolyamok.asmx#GetCurrencies", "mnb/GetCurrencies.xml"),
            (
                "/arfolyamok.asmx",
                "mnb/GetExchangeRates-2024-06-24-2024-06-28.xml",
            ),
        ],
        secrets: &[],
    },
    Served {
        name: "boi",
        routes: &[(
            "/data/dataflow/BOI.STATISTICS/EXR/1.0/",
            "boi/EXR-OF00-2024-06-24-2024-06-28.csv",
        )],
        secrets: &[],
    },
    Served {
        name: "fred",
        routes: &[("/series/observations", "fred/2024-06-24..2024-06-28.json")],
        secrets: &[("FXRATES_FRED_API_KEY", "fred-test-api-key")],
    },
    Served {
        name: "frankfurter2",
        routes: &[("/rates", "frankfurter2/2024-06-24..2024-06-28.ndjson")],
        secrets: &[],
    },
    Served {
        name: "tcmb",
        routes: &[
            ("/kurlar/202406/24062024.xml", "tcmb/202406/24062024.xml"),
            ("/kurlar/202406/25062024.xml", "tcmb/202406/25062024.xml"),
            ("/kurlar/202406/26062024.xml", "tcmb/202406/26062024.xml"),
            ("/kurlar/202406/27062024.xml", "tcmb/202406/27062024.xml"),
            ("/kurlar/202406/28062024.xml", "tcmb/202406/28062024.xml"),
        ],
        secrets: &[],
    },
    Served {
        name: "ptax",
        routes: &[(
            "/CotacaoMoedaPeriodo(moeda=@moeda,dataInicial=@dataInicial,dataFinalCotacao=@dataFinalCotacao)",
            "ptax/2024-06-24-2024-06-28.json",
        )],
        secrets: &[],
    },
];

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn served(name: &str) -> &'static Served {
    SERVED
        .iter()
        .find(|served| served.name == name)
        .unwrap_or_else(|| panic!("{name} is not in SERVED"))
}

fn provider(name: &str) -> ProviderName {
    name.parse().expect("a provider")
}

/// Routes `served`'s week on `env`'s mirror, each body after `prefix`.
fn route(env: &Env, served: &Served, prefix: &[u8]) {
    let below = mirror_path(provider(served.name));
    for (path, fixture) in served.routes {
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
        env.http.route(&format!("{below}{path}"), reply);
    }
}

/// `fetch --provider <served>` of the week, its secrets given.
fn fetch_week(env: &Env, served: &Served) -> assert_cmd::Command {
    let mut cmd = env.fetch(served.name);
    cmd.args(WEEK).envs(served.secrets.iter().copied());
    cmd
}

/// Runs `cmd` and checks that it succeeded, saying nothing on stderr.
fn succeeds(name: &str, mut cmd: assert_cmd::Command) {
    let output = cmd.output().expect("run fxrates");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{name}: {stderr}");
    assert_eq!(stderr, "", "{name}");
}

/// Checks a failed run: exit `code`, nothing on stdout, `line` alone on
/// stderr, the rates as `checksum` says they were, and the run recorded
/// in `fetch_runs` with the line as its error.
fn fails(env: &Env, output: &Output, code: i32, line: &str, checksum: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(stderr, format!("{line}\n"));
    let mut client = env.client();
    assert_eq!(rates_checksum(&mut client), checksum, "the rates changed");
    let run = client
        .query_one(
            "SELECT ok, error FROM fetch_runs ORDER BY id DESC LIMIT 1",
            &[],
        )
        .expect("the run's row");
    let error: Option<String> = run.get(1);
    assert!(!run.get::<_, bool>(0));
    assert_eq!(error.as_deref(), line.strip_prefix("error: "));
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
fn a_base_url_query_is_kept(name: &str) {
    let served = served(name);
    let env = Env::with_schema();
    route(&env, served, b"");
    succeeds(name, fetch_week(&env, served));
    let plain: Vec<String> = env.http.targets();
    env.requested();
    assert!(!plain.is_empty(), "{name}: no request");

    let base = env.http.url(&mirror_path(provider(name)));
    let mut cmd = fetch_week(&env, served);
    cmd.env(provider(name).url_env(), format!("{base}?token=abc"));
    succeeds(name, cmd);
    let expected: Vec<String> = plain.iter().map(|target| with_token(target)).collect();
    assert_eq!(env.http.targets(), expected, "{name}");
}

/// Regression: a JSON body after a UTF-8 byte-order mark was refused ("not
/// JSON: expected value at line 1 column 1"), though an XML or CSV one was
/// read. The week served with one, in any format, is fetched, and stored
/// as it was without: no row changes.
fn a_byte_order_mark_changes_nothing(name: &str) {
    let served = served(name);
    let env = Env::with_schema();
    route(&env, served, b"");
    succeeds(name, fetch_week(&env, served));
    let mut client = env.client();
    assert!(count_rates(&mut client, name) > 0, "{name}: nothing stored");
    let (checksum, versions) = (
        rates_checksum(&mut client),
        row_versions(&mut client, name, None),
    );
    env.requested();

    route(&env, served, BOM);
    succeeds(name, fetch_week(&env, served));
    assert!(!env.requested().is_empty(), "{name}: no request");
    assert_eq!(rates_checksum(&mut client), checksum, "{name}");
    assert_eq!(row_versions(&mut client, name, None), versions, "{name}");
}

/// One test per provider named, each calling `$check` with its name.
macro_rules! each_provider {
    ($check:ident: $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                super::$check(stringify!($name));
            }
        )*
    };
}

mod a_base_url_with_a_query {
    each_provider!(a_base_url_query_is_kept:
        ecb, frankfurter, oxr, nbp, cnb, boc, norgesbank, boe, riksbank,
        rba, nbu, mnb, boi, fred, frankfurter2, tcmb, ptax,
    );
}

mod a_body_after_a_byte_order_mark {
    each_provider!(a_byte_order_mark_changes_nothing:
        ecb, frankfurter, oxr, nbp, cnb, boc, norgesbank, boe, riksbank,
        rba, nbu, mnb, boi, fred, frankfurter2, tcmb, ptax,
    );
}

/// A provider added to the registry is added to [`SERVED`], and so to the
/// tests of a base URL with a query and of a byte-order mark.
#[test]
fn every_provider_is_served() {
    let names: Vec<&str> = SERVED.iter().map(|served| served.name).collect();
    let registry: Vec<&str> = ProviderName::all().map(ProviderName::as_str).collect();
    assert_eq!(names, registry);
}

/// Regression: the Riksbank's `200 []`, its answer for a weekend or a
/// window before the fixing as much as `204 No Content`, was refused as
/// invalid data, so that every weekend run failed.
#[test]
fn an_empty_riksbank_answer_is_nothing_published() {
    let env = Env::with_schema();
    let path = "/riksbank/Observations/ByGroup/130/2024-06-29/2024-06-30";
    for reply in [
        Reply::ok_json("[]"),
        Reply::Body {
            status: 204,
            content_type: "application/json",
            body: Vec::new(),
        },
    ] {
        env.http.route(path, reply);
        env.fetch("riksbank")
            .args(["--from", "2024-06-29", "--to", "2024-06-30"])
            .assert()
            .success()
            .stdout("riksbank: no rates published from 2024-06-29 to 2024-06-30; nothing stored\n")
            .stderr("");
        assert_eq!(env.requested(), [path]);
    }
    assert_eq!(rates_checksum(&mut env.client()), "0:");
}

/// A SOAP fault answers the MNB's exchange rates call: the 500 it comes
/// with.
fn mnb_fault(text: &str) -> Reply {
    let envelope = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <soap:Fault><faultcode>soap:Server</faultcode>\
         <faultstring>{text}</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>"
    );
    Reply::Body {
        status: 500,
        content_type: "text/xml; charset=utf-8",
        body: envelope.into_bytes(),
    }
}

/// Regression: the MNB's SOAP fault, its deterministic answer to a call it
/// refuses ("The date range is invalid"), came with HTTP 500 and was asked
/// again three times (7 s of backoff) for the same answer. It is asked
/// once, and the line says what the service said.
#[test]
fn a_soap_fault_is_an_answer_asked_once() {
    let env = Env::with_schema();
    let mnb = served("mnb");
    route(&env, mnb, b"");
    env.http.route(
        "/mnb/arfolyamok.asmx",
        mnb_fault("The date range is invalid"),
    );
    let before = rates_checksum(&mut env.client());
    let started = Instant::now();
    let output = fetch_week(&env, mnb)
        .env("FXRATES_HTTP_RETRIES", "3")
        .output()
        .expect("run fxrates");
    assert!(started.elapsed() < Duration::from_secs(3), "retried");
    let line = format!(
        "error: fetching mnb rates: {}: HTTP 500 Internal Server Error: The date range is invalid",
        env.http.url("/mnb/arfolyamok.asmx")
    );
    fails(&env, &output, 3, &line, &before);
    let calls: Vec<Option<String>> = env
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
}

/// A 500 without a SOAP fault (a proxy's page) may heal: it is retried.
#[test]
fn a_500_without_a_soap_fault_is_retried() {
    let env = Env::with_schema();
    let mnb = served("mnb");
    route(&env, mnb, b"");
    env.http.route_sequence(
        "/mnb/arfolyamok.asmx",
        vec![
            Reply::status(500),
            Reply::file("mnb/GetExchangeRates-2024-06-24-2024-06-28.xml"),
        ],
    );
    let mut cmd = fetch_week(&env, mnb);
    cmd.env("FXRATES_HTTP_RETRIES", "1");
    let output = cmd.output().expect("run fxrates");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        env.requested(),
        [
            "/mnb/arfolyamok.asmx",
            "/mnb/arfolyamok.asmx",
            "/mnb/arfolyamok.asmx"
        ]
    );
    assert!(count_rates(&mut env.client(), "mnb") > 0);
}

/// Regression: `https://` to a server speaking plain HTTP said "received
/// corrupt message of type InvalidContentType", rustls's words. The line
/// says what it is, and the run does not ask again.
#[test]
fn https_to_a_plain_http_server_says_so() {
    let env = Env::with_schema();
    let url = env.http.base_url().replace("http://", "https://");
    let before = rates_checksum(&mut env.client());
    let started = Instant::now();
    let output = env
        .fetch("ecb")
        .args(WEEK)
        .env("FXRATES_ECB_URL", &url)
        .env("FXRATES_HTTP_RETRIES", "3")
        .output()
        .expect("run fxrates");
    assert!(started.elapsed() < Duration::from_secs(3), "retried");
    let line = format!(
        "error: fetching ecb rates: {url}/eurofxref-hist.xml: \
         the server is not speaking TLS: is the URL meant to be http://?"
    );
    fails(&env, &output, 3, &line, &before);
}
