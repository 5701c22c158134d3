//! The resolved configuration: what the commands take instead of clap structs.
//!
//! Resolution happens once, against an explicit `today` (UTC), so the checks
//! that depend on the date (no future days, `--from` not after `--to`) are
//! made here and tests can fix the clock.

use std::time::Duration;

use chrono::NaiveDate;

use crate::calendar::Age;
use crate::cli::{CleanArgs, FetchArgs, GlobalArgs, StatusArgs, StatusFormat};
use crate::error::Error;
use crate::http::{HttpConfig, check_url};
use crate::notify::MailConfig;
use crate::providers::oxr::AppId;
use crate::providers::{ProviderName, Selection};
use crate::store::DatabaseConfig;

/// Settings every command shares.
#[derive(Clone, Debug)]
pub struct Config {
    /// How to reach PostgreSQL.
    pub database: DatabaseConfig,
    /// Limits of the HTTP client.
    pub http: HttpConfig,
    /// The providers to fetch from, in the order they are tried
    /// (`FXRATES_PROVIDER`); never empty, no provider twice. The first is
    /// the main source.
    pub providers: Vec<ProviderName>,
    /// `--base` and `--symbols`.
    pub selection: Selection,
    /// Base URL of the ECB files (`FXRATES_ECB_URL`).
    pub ecb_url: String,
    /// Base URL of the Frankfurter API (`FXRATES_FRANKFURTER_URL`).
    pub frankfurter_url: String,
    /// Base URL of the Open Exchange Rates API (`FXRATES_OXR_URL`).
    pub oxr_url: String,
    /// The Open Exchange Rates app id (`FXRATES_OXR_APP_ID`), a secret.
    pub oxr_app_id: Option<AppId>,
    /// `--quiet`: nothing on success, no progress bar.
    pub quiet: bool,
    /// How long a run waits for another holding the same lock.
    pub lock_timeout: Duration,
    /// Where the failure email goes, if anywhere (`FXRATES_MAIL_TO` and the
    /// transport). Resolved here so that a half-configured email fails every
    /// run at once (exit 2) instead of staying silent until the first real
    /// failure.
    pub mail: Option<MailConfig>,
    /// Today's date in UTC: the end of a catch-up and of a default range.
    pub today: NaiveDate,
}

impl Config {
    /// Resolves the global options. The database URL falls back to
    /// `database_url_fallback` (the value of `DATABASE_URL`). Fails with
    /// [`Error::Usage`] when the failure email is configured only in part, a
    /// provider is listed twice, or the URL of a selected provider is plain
    /// HTTP to a host other than loopback without `FXRATES_ALLOW_HTTP`.
    pub fn new(
        args: &GlobalArgs,
        database_url_fallback: Option<String>,
        today: NaiveDate,
    ) -> Result<Self, Error> {
        let urls = [
            (ProviderName::Ecb, "FXRATES_ECB_URL", &args.ecb_url),
            (
                ProviderName::Frankfurter,
                "FXRATES_FRANKFURTER_URL",
                &args.frankfurter_url,
            ),
            (ProviderName::Oxr, "FXRATES_OXR_URL", &args.oxr_url),
        ];
        for (name, setting, url) in urls {
            if args.providers.contains(&name) {
                check_url(setting, url, args.allow_http)?;
            }
        }
        Ok(Config {
            database: DatabaseConfig {
                url: args.database_url.clone().or(database_url_fallback),
                ca_file: args.database_ca_file.clone(),
            },
            http: HttpConfig {
                timeout: args.http_timeout,
                retries: args.http_retries,
                allow_http: args.allow_http,
                ..HttpConfig::default()
            },
            providers: providers(&args.providers)?,
            selection: Selection {
                base: args.base,
                symbols: args.symbols.clone(),
            },
            ecb_url: args.ecb_url.clone(),
            frankfurter_url: args.frankfurter_url.clone(),
            oxr_url: args.oxr_url.clone(),
            oxr_app_id: args
                .oxr_app_id
                .as_deref()
                .filter(|id| !id.trim().is_empty())
                .map(|id| AppId::new(id.trim())),
            quiet: args.quiet,
            lock_timeout: args.lock_timeout,
            mail: MailConfig::from_args(args)?,
            today,
        })
    }

    /// Checks that the providers can serve what is asked: every one the
    /// `--base` (the ECB quotes against EUR only), and `oxr` an app id. A
    /// [`Error::Usage`] before any request otherwise.
    pub fn check_providers(&self) -> Result<(), Error> {
        if let Some(base) = self.selection.base {
            if let Some(name) = self.providers.iter().find(|p| !p.supports_base(base)) {
                return Err(Error::Usage(format!(
                    "--base {base}: {name} publishes rates against EUR only (use frankfurter or oxr for another base)"
                )));
            }
        }
        if self.providers.contains(&ProviderName::Oxr) && self.oxr_app_id.is_none() {
            return Err(Error::Usage(
                "the oxr provider needs an app id: set FXRATES_OXR_APP_ID".to_owned(),
            ));
        }
        Ok(())
    }

    /// The sources `show` and `convert` read from when `--source` is not
    /// given, first choice first: the `--provider` order.
    pub fn source_order(&self) -> Vec<String> {
        self.providers
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect()
    }
}

/// The `--provider` list, refusing a repeat (which would only try the same
/// provider twice) and an empty list.
fn providers(names: &[ProviderName]) -> Result<Vec<ProviderName>, Error> {
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

/// What `fetch` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    pub days: DaySelection,
    pub dry_run: bool,
}

impl FetchOptions {
    /// Checks the dates against `today`: none in the future, `--from` not
    /// after `--to`.
    pub fn new(args: &FetchArgs, today: NaiveDate) -> Result<Self, Error> {
        let not_future = |flag: &str, day: NaiveDate| {
            if day > today {
                Err(Error::Usage(format!(
                    "{flag} {day} is in the future (today is {today}, UTC)"
                )))
            } else {
                Ok(day)
            }
        };
        let days = match (args.date, args.from, args.to) {
            (Some(day), _, _) => DaySelection::Day(not_future("--date", day)?),
            (None, Some(from), to) => {
                let from = not_future("--from", from)?;
                let to = match to {
                    Some(to) => not_future("--to", to)?,
                    None => today,
                };
                if from > to {
                    return Err(Error::Usage(format!("--from {from} is after --to {to}")));
                }
                DaySelection::Range { from, to }
            }
            (None, None, _) => DaySelection::CatchUp,
        };
        Ok(FetchOptions {
            days,
            dry_run: args.dry_run,
        })
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
    pub fn new(args: &CleanArgs, today: NaiveDate) -> Result<Self, Error> {
        let cutoff = args.older_than.cutoff(today).ok_or_else(|| {
            Error::Usage(format!(
                "--older-than {} reaches before the first representable date",
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusOptions {
    pub max_age: Age,
    /// A source whose newest day is before this one is stale.
    pub oldest_fresh_day: NaiveDate,
    pub format: StatusFormat,
}

impl StatusOptions {
    /// Works out the oldest fresh day from `today`.
    pub fn new(args: &StatusArgs, today: NaiveDate) -> Result<Self, Error> {
        let oldest_fresh_day = args.max_age.cutoff(today).ok_or_else(|| {
            Error::Usage(format!(
                "--max-age {} reaches before the first representable date",
                args.max_age
            ))
        })?;
        Ok(StatusOptions {
            max_age: args.max_age,
            oldest_fresh_day,
            format: args.format,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn fetch(
        date: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<DaySelection, Error> {
        let args = FetchArgs {
            date: date.map(day),
            from: from.map(day),
            to: to.map(day),
            dry_run: false,
        };
        FetchOptions::new(&args, day("2024-07-01")).map(|options| options.days)
    }

    #[test]
    fn a_provider_listed_twice_is_a_usage_error() {
        use ProviderName::*;
        assert_eq!(providers(&[Oxr, Ecb]).ok(), Some(vec![Oxr, Ecb]));
        let err = providers(&[Ecb, Frankfurter, Ecb]).expect_err("repeat");
        assert_eq!(err.to_string(), "--provider lists ecb twice");
        assert!(providers(&[]).is_err());
    }

    #[test]
    fn no_dates_means_catch_up() {
        assert_eq!(fetch(None, None, None).ok(), Some(DaySelection::CatchUp));
    }

    #[test]
    fn a_range_ends_today_by_default() {
        assert_eq!(
            fetch(None, Some("2024-06-01"), None).ok(),
            Some(DaySelection::Range {
                from: day("2024-06-01"),
                to: day("2024-07-01")
            })
        );
    }

    #[test]
    fn future_days_and_reversed_ranges_are_usage_errors() {
        for (date, from, to, expected) in [
            (
                Some("2024-07-02"),
                None,
                None,
                "--date 2024-07-02 is in the future",
            ),
            (
                None,
                Some("2024-07-02"),
                None,
                "--from 2024-07-02 is in the future",
            ),
            (
                None,
                Some("2024-06-01"),
                Some("2024-07-02"),
                "--to 2024-07-02 is in the future",
            ),
            (
                None,
                Some("2024-06-02"),
                Some("2024-06-01"),
                "--from 2024-06-02 is after --to 2024-06-01",
            ),
        ] {
            let err = fetch(date, from, to).expect_err(expected);
            assert!(matches!(err, Error::Usage(_)));
            assert!(err.to_string().contains(expected), "{err}");
        }
    }
}
