//! `fxrates clean --older-than AGE [--source NAME,…]`: delete rates past the
//! retention window, and the `fetch_runs` rows as old; of every source, or
//! of the sources named alone, every other source left whole.
//!
//! Each pruned source's newest stored day is kept whatever its age, so that
//! a catch-up can still fill the gap after it and `show` has a day to read;
//! the summary names every such day, and the sources pruned when named.

use std::fmt;

use chrono::{NaiveDate, Utc};

use clap::Args;

use crate::calendar::Age;

use crate::commands::Config;
use crate::commands::args::age_back_from;
use crate::commands::args::{parse_age, parse_source};
use crate::error::Error;
use crate::providers::ProviderName;
use crate::store::{self, Lock, Pruned, RunRecord};

/// Options of `fxrates clean`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Delete rates dated before today minus AGE: 30d, 4w, 1m (calendar months), 1y.
    /// The day exactly AGE ago is kept.
    #[arg(long, env = "FXRATES_OLDER_THAN", value_name = "AGE", value_parser = parse_age,
        allow_hyphen_values = true)]
    pub older_than: Age,

    /// Prune only these sources (the `source` of their rows: a provider's
    /// name, any case), each keeping its newest day; every other source is
    /// left whole [default: every source]
    #[arg(
        long = "source",
        env = "FXRATES_CLEAN_SOURCE",
        value_delimiter = ',',
        value_parser = parse_source,
        value_name = "NAME[,NAME…]"
    )]
    pub sources: Vec<String>,

    /// Count what would be deleted, delete nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// What `clean` deleted, or would delete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanSummary {
    pub older_than: Age,
    pub cutoff: NaiveDate,
    /// The sources pruned; `None` for every source.
    pub sources: Option<Vec<String>>,
    pub rates: u64,
    pub runs: u64,
    /// Each source whose newest day is older than the cutoff, with that day,
    /// which was kept (or would be).
    pub kept: Vec<(String, NaiveDate)>,
    pub dry_run: bool,
}

/// Deletes every rate dated before the cutoff, of every source or of the
/// sources named, except each one's newest stored day, and the runs of
/// those sources started before the cutoff, in one transaction under the
/// maintenance lock. A name that is neither a provider's nor a stored
/// source's is a usage error before anything is deleted. The run is
/// recorded in `fetch_runs`, naming the sources pruned, unless it is a dry
/// run.
pub fn run(config: &Config, options: &CleanOptions) -> anyhow::Result<CleanSummary> {
    let mut store = store::connect(&config.database)?;
    if !options.dry_run {
        store.check_writable()?;
    }
    store.check_schema()?;
    let sources = options.sources.as_deref();
    if let Some(named) = sources {
        check_sources(named, &store.stored_sources()?)?;
    }
    let summary = |Pruned { rates, runs, kept }| CleanSummary {
        older_than: options.older_than,
        cutoff: options.cutoff,
        sources: options.sources.clone(),
        rates,
        runs,
        kept,
        dry_run: options.dry_run,
    };
    if options.dry_run {
        return Ok(summary(store.count_before(options.cutoff, sources)?));
    }
    let record = RunRecord {
        command: "clean",
        // The sources pruned, as `fetch_runs.provider` names a fetch's.
        provider: sources.map(|named| named.join(",")),
        started_at: Utc::now(),
        ..RunRecord::default()
    };
    let outcome = store
        .lock(Lock::Maintenance, config.lock_timeout)
        .and_then(|()| store.delete_before(options.cutoff, sources))
        .map(summary);
    super::record_run(&mut store, record, &outcome, |summary, record| {
        record.deleted = summary.rates;
    });
    outcome
}

/// A usage error unless each of `named` is a provider's name or a source
/// with rows in `stored`: a typo would otherwise prune nothing, every night,
/// and say nothing. A provider with nothing stored yet is known, so that a
/// crontab line may name one before its first fetch.
fn check_sources(named: &[String], stored: &[(String, NaiveDate)]) -> Result<(), Error> {
    let is_stored = |name: &str| stored.iter().any(|(source, _)| source == name);
    match named
        .iter()
        .find(|name| ProviderName::find(name).is_none() && !is_stored(name))
    {
        None => Ok(()),
        Some(unknown) => {
            let with_rates: Vec<&str> = stored.iter().map(|(source, _)| source.as_str()).collect();
            Err(Error::Usage(format!(
                "unknown source {unknown} in --source (FXRATES_CLEAN_SOURCE): neither a provider nor a source with \
                 stored rates (sources with rates: {})",
                if with_rates.is_empty() {
                    "none".to_owned()
                } else {
                    with_rates.join(", ")
                }
            )))
        }
    }
}

impl fmt::Display for CleanSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let CleanSummary {
            older_than,
            cutoff,
            sources,
            rates,
            runs,
            kept: _,
            dry_run,
        } = self;
        let of = sources
            .as_deref()
            .map_or_else(String::new, |named| format!(" of {}", and_list(named)));
        let rates = format!("{}{of}", crate::render::count(*rates, "rate"));
        let runs = format!("{}{of}", crate::render::count(*runs, "fetch_runs row"));
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
            [_] => format!(
                "; {verb} {} although it is older than the cutoff",
                and_list(&days)
            ),
            _ => format!(
                "; {verb} {} although they are older than the cutoff",
                and_list(&days)
            ),
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    }
}

/// What `clean` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanOptions {
    /// The retention window.
    pub older_than: Age,
    /// Rates dated before this day go; the day itself stays.
    pub cutoff: NaiveDate,
    /// `--source`: prune these sources alone, each named once, in the
    /// order given; `None` prunes every source.
    pub sources: Option<Vec<String>>,
    pub dry_run: bool,
}

impl CleanOptions {
    /// Works out the cutoff day from `today`.
    pub fn from_args(args: &CleanArgs, today: NaiveDate) -> Result<Self, Error> {
        let cutoff = age_back_from("--older-than", args.older_than, today)?;
        let mut sources: Vec<String> = Vec::with_capacity(args.sources.len());
        for name in &args.sources {
            if !sources.contains(name) {
                sources.push(name.clone());
            }
        }
        Ok(CleanOptions {
            older_than: args.older_than,
            cutoff,
            sources: (!sources.is_empty()).then_some(sources),
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
            sources: None,
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

    #[test]
    fn the_summary_names_the_sources_pruned() {
        let pruned = |names: &[&str], dry_run| CleanSummary {
            sources: Some(names.iter().map(|name| (*name).to_owned()).collect()),
            ..summary(&[("oxr", "2024-06-30")], dry_run)
        };
        assert_eq!(
            pruned(&["oxr"], false).to_string(),
            "deleted 90 rates of oxr dated before 2026-10-28 (older than 1m) and 2 fetch_runs rows of oxr; \
             kept oxr's newest day 2024-06-30 although it is older than the cutoff"
        );
        assert_eq!(
            pruned(&["oxr", "frankfurter2", "test"], true).to_string(),
            "dry run: would delete 90 rates of oxr, frankfurter2 and test dated before 2026-10-28 \
             (older than 1m) and 2 fetch_runs rows of oxr, frankfurter2 and test; \
             would keep oxr's newest day 2024-06-30 although it is older than the cutoff; nothing written"
        );
    }

    #[test]
    fn a_source_is_known_by_its_provider_or_by_its_stored_rates() {
        let day = parse_date("2024-06-28").expect("date");
        let stored = [("ecb".to_owned(), day), ("test".to_owned(), day)];
        let named = |names: &[&str]| -> Vec<String> {
            names.iter().map(|name| (*name).to_owned()).collect()
        };
        // A provider with nothing stored yet, and a source with no provider.
        assert!(check_sources(&named(&["oxr", "test", "ecb"]), &stored).is_ok());
        let err = check_sources(&named(&["ecb", "ecbb", "nope"]), &stored).expect_err("typo");
        assert_eq!(
            err.to_string(),
            "unknown source ecbb in --source (FXRATES_CLEAN_SOURCE): neither a provider nor a \
             source with stored rates (sources with rates: ecb, test)"
        );
        assert_eq!(
            check_sources(&named(&["nope"]), &[]).map_err(|err| err.to_string()),
            Err(
                "unknown source nope in --source (FXRATES_CLEAN_SOURCE): neither a provider \
                 nor a source with stored rates (sources with rates: none)"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_source_named_twice_is_pruned_once_and_none_named_is_every_source() {
        use clap::Parser as _;
        let options = |line: &[&str]| {
            let cli = crate::cli::Cli::try_parse_from(line).expect("parses");
            let crate::cli::Command::Clean(args) = cli.command else {
                panic!("not clean")
            };
            CleanOptions::from_args(&args, parse_date("2026-11-28").expect("date"))
                .expect("options")
                .sources
        };
        assert_eq!(
            options(&[
                "fxrates",
                "clean",
                "--older-than",
                "1m",
                "--source",
                "OXR,ecb",
                "--source",
                "oxr"
            ]),
            Some(vec!["oxr".to_owned(), "ecb".to_owned()])
        );
        assert_eq!(options(&["fxrates", "clean", "--older-than", "1m"]), None);
    }
}
