//! The provider registry: every provider fxrates knows, each one entry
//! ([`ProviderInfo`]) holding every fact the rest of the program and its
//! docs state about it, and [`ProviderName`], a provider by its name.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, NaiveDate};

use super::{Figures, Provider, Release, Rhythm, Setting, Setup, Week};
use super::{
    banrep, banxico, bcch, bcra, bcrp, bdi, bnr, boc, boe, boi, boj, bot, cba, cbbh, cbr, cbu, cnb,
    dnb, ecb, fbil, frankfurter, frankfurter2, fred, hkma, hmrc, hnb, imf, inforeuro, mnb, nbg,
    nbk, nbm, nbp, nbrb, nbu, norgesbank, oxr, ptax, rba, riksbank, sarb, sbi, tcmb, ust,
};
use crate::model::CurrencyCode;

/// Where a provider's rates are priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Home {
    /// Always this currency: a central bank's own (one side of every rate).
    Fixed(CurrencyCode),
    /// Any base `--base` names; this one when none is named.
    AnyBase(CurrencyCode),
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
    /// The days it dates its rates by.
    pub week: Week,
    /// Its longest regular closure beside weekends and the holidays `week`
    /// knows, in days of its week, which `status` allows for.
    pub closure: u32,
    /// Whether its figures are a publisher's official ones or a blend.
    pub figures: Figures,
    /// One line for `--help`: what the rates are.
    pub about: &'static str,
    /// The first day of its history: no request reaches before it, and a
    /// `--date`, `--from` or `--to` before it is a usage error.
    pub first_day: NaiveDate,
    /// How many days after the day it publishes a rate the rate is dated:
    /// 1 for a publisher that dates a rate by the next day, on which it
    /// takes effect (the NBU), so that tomorrow's rate is fetched today; a
    /// month for one that publishes a month's rate before the month (HMRC).
    pub dated_ahead: u64,
    /// Whether a day holds only the figures that changed on it (Frankfurter
    /// v2's blend, the Treasury's amendments): each figure then stays in
    /// force until its pair's next one, within the period it states or the
    /// look-back (`fx_sparse_sources`), and a day lacking a currency is no
    /// partial day ([`super::Selection::reduce`]).
    pub sparse: bool,
    /// Where the publisher states the terms its rates are used under.
    pub terms: &'static str,
    /// What the docs and the shipped examples say of it.
    pub described: Described,
    /// Builds the provider for a run.
    pub build: for<'a> fn(Setup<'a>) -> Box<dyn Provider + 'a>,
}

/// What the docs and the shipped examples say of a provider, in the words
/// of its registry entry: the tables of docs/providers.md and the README
/// and the lines of crontab.example are written from these, and a test
/// holds them to it.
#[derive(Debug)]
pub struct Described {
    /// A rate as printed, its direction and unit: `` `1 EUR = 1.0705 USD` ``.
    pub printed: &'static str,
    /// What to know of its history beside its first day, if anything.
    pub history: &'static str,
    /// When it publishes, in UTC in winter.
    pub published: &'static str,
    /// What one request may ask for.
    pub per_request: &'static str,
    /// What the rate is used for.
    pub used_for: &'static str,
    /// The requests below the base URL.
    pub requests: &'static str,
    /// Its answer when nothing was published: the only one taken as such.
    pub nothing_published: &'static str,
    /// Its line of its own in crontab.example, for a publisher with a time
    /// of day of its own.
    pub cron: Option<CronLine>,
}

/// A provider's line in crontab.example.
#[derive(Debug)]
pub struct CronLine {
    /// The five time fields, in Frankfurt time (the file's `CRON_TZ`).
    pub schedule: &'static str,
    /// The comment above it: when the publisher publishes.
    pub why: &'static str,
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
    inforeuro::INFO,
    ust::INFO,
    hmrc::INFO,
    cbbh::INFO,
    bdi::INFO,
    cbu::INFO,
    nbk::INFO,
    dnb::INFO,
    nbm::INFO,
    hnb::INFO,
    nbg::INFO,
    bnr::INFO,
    cbr::INFO,
    nbrb::INFO,
    sbi::INFO,
    cba::INFO,
    banxico::INFO,
    bcch::INFO,
    banrep::INFO,
    bcra::INFO,
    bcrp::INFO,
    imf::INFO,
    sarb::INFO,
    hkma::INFO,
    fbil::INFO,
    boj::INFO,
    bot::INFO,
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

    /// Its publication rhythm, which `status` judges its freshness by.
    pub fn rhythm(self) -> Rhythm {
        Rhythm {
            release: self.0.release,
            week: self.0.week,
            closure: self.0.closure,
        }
    }

    /// The first day of its history ([`ProviderInfo::first_day`]).
    pub fn first_day(self) -> NaiveDate {
        self.0.first_day
    }

    /// The newest day it may have published rates for by `today`: today,
    /// or a later day for a publisher that dates its rates ahead.
    pub fn last_day(self, today: NaiveDate) -> NaiveDate {
        today + Days::new(self.0.dated_ahead)
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

#[cfg(test)]
mod tests {
    use chrono::Datelike as _;

    use super::*;

    fn code(s: &str) -> CurrencyCode {
        s.parse().expect("code")
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
    fn every_entry_states_its_history_terms_and_docs() {
        for info in REGISTRY {
            let name = info.name;
            assert!(info.first_day.year() >= 1948, "{name}");
            assert!(info.dated_ahead <= 31, "{name}");
            assert!(info.terms.starts_with("https://"), "{name}");
            let Described {
                printed,
                history: _,
                published,
                per_request,
                used_for,
                requests,
                nothing_published,
                cron,
            } = &info.described;
            for text in [
                printed,
                published,
                per_request,
                used_for,
                requests,
                nothing_published,
            ] {
                assert!(!text.trim().is_empty() && !text.contains('\n'), "{name}");
            }
            // A central bank publishes at its own time of day, so it has a
            // cron line of its own; the ECB's are the file's default lines.
            let own_line = matches!(info.home, Home::Fixed(_)) && name != "ecb";
            assert_eq!(cron.is_some(), own_line, "{name}");
            if let Some(line) = cron {
                assert_eq!(line.schedule.split(' ').count(), 5, "{name}");
            }
        }
        assert_eq!(provider("mnb").first_day().to_string(), "1949-01-03");
        let today = crate::model::date(2026, 3, 16);
        assert_eq!(provider("nbu").last_day(today).to_string(), "2026-03-17");
        assert_eq!(provider("ecb").last_day(today), today);
    }

    #[test]
    fn every_provider_module_is_in_the_registry() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/providers");
        let mut modules: Vec<String> = std::fs::read_dir(&dir)
            .expect("src/providers")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| {
                std::fs::read_to_string(path)
                    .is_ok_and(|text| text.contains("\npub const INFO: ProviderInfo"))
            })
            .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
            .collect();
        modules.sort();
        let mut registered: Vec<&str> = REGISTRY.iter().map(|info| info.name).collect();
        registered.sort_unstable();
        assert_eq!(modules, registered, "a module's INFO missing from REGISTRY");
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
}
