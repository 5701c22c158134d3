//! Secrets hidden where text leaves the program: every error line, log line,
//! email and `fetch_runs` row passes [`hide`], which replaces with `***` the
//! secrets fxrates was given (registered where each is read: a provider's
//! key, the database's and the SMTP server's passwords) and, in any text,
//! the password of every `scheme://user:password@host` URL and the value
//! after every name of a secret: the generic ones (`password=`, `token=`…)
//! and, for each secret setting of the provider registry, its option, its
//! variable and the name it is sent under (`--fred-api-key=`,
//! `FXRATES_FRED_API_KEY=`, `?api_key=`, or a header's `Name:`), derived
//! from the setting, so that a provider's secret is hidden with no word of
//! its own here.
//!
//! It works on free text (a command line, an error chain, a server's reply)
//! without parsing it, so it errs on the side of hiding too much.

use std::sync::{Mutex, OnceLock};

use crate::http::Sent;
use crate::providers::{ProviderName, Setting, SettingKind};

/// The secrets this process was given.
static KNOWN: OnceLock<Mutex<Vec<String>>> = OnceLock::new();

/// Remembers `secret` so that [`hide`] hides it wherever it appears. A
/// secret of fewer than 3 characters is not worth garbling every message
/// for, and is only hidden where a key or a URL marks it.
pub fn register(secret: &str) {
    if secret.chars().count() < 3 {
        return;
    }
    let known = KNOWN.get_or_init(Mutex::default);
    let mut known = known
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !known.iter().any(|s| s == secret) {
        known.push(secret.to_owned());
        // The longest first, so that a secret holding another goes whole.
        known.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// `text` with every secret hidden behind `***`: the registered ones, and
/// those [`redact`] finds by their shape. The registered ones go first, so
/// that a known key in a URL leaves the punctuation after it
/// (`…?app_id=***: HTTP 500`), which [`redact`] alone could not tell from
/// the value.
pub fn hide(text: &str) -> String {
    redact(&hide_known(text))
}

/// `text` with the registered secrets hidden, as given and as a URL's query
/// carries them ([`crate::percent::encode`]).
fn hide_known(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(known) = KNOWN.get() {
        let known = known
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for secret in known.iter() {
            let encoded = crate::percent::encode(secret);
            text = text.replace(secret.as_str(), "***");
            if encoded != *secret {
                text = text.replace(encoded.as_str(), "***");
            }
        }
    }
    text
}

/// `args`, a command line's words, each through [`hide`] and then `quote`,
/// and the word after a secret setting's option (`--fred-api-key KEY`) as
/// `***`: a command line that did not parse may hold a secret never read,
/// so never registered.
pub fn hide_args(args: &[String], quote: impl Fn(&str) -> String) -> Vec<String> {
    hide_args_by(args, keys(), quote)
}

fn hide_args_by(args: &[String], keys: &[Key], quote: impl Fn(&str) -> String) -> Vec<String> {
    let mut secret_next = false;
    args.iter()
        .map(|arg| {
            let word = if secret_next {
                HIDDEN.to_owned()
            } else {
                quote(&redact_by(&hide_known(arg), keys))
            };
            secret_next = keys
                .iter()
                .any(|key| matches!(key, Key::Flag(flag) if arg.strip_prefix("--") == Some(flag)));
            word
        })
        .collect()
}

/// Words naming a secret in any service, matched case-insensitively
/// anywhere in a key, so that `sslpassword=` and `PGPASSWORD=` are caught.
/// A provider's secret settings add their own names ([`keys_of`]).
const GENERIC_KEYS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "access_key",
];

/// A name after which text writes a secret's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    /// A word of [`GENERIC_KEYS`], anywhere in a key, then `=`.
    Generic(&'static str),
    /// A secret setting's option: `--name=value`, and among a command
    /// line's words ([`hide_args`]), `--name` then the value.
    Flag(&'static str),
    /// A secret setting's environment variable: `NAME=value`.
    Variable(&'static str),
    /// The name a secret setting is sent under: `?name=value` or
    /// `&name=value` in a URL's query, `Name: value` for a header.
    Sent(Sent),
}

impl Key {
    /// What text writes before the value's separator, in lower case.
    fn name(self) -> String {
        match self {
            Key::Generic(name) | Key::Variable(name) => name.to_ascii_lowercase(),
            Key::Flag(flag) => format!("--{}", flag.to_ascii_lowercase()),
            Key::Sent(sent) => sent.name().to_ascii_lowercase(),
        }
    }

    /// Whether the name may start after `before`, the character before it
    /// (`None` at the start of the text). A query parameter's name only
    /// counts in a query, so that a short one (`user=`) does not hide the
    /// user of a libpq string; a header's, as a whole word.
    fn may_follow(self, before: Option<char>) -> bool {
        match self {
            Key::Generic(_) | Key::Flag(_) | Key::Variable(_) => true,
            Key::Sent(Sent::Query(_)) => matches!(before, Some('?' | '&')),
            Key::Sent(Sent::Header(_)) => {
                before.is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
            }
        }
    }

    /// What may stand between the name and the value.
    fn separators(self) -> &'static [char] {
        match self {
            Key::Sent(Sent::Header(_)) => &[':', '='],
            _ => &['='],
        }
    }
}

/// The generic keys, then every secret setting of the provider registry's.
fn keys() -> &'static [Key] {
    static KEYS: OnceLock<Vec<Key>> = OnceLock::new();
    KEYS.get_or_init(|| keys_of(ProviderName::all().flat_map(|provider| provider.info().settings)))
}

/// The generic keys, and for each secret among `settings` its option, its
/// variable and the name it is sent under.
fn keys_of<'a>(settings: impl IntoIterator<Item = &'a Setting>) -> Vec<Key> {
    let mut keys: Vec<Key> = GENERIC_KEYS
        .iter()
        .map(|&name| Key::Generic(name))
        .collect();
    for setting in settings {
        if setting.kind == SettingKind::Secret {
            keys.extend([
                Key::Flag(setting.flag),
                Key::Variable(setting.env),
                Key::Sent(setting.sent),
            ]);
        }
    }
    keys
}

/// Hides the secrets in `text` behind `***`: the password of every
/// `scheme://user:password@host` URL, and the value after every name of a
/// secret (libpq `key=value` strings, URL query parameters, `PGPASSWORD=…`,
/// `--fred-api-key=…`, a header). A value runs to the next white space, or
/// to its closing quote when quoted: when in doubt, more is hidden rather
/// than less.
pub fn redact(text: &str) -> String {
    redact_by(text, keys())
}

fn redact_by(text: &str, keys: &[Key]) -> String {
    redact_keys(&redact_url_passwords(text), keys)
}

fn redact_url_passwords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("://") {
        let (before, after) = rest.split_at(start + 3);
        out.push_str(before);
        let end = after
            .find(|c: char| matches!(c, '/' | '?' | '#' | '\'' | '"') || c.is_whitespace())
            .unwrap_or(after.len());
        let authority = &after[..end];
        match authority.rfind('@') {
            Some(at) if authority[..at].contains(':') => {
                let colon = authority.find(':').unwrap_or(at);
                out.push_str(&authority[..=colon]);
                out.push_str("***");
                out.push_str(&authority[at..]);
            }
            _ => out.push_str(authority),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn redact_keys(text: &str, keys: &[Key]) -> String {
    let lower = text.to_ascii_lowercase();
    let names: Vec<(Key, String)> = keys.iter().map(|&key| (key, key.name())).collect();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut search = 0;
    while let Some(at) = names
        .iter()
        .filter_map(|(key, name)| next_name(text, &lower, search, *key, name))
        .min()
    {
        // Of the names at `at`, the one a separator follows: `?password=`
        // is `password`, not `?pass` then `word=`.
        let value_start = names
            .iter()
            .filter(|(key, name)| {
                lower[at..].starts_with(name.as_str())
                    && key.may_follow(text[..at].chars().next_back())
            })
            .filter_map(|(key, name)| after_separator(text, at + name.len(), key.separators()))
            .min();
        let Some(value_start) = value_start else {
            search = at + text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let value = &text[value_start..];
        // A word quoted whole (`'--fred-api-key=KEY'` in clap's error)
        // ends its value at its closing quote, which stays.
        let opened = opening_quote(text, at);
        let value_len = match value.chars().next() {
            _ if already_hidden(value) => HIDDEN.len(),
            Some(quote @ ('\'' | '"')) => closing_quote(value, quote),
            _ => value
                .find(|c: char| c.is_whitespace() || Some(c) == opened)
                .unwrap_or(value.len()),
        };
        out.push_str(&text[copied..value_start]);
        out.push_str(HIDDEN);
        copied = value_start + value_len;
        search = copied.max(at + 1);
    }
    out.push_str(&text[copied..]);
    out
}

/// The quote the word holding `at` opens with, if any.
fn opening_quote(text: &str, at: usize) -> Option<char> {
    let word_start = text[..at]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(space, c)| space + c.len_utf8());
    text[word_start..at]
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"'))
}

/// Where `name` (of `key`, in lower case) next starts in `text` from
/// `from` on, where the key may start.
fn next_name(text: &str, lower: &str, from: usize, key: Key, name: &str) -> Option<usize> {
    let mut from = from;
    loop {
        let at = from + lower.get(from..)?.find(name)?;
        if key.may_follow(text[..at].chars().next_back()) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Where the value starts after a name ending at `end`: past spaces, one of
/// `separators`, and spaces again; `None` without a separator.
fn after_separator(text: &str, end: usize, separators: &[char]) -> Option<usize> {
    let rest = text[end..].trim_start_matches(' ');
    let value = rest.strip_prefix(separators)?.trim_start_matches(' ');
    Some(text.len() - value.len())
}

/// What a hidden value reads as.
const HIDDEN: &str = "***";

/// Whether `value` was hidden before (a registered secret, by [`hide`]):
/// `***` then the end of the word, or the punctuation
/// after a URL in a message (`…?app_id=***: HTTP 500`, `…?app_id=***&base=EUR`),
/// which is kept.
fn already_hidden(value: &str) -> bool {
    value.strip_prefix(HIDDEN).is_some_and(|rest| {
        rest.chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || matches!(c, ':' | '&' | ',' | ';' | ')'))
    })
}

/// The length of `value` up to and including the quote closing the one it
/// starts with (a backslash escapes, as in libpq), or all of it.
fn closing_quote(value: &str, quote: char) -> usize {
    let mut escaped = false;
    for (at, c) in value.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == quote => return at + c.len_utf8(),
            _ => {}
        }
    }
    value.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_url_passwords_and_keeps_the_rest() {
        for (text, expected) in [
            (
                "postgres://fx:s3cret@db.example.com:5432/fx",
                "postgres://fx:***@db.example.com:5432/fx",
            ),
            (
                "smtps://mailer:pa%40ss@mail.example.com:465",
                "smtps://mailer:***@mail.example.com:465",
            ),
            // An unencoded `@` in the password: the last one ends it.
            ("postgres://u:p@ss@h/db", "postgres://u:***@h/db"),
            (
                "cannot reach smtp://a:x@h:25 or postgres://b:y@h/db",
                "cannot reach smtp://a:***@h:25 or postgres://b:***@h/db",
            ),
            (
                "--database-url=postgres://fx:pw@h/db",
                "--database-url=postgres://fx:***@h/db",
            ),
            ("postgres://fx@h/db", "postgres://fx@h/db"),
            ("https://example.com/a@b:c", "https://example.com/a@b:c"),
            (
                "mail ops@example.com at 16:00",
                "mail ops@example.com at 16:00",
            ),
        ] {
            assert_eq!(redact(text), expected, "{text}");
        }
    }

    #[test]
    fn redact_hides_password_values() {
        for (text, expected) in [
            (
                "host=db password=s3cret dbname=fx",
                "host=db password=*** dbname=fx",
            ),
            (
                "host=db password = 'se cr\\'et' dbname=fx",
                "host=db password = *** dbname=fx",
            ),
            ("host=db PASSWORD=\"a b\"", "host=db PASSWORD=***"),
            (
                "sslpassword=x sslmode=require",
                "sslpassword=*** sslmode=require",
            ),
            ("PGPASSWORD=x fxrates fetch", "PGPASSWORD=*** fxrates fetch"),
            (
                "postgres://u@h/db?password=x&sslmode=require",
                "postgres://u@h/db?password=***",
            ),
            (
                "https://oxr/latest.json?app_id=abc",
                "https://oxr/latest.json?app_id=***",
            ),
            (
                "password authentication failed",
                "password authentication failed",
            ),
            ("password=", "password=***"),
            (
                "fxrates --oxr-app-id=abc123 fetch",
                "fxrates --oxr-app-id=*** fetch",
            ),
            ("FXRATES_OXR_APP_ID=abc123", "FXRATES_OXR_APP_ID=***"),
        ] {
            assert_eq!(redact(text), expected, "{text}");
        }
    }

    #[test]
    fn a_value_hidden_already_keeps_the_text_after_it() {
        for (text, expected) in [
            (
                "https://oxr/h.json?app_id=***: HTTP 500 Internal Server Error",
                "https://oxr/h.json?app_id=***: HTTP 500 Internal Server Error",
            ),
            (
                "https://oxr/h.json?app_id=***&base=EUR: HTTP 404",
                "https://oxr/h.json?app_id=***&base=EUR: HTTP 404",
            ),
            // A secret that only starts like a hidden one is still hidden.
            ("password=***x: y", "password=*** y"),
        ] {
            assert_eq!(redact(text), expected, "{text}");
        }
    }

    /// Regression: with the key's value run to the next space, a URL that
    /// quoted a registered app id lost the `:` after it.
    #[test]
    fn a_registered_key_in_a_url_keeps_the_punctuation_after_it() {
        register("k3y-of-the-test");
        assert_eq!(
            hide("https://oxr/h.json?app_id=k3y-of-the-test: HTTP 500 (k3y-of-the-test)"),
            "https://oxr/h.json?app_id=***: HTTP 500 (***)"
        );
        assert_eq!(
            hide("GET https://fred/o?series_id=DEXJPUS&api_key=k3y-of-the-test&x=1"),
            "GET https://fred/o?series_id=DEXJPUS&api_key=***&x=1"
        );
    }

    /// Every way a text may carry `value` as the value of `setting`.
    fn spelled(setting: &Setting, value: &str) -> Vec<String> {
        let (flag, env) = (setting.flag, setting.env);
        let mut texts = vec![
            format!("fxrates fetch --{flag}={value} --bogus"),
            format!("error: unexpected argument '--{flag}={value}' found"),
            format!("{env}={value} fxrates fetch"),
            format!("export {env}='{value}'"),
            format!("{} = \"{value}\"", env.to_ascii_lowercase()),
        ];
        match setting.sent {
            Sent::Query(name) => texts.extend([
                format!("GET https://h/p?{name}={value}: HTTP 500"),
                format!("https://h/p?a=1&{name}={value}&b=2"),
                format!("https://h/p?{}={value}", name.to_ascii_uppercase()),
            ]),
            Sent::Header(name) => texts.extend([
                format!("{name}: {value}"),
                format!(
                    "request headers: accept: */*, {}:{value}",
                    name.to_ascii_lowercase()
                ),
            ]),
        }
        texts
    }

    /// Asserts that no spelling of a value of each of `settings` shows
    /// through [`redact_by`] and, as a command line's words, through
    /// [`hide_args_by`], with `keys`. The value is never registered: a
    /// command line that did not parse holds such ones.
    fn assert_every_spelling_hidden(settings: &[&Setting], keys: &[Key]) {
        for setting in settings {
            let value = format!("sentinel-{}-9d1e", setting.flag);
            for text in spelled(setting, &value) {
                let hidden = redact_by(&text, keys);
                assert!(!hidden.contains(&value), "{text} -> {hidden}");
                assert!(hidden.contains(HIDDEN), "{text} -> {hidden}");
            }
            for words in [
                vec![format!("--{}", setting.flag), value.clone()],
                vec![format!("--{}={value}", setting.flag)],
            ] {
                let mut args = vec!["fxrates".to_owned(), "fetch".to_owned()];
                args.extend(words);
                let hidden = hide_args_by(&args, keys, str::to_owned).join(" ");
                assert!(!hidden.contains(&value), "{args:?} -> {hidden}");
                assert!(hidden.starts_with("fxrates fetch --"), "{hidden}");
            }
        }
    }

    /// Regression: `--fred-api-key=KEY` in a command line that did not
    /// parse reached the failure email: only the hand-listed keys and the
    /// word after an exact option were hidden.
    #[test]
    fn every_spelling_of_every_registered_secret_setting_is_hidden() {
        let secrets: Vec<&Setting> = ProviderName::all()
            .flat_map(|provider| provider.info().settings)
            .filter(|setting| setting.kind == SettingKind::Secret)
            .collect();
        let flags: Vec<&str> = secrets.iter().map(|setting| setting.flag).collect();
        assert!(flags.contains(&"fred-api-key") && flags.contains(&"oxr-app-id"));
        assert_every_spelling_hidden(&secrets, keys());
        assert_eq!(
            redact("fxrates --fred-api-key=abc123 fetch"),
            "fxrates --fred-api-key=*** fetch"
        );
        assert_eq!(
            redact("https://fred/o?series_id=DEXJPUS&api_key=abc123"),
            "https://fred/o?series_id=DEXJPUS&api_key=***"
        );
    }

    /// A secret sent in a header, and a user and password sent in the query
    /// under short names: settings of providers to come, hidden by their
    /// declaration alone.
    const TOKEN_IN_A_HEADER: Setting = Setting {
        flag: "banxico-token",
        env: "FXRATES_BANXICO_TOKEN",
        what: "a token",
        help: "",
        value_name: "SECRET",
        kind: SettingKind::Secret,
        sent: Sent::Header("Bmx-Token"),
        check: Setting::any,
    };
    const USER_IN_THE_QUERY: Setting = Setting {
        flag: "bcch-user",
        env: "FXRATES_BCCH_USER",
        what: "a user name",
        sent: Sent::Query("user"),
        ..TOKEN_IN_A_HEADER
    };
    const PASSWORD_IN_THE_QUERY: Setting = Setting {
        flag: "bcch-password",
        env: "FXRATES_BCCH_PASSWORD",
        what: "a password",
        sent: Sent::Query("pass"),
        ..TOKEN_IN_A_HEADER
    };

    #[test]
    fn a_secret_setting_is_hidden_by_its_declaration_alone() {
        let settings = [
            &TOKEN_IN_A_HEADER,
            &USER_IN_THE_QUERY,
            &PASSWORD_IN_THE_QUERY,
        ];
        let keys = keys_of(settings);
        assert_every_spelling_hidden(&settings, &keys);
        for (text, expected) in [
            (
                "GET https://bcch/SieteRestWS.ashx?user=me@example.com&pass=s3cret&function=GetSeries",
                "GET https://bcch/SieteRestWS.ashx?user=***",
            ),
            (
                "https://bcch/ws?function=GetSeries&pass=s3cret&user=me",
                "https://bcch/ws?function=GetSeries&pass=***",
            ),
            ("Bmx-Token: 0a1b2c (refused)", "Bmx-Token: *** (refused)"),
            // A generic name that starts like a short one is itself.
            ("https://h/?password=x y", "https://h/?password=*** y"),
            // Short names count only in a URL's query, a header's as a
            // whole word; the settings' names stay readable in a message.
            (
                "host=db user=fx dbname=fx passes=2",
                "host=db user=fx dbname=fx passes=2",
            ),
            ("X-Bmx-Token-Id: 7", "X-Bmx-Token-Id: 7"),
            (
                "--bcch-user (FXRATES_BCCH_USER): needed with bcch",
                "--bcch-user (FXRATES_BCCH_USER): needed with bcch",
            ),
            (
                "a value is required for '--banxico-token <SECRET>'",
                "a value is required for '--banxico-token <SECRET>'",
            ),
        ] {
            assert_eq!(redact_by(text, &keys), expected, "{text}");
        }
        // Without the declarations, neither is hidden: the names come from
        // the settings, not from this module.
        let generic = keys_of([]);
        assert_eq!(
            redact_by("Bmx-Token: 0a1b2c", &generic),
            "Bmx-Token: 0a1b2c"
        );
        assert_eq!(
            redact_by("https://h/?user=me", &generic),
            "https://h/?user=me"
        );
    }

    #[test]
    fn hide_args_hides_the_word_after_a_secret_option_and_quotes_the_rest() {
        let args: Vec<String> = ["fxrates", "--fred-api-key", "abc123", "--date", "a b"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            hide_args(&args, |word| format!("<{word}>")),
            ["<fxrates>", "<--fred-api-key>", "***", "<--date>", "<a b>"]
        );
    }

    /// Regression: clap quotes the word it refuses, and the hidden value
    /// took the closing quote with it (`'--fred-api-key=*** found`).
    #[test]
    fn a_quoted_word_keeps_its_closing_quote() {
        assert_eq!(
            redact("error: unexpected argument '--fred-api-key=k3y' found"),
            "error: unexpected argument '--fred-api-key=***' found"
        );
        assert_eq!(redact("\"password=a'b\""), "\"password=***\"");
        assert_eq!(redact("\u{a0}'token=k3y' x"), "\u{a0}'token=***' x");
    }

    #[test]
    fn redact_is_idempotent() {
        let once = redact("postgres://u:p@h/db password=x");
        assert_eq!(redact(&once), once);
    }
}
