//! One module per subcommand, each with a `run` that takes the resolved
//! [`Config`](crate::commands::Config) and returns a summary whose `Display` is
//! what the command prints on success.

pub mod args;
pub mod clean;
mod config;
pub mod convert;
pub mod fetch;
pub mod init_db;
pub mod show;
pub mod status;

pub use config::Config;

use chrono::Utc;

use crate::error::{Exit, exit_code, one_line};
use crate::store::{RunRecord, Store};

/// Finishes `record` with the outcome of a run (`fill` copies the figures of
/// a success) and appends it to `fetch_runs`. Called after the run's own
/// transaction has committed or rolled back; failing to record is logged,
/// never allowed to hide the run's own outcome. A usage error (a
/// `--symbols` typo the answer revealed) is not recorded: it says nothing of
/// the source, and a failed run would count against it in `status` until
/// the next good one, paging someone for a typo at a terminal.
fn record_run<T>(
    store: &mut Store,
    mut record: RunRecord,
    outcome: &anyhow::Result<T>,
    fill: impl FnOnce(&T, &mut RunRecord),
) {
    if outcome
        .as_ref()
        .is_err_and(|err| exit_code(err) == Exit::Usage)
    {
        return;
    }
    record.finished_at = Utc::now();
    match outcome {
        Ok(summary) => {
            record.ok = true;
            fill(summary, &mut record);
        }
        Err(err) => {
            record.error = Some(one_line(err));
            record.gave_way = exit_code(err) == Exit::Locked;
        }
    }
    if let Err(err) = store.record_run(&record) {
        log::warn!("{}", one_line(&err));
    }
}
