//! `fxrates status`: what is stored per source and how the last runs went,
//! with a verdict a monitor can act on (exit 7 when stale), as text, JSON
//! or Prometheus metrics ([`metrics`]).

pub mod metrics;
pub mod metrics_file;
mod options;

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

pub use self::options::{StatusArgs, StatusFormat, StatusOptions};
use crate::commands::Config;
use crate::error::Error;
use crate::read::period_note;
use crate::render::count;
use crate::store::{self, RunRecord, SourceStatus};

/// How many days back `status` counts the figures revised: the "recent"
/// of its report.
pub const REVISIONS_WINDOW_DAYS: u64 = 30;

/// Everything `status` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusReport {
    pub options: StatusOptions,
    pub sources: Vec<SourceStatus>,
    pub last_clean: Option<RunRecord>,
    /// Why the data is stale; empty when all is well.
    pub problems: Vec<String>,
}

/// Reads the status of every source; never writes.
pub fn run(config: &Config, options: &StatusOptions) -> anyhow::Result<StatusReport> {
    let mut store = store::connect(&config.database)?;
    store.check_schema()?;
    let sources = store.source_statuses(options.now - chrono::Days::new(REVISIONS_WINDOW_DAYS))?;
    let last_clean = store.last_clean()?;
    // Each chain is judged on its own: a stale one is named even while
    // another is fresh.
    let problems = options
        .each_chain()
        .flat_map(|chain| problems(&sources, &chain))
        .collect();
    Ok(StatusReport {
        options: options.clone(),
        sources,
        last_clean,
        problems,
    })
}

impl StatusReport {
    /// `Ok` when the checked sources hold a fresh day and no failure counts
    /// against them (see [`problems`]), else the [`Error::Stale`] that makes
    /// the process exit 7.
    pub fn verdict(&self) -> Result<(), Error> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Stale(self.problems.join("; ")))
        }
    }

    /// The report as Prometheus metrics: a whole OpenMetrics exposition.
    pub fn metrics(&self) -> String {
        metrics::render(self)
    }

    fn is_checked(&self, source: &SourceStatus) -> bool {
        self.options.checked.contains(&source.source)
    }

    fn to_json(&self) -> Value {
        json!({
            "ok": self.problems.is_empty(),
            "max_age": self.options.max_age.to_string(),
            "oldest_fresh_day": self.options.oldest_fresh_day.to_string(),
            "checked": self.options.checked,
            "sources": self.sources.iter().map(|source| json!({
                "source": source.source,
                "newest_day": source.newest_day.map(|day| day.to_string()),
                "valid_until": source.valid_until.map(|day| day.to_string()),
                "fresh": is_fresh(source, &self.options),
                "oldest_fresh_day": self.options.oldest_fresh_day_of(&source.source).to_string(),
                "release": StatusOptions::release_of(&source.source).to_string(),
                "due_day": StatusOptions::rhythm_of(&source.source).due(self.options.today()).to_string(),
                "week": StatusOptions::rhythm_of(&source.source).week.to_string(),
                "closure": StatusOptions::rhythm_of(&source.source).closure,
                "checked": self.is_checked(source),
                "last_fetch": source.last_fetch.as_ref().map(run_json),
                "revised_recently": source.revised,
                "last_revision": source.last_revision.as_ref().map(|revision| json!({
                    "rate_date": revision.rate_date.to_string(),
                    "base": revision.base,
                    "quote": revision.quote,
                    "series": revision.series,
                    "old_unit": revision.old.0,
                    "old_rate": revision.old.1.to_string(),
                    "unit": revision.new.0,
                    "rate": revision.new.1.to_string(),
                    "seen_at": revision.seen_at.to_rfc3339(),
                })),
            })).collect::<Vec<_>>(),
            "revisions_window_days": REVISIONS_WINDOW_DAYS,
            "last_clean": self.last_clean.as_ref().map(run_json),
            "problems": self.problems,
        })
    }
}

/// Whether `source` holds a day its provider's rhythm counts as fresh: a
/// publication stating a period counts as of the period's last day.
fn is_fresh(source: &SourceStatus, options: &StatusOptions) -> bool {
    in_force_to(source).is_some_and(|day| day >= options.oldest_fresh_day_of(&source.source))
}

/// The last day `source`'s newest publication is in force, as `status`
/// judges it: the end of its stated period, else its day.
fn in_force_to(source: &SourceStatus) -> Option<NaiveDate> {
    source.valid_until.or(source.newest_day)
}

/// The sources `options` check, in provider order: those with anything
/// stored or fetched (a checked source with neither has no status).
fn checked<'a>(sources: &'a [SourceStatus], options: &StatusOptions) -> Vec<&'a SourceStatus> {
    options
        .checked
        .iter()
        .filter_map(|name| sources.iter().find(|source| source.source == *name))
        .collect()
}

/// Whether the chain is fresh: any of its sources is, by its own rhythm.
fn chain_is_fresh(checked: &[&SourceStatus], options: &StatusOptions) -> bool {
    checked.iter().any(|source| is_fresh(source, options))
}

/// The failed last fetch of `checked[i]`, if it counts against the chain:
/// it counts until a source ahead of it in the chain fetches successfully
/// (the fallback was not needed any more). The main source's failure always
/// counts, even while a fallback kept the data flowing.
fn counted_failure<'a>(checked: &[&'a SourceStatus], i: usize) -> Option<&'a RunRecord> {
    let failed = checked[i].last_fetch.as_ref().filter(|run| !run.ok)?;
    let healed = checked[..i]
        .iter()
        .any(|ahead| ahead.last_success.is_some_and(|at| at > failed.started_at));
    (!healed).then_some(failed)
}

/// What is wrong with the sources `options` check, which stand for one
/// chain of providers: the chain is stale when none of its sources has a
/// fresh day (each by its own provider's rhythm,
/// [`crate::providers::Rhythm::oldest_fresh_day`]:
/// counted in days of its publisher's week from the newest one due, a
/// weekly one from the end of the week its latest release covers, allowing
/// for the publisher's closures), and a source's
/// failed last fetch counts as [`counted_failure`] says.
fn problems(sources: &[SourceStatus], options: &StatusOptions) -> Vec<String> {
    let checked = checked(sources, options);
    let chain = options.checked.join(", ");
    let mut problems = Vec::new();
    let newest = checked
        .iter()
        .filter_map(|source| in_force_to(source).map(|day| (day, *source)))
        .max_by_key(|(day, _)| *day);
    match newest {
        None => problems.push(format!("{chain}: no rates stored yet: run `fxrates fetch`")),
        Some(_) if chain_is_fresh(&checked, options) => {}
        Some((day, source)) => {
            let rhythm = StatusOptions::rhythm_of(&source.source);
            let due = rhythm.due(options.today());
            let counted = if due == options.today() {
                String::new()
            } else {
                format!(", counted from {due}: {} publishes {rhythm}", source.source)
            };
            let newest = match source.valid_until {
                Some(until) => format!(
                    "newest day {} is in force to {until}, which",
                    source.newest_day.unwrap_or(until)
                ),
                None => format!("newest day {day}"),
            };
            problems.push(format!(
                "{chain}: {newest} is older than {} (before {}{counted})",
                options.max_age,
                options.oldest_fresh_day_of(&source.source)
            ));
        }
    }
    for (i, source) in checked.iter().enumerate() {
        // A currency the publisher stopped: the configuration's to fix.
        if let Some(warning) = source
            .last_fetch
            .as_ref()
            .and_then(|run| run.warning.as_ref())
        {
            problems.push(warning.clone());
        }
        if let Some(failed) = counted_failure(&checked, i) {
            problems.push(format!(
                "{}: last fetch failed at {}: {}",
                source.source,
                timestamp(failed.finished_at),
                failed.error.as_deref().unwrap_or("unknown error")
            ));
        }
    }
    problems
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn run_json(run: &RunRecord) -> Value {
    json!({
        "command": run.command,
        "started_at": run.started_at.to_rfc3339(),
        "finished_at": run.finished_at.to_rfc3339(),
        "ok": run.ok,
        "days": run.days,
        "inserted": run.counts.inserted,
        "updated": run.counts.updated,
        "unchanged": run.counts.unchanged,
        "deleted": run.deleted,
        "error": run.error,
        "warning": run.warning,
    })
}

/// `ok, 1 day, 30 inserted, …` or `failed: <error>`.
fn run_outcome(run: &RunRecord) -> String {
    if !run.ok {
        return format!(
            "failed: {}",
            run.error.as_deref().unwrap_or("unknown error")
        );
    }
    if run.command == "clean" {
        // A clean of some sources alone names them, as `fetch_runs` does.
        let of = run.provider.as_ref().map_or_else(String::new, |sources| {
            format!(" of {}", sources.replace(',', ", "))
        });
        return format!("ok, {}{of} deleted", count(run.deleted, "rate"));
    }
    let warning = run
        .warning
        .as_ref()
        .map_or_else(String::new, |warning| format!(" ({warning})"));
    format!(
        "ok, {}, {} inserted, {} revised, {} unchanged{warning}",
        count(run.days, "day"),
        run.counts.inserted,
        run.counts.updated,
        run.counts.unchanged
    )
}

impl fmt::Display for StatusReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.options.format {
            StatusFormat::Json => return write!(f, "{}", self.to_json()),
            // The caller ends the line, as for the other formats.
            StatusFormat::OpenMetrics => {
                let text = self.metrics();
                return f.write_str(text.strip_suffix('\n').unwrap_or(&text));
            }
            StatusFormat::Text => {}
        }
        if self.sources.is_empty() {
            f.write_str("no rates stored yet")?;
        }
        for (i, source) in self.sources.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: ", source.source)?;
            match source.newest_day {
                Some(day) => write!(f, "newest day {day}{}", period_note(source.valid_until))?,
                None => f.write_str("no rates stored")?,
            }
            match &source.last_fetch {
                Some(run) => write!(
                    f,
                    "; last fetch {}: {}",
                    timestamp(run.finished_at),
                    run_outcome(run)
                )?,
                None => f.write_str("; no fetch recorded")?,
            }
            if let Some(revision) = source.last_revision.as_ref().filter(|_| source.revised > 0) {
                write!(
                    f,
                    "; {} revised in the last {REVISIONS_WINDOW_DAYS} days, the newest {revision} \
                     (seen {})",
                    count(source.revised, "figure"),
                    timestamp(revision.seen_at)
                )?;
            }
            if !self.is_checked(source) {
                f.write_str(" (not checked: not in FXRATES_PROVIDER)")?;
            }
        }
        if let Some(run) = &self.last_clean {
            write!(
                f,
                "\nclean: last run {}: {}",
                timestamp(run.finished_at),
                run_outcome(run)
            )?;
        }
        Ok(())
    }
}
