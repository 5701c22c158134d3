//! Rate providers: each turns a request for days into validated [`DayRates`].
//!
//! A provider knows its HTTP API and its document format and nothing of the
//! database; what it returns has passed every check in [`crate::model`],
//! holds only the currencies a [`Selection`] keeps, and lies within the days
//! asked for, oldest first (see [`DayRequest::Day`] for the one exception).

pub mod boc;
pub mod boe;
pub mod cnb;
pub mod ecb;
pub mod frankfurter;
mod json;
pub mod nbp;
pub mod norgesbank;
pub mod oxr;
pub mod ptax;
pub mod riksbank;
mod sdmx;
pub mod tcmb;
mod xml;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::error::Error;
use crate::http::{HttpClient, check_url};
use crate::model::{CurrencyCode, DayRates};

/// The days a fetch asks a provider for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayRequest {
    /// The newest day the provider has published.
    Latest,
    /// The rates of one day. A provider that answers a day without
    /// publication with the previous business day (Frankfurter) returns that
    /// day, under its own date; the others return nothing.
    Day(NaiveDate),
    /// Every published day from `from` to `to`, both included.
    Range { from: NaiveDate, to: NaiveDate },
}

/// As a log line names it: `the latest published day`, `2024-06-28`,
/// `2024-06-20..2024-06-28`.
impl fmt::Display for DayRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayRequest::Latest => f.write_str("the latest published day"),
            DayRequest::Day(day) => write!(f, "{day}"),
            DayRequest::Range { from, to } if from == to => write!(f, "{from}"),
            DayRequest::Range { from, to } => write!(f, "{from}..{to}"),
        }
    }
}

/// Where a provider's rates are priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Home {
    /// Always this currency: a central bank's own (one side of every rate).
    Fixed(CurrencyCode),
    /// Any base `--base` names; this one when none is named.
    AnyBase(CurrencyCode),
}

/// A setting that holds a secret of a provider's (an API key), with its
/// own option and variable. Its value never reaches a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecretSetting {
    /// The long option, e.g. `oxr-app-id`.
    pub flag: &'static str,
    /// The environment variable, e.g. `FXRATES_OXR_APP_ID`.
    pub env: &'static str,
    /// What it is, for `--help` and the usage error when it is missing.
    pub what: &'static str,
}

/// A secret value. Its `Debug` shows `***`, so no derived `Debug` of a
/// configuration prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps the secret as given.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the request and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What a provider is built from for one run.
#[derive(Debug)]
pub struct Setup<'a> {
    pub http: &'a HttpClient,
    /// The base URL (`--<name>-url`), checked, without a trailing `/`.
    pub url: &'a str,
    /// The provider's secret, present whenever its entry declares one.
    pub secret: Option<&'a Secret>,
    pub selection: Selection,
    /// Today's date (UTC): which days may be asked for and published.
    pub today: NaiveDate,
    /// Whether a long backfill may draw a progress bar on stderr.
    pub progress: bool,
}

/// One entry of [`REGISTRY`]: everything fxrates knows of a provider
/// besides its module. Options, variables, `--help`, the checks of `fetch`
/// and the docs' table all read it.
#[derive(Debug)]
pub struct ProviderInfo {
    /// The `--provider` name and the `source` value of its rows.
    pub name: &'static str,
    /// Who publishes the rates.
    pub publisher: &'static str,
    /// The real service; `--<name>-url` / `FXRATES_<NAME>_URL` replace it.
    pub default_url: &'static str,
    pub home: Home,
    /// A secret the provider cannot work without, if any.
    pub secret: Option<SecretSetting>,
    /// One line for `--help`: what the rates are.
    pub about: &'static str,
    /// Builds the provider for a run.
    pub build: for<'a> fn(Setup<'a>) -> Box<dyn Provider + 'a>,
}

/// Every provider fxrates knows, in the order `--help` lists them. Adding a
/// provider is a module and one entry here.
pub static REGISTRY: &[ProviderInfo] = &[
    ecb::INFO,
    frankfurter::INFO,
    oxr::INFO,
    nbp::INFO,
    cnb::INFO,
    boc::INFO,
    norgesbank::INFO,
    boe::INFO,
    riksbank::INFO,
    tcmb::INFO,
    ptax::INFO,
];

/// A provider fxrates knows: an entry of [`REGISTRY`], by the `source`
/// value its rows carry.
#[derive(Clone, Copy)]
pub struct ProviderName(&'static ProviderInfo);

impl ProviderName {
    /// Every provider, in registry order.
    pub fn all() -> impl Iterator<Item = ProviderName> {
        REGISTRY.iter().map(ProviderName)
    }

    /// The provider called `name`, if fxrates knows one.
    pub fn find(name: &str) -> Option<ProviderName> {
        ProviderName::all().find(|provider| provider.as_str() == name)
    }

    /// Its registry entry.
    pub fn info(self) -> &'static ProviderInfo {
        self.0
    }

    /// The `source` value of its rows, and its name on the command line.
    pub fn as_str(self) -> &'static str {
        self.0.name
    }

    /// `--ecb-url`'s name without the dashes, also its clap id.
    pub fn url_flag(self) -> String {
        format!("{}-url", self.as_str())
    }

    /// `FXRATES_ECB_URL`.
    pub fn url_env(self) -> String {
        format!("FXRATES_{}_URL", self.as_str().to_ascii_uppercase())
    }

    /// `--ecb-url (FXRATES_ECB_URL)`, as a message names the setting.
    pub fn url_setting(self) -> String {
        format!("--{} ({})", self.url_flag(), self.url_env())
    }

    /// The currency its rates are against when `--base` names none.
    pub fn default_home(self) -> CurrencyCode {
        match self.0.home {
            Home::Fixed(home) | Home::AnyBase(home) => home,
        }
    }

    /// Whether the provider can quote against `base`: a central bank only
    /// in its own currency, Frankfurter and OXR in any currency they list
    /// (OXR only on paid plans, which its answer tells).
    pub fn supports_base(self, base: CurrencyCode) -> bool {
        match self.0.home {
            Home::Fixed(home) => base == home,
            Home::AnyBase(_) => true,
        }
    }
}

impl PartialEq for ProviderName {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ProviderName {}

impl std::hash::Hash for ProviderName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for ProviderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProviderName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProviderName::find(s).ok_or_else(|| {
            let known: Vec<&str> = ProviderName::all().map(ProviderName::as_str).collect();
            format!("unknown provider {s:?} (known: {})", known.join(", "))
        })
    }
}

impl fmt::Display for ProviderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One provider as a run uses it: its name, its checked base URL and its
/// secret. Built only by [`ProviderSpec::new`], so a provider whose entry
/// declares a secret always has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSpec {
    name: ProviderName,
    url: String,
    secret: Option<Secret>,
}

impl ProviderSpec {
    /// `name` at `url`, refusing a URL that is not HTTPS (unless loopback or
    /// `allow_http`) and a missing secret, each as a usage error naming the
    /// setting.
    pub fn new(
        name: ProviderName,
        url: &str,
        secret: Option<Secret>,
        allow_http: bool,
    ) -> Result<Self, Error> {
        let checked = check_url(&name.url_setting(), url, allow_http)?;
        // A mirror's password in the URL is a secret like a provider's key.
        if let Some(password) = checked.password() {
            let decoded = url::form_urlencoded::parse(format!("p={password}").as_bytes())
                .next()
                .map(|(_, value)| value.into_owned())
                .unwrap_or_else(|| password.to_owned());
            crate::secrets::register(&decoded);
            crate::secrets::register(password);
        }
        let secret = secret.filter(|secret| !secret.expose().trim().is_empty());
        if let Some(secret) = &secret {
            crate::secrets::register(secret.expose());
        }
        if let (Some(setting), None) = (name.info().secret, &secret) {
            return Err(Error::Usage(format!(
                "the {name} provider needs {}: set {}",
                setting.what, setting.env
            )));
        }
        Ok(ProviderSpec {
            name,
            url: url.trim_end_matches('/').to_owned(),
            secret,
        })
    }

    pub fn name(&self) -> ProviderName {
        self.name
    }

    /// The provider, ready to fetch.
    pub fn build<'a>(
        &'a self,
        http: &'a HttpClient,
        selection: Selection,
        today: NaiveDate,
        progress: bool,
    ) -> Box<dyn Provider + 'a> {
        (self.name.info().build)(Setup {
            http,
            url: &self.url,
            secret: self.secret.as_ref(),
            selection,
            today,
            progress,
        })
    }
}

/// Checks that `date` lies within the days asked for, `from` to `to`: a
/// document answering a range with a day outside it is refused whole.
pub fn check_asked(date: NaiveDate, from: NaiveDate, to: NaiveDate) -> Result<(), String> {
    if date < from || date > to {
        return Err(format!(
            "day {date} is outside the days asked for ({from}..{to})"
        ));
    }
    Ok(())
}

/// Splits `from..=to` into consecutive spans of at most `days` days each,
/// for APIs that limit the range of one request.
pub fn spans(from: NaiveDate, to: NaiveDate, days: u64) -> Vec<(NaiveDate, NaiveDate)> {
    let mut spans = Vec::new();
    let mut start = from;
    while start <= to {
        let end = (start + chrono::Days::new(days.max(1) - 1)).min(to);
        spans.push((start, end));
        start = end + chrono::Days::new(1);
    }
    spans
}

/// Splits `from..=to` at the turns of the calendar year, for APIs that
/// answer one year per request.
pub fn year_spans(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    use chrono::Datelike as _;
    let mut spans = Vec::new();
    let mut start = from;
    while start <= to {
        let year_end = NaiveDate::from_ymd_opt(start.year(), 12, 31).unwrap_or(to);
        let end = year_end.min(to);
        spans.push((start, end));
        start = end + chrono::Days::new(1);
    }
    spans
}

/// Which rates to keep: `--base` and `--symbols`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The base currency asked for; `None` takes the provider's own.
    pub base: Option<CurrencyCode>,
    /// The quote currencies to keep; empty keeps all.
    pub symbols: Vec<CurrencyCode>,
}

impl Selection {
    /// `day` reduced to the selected quotes. Refuses a day quoted against
    /// another base than the one asked for, or lacking a selected quote: a
    /// day is stored whole or not at all.
    pub fn apply(&self, day: DayRates) -> Result<DayRates, String> {
        let home = day.home();
        if let Some(base) = self.base {
            if home != base {
                return Err(format!(
                    "day {}: rates are against {home}, not the {base} asked for",
                    day.date(),
                ));
            }
        }
        if self.symbols.is_empty() {
            return Ok(day);
        }
        let missing: Vec<String> = self
            .symbols
            .iter()
            .filter(|symbol| day.rates().iter().all(|rate| rate.other(home) != **symbol))
            .map(ToString::to_string)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "day {}: no rate for {} (asked for by --symbols)",
                day.date(),
                missing.join(", ")
            ));
        }
        let date = day.date();
        day.retain(|rate| self.symbols.contains(&rate.other(home)))
            .ok_or_else(|| format!("day {date} has no rates"))
    }

    /// The days a parser made of the answer of `url`, each reduced to the
    /// selection. A refusal, the parser's or the selection's, refuses the
    /// whole answer as invalid data of `url`.
    pub fn keep(
        &self,
        url: &str,
        parsed: Result<Vec<DayRates>, String>,
    ) -> Result<Vec<DayRates>, Error> {
        parsed
            .and_then(|days| days.into_iter().map(|day| self.apply(day)).collect())
            .map_err(|reason| Error::InvalidData {
                url: url.to_owned(),
                reason,
            })
    }

    /// `symbols=USD,GBP` for a query string, or `None` when all are kept.
    pub fn symbols_query(&self) -> Option<String> {
        (!self.symbols.is_empty()).then(|| {
            let codes: Vec<&str> = self.symbols.iter().map(CurrencyCode::as_str).collect();
            format!("symbols={}", codes.join(","))
        })
    }
}

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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rate, parse_date};

    fn code(s: &str) -> CurrencyCode {
        s.parse().expect("code")
    }

    fn sample_day() -> DayRates {
        let rate: Rate = "1.5".parse().expect("rate");
        DayRates::against(
            parse_date("2024-07-26").expect("date"),
            CurrencyCode::EUR,
            vec![
                (code("USD"), rate),
                (code("GBP"), rate),
                (code("JPY"), rate),
            ],
        )
        .expect("day")
    }

    #[test]
    fn a_request_shows_as_plain_days_not_debug_output() {
        let day = |s| parse_date(s).expect("date");
        assert_eq!(DayRequest::Latest.to_string(), "the latest published day");
        assert_eq!(DayRequest::Day(day("2024-06-28")).to_string(), "2024-06-28");
        let range = DayRequest::Range {
            from: day("2024-06-20"),
            to: day("2026-11-28"),
        };
        assert_eq!(range.to_string(), "2024-06-20..2026-11-28");
        let one_day = DayRequest::Range {
            from: day("2024-06-28"),
            to: day("2024-06-28"),
        };
        assert_eq!(one_day.to_string(), "2024-06-28");
    }

    fn provider(name: &str) -> ProviderName {
        name.parse().expect("a known provider")
    }

    #[test]
    fn provider_names_round_trip_and_unknown_ones_are_refused() {
        for name in ProviderName::all() {
            assert_eq!(name.as_str().parse::<ProviderName>(), Ok(name));
        }
        let err = "ECB".parse::<ProviderName>().expect_err("case matters");
        assert!(err.contains("known: ecb, frankfurter, oxr, nbp"), "{err}");
    }

    #[test]
    fn registry_names_are_unique_lowercase_and_make_valid_variables() {
        for (i, info) in REGISTRY.iter().enumerate() {
            assert!(
                info.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{}",
                info.name
            );
            assert!(
                REGISTRY[..i]
                    .iter()
                    .all(|earlier| earlier.name != info.name)
            );
            assert!(info.default_url.starts_with("https://"), "{}", info.name);
        }
        assert_eq!(provider("norgesbank").url_env(), "FXRATES_NORGESBANK_URL");
        assert_eq!(provider("ecb").url_setting(), "--ecb-url (FXRATES_ECB_URL)");
    }

    #[test]
    fn central_banks_are_tied_to_their_own_currency() {
        assert!(provider("ecb").supports_base(CurrencyCode::EUR));
        assert!(!provider("ecb").supports_base(code("USD")));
        assert!(provider("nbp").supports_base(code("PLN")));
        assert!(!provider("nbp").supports_base(CurrencyCode::EUR));
        assert!(provider("frankfurter").supports_base(code("USD")));
        assert_eq!(provider("oxr").default_home(), code("USD"));
    }

    #[test]
    fn a_provider_that_needs_a_secret_cannot_be_set_up_without_it() {
        let err = ProviderSpec::new(provider("oxr"), "https://example.org", None, false)
            .expect_err("no app id");
        assert_eq!(
            err.to_string(),
            "the oxr provider needs an app id: set FXRATES_OXR_APP_ID"
        );
        let blank = Some(Secret::new("  "));
        assert!(ProviderSpec::new(provider("oxr"), "https://example.org", blank, false).is_err());
        let err = ProviderSpec::new(provider("nbp"), "http://example.org", None, false)
            .expect_err("plain http");
        assert!(
            err.to_string().contains("--nbp-url (FXRATES_NBP_URL)"),
            "{err}"
        );
    }

    #[test]
    fn long_ranges_split_into_spans_and_calendar_years() {
        let day = |s| parse_date(s).expect("date");
        assert_eq!(
            spans(day("2026-01-01"), day("2026-01-10"), 4),
            [
                (day("2026-01-01"), day("2026-01-04")),
                (day("2026-01-05"), day("2026-01-08")),
                (day("2026-01-09"), day("2026-01-10")),
            ]
        );
        assert_eq!(
            year_spans(day("2024-12-30"), day("2026-01-02")),
            [
                (day("2024-12-30"), day("2024-12-31")),
                (day("2025-01-01"), day("2025-12-31")),
                (day("2026-01-01"), day("2026-01-02")),
            ]
        );
        assert_eq!(
            check_asked(day("2026-01-03"), day("2026-01-01"), day("2026-01-02")),
            Err("day 2026-01-03 is outside the days asked for (2026-01-01..2026-01-02)".to_owned())
        );
    }

    #[test]
    fn a_selection_keeps_the_symbols_in_published_order() {
        let selection = Selection {
            base: Some(CurrencyCode::EUR),
            symbols: vec![code("JPY"), code("USD")],
        };
        let day = selection.apply(sample_day()).expect("kept");
        let quotes: Vec<String> = day.rates().iter().map(|r| r.quote.to_string()).collect();
        assert_eq!(quotes, ["USD", "JPY"]);
        assert_eq!(
            selection.symbols_query().as_deref(),
            Some("symbols=JPY,USD")
        );
        assert_eq!(Selection::default().symbols_query(), None);
    }

    #[test]
    fn a_selection_refuses_a_missing_symbol_or_another_base() {
        let missing = Selection {
            base: None,
            symbols: vec![code("USD"), code("CHF")],
        };
        let err = missing.apply(sample_day()).expect_err("CHF missing");
        assert_eq!(
            err,
            "day 2024-07-26: no rate for CHF (asked for by --symbols)"
        );
        let other_base = Selection {
            base: Some(code("USD")),
            symbols: vec![],
        };
        let err = other_base.apply(sample_day()).expect_err("EUR base");
        assert!(err.contains("against EUR, not the USD asked for"), "{err}");
    }
}
