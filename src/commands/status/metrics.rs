//! The status report as Prometheus metrics: `status --format openmetrics`
//! prints them, `--metrics-file` writes them ([`super::metrics_file`]) for
//! node_exporter's textfile collector.
//!
//! The text is an OpenMetrics exposition (it ends with `# EOF`) that
//! Prometheus's own text format parser reads as well, which is the parser
//! of `promtool check metrics` and of the textfile collector: every family
//! is a gauge, `# UNIT` and `# EOF` are comments to that parser, there are
//! no blank lines and no sample timestamps, and help texts need no escape
//! (the two formats escape help differently). Label values are escaped as
//! both formats escape them.
//!
//! Every series carries `chain`, the sources the report judges (`ecb` or
//! `ecb,frankfurter`): a host that runs one `status` per chain writes one
//! file per chain, and node_exporter refuses a series found in two files.
//! Per source there is a series for each checked source only; one with
//! nothing stored has no newest-day series, one never fetched no fetch
//! series. Times are Unix seconds; a day is the midnight (UTC) it starts at.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{
    StatusOptions, StatusReport, chain_is_fresh, checked, counted_failure, is_fresh, problems,
};
use crate::store::{RunRecord, SourceStatus};

/// One metric family: its name, what it means, and its samples.
struct Family {
    name: &'static str,
    help: &'static str,
    /// The unit the name ends with, for OpenMetrics' `# UNIT`.
    unit: Option<&'static str>,
    samples: Vec<(Vec<(&'static str, String)>, i64)>,
}

impl Family {
    fn new(name: &'static str, help: &'static str) -> Family {
        Family {
            name,
            help,
            unit: None,
            samples: Vec::new(),
        }
    }

    /// A family of times or durations in seconds.
    fn seconds(name: &'static str, help: &'static str) -> Family {
        Family {
            unit: Some("seconds"),
            ..Family::new(name, help)
        }
    }

    fn add(&mut self, labels: &[(&'static str, &str)], value: i64) {
        let labels = labels
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect();
        self.samples.push((labels, value));
    }

    fn write(&self, out: &mut String) {
        if self.samples.is_empty() {
            return;
        }
        let name = self.name;
        let _ = writeln!(out, "# HELP {name} {}", self.help);
        let _ = writeln!(out, "# TYPE {name} gauge");
        if let Some(unit) = self.unit {
            let _ = writeln!(out, "# UNIT {name} {unit}");
        }
        for (labels, value) in &self.samples {
            let labels: Vec<String> = labels
                .iter()
                .map(|(label, value)| format!("{label}=\"{}\"", escape_label_value(value)))
                .collect();
            let _ = writeln!(out, "{name}{{{}}} {value}", labels.join(","));
        }
    }
}

/// `report` as a whole OpenMetrics exposition, ending with `# EOF` and a
/// line break. Ages are counted back from the report's `now`.
pub fn render(report: &StatusReport) -> String {
    let now = report.options.now;
    let chains: Vec<(String, StatusOptions)> = report
        .options
        .each_chain()
        .map(|options| (options.checked.join(","), options))
        .collect();
    let mut verdicts = ChainFamilies::new();
    let mut sources = SourceFamilies::new();
    let mut clean = CleanFamilies::new();
    for (chain, options) in &chains {
        let checked = checked(&report.sources, options);
        // With several chains each has its own verdict: this one's problems.
        let chain_ok = match chains.len() {
            1 => report.problems.is_empty(),
            _ => problems(&report.sources, options).is_empty(),
        };
        verdicts.add(chain, now, chain_ok, chain_is_fresh(&checked, options));
        sources.add(chain, now, options, &checked);
        if let Some(run) = &report.last_clean {
            clean.add(chain, run);
        }
    }
    let mut out = String::new();
    for family in verdicts
        .into_families()
        .into_iter()
        .chain(sources.into_families())
        .chain(clean.into_families())
    {
        family.write(&mut out);
    }
    out.push_str("# EOF\n");
    out
}

/// The families of each chain's verdict.
struct ChainFamilies {
    reported: Family,
    ok: Family,
    fresh: Family,
}

impl ChainFamilies {
    fn new() -> ChainFamilies {
        ChainFamilies {
            reported: Family::seconds(
                "fxrates_status_timestamp_seconds",
                "When fxrates status made this report.",
            ),
            ok: Family::new(
                "fxrates_status_ok",
                "1 when status exits 0: the chain holds a fresh day and no failed fetch counts \
                 against it; 0 when it exits 7.",
            ),
            fresh: Family::new(
                "fxrates_chain_fresh",
                "1 when a source of the chain holds a fresh day (--max-age, by its publisher's week).",
            ),
        }
    }

    fn add(&mut self, chain: &str, now: DateTime<Utc>, ok: bool, fresh: bool) {
        let labels = [("chain", chain)];
        self.reported.add(&labels, now.timestamp());
        self.ok.add(&labels, i64::from(ok));
        self.fresh.add(&labels, i64::from(fresh));
    }

    fn into_families(self) -> [Family; 3] {
        [self.reported, self.ok, self.fresh]
    }
}

/// The families of each checked source of a chain.
struct SourceFamilies {
    fresh: Family,
    newest_day: Family,
    age: Family,
    failing: Family,
    fetch_ok: Family,
    fetch_time: Family,
    fetch_rows: Family,
    revised: Family,
    success_time: Family,
}

impl SourceFamilies {
    fn new() -> SourceFamilies {
        SourceFamilies {
            fresh: Family::new(
                "fxrates_source_fresh",
                "1 when the newest day stored for the source is fresh: no older than the maximum age \
                 (--max-age), in days of its publisher's week, allowing for its closures.",
            ),
            newest_day: Family::seconds(
                "fxrates_source_newest_day_timestamp_seconds",
                "Start (00:00 UTC) of the newest day stored for the source.",
            ),
            age: Family::seconds(
                "fxrates_source_newest_day_age_seconds",
                "Age of the newest day stored for the source when the report was made: its time \
                 minus the start of the day. Alert on the timestamp instead: this age stays as \
                 written until the next report.",
            ),
            failing: Family::new(
                "fxrates_source_fetch_failing",
                "1 when the last fetch of the source failed and counts against the chain (no \
                 source ahead of it has fetched since): status exits 7 for it.",
            ),
            fetch_ok: Family::new(
                "fxrates_source_last_fetch_success",
                "1 when the last fetch of the source succeeded, 0 when it failed.",
            ),
            fetch_time: Family::seconds(
                "fxrates_source_last_fetch_timestamp_seconds",
                "When the last fetch of the source finished.",
            ),
            fetch_rows: Family::new(
                "fxrates_source_last_fetch_rows",
                "Rates the last fetch of the source inserted, revised (result \"updated\": the \
                 publisher changed a stored figure) or found unchanged.",
            ),
            revised: Family::new(
                "fxrates_source_revised_figures",
                "Stored figures of the source a fetch found changed by its publisher in the last 30 \
                 days, each kept in rate_revisions.",
            ),
            success_time: Family::seconds(
                "fxrates_source_last_success_timestamp_seconds",
                "When the newest successful fetch of the source started.",
            ),
        }
    }

    /// A series of each family for each source `options` checks: none for
    /// a source without the figure (nothing stored, never fetched).
    fn add(
        &mut self,
        chain: &str,
        now: DateTime<Utc>,
        options: &StatusOptions,
        checked: &[&SourceStatus],
    ) {
        for name in &options.checked {
            let source = name.as_str();
            let labels = [("chain", chain), ("source", source)];
            let position = checked.iter().position(|status| status.source == *name);
            let status = position.map(|i| checked[i]);
            self.fresh.add(
                &labels,
                i64::from(status.is_some_and(|status| is_fresh(status, options))),
            );
            if let Some(day) = status.and_then(|status| status.newest_day) {
                self.newest_day.add(&labels, day_start(day).timestamp());
                self.age.add(&labels, (now - day_start(day)).num_seconds());
            }
            let counted = position.and_then(|i| counted_failure(checked, i));
            self.failing.add(&labels, i64::from(counted.is_some()));
            if let Some(run) = status.and_then(|status| status.last_fetch.as_ref()) {
                self.add_fetch(&labels, run);
            }
            if let Some(status) = status {
                self.revised.add(&labels, count(status.revised));
            }
            if let Some(at) = status.and_then(|status| status.last_success) {
                self.success_time.add(&labels, at.timestamp());
            }
        }
    }

    /// The series of a source's last fetch, `run`.
    fn add_fetch(&mut self, labels: &[(&'static str, &str); 2], run: &RunRecord) {
        self.fetch_ok.add(labels, i64::from(run.ok));
        self.fetch_time.add(labels, run.finished_at.timestamp());
        for (result, rows) in [
            ("inserted", run.counts.inserted),
            ("updated", run.counts.updated),
            ("unchanged", run.counts.unchanged),
        ] {
            let [chain, source] = *labels;
            self.fetch_rows
                .add(&[chain, source, ("result", result)], count(rows));
        }
    }

    fn into_families(self) -> [Family; 9] {
        [
            self.fresh,
            self.newest_day,
            self.age,
            self.failing,
            self.fetch_ok,
            self.fetch_time,
            self.fetch_rows,
            self.revised,
            self.success_time,
        ]
    }
}

/// The families of the last clean, repeated for each chain.
struct CleanFamilies {
    ok: Family,
    time: Family,
    rows: Family,
}

impl CleanFamilies {
    fn new() -> CleanFamilies {
        CleanFamilies {
            ok: Family::new(
                "fxrates_clean_last_run_success",
                "1 when the last clean succeeded, 0 when it failed.",
            ),
            time: Family::seconds(
                "fxrates_clean_last_run_timestamp_seconds",
                "When the last clean finished.",
            ),
            rows: Family::new(
                "fxrates_clean_last_run_deleted_rows",
                "Rates the last clean deleted.",
            ),
        }
    }

    fn add(&mut self, chain: &str, run: &RunRecord) {
        let labels = [("chain", chain)];
        self.ok.add(&labels, i64::from(run.ok));
        self.time.add(&labels, run.finished_at.timestamp());
        self.rows.add(&labels, count(run.deleted));
    }

    fn into_families(self) -> [Family; 3] {
        [self.ok, self.time, self.rows]
    }
}

/// The midnight (UTC) that starts `day`.
fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `value` as the inside of a quoted label value: a backslash, a double
/// quote and a line break escaped, as both text formats want.
fn escape_label_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::status::{StatusFormat, StatusOptions};
    use crate::store::{RunRecord, SourceStatus, UpsertCounts};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("a test time")
            .with_timezone(&Utc)
    }

    fn day(s: &str) -> NaiveDate {
        crate::model::parse_date(s).expect("a test date")
    }

    /// A report at noon (UTC) on 2024-07-01 on `sources`, checking `checked`
    /// with the default maximum age (4 days: fresh from 2024-06-27).
    fn report(
        checked: &[&str],
        sources: Vec<SourceStatus>,
        last_clean: Option<RunRecord>,
    ) -> StatusReport {
        let options = StatusOptions {
            now: at("2024-07-01T12:00:00Z"),
            max_age: "4d".parse().expect("an age"),
            oldest_fresh_day: day("2024-06-27"),
            format: StatusFormat::OpenMetrics,
            metrics_file: None,
            checked: checked.iter().map(|name| (*name).to_owned()).collect(),
            chains: vec![checked.iter().map(|name| (*name).to_owned()).collect()],
        };
        let problems = super::super::problems(&sources, &options);
        StatusReport {
            options,
            sources,
            last_clean,
            problems,
        }
    }

    fn fetch(ok: bool, finished_at: &str) -> RunRecord {
        RunRecord {
            command: "fetch",
            provider: Some("ecb".to_owned()),
            started_at: at(finished_at) - chrono::Duration::seconds(2),
            finished_at: at(finished_at),
            ok,
            days: if ok { 1 } else { 0 },
            counts: UpsertCounts {
                inserted: if ok { 30 } else { 0 },
                updated: 0,
                unchanged: 0,
            },
            error: (!ok).then(|| "fetching ecb rates: HTTP 503".to_owned()),
            ..RunRecord::default()
        }
    }

    #[test]
    fn a_fresh_chain_renders_every_family() {
        let ecb = SourceStatus {
            source: "ecb".to_owned(),
            newest_day: Some(day("2024-06-28")),
            last_fetch: Some(fetch(true, "2024-06-28T14:30:02Z")),
            last_success: Some(at("2024-06-28T14:30:00Z")),
            valid_until: None,
            revised: 0,
            last_revision: None,
        };
        let clean = RunRecord {
            command: "clean",
            started_at: at("2024-06-28T01:15:00Z"),
            finished_at: at("2024-06-28T01:15:01Z"),
            ok: true,
            deleted: 30,
            ..RunRecord::default()
        };
        let text = render(&report(&["ecb"], vec![ecb], Some(clean)));
        assert_eq!(
            text,
            r#"# HELP fxrates_status_timestamp_seconds When fxrates status made this report.
# TYPE fxrates_status_timestamp_seconds gauge
# UNIT fxrates_status_timestamp_seconds seconds
fxrates_status_timestamp_seconds{chain="ecb"} 1719835200
# HELP fxrates_status_ok 1 when status exits 0: the chain holds a fresh day and no failed fetch counts against it; 0 when it exits 7.
# TYPE fxrates_status_ok gauge
fxrates_status_ok{chain="ecb"} 1
# HELP fxrates_chain_fresh 1 when a source of the chain holds a fresh day (--max-age, by its publisher's week).
# TYPE fxrates_chain_fresh gauge
fxrates_chain_fresh{chain="ecb"} 1
# HELP fxrates_source_fresh 1 when the newest day stored for the source is fresh: no older than the maximum age (--max-age), in days of its publisher's week, allowing for its closures.
# TYPE fxrates_source_fresh gauge
fxrates_source_fresh{chain="ecb",source="ecb"} 1
# HELP fxrates_source_newest_day_timestamp_seconds Start (00:00 UTC) of the newest day stored for the source.
# TYPE fxrates_source_newest_day_timestamp_seconds gauge
# UNIT fxrates_source_newest_day_timestamp_seconds seconds
fxrates_source_newest_day_timestamp_seconds{chain="ecb",source="ecb"} 1719532800
# HELP fxrates_source_newest_day_age_seconds Age of the newest day stored for the source when the report was made: its time minus the start of the day. Alert on the timestamp instead: this age stays as written until the next report.
# TYPE fxrates_source_newest_day_age_seconds gauge
# UNIT fxrates_source_newest_day_age_seconds seconds
fxrates_source_newest_day_age_seconds{chain="ecb",source="ecb"} 302400
# HELP fxrates_source_fetch_failing 1 when the last fetch of the source failed and counts against the chain (no source ahead of it has fetched since): status exits 7 for it.
# TYPE fxrates_source_fetch_failing gauge
fxrates_source_fetch_failing{chain="ecb",source="ecb"} 0
# HELP fxrates_source_last_fetch_success 1 when the last fetch of the source succeeded, 0 when it failed.
# TYPE fxrates_source_last_fetch_success gauge
fxrates_source_last_fetch_success{chain="ecb",source="ecb"} 1
# HELP fxrates_source_last_fetch_timestamp_seconds When the last fetch of the source finished.
# TYPE fxrates_source_last_fetch_timestamp_seconds gauge
# UNIT fxrates_source_last_fetch_timestamp_seconds seconds
fxrates_source_last_fetch_timestamp_seconds{chain="ecb",source="ecb"} 1719585002
# HELP fxrates_source_last_fetch_rows Rates the last fetch of the source inserted, revised (result "updated": the publisher changed a stored figure) or found unchanged.
# TYPE fxrates_source_last_fetch_rows gauge
fxrates_source_last_fetch_rows{chain="ecb",source="ecb",result="inserted"} 30
fxrates_source_last_fetch_rows{chain="ecb",source="ecb",result="updated"} 0
fxrates_source_last_fetch_rows{chain="ecb",source="ecb",result="unchanged"} 0
# HELP fxrates_source_revised_figures Stored figures of the source a fetch found changed by its publisher in the last 30 days, each kept in rate_revisions.
# TYPE fxrates_source_revised_figures gauge
fxrates_source_revised_figures{chain="ecb",source="ecb"} 0
# HELP fxrates_source_last_success_timestamp_seconds When the newest successful fetch of the source started.
# TYPE fxrates_source_last_success_timestamp_seconds gauge
# UNIT fxrates_source_last_success_timestamp_seconds seconds
fxrates_source_last_success_timestamp_seconds{chain="ecb",source="ecb"} 1719585000
# HELP fxrates_clean_last_run_success 1 when the last clean succeeded, 0 when it failed.
# TYPE fxrates_clean_last_run_success gauge
fxrates_clean_last_run_success{chain="ecb"} 1
# HELP fxrates_clean_last_run_timestamp_seconds When the last clean finished.
# TYPE fxrates_clean_last_run_timestamp_seconds gauge
# UNIT fxrates_clean_last_run_timestamp_seconds seconds
fxrates_clean_last_run_timestamp_seconds{chain="ecb"} 1719537301
# HELP fxrates_clean_last_run_deleted_rows Rates the last clean deleted.
# TYPE fxrates_clean_last_run_deleted_rows gauge
fxrates_clean_last_run_deleted_rows{chain="ecb"} 30
# EOF
"#
        );
    }

    #[test]
    fn a_source_with_nothing_stored_is_not_fresh_and_has_no_newest_day() {
        let text = render(&report(&["ecb"], Vec::new(), None));
        assert!(
            text.contains("fxrates_status_ok{chain=\"ecb\"} 0\n"),
            "{text}"
        );
        assert!(
            text.contains("fxrates_chain_fresh{chain=\"ecb\"} 0\n"),
            "{text}"
        );
        assert!(
            text.contains("fxrates_source_fresh{chain=\"ecb\",source=\"ecb\"} 0\n"),
            "{text}"
        );
        for absent in ["newest_day", "last_fetch", "last_success", "clean"] {
            assert!(!text.contains(absent), "{absent} in {text}");
        }
        assert!(text.ends_with("\n# EOF\n"), "{text}");
    }

    /// The ECB failed after Frankfurter, its fallback, failed: both count.
    /// Then the ECB served: Frankfurter's failure counts no more, though it
    /// stays its last fetch.
    #[test]
    fn a_failure_counts_as_status_counts_it() {
        let failed = |source: &str, finished: &str| SourceStatus {
            source: source.to_owned(),
            newest_day: Some(day("2024-06-28")),
            last_fetch: Some(fetch(false, finished)),
            last_success: Some(at("2024-06-28T14:30:00Z")),
            valid_until: None,
            revised: 0,
            last_revision: None,
        };
        let chain = ["ecb", "frankfurter"];
        let both = report(
            &chain,
            vec![
                failed("ecb", "2024-07-01T10:00:00Z"),
                failed("frankfurter", "2024-07-01T10:01:00Z"),
            ],
            None,
        );
        let text = render(&both);
        for source in chain {
            let labels = format!("{{chain=\"ecb,frankfurter\",source=\"{source}\"}}");
            assert!(
                text.contains(&format!("fxrates_source_fetch_failing{labels} 1\n")),
                "{text}"
            );
            assert!(
                text.contains(&format!("fxrates_source_last_fetch_success{labels} 0\n")),
                "{text}"
            );
        }
        assert!(text.contains("fxrates_status_ok{chain=\"ecb,frankfurter\"} 0\n"));

        let mut healed = both.sources.clone();
        healed[0] = SourceStatus {
            source: "ecb".to_owned(),
            newest_day: Some(day("2024-07-01")),
            last_fetch: Some(fetch(true, "2024-07-01T11:00:00Z")),
            last_success: Some(at("2024-07-01T10:59:58Z")),
            valid_until: None,
            revised: 0,
            last_revision: None,
        };
        let text = render(&report(&chain, healed, None));
        let frankfurter = "{chain=\"ecb,frankfurter\",source=\"frankfurter\"}";
        assert!(
            text.contains(&format!("fxrates_source_fetch_failing{frankfurter} 0\n")),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "fxrates_source_last_fetch_success{frankfurter} 0\n"
            )),
            "{text}"
        );
        assert!(text.contains("fxrates_status_ok{chain=\"ecb,frankfurter\"} 1\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label_value(r#"a\b"c"#), r#"a\\b\"c"#);
        assert_eq!(escape_label_value("two\nlines"), r"two\nlines");
        assert_eq!(escape_label_value("złoty, ok"), "złoty, ok");
        let source = "we\"ird\\\nname";
        let text = render(&report(
            &[source],
            vec![SourceStatus {
                source: source.to_owned(),
                newest_day: Some(day("2024-06-28")),
                last_fetch: None,
                last_success: None,
                valid_until: None,
                revised: 0,
                last_revision: None,
            }],
            None,
        ));
        assert!(
            text.contains(
                "fxrates_source_fresh{chain=\"we\\\"ird\\\\\\nname\",source=\"we\\\"ird\\\\\\nname\"} 1\n"
            ),
            "{text}"
        );
        // Every line is a comment or a sample: no line break got through.
        for line in text.lines() {
            assert!(
                line.starts_with("# ") || line.starts_with("fxrates_"),
                "{line:?}"
            );
        }
    }

    #[test]
    fn help_texts_need_no_escape() {
        let text = render(&report(&["ecb"], Vec::new(), None));
        for line in text.lines().filter(|line| line.starts_with("# HELP ")) {
            assert!(!line.contains(['\\', '"']), "{line}");
        }
    }

    #[test]
    fn the_age_is_counted_from_now_and_may_be_negative() {
        let source = |newest: &str| SourceStatus {
            source: "ecb".to_owned(),
            newest_day: Some(day(newest)),
            last_fetch: None,
            last_success: None,
            valid_until: None,
            revised: 0,
            last_revision: None,
        };
        let age = |newest: &str| {
            let text = render(&report(&["ecb"], vec![source(newest)], None));
            let prefix = "fxrates_source_newest_day_age_seconds{chain=\"ecb\",source=\"ecb\"} ";
            text.lines()
                .find_map(|line| line.strip_prefix(prefix))
                .map(str::to_owned)
                .expect(&text)
        };
        assert_eq!(age("2024-07-01"), "43200");
        assert_eq!(age("2024-06-01"), (30 * 86_400 + 43_200).to_string());
        // Tomorrow's rates, published early in a time zone ahead of UTC.
        assert_eq!(age("2024-07-02"), "-43200");
    }
}
