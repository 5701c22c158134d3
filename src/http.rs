//! The one HTTP client every provider uses: rustls, connect and overall
//! timeouts, a `User-Agent` naming this version, a cap on the body size, and
//! bounded retries of what may heal by itself.
//!
//! Anything but a complete 2xx answer within the limits is an [`Error::Http`]
//! naming the URL; a body over the cap is [`Error::InvalidData`], refused
//! without reading more than the cap into memory. Connection failures,
//! timeouts, 5xx and 429 are retried with exponential backoff, honouring
//! `Retry-After`; other 4xx answers, invalid bodies, a server that does not
//! speak TLS to an `https://` URL and an error body the provider reads as
//! its service's refusal of the request ([`Explain::Refusal`], a SOAP
//! fault) are not.
//!
//! Every body a provider is given, and every error body it reads, is
//! without a leading UTF-8 byte-order mark: each document format fxrates
//! reads is text, and the mark is no part of it.
//!
//! Every URL must be HTTPS unless its host is loopback or plain HTTP was
//! allowed ([`check_url`]). Redirects are followed by hand, at most
//! [`MAX_REDIRECTS`] of them, each within the same overall timeout: to the
//! same host under the same rule, and to another host only over HTTPS.
//!
//! A POST ([`HttpClient::post_with`], for a SOAP query) takes the same one
//! path as a GET, limits and retries included: it must be a query that may
//! be asked again. A redirect sends it again, body and all, except a `303
//! See Other`, which turns it into a GET as HTTP says.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use url::Url;

use crate::error::Error;

mod answer;

pub use answer::Explain;
pub(crate) use answer::without_bom;
use answer::{Nothing, describe, error_body, speaks_no_tls, status_reason};

/// Settings of the HTTP client.
#[derive(Clone, Debug)]
pub struct HttpConfig {
    /// Bound on connecting, and on a whole request from connect to last byte.
    pub timeout: Duration,
    /// The largest response body accepted, in bytes.
    pub max_body_bytes: u64,
    /// How many times a failed request that may heal is tried again.
    pub retries: u32,
    /// Whether plain `http://` is allowed to hosts other than loopback
    /// (`FXRATES_ALLOW_HTTP`).
    pub allow_http: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            // The full ECB history is about 9 MB; leave room for it to grow.
            max_body_bytes: 64 * 1024 * 1024,
            retries: 3,
            allow_http: false,
        }
    }
}

/// How many redirects one request follows before it gives up.
pub const MAX_REDIRECTS: u32 = 5;

/// Refuses a provider URL that is not `https://`, unless its host is loopback
/// (`127.0.0.0/8`, `::1`, `localhost`) or `allow_http` is set: rates fetched
/// in the clear could be altered on the way. `setting` names where the URL
/// came from, for the message.
pub fn check_url(setting: &str, url: &str, allow_http: bool) -> Result<Url, Error> {
    let parsed = Url::parse(url)
        .map_err(|err| Error::Usage(format!("{setting} {url:?} is not a valid URL: {err}")))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if allow_http || is_loopback(&parsed) => Ok(parsed),
        "http" => Err(Error::Usage(format!(
            "{setting} {url} is plain HTTP: use https://, or allow it with --allow-http (FXRATES_ALLOW_HTTP=1)"
        ))),
        other => Err(Error::Usage(format!(
            "{setting} {url} has the scheme {other}: only https:// (or http:// to loopback) is supported"
        ))),
    }
}

/// Whether `url` points at this machine ([`is_loopback_host`]).
fn is_loopback(url: &Url) -> bool {
    url.host_str().is_some_and(is_loopback_host)
}

/// Whether `host`, as a URL writes it, is this machine: `localhost` (any
/// case), `127.0.0.0/8` or `::1` (bracketed or not). The one rule for
/// every URL fxrates reads, the providers' and the SMTP server's.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|host| host.strip_suffix(']'))
        .unwrap_or(host);
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    }
}

/// Where a redirect from `from` to `location` leads, if it may be followed:
/// on the same host under [`check_url`]'s rule, to another host only over
/// HTTPS.
fn redirect_target(from: &Url, location: &str, allow_http: bool) -> Result<Url, String> {
    let target = from
        .join(location)
        .map_err(|err| format!("redirected to an invalid location {location:?}: {err}"))?;
    let same_host = target.host() == from.host();
    match target.scheme() {
        "https" => Ok(target),
        "http" if same_host && (allow_http || is_loopback(&target)) => Ok(target),
        "http" if same_host => Err(format!(
            "redirected to {target}, which is plain HTTP (allow it with --allow-http or FXRATES_ALLOW_HTTP=1)"
        )),
        "http" => Err(format!(
            "redirected to {target}, another host over plain HTTP: only HTTPS redirects to another host are followed"
        )),
        other => Err(format!(
            "redirected to {target}, whose scheme {other} is not supported"
        )),
    }
}

/// How a request sends a value to the server, under which name: a
/// provider's setting says it once, the provider sends the value so, and a
/// secret's name is one of the spellings [`crate::secrets`] hides its value
/// after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    /// In the URL's query, as the parameter of this name: `app_id=…`.
    Query(&'static str),
    /// In the HTTP header of this name: `Bmx-Token: …`.
    Header(&'static str),
}

impl Sent {
    /// The name the value travels under: the query parameter's or the
    /// header's.
    pub const fn name(self) -> &'static str {
        match self {
            Sent::Query(name) | Sent::Header(name) => name,
        }
    }

    /// `name=value` for a URL's query, the value percent-encoded
    /// ([`crate::percent::encode`]): how a [`Sent::Query`] value is sent.
    pub fn query_pair(self, value: &str) -> String {
        format!("{}={}", self.name(), crate::percent::encode(value))
    }
}

/// One request and how to report it: a GET, or what a POST is sent to
/// ([`HttpClient::post_with`]).
#[derive(Clone, Copy)]
pub struct Get<'a> {
    /// What is asked for. A secret in it (a provider's key) is hidden where
    /// text leaves the program ([`crate::secrets::hide`]), not here.
    pub url: &'a str,
    /// The `Accept` header.
    pub accept: &'a str,
    /// Further headers, names and values as sent: a provider's key
    /// (`Bmx-Token`), SOAP 1.1's `SOAPAction`. They go to the URL's own
    /// origin only: a redirect to another host or port leaves them behind,
    /// as curl does with credentials.
    pub headers: &'a [(&'a str, &'a str)],
    /// Reads the body of an error response (4xx, 5xx) and says what the
    /// provider meant; what it says is added to the error.
    pub explain: Option<Explain>,
}

impl std::fmt::Debug for Get<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Get")
            .field("url", &crate::secrets::hide(self.url))
            .field("accept", &self.accept)
            .finish_non_exhaustive()
    }
}

/// What a POST sends: its body and the body's `Content-Type`.
#[derive(Clone, Copy, Debug)]
pub struct Payload<'a> {
    /// The `Content-Type` header, e.g. `text/xml; charset=utf-8`.
    pub content_type: &'a str,
    /// The body, sent whole with its `Content-Length`.
    pub body: &'a [u8],
}

/// The first pause before a retry; each further one doubles.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// The longest pause before a retry, whatever `Retry-After` asks for: a cron
/// job must end in bounded time.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// A blocking HTTP client with the limits of an [`HttpConfig`].
#[derive(Debug)]
pub struct HttpClient {
    agent: ureq::Agent,
    timeout: Duration,
    max_body_bytes: u64,
    retries: u32,
    allow_http: bool,
}

/// A failed attempt, and whether trying again may help.
struct Failure {
    error: Error,
    retry: Retry,
}

/// Whether a failed attempt is worth another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Retry {
    /// No: the answer will not change (a 404, invalid data, a bad URL).
    Never,
    /// Yes (an outage, a timeout, a 5xx or 429): after the pause the server
    /// named, if it named one, else after the backoff.
    After(Option<Duration>),
}

impl HttpClient {
    /// Builds the client. No connection is made until the first request.
    pub fn new(config: &HttpConfig) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(config.timeout))
            .timeout_global(Some(config.timeout))
            .user_agent(concat!("fxrates/", env!("CARGO_PKG_VERSION")))
            .http_status_as_error(false)
            // Redirects are followed by hand, under the policy of `redirect_target`.
            .max_redirects(0)
            .build()
            .new_agent();
        HttpClient {
            agent,
            timeout: config.timeout,
            max_body_bytes: config.max_body_bytes,
            retries: config.retries,
            allow_http: config.allow_http,
        }
    }

    /// GETs `url` with the given `Accept` header and returns the whole body,
    /// retrying transient failures.
    pub fn get(&self, url: &str, accept: &str) -> Result<Vec<u8>, Error> {
        self.get_with(&Get {
            url,
            accept,
            headers: &[],
            explain: None,
        })
    }

    /// [`HttpClient::get`] with the options of a [`Get`]: the provider's own
    /// reading of an error body.
    pub fn get_with(&self, get: &Get<'_>) -> Result<Vec<u8>, Error> {
        self.request(get, None, None).map(Option::unwrap_or_default)
    }

    /// [`HttpClient::get_with`] as a POST of `payload` to `get.url`: for a
    /// query (a SOAP call), which is retried like a GET.
    pub fn post_with(&self, get: &Get<'_>, payload: &Payload<'_>) -> Result<Vec<u8>, Error> {
        self.request(get, Some(payload), None)
            .map(Option::unwrap_or_default)
    }

    /// [`HttpClient::get_with`] for an API that answers "nothing published
    /// for what was asked" with the status `nothing` (the NBP's `404 Not
    /// Found` for a range without a table, the Riksbank's `204 No
    /// Content`): `None` then. Any other answer is what `get_with` makes of
    /// it, so an empty `200` is still a body to parse.
    pub fn get_unless(&self, get: &Get<'_>, nothing: u16) -> Result<Option<Vec<u8>>, Error> {
        let nothing = Nothing {
            status: nothing,
            says: None,
        };
        self.request(get, None, Some(nothing))
    }

    /// [`HttpClient::get_unless`] for an API that sends the status
    /// `nothing` for other errors too: only an error body that `says` is
    /// its documented "nothing published" (HMRC's `404` with
    /// `{"errors":[{"detail":"not found"}]}`) is `None`; any other is an
    /// error like any other, explained as `get.explain` reads it.
    pub fn get_unless_says(
        &self,
        get: &Get<'_>,
        nothing: u16,
        says: fn(&[u8]) -> bool,
    ) -> Result<Option<Vec<u8>>, Error> {
        let nothing = Nothing {
            status: nothing,
            says: Some(says),
        };
        self.request(get, None, Some(nothing))
    }

    fn request(
        &self,
        get: &Get<'_>,
        payload: Option<&Payload<'_>>,
        nothing: Option<Nothing>,
    ) -> Result<Option<Vec<u8>>, Error> {
        let mut attempt: u32 = 0;
        loop {
            let failure = match self.request_once(get, payload, nothing) {
                Ok(body) => return Ok(body),
                Err(failure) => failure,
            };
            let Retry::After(asked) = failure.retry else {
                return Err(failure.error);
            };
            if attempt >= self.retries {
                return Err(with_attempts(failure.error, attempt + 1));
            }
            let pause = asked
                .unwrap_or_else(|| FIRST_BACKOFF.saturating_mul(1 << attempt.min(16)))
                .min(MAX_BACKOFF);
            attempt += 1;
            log::warn!(
                "{}; retry {attempt} of {} in {}s",
                failure.error,
                self.retries,
                pause.as_secs_f32()
            );
            std::thread::sleep(pause);
        }
    }

    /// One attempt: the request, its redirects, the status and the body,
    /// within one deadline.
    fn request_once(
        &self,
        get: &Get<'_>,
        payload: Option<&Payload<'_>>,
        nothing: Option<Nothing>,
    ) -> Result<Option<Vec<u8>>, Failure> {
        let Get { url, explain, .. } = *get;
        let failure = |reason: String, retry| Failure {
            error: Error::Http {
                url: url.to_owned(),
                reason,
            },
            retry,
        };
        let current = check_url("the URL", url, self.allow_http).map_err(|error| Failure {
            error,
            retry: Retry::Never,
        })?;
        let mut response = self.send_following_redirects(current, get, payload, &failure)?;
        let status = response.status();
        let mut read = None;
        if let Some(nothing) = nothing.filter(|nothing| nothing.status == status.as_u16()) {
            let body = nothing.says.map(|_| error_body(&mut response));
            if nothing
                .says
                .zip(body.as_deref())
                .is_none_or(|(says, body)| says(body))
            {
                log::info!("{url}: HTTP {}, nothing published", status.as_u16());
                return Ok(None);
            }
            read = body;
        }
        if !status.is_success() {
            let (reason, refused) = status_reason(&mut response, read, explain);
            let retry = if !refused && (status.is_server_error() || status.as_u16() == 429) {
                Retry::After(retry_after(response.headers().get("retry-after")))
            } else {
                Retry::Never
            };
            return Err(failure(reason, retry));
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_body_bytes)
            .read_to_vec();
        match body {
            Ok(bytes) => {
                log::debug!("{url}: {} bytes", bytes.len());
                Ok(Some(without_bom(bytes)))
            }
            Err(ureq::Error::BodyExceedsLimit(limit)) => Err(Failure {
                error: Error::InvalidData {
                    url: url.to_owned(),
                    reason: format!("response larger than the {limit}-byte limit"),
                },
                retry: Retry::Never,
            }),
            Err(err) => Err(failure(
                format!("reading the response: {}", describe(&err)),
                Retry::After(None),
            )),
        }
    }

    /// Sends the request to `current` (a POST of `payload` when given) and
    /// follows its redirects, at most [`MAX_REDIRECTS`], all within
    /// [`HttpClient::timeout`]: the answer that is no redirect. A 303 turns
    /// a POST into a GET, as browsers do.
    fn send_following_redirects(
        &self,
        mut current: Url,
        get: &Get<'_>,
        mut payload: Option<&Payload<'_>>,
        failure: &dyn Fn(String, Retry) -> Failure,
    ) -> Result<ureq::http::Response<ureq::Body>, Failure> {
        // One deadline for the whole attempt, redirects included.
        let deadline = Instant::now() + self.timeout;
        let origin = current.origin();
        let mut redirects = 0;
        loop {
            let method = if payload.is_some() { "POST" } else { "GET" };
            log::info!("{method} {current}");
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(failure("timed out".to_owned(), Retry::After(None)));
            }
            let headers = if current.origin() == origin {
                get.headers
            } else {
                &[]
            };
            let sent = match payload {
                None => with_headers(self.agent.get(current.as_str()), get.accept, headers)
                    .config()
                    .timeout_global(Some(left))
                    .build()
                    .call(),
                Some(payload) => {
                    with_headers(self.agent.post(current.as_str()), get.accept, headers)
                        .content_type(payload.content_type)
                        .config()
                        .timeout_global(Some(left))
                        .build()
                        .send(payload.body)
                }
            };
            let response = sent.map_err(|err| {
                let reason = if redirects == 0 {
                    describe(&err)
                } else {
                    format!("after a redirect to {current}: {}", describe(&err))
                };
                // A server that does not speak TLS will not start to.
                let retry = if speaks_no_tls(&err) {
                    Retry::Never
                } else {
                    Retry::After(None)
                };
                failure(reason, retry)
            })?;
            let location = response
                .headers()
                .get("location")
                .and_then(|value| value.to_str().ok());
            let (true, Some(location)) = (response.status().is_redirection(), location) else {
                return Ok(response);
            };
            if redirects == MAX_REDIRECTS {
                return Err(failure(
                    format!("more than {MAX_REDIRECTS} redirects"),
                    Retry::Never,
                ));
            }
            redirects += 1;
            let next = redirect_target(&current, location, self.allow_http)
                .map_err(|reason| failure(reason, Retry::Never))?;
            log::info!("{current}: redirected to {next}");
            if response.status().as_u16() == 303 {
                payload = None;
            }
            current = next;
        }
    }
}

/// `request` with its `Accept` header and the further `headers`.
fn with_headers<B>(
    request: ureq::RequestBuilder<B>,
    accept: &str,
    headers: &[(&str, &str)],
) -> ureq::RequestBuilder<B> {
    headers.iter().fold(
        request.header("Accept", accept),
        |request, (name, value)| request.header(*name, *value),
    )
}

/// The pause a `Retry-After: <seconds>` header asks for. The HTTP-date form
/// is rare from APIs and falls back to the backoff.
fn retry_after(header: Option<&ureq::http::HeaderValue>) -> Option<Duration> {
    let seconds: u64 = header?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds))
}

fn with_attempts(error: Error, attempts: u32) -> Error {
    match error {
        Error::Http { url, reason } if attempts > 1 => Error::Http {
            url,
            reason: format!("{reason} (after {attempts} attempts)"),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::http::HeaderValue;

    #[test]
    fn a_value_sent_in_the_query_is_percent_encoded_under_its_name() {
        assert_eq!(
            Sent::Query("app_id").query_pair("a+b c&d"),
            "app_id=a%2Bb%20c%26d"
        );
        assert_eq!(Sent::Query("pass").name(), "pass");
        assert_eq!(Sent::Header("Bmx-Token").name(), "Bmx-Token");
    }

    #[test]
    fn provider_urls_must_be_https_unless_loopback_or_allowed() {
        for ok in [
            "https://www.ecb.europa.eu/stats/eurofxref",
            "http://127.0.0.1:8080/x",
            "http://127.1.2.3/x",
            "http://localhost/x",
            "http://LOCALHOST:81/x",
            "http://[::1]:8080/x",
        ] {
            assert!(
                check_url("FXRATES_ECB_URL", ok, false).is_ok(),
                "{ok} refused"
            );
        }
        for bad in [
            "http://www.ecb.europa.eu/stats/eurofxref",
            "http://10.0.0.1/x",
            "http://localhost.example.com/x",
            "http://[::2]/x",
            "ftp://127.0.0.1/x",
            "file:///etc/passwd",
            "not a url",
        ] {
            let err = check_url("FXRATES_ECB_URL", bad, false).expect_err(bad);
            assert!(matches!(err, Error::Usage(_)), "{bad}: {err}");
            assert!(err.to_string().starts_with("FXRATES_ECB_URL "), "{err}");
        }
        assert!(check_url("FXRATES_ECB_URL", "http://mirror.internal/x", true).is_ok());
        assert!(check_url("FXRATES_ECB_URL", "ftp://mirror.internal/x", true).is_err());
    }

    #[test]
    fn redirects_leave_the_host_only_for_https() {
        let url = |s: &str| Url::parse(s).expect("a test URL");
        let from = url("http://127.0.0.1:8080/eurofxref-daily.xml");
        let follow = |from: &Url, location: &str, allow_http| {
            redirect_target(from, location, allow_http).map(String::from)
        };
        assert_eq!(
            follow(&from, "/mirror/daily.xml", false).as_deref(),
            Ok("http://127.0.0.1:8080/mirror/daily.xml")
        );
        assert_eq!(
            follow(&from, "https://cdn.example.com/d.xml", false).as_deref(),
            Ok("https://cdn.example.com/d.xml")
        );
        assert!(follow(&from, "http://127.0.0.1:8081/d.xml", false).is_ok());
        for (location, allow_http) in [
            ("http://127.0.0.2:8080/d.xml", false),
            ("http://localhost:8080/d.xml", false),
            ("http://cdn.example.com/d.xml", true),
            ("ftp://127.0.0.1:8080/d.xml", true),
        ] {
            let err = follow(&from, location, allow_http).expect_err(location);
            assert!(err.starts_with("redirected to "), "{err}");
        }
        let https = url("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml");
        // No downgrade to plain HTTP on a remote host…
        assert!(follow(&https, "http://www.ecb.europa.eu/d.xml", false).is_err());
        // …unless plain HTTP is allowed, and then only on the same host.
        assert!(follow(&https, "http://www.ecb.europa.eu/d.xml", true).is_ok());
        assert!(follow(&https, "http://ecb.europa.eu/d.xml", true).is_err());
    }

    #[test]
    fn retry_after_takes_whole_seconds() {
        assert_eq!(
            retry_after(Some(&HeaderValue::from_static("2"))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            retry_after(Some(&HeaderValue::from_static(
                "Wed, 21 Oct 2026 07:28:00 GMT"
            ))),
            None
        );
        assert_eq!(retry_after(None), None);
    }
}
