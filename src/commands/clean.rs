//! `fxrates clean --older-than AGE`: delete rates past the retention window,
//! and the `fetch_runs` rows as old.
//!
//! Each source's newest stored day is kept whatever its age, so that a
//! catch-up can still fill the gap after it and `show` has a day to read; the
//! summary names every such day.

use std::fmt;

use chrono::{NaiveDate, Utc};

use crate::calendar::Age;
use crate::cli::CleanArgs;
use crate::config::{Config, age_back_from};
use crate::error::Error;
use crate::store::{self, Lock, Pruned, RunRecord};

/// What `clean` deleted, or would delete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanSummary {
    pub older_than: Age,
    pub cutoff: NaiveDate,
    pub rates: u64,
    pub runs: u64,
    /// Each source whose newest day is older than the cutoff, with that day,
    /// which was kept (or would be).
    pub kept: Vec<(String, NaiveDate)>,
    pub dry_run: bool,
}

/// Deletes every rate dated before the cutoff, of every source, except each
/// source's newest stored day, and the runs started before the cutoff, in
/// one transaction under the maintenance lock. The run is recorded in
/// `fetch_runs`, unless it is a dry run.
pub fn run(config: &Config, options: &CleanOptions) -> anyhow::Result<CleanSummary> {
    let mut store = store::connect(&config.database)?;
    if !options.dry_run {
        store.check_writable()?;
    }
    store.check_schema()?;
    let summary = |Pruned { rates, runs, kept }| CleanSummary {
        older_than: options.older_than,
        cutoff: options.cutoff,
        rates,
        runs,
        kept,
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
            kept: _,
            dry_run,
        } = self;
        let rates = crate::render::count(*rates, "rate");
        let runs = crate::render::count(*runs, "fetch_runs row");
        if *dry_run {
            write!(
                f,
                "dry run: would delete {rates} dated before {cutoff} (older than {older_than}) and {runs}{}; nothing written",
                self.kept_note("would keep")
            )
        } else {
            write!(
                f,
                "deleted {rates} dated before {cutoff} (older than {older_than}) and {runs}{}",
                self.kept_note("kept")
            )
        }
    }
}

impl CleanSummary {
    /// `"; kept ecb's newest day 2024-06-28 although it is older than the
    /// cutoff"`, or nothing when no newest day is that old.
    fn kept_note(&self, verb: &str) -> String {
        let days: Vec<String> = self
            .kept
            .iter()
            .map(|(source, day)| format!("{source}'s newest day {day}"))
            .collect();
        match days.as_slice() {
            [] => String::new(),
            [one] => format!("; {verb} {one} although it is older than the cutoff"),
            [first @ .., last] => format!(
                "; {verb} {} and {last} although they are older than the cutoff",
                first.join(", ")
            ),
        }
    }
}

/// What `clean` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CleanOptions {
    /// The retention window.
    pub older_than: Age,
    /// Rates dated before this day go; the day itself stays.
    pub cutoff: NaiveDate,
    pub dry_run: bool,
}

impl CleanOptions {
    /// Works out the cutoff day from `today`.
    pub fn from_args(args: &CleanArgs, today: NaiveDate) -> Result<Self, Error> {
        let cutoff = age_back_from("--older-than", args.older_than, today)?;
        Ok(CleanOptions {
            older_than: args.older_than,
            cutoff,
            dry_run: args.dry_run,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    fn summary(kept: &[(&str, &str)], dry_run: bool) -> CleanSummary {
        CleanSummary {
            older_than: Age::Months(1),
            cutoff: parse_date("2026-10-28").expect("date"),
            rates: 90,
            runs: 2,
            kept: kept
                .iter()
                .map(|(source, day)| ((*source).to_owned(), parse_date(day).expect("date")))
                .collect(),
            dry_run,
        }
    }

    /// Regression: one rate deleted was "deleted 1 rates".
    #[test]
    fn one_rate_and_one_run_are_counted_in_the_singular() {
        let one = CleanSummary {
            rates: 1,
            runs: 1,
            ..summary(&[], false)
        };
        assert_eq!(
            one.to_string(),
            "deleted 1 rate dated before 2026-10-28 (older than 1m) and 1 fetch_runs row"
        );
        assert_eq!(
            CleanSummary {
                dry_run: true,
                ..one
            }
            .to_string(),
            "dry run: would delete 1 rate dated before 2026-10-28 (older than 1m) and 1 fetch_runs row; nothing written"
        );
    }

    #[test]
    fn the_summary_says_nothing_of_kept_days_when_none_is_that_old() {
        assert_eq!(
            summary(&[], false).to_string(),
            "deleted 90 rates dated before 2026-10-28 (older than 1m) and 2 fetch_runs rows"
        );
    }

    #[test]
    fn the_summary_names_each_newest_day_kept_although_older_than_the_cutoff() {
        assert_eq!(
            summary(&[("ecb", "2024-06-28")], false).to_string(),
            "deleted 90 rates dated before 2026-10-28 (older than 1m) and 2 fetch_runs rows; \
             kept ecb's newest day 2024-06-28 although it is older than the cutoff"
        );
        assert_eq!(
            summary(
                &[
                    ("ecb", "2024-06-28"),
                    ("frankfurter", "2024-06-27"),
                    ("oxr", "2024-06-30")
                ],
                true
            )
            .to_string(),
            "dry run: would delete 90 rates dated before 2026-10-28 (older than 1m) and 2 fetch_runs rows; \
             would keep ecb's newest day 2024-06-28, frankfurter's newest day 2024-06-27 and \
             oxr's newest day 2024-06-30 although they are older than the cutoff; nothing written"
        );
    }
}
