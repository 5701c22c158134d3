//! Česká národní banka (Czech National Bank): not implemented yet.

use super::{DayRequest, Home, Provider, ProviderInfo, Setup};
use crate::model::{CurrencyCode, DayRates};

/// The Česká národní banka's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "cnb",
    publisher: "Česká národní banka (Czech National Bank)",
    default_url: "https://api.cnb.cz/cnbapi",
    home: Home::Fixed(CurrencyCode::from_static(b"CZK")),
    secret: None,
    about: "daily fixing, CZK per 1, 100 or 1000 units of foreign currency",
    build: |setup| {
        Box::new(Cnb {
            _url: setup.url.to_owned(),
        })
    },
};

/// The cnb provider.
#[derive(Debug)]
pub struct Cnb {
    _url: String,
}

impl Provider for Cnb {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, _request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        anyhow::bail!("the cnb provider is not implemented yet")
    }
}

#[allow(dead_code)]
fn unused(_: Setup<'_>) {}
