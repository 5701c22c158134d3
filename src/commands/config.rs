//! What every command shares: the database, `--quiet`, the lock timeout
//! and today's date, resolved from the global options by the command line.

use std::time::Duration;

use chrono::NaiveDate;

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
