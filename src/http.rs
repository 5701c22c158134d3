//! The one HTTP client every provider uses: rustls, connect and overall
//! timeouts, a `User-Agent` naming this version, a cap on the body size, and
//! bounded retries of what may heal by itself.
//!
//! Anything but a complete 2xx answer within the limits is an [`Error::Http`]
//! naming the URL; a body over the cap is [`Error::InvalidData`], refused
//! without reading more than the cap into memory. Connection failures,
//! timeouts, 5xx and 429 are retried with exponential backoff, honouring
//! `Retry-After`; other 4xx answers and invalid bodies are not.

use std::time::Duration;

use crate::error::Error;

/// Settings of the HTTP client.
#[derive(Clone, Debug)]
pub struct HttpConfig {
    /// Bound on connecting, and on a whole request from connect to last byte.
    pub timeout: Duration,
    /// The largest response body accepted, in bytes.
    pub max_body_bytes: u64,
    /// How many times a failed request that may heal is tried again.
    pub retries: u32,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            // The full ECB history is about 9 MB; leave room for it to grow.
            max_body_bytes: 64 * 1024 * 1024,
            retries: 3,
        }
    }
}

/// The most of an error response's body read for its explanation.
const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// Reads a provider's error body: what it says went wrong, if anything.
pub type Explain = fn(&[u8]) -> Option<String>;

/// One GET and how to report it.
#[derive(Clone, Copy)]
pub struct Get<'a> {
    /// What is asked for.
    pub url: &'a str,
    /// What messages and logs show instead of `url`: the same URL with a
    /// secret in its query replaced by `***`.
    pub shown: &'a str,
    /// The `Accept` header.
    pub accept: &'a str,
    /// Reads the body of an error response (4xx, 5xx) and says what the
    /// provider meant, e.g. Frankfurter's `{"message":"not found"}`; what it
    /// says is added to the error.
    pub explain: Option<Explain>,
}

impl std::fmt::Debug for Get<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Get")
            .field("url", &self.shown)
            .field("accept", &self.accept)
            .finish_non_exhaustive()
    }
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
    max_body_bytes: u64,
    retries: u32,
}

/// A failed attempt, and whether trying again may help.
struct Failure {
    error: Error,
    /// `None`: final. `Some(pause)`: retry, after `pause` if the server named one.
    retry: Option<Option<Duration>>,
}

impl HttpClient {
    /// Builds the client. No connection is made until the first request.
    pub fn new(config: &HttpConfig) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(config.timeout))
            .timeout_global(Some(config.timeout))
            .user_agent(concat!("fxrates/", env!("CARGO_PKG_VERSION")))
            .http_status_as_error(false)
            .build()
            .new_agent();
        HttpClient {
            agent,
            max_body_bytes: config.max_body_bytes,
            retries: config.retries,
        }
    }

    /// GETs `url` with the given `Accept` header and returns the whole body,
    /// retrying transient failures.
    pub fn get(&self, url: &str, accept: &str) -> Result<Vec<u8>, Error> {
        self.get_with(&Get {
            url,
            shown: url,
            accept,
            explain: None,
        })
    }

    /// [`HttpClient::get`] with the options of a [`Get`]: a URL shown in
    /// place of one that carries a secret, and the provider's own reading of
    /// an error body.
    pub fn get_with(&self, get: &Get<'_>) -> Result<Vec<u8>, Error> {
        let mut attempt: u32 = 0;
        loop {
            let failure = match self.get_once(get) {
                Ok(body) => return Ok(body),
                Err(failure) => failure,
            };
            let Some(asked) = failure.retry else {
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

    fn get_once(&self, get: &Get<'_>) -> Result<Vec<u8>, Failure> {
        let Get {
            url,
            shown,
            accept,
            explain,
        } = *get;
        // Whatever ureq says may quote the URL asked for: show the other one.
        let hide = |text: String| text.replace(url, shown);
        let transient = |reason: String| Failure {
            error: Error::Http {
                url: shown.to_owned(),
                reason: hide(reason),
            },
            retry: Some(None),
        };
        log::info!("GET {shown}");
        let mut response = self
            .agent
            .get(url)
            .header("Accept", accept)
            .call()
            .map_err(|err| transient(describe(&err)))?;
        let status = response.status();
        if !status.is_success() {
            let mut reason = format!(
                "HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_owned();
            if let Some(explain) = explain {
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(MAX_ERROR_BODY_BYTES)
                    .read_to_vec()
                    .unwrap_or_default();
                if let Some(said) = explain(&body) {
                    reason = hide(format!("{reason}: {said}"));
                }
            }
            let retry = (status.is_server_error() || status.as_u16() == 429)
                .then(|| retry_after(response.headers().get("retry-after")));
            return Err(Failure {
                error: Error::Http {
                    url: shown.to_owned(),
                    reason,
                },
                retry,
            });
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_body_bytes)
            .read_to_vec();
        match body {
            Ok(bytes) => {
                log::debug!("{shown}: {} bytes", bytes.len());
                Ok(bytes)
            }
            Err(ureq::Error::BodyExceedsLimit(limit)) => Err(Failure {
                error: Error::InvalidData {
                    url: shown.to_owned(),
                    reason: format!("response larger than the {limit}-byte limit"),
                },
                retry: None,
            }),
            Err(err) => Err(transient(format!(
                "reading the response: {}",
                describe(&err)
            ))),
        }
    }
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

/// A short description of a transport error, without ureq's internals.
fn describe(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Timeout(_) => "timed out".to_owned(),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            std::io::ErrorKind::UnexpectedEof => {
                "connection closed before the response ended".to_owned()
            }
            _ => io.to_string(),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::http::HeaderValue;

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
