//! `fxrates fetch` against a real PostgreSQL and a loopback ECB mirror,
//! beyond the conformance suite (`conformance::ecb`): what is stored,
//! exactly, which file is asked for, and that re-running changes nothing
//! but what the publisher corrected.

use crate::common::env::{DAILY, Env, HISTORY, LAST_90_DAYS, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored};

#[test]
fn fetch_on_an_empty_table_stores_the_latest_day() {
    let env = Env::with_schema();
    env.requested();

    env.fxrates()
        .arg("fetch")
        .assert()
        .success()
        .stdout("ecb: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged\n");

    assert_eq!(env.requested(), [DAILY]);
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "ecb"), 30);
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE source = 'ecb' AND base = 'EUR' AND rate_date = '2024-06-28'"
        ),
        "30"
    );
}

#[test]
fn rates_read_back_exactly_as_published() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();

    let mut client = env.client();
    for (quote, published) in [
        ("HUF", "1 EUR HUF 395.10"),
        ("ISK", "1 EUR ISK 148.70"),
        ("GBP", "1 EUR GBP 0.84638"),
        ("IDR", "1 EUR IDR 17487.65"),
    ] {
        assert_eq!(
            stored(&mut client, "ecb", "2024-06-28", "EUR", quote),
            published,
            "{quote}"
        );
    }
}

#[test]
fn the_ecb_is_asked_with_our_user_agent_and_an_xml_accept_header() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();

    let request = env.http.recorded().pop().expect("one request");
    let user_agent = request.header("user-agent").expect("a User-Agent");
    assert_eq!(user_agent, concat!("fxrates/", env!("CARGO_PKG_VERSION")));
    assert!(
        request
            .header("accept")
            .expect("an Accept header")
            .contains("application/xml")
    );
}

#[test]
fn trailing_zeros_stripped_by_the_history_file_count_as_unchanged() {
    let env = Env::with_schema();
    // The daily file says 395.10; the history file says 395.1 for the same day.
    env.fxrates().arg("fetch").assert().success();
    env.fxrates()
        .args(["fetch", "--date", "2024-06-28"])
        .assert()
        .success()
        .stdout("ecb: 1 day (2024-06-28), 4 rates: 0 inserted, 0 revised, 4 unchanged\n");

    let mut client = env.client();
    assert_eq!(
        stored(&mut client, "ecb", "2024-06-28", "EUR", "HUF"),
        "1 EUR HUF 395.10"
    );
}

#[test]
fn a_corrected_rate_is_updated_and_only_that_row_is_rewritten() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let mut client = env.client();
    let others = Some("quote <> 'USD'");
    let before = row_versions(&mut client, "ecb", others);

    // A date this old is served from the history file: correct USD there.
    let history = crate::common::env::fixture("ecb/eurofxref-hist.xml").replacen(
        "rate=\"1.0705\"",
        "rate=\"1.0710\"",
        1,
    );
    env.http.route(HISTORY, Reply::ok_xml(history));
    env.fxrates()
        .args(["fetch", "--date", "2024-06-28"])
        .assert()
        .success()
        .stdout("ecb: 1 day (2024-06-28), 4 rates: 0 inserted, 1 revised, 3 unchanged\n");

    assert_eq!(
        stored(&mut client, "ecb", "2024-06-28", "EUR", "USD"),
        "1 EUR USD 1.0710"
    );
    assert_eq!(
        row_versions(&mut client, "ecb", others),
        before,
        "an unchanged row was rewritten"
    );
}

#[test]
fn a_holiday_is_named() {
    let env = Env::with_schema();
    env.fxrates()
        .args(["fetch", "--date", "2024-05-01"])
        .assert()
        .success()
        .stdout("ecb: no rates published for 2024-05-01 (Labour Day); nothing stored\n");
}

#[test]
fn a_past_business_day_without_rates_is_not_called_not_published_yet() {
    let env = Env::with_schema();
    // A Tuesday missing from the history file.
    env.fxrates()
        .args(["fetch", "--date", "2024-03-05"])
        .assert()
        .success()
        .stdout(
            "ecb: no rates published for 2024-03-05 (a Tuesday: an unscheduled closing?); nothing stored\n",
        );
    assert_eq!(count_rates(&mut env.client(), "ecb"), 0);
}

#[test]
fn today_without_rates_may_not_be_published_yet() {
    let env = Env::with_schema();
    // The daily file still holds Friday's rates on Monday.
    let summary = env
        .run_at("2024-07-01", &["fetch", "--date", "2024-07-01"])
        .expect("fetch");
    assert_eq!(
        summary,
        "ecb: no rates published for 2024-07-01 (a Monday: not published yet, or an unscheduled closing); nothing stored"
    );
    assert_eq!(env.requested(), [DAILY]);
}

#[test]
fn a_business_day_stores_that_day_only() {
    let env = Env::with_schema();
    env.fxrates()
        .args(["fetch", "--date", "2024-06-27"])
        .assert()
        .success()
        .stdout("ecb: 1 day (2024-06-27), 4 rates: 4 inserted, 0 revised, 0 unchanged\n");
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(DISTINCT rate_date::text, ',') FROM rates"
        ),
        "2024-06-27"
    );
}

#[test]
fn a_range_stores_every_published_day_in_it() {
    let env = Env::with_schema();
    env.fxrates()
        .args(["fetch", "--from", "2024-04-26", "--to", "2024-05-06"])
        .assert()
        .success()
        // 26, 29, 30 April; 1 May is a holiday; 2, 3, 6 May.
        .stdout(
            "ecb: 6 days (2024-04-26..2024-05-06), 24 rates: 24 inserted, 0 revised, 0 unchanged\n",
        );
    let mut client = env.client();
    assert_eq!(
        scalar(&mut client, "SELECT count(DISTINCT rate_date) FROM rates"),
        "6"
    );
}

#[test]
fn a_range_over_stored_days_inserts_the_missing_ones_and_rewrites_no_stored_row() {
    let env = Env::with_schema();
    env.fxrates()
        .args(["fetch", "--date", "2024-06-26"])
        .assert()
        .success();
    let mut client = env.client();
    let stored = Some("rate_date = '2024-06-26'");
    let before = row_versions(&mut client, "ecb", stored);

    env.fxrates()
        .args(["fetch", "--from", "2024-06-24", "--to", "2024-06-28"])
        .assert()
        .success()
        .stdout(
            "ecb: 5 days (2024-06-24..2024-06-28), 20 rates: 16 inserted, 0 revised, 4 unchanged\n",
        );
    assert_eq!(count_rates(&mut client, "ecb"), 20);
    assert_eq!(
        row_versions(&mut client, "ecb", stored),
        before,
        "a stored row was rewritten"
    );
}

/// A history document of `days` weekdays from 2001-01-01, newest first, each
/// with 30 currencies whose rates are `base` plus a small step per row.
fn generated_history(days: usize, base: &str) -> String {
    let mut day = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).expect("date");
    let mut cubes = Vec::new();
    while cubes.len() < days {
        if chrono::Datelike::weekday(&day).number_from_monday() <= 5 {
            let rates: String = (0..30)
                .map(|i| {
                    let code: String = [b'A' + i as u8 / 26, b'A' + i as u8 % 26, b'X']
                        .iter()
                        .map(|&b| b as char)
                        .collect();
                    format!(
                        "<Cube currency=\"{code}\" rate=\"{base}{}{i:02}\"/>",
                        cubes.len() % 10
                    )
                })
                .collect();
            cubes.push(format!("<Cube time=\"{day}\">{rates}</Cube>"));
        }
        day = day.succ_opt().expect("date");
    }
    cubes.reverse();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
<Cube>{}</Cube></gesmes:Envelope>"#,
        cubes.concat()
    )
}

#[test]
fn a_history_larger_than_one_chunk_is_compared_row_by_row() {
    // 800 days of 30 rates: more rows than one comparing statement takes.
    let env = Env::with_schema();
    env.http
        .route(HISTORY, Reply::ok_xml(generated_history(800, "1.2")));
    let fetch = ["fetch", "--from", "2001-01-01", "--to", "2004-12-31"];
    env.fxrates()
        .args(fetch)
        .assert()
        .success()
        .stdout(
            "ecb: 800 days (2001-01-01..2004-01-23), 24000 rates: 24000 inserted, 0 revised, 0 unchanged\n",
        );
    let mut client = env.client();
    let stored = row_versions(&mut client, "ecb", None);
    env.fxrates()
        .args(fetch)
        .assert()
        .success()
        .stdout("ecb: 800 days (2001-01-01..2004-01-23), 24000 rates: 0 inserted, 0 revised, 24000 unchanged\n");
    assert_eq!(
        row_versions(&mut client, "ecb", None),
        stored,
        "a row was rewritten"
    );

    // Rows missing or changed at both ends and across the chunk boundary.
    client
        .batch_execute(
            "DELETE FROM rates WHERE rate_date IN ('2001-01-01', '2004-01-23') AND quote = 'AAX';
             UPDATE rates SET rate = 9 WHERE rate_date IN ('2001-01-02', '2003-07-01', '2004-01-22')",
        )
        .expect("damage the stored rates");
    env.fxrates()
        .args(fetch)
        .assert()
        .success()
        .stdout("ecb: 800 days (2001-01-01..2004-01-23), 24000 rates: 2 inserted, 90 revised, 23908 unchanged\n");
    env.http
        .route(HISTORY, Reply::ok_xml(generated_history(800, "1.3")));
    env.fxrates()
        .args(fetch)
        .assert()
        .success()
        .stdout("ecb: 800 days (2001-01-01..2004-01-23), 24000 rates: 0 inserted, 24000 revised, 0 unchanged\n");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE rate::text NOT LIKE '1.3%'"
        ),
        "0"
    );
}

#[test]
fn the_first_days_of_the_history_are_stored_with_their_currencies() {
    let env = Env::with_schema();
    env.fxrates()
        .args(["fetch", "--from", "1999-01-04", "--to", "1999-01-31"])
        .assert()
        .success()
        .stdout(
            "ecb: 2 days (1999-01-04..1999-01-05), 8 rates: 8 inserted, 0 revised, 0 unchanged\n",
        );
    let mut client = env.client();
    assert_eq!(
        stored(&mut client, "ecb", "1999-01-04", "EUR", "CYP"),
        "1 EUR CYP 0.58231"
    );
}

#[test]
fn dry_run_prints_the_rows_and_writes_nothing() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let mut client = env.client();
    let before = crate::common::pg::rates_checksum(&mut client);

    // What a dry run prints is what it was run for: --quiet (e.g. from an
    // environment file sourced for cron) does not swallow it.
    let output = env
        .fxrates()
        .args(["fetch", "--dry-run", "--date", "2024-06-27"])
        .env("FXRATES_QUIET", "1")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let output = String::from_utf8(output).expect("utf-8");
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 5, "{output}");
    assert_eq!(lines[0], "ecb\t2024-06-27\tEUR\tUSD\t1\t1.0705\tmid");
    assert_eq!(
        lines[4],
        "dry run: ecb: 1 day (2024-06-27), 4 rates: would insert 4, revise 0, leave 0 unchanged; nothing written"
    );
    assert_eq!(crate::common::pg::rates_checksum(&mut client), before);
}

#[test]
fn quiet_prints_nothing_on_success() {
    let env = Env::with_schema();
    env.fxrates()
        .args(["fetch", "--quiet"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    env.fxrates()
        .arg("fetch")
        .env("FXRATES_QUIET", "1")
        .assert()
        .success()
        .stdout("");
    assert_eq!(count_rates(&mut env.client(), "ecb"), 30);
}

#[test]
fn verbose_logs_name_the_days_asked_for_in_plain_text() {
    let env = Env::with_schema();
    let log = |args: &[&str]| {
        let output = env.fxrates().arg("-v").args(args).output().expect("run");
        assert!(output.status.success());
        String::from_utf8(output.stderr).expect("UTF-8")
    };

    let first = log(&["fetch"]);
    assert!(
        first.contains("ecb: nothing stored yet: fetching the latest published day"),
        "{first}"
    );
    let catch_up = log(&["fetch"]);
    assert!(
        catch_up.contains("ecb: catching up after 2024-06-28: fetching 2024-06-29.."),
        "{catch_up}"
    );
    let one_day = log(&["fetch", "--date", "2024-06-27"]);
    assert!(one_day.contains("ecb: fetching 2024-06-27\n"), "{one_day}");
    let range = log(&["fetch", "--from", "2024-06-20", "--to", "2024-06-26"]);
    assert!(
        range.contains("ecb: fetching 2024-06-20..2024-06-26\n"),
        "{range}"
    );
    for stderr in [first, catch_up, one_day, range] {
        for debug in ["Latest", "Day(", "Range {"] {
            assert!(!stderr.contains(debug), "{stderr}");
        }
    }
}

#[test]
fn catch_up_on_monday_after_a_stored_friday_is_up_to_date() {
    let env = Env::with_schema();
    env.run_at("2024-06-28", &["fetch"]).expect("Friday's run");
    env.requested();

    let summary = env
        .run_at("2024-07-01", &["fetch"])
        .expect("Monday's run, before publication");

    assert_eq!(
        summary,
        "ecb: up to date, nothing published after 2024-06-28"
    );
    assert_eq!(env.requested(), [DAILY], "only the smallest file is needed");
}

#[test]
fn catch_up_with_only_today_missing_reads_the_daily_file() {
    let env = Env::with_schema();
    env.run_at("2024-06-27", &["fetch", "--date", "2024-06-27"])
        .expect("Thursday");
    env.requested();

    let summary = env.run_at("2024-06-28", &["fetch"]).expect("Friday");

    assert_eq!(
        summary,
        "ecb: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.requested(), [DAILY]);
}

#[test]
fn a_range_before_the_90_day_file_moves_on_to_the_full_history() {
    let env = Env::with_schema();
    env.requested();

    // Within 85 days of today, so the 90-day file is tried first; the
    // fixture's starts on 27 May, too late, so the full history serves.
    let summary = env
        .run_at(
            "2024-07-01",
            &["fetch", "--from", "2024-05-20", "--to", "2024-05-31"],
        )
        .expect("backfill");

    assert_eq!(
        summary,
        "ecb: 10 days (2024-05-20..2024-05-31), 40 rates: 40 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.requested(), [LAST_90_DAYS, HISTORY]);
}

#[test]
fn an_old_range_goes_straight_to_the_full_history() {
    let env = Env::with_schema();
    env.requested();
    // More than 85 days back: past what the 90-day file is trusted to hold.
    let summary = env
        .run_at(
            "2024-07-01",
            &["fetch", "--from", "2024-04-01", "--to", "2024-04-19"],
        )
        .expect("backfill");
    assert_eq!(
        summary,
        "ecb: 5 days (2024-04-15..2024-04-19), 20 rates: 20 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.requested(), [HISTORY]);
}

#[test]
fn a_recent_range_reads_the_90_day_file() {
    let env = Env::with_schema();
    env.requested();
    let summary = env
        .run_at("2024-07-01", &["fetch", "--from", "2024-06-24"])
        .expect("backfill");
    assert_eq!(
        summary,
        "ecb: 5 days (2024-06-24..2024-06-28), 20 rates: 20 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(env.requested(), [LAST_90_DAYS]);
}

/// The NBU's answer for `days` (`DD.MM.YYYY`), a USD row each.
fn nbu_answer(days: &[&str]) -> Reply {
    let rows: Vec<String> = days
        .iter()
        .map(|date| {
            format!(
                r#"{{"exchangedate":"{date}","r030":840,"cc":"USD","txt":"","enname":"","rate":43.2081,"units":1,"rate_per_unit":43.2081,"group":"1","calcdate":"","special":null}}"#
            )
        })
        .collect();
    Reply::ok_json(format!("[{}]", rows.join(",")))
}

/// The NBU's request for the days `from` to `to` (`YYYYMMDD`).
fn nbu_range(from: &str, to: &str) -> String {
    format!(
        "/nbu/NBU_Exchange/exchange_site?start={from}&end={to}&sort=exchangedate&order=asc&json"
    )
}

#[test]
fn tomorrows_nbu_rate_is_fetched_when_published_and_a_catch_up_runs_to_it() {
    let env = Env::with_schema();
    env.http.route_target(
        &nbu_range("20260316", "20260316"),
        nbu_answer(&["16.03.2026"]),
    );
    let out = env
        .run_at(
            "2026-03-15",
            &["fetch", "--provider", "nbu", "--date", "2026-03-16"],
        )
        .expect("tomorrow's rate, published today");
    assert_eq!(
        out,
        "nbu: 1 day (2026-03-16), 1 rate: 1 inserted, 0 revised, 0 unchanged"
    );
    // The next day's catch-up asks from the day after the newest stored one
    // to the day after today.
    env.http.route_target(
        &nbu_range("20260317", "20260317"),
        nbu_answer(&["17.03.2026"]),
    );
    env.requested();
    let out = env
        .run_at("2026-03-16", &["fetch", "--provider", "nbu"])
        .expect("catch-up");
    assert_eq!(
        out,
        "nbu: 1 day (2026-03-17), 1 rate: 1 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets().last(),
        Some(&nbu_range("20260317", "20260317"))
    );
    let err = env
        .run_at(
            "2026-03-15",
            &["fetch", "--provider", "nbu", "--date", "2026-03-17"],
        )
        .expect_err("the day after tomorrow");
    assert_eq!(
        format!("{err:#}"),
        "--date 2026-03-17 is in the future (today is 2026-03-15, UTC)"
    );
}

/// A first run on an empty table that finds nothing in the days a provider
/// looks back over for its latest day (a long holiday) says so and exits 0:
/// nothing published is no error, whichever way it is asked for.
#[test]
fn a_first_run_with_nothing_published_lately_says_so_and_succeeds() {
    let env = Env::with_schema();
    env.http.route(
        "/boe/_iadb-fromshowcolumns.asp",
        Reply::Body {
            status: 200,
            content_type: "application/csv",
            body: b"DATE,XUDLUSS,XUDLERS,XUDLJYS\r\n".to_vec(),
        },
    );
    // The Bank of Israel's mirror has nothing routed: every request is a 404,
    // its "no results".
    for provider in ["boe", "boi"] {
        env.fetch(provider).assert().success().stdout(format!(
            "{provider}: no rates published recently, so no latest day; nothing stored\n"
        ));
    }
    let mut client = env.client();
    assert_eq!(
        count_rates(&mut client, "boe") + count_rates(&mut client, "boi"),
        0
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(provider || ' ' || ok || ' ' || days, ', ' ORDER BY id) FROM fetch_runs"
        ),
        "boe true 0, boi true 0"
    );
}
