//! The resolved configuration: what the commands take instead of clap structs.
//!
//! Resolution happens once, against an explicit `today` (UTC), so the checks
//! that depend on the date (no future days, `--from` not after `--to`) are
//! made here and tests can fix the clock.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::Age;
use crate::cli::{CleanArgs, FetchArgs, GlobalArgs, ProviderOrder, StatusArgs, StatusFormat};
use crate::error::Error;
use crate::http::HttpConfig;
use crate::model::FIRST_RATE_DAY;
use crate::providers::{Home, ProviderName, ProviderSpec, Release, Selection};
use crate::store::DatabaseConfig;

/// Settings every command shares.
#[derive(Clone, Debug)]
pub struct Config {
    /// How to reach PostgreSQL.
    pub database: DatabaseConfig,
    /// `--quiet`: nothing on success, no progress bar.
    pub quiet: bool,
    /// How long a run waits for another holding the same lock.
    pub lock_timeout: Duration,
    /// Today's date in UTC: the end of a catch-up and of a default range.
    pub today: NaiveDate,
}

impl Config {
    /// Resolves the global options. The database URL falls back to
    /// `database_url_fallback` (the value of `DATABASE_URL`); an empty value
    /// counts as unset, as a cleared line of an environment file means.
    pub fn new(
        args: &GlobalArgs,
        database_url_fallback: Option<String>,
        today: NaiveDate,
    ) -> Result<Self, Error> {
        let set = |url: Option<String>| url.filter(|url| !url.trim().is_empty());
        Ok(Config {
            database: DatabaseConfig {
                url: set(args.database_url.clone()).or(set(database_url_fallback)),
                ca_file: args.database_ca_file.clone(),
            },
            quiet: args.quiet,
            lock_timeout: args.lock_timeout,
            today,
        })
    }
}

impl ProviderOrder {
    /// The providers, first choice first; a [`Error::Usage`] for an empty
    /// list or a provider named twice.
    pub fn resolve(&self) -> Result<Vec<ProviderName>, Error> {
        providers(&self.providers)
    }

    /// The sources `show` and `convert` read from when `--source` is not
    /// given, and `status` checks, first choice first.
    pub fn sources(&self) -> Result<Vec<String>, Error> {
        Ok(self
            .resolve()?
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect())
    }
}

/// The `--provider` list, refusing a repeat (which would only try the same
/// provider twice) and an empty list.
pub fn providers(names: &[ProviderName]) -> Result<Vec<ProviderName>, Error> {
    if names.is_empty() {
        return Err(Error::Usage("--provider names no provider".to_owned()));
    }
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            return Err(Error::Usage(format!("--provider lists {name} twice")));
        }
    }
    Ok(names.to_vec())
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
    /// The providers to fetch from, in the order they are tried
    /// (`FXRATES_PROVIDER`), each with its URL and settings; never empty, no
    /// provider twice. The first is the main source.
    pub providers: Vec<ProviderSpec>,
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
    pub fn new(args: &FetchArgs, today: NaiveDate) -> Result<Self, Error> {
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
        let providers = names
            .iter()
            .map(|&name| {
                ProviderSpec::new(
                    name,
                    args.settings.url(name),
                    args.settings.values_of(name),
                    args.allow_http,
                )
            })
            .collect::<Result<_, _>>()?;
        Ok(FetchOptions {
            days: days(args, today)?,
            dry_run: args.dry_run,
            providers,
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

/// The days `args` ask for, checked against `today`. A `--from` before the
/// first published day means from that day: "everything since".
fn days(args: &FetchArgs, today: NaiveDate) -> Result<DaySelection, Error> {
    let check = |flag: &str, day: NaiveDate| {
        if day > today {
            Err(Error::Usage(format!(
                "{flag} {day} is in the future (today is {today}, UTC)"
            )))
        } else if day < FIRST_RATE_DAY {
            Err(Error::Usage(format!(
                "{flag} {day} is before {FIRST_RATE_DAY}, the first day of the reference rates"
            )))
        } else {
            Ok(day)
        }
    };
    Ok(match (args.date, args.from, args.to) {
        (Some(day), _, _) => DaySelection::Day(check("--date", day)?),
        (None, Some(from), to) => {
            let to = match to {
                Some(to) => check("--to", to)?,
                None => today,
            };
            let from = check("--from", from.max(FIRST_RATE_DAY))?;
            if from > to {
                return Err(Error::Usage(format!("--from {from} is after --to {to}")));
            }
            DaySelection::Range { from, to }
        }
        (None, None, _) => DaySelection::CatchUp,
    })
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
    pub fn new(args: &CleanArgs, today: NaiveDate) -> Result<Self, Error> {
        let cutoff = args.older_than.cutoff(today).ok_or_else(|| {
            Error::Usage(format!(
                "--older-than {} reaches before the year 1",
                args.older_than
            ))
        })?;
        Ok(CleanOptions {
            older_than: args.older_than,
            cutoff,
            dry_run: args.dry_run,
        })
    }
}

/// What `status` checks and how it prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusOptions {
    /// When the report is made: the ages it gives are counted back from here.
    pub now: DateTime<Utc>,
    pub max_age: Age,
    /// A source that publishes daily is stale when its newest day is
    /// before this one (see [`StatusOptions::oldest_fresh_day_of`]).
    pub oldest_fresh_day: NaiveDate,
    pub format: StatusFormat,
    /// Where to write the report as Prometheus metrics, if anywhere.
    pub metrics_file: Option<PathBuf>,
    /// The sources the verdict is about, in provider order: those of
    /// `FXRATES_PROVIDER`, which the scheduled fetch uses too. Others
    /// (a trial of another provider) are reported but not judged.
    pub checked: Vec<String>,
}

impl StatusOptions {
    /// Today's date (UTC), which `--max-age` counts back from.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Works out the oldest fresh day from `now`'s date (UTC).
    pub fn new(args: &StatusArgs, now: DateTime<Utc>) -> Result<Self, Error> {
        let oldest_fresh_day = args.max_age.cutoff(now.date_naive()).ok_or_else(|| {
            Error::Usage(format!(
                "--max-age {} reaches before the year 1",
                args.max_age
            ))
        })?;
        Ok(StatusOptions {
            now,
            max_age: args.max_age,
            oldest_fresh_day,
            format: args.format,
            metrics_file: args.metrics_file.clone(),
            checked: args.order.sources()?,
        })
    }
}

impl StatusOptions {
    /// The release rhythm of `source`'s provider: daily for a source
    /// fxrates has no provider for.
    pub fn release_of(source: &str) -> Release {
        ProviderName::find(source).map_or(Release::Daily, |provider| provider.info().release)
    }

    /// The oldest day that counts as fresh for `source`: `--max-age` back
    /// from the newest day its provider is due to have published by today
    /// ([`Release::covered_by`]): today for a daily one, the end of the
    /// week its latest release covers for a weekly one.
    pub fn oldest_fresh_day_of(&self, source: &str) -> NaiveDate {
        let covered = Self::release_of(source).covered_by(self.today());
        self.max_age.cutoff(covered).unwrap_or(NaiveDate::MIN)
    }
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
        days(&args, day("2024-07-01"))
    }

    #[test]
    fn a_provider_listed_twice_is_a_usage_error() {
        let name = |s: &str| s.parse::<ProviderName>().expect("known");
        let (ecb, oxr, frankfurter) = (name("ecb"), name("oxr"), name("frankfurter"));
        assert_eq!(providers(&[oxr, ecb]).ok(), Some(vec![oxr, ecb]));
        let err = providers(&[ecb, frankfurter, ecb]).expect_err("repeat");
        assert_eq!(err.to_string(), "--provider lists ecb twice");
        assert!(providers(&[]).is_err());
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
    fn a_range_from_before_the_first_day_starts_on_it() {
        assert_eq!(
            fetch(&["--from", "1990-01-01", "--to", "1999-01-08"]).ok(),
            Some(DaySelection::Range {
                from: day("1999-01-04"),
                to: day("1999-01-08")
            })
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
                "--date 1998-12-31 is before 1999-01-04, the first day of the reference rates",
            ),
            (
                &["--from", "1990-01-01", "--to", "1998-12-31"],
                "--to 1998-12-31 is before 1999-01-04",
            ),
        ] {
            let err = fetch(args).expect_err(expected);
            assert!(matches!(err, Error::Usage(_)));
            assert!(err.to_string().contains(expected), "{err}");
        }
    }
}
