//! What every command shares, resolved from the global options: the
//! database, `--quiet`, the lock timeout and today's date. Each command
//! resolves its own options (`Options::from_args`) in its module.

use std::time::Duration;

use chrono::NaiveDate;

use crate::calendar::Age;
use crate::cli::{GlobalArgs, ProviderOrder, SourceArgs};
use crate::error::Error;
use crate::providers::ProviderName;
use crate::read::Sources;
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
    pub fn from_args(
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
        let all: Vec<ProviderName> = self.chains.iter().flat_map(|c| c.0.clone()).collect();
        providers(&all)
    }

    /// The independent chains (`--provider` repeated), each its providers
    /// in order of preference; a [`Error::Usage`] as for [`Self::resolve`],
    /// a provider in two chains included.
    pub fn resolve_chains(&self) -> Result<Vec<Vec<ProviderName>>, Error> {
        self.resolve()?;
        self.chains
            .iter()
            .map(|chain| providers(&chain.0))
            .collect()
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

impl SourceArgs {
    /// Where `show` and `convert` read: `--source`, else the provider order.
    pub fn resolve(&self) -> Result<Sources, Error> {
        Ok(Sources {
            explicit: self.source.clone(),
            order: self.order.sources()?,
            series: self.series,
        })
    }
}

/// `day`, given as `flag`, unless it is after `today`: a usage error then,
/// naming today's date, since the machine's clock may be the surprise.
pub fn not_after_today(flag: &str, day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Error> {
    if day > today {
        return Err(Error::Usage(format!(
            "{flag} {day} is in the future (today is {today}, UTC)"
        )));
    }
    Ok(day)
}

/// The day `age`, given as `flag`, reaches back to from `today`: a usage
/// error when that is before the year 1.
pub fn age_back_from(flag: &str, age: Age, today: NaiveDate) -> Result<NaiveDate, Error> {
    age.cutoff(today)
        .ok_or_else(|| Error::Usage(format!("{flag} {age} reaches before the year 1")))
}

/// A usage error unless `--from` is not after `--to`.
pub fn from_not_after_to(from: NaiveDate, to: NaiveDate) -> Result<(), Error> {
    if from > to {
        return Err(Error::Usage(format!("--from {from} is after --to {to}")));
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_listed_twice_is_a_usage_error() {
        let name = |s: &str| s.parse::<ProviderName>().expect("known");
        let (ecb, oxr, frankfurter) = (name("ecb"), name("oxr"), name("frankfurter"));
        assert_eq!(providers(&[oxr, ecb]).ok(), Some(vec![oxr, ecb]));
        let err = providers(&[ecb, frankfurter, ecb]).expect_err("repeat");
        assert_eq!(err.to_string(), "--provider lists ecb twice");
        assert!(providers(&[]).is_err());
    }
}
