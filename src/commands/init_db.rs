//! `fxrates init-db`: create the schema, or upgrade it to this version's.

use std::fmt;

use crate::config::Config;
use crate::store::{self, MigrationReport};

/// What `init-db` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitDbSummary(pub MigrationReport);

/// Applies every pending migration. Safe to run again, and to run twice at once.
pub fn run(config: &Config) -> anyhow::Result<InitDbSummary> {
    let mut store = store::connect(&config.database)?;
    Ok(InitDbSummary(store.migrate(config.lock_timeout)?))
}

impl fmt::Display for InitDbSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = &self.0;
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
