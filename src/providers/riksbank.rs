//! Sveriges Riksbank: not implemented yet.

use super::{DayRequest, Home, Provider, ProviderInfo, Setup};
use crate::model::{CurrencyCode, DayRates};

/// The Sveriges Riksbank's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "riksbank",
    publisher: "Sveriges Riksbank",
    default_url: "https://api.riksbank.se/swea/v1",
    home: Home::Fixed(CurrencyCode::from_static(b"SEK")),
    secret: None,
    about: "daily mid rates, SEK per 1 unit of foreign currency",
    build: |setup| {
        Box::new(Riksbank {
            _url: setup.url.to_owned(),
        })
    },
};

/// The riksbank provider.
#[derive(Debug)]
pub struct Riksbank {
    _url: String,
}

impl Provider for Riksbank {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, _request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        anyhow::bail!("the riksbank provider is not implemented yet")
    }
}

#[allow(dead_code)]
fn unused(_: Setup<'_>) {}
