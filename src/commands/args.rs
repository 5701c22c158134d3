//! The arguments several commands share, declared once: the provider
//! order and the providers' settings, where `show` and `convert` read, the
//! value parsers of dates, codes, ages and durations, and the checks of the
//! days they name. Each command declares its own arguments in its module
//! (`*Args`) from these, and resolves them into its options.

use std::time::Duration;

use chrono::NaiveDate;
use clap::Args;

use crate::calendar::Age;
use crate::error::Error;
use crate::model::{CurrencyCode, Series};
use crate::providers::{ProviderName, Setting, SettingKind, SettingValue};
use crate::read::Sources;

/// The providers in order of preference, which `fetch`, `show`, `convert`
/// and `status` share, so that one `FXRATES_PROVIDER` serves them all.
#[derive(Debug, Args)]
pub struct ProviderOrder {
    /// Providers in order of preference. `fetch` tries them in turn until
    /// one serves, storing each under its own name as source; `show` and
    /// `convert` read the first with rates for the day; `status` checks
    /// their sources.
    #[arg(
        long_help = provider_order_help(),
        long = "provider",
        env = "FXRATES_PROVIDER",
        value_delimiter = ';',
        default_value = "ecb",
        value_parser = ChainParser,
        hide_possible_values = true,
        value_name = "NAME[,NAME…]",
        help_heading = "Providers"
    )]
    pub chains: Vec<ProviderChain>,
}

/// One `--provider` value: providers in order of preference, a fallback
/// chain. Repeating `--provider` (or `;` in `FXRATES_PROVIDER`) names
/// independent chains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderChain(pub Vec<ProviderName>);

/// Which stored rates `show` and `convert` read.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Read the rates this source stored [default: the first source, in
    /// provider order, with rates for the day]
    #[arg(long, env = "FXRATES_SOURCE", value_name = "NAME", value_parser = parse_source)]
    pub source: Option<String>,

    #[command(flatten)]
    pub order: ProviderOrder,

    /// Which rate of a pair to read: mid, buying, buying-sight, selling,
    /// banknote-buying, banknote-selling, per-gram [default: mid; a source
    /// that prints none needs one]
    #[arg(long, env = "FXRATES_SERIES", value_name = "NAME")]
    pub series: Option<Series>,
}

impl ProviderOrder {
    /// The providers, first choice first; a [`Error::Usage`] for an empty
    /// list or a provider named twice.
    pub fn resolve(&self) -> Result<Vec<ProviderName>, Error> {
        let all: Vec<ProviderName> = self.chains.iter().flat_map(|c| c.0.clone()).collect();
        providers(&all)
    }

    /// The independent chains (`--provider` repeated), each its providers
    /// in order of preference; a [`Error::Usage`] as for [`Self::resolve`],
    /// a provider in two chains included.
    pub fn resolve_chains(&self) -> Result<Vec<Vec<ProviderName>>, Error> {
        self.resolve()?;
        self.chains
            .iter()
            .map(|chain| providers(&chain.0))
            .collect()
    }

    /// The sources `show` and `convert` read from when `--source` is not
    /// given, and `status` checks, first choice first.
    pub fn sources(&self) -> Result<Vec<String>, Error> {
        Ok(self
            .resolve()?
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect())
    }
}

impl SourceArgs {
    /// Where `show` and `convert` read: `--source`, else the provider order.
    pub fn resolve(&self) -> Result<Sources, Error> {
        Ok(Sources {
            explicit: self.source.clone(),
            order: self.order.sources()?,
            series: self.series,
        })
    }
}

/// `day`, given as `flag`, unless it is after `today`: a usage error then,
/// naming today's date, since the machine's clock may be the surprise.
pub fn not_after_today(flag: &str, day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Error> {
    if day > today {
        return Err(Error::Usage(format!(
            "{flag} {day} is in the future (today is {today}, UTC)"
        )));
    }
    Ok(day)
}

/// The day `age`, given as `flag`, reaches back to from `today`: a usage
/// error when that is before the year 1.
pub fn age_back_from(flag: &str, age: Age, today: NaiveDate) -> Result<NaiveDate, Error> {
    age.cutoff(today)
        .ok_or_else(|| Error::Usage(format!("{flag} {age} reaches before the year 1")))
}

/// A usage error unless `--from` is not after `--to`.
pub fn from_not_after_to(from: NaiveDate, to: NaiveDate) -> Result<(), Error> {
    if from > to {
        return Err(Error::Usage(format!("--from {from} is after --to {to}")));
    }
    Ok(())
}

/// The `--provider` list, refusing a repeat (which would only try the same
/// provider twice) and an empty list.
pub fn providers(names: &[ProviderName]) -> Result<Vec<ProviderName>, Error> {
    if names.is_empty() {
        return Err(Error::Usage("--provider names no provider".to_owned()));
    }
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            return Err(Error::Usage(format!("--provider lists {name} twice")));
        }
    }
    Ok(names.to_vec())
}

/// The long help of `--provider`: what it does, then every provider of the
/// registry with what its rates are.
fn provider_order_help() -> String {
    let mut help = String::from(
        "Providers in order of preference. `fetch` tries them in turn until one serves, \
         storing each under its own name as source; `show` and `convert` read the first \
         with rates for the day; `status` checks their sources.\n\n\
         Repeat the option (`;` in FXRATES_PROVIDER) for independent chains: `fetch` \
         and `status` run each on its own, e.g. --provider nbp --provider cnb,ecb \
         (FXRATES_PROVIDER=\"nbp;cnb,ecb\"); no provider in two chains.\n\nProviders:",
    );
    for provider in ProviderName::all() {
        let info = provider.info();
        help.push_str(&format!(
            "\n  {}: {}\n      {}",
            info.name, info.publisher, info.about
        ));
    }
    help
}

/// Each provider's base URL and own settings (secrets, options of its API):
/// options made from the provider registry, so that a new provider brings
/// its own `--<name>-url` and `FXRATES_<NAME>_URL`, and each of its settings
/// its option and variable, without an edit here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderSettings {
    /// Every provider's base URL, the default where none is set.
    pub urls: Vec<(ProviderName, String)>,
    /// The settings that were given a value, by provider.
    pub values: Vec<(ProviderName, &'static Setting, SettingValue)>,
}

impl ProviderSettings {
    /// The base URL of `provider`.
    pub fn url(&self, provider: ProviderName) -> &str {
        self.urls
            .iter()
            .find(|(name, _)| *name == provider)
            .map_or(provider.info().default_url, |(_, url)| url.as_str())
    }

    /// The values given to the settings of `provider`.
    pub fn values_of(&self, provider: ProviderName) -> Vec<(&'static Setting, SettingValue)> {
        self.values
            .iter()
            .filter(|(name, _, _)| *name == provider)
            .map(|(_, setting, value)| (*setting, value.clone()))
            .collect()
    }
}

impl clap::FromArgMatches for ProviderSettings {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut settings = ProviderSettings::default();
        settings.update_from_arg_matches(matches)?;
        Ok(settings)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for provider in ProviderName::all() {
            if let Some(url) = matches.get_one::<String>(&provider.url_flag()) {
                self.urls.retain(|(name, _)| *name != provider);
                self.urls.push((provider, url.clone()));
            }
            for setting in provider.info().settings {
                if let Some(value) = matches.get_one::<String>(setting.flag) {
                    self.values.retain(|(_, set, _)| *set != setting);
                    let value = SettingValue::new(setting, value.trim());
                    // Known from here on, so that every output hides it,
                    // whatever fails later.
                    if setting.kind == SettingKind::Secret {
                        crate::secrets::register(value.expose());
                    }
                    self.values.push((provider, setting, value));
                }
            }
        }
        Ok(())
    }
}

impl Args for ProviderSettings {
    fn augment_args(mut cmd: clap::Command) -> clap::Command {
        for provider in ProviderName::all() {
            let info = provider.info();
            cmd = cmd.arg(
                clap::Arg::new(provider.url_flag())
                    .long(provider.url_flag())
                    .env(provider.url_env())
                    // A mirror's URL may hold a password.
                    .hide_env_values(true)
                    .default_value(info.default_url)
                    .value_name("URL")
                    .help(format!(
                        "Base URL of the {} provider's API: {}.",
                        info.name, info.publisher
                    ))
                    .help_heading("Providers"),
            );
            for setting in info.settings {
                cmd = cmd.arg(setting_arg(info.name, setting));
            }
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// The option of `setting`, a setting of the provider `provider`.
fn setting_arg(provider: &str, setting: &'static Setting) -> clap::Arg {
    let arg = clap::Arg::new(setting.flag)
        .long(setting.flag)
        .env(setting.env)
        .value_name(setting.value_name)
        .help_heading("Providers");
    match setting.kind {
        SettingKind::Secret => arg.hide_env_values(true).help(format!(
            "The {} of the {provider} provider (a secret: prefer the environment \
             variable). Required when {provider} is among the providers.",
            setting
                .what
                .trim_start_matches("an ")
                .trim_start_matches("a "),
        )),
        SettingKind::Plain => arg.help(setting.help),
    }
}

/// A source name in any case (`ECB` is `ecb`, the name its rows carry);
/// empty is refused rather than matching nothing.
pub(crate) fn parse_source(s: &str) -> Result<String, String> {
    let name = s.trim().to_ascii_lowercase();
    if name.is_empty() {
        return Err("a source name is required, e.g. ecb".to_owned());
    }
    Ok(name)
}

pub(crate) fn parse_provider(s: &str) -> Result<ProviderName, String> {
    s.trim().parse()
}

/// `--provider`'s parser: [`parse_provider`], offering every name of the
/// registry to shell completion (the long help lists them already).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ProviderParser;

impl clap::builder::TypedValueParser for ProviderParser {
    type Value = ProviderName;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<ProviderName, clap::Error> {
        let parse: fn(&str) -> Result<ProviderName, String> = parse_provider;
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(ProviderName::all().map(|provider| {
            clap::builder::PossibleValue::new(provider.as_str()).help(provider.info().publisher)
        })))
    }
}

/// `--provider`'s parser: a comma list of [`parse_provider`] names, one
/// chain, offering every name of the registry to shell completion as
/// [`ProviderParser`] does.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ChainParser;

impl clap::builder::TypedValueParser for ChainParser {
    type Value = ProviderChain;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<ProviderChain, clap::Error> {
        let Some(text) = value.to_str() else {
            return ProviderParser
                .parse_ref(cmd, arg, value)
                .map(|p| ProviderChain(vec![p]));
        };
        let names = text
            .split(',')
            .map(|name| ProviderParser.parse_ref(cmd, arg, std::ffi::OsStr::new(name)))
            .collect::<Result<_, _>>()?;
        Ok(ProviderChain(names))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        ProviderParser.possible_values()
    }
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::model::parse_date(s)
}

/// A currency code in any case: `usd` is `USD`.
pub(crate) fn parse_symbol(s: &str) -> Result<CurrencyCode, String> {
    s.trim()
        .to_ascii_uppercase()
        .parse()
        .map_err(|_| format!("invalid currency code {s:?} (expected three letters, e.g. USD)"))
}

pub(crate) fn parse_age(s: &str) -> Result<Age, String> {
    s.parse()
}

/// Parses `500ms`, `30s`, `2m` or a bare number of seconds.
pub(crate) fn parse_duration(s: &str) -> Result<Duration, String> {
    let invalid = || format!("invalid duration {s:?} (expected e.g. 30s, 2m or 500ms)");
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: u64 = number.parse().map_err(|_| invalid())?;
    let duration = match unit {
        "ms" => Duration::from_millis(n),
        "" | "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.checked_mul(60).ok_or_else(invalid)?),
        "h" => Duration::from_secs(n.checked_mul(3600).ok_or_else(invalid)?),
        _ => return Err(invalid()),
    };
    if duration.is_zero() {
        return Err(format!("invalid duration {s:?} (must be more than zero)"));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: `--source ECB` found nothing (sources are stored in
    /// lower case) and an empty `FXRATES_SOURCE` was accepted.
    #[test]
    fn sources_take_any_case_and_are_never_empty() {
        assert_eq!(parse_source(" ECB "), Ok("ecb".to_owned()));
        assert!(parse_source("").is_err());
        assert!(parse_source("  ").is_err());
    }
    #[test]
    fn symbols_are_three_letters_in_any_case() {
        assert_eq!(parse_symbol("usd").map(|c| c.to_string()), Ok("USD".into()));
        assert_eq!(parse_symbol("GbP").map(|c| c.to_string()), Ok("GBP".into()));
        for bad in ["US", "USDX", "U1D", "", "€"] {
            assert!(parse_symbol(bad).is_err(), "{bad:?} accepted");
        }
    }
    #[test]
    fn durations_take_a_unit() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        for bad in ["", "s", "0s", "-1s", "1d", "1.5s", "30 s"] {
            assert!(parse_duration(bad).is_err(), "{bad:?} accepted");
        }
    }
    #[test]
    fn a_provider_listed_twice_is_a_usage_error() {
        let name = |s: &str| s.parse::<ProviderName>().expect("known");
        let (ecb, oxr, frankfurter) = (name("ecb"), name("oxr"), name("frankfurter"));
        assert_eq!(providers(&[oxr, ecb]).ok(), Some(vec![oxr, ecb]));
        let err = providers(&[ecb, frankfurter, ecb]).expect_err("repeat");
        assert_eq!(err.to_string(), "--provider lists ecb twice");
        assert!(providers(&[]).is_err());
    }
}
