//! `bot`'s own behaviour: the key sent as the `Authorization` header (the
//! key itself, no scheme), a missing key refused before any request, a
//! range cut in spans of at most 31 days, and a wrong key (HTTP 401)
//! reported in one line with the key shown nowhere (not on stdout or
//! stderr at `-vv`, not in the failure email, `fetch_runs`, `status` or
//! `--help`) and kept from a redirect to another origin.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::conformance::case::{at, mirrored, recorded, route};
use crate::conformance::cases::bot::{API_KEY, answer, blank, case, range, usd};
use crate::conformance::secrets::{
    Given, Refused, assert_header_stays_with_its_origin, assert_refused_hiding_secrets,
};

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

const GIVEN: Given = Given {
    flag: "bot-api-key",
    env: "FXRATES_BOT_API_KEY",
    value: API_KEY,
};

/// A fetch of 2026-04-03 answered by `reply` fails with exit `code` and
/// the one line ending in `says`, the key shown nowhere.
fn assert_refused(reply: Reply, code: i32, says: &str) {
    assert_refused_hiding_secrets(
        &env(),
        Refused {
            provider: "bot",
            secrets: &[GIVEN],
            args: DAY,
            failing: &range("2026-04-03", "2026-04-03"),
            reply,
            code,
            says,
        },
    );
}

#[test]
fn the_key_is_not_sent_along_a_redirect_to_another_origin() {
    let mut args = vec!["--bot-api-key", API_KEY];
    args.extend(DAY);
    assert_header_stays_with_its_origin(
        &env(),
        "bot",
        &range("2026-04-03", "2026-04-03"),
        "authorization",
        &args,
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
