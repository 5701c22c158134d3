//! `fxrates fetch`: download published rates and store them.
//!
//! Without dates it catches up: every day published after the newest stored
//! day of the source, so a missed run or an outage heals at the next run. A
//! fetch stores all its days in one transaction or none of them.

use std::fmt;

use anyhow::Context;
use chrono::{Days, NaiveDate, Utc};

use crate::calendar::closing_reason;
use crate::config::{Config, DaySelection, FetchOptions};
use crate::http::HttpClient;
use crate::model::{DayRates, FIRST_RATE_DAY, weekday_name};
use crate::providers::ecb::Ecb;
use crate::providers::{DayRequest, Provider};
use crate::store::{self, Lock, RunRecord, Store, UpsertCounts};

/// What a fetch stored, or would store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchSummary {
    /// The `source` the rows are stored under.
    pub source: &'static str,
    pub outcome: FetchOutcome,
    /// With `--dry-run`: the days that would be stored, printed before the summary.
    pub dry_run: Option<Vec<DayRates>>,
}

/// How a fetch ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchOutcome {
    /// Days were fetched and stored (or, in a dry run, compared).
    Stored {
        first: NaiveDate,
        last: NaiveDate,
        days: usize,
        counts: UpsertCounts,
    },
    /// A catch-up found nothing newer than what is stored.
    UpToDate { newest: NaiveDate },
    /// `--date`: nothing was published that day.
    NotPublished { day: NaiveDate },
    /// `--from/--to`: nothing was published in the range.
    NoneInRange { from: NaiveDate, to: NaiveDate },
}

/// Fetches from the ECB and stores what the options ask for, holding the
/// source's fetch lock so that overlapping runs store each day once. The run
/// is recorded in `fetch_runs`, unless it is a dry run.
pub fn run(config: &Config, options: &FetchOptions) -> anyhow::Result<FetchSummary> {
    let mut store = store::connect(&config.database)?;
    store.check_schema()?;
    let http = HttpClient::new(&config.http);
    let provider = Ecb::new(&http, &config.ecb_url, config.today);
    if options.dry_run {
        return fetch_into(&mut store, &provider, options, config.today);
    }
    let record = RunRecord {
        command: "fetch",
        provider: Some(provider.source().to_owned()),
        started_at: Utc::now(),
        ..RunRecord::default()
    };
    let outcome = store
        .lock(Lock::Fetch(provider.source()), config.lock_timeout)
        .and_then(|()| fetch_into(&mut store, &provider, options, config.today));
    super::record_run(&mut store, record, &outcome, |summary, record| {
        if let FetchOutcome::Stored { days, counts, .. } = summary.outcome {
            record.days = days as u64;
            record.counts = counts;
        }
    });
    outcome
}

/// Fetches from `provider` into `store`; the part of [`run`] that knows no
/// particular provider.
pub fn fetch_into(
    store: &mut Store,
    provider: &dyn Provider,
    options: &FetchOptions,
    today: NaiveDate,
) -> anyhow::Result<FetchSummary> {
    let source = provider.source();
    let summary = |outcome, dry_run| FetchSummary {
        source,
        outcome,
        dry_run,
    };
    let newest = match options.days {
        DaySelection::CatchUp => store.newest_day(source)?,
        _ => None,
    };
    let request = match (options.days, newest) {
        (DaySelection::CatchUp, None) => DayRequest::Latest,
        (DaySelection::CatchUp, Some(newest)) if newest >= today => {
            return Ok(summary(FetchOutcome::UpToDate { newest }, None));
        }
        (DaySelection::CatchUp, Some(newest)) => DayRequest::Range {
            from: newest + Days::new(1),
            to: today,
        },
        (DaySelection::Day(day), _) => DayRequest::Range { from: day, to: day },
        (DaySelection::Range { from, to }, _) => DayRequest::Range { from, to },
    };
    log::info!("{source}: fetching {request:?}");
    let days = provider
        .fetch(request)
        .with_context(|| format!("fetching {source} rates"))?;

    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        let outcome = match (options.days, newest) {
            (DaySelection::Day(day), _) => FetchOutcome::NotPublished { day },
            (DaySelection::Range { from, to }, _) => FetchOutcome::NoneInRange { from, to },
            (DaySelection::CatchUp, Some(newest)) => FetchOutcome::UpToDate { newest },
            (DaySelection::CatchUp, None) => anyhow::bail!("{source} returned no latest day"),
        };
        return Ok(summary(outcome, options.dry_run.then(Vec::new)));
    };
    let (first, last) = (first.date(), last.date());
    let counts = if options.dry_run {
        store.preview(source, &days)?
    } else {
        store.upsert(source, &days)?
    };
    let outcome = FetchOutcome::Stored {
        first,
        last,
        days: days.len(),
        counts,
    };
    Ok(summary(outcome, options.dry_run.then_some(days)))
}

impl fmt::Display for FetchSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = self.source;
        if let Some(days) = &self.dry_run {
            for day in days {
                for (quote, rate) in day.rates() {
                    writeln!(
                        f,
                        "{}\t{}\t{}\t{}\t{}",
                        source,
                        day.date(),
                        day.base(),
                        quote,
                        rate
                    )?;
                }
            }
            f.write_str("dry run: ")?;
        }
        match &self.outcome {
            FetchOutcome::Stored {
                first,
                last,
                days,
                counts,
            } => {
                let span = if first == last {
                    format!("1 day ({first})")
                } else {
                    format!("{days} days ({first}..{last})")
                };
                let UpsertCounts {
                    inserted,
                    updated,
                    unchanged,
                } = counts;
                let rates = inserted + updated + unchanged;
                if self.dry_run.is_some() {
                    write!(
                        f,
                        "{source}: {span}, {rates} rates: would insert {inserted}, update {updated}, leave {unchanged} unchanged; nothing written"
                    )
                } else {
                    write!(
                        f,
                        "{source}: {span}, {rates} rates: {inserted} inserted, {updated} updated, {unchanged} unchanged"
                    )
                }
            }
            FetchOutcome::UpToDate { newest } => {
                write!(f, "{source}: up to date, nothing published after {newest}")
            }
            FetchOutcome::NotPublished { day } => {
                let why = if *day < FIRST_RATE_DAY {
                    format!("reference rates start on {FIRST_RATE_DAY}")
                } else {
                    match closing_reason(*day) {
                        Some(reason) => reason.to_owned(),
                        None => format!(
                            "a {}: not published yet, or an unscheduled closing",
                            weekday_name(*day)
                        ),
                    }
                };
                write!(
                    f,
                    "{source}: no rates published for {day} ({why}); nothing stored"
                )
            }
            FetchOutcome::NoneInRange { from, to } => {
                write!(
                    f,
                    "{source}: no rates published from {from} to {to}; nothing stored"
                )
            }
        }
    }
}
