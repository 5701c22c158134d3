//! `banxico`'s own behaviour: the token sent in its header and nowhere
//! else, a missing token and a currency the table lacks refused before any
//! request, a refused token reported with the token hidden everywhere and
//! kept from a redirect to another origin; the FIX read back by SQL and
//! `show`.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::conformance::case::recorded;
use crate::conformance::cases::banxico::{TOKEN, WINDOW, case, datos};
use crate::conformance::secrets::{
    Given, Refused, assert_header_stays_with_its_origin, assert_refused_hiding_secrets,
};

/// The recorded window served, the schema in place.
fn env() -> Env {
    recorded("banxico", &case())
}

const GIVEN: Given = Given {
    flag: "banxico-token",
    env: "FXRATES_BANXICO_TOKEN",
    value: TOKEN,
};

#[test]
fn the_token_travels_in_its_header_and_the_fix_is_read_back() {
    let env = env();
    env.fetch("banxico")
        .env(GIVEN.env, TOKEN)
        .args(WINDOW)
        .assert()
        .success();
    let sent = env.http.recorded();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("bmx-token"), Some(TOKEN));
    assert!(!sent[0].target.contains(TOKEN), "{}", sent[0].target);
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT fx_rate('USD', 'MXN', '2026-03-03', 'banxico')::text
                 || ' ' || fx_rate('EUR', 'USD', '2026-03-03', 'banxico')::text"
        ),
        "17.7228 1.1595515381316722"
    );
    env.fxrates()
        .args([
            "show",
            "--provider",
            "banxico",
            "--date",
            "2026-03-03",
            "USD",
        ])
        .assert()
        .success()
        .stdout(
            "banxico rates for 2026-03-03, 1 USD =\n\
             QUOTE     RATE\n\
             MXN    17.7228\n",
        );
}

#[test]
fn a_missing_token_is_a_usage_error_before_any_request() {
    let env = env();
    env.fetch("ecb,banxico")
        .env(GIVEN.env, " ")
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: the banxico provider needs a token: set FXRATES_BANXICO_TOKEN\n");
    assert!(env.http.targets().is_empty());
}

#[test]
fn a_currency_the_table_lacks_is_a_usage_error_before_any_request() {
    let env = env();
    env.fetch("banxico")
        .env(GIVEN.env, TOKEN)
        .args(WINDOW)
        .args(["--symbols", "USD,CHF"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: fetching banxico rates: --symbols CHF: banxico has no CHF rate (it has USD, \
             EUR, GBP, JPY, CAD)\n",
        );
    assert!(env.http.targets().is_empty());
}

/// The SIE's answer to a missing or wrong token.
fn token_refused(detalle: &str) -> Reply {
    Reply::Body {
        status: 400,
        content_type: "application/json;charset=UTF-8",
        body: format!(
            r#"{{"error":{{"url":"/SieAPIRest/service/v1/series/SF43718/datos","mensaje":"Token inválido","detalle":"{detalle}"}}}}"#
        )
        .into_bytes(),
    }
}

#[test]
fn a_wrong_token_is_reported_in_one_line_and_shown_nowhere() {
    assert_refused_hiding_secrets(
        &env(),
        Refused {
            provider: "banxico",
            secrets: &[GIVEN],
            args: WINDOW,
            failing: &datos("2026-03-02", "2026-03-04"),
            reply: token_refused("El token proporcionado no es válido"),
            code: 3,
            says: "HTTP 400 Bad Request: Token inválido (El token proporcionado no es válido)",
        },
    );
}

#[test]
fn an_error_quoting_the_token_has_it_hidden() {
    assert_refused_hiding_secrets(
        &env(),
        Refused {
            provider: "banxico",
            secrets: &[GIVEN],
            args: WINDOW,
            failing: &datos("2026-03-02", "2026-03-04"),
            reply: token_refused(&format!("El token {TOKEN} no existe")),
            code: 3,
            says: "HTTP 400 Bad Request: Token inválido (El token *** no existe)",
        },
    );
}

#[test]
fn the_token_is_not_sent_along_a_redirect_to_another_origin() {
    let env = env();
    let mut args = vec!["--banxico-token", TOKEN];
    args.extend(WINDOW);
    assert_header_stays_with_its_origin(
        &env,
        "banxico",
        &datos("2026-03-02", "2026-03-04"),
        "bmx-token",
        &args,
    );
}
