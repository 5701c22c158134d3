//! `fxrates status`: what is stored per source and how the last runs went,
//! with a verdict a monitor can act on (exit 7 when stale).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use super::count;
use crate::cli::StatusFormat;
use crate::config::{Config, StatusOptions};
use crate::error::Error;
use crate::store::{self, RunRecord, SourceStatus};

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
    let sources = store.source_statuses()?;
    let last_clean = store.last_clean()?;
    let problems = problems(&sources, options);
    Ok(StatusReport {
        options: *options,
        sources,
        last_clean,
        problems,
    })
}

impl StatusReport {
    /// `Ok` when every source is fresh and its last fetch succeeded, else the
    /// [`Error::Stale`] that makes the process exit 7.
    pub fn verdict(&self) -> Result<(), Error> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Stale(self.problems.join("; ")))
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "ok": self.problems.is_empty(),
            "max_age": self.options.max_age.to_string(),
            "oldest_fresh_day": self.options.oldest_fresh_day.to_string(),
            "sources": self.sources.iter().map(|source| json!({
                "source": source.source,
                "newest_day": source.newest_day.map(|day| day.to_string()),
                "days": source.days,
                "rates": source.rates,
                "fresh": is_fresh(source.newest_day, &self.options),
                "last_fetch": source.last_fetch.as_ref().map(run_json),
            })).collect::<Vec<_>>(),
            "last_clean": self.last_clean.as_ref().map(run_json),
            "problems": self.problems,
        })
    }
}

fn is_fresh(newest_day: Option<NaiveDate>, options: &StatusOptions) -> bool {
    newest_day.is_some_and(|day| day >= options.oldest_fresh_day)
}

fn problems(sources: &[SourceStatus], options: &StatusOptions) -> Vec<String> {
    if sources.is_empty() {
        return vec!["no rates stored yet: run `fxrates fetch`".to_owned()];
    }
    let mut problems = Vec::new();
    for source in sources {
        let name = &source.source;
        match source.newest_day {
            None => problems.push(format!("{name}: no rates stored")),
            Some(day) if !is_fresh(Some(day), options) => problems.push(format!(
                "{name}: newest day {day} is older than {} (before {})",
                options.max_age, options.oldest_fresh_day
            )),
            Some(_) => {}
        }
        if let Some(run) = source.last_fetch.as_ref().filter(|run| !run.ok) {
            problems.push(format!(
                "{name}: last fetch failed at {}: {}",
                timestamp(run.finished_at),
                run.error.as_deref().unwrap_or("unknown error")
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
        return format!("ok, {} deleted", count(run.deleted, "rate"));
    }
    format!(
        "ok, {}, {} inserted, {} updated, {} unchanged",
        count(run.days, "day"),
        run.counts.inserted,
        run.counts.updated,
        run.counts.unchanged
    )
}

impl fmt::Display for StatusReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.options.format == StatusFormat::Json {
            return write!(f, "{}", self.to_json());
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
                Some(day) => write!(
                    f,
                    "newest day {day}, {}, {}",
                    count(source.days, "day"),
                    count(source.rates, "rate")
                )?,
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
