//! Bank of England: not implemented yet.

use super::{DayRequest, Home, Provider, ProviderInfo, Setup};
use crate::model::{CurrencyCode, DayRates};

/// The Bank of England's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "boe",
    publisher: "Bank of England",
    default_url: "https://www.bankofengland.co.uk/boeapps/database",
    home: Home::Fixed(CurrencyCode::from_static(b"GBP")),
    secret: None,
    about: "daily spot rates, foreign currency per 1 GBP",
    build: |setup| {
        Box::new(Boe {
            _url: setup.url.to_owned(),
        })
    },
};

/// The boe provider.
#[derive(Debug)]
pub struct Boe {
    _url: String,
}

impl Provider for Boe {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, _request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        anyhow::bail!("the boe provider is not implemented yet")
    }
}

#[allow(dead_code)]
fn unused(_: Setup<'_>) {}
