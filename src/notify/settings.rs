//! The failure email's settings, resolved and checked: SMTP URL or sendmail,
//! recipients and sender.
//!
//! Either nothing is set, and no email is sent, or everything needed is set
//! and valid; anything in between is an [`Error::Usage`] (exit 2), so that a
//! half-configured email shows on the first run instead of staying silent
//! until the first real failure. No message shows the SMTP password.

use std::fmt;
use std::path::{Path, PathBuf};

use lettre::Address;
use lettre::message::Mailbox;

use super::host_name;
use crate::error::Error;
use crate::http::is_loopback_host;
use crate::percent;

/// Where and how the failure email goes.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// SMTP or sendmail.
    pub transport: MailTransport,
    /// The sender (`FXRATES_MAIL_FROM`, by default `fxrates@<host name>`).
    pub from: Mailbox,
    /// The recipients (`FXRATES_MAIL_TO`), at least one.
    pub to: Vec<Mailbox>,
}

/// How the failure email leaves this host.
#[derive(Clone, Debug)]
pub enum MailTransport {
    /// An SMTP server (`FXRATES_SMTP_URL`).
    Smtp(SmtpServer),
    /// A sendmail-compatible program (`FXRATES_SENDMAIL`).
    Sendmail(PathBuf),
}

/// An SMTP server, parsed from its URL.
#[derive(Clone, Debug)]
pub struct SmtpServer {
    /// The URL with its password hidden, for messages.
    pub shown: String,
    /// Host name or IP address (without brackets).
    pub host: String,
    /// The port given, or the usual one for the security.
    pub port: u16,
    /// Plain, STARTTLS or TLS.
    pub security: SmtpSecurity,
    /// User name and password, percent-decoded.
    pub login: Option<Login>,
}

/// How the SMTP connection is encrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtp://`: in the clear (a relay on this host or network).
    Plain,
    /// `smtp://…?tls=opportunistic`: STARTTLS when the server offers it.
    Opportunistic,
    /// `smtp://…?tls=required`: STARTTLS or fail.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    Tls,
}

/// SMTP credentials; `Debug` hides the password.
#[derive(Clone)]
pub struct Login {
    /// The user name.
    pub user: String,
    /// The password: never in a message.
    pub password: String,
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("user", &self.user)
            .field("password", &"***")
            .finish()
    }
}

/// The four settings, as given (`--smtp-url`, `--sendmail`, `--mail-to`,
/// `--mail-from` or their `FXRATES_*` variables), before they are checked.
#[derive(Clone, Copy, Debug, Default)]
pub struct MailSettings<'a> {
    pub smtp_url: Option<&'a str>,
    pub sendmail: Option<&'a Path>,
    pub mail_to: Option<&'a str>,
    pub mail_from: Option<&'a str>,
}

impl MailConfig {
    /// Resolves the four settings. `None` when none is set; a
    /// [`Error::Usage`] when some are set but the email cannot be sent: no
    /// recipient, no transport or both, an invalid address or URL.
    pub fn resolve(settings: &MailSettings<'_>) -> Result<Option<MailConfig>, Error> {
        // An empty value is unset (a cleared line of an environment file),
        // except for FXRATES_SENDMAIL, where it means `sendmail` on PATH.
        fn set(value: Option<&str>) -> Option<&str> {
            value.filter(|v| !v.trim().is_empty())
        }
        let (smtp_url, mail_to, mail_from) = (
            set(settings.smtp_url),
            set(settings.mail_to),
            set(settings.mail_from),
        );
        let transport = match (smtp_url, settings.sendmail) {
            (None, None) if mail_to.is_none() && mail_from.is_none() => return Ok(None),
            (None, None) if mail_to.is_some() => {
                return Err(Error::Usage(
                    "the failure email has recipients but no way out: set FXRATES_SMTP_URL or FXRATES_SENDMAIL".to_owned(),
                ));
            }
            (None, None) => {
                return Err(Error::Usage(
                    "FXRATES_MAIL_FROM is set but no failure email is: set FXRATES_MAIL_TO and FXRATES_SMTP_URL or FXRATES_SENDMAIL".to_owned(),
                ));
            }
            (Some(_), Some(_)) => {
                return Err(Error::Usage(
                    "set FXRATES_SMTP_URL or FXRATES_SENDMAIL for the failure email, not both"
                        .to_owned(),
                ));
            }
            (Some(url), None) => MailTransport::Smtp(parse_smtp_url(url)?),
            (None, Some(program)) if program.as_os_str().is_empty() => {
                MailTransport::Sendmail(PathBuf::from("sendmail"))
            }
            (None, Some(program)) => MailTransport::Sendmail(program.to_owned()),
        };
        let Some(mail_to) = mail_to else {
            return Err(Error::Usage(
                "the failure email has no recipient: set FXRATES_MAIL_TO (comma-separated addresses)".to_owned(),
            ));
        };
        let to = mail_to
            .split(',')
            .map(str::trim)
            .filter(|address| !address.is_empty())
            .map(|address| parse_mailbox("FXRATES_MAIL_TO", address))
            .collect::<Result<Vec<_>, _>>()?;
        let from = match mail_from {
            Some(from) => parse_mailbox("FXRATES_MAIL_FROM", from.trim())?,
            None => default_sender(&host_name()),
        };
        Ok(Some(MailConfig {
            transport,
            from,
            to,
        }))
    }
}

/// `user@example.com` or `Name <user@example.com>`, and nothing after it.
fn parse_mailbox(variable: &str, text: &str) -> Result<Mailbox, Error> {
    let invalid = || Error::Usage(format!("{variable}: invalid email address {text:?}"));
    if text.contains('<') {
        text.parse::<Mailbox>().map_err(|_| invalid())
    } else {
        // The mailbox parser stops at the first address; an address alone is
        // checked whole, so `a@x b@y` is refused rather than cut.
        text.parse::<Address>()
            .map(Mailbox::from)
            .map_err(|_| invalid())
    }
}

/// `fxrates@<host>`, or `fxrates@localhost` when the host name is not a
/// valid mail domain.
fn default_sender(host: &str) -> Mailbox {
    format!("fxrates@{host}")
        .parse::<Address>()
        .or_else(|_| "fxrates@localhost".parse())
        .map(Mailbox::from)
        .unwrap_or_else(|_| unreachable!("fxrates@localhost is a valid address"))
}

/// Parses `smtp://[user:pass@]host[:port][?tls=required|opportunistic]` or
/// `smtps://[user:pass@]host[:port]`. Ports default to 25 (plain), 587
/// (STARTTLS) and 465 (TLS).
fn parse_smtp_url(url: &str) -> Result<SmtpServer, Error> {
    // Not even a redacted copy of a URL that does not parse is shown: where
    // its password ends is anybody's guess.
    let parsed = url::Url::parse(url)
        .map_err(|err| Error::Usage(format!("FXRATES_SMTP_URL is not a valid URL: {err}")))?;
    let shown = without_password(&parsed);
    let invalid = |reason: String| Error::Usage(format!("FXRATES_SMTP_URL {shown}: {reason}"));
    let tls = tls_parameter(&parsed).map_err(invalid)?;
    let security = SmtpSecurity::of(parsed.scheme(), tls.as_deref()).map_err(invalid)?;
    if !matches!(parsed.path(), "" | "/") || parsed.fragment().is_some() {
        return Err(invalid("unexpected path after the host".to_owned()));
    }
    let host = host(&parsed).map_err(invalid)?;
    let port = parsed.port().unwrap_or(security.default_port());
    let login = login(&parsed).map_err(invalid)?;
    if login.is_some() && security.may_go_clear() && !is_loopback_host(&host) {
        return Err(invalid(
            "refusing to send the password over a connection that may be unencrypted: \
             use smtps:// or ?tls=required"
                .to_owned(),
        ));
    }
    Ok(SmtpServer {
        shown,
        host,
        port,
        security,
        login,
    })
}

/// `url` as messages show it: with `***` for its password.
fn without_password(url: &url::Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

/// The value of the one query parameter an SMTP URL may have, `tls=`.
fn tls_parameter(url: &url::Url) -> Result<Option<String>, String> {
    let mut tls = None;
    for (key, value) in url.query_pairs() {
        match &*key {
            "tls" if tls.is_none() => tls = Some(value.into_owned()),
            _ => return Err(format!("unexpected parameter {key:?} (only tls=)")),
        }
    }
    Ok(tls)
}

impl SmtpSecurity {
    /// The security a URL's `scheme` and `tls=` parameter ask for.
    fn of(scheme: &str, tls: Option<&str>) -> Result<SmtpSecurity, String> {
        match (scheme, tls) {
            ("smtp", None) => Ok(SmtpSecurity::Plain),
            ("smtp", Some("opportunistic")) => Ok(SmtpSecurity::Opportunistic),
            ("smtp", Some("required")) => Ok(SmtpSecurity::StartTls),
            ("smtps", None) => Ok(SmtpSecurity::Tls),
            ("smtp", Some(other)) => Err(format!(
                "tls={other} (expected tls=required or tls=opportunistic)"
            )),
            ("smtps", Some(_)) => Err("smtps:// is always TLS: drop tls=".to_owned()),
            (scheme, _) => Err(format!(
                "unsupported scheme {scheme}:// (expected smtp:// or smtps://)"
            )),
        }
    }

    /// The usual port: 25 in the clear, 587 for STARTTLS, 465 for TLS.
    fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::Plain => 25,
            SmtpSecurity::Opportunistic | SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
        }
    }

    /// Whether a connection may carry what it sends unencrypted.
    fn may_go_clear(self) -> bool {
        matches!(self, SmtpSecurity::Plain | SmtpSecurity::Opportunistic)
    }
}

/// The host of `url`: a name or an IP address, without brackets.
fn host(url: &url::Url) -> Result<String, String> {
    match url.host() {
        Some(url::Host::Domain(name)) if !name.is_empty() => Ok(name.to_owned()),
        Some(url::Host::Ipv4(ip)) => Ok(ip.to_string()),
        Some(url::Host::Ipv6(ip)) => Ok(ip.to_string()),
        _ => Err("no host".to_owned()),
    }
}

/// The user name and password of `url`, percent-decoded, if it has a
/// password; the password is registered as a secret at once.
fn login(url: &url::Url) -> Result<Option<Login>, String> {
    let Some(password) = url.password() else {
        if url.username().is_empty() {
            return Ok(None);
        }
        return Err("a user name without a password".to_owned());
    };
    let password = percent::decode(password).map_err(|_| "bad password")?;
    crate::secrets::register(&password);
    let user = percent::decode(url.username()).map_err(|_| "bad user name")?;
    Ok(Some(Login { user, password }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(
        smtp_url: Option<&str>,
        sendmail: Option<&str>,
        to: Option<&str>,
    ) -> Result<Option<MailConfig>, Error> {
        MailConfig::resolve(&MailSettings {
            smtp_url,
            sendmail: sendmail.map(Path::new),
            mail_to: to,
            mail_from: Some("fxrates@example.com"),
        })
    }

    #[test]
    fn nothing_set_means_no_email() {
        let none = MailConfig::resolve(&MailSettings {
            smtp_url: Some(""),
            sendmail: None,
            mail_to: None,
            mail_from: None,
        });
        assert!(matches!(none, Ok(None)));
    }

    #[test]
    fn a_half_configured_email_is_a_usage_error() {
        for (smtp, sendmail, to, expected) in [
            (Some("smtp://h"), None, None, "set FXRATES_MAIL_TO"),
            (None, Some(""), Some(" "), "set FXRATES_MAIL_TO"),
            (
                None,
                None,
                Some("a@example.com"),
                "set FXRATES_SMTP_URL or FXRATES_SENDMAIL",
            ),
            (
                Some("smtp://h"),
                Some(""),
                Some("a@example.com"),
                "not both",
            ),
            (
                Some("smtp://h"),
                None,
                Some("a@example.com b@example.com"),
                "invalid email address",
            ),
            (
                Some("http://h"),
                None,
                Some("a@example.com"),
                "unsupported scheme http://",
            ),
            (
                Some("smtp://h?tls=always"),
                None,
                Some("a@example.com"),
                "tls=always",
            ),
            (
                Some("smtp://u:SENTINEL pass@[::1"),
                None,
                Some("a@example.com"),
                "not a valid URL",
            ),
            (
                Some("smtp://u:SENTINEL\tpass@127.0.0.1?tls=sometimes"),
                None,
                Some("a@example.com"),
                "smtp://u:***@127.0.0.1?tls=sometimes: tls=sometimes",
            ),
            (
                Some("smtp://u:SENTINEL@mail.example.com"),
                None,
                Some("a@example.com"),
                "refusing to send the password",
            ),
        ] {
            let err = resolve(smtp, sendmail, to).expect_err(expected);
            assert!(matches!(err, Error::Usage(_)));
            assert!(err.to_string().contains(expected), "{err}");
            assert!(!err.to_string().contains("SENTINEL"), "{err}");
        }
    }

    #[test]
    fn smtp_urls_follow_the_usual_ports_and_tls_modes() {
        for (url, port, security) in [
            ("smtp://relay", 25, SmtpSecurity::Plain),
            (
                "smtp://u:p@mail.example.com?tls=required",
                587,
                SmtpSecurity::StartTls,
            ),
            (
                "smtp://mail.example.com:2525?tls=opportunistic",
                2525,
                SmtpSecurity::Opportunistic,
            ),
            ("smtps://u:p%2Fq@mail.example.com", 465, SmtpSecurity::Tls),
            ("smtp://u:p@127.0.0.1:2525", 2525, SmtpSecurity::Plain),
        ] {
            let server = parse_smtp_url(url).expect(url);
            assert_eq!((server.port, server.security), (port, security), "{url}");
        }
        let server = parse_smtp_url("smtps://me%40x:p%2Fq@[::1]").expect("IPv6");
        assert_eq!(server.host, "::1");
        let login = server.login.expect("login");
        assert_eq!(
            (login.user.as_str(), login.password.as_str()),
            ("me@x", "p/q")
        );
        assert!(!format!("{login:?}").contains("p/q"));
        assert_eq!(server.shown, "smtps://me%40x:***@[::1]");
    }

    #[test]
    fn each_part_of_an_smtp_url_is_checked_and_named() {
        for (url, reason) in [
            (
                "smtp://relay?tls=required&tls=required",
                "smtp://relay?tls=required&tls=required: unexpected parameter \"tls\" (only tls=)",
            ),
            (
                "smtp://relay?port=25",
                "smtp://relay?port=25: unexpected parameter \"port\" (only tls=)",
            ),
            (
                "smtps://relay?tls=required",
                "smtps://relay?tls=required: smtps:// is always TLS: drop tls=",
            ),
            (
                "smtp://relay/mail",
                "smtp://relay/mail: unexpected path after the host",
            ),
            (
                "smtp://relay#x",
                "smtp://relay#x: unexpected path after the host",
            ),
            ("smtp://", "smtp://: no host"),
            (
                "smtps://u:SENTINEL%zz@relay",
                "smtps://u:***@relay: bad password",
            ),
            (
                "smtps://u%zz:SENTINEL@relay",
                "smtps://u%zz:***@relay: bad user name",
            ),
            (
                "smtps://u@relay",
                "smtps://u@relay: a user name without a password",
            ),
        ] {
            let err = parse_smtp_url(url).expect_err(url);
            assert_eq!(err.to_string(), format!("FXRATES_SMTP_URL {reason}"));
        }
    }

    #[test]
    fn a_password_goes_in_the_clear_only_to_this_machine() {
        for host in ["localhost", "LocalHost", "127.1.2.3", "::1", "[::1]"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "mail.example.com",
            "10.0.0.1",
            "::2",
            "localhost.example.com",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
        assert!(parse_smtp_url("smtp://u:p@[::1]?tls=opportunistic").is_ok());
        assert!(parse_smtp_url("smtp://u:p@localhost").is_ok());
        // Regression: the SMTP URL took only a lowercase `localhost` for
        // this machine, where a provider's URL takes any case.
        assert!(parse_smtp_url("smtp://u:p@LOCALHOST").is_ok());
    }

    #[test]
    fn recipients_are_comma_separated() {
        let mail = resolve(
            Some("smtp://relay"),
            None,
            Some("ops@example.com, Data Team <data@example.com>,"),
        )
        .expect("valid")
        .expect("configured");
        let to: Vec<String> = mail.to.iter().map(ToString::to_string).collect();
        assert_eq!(to, ["ops@example.com", "Data Team <data@example.com>"]);
    }

    #[test]
    fn the_default_sender_is_fxrates_at_this_host() {
        assert_eq!(
            default_sender("web1.example.com").to_string(),
            "fxrates@web1.example.com"
        );
        assert_eq!(
            default_sender("not a host").to_string(),
            "fxrates@localhost"
        );
    }
}
