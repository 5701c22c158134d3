//! `cnb`'s own behaviour: one day and the latest from the daily fixing, a
//! range over New Year asking for each calendar year, what `show` and
//! `convert` read back of a pair printed per 100 or 1000 units, and a
//! currency the bank stopped or never published; and its own faults.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::common::pg::{count_rates, stored};
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::cnb::{
    AFTER_EASTER, DAILY, DAILY_YEAR, WINDOW, case, fixing, row, year, year_with,
};

/// The recorded year and day served, the schema in place.
fn env() -> Env {
    recorded("cnb", &case())
}

#[test]
fn one_day_and_the_latest_come_from_the_daily_fixing() {
    let env = env();
    env.fetch("cnb")
        .args(["--date", "2026-01-02"])
        .assert()
        .success()
        .stdout("cnb: 1 day (2026-01-02), 30 rates: 30 inserted, 0 revised, 0 unchanged\n");
    let mut client = env.client();
    client
        .batch_execute("DELETE FROM rates")
        .expect("forget the day");
    env.fetch("cnb")
        .assert()
        .success()
        .stdout("cnb: 1 day (2026-01-02), 30 rates: 30 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(
        env.http.targets(),
        [
            mirrored("cnb", &format!("{DAILY}?date=2026-01-02&lang=EN")),
            mirrored("cnb", &format!("{DAILY}?lang=EN")),
        ]
    );
    assert_eq!(
        stored(&mut env.client(), "cnb", "2026-01-02", "HUF", "CZK"),
        "100 HUF CZK 6.304"
    );
}

#[test]
fn a_range_over_new_year_asks_for_each_calendar_year() {
    let env = Env::with_schema();
    // 2025 as the CNB answers it, cut to its last two fixings of the euro:
    // 2025-12-30 was not asked for.
    env.http.route_target(
        &mirrored("cnb", &year(2025)),
        Reply::ok_json(format!(
            r#"{{"rates":[{},{}]}}"#,
            row("EUR", "1", "2025-12-30", "24.275"),
            row("EUR", "1", "2025-12-31", "24.260")
        )),
    );
    env.http.route_target(
        &mirrored("cnb", &year(2026)),
        Reply::file("cnb/daily-year-2026.json"),
    );
    let out = env
        .run_at(
            "2026-04-08",
            &[
                "fetch",
                "--provider",
                "cnb",
                "--from",
                "2025-12-31",
                "--to",
                "2026-01-05",
            ],
        )
        .expect("backfill");
    assert_eq!(
        out,
        "cnb: 3 days (2025-12-31..2026-01-05), 61 rates: 61 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [mirrored("cnb", &year(2025)), mirrored("cnb", &year(2026))]
    );
}

/// What `show` and `convert` read back: the pair as the CNB printed it, with
/// its unit; per one unit for scripts; other pairs computed through CZK and
/// marked.
#[test]
fn show_names_the_printed_pair_with_its_unit_and_marks_computed_ones() {
    let env = env();
    env.fetch("cnb").args(WINDOW).assert().success();
    let show = |args: &[&str]| {
        let output = env
            .fxrates()
            .args(["show", "--provider", "cnb", "--date", "2026-01-02"])
            .args(args)
            .output()
            .expect("show runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    assert_eq!(
        show(&["HUF", "EUR"]),
        "cnb rates for 2026-01-02\n\
         AMOUNT       RATE  IN\n\
         100 HUF =   6.304  CZK\n\
         1 EUR =    24.170  CZK\n"
    );
    assert_eq!(show(&["HUF", "--format", "value"]), "0.06304\n");
    assert_eq!(
        show(&["HUF", "--format", "csv"]),
        "date,source,base,quote,rate,unit,series\n2026-01-02,cnb,HUF,CZK,6.304,100,mid\n"
    );
    // EUR in HUF through CZK: 24.170 / 0.06304 = 383.4073604…
    assert_eq!(
        show(&["HUF", "--base", "EUR"]),
        "cnb rates for 2026-01-02, 1 EUR = (cross rates via CZK, 6 significant digits)\n\
         QUOTE     RATE\n\
         HUF    383.407\n"
    );
    env.fxrates()
        .args([
            "convert",
            "1000",
            "HUF",
            "CZK",
            "--source",
            "cnb",
            "--date",
            "2026-01-02",
        ])
        .assert()
        .success()
        .stdout("1000 HUF = 63.04 CZK (rate 0.06304, cnb 2026-01-02)\n");
}

/// Regression: `--base HUF` prices every pair per one HUF, and the table
/// shows each against HUF (the printed `100 HUF = 6.304 CZK` with its
/// unit), yet JSON said `"base": null` and had no `rates`: a printed pair
/// per 100 units hid the base every pair has.
#[test]
fn json_names_the_base_of_every_pair_per_one_unit_of_it() {
    let env = env();
    env.fetch("cnb").args(WINDOW).assert().success();
    let show = |args: &[&str]| {
        let output = env
            .fxrates()
            .args(["show", "CZK", "EUR", "--base", "HUF", "--source", "cnb"])
            .args(["--date", "2026-01-02"])
            .args(args)
            .output()
            .expect("show runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    // 0.06304 / 24.170 = 0.0026081919…
    assert_eq!(
        show(&[]),
        "cnb rates for 2026-01-02 (* computed via CZK, 6 significant digits)\n\
         AMOUNT           RATE  IN\n\
         100 HUF =  6.304       CZK\n\
         1 HUF =    0.00260819  EUR *\n"
    );
    let json: serde_json::Value = serde_json::from_str(&show(&["--format", "json"])).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({
            "date": "2026-01-02",
            "requested_date": "2026-01-02",
            "source": "cnb",
            "series": "mid",
            "base": "HUF",
            "cross": true,
            "official": true,
            "reference": null,
            "valid_until": null,
            "rates": {"CZK": "0.06304", "EUR": "0.00260819"},
            "pairs": [
                {"base": "HUF", "quote": "CZK", "unit": 100, "rate": "6.304",
                 "per_unit": "0.06304", "computed": false},
                {"base": "HUF", "quote": "EUR", "unit": 1, "rate": "0.00260819",
                 "per_unit": "0.00260819", "computed": true},
            ],
        })
    );
    assert_eq!(
        show(&["--format", "csv"]),
        "date,source,base,quote,rate,unit,series\n\
         2026-01-02,cnb,HUF,CZK,6.304,100,mid\n\
         2026-01-02,cnb,HUF,EUR,0.00260819,1,mid\n"
    );
    // `value` prints what `rates` holds, per one HUF.
    for (symbol, per_huf) in [("CZK", "0.06304"), ("EUR", "0.00260819")] {
        let output = env
            .fxrates()
            .args(["show", symbol, "--base", "HUF", "--source", "cnb"])
            .args(["--date", "2026-01-02", "--format", "value"])
            .output()
            .expect("show runs");
        assert!(output.status.success(), "{output:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            format!("{per_huf}\n")
        );
        assert_eq!(json["rates"][symbol], per_huf);
    }
    // Pairs against different bases, as printed, have none.
    let json: serde_json::Value = serde_json::from_str(&{
        let output = env
            .fxrates()
            .args([
                "show",
                "HUF",
                "EUR",
                "--source",
                "cnb",
                "--date",
                "2026-01-02",
            ])
            .args(["--format", "json"])
            .output()
            .expect("show runs");
        String::from_utf8(output.stdout).expect("UTF-8")
    })
    .expect("JSON");
    assert_eq!(json["base"], serde_json::Value::Null);
    assert_eq!(json.get("rates"), None);
}

/// Regression: a currency the publisher stopped (the ECB's BGN after
/// 2025-12-31) failed every fetch with `--symbols` as invalid data, so the
/// other currencies stopped updating too.
#[test]
fn a_currency_the_bank_stopped_is_named_and_the_others_are_stored() {
    let env = env();
    env.fetch("cnb").args(WINDOW).assert().success();
    // After Easter the fixing has no USD any more.
    env.http
        .route(&mirrored("cnb", DAILY_YEAR), year_with(&AFTER_EASTER));
    let note = "cnb published no USD rate after 2026-04-02: \
                drop it from --symbols (FXRATES_SYMBOLS) if it stopped";
    let out = env
        .run_at(
            "2026-04-08",
            &["fetch", "--provider", "cnb", "--symbols", "EUR,USD"],
        )
        .expect("a catch-up");
    assert_eq!(
        out,
        format!(
            "cnb: 2 days (2026-04-07..2026-04-08), 2 rates: 2 inserted, 0 revised, 0 unchanged ({note})"
        )
    );
    assert_eq!(
        stored(&mut env.client(), "cnb", "2026-04-08", "EUR", "CZK"),
        "1 EUR CZK 24.295"
    );
    assert_eq!(count_rates(&mut env.client(), "cnb"), 1950 + 2);

    // Every run says so on stderr, in one line, and succeeds.
    let output = env
        .fetch("cnb")
        .args(["--symbols", "EUR,USD"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&format!("WARN] {note}")), "{stderr}");
    assert_eq!(count_rates(&mut env.client(), "cnb"), 1950 + 2);

    // status names it, until the configuration drops it.
    let err = env
        .run_at("2026-04-08", &["status", "--provider", "cnb"])
        .expect_err("a problem");
    assert_eq!(fxrates::error::exit_code(&err), fxrates::error::Exit::Stale);
    assert!(err.to_string().contains(note), "{err}");
    env.run_at(
        "2026-04-08",
        &["fetch", "--provider", "cnb", "--symbols", "EUR"],
    )
    .expect("fetch");
    env.run_at("2026-04-08", &["status", "--provider", "cnb"])
        .expect("nothing to say");
}

#[test]
fn a_currency_never_published_is_a_usage_error_and_nothing_is_stored() {
    let env = env();
    env.fetch("cnb")
        .args(["--from", "2026-01-02", "--to", "2026-01-05"])
        .args(["--symbols", "USD,XYZ,ABC"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: cnb published no XYZ, ABC rate for 2026-01-02..2026-01-05 and none is stored: \
             drop them from --symbols (FXRATES_SYMBOLS)\n",
        );
    assert_eq!(count_rates(&mut env.client(), "cnb"), 0);
}

#[test]
fn a_day_lacking_a_currency_that_a_later_day_has_refuses_the_answer() {
    let env = env();
    env.fetch("cnb").args(WINDOW).assert().success();
    env.http.route(
        &mirrored("cnb", DAILY_YEAR),
        year_with(&[
            ("2026-04-07", "HUF", "100", "6.421"),
            ("2026-04-08", "EUR", "1", "24.295"),
            ("2026-04-08", "HUF", "100", "6.418"),
        ]),
    );
    env.fetch("cnb")
        .args(["--symbols", "EUR,HUF"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(
            "error: fetching cnb rates: cnb answered a partial day: day 2026-04-07: \
             no rate for EUR (asked for by --symbols), though a later day has one\n",
        );
    assert_eq!(count_rates(&mut env.client(), "cnb"), 1950);
}

/// The CNB's own faults, run as the fault table runs its cases.
mod faults {
    use super::{fixing, row};
    use crate::conformance::cases::cnb::FAULTS;
    use crate::conformance::faults::{refused, run_fault};

    #[test]
    fn a_day_outside_the_year_asked_for() {
        run_fault(&FAULTS, |world, provider| {
            let document = fixing("2023-12-29", &row("USD", "1", "2023-12-29", "22.162"));
            refused(
                world,
                provider,
                document,
                "day 2023-12-29 is outside the days asked for (2024-01-01..2024-12-31)",
            )
        });
    }

    #[test]
    fn a_unit_that_is_not_a_power_of_ten() {
        run_fault(&FAULTS, |world, provider| {
            let document = fixing("2024-06-27", &row("IDR", "500", "2024-06-27", "0.713"));
            refused(
                world,
                provider,
                document,
                "day 2024-06-27, IDR: invalid unit \"500\"",
            )
        });
    }

    #[test]
    fn the_rows_of_a_day_apart() {
        run_fault(&FAULTS, |world, provider| {
            let rows = format!(
                "{},{}",
                row("HUF", "100", "2024-06-28", "6.344"),
                row("USD", "1", "2024-06-27", "23.375"),
            );
            refused(
                world,
                provider,
                fixing("2024-06-27", &rows),
                "day 2024-06-27 follows 2024-06-28: repeated or out of order",
            )
        });
    }
}
