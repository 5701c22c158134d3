//! `fxrates init-db`: create the schema, or upgrade it to this version's, and
//! record what the SQL functions need: each provider's home currency and the
//! default order of sources.

use std::fmt;

use clap::Args;

use crate::commands::Config;
use crate::commands::args::ProviderParser;
use crate::providers::ProviderName;
use crate::store::{self, MigrationReport, SourceReads};

/// Options of `fxrates init-db`.
#[derive(Debug, Args)]
pub struct InitDbArgs {
    /// The sources `fx_rate` & co. read, in order, when a call names none
    /// (the table `fx_source_order`). Without it, an order already set (by
    /// an earlier init-db, or by hand in SQL) is kept.
    #[arg(
        long = "provider",
        env = "FXRATES_PROVIDER",
        value_delimiter = ',',
        value_parser = ProviderParser,
        hide_possible_values = true,
        value_name = "NAME[,NAME…]",
        help_heading = "Providers"
    )]
    pub providers: Option<Vec<ProviderName>>,
}

/// What `init-db` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitDbSummary {
    pub migrations: MigrationReport,
    /// The sources `fx_rate` reads when a call names none, as now recorded.
    pub source_order: Vec<String>,
}

/// Applies every pending migration, then records the providers' home
/// currencies and, when `order` is given (or none is recorded yet), the
/// default source order. Safe to run again, and to run twice at once.
pub fn run(config: &Config, order: Option<&[ProviderName]>) -> anyhow::Result<InitDbSummary> {
    let mut store = store::connect(&config.database)?;
    store.check_writable()?;
    let migrations = store.migrate(config.lock_timeout)?;
    let sources: Vec<SourceReads<'_>> = ProviderName::all()
        .map(|provider| SourceReads {
            source: provider.as_str(),
            home: provider.fixed_home(),
            sparse: provider.info().sparse,
        })
        .collect();
    let order: Option<Vec<&str>> = order.map(|names| names.iter().map(|n| n.as_str()).collect());
    let source_order = store.configure_reads(&sources, order.as_deref())?;
    Ok(InitDbSummary {
        migrations,
        source_order,
    })
}

impl fmt::Display for InitDbSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_migrations(f)?;
        write!(
            f,
            "; fx_rate reads {} when a call names no source",
            self.source_order.join(", ")
        )
    }
}

impl InitDbSummary {
    fn fmt_migrations(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = &self.migrations;
        if report.applied.is_empty() {
            write!(f, "schema version {}: already up to date", report.to)
        } else if report.from == 0 {
            write!(
                f,
                "schema version {}: created ({})",
                report.to,
                report.applied.join(", ")
            )
        } else {
            write!(
                f,
                "schema version {}: upgraded from version {} ({})",
                report.to,
                report.from,
                report.applied.join(", ")
            )
        }
    }
}
