//! The one HTTP client every provider uses: rustls, connect and overall
//! timeouts, a `User-Agent` naming this version, and a cap on the body size.
//!
//! Anything but a complete 2xx answer within the limits is an [`Error::Http`]
//! naming the URL; a body over the cap is [`Error::InvalidData`], refused
//! without reading more than the cap into memory.

use std::time::Duration;

use crate::error::Error;

/// Settings of the HTTP client.
#[derive(Clone, Debug)]
pub struct HttpConfig {
    /// Bound on connecting, and on a whole request from connect to last byte.
    pub timeout: Duration,
    /// The largest response body accepted, in bytes.
    pub max_body_bytes: u64,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            // The full ECB history is about 9 MB; leave room for it to grow.
            max_body_bytes: 64 * 1024 * 1024,
        }
    }
}

/// A blocking HTTP client with the limits of an [`HttpConfig`].
#[derive(Debug)]
pub struct HttpClient {
    agent: ureq::Agent,
    max_body_bytes: u64,
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
        }
    }

    /// GETs `url` with the given `Accept` header and returns the whole body.
    pub fn get(&self, url: &str, accept: &str) -> Result<Vec<u8>, Error> {
        let http_error = |reason: String| Error::Http {
            url: url.to_owned(),
            reason,
        };
        log::info!("GET {url}");
        let mut response = self
            .agent
            .get(url)
            .header("Accept", accept)
            .call()
            .map_err(|err| http_error(describe(&err)))?;
        let status = response.status();
        if !status.is_success() {
            let reason = status.canonical_reason().unwrap_or("");
            return Err(http_error(format!("HTTP {} {reason}", status.as_u16())));
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_body_bytes)
            .read_to_vec();
        match body {
            Ok(bytes) => {
                log::debug!("{url}: {} bytes", bytes.len());
                Ok(bytes)
            }
            Err(ureq::Error::BodyExceedsLimit(limit)) => Err(Error::InvalidData {
                url: url.to_owned(),
                reason: format!("response larger than the {limit}-byte limit"),
            }),
            Err(err) => Err(http_error(format!(
                "reading the response: {}",
                describe(&err)
            ))),
        }
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
