//! `ptax`'s own behaviour: a dry run naming the series of each rate, every
//! PTAX currency asked for in turn without `--symbols` and another refused,
//! `fx_daily`, `show` and `fx_rate` reading each series as printed; and its
//! own faults.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::count_rates;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::ptax::{CURRENCIES, WEEK, answer, case, document_of, period, row};

/// The recorded week of USD and JPY served, the schema in place.
fn env() -> Env {
    recorded("ptax", &case())
}

/// `fx_daily` holds both series too, the weekend in force from Friday.
#[test]
fn fx_daily_holds_both_series() {
    let env = env();
    env.fetch("ptax").args(WEEK).assert().success();
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(series || ' ' || rate, ', ' ORDER BY series) FROM fx_daily \
             WHERE source = 'ptax' AND day = '2026-03-07' AND base = 'USD' AND quote = 'BRL'"
        ),
        "buying 5.28720, selling 5.28780"
    );
}

/// A dry run prints the buying and the selling rate of a day each on a
/// line of its own, its series last: two lines of one pair that differ
/// only in the figure would not say which is which.
#[test]
fn a_dry_run_names_the_series_of_each_rate() {
    let env = env();
    let output = env
        .fetch("ptax")
        .args(["--from", "2026-03-01", "--to", "2026-03-07"])
        .args(["--symbols", "USD", "--dry-run"])
        .output()
        .expect("fxrates runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 11, "{stdout}");
    assert_eq!(
        lines[..2],
        [
            "ptax\t2026-03-02\tUSD\tBRL\t1\t5.19950\tbuying",
            "ptax\t2026-03-02\tUSD\tBRL\t1\t5.20010\tselling",
        ]
    );
    assert_eq!(
        lines[10],
        "dry run: ptax: 5 days (2026-03-02..2026-03-06), 10 rates: would insert 10, revise 0, \
         leave 0 unchanged; nothing written"
    );
    assert_eq!(count_rates(&mut env.client(), "ptax"), 0);
}

/// Without `--symbols`, one day is one request per PTAX currency, in
/// turn; every currency must answer the day.
#[test]
fn every_ptax_currency_is_asked_for_in_turn() {
    let env = Env::with_schema();
    for (i, currency) in CURRENCIES.iter().enumerate() {
        let buying = format!("{}.{:05}", 1 + i, 1000 * i + 1);
        let selling = format!("{}.{:05}", 1 + i, 1000 * i + 7);
        env.http.route_target(
            &mirrored("ptax", &period(currency, "03-02-2026", "03-02-2026")),
            Reply::ok_json(answer(&[("2026-03-02", &buying, &selling)])),
        );
    }
    env.fetch("ptax")
        .args(["--date", "2026-03-02"])
        .assert()
        .success()
        .stdout("ptax: 1 day (2026-03-02), 20 rates: 20 inserted, 0 revised, 0 unchanged\n");
    let asked: Vec<String> = CURRENCIES
        .iter()
        .map(|currency| mirrored("ptax", &period(currency, "03-02-2026", "03-02-2026")))
        .collect();
    assert_eq!(env.http.targets(), asked);
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(base || ' ' || rate, ', ' ORDER BY base) FROM rates \
             WHERE series = 'selling' AND base IN ('AUD', 'USD')"
        ),
        "AUD 1.00007, USD 10.09007"
    );
}

#[test]
fn a_symbol_the_ptax_does_not_publish_is_a_usage_error() {
    let env = Env::with_schema();
    env.fetch("ptax")
        .args(["--symbols", "USD,CNY"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: fetching ptax rates: the ptax provider publishes no rate of CNY: its \
             currencies are AUD, CAD, CHF, DKK, EUR, GBP, JPY, NOK, SEK, USD (--symbols)\n",
        );
    assert!(env.http.targets().is_empty());
}

/// The PTAX prints no mid: a read names its series, and SQL gives the
/// figure as printed.
#[test]
fn show_and_fx_rate_read_each_series_as_printed() {
    let env = env();
    env.fetch("ptax").args(WEEK).assert().success();
    env.fxrates()
        .args(["show", "USD", "--provider", "ptax", "--series", "selling"])
        .args(["--date", "2026-03-06"])
        .assert()
        .success()
        .stdout(
            "ptax selling rates for 2026-03-06, 1 USD =\n\
             QUOTE     RATE\n\
             BRL    5.28780\n",
        );
    env.fxrates()
        .args(["show", "USD", "--provider", "ptax", "--date", "2026-03-06"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: ptax published no mid rate for 2026-03-06: name a series (buying, selling) (--series)\n",
        );
    let mut client = env.client();
    for (day, series, printed) in [
        ("2026-03-04", "selling", "5.20910"),
        ("2026-03-04", "buying", "5.20850"),
        ("2026-03-08", "selling", "5.28780"),
    ] {
        assert_eq!(
            scalar(
                &mut client,
                &format!("SELECT fx_rate('USD', 'BRL', '{day}', 'ptax', '{series}')")
            ),
            printed,
            "{day} {series}"
        );
    }
    env.fxrates()
        .args([
            "convert",
            "100",
            "USD",
            "BRL",
            "--source",
            "ptax",
            "--series",
            "selling",
            "--date",
            "2026-03-04",
        ])
        .assert()
        .success()
        .stdout("100 USD = 520.91 BRL (rate 5.20910, ptax selling 2026-03-04)\n");
}

/// The PTAX's own faults, run as the fault table runs its cases.
mod faults {
    use super::{document_of, row};
    use crate::common::env::fixture;
    use crate::common::http::Reply;
    use crate::conformance::cases::ptax::FAULTS;
    use crate::conformance::faults::{Fault, refused, run_fault};

    /// The target of `currency`'s request of the week.
    fn target(currency: &str) -> String {
        let aud = format!("{}{}", FAULTS.path, FAULTS.query);
        aud.replace("%27AUD%27", &format!("%27{currency}%27"))
    }

    #[test]
    fn an_intermediate_bulletin() {
        run_fault(&FAULTS, |world, provider| {
            let document = document_of(
                &row("2024-06-24 10:08:22.219", "3.58710", "3.58990")
                    .replace("Fechamento", "Intermediário"),
            );
            refused(
                world,
                provider,
                document,
                "day 2024-06-24, AUD: a bulletin of type \"Intermediário\", not the closing (Fechamento)",
            )
        });
    }

    #[test]
    fn a_day_outside_the_backfill() {
        run_fault(&FAULTS, |world, provider| {
            let document = document_of(&row("2024-06-21 13:02:26.110", "3.58710", "3.58990"));
            refused(
                world,
                provider,
                document,
                "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            )
        });
    }

    /// Every currency answers the week but JPY, which lacks Wednesday: the
    /// week is refused whole, naming JPY's request, though the other
    /// answers were good.
    #[test]
    fn a_day_one_currency_lacks() {
        run_fault(&FAULTS, |world, _| {
            let week = fixture(FAULTS.fixture);
            let wednesday = week
                .split("},{")
                .find(|row| row.contains("2024-06-26"))
                .expect("Wednesday's row")
                .to_owned();
            let without = week.replace(&format!("{wednesday}}},{{"), "");
            assert_ne!(without, week);
            world
                .env
                .http
                .route_target(&target("JPY"), Reply::ok_json(without));
            Fault::fails(4, world.env.http.url(&target("JPY"))).also(
                "day 2024-06-26: no closing rate of JPY, though AUD, CAD, CHF, DKK, EUR, GBP, \
                 NOK, SEK, USD have one (a day is stored whole)",
            )
        });
    }
}
