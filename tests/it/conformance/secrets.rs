//! A provider's secrets (an API key, a token, a user and password) shown
//! nowhere: a fetch that the service refuses, run with every secret on the
//! command line and in the environment at debug level, fails with its one
//! line, sends its failure email and leaves the table as it was, and no
//! secret's value is in stdout, stderr, the email, a `fetch_runs` row,
//! what `status` prints or `fetch --help`.

use std::time::Duration;

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::rates_checksum;
use crate::common::smtp::SmtpServer;
use crate::conformance::case::mirrored;

/// A secret setting of a provider and the value a test gives it.
#[derive(Clone, Copy, Debug)]
pub struct Given {
    /// The option without its dashes: `banxico-token`.
    pub flag: &'static str,
    /// Its variable: `FXRATES_BANXICO_TOKEN`.
    pub env: &'static str,
    pub value: &'static str,
}

/// A refused fetch: the request that fails and how, and what it must say.
#[derive(Debug)]
pub struct Refused<'a> {
    pub provider: &'static str,
    pub secrets: &'a [Given],
    /// The fetch's own arguments: its window.
    pub args: &'a [&'a str],
    /// The target (below the base URL, query included) that fails.
    pub failing: &'a str,
    pub reply: Reply,
    pub code: i32,
    /// The error line after `error: fetching NAME rates: URL: `, the URL
    /// shown with every secret in it hidden.
    pub says: &'a str,
}

/// `text` with each secret's value as the program shows it: `***`.
fn hidden(text: &str, secrets: &[Given]) -> String {
    secrets.iter().fold(text.to_owned(), |text, given| {
        text.replace(given.value, "***")
    })
}

/// Runs `refused` on `env` (the provider's window routed, the schema in
/// place) and asserts every promise of this module.
pub fn assert_refused_hiding_secrets(env: &Env, refused: Refused<'_>) {
    let Refused {
        provider, secrets, ..
    } = refused;
    let failing = mirrored(provider, refused.failing);
    env.http.route_target(&failing, refused.reply);
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    let smtp = SmtpServer::start();
    let with_secrets = || {
        let mut cmd = env.fxrates();
        cmd.env("FXRATES_PROVIDER", provider);
        for given in secrets {
            cmd.env(given.env, given.value);
        }
        cmd
    };
    let mut fetch = with_secrets();
    fetch.args(["-vv", "fetch"]);
    for given in secrets {
        fetch.args([format!("--{}", given.flag), given.value.to_owned()]);
    }
    let output = fetch
        .args(refused.args)
        .env("FXRATES_SMTP_URL", smtp.url())
        .env("FXRATES_MAIL_TO", "ops@example.com")
        .output()
        .expect("fxrates runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(refused.code), "stderr: {stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let shown = env.http.url(&hidden(&failing, secrets));
    let line = format!(
        "error: fetching {provider} rates: {shown}: {}",
        refused.says
    );
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors, [line.as_str()], "{stderr}");
    let mail = smtp
        .wait_for_mail(Duration::from_secs(10))
        .expect("a failure email");
    for given in secrets {
        let flag = format!("--{} ***", given.flag);
        assert!(mail.body().contains(&flag), "no {flag} in {}", mail.body());
    }
    assert_eq!(rates_checksum(&mut client), before, "the table changed");
    let status = with_secrets()
        .args(["status", "--provider", provider])
        .output()
        .expect("status runs");
    assert_eq!(status.status.code(), Some(7));
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("failed: "), "{status}");
    let help = with_secrets()
        .args(["fetch", "--help"])
        .output()
        .expect("help runs");
    let help = String::from_utf8_lossy(&help.stdout);
    for given in secrets {
        assert!(help.contains(&format!("--{}", given.flag)), "{help}");
    }
    let everything = format!(
        "{stdout}\n{stderr}\n{}\n{}\n{}\n{status}\n{help}",
        mail.header("subject").unwrap_or_default(),
        mail.body(),
        scalar(
            &mut client,
            "SELECT string_agg(coalesce(error, '') || provider, ' ') FROM fetch_runs"
        ),
    );
    for given in secrets {
        assert!(
            !everything.contains(given.value),
            "{} leaked: {everything}",
            given.env
        );
    }
}

/// Asserts that a provider's secret `header` goes with its request for
/// `target` (below the base URL) and not with the redirect that request
/// is answered with to another origin (the same loopback host, another
/// port): the redirected request arrives without it. `fetch_args` run the
/// fetch that asks for `target`, with the secret given.
pub fn assert_header_stays_with_its_origin(
    env: &Env,
    provider: &'static str,
    target: &str,
    header: &str,
    fetch_args: &[&str],
) {
    let other = crate::common::http::HttpServer::start();
    let path = target.split('?').next().unwrap_or(target);
    other.route(path, Reply::status(503));
    env.http.route_target(
        &mirrored(provider, target),
        Reply::Redirect {
            status: 302,
            location: other.url(target),
        },
    );
    env.fxrates()
        .args(["fetch", "--provider", provider])
        .args(fetch_args)
        .assert()
        .code(3);
    let sent = env.http.recorded();
    let asked = sent.last().expect("the request to the provider");
    assert!(asked.header(header).is_some(), "no {header} on {asked:?}");
    let redirected = other.recorded();
    assert_eq!(redirected.len(), 1, "{redirected:?}");
    assert_eq!(redirected[0].header(header), None, "{header} went along");
}
