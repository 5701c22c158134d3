//! `bot`'s own behaviour: the key sent as the `Authorization` header (the
//! key itself, no scheme), a missing key refused before any request, a
//! range cut in spans of at most 31 days, and a wrong key (HTTP 401)
//! reported in one line with the key shown nowhere: not on stdout or
//! stderr at `-vv`, not in the failure email, `fetch_runs` or `status`.

use std::time::Duration;

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::rates_checksum;
use crate::common::smtp::SmtpServer;
use crate::conformance::case::{at, mirrored, recorded, route};
use crate::conformance::cases::bot::{API_KEY, answer, blank, case, range, usd};

/// The recorded day served, the schema in place.
fn env() -> Env {
    recorded("bot", &case())
}

/// fxrates with `bot` as its provider and the API key in the environment.
fn bot(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.fxrates();
    cmd.env("FXRATES_PROVIDER", "bot")
        .env("FXRATES_BOT_API_KEY", API_KEY);
    cmd
}

const DAY: &[&str] = &["--from", "2026-04-03", "--to", "2026-04-03"];

#[test]
fn the_key_goes_in_the_authorization_header_as_it_is() {
    let env = env();
    bot(&env).arg("fetch").args(DAY).assert().success();
    let headers = env.http.request_headers();
    assert_eq!(headers.len(), 1);
    let authorization: Vec<&str> = headers[0]
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.as_str())
        .collect();
    assert_eq!(authorization, [API_KEY]);
    assert_eq!(
        env.http.targets(),
        [mirrored("bot", &range("2026-04-03", "2026-04-03"))]
    );
}

#[test]
fn a_missing_api_key_is_a_usage_error_before_any_request() {
    let env = env();
    env.fxrates()
        .args(["fetch", "--provider", "ecb,bot"])
        .env("FXRATES_BOT_API_KEY", " ")
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: the bot provider needs an API key: set FXRATES_BOT_API_KEY\n");
    assert!(env.requested().is_empty());
}

#[test]
fn a_range_is_asked_in_spans_of_at_most_31_days() {
    let env = env();
    // The first span is blank; the second holds USD on 2026-04-03.
    let body = answer(&[usd(
        "2026-04-03",
        ["32.4127000", "32.4857000", "32.8039000", "32.6448000"],
    )]);
    route(
        &env,
        "bot",
        &[
            at(range("2026-03-01", "2026-03-31"), blank()),
            at(range("2026-04-01", "2026-04-03"), Reply::ok_json(body)),
        ],
    );
    let out = env
        .run_at(
            "2026-04-05",
            &[
                "fetch",
                "--provider",
                "bot",
                "--bot-api-key",
                API_KEY,
                "--from",
                "2026-03-01",
                "--to",
                "2026-04-03",
            ],
        )
        .expect("read");
    assert_eq!(
        out,
        "bot: 1 day (2026-04-03), 4 rates: 4 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [
            mirrored("bot", &range("2026-03-01", "2026-03-31")),
            mirrored("bot", &range("2026-04-01", "2026-04-03")),
        ]
    );
}

/// Runs a fetch of 2026-04-03 answered by `reply`, with the key on the
/// command line and in the environment, logging at debug level, the
/// failure email going to a loopback SMTP server, then `status`. Checks
/// the exit code, the one error line, and that the key is in none of
/// stdout, stderr, the email, `fetch_runs`, `rates` or what `status`
/// prints.
fn assert_refused(reply: Reply, code: i32, expected: &str) {
    let env = env();
    let failing = mirrored("bot", &range("2026-04-03", "2026-04-03"));
    env.http.route_target(&failing, reply);
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    let smtp = SmtpServer::start();
    let output = bot(&env)
        .args(["-vv", "fetch", "--bot-api-key", API_KEY])
        .args(DAY)
        .env("FXRATES_SMTP_URL", smtp.url())
        .env("FXRATES_MAIL_TO", "ops@example.com")
        .output()
        .expect("fxrates runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let line = format!(
        "error: fetching bot rates: {}: {expected}",
        env.http.url(&failing)
    );
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors, [line.as_str()], "{stderr}");
    let mail = smtp
        .wait_for_mail(Duration::from_secs(10))
        .expect("a failure email");
    assert!(mail.body().contains("--bot-api-key ***"), "{}", mail.body());
    assert_eq!(rates_checksum(&mut client), before, "the table changed");
    let status = bot(&env)
        .args(["status", "--provider", "bot"])
        .output()
        .expect("status runs");
    assert_eq!(status.status.code(), Some(7));
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("failed: "), "{status}");
    let help = bot(&env)
        .args(["fetch", "--help"])
        .output()
        .expect("help runs");
    let help = String::from_utf8_lossy(&help.stdout);

    let everything = format!(
        "{stdout}\n{stderr}\n{}\n{}\n{}\n{status}\n{help}",
        mail.header("subject").unwrap_or_default(),
        mail.body(),
        scalar(
            &mut client,
            "SELECT string_agg(coalesce(error, '') || provider, ' ') FROM fetch_runs"
        ),
    );
    assert!(
        !everything.contains(API_KEY),
        "the API key leaked: {everything}"
    );
}

#[test]
fn a_wrong_key_is_reported_in_one_line_and_shown_nowhere() {
    assert_refused(
        Reply::Body {
            status: 401,
            content_type: "application/json",
            body: br#"{"httpCode":"401","httpMessage":"Unauthorized","moreInformation":"Invalid client id or secret."}"#
                .to_vec(),
        },
        3,
        "HTTP 401 Unauthorized: Invalid client id or secret.",
    );
}

#[test]
fn a_refusal_quoting_the_key_has_it_hidden() {
    assert_refused(
        Reply::Body {
            status: 401,
            content_type: "application/json",
            body: format!(r#"{{"message":"Unknown key {API_KEY}"}}"#).into_bytes(),
        },
        3,
        "HTTP 401 Unauthorized: Unknown key ***",
    );
}

#[test]
fn a_401_without_a_body_is_still_one_clear_line() {
    assert_refused(Reply::status(401), 3, "HTTP 401 Unauthorized");
}
