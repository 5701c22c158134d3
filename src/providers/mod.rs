//! Rate providers: each turns a request for days into validated [`DayRates`].
//!
//! A provider knows its HTTP API and its document format and nothing of the
//! database; what it returns has passed every check in [`crate::model`] and
//! lies within the days asked for, oldest first.

pub mod ecb;

use chrono::NaiveDate;

use crate::model::DayRates;

/// The days a fetch asks a provider for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayRequest {
    /// The newest day the provider has published.
    Latest,
    /// Every published day from `from` to `to`, both included.
    Range { from: NaiveDate, to: NaiveDate },
}

/// A source of daily reference rates.
pub trait Provider {
    /// The `source` value its rows are stored under, e.g. `ecb`.
    fn source(&self) -> &'static str;

    /// The published days that answer `request`, oldest first. An empty list
    /// means nothing was published in the range; a document that holds no day
    /// at all is an error, never an empty list.
    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>>;
}
