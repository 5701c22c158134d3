//! `bcch`'s own behaviour: user and password sent in the query in the
//! Bank's order and nowhere else, a missing one and a currency the table
//! lacks refused before any request, the Bank's HTTP 200 refusal
//! (`Codigo` -5) reported in one line with both secrets hidden everywhere
//! and not retried, an answer of another series refused; the dólar
//! observado read back by SQL and `show`.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::conformance::case::{recorded, route};
use crate::conformance::cases::bcch::{
    PASSWORD, USD, USER, WINDOW, answer, case, observation, routes, target_of,
};
use crate::conformance::secrets::{Given, Refused, assert_refused_hiding_secrets};

/// The recorded window served, the schema in place.
fn env() -> Env {
    recorded("bcch", &case())
}

const GIVEN_USER: Given = Given {
    flag: "bcch-user",
    env: "FXRATES_BCCH_USER",
    value: USER,
};

const GIVEN_PASSWORD: Given = Given {
    flag: "bcch-password",
    env: "FXRATES_BCCH_PASSWORD",
    value: PASSWORD,
};

/// fxrates with `bcch` as its provider, user and password in the
/// environment.
fn bcch(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.fxrates();
    cmd.env("FXRATES_PROVIDER", "bcch")
        .env(GIVEN_USER.env, USER)
        .env(GIVEN_PASSWORD.env, PASSWORD);
    cmd
}

#[test]
fn user_and_password_travel_in_the_query_and_the_dollar_is_read_back() {
    let env = env();
    bcch(&env).arg("fetch").args(WINDOW).assert().success();
    let sent = env.http.recorded();
    assert_eq!(sent.len(), 8);
    assert_eq!(
        sent[0].target,
        format!(
            "/bcch?firstdate=2026-03-01&function=GetSeries&lastdate=2026-03-15&pass={PASSWORD}\
             &timeseries=F073.TCO.PRE.Z.D&user={USER}"
        )
    );
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT fx_rate('USD', 'CLP', '2026-03-02', 'bcch')::text"
        ),
        "871.41"
    );
    env.fxrates()
        .args(["show", "--provider", "bcch", "--date", "2026-03-02", "USD"])
        .assert()
        .success()
        .stdout(
            "bcch rates for 2026-03-02, 1 USD =\n\
             QUOTE    RATE\n\
             CLP    871.41\n",
        );
}

#[test]
fn a_missing_user_or_password_is_a_usage_error_before_any_request() {
    let env = env();
    for (missing, what) in [(GIVEN_USER, "a user name"), (GIVEN_PASSWORD, "a password")] {
        bcch(&env)
            .args(["fetch", "--provider", "ecb,bcch"])
            .env(missing.env, " ")
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "error: the bcch provider needs {what}: set {}\n",
                missing.env
            ));
    }
    assert!(env.http.targets().is_empty());
}

#[test]
fn a_currency_the_table_lacks_is_a_usage_error_before_any_request() {
    let env = env();
    bcch(&env)
        .arg("fetch")
        .args(WINDOW)
        .args(["--symbols", "USD,CHF"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: fetching bcch rates: --symbols CHF: bcch has no CHF rate (it has USD, EUR, \
             GBP, JPY, CAD, AUD, CNY, BRL)\n",
        );
    assert!(env.http.targets().is_empty());
}

/// The Bank's refusal of a wrong user or password comes with HTTP 200:
/// one line quoting it, the URL shown with both secrets hidden, asked
/// once, and neither secret anywhere.
#[test]
fn wrong_credentials_are_reported_in_one_line_and_shown_nowhere() {
    let env = env();
    assert_refused_hiding_secrets(
        &env,
        Refused {
            provider: "bcch",
            secrets: &[GIVEN_USER, GIVEN_PASSWORD],
            args: WINDOW,
            failing: &target_of(USD, "2026-03-01", "2026-03-15"),
            reply: Reply::file("bcch/refused.json"),
            code: 3,
            says: "F073.TCO.PRE.Z.D: the Bank refused the request: Invalid username or password \
                   (Codigo -5)",
        },
    );
    let asked = env
        .http
        .targets()
        .iter()
        .filter(|target| target.contains("timeseries=F073.TCO.PRE.Z.D"))
        .count();
    // Once by the failing fetch, not retried (the other runs do not fetch).
    assert_eq!(asked, 1);
}

#[test]
fn an_answer_of_another_series_is_refused() {
    let env = Env::with_schema();
    let euro = Reply::ok_json(answer(
        "F072.CLP.EUR.N.O.D",
        &observation("16-03-2026", "1058.3"),
    ));
    route(
        &env,
        "bcch",
        &routes("2026-03-16", "2026-03-16", vec![(USD, euro)]),
    );
    let output = bcch(&env)
        .args(["fetch", "--date", "2026-03-16"])
        .output()
        .expect("fxrates runs");
    assert_eq!(output.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "F073.TCO.PRE.Z.D: the answer is of series \"F072.CLP.EUR.N.O.D\", not the one asked for"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains(PASSWORD) && !stderr.contains(USER),
        "{stderr}"
    );
}
