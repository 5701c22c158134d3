//! One provider as a run uses it ([`ProviderSpec`]): its registry entry,
//! its checked base URL and the checked values of its settings, and what a
//! provider is built from for a run ([`Setup`]).

use chrono::NaiveDate;

use super::{Provider, ProviderName, Secret, Selection, Setting, SettingKind, SettingValue};
use crate::error::Error;
use crate::http::{HttpClient, check_url};

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
            let decoded = crate::percent::decode(password).unwrap_or_else(|_| password.to_owned());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(name: &str) -> ProviderName {
        name.parse().expect("a known provider")
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
}
