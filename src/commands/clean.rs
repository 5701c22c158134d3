//! `fxrates clean --older-than AGE`: delete rates past the retention window.

use std::fmt;

use chrono::NaiveDate;

use crate::calendar::Age;
use crate::config::{CleanOptions, Config};
use crate::store;

/// What `clean` deleted, or would delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CleanSummary {
    pub older_than: Age,
    pub cutoff: NaiveDate,
    pub rates: u64,
    pub dry_run: bool,
}

/// Deletes every rate, of every source, dated before the cutoff, in one statement.
pub fn run(config: &Config, options: &CleanOptions) -> anyhow::Result<CleanSummary> {
    let mut store = store::connect(&config.database)?;
    store.check_schema()?;
    let rates = if options.dry_run {
        store.count_before(options.cutoff)?
    } else {
        store.delete_before(options.cutoff)?
    };
    Ok(CleanSummary {
        older_than: options.older_than,
        cutoff: options.cutoff,
        rates,
        dry_run: options.dry_run,
    })
}

impl fmt::Display for CleanSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let CleanSummary {
            older_than,
            cutoff,
            rates,
            dry_run,
        } = self;
        if *dry_run {
            write!(
                f,
                "dry run: would delete {rates} rates dated before {cutoff} (older than {older_than}); nothing written"
            )
        } else {
            write!(
                f,
                "deleted {rates} rates dated before {cutoff} (older than {older_than})"
            )
        }
    }
}
