//! Bank of Canada: not implemented yet.

use super::{DayRequest, Home, Provider, ProviderInfo, Setup};
use crate::model::{CurrencyCode, DayRates};

/// The Bank of Canada's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "boc",
    publisher: "Bank of Canada",
    default_url: "https://www.bankofcanada.ca/valet",
    home: Home::Fixed(CurrencyCode::from_static(b"CAD")),
    secret: None,
    about: "daily average rates, CAD per 1 unit of foreign currency",
    build: |setup| {
        Box::new(Boc {
            _url: setup.url.to_owned(),
        })
    },
};

/// The boc provider.
#[derive(Debug)]
pub struct Boc {
    _url: String,
}

impl Provider for Boc {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, _request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        anyhow::bail!("the boc provider is not implemented yet")
    }
}

#[allow(dead_code)]
fn unused(_: Setup<'_>) {}
