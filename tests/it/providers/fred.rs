//! `fred`'s own behaviour: the SQL interface and `show` reading each
//! series in its own direction, a currency the H.10 lacks and a missing
//! key refused before any request, the latest day the newest of four
//! weeks, FRED's error answers reported with the key hidden everywhere;
//! and its own faults.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::conformance::case::{recorded, route};
use crate::conformance::cases::fred::{API_KEY, MARCH, case, march_from, target_of};
use crate::conformance::secrets::{Given, Refused, assert_refused_hiding_secrets};

/// The recorded March served, the schema in place.
fn env() -> Env {
    recorded("fred", &case())
}

/// fxrates with `fred` as its provider and the API key in the environment.
fn fred(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.fxrates();
    cmd.env("FXRATES_PROVIDER", "fred")
        .env("FXRATES_FRED_API_KEY", API_KEY);
    cmd
}

fn rates_of(env: &Env, day: &str) -> String {
    scalar(
        &mut env.client(),
        &format!(
            "SELECT string_agg(unit || ' ' || base || '=' || rate || ' ' || quote, ', ' ORDER BY base) \
             FROM rates WHERE source = 'fred' AND rate_date = '{day}'"
        ),
    )
}

/// The SQL interface reads the pair as printed, and computes the cross
/// rate through the dollar; `show` prints each in its own direction.
#[test]
fn each_series_is_read_in_its_own_direction() {
    let env = env();
    fred(&env).arg("fetch").args(MARCH).assert().success();
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('EUR', 'USD', '2026-03-13', 'fred')"
        ),
        "1.1444"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('EUR', 'JPY', '2026-03-13', 'fred')"
        ),
        "182.577576"
    );
    env.fxrates()
        .args(["show", "--provider", "fred", "--date", "2026-03-13"])
        .assert()
        .success()
        .stdout(
            "fred rates for 2026-03-13\n\
             AMOUNT       RATE  IN\n\
             1 EUR =    1.1444  USD\n\
             1 USD =  159.54    JPY\n",
        );
}

#[test]
fn a_currency_the_h10_lacks_is_a_usage_error_before_any_request() {
    let env = env();
    fred(&env)
        .arg("fetch")
        .args(MARCH)
        .args(["--symbols", "JPY,PLN"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::starts_with(
            "error: fetching fred rates: --symbols PLN: the H.10 has no PLN rate (it has AUD, BRL, CAD, ",
        ));
    assert!(env.http.targets().is_empty());
}

#[test]
fn the_first_run_takes_the_newest_day_of_the_last_four_weeks() {
    let env = Env::with_schema();
    route(&env, "fred", &march_from("2026-02-16"));
    let out = env
        .run_at(
            "2026-03-16",
            &["fetch", "--provider", "fred", "--fred-api-key", API_KEY],
        )
        .expect("latest");
    assert_eq!(
        out,
        "fred: 1 day (2026-03-13), 2 rates: 2 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        rates_of(&env, "2026-03-13"),
        "1 EUR=1.1444 USD, 1 USD=159.54 JPY"
    );
}

#[test]
fn a_missing_api_key_is_a_usage_error_before_any_request() {
    let env = env();
    env.fxrates()
        .args(["fetch", "--provider", "ecb,fred"])
        .env("FXRATES_FRED_API_KEY", " ")
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: the fred provider needs an API key: set FXRATES_FRED_API_KEY\n");
    assert!(env.requested().is_empty());
}

/// A fetch of March whose DEXUSEU request is answered by `reply` fails
/// with exit `code` and the one line ending in `says`, the key shown
/// nowhere ([`assert_refused_hiding_secrets`]).
fn assert_refused(reply: Reply, code: i32, says: &str) {
    assert_refused_hiding_secrets(
        &env(),
        Refused {
            provider: "fred",
            secrets: &[Given {
                flag: "fred-api-key",
                env: "FXRATES_FRED_API_KEY",
                value: API_KEY,
            }],
            args: MARCH,
            failing: &target_of("DEXUSEU", "2026-03-01", "2026-03-16"),
            reply,
            code,
            says,
        },
    );
}

#[test]
fn an_unregistered_key_is_reported_with_status_and_message() {
    assert_refused(
        Reply::json_file(400, "fred/api-key-not-registered.json"),
        3,
        "HTTP 400 Bad Request: Bad Request.  The value for variable api_key is not registered.  \
         Read https://fred.stlouisfed.org/docs/api/api_key.html for more information.",
    );
}

#[test]
fn an_error_quoting_the_key_has_it_hidden() {
    assert_refused(
        Reply::Body {
            status: 400,
            content_type: "application/json",
            body: format!(
                r#"{{"error_code":400,"error_message":"Bad Request.  The api_key {API_KEY} is unknown."}}"#
            )
            .into_bytes(),
        },
        3,
        "HTTP 400 Bad Request: Bad Request.  The api_key *** is unknown.",
    );
}

#[test]
fn a_bad_value_refuses_the_whole_fetch() {
    assert_refused(
        Reply::ok_json(
            r#"{"units":"lin","observations":[{"date":"2026-03-02","value":"1.169"},{"date":"2026-03-03","value":"-1.16"}]}"#,
        ),
        4,
        r#"DEXUSEU: day 2026-03-03: invalid rate "-1.16" (expected a positive decimal number)"#,
    );
}

/// FRED's own faults, run as the fault table runs its cases.
mod faults {
    use crate::common::http::Reply;
    use crate::conformance::cases::fred::{FAULTS, answer, observation};
    use crate::conformance::faults::{Fault, hidden, refused, run_fault};

    /// The target of `series`'s request of the week, the key as sent.
    fn target(series: &str) -> String {
        format!("{}{}", FAULTS.path, FAULTS.query).replace("DEXUSAL", series)
    }

    /// FRED can give a series as changes rather than levels (`units=pch`):
    /// such an answer is not the rates as published.
    #[test]
    fn units_other_than_the_levels() {
        run_fault(&FAULTS, |world, provider| {
            let document = answer(&observation("2024-06-27", "0.15")).replace("\"lin\"", "\"pch\"");
            refused(
                world,
                provider,
                document,
                "DEXUSAL: units are \"pch\", not \"lin\" (the levels as published)",
            )
        });
    }

    #[test]
    fn a_day_outside_the_backfill() {
        run_fault(&FAULTS, |world, provider| {
            let document = answer(&observation("2024-06-21", "0.6652"));
            refused(
                world,
                provider,
                document,
                "DEXUSAL: day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }

    /// Every series answers the week but the last asked for, `DEXUSUK`,
    /// whose answer is bad: the week is refused whole, naming that request
    /// (its key hidden), though the 21 answers before it were good.
    #[test]
    fn a_bad_answer_from_the_last_series_refuses_the_week() {
        run_fault(&FAULTS, |world, provider| {
            let last = target("DEXUSUK");
            world.env.http.route_target(
                &last,
                Reply::ok_json(answer(&observation("2024-06-27", "1.26x"))),
            );
            Fault::fails(4, hidden(provider, &world.env.http.url(&last)))
                .also("DEXUSUK: day 2024-06-27: invalid rate \"1.26x\"")
                .then(|world| assert_eq!(world.env.http.targets().len(), 22))
        });
    }
}
