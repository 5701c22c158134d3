//! `fxrates status` as Prometheus metrics: `--format openmetrics` prints
//! them and `--metrics-file` writes them whole (even when stale), both
//! checked by `promtool check metrics`, with the exit codes of `status`
//! unchanged; and the alert rules of `deploy/prometheus` checked and tested
//! by `promtool`.

use std::path::Path;
use std::process::{Command, Stdio};

use predicates::prelude::*;
use predicates::str::{contains, starts_with};

use crate::common::clock::today;
use crate::common::env::{Env, HISTORY};
use crate::common::http::Reply;
use crate::unattended::{message, stderr, stdout, store_rate};

/// Runs `promtool ARGS` with `input` on stdin, and fails the test with
/// promtool's output unless it succeeds. promtool comes with Debian's
/// `prometheus` package, which `scripts/test.sh` installs when missing.
fn promtool(args: &[&str], input: &str) {
    let mut child = Command::new("promtool")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| {
            panic!(
                "cannot run promtool ({err}): run scripts/test.sh, which installs it \
                 (Debian's prometheus package), or put it on PATH"
            )
        });
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(input.as_bytes())
            .expect("write to promtool");
    }
    let output = child.wait_with_output().expect("wait for promtool");
    assert!(
        output.status.success(),
        "promtool {args:?} refused ({}):\n{}{}\n--- input ---\n{input}",
        output.status,
        stdout(&output),
        stderr(&output)
    );
}

/// Checks `text` as node_exporter's textfile collector and Prometheus would
/// read it: parsed by Prometheus's text parser, and lint-clean (names, help,
/// units).
fn check_metrics(text: &str) {
    assert!(text.ends_with("\n# EOF\n"), "no # EOF at the end:\n{text}");
    promtool(&["check", "metrics"], text);
}

/// The value of the one sample of `text` named `series` (name and labels).
fn value<'a>(text: &'a str, series: &str) -> &'a str {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no {series} in:\n{text}"))
}

/// The names of the entries of `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the directory")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

const ECB: &str = r#"{chain="ecb",source="ecb"}"#;

#[test]
fn openmetrics_of_a_fresh_chain_at_a_fixed_time() {
    let env = Env::with_schema();
    env.run_at("2024-07-01", &["fetch"]).expect("fetch");

    let text = env
        .run_at("2024-07-01", &["status", "--format", "openmetrics"])
        .expect("fresh")
        + "\n";

    check_metrics(&text);
    // Noon on 2024-07-01, and the start of 2024-06-28 three and a half days before.
    let chain = r#"{chain="ecb"}"#;
    assert_eq!(
        value(&text, &format!("fxrates_status_timestamp_seconds{chain}")),
        "1719835200"
    );
    assert_eq!(value(&text, &format!("fxrates_status_ok{chain}")), "1");
    assert_eq!(value(&text, &format!("fxrates_chain_fresh{chain}")), "1");
    assert_eq!(value(&text, &format!("fxrates_source_fresh{ECB}")), "1");
    assert_eq!(
        value(
            &text,
            &format!("fxrates_source_newest_day_timestamp_seconds{ECB}")
        ),
        "1719532800"
    );
    assert_eq!(
        value(
            &text,
            &format!("fxrates_source_newest_day_age_seconds{ECB}")
        ),
        "302400"
    );
    assert_eq!(
        value(&text, &format!("fxrates_source_fetch_failing{ECB}")),
        "0"
    );
    assert_eq!(
        value(&text, &format!("fxrates_source_last_fetch_success{ECB}")),
        "1"
    );
    assert_eq!(
        value(
            &text,
            r#"fxrates_source_last_fetch_rows{chain="ecb",source="ecb",result="inserted"}"#
        ),
        "30"
    );
    // No clean has run: no clean series.
    assert!(!text.contains("fxrates_clean_"), "{text}");
}

#[test]
fn openmetrics_of_fresh_data_exit_0_through_the_binary() {
    let env = Env::with_schema();
    store_rate(&mut env.client(), today());

    let output = env
        .fxrates()
        .args(["status", "--format", "openmetrics"])
        .assert()
        .success()
        .stderr("");
    let text = stdout(output.get_output());

    check_metrics(&text);
    assert_eq!(value(&text, r#"fxrates_status_ok{chain="ecb"}"#), "1");
    assert_eq!(value(&text, &format!("fxrates_source_fresh{ECB}")), "1");
    // Nothing fetched: no fetch series.
    assert!(!text.contains("last_fetch"), "{text}");
}

#[test]
fn openmetrics_of_stale_data_exit_7() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    env.fxrates()
        .args(["clean", "--older-than", "100y"])
        .assert()
        .success();

    let output = env
        .fxrates()
        .args(["status", "--format", "openmetrics"])
        .assert()
        .code(7)
        .stderr(starts_with(
            "error: ecb: newest day 2024-06-28 is older than 4d",
        ));
    let text = stdout(output.get_output());

    check_metrics(&text);
    assert_eq!(value(&text, r#"fxrates_status_ok{chain="ecb"}"#), "0");
    assert_eq!(value(&text, r#"fxrates_chain_fresh{chain="ecb"}"#), "0");
    assert_eq!(value(&text, &format!("fxrates_source_fresh{ECB}")), "0");
    assert_eq!(
        value(&text, &format!("fxrates_source_fetch_failing{ECB}")),
        "0"
    );
    assert_eq!(
        value(
            &text,
            &format!("fxrates_source_newest_day_timestamp_seconds{ECB}")
        ),
        "1719532800"
    );
    assert_eq!(
        value(&text, r#"fxrates_clean_last_run_success{chain="ecb"}"#),
        "1"
    );
    assert_eq!(
        value(&text, r#"fxrates_clean_last_run_deleted_rows{chain="ecb"}"#),
        "0"
    );
}

#[test]
fn openmetrics_after_a_failed_fetch_exit_7() {
    let env = Env::with_schema();
    store_rate(&mut env.client(), today());
    env.http.route(HISTORY, Reply::status(500));
    let failed = env
        .fxrates()
        .args(["fetch", "--date", "2024-06-28"])
        .assert()
        .code(3);
    let error = message(&failed.get_output().stderr);

    let output = env
        .fxrates()
        .args([
            "status",
            "--format",
            "openmetrics",
            "--provider",
            "ecb,frankfurter",
        ])
        .assert()
        .code(7)
        .stderr(contains("error: ecb: last fetch failed at "));
    let text = stdout(output.get_output());

    check_metrics(&text);
    let chain = r#"{chain="ecb,frankfurter"}"#;
    let ecb = r#"{chain="ecb,frankfurter",source="ecb"}"#;
    let frankfurter = r#"{chain="ecb,frankfurter",source="frankfurter"}"#;
    assert_eq!(value(&text, &format!("fxrates_status_ok{chain}")), "0");
    assert_eq!(value(&text, &format!("fxrates_chain_fresh{chain}")), "1");
    assert_eq!(
        value(&text, &format!("fxrates_source_fetch_failing{ecb}")),
        "1"
    );
    assert_eq!(
        value(&text, &format!("fxrates_source_last_fetch_success{ecb}")),
        "0"
    );
    // Frankfurter, the fallback, has nothing stored and never ran.
    assert_eq!(
        value(&text, &format!("fxrates_source_fresh{frankfurter}")),
        "0"
    );
    assert_eq!(
        value(&text, &format!("fxrates_source_fetch_failing{frankfurter}")),
        "0"
    );
    // The error is in fetch_runs and on stderr, never in a label.
    assert!(!text.contains(&error), "{text}");
}

#[test]
fn the_metrics_file_is_written_whole_when_stale_beside_the_text_report() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("fxrates.prom");
    std::fs::write(&path, "# an old file\n").expect("an old file");

    env.fxrates()
        .args(["status", "--metrics-file"])
        .arg(&path)
        .assert()
        .code(7)
        .stdout(starts_with("ecb: newest day 2024-06-28; last fetch "))
        .stderr(starts_with(
            "error: ecb: newest day 2024-06-28 is older than 4d",
        ));

    let written = std::fs::read_to_string(&path).expect("the metrics file");
    check_metrics(&written);
    assert_eq!(listing(dir.path()), ["fxrates.prom"]);
    assert_eq!(value(&written, r#"fxrates_status_ok{chain="ecb"}"#), "0");
    // The same metrics as --format openmetrics prints, but for the time.
    let printed = env
        .fxrates()
        .args(["status", "--format", "openmetrics"])
        .output()
        .expect("run status");
    let timeless = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|line| {
                !line.starts_with("fxrates_status_timestamp_seconds")
                    && !line.starts_with("fxrates_source_newest_day_age_seconds")
            })
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(timeless(&written), timeless(&stdout(&printed)));
}

#[test]
fn quiet_status_writes_the_file_named_by_the_variable_and_prints_nothing() {
    let env = Env::with_schema();
    store_rate(&mut env.client(), today());
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("fxrates.prom");

    env.fxrates()
        .args(["status", "--quiet"])
        .env("FXRATES_METRICS_FILE", &path)
        .assert()
        .success()
        .stdout("")
        .stderr("");

    let written = std::fs::read_to_string(&path).expect("the metrics file");
    check_metrics(&written);
    assert_eq!(value(&written, r#"fxrates_status_ok{chain="ecb"}"#), "1");
    assert_eq!(listing(dir.path()), ["fxrates.prom"]);
}

#[test]
fn a_metrics_file_that_cannot_be_written_exits_2_and_leaves_nothing() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let dir = tempfile::tempdir().expect("a directory");

    // No such directory: exit 2, even though the data is stale too.
    let missing = dir.path().join("missing/fxrates.prom");
    env.fxrates()
        .args(["status", "--quiet", "--metrics-file"])
        .arg(&missing)
        .assert()
        .code(2)
        .stdout("")
        .stderr(starts_with(format!(
            "error: cannot write the metrics file {} (--metrics-file): creating ",
            missing.display()
        )))
        .stderr(contains("No such file or directory"))
        .stderr(predicate::function(|err: &str| err.lines().count() == 1));

    // A directory in the way: the rename fails, and the temporary file goes.
    let taken = dir.path().join("taken.prom");
    std::fs::create_dir(&taken).expect("a directory in the way");
    env.fxrates()
        .args(["status", "--quiet", "--metrics-file"])
        .arg(&taken)
        .assert()
        .code(2)
        .stderr(starts_with(format!(
            "error: cannot write the metrics file {} (--metrics-file): renaming ",
            taken.display()
        )));
    assert_eq!(listing(dir.path()), ["taken.prom"]);

    // Nor is an empty name a file.
    env.fxrates()
        .args(["status", "--quiet"])
        .env("FXRATES_METRICS_FILE", "")
        .assert()
        .code(2)
        .stderr(contains("FXRATES_METRICS_FILE"));
}

#[test]
fn the_alert_rules_pass_promtool_and_their_tests() {
    promtool(
        &["check", "rules", "deploy/prometheus/fxrates.rules.yml"],
        "",
    );
    promtool(
        &["test", "rules", "deploy/prometheus/fxrates.rules.test.yml"],
        "",
    );
}
