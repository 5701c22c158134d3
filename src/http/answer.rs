//! What the client makes of an answer besides its status: an error body
//! read by the provider's [`Explain`], and a failed exchange said in a few
//! words.

/// The most of an error response's body read for its explanation.
const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// Reads a provider's error body: what it says went wrong, if anything.
pub type Explain = fn(&[u8]) -> Option<String>;

/// `HTTP 503 Service Unavailable`, and what the provider's `explain` makes
/// of the error body, if anything.
pub(super) fn status_reason(
    response: &mut ureq::http::Response<ureq::Body>,
    explain: Option<Explain>,
) -> String {
    let status = response.status();
    let reason = format!(
        "HTTP {} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .trim_end()
    .to_owned();
    let Some(explain) = explain else {
        return reason;
    };
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_ERROR_BODY_BYTES)
        .read_to_vec()
        .unwrap_or_default();
    match explain(&body) {
        Some(said) => format!("{reason}: {said}"),
        None => reason,
    }
}

/// A short description of a transport error, without ureq's internals.
pub(super) fn describe(err: &ureq::Error) -> String {
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
