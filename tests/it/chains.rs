//! Several independent chains in one run (`--provider` repeated, `;` in
//! `FXRATES_PROVIDER`): each fetched on its own and at the same time, a
//! failure of one leaving the others stored, every failed chain named on a
//! line of its own, and `status` judging each chain on its own.

use std::time::{Duration, Instant};

use crate::common::env::{DAILY, Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::fallback::{env, latest};

const ECB_LINE: &str = "ecb: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged";
const FRANKFURTER_LINE: &str =
    "frankfurter: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged";

/// Every `fetch_runs` row: provider and whether it succeeded, in order of
/// provider (the chains run at once, so in no fixed order of id).
fn runs(env: &Env) -> String {
    scalar(
        &mut env.client(),
        "SELECT string_agg(provider || ' ' || ok, ',' ORDER BY provider) FROM fetch_runs",
    )
}

#[test]
fn each_chain_is_stored_on_its_own() {
    let env = env();
    env.fxrates()
        .args(["fetch", "--provider", "ecb", "--provider", "frankfurter"])
        .assert()
        .success()
        .stdout(format!("{ECB_LINE}\n{FRANKFURTER_LINE}\n"))
        .stderr("");
    assert_eq!(runs(&env), "ecb true,frankfurter true");
}

#[test]
fn chains_in_the_variable_are_separated_by_semicolons() {
    let env = env();
    env.fxrates()
        .env("FXRATES_PROVIDER", "frankfurter;ecb")
        .arg("fetch")
        .assert()
        .success()
        .stdout(format!("{FRANKFURTER_LINE}\n{ECB_LINE}\n"));
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "ecb"), 30);
    assert_eq!(count_rates(&mut client, "frankfurter"), 30);
}

#[test]
fn a_failed_chain_leaves_the_others_stored_and_is_named() {
    let env = env();
    env.http.route(&latest(), Reply::status(503));
    let url = env.http.url(&latest());
    env.fxrates()
        .args(["fetch", "--provider", "ecb", "--provider", "frankfurter"])
        .assert()
        .code(3)
        .stdout(format!("{ECB_LINE}\n"))
        .stderr(format!(
            "error: frankfurter: {url}: HTTP 503 Service Unavailable\n"
        ));
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "ecb"), 30);
    assert_eq!(count_rates(&mut client, "frankfurter"), 0);
    assert_eq!(runs(&env), "ecb true,frankfurter false");
}

#[test]
fn chains_failing_differently_exit_1_with_a_line_each() {
    let env = env();
    env.http.route(DAILY, Reply::html_200());
    env.http.route(&latest(), Reply::status(503));
    let output = env
        .fxrates()
        .args(["fetch", "--provider", "ecb", "--provider", "frankfurter"])
        .output()
        .expect("fxrates runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("error: ecb: "), "{stderr}");
    assert!(lines[1].starts_with("error: frankfurter: "), "{stderr}");
    assert_eq!(runs(&env), "ecb false,frankfurter false");
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "ecb"), 0);
}

#[test]
fn a_fallback_chain_that_fails_whole_is_named_by_its_providers() {
    let env = env();
    env.http.route(&latest(), Reply::status(503));
    env.http.route("/frankfurter2/rates", Reply::status(503));
    env.fxrates()
        .args(["fetch", "--provider", "ecb"])
        .args(["--provider", "frankfurter,frankfurter2"])
        .assert()
        .code(3)
        .stdout(format!("{ECB_LINE}\n"))
        .stderr(predicates::str::starts_with(
            "error: frankfurter,frankfurter2: every provider failed: frankfurter: ",
        ));
    assert_eq!(runs(&env), "ecb true,frankfurter false,frankfurter2 false");
}

#[test]
fn a_provider_in_two_chains_is_a_usage_error() {
    let env = env();
    for args in [
        &["--provider", "ecb", "--provider", "frankfurter,ecb"][..],
        &["--provider", "ecb;ecb"],
    ] {
        env.fxrates()
            .arg("fetch")
            .args(args)
            .assert()
            .code(2)
            .stderr("error: --provider lists ecb twice\n");
    }
    env.fxrates()
        .args(["status", "--provider", "ecb", "--provider", "ecb"])
        .assert()
        .code(2);
    assert_eq!(runs(&env), "NULL");
    assert!(env.requested().is_empty());
}

#[test]
fn chains_run_at_the_same_time() {
    let env = env();
    for path in [DAILY, &latest(), "/frankfurter2/rates"] {
        env.http.route(path, Reply::Hang);
    }
    let started = Instant::now();
    env.fxrates()
        .env("FXRATES_HTTP_TIMEOUT", "2s")
        .args(["fetch", "--provider", "ecb", "--provider", "frankfurter"])
        .args(["--provider", "frankfurter2"])
        .assert()
        .code(3);
    let took = started.elapsed();
    // One after the other they would take three timeouts, 6 s.
    assert!(took < Duration::from_secs(5), "took {took:?}");
    eprintln!("three chains of a 2 s timeout each took {took:?}");
    assert_eq!(runs(&env), "ecb false,frankfurter false,frankfurter2 false");
}

#[test]
fn status_judges_each_chain_and_names_the_stale_one() {
    let env = env();
    env.fetch("ecb").assert().success();
    let status = |format: &str| {
        let mut cmd = env.fxrates();
        cmd.args(["status", "--max-age", "100000d", "--format", format])
            .args(["--provider", "ecb", "--provider", "frankfurter"]);
        cmd
    };
    status("text")
        .assert()
        .code(7)
        .stderr("error: frankfurter: no rates stored yet: run `fxrates fetch`\n");
    status("openmetrics")
        .assert()
        .code(7)
        .stdout(predicates::str::contains(
            "fxrates_status_ok{chain=\"ecb\"} 1\n",
        ))
        .stdout(predicates::str::contains(
            "fxrates_status_ok{chain=\"frankfurter\"} 0\n",
        ))
        .stdout(predicates::str::contains(
            "fxrates_source_fresh{chain=\"ecb\",source=\"ecb\"} 1\n",
        ));
    // Either chain alone: the fresh one passes.
    env.fxrates()
        .args(["status", "--max-age", "100000d", "--provider", "ecb"])
        .assert()
        .success();
}

#[test]
fn the_failure_email_names_every_failed_chain() {
    let env = env();
    let smtp = crate::common::smtp::SmtpServer::start();
    env.http.route(DAILY, Reply::html_200());
    env.http.route(&latest(), Reply::status(503));
    env.fxrates()
        .env("FXRATES_SMTP_URL", smtp.url())
        .env("FXRATES_MAIL_TO", "ops@example.com")
        .env("FXRATES_MAIL_FROM", "fxrates@example.com")
        .args(["fetch", "--provider", "ecb", "--provider", "frankfurter"])
        .assert()
        .code(1);
    let mail = smtp
        .wait_for_mail(Duration::from_secs(10))
        .expect("a failure email");
    let (subject, body) = (mail.subject(), mail.body());
    assert!(subject.contains("fetch failed on"), "{subject}");
    assert!(subject.contains(": ecb: "), "{subject}");
    for chain in ["  ecb: ", "    frankfurter: "] {
        assert!(body.contains(chain), "{body}");
    }
    assert!(body.contains("Exit code: 1"), "{body}");
}

#[test]
fn a_database_every_chain_needs_is_one_error() {
    let env = Env::new();
    env.fxrates()
        .args(["fetch", "--provider", "ecb", "--provider", "frankfurter"])
        .assert()
        .code(5)
        .stderr("error: the database has no fxrates schema: run `fxrates init-db` first\n");
    assert!(env.requested().is_empty());
}
