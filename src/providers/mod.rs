//! Rate providers: each turns a request for days into validated [`DayRates`].
//!
//! A provider knows its HTTP API and its document format and nothing of the
//! database; what it returns has passed every check in [`crate::model`],
//! holds only the currencies a [`Selection`] keeps, and lies within the days
//! asked for, oldest first (see [`DayRequest::Day`] for the one exception).

pub mod boc;
pub mod boe;
pub mod boi;
pub mod cnb;
pub mod ecb;
mod endpoint;
pub mod frankfurter;
pub mod frankfurter2;
pub mod fred;
mod json;
pub mod mnb;
pub mod nbp;
pub mod nbu;
pub mod norgesbank;
pub mod oxr;
mod profile;
pub mod ptax;
pub mod rba;
pub mod riksbank;
mod sdmx;
mod settings;
mod soap;
pub mod tcmb;
mod xml;

pub use profile::{Figures, Release};
pub use settings::{Secret, Setting, SettingKind, SettingValue};

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

impl DayRequest {
    /// Answers the request through `range`, for an API asked for days only
    /// by ranges: the latest published day is the newest of the `lookback`
    /// days up to `today`.
    pub fn by_ranges(
        self,
        today: NaiveDate,
        lookback: u64,
        range: impl FnOnce(NaiveDate, NaiveDate) -> anyhow::Result<Vec<DayRates>>,
    ) -> anyhow::Result<Vec<DayRates>> {
        match self {
            DayRequest::Latest => {
                let mut days = range(today - chrono::Days::new(lookback), today)?;
                Ok(days.pop().into_iter().collect())
            }
            DayRequest::Day(day) => range(day, day),
            DayRequest::Range { from, to } => range(from, to),
        }
    }
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

/// What a provider is built from for one run.
#[derive(Debug)]
pub struct Setup<'a> {
    pub http: &'a HttpClient,
    /// The base URL (`--<name>-url`), checked, as given: a request's URL
    /// is made from it by `endpoint::endpoint`.
    pub url: &'a str,
    /// The values given to the provider's own settings: always one for
    /// each secret its entry declares.
    pub settings: &'a [(&'static Setting, SettingValue)],
    pub selection: Selection,
    /// Today's date (UTC): which days may be asked for and published.
    pub today: NaiveDate,
    /// Whether a long backfill may draw a progress bar on stderr.
    pub progress: bool,
}

impl Setup<'_> {
    /// The value given to `setting`, if any.
    pub fn value(&self, setting: &Setting) -> Option<&SettingValue> {
        self.settings
            .iter()
            .find(|(given, _)| *given == setting)
            .map(|(_, value)| value)
    }

    /// The secret `setting` holds. [`ProviderSpec::new`] builds no provider
    /// without each secret its entry declares, so the empty one stands for
    /// what cannot happen.
    pub fn secret(&self, setting: &Setting) -> Secret {
        match self.value(setting) {
            Some(SettingValue::Secret(secret)) => secret.clone(),
            _ => Secret::new(""),
        }
    }

    /// The value of the plain `setting`, if one was given.
    pub fn plain(&self, setting: &Setting) -> Option<&str> {
        match self.value(setting) {
            Some(SettingValue::Plain(text)) => Some(text),
            _ => None,
        }
    }
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
    /// Its own settings beside the URL: secrets it cannot work without
    /// (an API key) and options of its API, each with its option and
    /// variable.
    pub settings: &'static [Setting],
    /// How often it publishes new days.
    pub release: Release,
    /// Whether its figures are a publisher's official ones or a blend.
    pub figures: Figures,
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
    rba::INFO,
    nbu::INFO,
    mnb::INFO,
    boi::INFO,
    fred::INFO,
    frankfurter2::INFO,
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

    /// The currency on one side of every rate it prints, for a central
    /// bank; `None` for a provider that prices in any base it is asked for.
    pub fn fixed_home(self) -> Option<CurrencyCode> {
        match self.0.home {
            Home::Fixed(home) => Some(home),
            Home::AnyBase(_) => None,
        }
    }

    /// Whether the provider can quote against `base`: a central bank only
    /// in its own currency, Frankfurter (v1 and v2) and OXR in any currency
    /// they list (OXR only on paid plans, which its answer tells).
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

/// One provider as a run uses it: its name, its checked base URL and the
/// checked values of its settings. Built only by [`ProviderSpec::new`], so a
/// provider whose entry declares a secret always has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSpec {
    name: ProviderName,
    url: String,
    settings: Vec<(&'static Setting, SettingValue)>,
}

impl ProviderSpec {
    /// `name` at `url` with the values `given` to its settings, refusing a
    /// URL that is not HTTPS (unless loopback or `allow_http`), a value its
    /// setting's check refuses and a missing secret, each as a usage error
    /// naming the setting. A blank value counts as unset.
    pub fn new(
        name: ProviderName,
        url: &str,
        given: Vec<(&'static Setting, SettingValue)>,
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
        let mut settings = Vec::with_capacity(given.len());
        for (setting, value) in given {
            let text = value.expose().trim();
            if text.is_empty() {
                continue;
            }
            if setting.kind == SettingKind::Secret {
                crate::secrets::register(text);
            }
            let checked = (setting.check)(text).map_err(|why| {
                Error::Usage(match setting.kind {
                    SettingKind::Secret => format!("{}: {why}", setting.named()),
                    SettingKind::Plain => format!("{} {text:?}: {why}", setting.named()),
                })
            })?;
            settings.push((setting, SettingValue::new(setting, &checked)));
        }
        for setting in name.info().settings {
            let given = settings.iter().any(|(set, _)| *set == setting);
            if setting.kind == SettingKind::Secret && !given {
                return Err(Error::Usage(format!(
                    "the {name} provider needs {}: set {}",
                    setting.what, setting.env
                )));
            }
        }
        Ok(ProviderSpec {
            name,
            url: url.to_owned(),
            settings,
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
            settings: &self.settings,
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

/// The English abbreviations of the months, as the Bank of England and the
/// Reserve Bank of Australia print dates.
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses a date printed as day, month abbreviation and year joined by
/// `separator`: `17 Mar 2026` or `7 Mar 2026` (the Bank of England, a
/// space), `03-Jan-2023` (the Reserve Bank of Australia, a hyphen).
pub fn parse_day_month_year(text: &str, separator: char) -> Result<NaiveDate, String> {
    let invalid =
        || format!("invalid date {text:?} (expected e.g. 17{separator}Mar{separator}2026)");
    let mut parts = text.split(separator);
    let (Some(day), Some(month), Some(year), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let digits = |s: &str, lengths: &[usize]| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let month = MONTHS
        .iter()
        .position(|m| *m == month)
        .ok_or_else(invalid)?;
    if !digits(day, &[1, 2]) || !digits(year, &[4]) {
        return Err(invalid());
    }
    let (day, year) = (
        day.parse().map_err(|_| invalid())?,
        year.parse().map_err(|_| invalid())?,
    );
    NaiveDate::from_ymd_opt(year, month as u32 + 1, day).ok_or_else(invalid)
}

/// Which rates to keep: `--base` and `--symbols`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The base currency asked for; `None` takes the provider's own.
    pub base: Option<CurrencyCode>,
    /// The quote currencies to keep; empty keeps all.
    pub symbols: Vec<CurrencyCode>,
}

/// A quote of `--symbols` missing from the newest day a provider answered
/// with: one the publisher stopped, or never published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Absent {
    pub code: CurrencyCode,
    /// The newest day of the answer that had it, if any did.
    pub last_seen: Option<NaiveDate>,
}

impl Selection {
    /// Refuses a day quoted against another base than the one asked for.
    /// The quotes are kept: [`Selection::reduce`] selects them from all the
    /// days of a fetch.
    pub fn apply(&self, day: DayRates) -> Result<DayRates, String> {
        self.check_base(&day)?;
        Ok(day)
    }

    /// Refuses a day quoted against another base than the one asked for.
    fn check_base(&self, day: &DayRates) -> Result<(), String> {
        match self.base {
            Some(base) if day.home() != base => Err(format!(
                "day {}: rates are against {}, not the {base} asked for",
                day.date(),
                day.home(),
            )),
            _ => Ok(()),
        }
    }

    /// `days` (oldest first) reduced to the selected quotes, and the
    /// selected quotes missing from the newest of them. A quote missing
    /// from a day but present on a later one makes that day partial, and
    /// refuses the lot: a day is stored whole or not at all. A quote missing
    /// from the newest days only is the publisher's to stop publishing:
    /// [`Absent`]. Days holding none of the quotes are left out. `sparse`
    /// days (see [`Provider::sparse_days`]) hold only the quotes with a new
    /// figure: a quote missing from one is neither a hole nor absent.
    pub fn reduce(
        &self,
        days: Vec<DayRates>,
        sparse: bool,
    ) -> Result<(Vec<DayRates>, Vec<Absent>), String> {
        if self.symbols.is_empty() {
            return Ok((days, Vec::new()));
        }
        let has = |day: &DayRates, code: CurrencyCode| {
            day.rates()
                .iter()
                .any(|rate| rate.other(day.home()) == code)
        };
        let mut absent = Vec::new();
        for &code in self.symbols.iter().filter(|_| !sparse) {
            let last = days.iter().rposition(|day| has(day, code));
            if let Some(gap) = last.and_then(|last| days[..last].iter().find(|day| !has(day, code)))
            {
                return Err(format!(
                    "day {}: no rate for {code} (asked for by --symbols), though a later day has one",
                    gap.date()
                ));
            }
            if !days.is_empty() && last.is_none_or(|last| last + 1 < days.len()) {
                absent.push(Absent {
                    code,
                    last_seen: last.map(|last| days[last].date()),
                });
            }
        }
        let kept = days
            .into_iter()
            .filter_map(|day| {
                let home = day.home();
                day.retain(|rate| self.symbols.contains(&rate.other(home)))
            })
            .collect();
        Ok((kept, absent))
    }

    /// The days a parser made of the answer of `url`, each checked against
    /// the selection's base. A refusal, the parser's or the selection's,
    /// refuses the whole answer as invalid data of `url`.
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

    /// Whether a day holds only the quotes with a new figure that day
    /// (Frankfurter v2's blend), so that a day lacking a quote of
    /// `--symbols` is no partial day and a quote missing from the newest
    /// one no stopped currency ([`Selection::reduce`]).
    fn sparse_days(&self) -> bool {
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
            for setting in info.settings {
                assert!(setting.flag.starts_with(&format!("{}-", info.name)));
                let env = format!("FXRATES_{}", setting.flag.replace('-', "_"));
                assert_eq!(setting.env, env.to_ascii_uppercase());
            }
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
        let err = ProviderSpec::new(provider("oxr"), "https://example.org", vec![], false)
            .expect_err("no app id");
        assert_eq!(
            err.to_string(),
            "the oxr provider needs an app id: set FXRATES_OXR_APP_ID"
        );
        let app_id = &provider("oxr").info().settings[0];
        let blank = vec![(app_id, SettingValue::new(app_id, "  "))];
        assert!(ProviderSpec::new(provider("oxr"), "https://example.org", blank, false).is_err());
        let err = ProviderSpec::new(provider("nbp"), "http://example.org", vec![], false)
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
    fn day_month_year_dates_parse_with_either_separator() {
        let day = |s| parse_date(s).expect("date");
        assert_eq!(
            parse_day_month_year("03-Jan-2023", '-'),
            Ok(day("2023-01-03"))
        );
        assert_eq!(
            parse_day_month_year("17 Mar 2026", ' '),
            Ok(day("2026-03-17"))
        );
        for bad in [
            "03 Jan 2023",
            "03-jan-2023",
            "03-Jan-23",
            "31-Apr-2024",
            "003-Jan-2023",
        ] {
            assert_eq!(
                parse_day_month_year(bad, '-'),
                Err(format!("invalid date {bad:?} (expected e.g. 17-Mar-2026)"))
            );
        }
    }

    #[test]
    fn a_selection_keeps_the_symbols_in_published_order() {
        let selection = Selection {
            base: Some(CurrencyCode::EUR),
            symbols: vec![code("JPY"), code("USD")],
        };
        let day = selection.apply(sample_day()).expect("kept");
        let (days, absent) = selection.reduce(vec![day], false).expect("kept");
        assert_eq!(absent, []);
        let quotes: Vec<String> = days[0]
            .rates()
            .iter()
            .map(|r| r.quote.to_string())
            .collect();
        assert_eq!(quotes, ["USD", "JPY"]);
        assert_eq!(
            selection.symbols_query().as_deref(),
            Some("symbols=JPY,USD")
        );
        assert_eq!(Selection::default().symbols_query(), None);
    }

    /// `sample_day` on `date`, without `dropped`.
    fn sample_on(date: &str, dropped: &str) -> DayRates {
        let day = DayRates::against(
            crate::model::parse_date(date).expect("date"),
            CurrencyCode::EUR,
            sample_day()
                .rates()
                .iter()
                .map(|rate| (rate.quote, rate.rate))
                .collect(),
        )
        .expect("day");
        day.retain(|rate| rate.quote.as_str() != dropped)
            .expect("rates")
    }

    #[test]
    fn sparse_days_keep_the_quotes_they_have_and_name_none_absent() {
        let selection = Selection {
            base: None,
            symbols: vec![code("USD"), code("JPY")],
        };
        let days = vec![
            sample_on("2024-07-25", "JPY"),
            sample_on("2024-07-26", "-"),
            sample_on("2024-07-29", "JPY"),
        ];
        let (kept, absent) = selection.reduce(days, true).expect("kept");
        assert_eq!(absent, []);
        let counts: Vec<usize> = kept.iter().map(|day| day.rates().len()).collect();
        assert_eq!(counts, [1, 2, 1]);
    }

    #[test]
    fn a_symbol_missing_before_a_day_that_has_it_refuses_the_answer() {
        let selection = Selection {
            base: None,
            symbols: vec![code("USD"), code("JPY")],
        };
        let days = vec![
            sample_on("2024-07-25", "-"),
            sample_on("2024-07-26", "JPY"),
            sample_on("2024-07-29", "-"),
        ];
        assert_eq!(
            selection.reduce(days, false).expect_err("a hole"),
            "day 2024-07-26: no rate for JPY (asked for by --symbols), though a later day has one"
        );
    }

    #[test]
    fn a_symbol_missing_from_the_newest_days_is_absent_and_the_rest_is_kept() {
        let selection = Selection {
            base: None,
            symbols: vec![code("USD"), code("JPY"), code("CHF")],
        };
        let days = vec![
            sample_on("2024-07-25", "-"),
            sample_on("2024-07-26", "JPY"),
            sample_on("2024-07-29", "JPY"),
        ];
        let (kept, absent) = selection.reduce(days, false).expect("kept");
        assert_eq!(kept.len(), 3);
        assert_eq!(kept[2].rates().len(), 1, "USD only");
        let day = |s| Some(crate::model::parse_date(s).expect("date"));
        assert_eq!(
            absent,
            [
                Absent {
                    code: code("JPY"),
                    last_seen: day("2024-07-25")
                },
                Absent {
                    code: code("CHF"),
                    last_seen: None
                },
            ]
        );
        // Nothing answered: nothing is absent.
        assert_eq!(
            selection.reduce(Vec::new(), false),
            Ok((Vec::new(), Vec::new()))
        );
    }

    #[test]
    fn a_selection_refuses_another_base() {
        let other_base = Selection {
            base: Some(code("USD")),
            symbols: vec![],
        };
        let err = other_base.apply(sample_day()).expect_err("EUR base");
        assert!(err.contains("against EUR, not the USD asked for"), "{err}");
    }
}
