//! A provider's own settings beside its base URL: an API key, an option of
//! its API. Each is declared once, in the provider's registry entry, and
//! brings its own `--<flag>` and `FXRATES_…` variable, its `--help` line
//! and, for a secret, the promise that its value never reaches a message.

use std::fmt;

use crate::http::Sent;

/// What a [`Setting`] holds, which decides how it is asked for and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingKind {
    /// A secret the provider cannot work without (an API key): required
    /// whenever the provider is among a run's, hidden in `--help`, in every
    /// message and in the failure email.
    Secret,
    /// An option of the provider's API, passed on when set and left out
    /// when not.
    Plain,
}

/// A setting of a provider's own, with its option and variable. Two are the
/// same setting when they have the same flag, which no two entries share.
#[derive(Debug)]
pub struct Setting {
    /// The long option, e.g. `oxr-app-id`.
    pub flag: &'static str,
    /// The environment variable, e.g. `FXRATES_OXR_APP_ID`.
    pub env: &'static str,
    /// What it is, e.g. `an app id`: for `--help` and, for a secret, the
    /// usage error when it is missing.
    pub what: &'static str,
    /// For a plain setting, the rest of its `--help` line: what a value
    /// does and what it looks like. A secret's line is written from `what`.
    pub help: &'static str,
    /// The placeholder of its value in `--help`.
    pub value_name: &'static str,
    pub kind: SettingKind,
    /// How the provider sends the value, e.g. as the query's `app_id=`: the
    /// provider reads the name from here, and for a secret it is one more
    /// spelling whose value [`crate::secrets`] hides.
    pub sent: Sent,
    /// Checks a value given (trimmed, not empty) and returns it as the
    /// provider takes it, or says what is wrong with it.
    pub check: fn(&str) -> Result<String, String>,
}

impl PartialEq for Setting {
    fn eq(&self, other: &Self) -> bool {
        self.flag == other.flag
    }
}

impl Eq for Setting {}

impl Setting {
    /// `--oxr-app-id (FXRATES_OXR_APP_ID)`, as a message names the setting.
    pub fn named(&self) -> String {
        format!("--{} ({})", self.flag, self.env)
    }

    /// A value as given, for a setting that takes any text.
    pub fn any(value: &str) -> Result<String, String> {
        Ok(value.to_owned())
    }
}

/// The value a [`Setting`] was given: a secret's is held as a [`Secret`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingValue {
    Secret(Secret),
    Plain(String),
}

impl SettingValue {
    /// `text` as the value of `setting`, held the way its kind asks.
    pub fn new(setting: &Setting, text: &str) -> Self {
        match setting.kind {
            SettingKind::Secret => SettingValue::Secret(Secret::new(text)),
            SettingKind::Plain => SettingValue::Plain(text.to_owned()),
        }
    }

    /// The value itself: for a secret, for the request and nothing else.
    pub fn expose(&self) -> &str {
        match self {
            SettingValue::Secret(secret) => secret.expose(),
            SettingValue::Plain(text) => text,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: Setting = Setting {
        flag: "demo-api-key",
        env: "FXRATES_DEMO_API_KEY",
        what: "an API key",
        help: "",
        value_name: "SECRET",
        kind: SettingKind::Secret,
        sent: Sent::Query("api_key"),
        check: Setting::any,
    };

    #[test]
    fn a_secret_value_never_shows_in_debug_output() {
        let value = SettingValue::new(&KEY, "sentinel-4f2a");
        assert_eq!(format!("{value:?}"), "Secret(Secret(***))");
        assert_eq!(value.expose(), "sentinel-4f2a");
        assert_eq!(KEY.named(), "--demo-api-key (FXRATES_DEMO_API_KEY)");
        let plain = Setting {
            kind: SettingKind::Plain,
            ..KEY
        };
        assert_eq!(
            format!("{:?}", SettingValue::new(&plain, "ecb")),
            "Plain(\"ecb\")"
        );
    }
}
