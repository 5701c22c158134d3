//! What `fetch` is asked to do, resolved from its options against today's
//! date (UTC): every check that needs no request is made here, so that a
//! usage error comes before any request.

use std::time::Duration;

use chrono::NaiveDate;

use clap::Args;

use crate::commands::args::from_not_after_to;
use crate::commands::args::{
    ProviderOrder, ProviderSettings, parse_date, parse_duration, parse_symbol,
};
use crate::error::Error;
use crate::http::HttpConfig;
use crate::model::CurrencyCode;
use crate::providers::{Home, ProviderName, ProviderSpec, Selection};

/// Options of `fxrates fetch`. The days to fetch have no environment
/// variables on purpose, nor has `--dry-run`: a leftover one would silently
/// turn every scheduled catch-up into the same backfill, or into no write at
/// all.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Fetch one day. A day without publication (weekend, holiday) stores nothing and succeeds.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, conflicts_with_all = ["from", "to"])]
    pub date: Option<NaiveDate>,

    /// Backfill every published day from this one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,

    /// Last day of the backfill [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "from")]
    pub to: Option<NaiveDate>,

    /// Download and validate, print what would be stored, write nothing.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub order: ProviderOrder,

    /// Keep only these currencies (priced against the provider's own), e.g.
    /// USD,GBP,JPY [default: all]
    #[arg(
        long,
        env = "FXRATES_SYMBOLS",
        value_delimiter = ',',
        value_parser = parse_symbol,
        value_name = "CUR[,CUR…]",
        help_heading = "Providers"
    )]
    pub symbols: Vec<CurrencyCode>,

    /// Base currency of the rates (frankfurter, frankfurter2; oxr on paid plans). A
    /// central bank publishes in its own currency only [default: the
    /// provider's own]
    #[arg(
        long,
        env = "FXRATES_BASE",
        value_parser = parse_symbol,
        value_name = "CUR",
        help_heading = "Providers"
    )]
    pub base: Option<CurrencyCode>,

    #[command(flatten)]
    pub settings: ProviderSettings,

    /// Allow plain http:// provider URLs to hosts other than loopback
    /// (rates fetched in the clear could be altered on the way).
    #[arg(long, env = "FXRATES_ALLOW_HTTP", value_parser = clap::builder::FalseyValueParser::new())]
    pub allow_http: bool,

    /// Time limit for connecting to a provider and for each whole download (e.g. 30s, 2m).
    #[arg(
        long,
        env = "FXRATES_HTTP_TIMEOUT",
        default_value = "30s",
        value_parser = parse_duration,
        value_name = "DURATION"
    )]
    pub http_timeout: Duration,

    /// How many times a download that failed in a way that may heal (connection
    /// error, timeout, HTTP 5xx or 429) is tried again, with exponential backoff.
    #[arg(
        long,
        env = "FXRATES_HTTP_RETRIES",
        default_value_t = 3,
        value_name = "N"
    )]
    pub http_retries: u32,
}

/// Which days `fetch` stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DaySelection {
    /// Every day published after the newest stored one.
    CatchUp,
    /// One day.
    Day(NaiveDate),
    /// Every day from `from` to `to`, both included.
    Range { from: NaiveDate, to: NaiveDate },
}

/// What `fetch` does, and where from.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    pub days: DaySelection,
    pub dry_run: bool,
    /// The chains to fetch, each on its own (`--provider` repeated, `;` in
    /// `FXRATES_PROVIDER`): the providers of a chain in the order they are
    /// tried, each with its URL and settings; never empty, no provider
    /// twice. The first of a chain is its main source.
    pub chains: Vec<Vec<ProviderSpec>>,
    /// `--base` and `--symbols`.
    pub selection: Selection,
    /// Limits of the HTTP client.
    pub http: HttpConfig,
}

impl FetchOptions {
    /// Checks everything that needs no request, so that a usage error comes
    /// before any: the dates against `today` (none in the future or before
    /// the first published day, `--from` not after `--to`); the providers
    /// (none twice, each able to serve `--base`, each with the secret it
    /// needs, each URL HTTPS unless the host is loopback or
    /// `FXRATES_ALLOW_HTTP` is set).
    pub fn from_args(args: &FetchArgs, today: NaiveDate) -> Result<Self, Error> {
        let chains = args.order.resolve_chains()?;
        let names = args.order.resolve()?;
        if let Some(base) = args.base {
            if let Some(name) = names.iter().find(|p| !p.supports_base(base)) {
                let any: Vec<&str> = ProviderName::all()
                    .filter(|provider| provider.supports_base(base))
                    .filter(|provider| matches!(provider.info().home, Home::AnyBase(_)))
                    .map(ProviderName::as_str)
                    .collect();
                let any = match any.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => any.join(""),
                };
                return Err(Error::Usage(format!(
                    "--base {base}: {name} publishes rates against {} only (use {any} for another base)",
                    name.default_home(),
                )));
            }
        }
        let chains = chains
            .iter()
            .map(|chain| {
                chain
                    .iter()
                    .map(|&name| {
                        ProviderSpec::new(
                            name,
                            args.settings.url(name),
                            args.settings.values_of(name),
                            args.allow_http,
                        )
                    })
                    .collect::<Result<_, _>>()
            })
            .collect::<Result<_, _>>()?;
        Ok(FetchOptions {
            days: days(args, &names, today)?,
            dry_run: args.dry_run,
            chains,
            selection: Selection {
                base: args.base,
                symbols: args.symbols.clone(),
            },
            http: HttpConfig {
                timeout: args.http_timeout,
                retries: args.http_retries,
                allow_http: args.allow_http,
                ..HttpConfig::default()
            },
        })
    }
}

/// The days `args` ask for, checked against `today` and the history of
/// each provider of the run: none before its first day, none after the
/// last day it may have published by today (tomorrow, for a publisher that
/// dates its rates ahead).
fn days(args: &FetchArgs, names: &[ProviderName], today: NaiveDate) -> Result<DaySelection, Error> {
    let check = |flag: &str, day: NaiveDate| {
        for &name in names {
            if day > name.last_day(today) {
                return Err(Error::Usage(format!(
                    "{flag} {day} is in the future (today is {today}, UTC)"
                )));
            }
            if day < name.first_day() {
                return Err(Error::Usage(format!(
                    "{flag} {day} is before {}, the first day of {name}'s rates",
                    name.first_day()
                )));
            }
        }
        Ok(day)
    };
    Ok(match (args.date, args.from, args.to) {
        (Some(day), _, _) => DaySelection::Day(check("--date", day)?),
        (None, Some(from), to) => {
            let from = check("--from", from)?;
            let to = match to {
                Some(to) => check("--to", to)?,
                None => names
                    .iter()
                    .map(|name| name.last_day(today))
                    .min()
                    .unwrap_or(today),
            };
            from_not_after_to(from, to)?;
            DaySelection::Range { from, to }
        }
        (None, None, _) => DaySelection::CatchUp,
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::{Cli, Command};
    use crate::model::parse_date;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    /// The days `fxrates fetch ARGS…` asks for on 2024-07-01.
    fn fetch(args: &[&str]) -> Result<DaySelection, Error> {
        let line = ["fxrates", "fetch"].iter().chain(args);
        let cli = Cli::try_parse_from(line).expect("a command line that parses");
        let Command::Fetch(args) = cli.command else {
            unreachable!("parsed as fetch")
        };
        let names = args.order.resolve().expect("known providers");
        days(&args, &names, day("2024-07-01"))
    }

    #[test]
    fn no_dates_means_catch_up() {
        assert_eq!(fetch(&[]).ok(), Some(DaySelection::CatchUp));
    }

    #[test]
    fn a_range_ends_today_by_default() {
        assert_eq!(
            fetch(&["--from", "2024-06-01"]).ok(),
            Some(DaySelection::Range {
                from: day("2024-06-01"),
                to: day("2024-07-01")
            })
        );
    }

    #[test]
    fn each_provider_has_its_own_first_day_and_nbu_dates_tomorrow() {
        assert_eq!(
            fetch(&[
                "--provider",
                "mnb",
                "--from",
                "1949-01-03",
                "--to",
                "1949-01-08"
            ])
            .ok(),
            Some(DaySelection::Range {
                from: day("1949-01-03"),
                to: day("1949-01-08")
            })
        );
        assert_eq!(
            fetch(&["--provider", "mnb,ecb", "--from", "1990-01-01"])
                .expect_err("ecb starts later")
                .to_string(),
            "--from 1990-01-01 is before 1999-01-04, the first day of ecb's rates"
        );
        assert_eq!(
            fetch(&["--provider", "nbu", "--date", "2024-07-02"]).ok(),
            Some(DaySelection::Day(day("2024-07-02")))
        );
        assert_eq!(
            fetch(&["--provider", "nbu", "--from", "2024-06-30"]).ok(),
            Some(DaySelection::Range {
                from: day("2024-06-30"),
                to: day("2024-07-02")
            })
        );
        assert_eq!(
            fetch(&["--provider", "nbu", "--date", "2024-07-03"])
                .expect_err("the day after tomorrow")
                .to_string(),
            "--date 2024-07-03 is in the future (today is 2024-07-01, UTC)"
        );
    }

    #[test]
    fn days_out_of_reach_and_reversed_ranges_are_usage_errors() {
        for (args, expected) in [
            (
                &["--date", "2024-07-02"][..],
                "--date 2024-07-02 is in the future",
            ),
            (
                &["--from", "2024-07-02"],
                "--from 2024-07-02 is in the future",
            ),
            (
                &["--from", "2024-06-01", "--to", "2024-07-02"],
                "--to 2024-07-02 is in the future",
            ),
            (
                &["--from", "2024-06-02", "--to", "2024-06-01"],
                "--from 2024-06-02 is after --to 2024-06-01",
            ),
            (
                &["--date", "1998-12-31"],
                "--date 1998-12-31 is before 1999-01-04, the first day of ecb's rates",
            ),
            (
                &["--from", "1999-02-01", "--to", "1998-12-31"],
                "--to 1998-12-31 is before 1999-01-04",
            ),
        ] {
            let err = fetch(args).expect_err(expected);
            assert!(matches!(err, Error::Usage(_)));
            assert!(err.to_string().contains(expected), "{err}");
        }
    }
}
