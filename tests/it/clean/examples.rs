//! The shipped examples keep the history books are kept by: every line of
//! crontab.example, the README, `scripts/quickstart.sh`, the top-level
//! `--help`, the systemd unit and environment file and the Kubernetes
//! ConfigMap and CronJob that sets a retention window either names the
//! sources it prunes (`--source`, `FXRATES_CLEAN_SOURCE`) or keeps at least
//! ten years, the record period tax law commonly asks for.
//!
//! Regression: every one of them pruned every source to one month, and the
//! night after a full backfill a clean left last quarter's invoices
//! without a rate. Nothing here needs a database.

use assert_cmd::Command;
use fxrates::calendar::Age;

use crate::common::env::day;

/// The shortest window an example may prune every source to.
const RECORD_PERIOD: Age = Age::Years(10);

/// The files that set up `clean`, from the top of the checkout.
const EXAMPLES: [&str; 7] = [
    "crontab.example",
    "README.md",
    "scripts/quickstart.sh",
    "scripts/systemd/fxrates-clean.service",
    "scripts/systemd/fxrates.env.example",
    "deploy/kubernetes/configmap.yaml",
    "deploy/kubernetes/cronjob-clean.yaml",
];

/// A retention window an example sets, and where.
struct Window {
    line: String,
    age: Age,
    /// The line names the sources it prunes.
    names_sources: bool,
}

/// Whether `age` keeps at least [`RECORD_PERIOD`] whatever the day: its
/// cutoff is never later (none at all, before the year 1, keeps all).
fn keeps_the_record_period(age: Age) -> bool {
    ["2024-02-29", "2025-12-31", "2026-01-01", "2026-03-31"]
        .into_iter()
        .map(day)
        .all(|today| age.cutoff(today) <= RECORD_PERIOD.cutoff(today))
}

/// The word after each `key` in `line`, past the `=`, `:`, quotes,
/// backquotes, commas and blanks between them: `--older-than 1m`, `"--older-than", "1m"`,
/// `FXRATES_OLDER_THAN=1m`, `FXRATES_OLDER_THAN: "1m"`.
fn values_after<'a>(line: &'a str, key: &str) -> Vec<&'a str> {
    let separators = |c: char| c.is_whitespace() || "=:\"'`,".contains(c);
    line.match_indices(key)
        .map(|(at, _)| {
            let rest = line[at + key.len()..].trim_start_matches(separators);
            rest.split(|c: char| c.is_whitespace() || "\"'`,]".contains(c))
                .next()
                .unwrap_or_default()
        })
        .collect()
}

/// Every retention window `text` sets, in use or commented out: an AGE
/// after `--older-than` or `FXRATES_OLDER_THAN` (prose that names them is
/// followed by no AGE). A dry run deletes nothing, so its line sets none.
fn windows(text: &str) -> Vec<Window> {
    text.lines()
        .filter(|line| !line.contains("--dry-run"))
        .flat_map(|line| {
            let names_sources = line.contains("--source") || line.contains("FXRATES_CLEAN_SOURCE");
            ["--older-than", "FXRATES_OLDER_THAN"]
                .into_iter()
                .flat_map(|key| values_after(line, key))
                .filter_map(|value| value.parse().ok())
                .map(move |age| Window {
                    line: line.trim().to_owned(),
                    age,
                    names_sources,
                })
        })
        .collect()
}

/// Whether `text` sets `FXRATES_CLEAN_SOURCE` on a line in use: then every
/// window it sets is that of the sources named.
fn sets_clean_source(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        !line.starts_with('#')
            && values_after(line, "FXRATES_CLEAN_SOURCE")
                .iter()
                .any(|v| !v.is_empty())
    })
}

/// The windows of `text` that prune every source to less than the record
/// period.
fn too_short(text: &str) -> Vec<Window> {
    if sets_clean_source(text) {
        return Vec::new();
    }
    windows(text)
        .into_iter()
        .filter(|window| !window.names_sources && !keeps_the_record_period(window.age))
        .collect()
}

fn read(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|err| panic!("{}: {err}", full.display()))
}

#[test]
fn no_shipped_example_prunes_every_source_to_less_than_ten_years() {
    let help = Command::cargo_bin("fxrates")
        .expect("the binary")
        .arg("--help")
        .output()
        .expect("run fxrates --help");
    let mut texts: Vec<(String, String)> = EXAMPLES
        .iter()
        .map(|path| ((*path).to_owned(), read(path)))
        .collect();
    // Prose, wrapped to the terminal: one line, so that no AGE is cut off
    // its option.
    texts.push((
        "fxrates --help".to_owned(),
        String::from_utf8_lossy(&help.stdout).replace('\n', " "),
    ));
    for (what, text) in &texts {
        // A file that sets no window any more would pass unread.
        assert!(!windows(text).is_empty(), "{what}: no clean window found");
        let short: Vec<String> = too_short(text)
            .into_iter()
            .map(|window| window.line)
            .collect();
        assert!(
            short.is_empty(),
            "{what} prunes every source to less than {RECORD_PERIOD}: {short:#?}"
        );
    }
}

#[test]
fn the_check_of_the_examples_finds_a_short_window_in_any_form() {
    for short in [
        "15 3 * * *     fxrates clean --older-than 1m --quiet",
        "# 15 3 * * *   fxrates clean --quiet --older-than=9y",
        "Environment=FXRATES_OLDER_THAN=3650d",
        "# FXRATES_OLDER_THAN=1m",
        "  FXRATES_OLDER_THAN: \"1m\"",
        "              args: [\"clean\", \"--older-than\", \"1m\"]",
    ] {
        assert_eq!(too_short(short).len(), 1, "{short:?} passed");
    }
    for kept in [
        "15 3 * * *     fxrates clean --older-than 10y --quiet",
        "20 3 * * *     fxrates clean --source oxr --older-than 1m --quiet",
        "  FXRATES_OLDER_THAN: \"120m\"",
        "              args: [\"clean\", \"--source\", \"oxr\", \"--older-than\", \"1m\"]",
        "FXRATES_CLEAN_SOURCE=oxr\nFXRATES_OLDER_THAN=1m",
        "fxrates clean --older-than 90d --dry-run",
    ] {
        assert_eq!(too_short(kept).len(), 0, "{kept:?} refused");
    }
    // Commented out, FXRATES_CLEAN_SOURCE does not hold for the file.
    assert_eq!(
        too_short("# FXRATES_CLEAN_SOURCE=oxr\nFXRATES_OLDER_THAN=1m").len(),
        1
    );
}
