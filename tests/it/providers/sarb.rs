//! `sarb`'s own behaviour: the SQL interface and `show` reading each
//! series in its own direction, a currency the Bank has no series of
//! refused before any request, an answer whose `Timeseries` text reads the
//! other way than the table refused, and the old kwacha left out.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::conformance::case::{mirrored, recorded, route};
use crate::conformance::cases::sarb::{WEEK, case, observation, routes, target_of};

/// The recorded week served, the schema in place.
fn env() -> Env {
    recorded("sarb", &case())
}

fn rates_of(env: &Env, day: &str) -> String {
    scalar(
        &mut env.client(),
        &format!(
            "SELECT string_agg(unit || ' ' || base || '=' || rate || ' ' || quote, ', ' ORDER BY base) \
             FROM rates WHERE source = 'sarb' AND rate_date = '{day}'"
        ),
    )
}

/// Rand per US dollar and yen per rand, each stored as printed: the SQL
/// interface crosses them through the rand; `show` prints each in its
/// own direction.
#[test]
fn each_series_is_read_in_its_own_direction() {
    let env = Env::with_schema();
    let monday = |text: &str, value: &str| {
        Reply::ok_json(format!("[{}]", observation("2026-03-30", text, value)))
    };
    route(
        &env,
        "sarb",
        &routes(
            "2026-03-30",
            "2026-03-30",
            vec![
                ("EXCX135D", monday("Rand per US Dollar", "17.1150")),
                ("EXCB120D", monday("Japan: Yen per Rand", "9.3410")),
            ],
        ),
    );
    env.fxrates()
        .args(["fetch", "--provider", "sarb", "--date", "2026-03-30"])
        .assert()
        .success();
    assert_eq!(
        rates_of(&env, "2026-03-30"),
        "1 USD=17.1150 ZAR, 1 ZAR=9.3410 JPY"
    );
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT fx_rate('USD', 'JPY', '2026-03-30', 'sarb')"
        ),
        "159.871215"
    );
    env.fxrates()
        .args(["show", "--provider", "sarb", "--date", "2026-03-30"])
        .assert()
        .success()
        .stdout(
            "sarb rates for 2026-03-30\n\
             AMOUNT      RATE  IN\n\
             1 ZAR =   9.3410  JPY\n\
             1 USD =  17.1150  ZAR\n",
        );
}

#[test]
fn a_currency_the_bank_lacks_is_a_usage_error_before_any_request() {
    let env = env();
    env.fxrates()
        .args(["fetch", "--provider", "sarb"])
        .args(WEEK)
        .args(["--symbols", "JPY,PLN"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::starts_with(
            "error: fetching sarb rates: --symbols PLN: the SARB has no PLN rate (it has USD, GBP, EUR, ",
        ));
    assert!(env.http.targets().is_empty());
}

/// The direction is never guessed: a series printed the other way than
/// the table says refuses the run, nothing stored.
#[test]
fn a_series_printed_the_other_way_is_refused() {
    let env = env();
    let failing = mirrored("sarb", &target_of("EXCB120D", "2026-03-23", "2026-03-27"));
    env.http.route(
        &failing,
        Reply::ok_json(format!(
            "[{}]",
            observation("2026-03-24", "Rand per Japanese Yen", "0.1068")
        )),
    );
    env.fxrates()
        .args(["fetch", "--provider", "sarb"])
        .args(WEEK)
        .assert()
        .code(4)
        .stderr(predicates::str::contains(format!(
            "{}: EXCB120D: the series is printed as \"Rand per Japanese Yen\", not \"… per Rand\" as the table has EXCB120D",
            env.http.url(&failing)
        )));
    assert_eq!(rates_of(&env, "2026-03-24"), "NULL");
}

/// The kwacha series prints old kwacha before the 2013 rebasing under the
/// same code: those figures are left out, the rebased ones stored as ZMW.
#[test]
fn the_old_kwacha_is_left_out() {
    let env = Env::with_schema();
    let kwacha = Reply::ok_json(format!(
        "[{},{}]",
        observation("2013-01-02", "Zambia: Kwacha per Rand", "0.6188"),
        observation("2012-12-31", "Zambia: Kwacha per Rand", "612.3404")
    ));
    route(
        &env,
        "sarb",
        &routes("2012-12-31", "2013-01-02", vec![("EXCB071D", kwacha)]),
    );
    env.fxrates()
        .args([
            "fetch",
            "--provider",
            "sarb",
            "--from",
            "2012-12-31",
            "--to",
            "2013-01-02",
        ])
        .assert()
        .success();
    assert_eq!(rates_of(&env, "2013-01-02"), "1 ZAR=0.6188 ZMW");
    assert_eq!(rates_of(&env, "2012-12-31"), "NULL");
}
