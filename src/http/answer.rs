//! What the client makes of an answer besides its status: a body without
//! its byte-order mark, an error body read by the provider's [`Explain`],
//! and a failed exchange said in a few words.

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
    match explain(&without_bom(body)) {
        Some(said) => format!("{reason}: {said}"),
        None => reason,
    }
}

/// `body` without a leading UTF-8 byte-order mark, which some servers put
/// before a document and no parser of fxrates expects.
pub(crate) fn without_bom(mut body: Vec<u8>) -> Vec<u8> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if body.starts_with(BOM) {
        body.drain(..BOM.len());
    }
    body
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a JSON body after a byte-order mark was refused ("expected
    /// value at line 1 column 1").
    #[test]
    fn a_leading_byte_order_mark_is_taken_off_and_nothing_else() {
        assert_eq!(without_bom(b"\xEF\xBB\xBF{\"a\":1}".to_vec()), b"{\"a\":1}");
        assert_eq!(without_bom(b"\xEF\xBB\xBF".to_vec()), b"");
        assert_eq!(without_bom(b"[1]\xEF\xBB\xBF".to_vec()), b"[1]\xEF\xBB\xBF");
        assert_eq!(without_bom(b"\xEF\xBB[]".to_vec()), b"\xEF\xBB[]");
        assert_eq!(without_bom(Vec::new()), b"");
    }
}
