//! The runs of a fetch: every chain of providers at once, a thread and a
//! database connection each, and within a chain each provider in order
//! until one serves, under its source's lock and recorded in `fetch_runs`.

use std::io::IsTerminal as _;

use anyhow::Context;
use chrono::{NaiveDate, Utc};

use super::{Against, FetchOptions, FetchOutcome, FetchSummary, fetch_into, stopped_note};
use crate::commands::Config;
use crate::error::{Error, Exit, exit_code, one_line};
use crate::http::HttpClient;
use crate::providers::{Home, Provider, ProviderSpec, oxr};
use crate::store::{self, Lock, RunRecord, Store};

/// Fetches every chain of the options on its own, at the same time (a
/// thread and a database connection each), and hands each summary to
/// `each`, in chain order. A chain that fails does not stop the others:
/// with one chain its error is returned as is; with several, one
/// [`Error::ChainsFailed`] names every chain that failed, after the
/// summaries of those that did not.
pub fn run(
    config: &Config,
    options: &FetchOptions,
    each: &mut dyn FnMut(&FetchSummary) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let [chain] = options.chains.as_slice() {
        return each(&run_chain(config, options, chain)?);
    }
    // A database that every chain would fail on is said once, as with one.
    let mut store = store::connect(&config.database)?;
    if !options.dry_run {
        store.check_writable()?;
    }
    store.check_schema()?;
    drop(store);
    let outcomes: Vec<anyhow::Result<FetchSummary>> = std::thread::scope(|scope| {
        let threads: Vec<_> = options
            .chains
            .iter()
            .map(|chain| scope.spawn(|| run_chain(config, options, chain)))
            .collect();
        threads
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("the fetch of the chain panicked")))
            })
            .collect()
    });
    let mut failures = Vec::new();
    for (chain, outcome) in options.chains.iter().zip(outcomes) {
        match outcome {
            Ok(summary) => each(&summary)?,
            Err(err) => {
                let name = chain_name(chain);
                let line = match chain.as_slice() {
                    [single] => provider_error(single.name().as_str(), &err),
                    _ => one_line(&err),
                };
                failures.push((name, line, exit_code(&err)));
            }
        }
    }
    if failures.is_empty() {
        return Ok(());
    }
    Err(Error::chains_failed(failures).into())
}

/// `mnb,ecb`: a chain as `--provider` names it.
fn chain_name(chain: &[ProviderSpec]) -> String {
    chain
        .iter()
        .map(|spec| spec.name().as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Fetches what the options ask for from the providers of one chain, in
/// order, until one serves, on a connection of its own. Each provider is
/// fetched holding its source's fetch lock, so that overlapping runs store
/// each day once, and each one tried is recorded in `fetch_runs` (unless it
/// is a dry run), failures included. A provider failure (unreachable, HTTP
/// error, invalid data, a refused `--base`) moves on to the next provider;
/// a database or lock failure ends the chain at once, since no other
/// provider would fare better.
fn run_chain(
    config: &Config,
    options: &FetchOptions,
    chain: &[ProviderSpec],
) -> anyhow::Result<FetchSummary> {
    let mut store = store::connect(&config.database)?;
    if !options.dry_run {
        store.check_writable()?;
    }
    store.check_schema()?;
    let http = HttpClient::new(&options.http);
    let mut failed: Vec<(&'static str, anyhow::Error)> = Vec::new();
    let progress = oxr::shows_progress(std::io::stderr().is_terminal(), config.quiet);
    for spec in chain {
        let provider = spec.build(&http, options.selection.clone(), config.today, progress);
        let source = provider.source();
        let home = match spec.name().info().home {
            Home::Fixed(home) => Against::Either(home),
            Home::AnyBase(default) => Against::Base(options.selection.base.unwrap_or(default)),
        };
        let last_day = spec.name().last_day(config.today);
        let outcome = if options.dry_run {
            fetch_into(&mut store, provider.as_ref(), home, options, last_day, None)
        } else {
            fetch_recorded(
                &mut store,
                provider.as_ref(),
                home,
                options,
                config,
                last_day,
            )
        };
        match outcome {
            Ok(mut summary) => {
                if !failed.is_empty() {
                    log::info!("{source} served after {}", failures(&failed));
                }
                summary.failed = failed
                    .iter()
                    .map(|(source, err)| (*source, provider_error(source, err)))
                    .collect();
                return Ok(summary);
            }
            Err(err) if matches!(exit_code(&err), Exit::Database | Exit::Locked) => {
                return Err(err);
            }
            Err(err) => {
                // Said once more in the summary or the final error: a
                // warning here would make stderr more than one line.
                if chain.len() > 1 {
                    log::info!("{source} failed: {}", provider_error(source, &err));
                }
                failed.push((source, err));
            }
        }
    }
    let last = failed.pop().context("no provider configured")?;
    if failed.is_empty() {
        return Err(last.1);
    }
    let code = exit_code(&last.1);
    failed.push(last);
    Err(Error::AllProvidersFailed {
        failures: failures(&failed),
        code,
    }
    .into())
}

/// [`fetch_into`] under the source's fetch lock, recorded in `fetch_runs`.
/// The lock is released afterwards, so that a fallback does not keep a
/// concurrent run of the failed source waiting.
fn fetch_recorded(
    store: &mut Store,
    provider: &dyn Provider,
    home: Against,
    options: &FetchOptions,
    config: &Config,
    last_day: NaiveDate,
) -> anyhow::Result<FetchSummary> {
    let source = provider.source();
    let id = store.reserve_run_id()?;
    let record = RunRecord {
        id: Some(id),
        command: "fetch",
        provider: Some(source.to_owned()),
        started_at: Utc::now(),
        ..RunRecord::default()
    };
    let outcome = store
        .lock(Lock::Fetch(source), config.lock_timeout)
        .and_then(|()| {
            let outcome = fetch_into(store, provider, home, options, last_day, Some(id));
            if let Err(err) = store.unlock(Lock::Fetch(source)) {
                // After a failed write the connection is often gone too:
                // that is the failure already reported, not news.
                if outcome.is_ok() {
                    log::warn!("{}", one_line(&err));
                } else {
                    log::debug!("{}", one_line(&err));
                }
            }
            outcome
        });
    crate::commands::record_run(store, record, &outcome, |summary, record| {
        if let FetchOutcome::Stored { days, counts, .. } = summary.outcome {
            record.days = days as u64;
            record.counts = counts;
        }
        record.warning = stopped_note(summary.source, &summary.stopped);
    });
    outcome
}

/// Why `source` failed, without the `fetching … rates` that every one of
/// its errors starts with.
fn provider_error(source: &str, err: &anyhow::Error) -> String {
    let line = one_line(err);
    let prefix = format!("fetching {source} rates: ");
    line.strip_prefix(&prefix).unwrap_or(&line).to_owned()
}

/// `ecb: …; frankfurter: …`
fn failures(failed: &[(&'static str, anyhow::Error)]) -> String {
    failed
        .iter()
        .map(|(source, err)| format!("{source}: {}", provider_error(source, err)))
        .collect::<Vec<_>>()
        .join("; ")
}
