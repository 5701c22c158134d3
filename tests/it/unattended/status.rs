//! `fxrates status`: exit 0 when the sources of `FXRATES_PROVIDER` hold a
//! fresh day and no failed fetch counts against them, 7 otherwise, in text or
//! JSON, and silently with `--quiet`.

use chrono::Days;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

use fxrates::providers::ProviderName;

use crate::common::clock::{RealToday, today};
use crate::common::env::{DAILY, Env, HISTORY};
use crate::common::http::Reply;
use crate::unattended::{message, stderr, store_rate};

#[test]
fn status_of_fresh_data_exits_0() {
    let env = Env::with_schema();
    env.run_at(
        "2024-07-01",
        &["fetch", "--from", "2024-06-27", "--to", "2024-06-28"],
    )
    .expect("fetch");

    let report = env.run_at("2024-07-01", &["status"]).expect("fresh");

    let (stored, last_fetch) = report.split_once("; last fetch ").expect(&report);
    assert_eq!(stored, "ecb: newest day 2024-06-28");
    assert!(
        last_fetch.ends_with(" UTC: ok, 2 days, 8 inserted, 0 revised, 0 unchanged"),
        "{report}"
    );
}

#[test]
fn status_through_the_binary_is_fresh_with_rows_dated_today() {
    let env = Env::with_schema();
    let mut client = env.client();
    // Fresh whether the binary takes this day or, past midnight, the next.
    let today = today();
    store_rate(&mut client, today - Days::new(1));
    store_rate(&mut client, today);

    env.fxrates()
        .arg("status")
        .assert()
        .success()
        .stdout(format!("ecb: newest day {today}; no fetch recorded\n"))
        .stderr("");
}

#[test]
fn status_counts_max_age_back_from_today() {
    let env = Env::with_schema();
    env.run_at("2024-07-01", &["fetch"]).expect("fetch");

    // 2024-07-02 minus 4 days is 2024-06-28, the newest day: still fresh.
    env.run_at("2024-07-02", &["status"]).expect("fresh");
    let err = env
        .run_at("2024-07-03", &["status"])
        .expect_err("stale")
        .to_string();
    assert_eq!(
        err,
        "ecb: newest day 2024-06-28 is older than 4d (before 2024-06-29)"
    );
    env.run_at("2024-07-05", &["status", "--max-age", "1w"])
        .expect("fresh within a week");
}

#[test]
fn status_of_stale_data_exits_7() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let today = RealToday::read();

    let stale = env
        .fxrates()
        .arg("status")
        .assert()
        .code(7)
        .stdout(predicates::str::starts_with("ecb: newest day 2024-06-28; "))
        .stdout(contains(": ok, 1 day, 30 inserted, "));
    // On a weekend or a TARGET holiday it counts from the ECB's last day
    // before, by the rule the unit tests of `Rhythm` pin.
    let ecb = ProviderName::find("ecb").expect("ecb").rhythm();
    today.assert_answer(&stderr(stale.get_output()), |day| {
        let due = ecb.due(day);
        let counted = if due == day {
            String::new()
        } else {
            format!(", counted from {due}: ecb publishes daily (TARGET business days)")
        };
        format!(
            "error: ecb: newest day 2024-06-28 is older than 4d (before {}{counted})\n",
            ecb.oldest_fresh_day("4d".parse().expect("an age"), day)
        )
    });
}

#[test]
fn status_after_a_failed_fetch_exits_7_until_a_fetch_succeeds() {
    let env = Env::with_schema();
    let mut client = env.client();
    store_rate(&mut client, today());
    env.http.route(HISTORY, Reply::status(500));
    let failed = env
        .fxrates()
        .args(["fetch", "--date", "2024-06-28"])
        .assert()
        .code(3);
    let error = message(&failed.get_output().stderr);

    env.fxrates()
        .arg("status")
        .assert()
        .code(7)
        .stdout(contains("; last fetch "))
        .stdout(contains(format!(" UTC: failed: {error}\n")))
        .stderr(contains("error: ecb: last fetch failed at "))
        .stderr(contains(format!(" UTC: {error}\n")))
        .stderr(contains("older than").not());

    // Catching up from today's row is up to date, and a success.
    env.fxrates().arg("fetch").assert().success();
    env.fxrates().arg("status").assert().success();
}

#[test]
fn status_of_an_empty_database_exits_7() {
    let env = Env::with_schema();

    env.fxrates()
        .arg("status")
        .assert()
        .code(7)
        .stdout("no rates stored yet\n")
        .stderr("error: ecb: no rates stored yet: run `fxrates fetch`\n");
}

#[test]
fn status_as_json_has_the_documented_keys() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    env.fxrates()
        .args(["clean", "--older-than", "100y"])
        .assert()
        .success();

    let stale = env
        .fxrates()
        .args(["status", "--format", "json"])
        .assert()
        .code(7);
    let json: Value = serde_json::from_slice(&stale.get_output().stdout).expect("JSON on stdout");

    // The keys docs/operations.md lists, no more and no fewer; this run
    // has no revision, whose keys `revisions.rs` holds to the list.
    let revision = "sources[].last_revision.";
    let documented: Vec<String> = documented_json_keys()
        .into_iter()
        .filter(|key| !key.starts_with(revision))
        .collect();
    assert_eq!(
        json_keys(&json),
        documented,
        "docs/operations.md lists other keys"
    );
    assert_eq!(json["sources"][0]["release"], "daily");
    assert_eq!(json["sources"][0]["week"], "TARGET business days");
    assert_eq!(json["sources"][0]["closure"], 0);
    assert_eq!(json["ok"], false);
    assert_eq!(json["max_age"], "4d");
    assert_eq!(json["checked"], serde_json::json!(["ecb"]));
    let sources = json["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 1);
    let ecb = &sources[0];
    assert_eq!(ecb["source"], "ecb");
    assert_eq!(ecb["newest_day"], "2024-06-28");
    assert_eq!(ecb["valid_until"], Value::Null);
    assert_eq!(ecb["revised_recently"], 0);
    assert_eq!(ecb["last_revision"], Value::Null);
    assert_eq!(json["revisions_window_days"], 30);
    // Counting the rows would read them all: status reads index probes only.
    assert_eq!(ecb.get("rates"), None);
    assert_eq!(ecb["fresh"], false);
    assert_eq!(ecb["checked"], true);
    let last_fetch = &ecb["last_fetch"];
    assert_eq!(last_fetch["ok"], true);
    assert_eq!(last_fetch["days"], 1);
    assert_eq!(last_fetch["inserted"], 30);
    assert_eq!(last_fetch["error"], Value::Null);
    assert!(last_fetch["finished_at"].is_string(), "{json}");
    assert_eq!(json["last_clean"]["command"], "clean");
    assert_eq!(json["last_clean"]["ok"], true);
    assert_eq!(json["last_clean"]["deleted"], 0);
    let problems = json["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .as_str()
            .is_some_and(|p| p.starts_with("ecb: newest day 2024-06-28 is older than 4d")),
        "{json}"
    );

    let fresh = env
        .run_at("2024-07-01", &["status", "--format", "json"])
        .expect("fresh");
    let json: Value = serde_json::from_str(&fresh).expect("JSON");
    assert_eq!(json["ok"], true);
    assert_eq!(json["sources"][0]["fresh"], true);
    assert_eq!(json["problems"], Value::Array(Vec::new()));
}

#[test]
fn quiet_status_prints_nothing_and_still_exits_7_when_stale() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();

    env.fxrates()
        .args(["status", "--quiet"])
        .assert()
        .code(7)
        .stdout("")
        .stderr(contains(
            "error: ecb: newest day 2024-06-28 is older than 4d",
        ));
    env.fxrates()
        .args(["status", "--quiet"])
        .env("FXRATES_MAX_AGE", "100y")
        .assert()
        .success()
        .stdout("")
        .stderr("");
}

#[test]
fn a_failed_trial_of_another_provider_is_shown_but_not_judged() {
    let env = Env::with_schema();
    env.run_at("2024-07-01", &["fetch"])
        .expect("fetch from the ECB");
    env.run_at("2024-07-01", &["fetch", "--provider", "frankfurter"])
        .expect_err("the mirror serves no Frankfurter");

    let report = env
        .run_at("2024-07-01", &["status"])
        .expect("the ECB is fresh and fine");
    let trial = report
        .lines()
        .find(|line| line.starts_with("frankfurter: "))
        .expect(&report);
    assert!(
        trial.starts_with("frankfurter: no rates stored; last fetch "),
        "{trial}"
    );
    assert!(
        trial.ends_with(" (not checked: not in FXRATES_PROVIDER)"),
        "{trial}"
    );

    let err = env
        .run_at("2024-07-01", &["status", "--provider", "ecb,frankfurter"])
        .expect_err("checked as a fallback, the failure counts")
        .to_string();
    assert!(
        err.starts_with("frankfurter: last fetch failed at "),
        "{err}"
    );
}

#[test]
fn a_fallback_failure_counts_until_the_main_source_serves_again() {
    let env = Env::with_schema();
    let chain = ["--provider", "ecb,frankfurter"];
    env.http.route(DAILY, Reply::status(500));
    env.run_at("2024-07-01", &[&["fetch"][..], &chain].concat())
        .expect_err("neither serves");
    let err = env
        .run_at("2024-07-01", &[&["status"][..], &chain].concat())
        .expect_err("both failed")
        .to_string();
    assert!(err.contains("ecb: last fetch failed at "), "{err}");
    assert!(
        err.contains("; frankfurter: last fetch failed at "),
        "{err}"
    );

    env.http
        .route(DAILY, Reply::file("ecb/eurofxref-daily.xml"));
    env.run_at("2024-07-01", &[&["fetch"][..], &chain].concat())
        .expect("the ECB serves");
    env.run_at("2024-07-01", &[&["status"][..], &chain].concat())
        .expect("the fallback is not needed any more");

    // A later failure of the main source alone (here a run by hand) does not
    // bring back the fallback's failure, which its success made moot.
    env.http.route(DAILY, Reply::status(500));
    env.run_at("2024-07-01", &["fetch", "--provider", "ecb"])
        .expect_err("the ECB fails");
    let err = env
        .run_at("2024-07-01", &[&["status"][..], &chain].concat())
        .expect_err("the main source failed")
        .to_string();
    assert!(err.starts_with("ecb: last fetch failed at "), "{err}");
    assert!(!err.contains("frankfurter"), "{err}");
}

#[test]
fn a_fallback_with_old_rates_leaves_a_fresh_chain_fresh() {
    let env = Env::with_schema();
    env.run_at("2024-07-01", &["fetch"])
        .expect("fetch from the ECB");
    env.client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate)
             VALUES ('frankfurter', '2024-01-02', 'EUR', 'USD', 1.0956)",
        )
        .expect("an old Frankfurter day");

    env.run_at("2024-07-01", &["status", "--provider", "ecb,frankfurter"])
        .expect("fresh through the ECB");
    let err = env
        .run_at("2024-07-01", &["status", "--provider", "frankfurter"])
        .expect_err("Frankfurter alone is stale")
        .to_string();
    assert_eq!(
        err,
        "frankfurter: newest day 2024-01-02 is older than 4d (before 2024-06-27)"
    );
}

/// Regression: a run that gave up waiting for the lock (exit 6) while the
/// run holding it succeeded left `status` at exit 7, because the run that
/// gave up had started last. Status judges by what finished, and a run
/// that gave way is no failure of the source.
#[test]
fn a_run_that_gave_way_to_another_is_no_failure() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let mut holder = env.client();
    holder
        .execute(crate::unattended::LOCK_FETCH, &[])
        .expect("take the fetch lock");
    env.fxrates()
        .args(["fetch", "--lock-timeout", "1s"])
        .assert()
        .code(6);
    holder
        .batch_execute("SELECT pg_advisory_unlock_all()")
        .expect("release the lock");
    // The successful run started before the one that gave way, and
    // finished after it, as the holder of the lock does.
    holder
        .batch_execute(
            "UPDATE fetch_runs AS held SET started_at = gave.started_at - interval '1 minute',
                                          finished_at = gave.finished_at + interval '1 second'
               FROM fetch_runs AS gave
              WHERE held.ok AND gave.gave_way",
        )
        .expect("date the runs");
    let recorded: i64 = holder
        .query_one(
            "SELECT count(*) FROM fetch_runs WHERE gave_way AND NOT ok",
            &[],
        )
        .expect("count")
        .get(0);
    assert_eq!(recorded, 1, "the run that gave way is recorded");

    env.fxrates()
        .args(["status", "--max-age", "100y"])
        .assert()
        .success()
        .stdout(contains(": ok, 1 day, 30 inserted, "));
}

/// FRED's H.10 comes on Mondays with the week before: mid-week its newest
/// day is the Friday before last, and that is fresh; a daily source with
/// the same day is not.
#[test]
fn a_weekly_source_is_judged_from_the_end_of_the_week_its_release_covers() {
    let env = Env::with_schema();
    env.client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
               ('fred', '2026-03-13', 'USD', 'JPY', 159.54),
               ('ecb', '2026-03-13', 'EUR', 'USD', 1.1456)",
        )
        .expect("a Friday of each");
    let status = |today: &str, provider: &str| {
        env.run_at(today, &["status", "--provider", provider])
            .map_err(|err| err.to_string())
    };

    // Thursday 2026-03-19: Monday's release covers up to Sunday 03-15.
    let report = status("2026-03-19", "fred").expect("fred is fresh");
    assert!(
        report
            .lines()
            .any(|line| line == "fred: newest day 2026-03-13; no fetch recorded"),
        "{report}"
    );
    assert_eq!(
        status("2026-03-19", "ecb").expect_err("a daily source is stale"),
        "ecb: newest day 2026-03-13 is older than 4d (before 2026-03-15)"
    );
    // The next release, on Monday 03-23, is due from Wednesday on.
    status("2026-03-24", "fred").expect("still fresh on Tuesday");
    assert_eq!(
        status("2026-03-25", "fred").expect_err("stale"),
        "fred: newest day 2026-03-13 is older than 4d (before 2026-03-16, \
         counted from 2026-03-20: fred publishes weekly, on Mondays (Monday to Friday))"
    );
    status("2026-03-19", "ecb,fred").expect("the chain is fresh through fred");

    let json = env
        .run_at(
            "2026-03-19",
            &["status", "--provider", "fred", "--format", "json"],
        )
        .expect("fresh");
    let json: Value = serde_json::from_str(&json).expect("JSON");
    let fred = json["sources"]
        .as_array()
        .and_then(|all| all.iter().find(|source| source["source"] == "fred"))
        .expect("fred listed");
    assert_eq!(fred["fresh"], true);
    // Its newest day can be a Friday at best: counted from the 13th.
    assert_eq!(fred["due_day"], "2026-03-13");
    assert_eq!(fred["oldest_fresh_day"], "2026-03-09");
    assert_eq!(fred["release"], "weekly, on Mondays");
    assert_eq!(json["oldest_fresh_day"], "2026-03-15");
}

/// A publisher's holidays are no staleness: the TCMB's nine-day bridge over
/// Kurban Bayramı 2026 (Saturday 23 May to Sunday 31 May) leaves its Friday
/// bulletin fresh until the week after, within its closure; the ECB's
/// Thursday before Easter is fresh on the Tuesday after, TARGET's Good
/// Friday and Easter Monday not counting towards `--max-age`.
#[test]
fn a_publishers_holidays_are_no_staleness() {
    let env = Env::with_schema();
    env.client()
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
               ('tcmb', '2026-05-22', 'USD', 'TRY', 38.6010),
               ('ecb', '2026-04-02', 'EUR', 'USD', 1.1456)",
        )
        .expect("a last day before each closure");
    let status = |today: &str, provider: &str| {
        env.run_at(today, &["status", "--provider", provider])
            .map_err(|err| err.to_string())
    };

    for today in ["2026-05-27", "2026-06-01", "2026-06-03"] {
        status(today, "tcmb").expect(today);
    }
    assert_eq!(
        status("2026-06-04", "tcmb").expect_err("stale"),
        "tcmb: newest day 2026-05-22 is older than 4d (before 2026-05-23, \
         counted from 2026-05-27: tcmb publishes daily (Monday to Friday, \
         closures of up to 6 days allowed))"
    );
    status("2026-04-07", "ecb").expect("fresh over Easter");
    assert_eq!(
        status("2026-04-08", "ecb").expect_err("stale"),
        "ecb: newest day 2026-04-02 is older than 4d (before 2026-04-03)"
    );

    let json = env
        .run_at(
            "2026-06-01",
            &["status", "--provider", "tcmb", "--format", "json"],
        )
        .expect("fresh");
    let json: Value = serde_json::from_str(&json).expect("JSON");
    let tcmb = json["sources"]
        .as_array()
        .and_then(|all| all.iter().find(|source| source["source"] == "tcmb"))
        .expect("tcmb listed");
    assert_eq!(tcmb["fresh"], true);
    assert_eq!(tcmb["due_day"], "2026-05-22");
    assert_eq!(tcmb["oldest_fresh_day"], "2026-05-18");
    assert_eq!(tcmb["week"], "Monday to Friday");
    assert_eq!(tcmb["closure"], 6);
}

/// The keys of `status --format json` as docs/operations.md lists them, in
/// the table between `<!-- keys of status --format json -->` and `<!-- end
/// of keys -->`: `sources[].newest_day` for a key of each source, sorted.
pub fn documented_json_keys() -> Vec<String> {
    let doc = include_str!("../../../docs/operations.md");
    let (_, table) = doc
        .split_once("<!-- keys of status --format json -->\n")
        .expect("the table of JSON keys in docs/operations.md");
    let (table, _) = table.split_once("<!-- end of keys -->").expect("its end");
    let mut keys: Vec<String> = table
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .map(|line| {
            line.split_once('`')
                .expect("a key in backquotes")
                .0
                .to_owned()
        })
        .collect();
    keys.sort();
    keys
}

/// Every key of `json`, named as [`documented_json_keys`] names them: an
/// array of objects as `name[]`, its first element's keys below it, and
/// the keys of each object below its own; sorted.
pub fn json_keys(json: &Value) -> Vec<String> {
    fn walk(value: &Value, prefix: &str, keys: &mut Vec<String>) {
        let Some(object) = value.as_object() else {
            return;
        };
        for (key, value) in object {
            match value {
                Value::Array(items) => {
                    let name = format!("{prefix}{key}[]");
                    if let Some(first) = items.first() {
                        walk(first, &format!("{name}."), keys);
                    }
                    keys.push(name);
                }
                value => {
                    keys.push(format!("{prefix}{key}"));
                    walk(value, &format!("{prefix}{key}."), keys);
                }
            }
        }
    }
    let mut keys = Vec::new();
    walk(json, "", &mut keys);
    keys.sort();
    keys
}
