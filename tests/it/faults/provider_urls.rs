//! Provider URLs: HTTPS, unless the host is loopback or plain HTTP is allowed.

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
            "error: --ecb-url (FXRATES_ECB_URL) {REMOTE} is plain HTTP: \
             use https://, or allow it with --allow-http (FXRATES_ALLOW_HTTP=1)\n"
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
            "--ecb-url (FXRATES_ECB_URL) ftp://127.0.0.1/eurofxref has the scheme ftp",
        ));
}

/// Regression: a password in a provider URL (a mirror behind basic
/// authentication) was printed in clear on stderr, in `-v` logs, in
/// `fetch_runs`, in `status` and in `fetch --help`'s `[env: …]`; only the
/// email hid it. It is hidden wherever text leaves the program.
#[test]
fn a_password_in_a_provider_url_is_shown_nowhere() {
    const PASSWORD: &str = "SENTINEL-mirror-pw-51d0";
    let world = World::new();
    world.env.fxrates().arg("init-db").assert().success();
    world.env.http.route(
        crate::common::env::DAILY,
        crate::common::http::Reply::status(500),
    );
    let url = world
        .env
        .http
        .base_url()
        .replace("http://", &format!("http://mirror:{PASSWORD}@"));
    let output = world
        .command()
        .args(["-v", "fetch"])
        .env("FXRATES_ECB_URL", &url)
        .output()
        .expect("run fxrates");
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("http://mirror:***@127.0.0.1:"), "{stderr}");
    world.smtp.wait_for_mails(1, Duration::from_secs(10));
    check_no_secret(&world, &output, &sentinel_secrets(&[("mirror", PASSWORD)]));

    let status = world
        .command()
        .args(["status", "--format", "json"])
        .output()
        .expect("run status");
    let shown = format!("{status:?}");
    assert!(shown.contains("mirror:***@"), "{shown}");
    assert!(!shown.contains(PASSWORD), "{shown}");
    let help = world
        .env
        .fxrates()
        .args(["fetch", "--help"])
        .env("FXRATES_ECB_URL", &url)
        .output()
        .expect("run --help");
    assert!(
        !format!("{help:?}").contains(PASSWORD),
        "fetch --help shows it"
    );
}

/// Regression: `https://` to a server speaking plain HTTP said "received
/// corrupt message of type InvalidContentType", rustls's words. The line
/// says what it is, and the run does not ask again.
#[test]
fn https_to_a_plain_http_server_says_so_at_once() {
    let env = Env::with_schema();
    let url = env.http.base_url().replace("http://", "https://");
    let started = std::time::Instant::now();
    env.fxrates()
        .args(["fetch", "--from", "2024-06-24", "--to", "2024-06-28"])
        .env("FXRATES_ECB_URL", &url)
        .env("FXRATES_HTTP_RETRIES", "3")
        .assert()
        .code(3)
        .stdout("")
        .stderr(format!(
            "error: fetching ecb rates: {url}/eurofxref-hist.xml: \
             the server is not speaking TLS: is the URL meant to be http://?\n"
        ));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "retried"
    );
    let mut client = env.client();
    assert_eq!(rates_checksum(&mut client), "0:");
    let ok: bool = client
        .query_one("SELECT ok FROM fetch_runs", &[])
        .expect("the run's row")
        .get(0);
    assert!(!ok, "the failed run is recorded as failed");
}
