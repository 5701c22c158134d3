//! Narodowy Bank Polski (National Bank of Poland): not implemented yet.

use super::{DayRequest, Home, Provider, ProviderInfo, Setup};
use crate::model::{CurrencyCode, DayRates};

/// The Narodowy Bank Polski's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "nbp",
    publisher: "Narodowy Bank Polski (National Bank of Poland)",
    default_url: "https://api.nbp.pl/api",
    home: Home::Fixed(CurrencyCode::from_static(b"PLN")),
    secret: None,
    about: "table A mid rates, PLN per 1 unit of foreign currency",
    build: |setup| {
        Box::new(Nbp {
            _url: setup.url.to_owned(),
        })
    },
};

/// The nbp provider.
#[derive(Debug)]
pub struct Nbp {
    _url: String,
}

impl Provider for Nbp {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, _request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        anyhow::bail!("the nbp provider is not implemented yet")
    }
}

#[allow(dead_code)]
fn unused(_: Setup<'_>) {}
