//! `fxrates fetch`: download published rates and store them.
//!
//! Without dates it catches up: every day published after the newest stored
//! day of the source, so a missed run or an outage heals at the next run. A
//! fetch stores all its days in one transaction or none of them.

use std::fmt;

use anyhow::Context;
use chrono::{Days, NaiveDate};

use crate::error::Error;
use crate::model::{CurrencyCode, DayRates, weekday_name};
use crate::providers::{Absent, DayRequest, Provider, ProviderName, Week, check_answer};
use crate::read::LOOKBACK_DAYS;
use crate::store::{Store, UpsertCounts};

mod chains;
mod options;

pub use self::chains::run;
pub use self::options::{DaySelection, FetchArgs, FetchOptions};

/// What a fetch stored, or would store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchSummary {
    /// The `source` the rows are stored under: the provider that served.
    pub source: &'static str,
    pub outcome: FetchOutcome,
    /// With `--dry-run`: the days that would be stored, printed before the
    /// summary one tab-separated line per rate: source, date, base, quote,
    /// unit, rate, series (`mid`, or `buying`, `selling`… where a publisher
    /// prints several figures a pair).
    pub dry_run: Option<Vec<DayRates>>,
    /// `--date` on a day the provider answered with an earlier one: the day
    /// asked for. Not for a day within the period the answer states (a
    /// month dated the 1st answers every day of it).
    pub asked_for: Option<NaiveDate>,
    /// The providers tried before the one that served, each with why it failed.
    pub failed: Vec<(&'static str, String)>,
    /// A catch-up with `--symbols`: the currencies it stored that were not
    /// stored up to where it resumed, with their newest day before (`None`:
    /// never), so that only the days it fetched hold them.
    pub behind: Vec<Behind>,
    /// Currencies of `--symbols` the provider stopped publishing: absent
    /// from the newest day it answered with, each with the last day it had.
    pub stopped: Vec<(CurrencyCode, NaiveDate)>,
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
    NotPublished {
        day: NaiveDate,
        /// The day is today (UTC): its rates may still come.
        due_today: bool,
    },
    /// `--from/--to`: nothing was published in the range.
    NoneInRange { from: NaiveDate, to: NaiveDate },
    /// A first run: the provider published nothing in the days it looks
    /// back over for its latest day (a holiday season, a first run on a
    /// Monday morning before a weekly release).
    NoneRecently,
}

/// The currency a run's rates are against, as the catch-up finds its days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Against {
    /// A central bank's own currency, on either side of every rate it prints.
    Either(CurrencyCode),
    /// The base asked for from a source that quotes against any base.
    Base(CurrencyCode),
}

impl Against {
    /// The currency, and whether it must be the base of a row.
    fn parts(self) -> (CurrencyCode, bool) {
        match self {
            Against::Either(home) => (home, false),
            Against::Base(base) => (base, true),
        }
    }
}

/// A currency of `--symbols` whose newest stored day, if any, is older
/// than where a catch-up resumes.
type Behind = (CurrencyCode, Option<NaiveDate>);

/// Where a catch-up resumes: after the newest day stored for what the run
/// asks for, the source and the base (`home`), and with `--symbols` each of
/// them. A symbol stored less recently than the others pulls the catch-up
/// back to its own newest day, within the look-back; one stored longer ago
/// (a currency the publisher stopped, or one left out of `--symbols` for a
/// while) or never is left behind and named, since the catch-up stores it
/// only from the days it fetches on.
fn catch_up_point(
    store: &mut Store,
    source: &str,
    home: Against,
    symbols: &[CurrencyCode],
) -> anyhow::Result<(Option<NaiveDate>, Vec<Behind>)> {
    let (currency, home_is_base) = home.parts();
    if symbols.is_empty() {
        let base = home_is_base.then_some(currency);
        return Ok((store.newest_day(source, base)?, Vec::new()));
    }
    let each = store.newest_day_of_each(source, currency, home_is_base, symbols)?;
    // Nothing stored of any of them: a first fetch, as without --symbols.
    let Some(latest) = each.iter().filter_map(|(_, day)| *day).max() else {
        return Ok((None, Vec::new()));
    };
    let horizon = latest - Days::new(u64::from(LOOKBACK_DAYS));
    let newest = each
        .iter()
        .filter_map(|(_, day)| *day)
        .filter(|day| *day >= horizon)
        .min();
    let behind = each
        .into_iter()
        .filter(|(_, day)| day.is_none_or(|day| day < horizon))
        .collect();
    Ok((newest, behind))
}

/// What the symbols `absent` from the newest day a provider answered with
/// are: each stopped after the last day it was published (in the answer or
/// stored), or, never published at all, a usage error.
fn stopped_symbols(
    store: &mut Store,
    source: &str,
    home: Against,
    absent: &[Absent],
    request: DayRequest,
) -> anyhow::Result<Vec<(CurrencyCode, NaiveDate)>> {
    if absent.is_empty() {
        return Ok(Vec::new());
    }
    let (currency, home_is_base) = home.parts();
    let codes: Vec<CurrencyCode> = absent.iter().map(|absent| absent.code).collect();
    let stored = store.newest_day_of_each(source, currency, home_is_base, &codes)?;
    let mut stopped = Vec::with_capacity(absent.len());
    let mut never = Vec::new();
    for (absent, (_, stored)) in absent.iter().zip(stored) {
        match absent.last_seen.max(stored) {
            Some(last) => stopped.push((absent.code, last)),
            None => never.push(absent.code.as_str()),
        }
    }
    if !never.is_empty() {
        return Err(Error::Usage(format!(
            "{source} published no {} rate for {request} and none is stored: \
             drop {} from --symbols (FXRATES_SYMBOLS)",
            never.join(", "),
            if never.len() == 1 { "it" } else { "them" }
        ))
        .into());
    }
    Ok(stopped)
}

/// `ecb published no BGN rate after 2025-12-31: …`: the one wording of a
/// currency the publisher stopped, for the log, the summary and `status`.
pub fn stopped_note(source: &str, stopped: &[(CurrencyCode, NaiveDate)]) -> Option<String> {
    let each: Vec<String> = stopped
        .iter()
        .map(|(code, last)| format!("{code} rate after {last}"))
        .collect();
    (!each.is_empty()).then(|| {
        format!(
            "{source} published no {}: drop {} from --symbols (FXRATES_SYMBOLS) if it stopped",
            each.join(", no "),
            if each.len() == 1 { "it" } else { "them" }
        )
    })
}

/// What a fetch asks a provider for, worked out once from the days asked
/// for and the catch-up point.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Plan {
    /// A catch-up with nothing newer than the newest stored day to ask for.
    UpToDate(NaiveDate),
    /// Ask for `request`; `nothing` is the outcome when no day comes back
    /// (`None`: an error, since a provider always has a latest day), `why`
    /// what the log line says first.
    Ask {
        request: DayRequest,
        nothing: FetchOutcome,
        why: String,
    },
}

/// The [`Plan`] for `days` with `newest` the catch-up point, up to
/// `last_day`: today, or later for a provider that dates its rates ahead.
/// A provider that `revises_newest` (a snapshot of the day) is asked for its
/// newest stored day again.
fn plan(
    days: DaySelection,
    newest: Option<NaiveDate>,
    revises_newest: bool,
    last_day: NaiveDate,
) -> Plan {
    let ask = |request, nothing, why: String| Plan::Ask {
        request,
        nothing,
        why,
    };
    match (days, newest) {
        (DaySelection::CatchUp, None) => ask(
            DayRequest::Latest,
            FetchOutcome::NoneRecently,
            "nothing stored yet: ".to_owned(),
        ),
        (DaySelection::CatchUp, Some(newest)) if revises_newest => ask(
            DayRequest::Range {
                from: newest.min(last_day),
                to: last_day,
            },
            FetchOutcome::UpToDate { newest },
            format!("catching up from {newest}, the newest stored day, which may have changed: "),
        ),
        (DaySelection::CatchUp, Some(newest)) if newest >= last_day => Plan::UpToDate(newest),
        (DaySelection::CatchUp, Some(newest)) => ask(
            DayRequest::Range {
                from: newest + Days::new(1),
                to: last_day,
            },
            FetchOutcome::UpToDate { newest },
            format!("catching up after {newest}: "),
        ),
        (DaySelection::Day(day), _) => ask(
            DayRequest::Day(day),
            FetchOutcome::NotPublished {
                day,
                due_today: day >= last_day,
            },
            String::new(),
        ),
        (DaySelection::Range { from, to }, _) => ask(
            DayRequest::Range { from, to },
            FetchOutcome::NoneInRange { from, to },
            String::new(),
        ),
    }
}

/// Fetches from `provider` into `store`; the part of [`run`] that knows no
/// particular provider. `home` is the currency the run's rates are against:
/// the central bank's own, or `--base` (else the provider's default).
/// `last_day` is the newest day the provider may have published by today
/// (tomorrow, for one that dates its rates ahead): where a catch-up ends.
/// `run` is the `fetch_runs.id` reserved for the run, which the revisions
/// it stores name.
pub fn fetch_into(
    store: &mut Store,
    provider: &dyn Provider,
    home: Against,
    options: &FetchOptions,
    last_day: NaiveDate,
    run: Option<i64>,
) -> anyhow::Result<FetchSummary> {
    let source = provider.source();
    let summary = |outcome, dry_run| FetchSummary {
        source,
        outcome,
        dry_run,
        asked_for: None,
        failed: Vec::new(),
        behind: Vec::new(),
        stopped: Vec::new(),
    };
    let (newest, behind) = match options.days {
        DaySelection::CatchUp => catch_up_point(store, source, home, &options.selection.symbols)?,
        _ => (None, Vec::new()),
    };
    let (request, nothing, why) = match plan(
        options.days,
        newest,
        provider.revises_newest_day(),
        last_day,
    ) {
        Plan::UpToDate(newest) => {
            return Ok(summary(FetchOutcome::UpToDate { newest }, None));
        }
        Plan::Ask {
            request,
            nothing,
            why,
        } => (request, nothing, why),
    };
    log::info!("{source}: {why}fetching {request}");
    let (days, absent) = fetch_checked(provider, request, options, last_day)?;
    let stopped = stopped_symbols(store, source, home, &absent, request)?;
    if let Some(note) = stopped_note(source, &stopped) {
        log::warn!("{note}");
    }

    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        let mut summary = summary(nothing, options.dry_run.then(Vec::new));
        summary.stopped = stopped;
        return Ok(summary);
    };
    let in_force = first.date()..=first.last_day();
    let (first, last) = (first.date(), last.date());
    let counts = if options.dry_run {
        store.preview(source, &days)?
    } else {
        store.upsert(source, &days, run)?
    };
    let outcome = FetchOutcome::Stored {
        first,
        last,
        days: days.len(),
        counts,
    };
    let mut summary = summary(outcome, None);
    summary.behind = found_in(&days, behind);
    summary.dry_run = options.dry_run.then_some(days);
    summary.stopped = stopped;
    if let DaySelection::Day(day) = options.days {
        summary.asked_for = (!in_force.contains(&day)).then_some(day);
    }
    Ok(summary)
}

/// Asks `provider` for `request` and holds the answer to what was asked:
/// days in order, none after `last_day` + 1, within the range asked, each
/// whole by `--symbols` (a partial day is refused). Returns the days kept
/// and what of `--symbols` they lack.
fn fetch_checked(
    provider: &dyn Provider,
    request: DayRequest,
    options: &FetchOptions,
    last_day: NaiveDate,
) -> anyhow::Result<(Vec<DayRates>, Vec<Absent>)> {
    let source = provider.source();
    let days = provider
        .fetch(request)
        .with_context(|| format!("fetching {source} rates"))?;
    // Every parser refuses a day it was not asked for; this holds the
    // provider as a whole to it, so that a slip stores nothing.
    let asked = match request {
        DayRequest::Range { from, to } => Some((from, to)),
        DayRequest::Latest | DayRequest::Day(_) => None,
    };
    check_answer(&days, asked, last_day + Days::new(1)).map_err(|reason| {
        anyhow::anyhow!(
            "{source} answered {request} with days out of order or not asked for: {reason}"
        )
    })?;
    options
        .selection
        .reduce(days, provider.sparse_days())
        .map_err(|reason| Error::PartialDay {
            provider: source.to_owned(),
            reason,
        })
        .with_context(|| format!("fetching {source} rates"))
}

/// The currencies left `behind` that `days` hold: stored from them on, with
/// the gap named.
fn found_in(
    days: &[DayRates],
    behind: Vec<(CurrencyCode, Option<NaiveDate>)>,
) -> Vec<(CurrencyCode, Option<NaiveDate>)> {
    let fetched = |code: CurrencyCode| {
        days.iter().any(|day| {
            day.rates()
                .iter()
                .any(|rate| rate.other(day.home()) == code)
        })
    };
    behind
        .into_iter()
        .filter(|(code, _)| fetched(*code))
        .collect()
}

impl fmt::Display for FetchSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_outcome(f)?;
        if let (Some(asked), FetchOutcome::Stored { first, .. }) = (self.asked_for, &self.outcome) {
            write!(
                f,
                " ({asked} is a {} without publication: {} answered with {first})",
                weekday_name(asked),
                self.source
            )?;
        }
        if let FetchOutcome::Stored { first, .. } = &self.outcome {
            let never: Vec<&str> = self
                .behind
                .iter()
                .filter(|(_, before)| before.is_none())
                .map(|(code, _)| code.as_str())
                .collect();
            if !never.is_empty() {
                write!(
                    f,
                    " ({} stored from {first} on: nothing of it was stored before; backfill with fetch --from)",
                    never.join(", ")
                )?;
            }
            for (code, before) in &self.behind {
                if let Some(before) = before {
                    write!(
                        f,
                        " ({code} stored from {first} on: none stored after {before}; backfill the gap with fetch --from)"
                    )?;
                }
            }
        }
        if let Some(note) = stopped_note(self.source, &self.stopped) {
            write!(f, " ({note})")?;
        }
        for (source, why) in &self.failed {
            write!(f, " ({source} failed: {why})")?;
        }
        Ok(())
    }
}

impl FetchSummary {
    fn fmt_outcome(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = self.source;
        if let Some(days) = &self.dry_run {
            write_rows(f, source, days)?;
            f.write_str("dry run: ")?;
        }
        match &self.outcome {
            FetchOutcome::Stored {
                first,
                last,
                days,
                counts,
            } => self.fmt_stored(f, (*first, *last), *days, counts),
            FetchOutcome::UpToDate { newest } => {
                write!(f, "{source}: up to date, nothing published after {newest}")
            }
            FetchOutcome::NotPublished { day, due_today } => {
                let week = ProviderName::find(source).map_or(Week::Target, |p| p.info().week);
                let why = match week.closing_reason(*day) {
                    Some(reason) => reason.to_owned(),
                    None if *due_today => format!(
                        "a {}: not published yet, or an unscheduled closing",
                        weekday_name(*day)
                    ),
                    None => format!("a {}: an unscheduled closing?", weekday_name(*day)),
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
            FetchOutcome::NoneRecently => {
                write!(
                    f,
                    "{source}: no rates published recently, so no latest day; nothing stored"
                )
            }
        }
    }

    /// `ecb: 3 days (2024-06-26..2024-06-28), 90 rates: 90 inserted, …`, or
    /// what a dry run would do.
    fn fmt_stored(
        &self,
        f: &mut fmt::Formatter<'_>,
        (first, last): (NaiveDate, NaiveDate),
        days: usize,
        counts: &UpsertCounts,
    ) -> fmt::Result {
        let source = self.source;
        let range = if first == last {
            first.to_string()
        } else {
            format!("{first}..{last}")
        };
        let span = format!("{} ({range})", crate::render::count(days as u64, "day"));
        let UpsertCounts {
            inserted,
            updated,
            unchanged,
        } = counts;
        let rates = crate::render::count(inserted + updated + unchanged, "rate");
        if self.dry_run.is_some() {
            write!(
                f,
                "{source}: {span}, {rates}: would insert {inserted}, revise {updated}, leave {unchanged} unchanged; nothing written"
            )
        } else {
            write!(
                f,
                "{source}: {span}, {rates}: {inserted} inserted, {updated} revised, {unchanged} unchanged"
            )
        }
    }
}

/// A dry run's rows, one a line: source, day, base, quote, unit, rate and
/// series, tab-separated.
fn write_rows(f: &mut fmt::Formatter<'_>, source: &str, days: &[DayRates]) -> fmt::Result {
    for day in days {
        for rate in day.rates() {
            writeln!(
                f,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                source,
                day.date(),
                rate.base,
                rate.quote,
                rate.unit,
                rate.rate,
                rate.series
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::model::parse_date(s).expect("a date")
    }

    #[test]
    fn a_catch_up_asks_after_the_newest_day_and_is_up_to_date_on_it() {
        let today = day("2024-07-01");
        assert_eq!(
            plan(DaySelection::CatchUp, Some(day("2024-06-28")), false, today),
            Plan::Ask {
                request: DayRequest::Range {
                    from: day("2024-06-29"),
                    to: today
                },
                nothing: FetchOutcome::UpToDate {
                    newest: day("2024-06-28")
                },
                why: "catching up after 2024-06-28: ".to_owned(),
            }
        );
        assert_eq!(
            plan(DaySelection::CatchUp, Some(today), false, today),
            Plan::UpToDate(today)
        );
        // A snapshot of today is asked for again.
        assert!(matches!(
            plan(DaySelection::CatchUp, Some(today), true, today),
            Plan::Ask { request: DayRequest::Range { from, to }, .. } if from == today && to == today
        ));
        // Nothing stored: the latest day, which a provider always has.
        assert!(matches!(
            plan(DaySelection::CatchUp, None, false, today),
            Plan::Ask {
                request: DayRequest::Latest,
                nothing: FetchOutcome::NoneRecently,
                ..
            }
        ));
    }

    #[test]
    fn a_day_or_a_range_without_publication_says_so() {
        let today = day("2024-07-01");
        assert!(matches!(
            plan(DaySelection::Day(today), None, false, today),
            Plan::Ask {
                nothing: FetchOutcome::NotPublished {
                    due_today: true,
                    ..
                },
                ..
            }
        ));
        let (from, to) = (day("2024-06-01"), day("2024-06-30"));
        assert!(matches!(
            plan(DaySelection::Range { from, to }, None, false, today),
            Plan::Ask {
                nothing: FetchOutcome::NoneInRange { .. },
                ..
            }
        ));
    }
}
