//! Corrections kept: a figure a later fetch finds changed is rewritten in
//! `rates` and its old figure kept in `rate_revisions`, naming the
//! `fetch_runs` row of the run that saw it; `fx_rate_as_known` answers what
//! was read before; `status` and the metrics name the revisions; a dry run
//! keeps none; `clean` prunes them with their rates.

use crate::common::env::{Env, HISTORY, fixture, scalar};
use crate::common::http::Reply;
use crate::unattended::status::{documented_json_keys, json_keys};

/// The ECB's 2024-06-28 stored, then its USD rate corrected in the history
/// file from 1.0705 to 1.0710 and the day fetched again: the summary line
/// of that second run.
fn corrected(env: &Env, dry_run: bool) -> String {
    env.fxrates().arg("fetch").assert().success();
    let history =
        fixture("ecb/eurofxref-hist.xml").replacen("rate=\"1.0705\"", "rate=\"1.0710\"", 1);
    env.http.route(HISTORY, Reply::ok_xml(history));
    let mut fetch = env.fxrates();
    fetch.args(["fetch", "--date", "2024-06-28"]);
    if dry_run {
        fetch.arg("--dry-run");
    }
    let output = fetch.output().expect("fetch");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_corrected_figure_is_kept_with_the_run_that_saw_it() {
    let env = Env::with_schema();
    let summary = corrected(&env, false);
    assert_eq!(
        summary,
        "ecb: 1 day (2024-06-28), 4 rates: 0 inserted, 1 revised, 3 unchanged\n"
    );
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(concat_ws(' ', v.source, v.rate_date, v.base, v.quote, v.series,
                                         v.old_unit, v.old_rate, v.unit, v.rate,
                                         v.run_id = (SELECT max(id) FROM fetch_runs),
                                         v.old_fetched_at < v.seen_at), '; ')
               FROM rate_revisions v"
        ),
        "ecb 2024-06-28 EUR USD mid 1 1.0705 1 1.0710 t t"
    );
    // The run that saw it recorded it among its rows.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT concat_ws(' ', f.ok, f.updated) FROM fetch_runs f
               JOIN rate_revisions v ON v.run_id = f.id"
        ),
        "t 1"
    );
    // Read now, the corrected figure; as known before the correction, the
    // one booked then, and its crosses with it.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT concat_ws(' ',
                        fx_rate('EUR', 'USD', '2024-06-28', 'ecb'),
                        fx_rate_as_known('EUR', 'USD', '2024-06-30', v.seen_at - interval '1 microsecond', 'ecb'),
                        fx_rate_as_known('USD', 'EUR', '2024-06-28', v.seen_at - interval '1 microsecond', 'ecb')
                            = 1 / 1.0705,
                        fx_rate_as_known('eur', 'usd', '2024-06-28', v.seen_at, 'ecb'),
                        coalesce(fx_rate_as_known('EUR', 'USD', '2024-06-28', v.old_fetched_at - interval '1 day',
                                                  'ecb')::text, 'NULL'))
               FROM rate_revisions v"
        ),
        "1.0710 1.0705 t 1.0710 NULL"
    );
}

#[test]
fn status_and_the_metrics_name_the_revisions() {
    let env = Env::with_schema();
    corrected(&env, false);
    let status = env
        .fxrates()
        .args(["status", "--max-age", "100y"])
        .output()
        .expect("status");
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains(
            "; 1 figure revised in the last 30 days, the newest 2024-06-28 1 EUR = 1.0705 → 1.0710 USD (seen "
        ),
        "{text}"
    );
    let json = env
        .fxrates()
        .args(["status", "--max-age", "100y", "--format", "json"])
        .output()
        .expect("status");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let ecb = &json["sources"][0];
    assert_eq!(ecb["revised_recently"], 1);
    assert_eq!(ecb["last_revision"]["old_rate"], "1.0705");
    // The revision's keys are those docs/operations.md lists.
    let revision = "sources[].last_revision.";
    let documented: Vec<String> = documented_json_keys()
        .into_iter()
        .filter(|key| key.starts_with(revision))
        .collect();
    let keys: Vec<String> = json_keys(&json)
        .into_iter()
        .filter(|key| key.starts_with(revision))
        .collect();
    assert_eq!(keys, documented, "docs/operations.md lists other keys");
    assert_eq!(ecb["last_revision"]["rate"], "1.0710");
    let metrics = env
        .fxrates()
        .args(["status", "--max-age", "100y", "--format", "openmetrics"])
        .output()
        .expect("status");
    assert!(
        String::from_utf8_lossy(&metrics.stdout)
            .contains("fxrates_source_revised_figures{chain=\"ecb\",source=\"ecb\"} 1\n"),
        "{metrics:?}"
    );
}

#[test]
fn a_dry_run_keeps_no_revision_and_a_change_by_hand_is_kept_without_a_run() {
    let env = Env::with_schema();
    let summary = corrected(&env, true);
    assert!(summary.contains("would insert 0, revise 1,"), "{summary}");
    let mut client = env.client();
    assert_eq!(
        scalar(&mut client, "SELECT count(*) FROM rate_revisions"),
        "0"
    );
    client
        .batch_execute(
            "UPDATE rates SET rate = 1.0711 WHERE source = 'ecb' AND rate_date = '2024-06-28'
                AND quote = 'USD'",
        )
        .expect("a correction by hand");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT concat_ws(' ', old_rate, rate, coalesce(run_id::text, 'no run'))
               FROM rate_revisions"
        ),
        "1.0705 1.0711 no run"
    );
}

#[test]
fn clean_prunes_the_revisions_of_the_rates_it_deletes() {
    let env = Env::with_schema();
    corrected(&env, false);
    let mut client = env.client();
    client
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate)
             VALUES ('ecb', '2024-08-01', 'EUR', 'USD', 1.0800)",
        )
        .expect("a newer day");
    env.run_at("2024-08-01", &["clean", "--older-than", "10d"])
        .expect("clean");
    assert_eq!(
        scalar(&mut client, "SELECT count(*) FROM rate_revisions"),
        "0"
    );
}
