//! What `status` checks and how it prints, resolved from its options at
//! `now`.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use clap::Args;

use crate::calendar::Age;

use crate::commands::args::age_back_from;
use crate::commands::args::{ProviderOrder, parse_age};
use crate::error::Error;
use crate::providers::{ProviderName, Release, Rhythm, Week};

/// Options of `fxrates status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Report the data as stale when its newest day is older than AGE
    /// (default 4d: a long weekend), counted back from the newest day its
    /// provider is due to have published (today, or its last business day
    /// before; for a weekly provider the end of the week its latest release
    /// covers), less the provider's allowance for its closures; a known
    /// holiday of the publisher (TARGET's) inside AGE adds a day.
    #[arg(
        long,
        env = "FXRATES_MAX_AGE",
        value_name = "AGE",
        default_value = "4d",
        value_parser = parse_age,
        allow_hyphen_values = true
    )]
    pub max_age: Age,

    /// Output format.
    #[arg(long, env = "FXRATES_FORMAT", value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,

    /// Also write the report as Prometheus metrics to PATH, for
    /// node_exporter's textfile collector: whole or not at all (a temporary
    /// file in the same directory, renamed over PATH), readable by all,
    /// written even when the data is stale. What is printed is unchanged
    /// (--format, --quiet).
    #[arg(long, env = "FXRATES_METRICS_FILE", value_name = "PATH")]
    pub metrics_file: Option<PathBuf>,

    #[command(flatten)]
    pub order: ProviderOrder,
}

/// How `status` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// One line per source.
    Text,
    /// One JSON object.
    Json,
    /// Prometheus metrics in the OpenMetrics text format, which
    /// Prometheus's own text parsers read too (see docs/operations.md).
    #[value(name = "openmetrics")]
    OpenMetrics,
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
    /// The independent chains `checked` falls into (`--provider`
    /// repeated), each judged on its own; one chain of them all when the
    /// option is given once.
    pub chains: Vec<Vec<String>>,
}

impl StatusOptions {
    /// Today's date (UTC), which `--max-age` counts back from.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Works out the oldest fresh day from `now`'s date (UTC).
    pub fn from_args(args: &StatusArgs, now: DateTime<Utc>) -> Result<Self, Error> {
        let oldest_fresh_day = age_back_from("--max-age", args.max_age, now.date_naive())?;
        Ok(StatusOptions {
            now,
            max_age: args.max_age,
            oldest_fresh_day,
            format: args.format,
            metrics_file: args.metrics_file.clone(),
            checked: args.order.sources()?,
            chains: args
                .order
                .resolve_chains()?
                .iter()
                .map(|chain| chain.iter().map(|p| p.as_str().to_owned()).collect())
                .collect(),
        })
    }

    /// These options narrowed to each chain: what judges that chain alone.
    pub fn each_chain(&self) -> impl Iterator<Item = StatusOptions> + '_ {
        self.chains.iter().map(|chain| StatusOptions {
            checked: chain.clone(),
            chains: vec![chain.clone()],
            ..self.clone()
        })
    }
}

impl StatusOptions {
    /// The release rhythm of `source`'s provider: daily for a source
    /// fxrates has no provider for.
    pub fn release_of(source: &str) -> Release {
        Self::rhythm_of(source).release
    }

    /// The publication rhythm of `source`'s provider, which its freshness
    /// is judged by: for a source fxrates has no provider for, daily on
    /// every day, `--max-age` counted back from today.
    pub fn rhythm_of(source: &str) -> Rhythm {
        ProviderName::find(source).map_or(
            Rhythm {
                release: Release::Daily,
                week: Week::EveryDay,
                closure: 0,
            },
            ProviderName::rhythm,
        )
    }

    /// The oldest day that counts as fresh for `source`, by its provider's
    /// rhythm ([`Rhythm::oldest_fresh_day`]): `--max-age` back from the
    /// newest day it is due to have published by today, in days of its
    /// own week, allowing for its closures.
    pub fn oldest_fresh_day_of(&self, source: &str) -> NaiveDate {
        Self::rhythm_of(source).oldest_fresh_day(self.max_age, self.today())
    }
}
