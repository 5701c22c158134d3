//! Secrets hidden where text leaves the program: every error line, log line,
//! email and `fetch_runs` row passes [`hide`], which replaces with `***` the
//! secrets fxrates was given (registered where each is read: a provider's
//! key, the database's and the SMTP server's passwords) and, in any text,
//! the password of every `scheme://user:password@host` URL and the value of
//! every `password=`-like key.
//!
//! It works on free text (a command line, an error chain, a server's reply)
//! without parsing it, so it errs on the side of hiding too much.

use std::sync::{Mutex, OnceLock};

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
    redact(&text)
}

/// Keys whose `key=value` value is a secret, matched case-insensitively
/// anywhere in a word, so that `sslpassword=` and `PGPASSWORD=` are caught.
const SECRET_KEYS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "app_id",
    "app-id",
    "api_key",
    "apikey",
    "access_key",
];

/// Hides the secrets in `text` behind `***`: the password of every
/// `scheme://user:password@host` URL, and the value of every `password=`-like
/// key (libpq `key=value` strings, URL query parameters, `PGPASSWORD=…`). A
/// value runs to the next white space, or to its closing quote when quoted:
/// when in doubt, more is hidden rather than less.
pub fn redact(text: &str) -> String {
    redact_keys(&redact_url_passwords(text))
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

fn redact_keys(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut search = 0;
    while let Some((key_start, key)) = SECRET_KEYS
        .iter()
        .filter_map(|key| lower[search..].find(key).map(|at| (search + at, key)))
        .min()
    {
        let after_key = key_start + key.len();
        let value_start =
            after_key + text[after_key..].len() - text[after_key..].trim_start_matches(' ').len();
        let Some(value) = text[value_start..].strip_prefix('=') else {
            search = after_key;
            continue;
        };
        let value = value.trim_start_matches(' ');
        let value_start = text.len() - value.len();
        let value_len = match value.chars().next() {
            _ if already_hidden(value) => HIDDEN.len(),
            Some(quote @ ('\'' | '"')) => closing_quote(value, quote),
            _ => value.find(char::is_whitespace).unwrap_or(value.len()),
        };
        out.push_str(&text[copied..value_start]);
        out.push_str("***");
        copied = value_start + value_len;
        search = copied.max(after_key);
    }
    out.push_str(&text[copied..]);
    out
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

    #[test]
    fn redact_is_idempotent() {
        let once = redact("postgres://u:p@h/db password=x");
        assert_eq!(redact(&once), once);
    }
}
