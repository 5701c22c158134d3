//! Rate providers: each turns a request for days into validated [`DayRates`].
//!
//! A provider knows its HTTP API and its document format and nothing of the
//! database; what it returns has passed every check in [`crate::model`],
//! holds only the currencies a [`Selection`] keeps, and lies within the days
//! asked for, oldest first (see [`DayRequest::Day`] for the one exception).

pub mod banrep;
pub mod banxico;
pub mod bcch;
pub mod bcra;
pub mod bcrp;
pub mod bdi;
pub mod bnr;
pub mod boc;
pub mod boe;
pub mod boi;
pub mod boj;
pub mod bot;
pub mod cba;
pub mod cbbh;
pub mod cbr;
pub mod cbu;
pub mod cnb;
mod dates;
mod day_list;
pub mod dnb;
pub mod ecb;
mod endpoint;
pub mod fbil;
pub mod frankfurter;
pub mod frankfurter2;
pub mod fred;
pub mod hkma;
pub mod hmrc;
pub mod hnb;
pub mod imf;
pub mod inforeuro;
mod json;
pub mod mnb;
pub mod nbg;
pub mod nbk;
pub mod nbm;
pub mod nbp;
pub mod nbrb;
pub mod nbu;
pub mod norgesbank;
pub mod oxr;
mod profile;
pub mod ptax;
pub mod rba;
mod registry;
mod request;
pub mod riksbank;
pub mod sarb;
pub mod sbi;
mod sdmx;
mod selection;
mod settings;
mod soap;
mod spec;
pub mod tcmb;
pub mod ust;
mod valcurs;
mod xml;

pub use dates::{MONTHS, NumericDate, parse_day_month_year};
pub use profile::{Figures, Release, Rhythm, Week};
pub use registry::{CronLine, Described, Home, ProviderInfo, ProviderName, REGISTRY};
pub use request::{DayRequest, check_answer, check_asked, spans, year_spans};
pub use selection::{Absent, Selection};
pub use settings::{Secret, Setting, SettingKind, SettingValue};
pub use spec::{ProviderSpec, Setup};

use crate::model::DayRates;

/// A source of daily reference rates.
pub trait Provider {
    /// The `source` value its rows are stored under, e.g. `ecb`.
    fn source(&self) -> &'static str;

    /// The published days that answer `request`, oldest first. An empty list
    /// means nothing was published in the range; a document that holds no day
    /// at all is an error, never an empty list.
    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>>;

    /// Whether the newest day it serves may still change after it was first
    /// stored (OXR's current day is a snapshot updated through the day), so
    /// that a catch-up fetches it again.
    fn revises_newest_day(&self) -> bool {
        false
    }

    /// Whether a day holds only the quotes with a new figure that day
    /// (Frankfurter v2's blend; the IMF's report, each currency on its own
    /// central bank's business days), so that a day lacking a quote of
    /// `--symbols` is no partial day and a quote missing from the newest
    /// one no stopped currency ([`Selection::reduce`]): its registry
    /// entry's [`ProviderInfo::sparse`].
    fn sparse_days(&self) -> bool {
        ProviderName::find(self.source()).is_some_and(|provider| provider.info().sparse)
    }
}
