//! Norges Bank: not implemented yet.

use super::{DayRequest, Home, Provider, ProviderInfo, Setup};
use crate::model::{CurrencyCode, DayRates};

/// The Norges Bank's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "norgesbank",
    publisher: "Norges Bank",
    default_url: "https://data.norges-bank.no/api",
    home: Home::Fixed(CurrencyCode::from_static(b"NOK")),
    secret: None,
    about: "daily exchange rates, NOK per 1 or 100 units of foreign currency",
    build: |setup| {
        Box::new(NorgesBank {
            _url: setup.url.to_owned(),
        })
    },
};

/// The norgesbank provider.
#[derive(Debug)]
pub struct NorgesBank {
    _url: String,
}

impl Provider for NorgesBank {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, _request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        anyhow::bail!("the norgesbank provider is not implemented yet")
    }
}

#[allow(dead_code)]
fn unused(_: Setup<'_>) {}
