//! `fxrates clean --older-than AGE`: delete rates past the retention window,
//! and the `fetch_runs` rows as old.

use std::fmt;

use chrono::{NaiveDate, Utc};

use crate::calendar::Age;
use crate::config::{CleanOptions, Config};
use crate::store::{self, Lock, RunRecord};

/// What `clean` deleted, or would delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CleanSummary {
    pub older_than: Age,
    pub cutoff: NaiveDate,
    pub rates: u64,
    pub runs: u64,
    pub dry_run: bool,
}

/// Deletes every rate, of every source, dated before the cutoff, and the runs
/// started before it, in one transaction under the maintenance lock. The run
/// is recorded in `fetch_runs`, unless it is a dry run.
pub fn run(config: &Config, options: &CleanOptions) -> anyhow::Result<CleanSummary> {
    let mut store = store::connect(&config.database)?;
    store.check_schema()?;
    let summary = |(rates, runs)| CleanSummary {
        older_than: options.older_than,
        cutoff: options.cutoff,
        rates,
        runs,
        dry_run: options.dry_run,
    };
    if options.dry_run {
        return Ok(summary(store.count_before(options.cutoff)?));
    }
    let record = RunRecord {
        command: "clean",
        started_at: Utc::now(),
        ..RunRecord::default()
    };
    let outcome = store
        .lock(Lock::Maintenance, config.lock_timeout)
        .and_then(|()| store.delete_before(options.cutoff))
        .map(summary);
    super::record_run(&mut store, record, &outcome, |summary, record| {
        record.deleted = summary.rates;
    });
    outcome
}

impl fmt::Display for CleanSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let CleanSummary {
            older_than,
            cutoff,
            rates,
            runs,
            dry_run,
        } = self;
        if *dry_run {
            write!(
                f,
                "dry run: would delete {rates} rates dated before {cutoff} (older than {older_than}) and {runs} fetch_runs rows; nothing written"
            )
        } else {
            write!(
                f,
                "deleted {rates} rates dated before {cutoff} (older than {older_than}) and {runs} fetch_runs rows"
            )
        }
    }
}
