//! What the client makes of an answer besides its status: a body without
//! its byte-order mark, an error body read by the provider's [`Explain`]
//! or as its documented "nothing published" ([`Nothing`]), and a failed
//! exchange said in a few words.

/// The answer an API documents as "nothing published for what was asked":
/// its status, and where the API sends that status for other errors too,
/// what tells its error body for that one.
#[derive(Clone, Copy)]
pub(super) struct Nothing {
    pub(super) status: u16,
    pub(super) says: Option<fn(&[u8]) -> bool>,
}

/// The most of an error response's body read for its explanation.
const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// Reads an error body: what the service says in it, if anything.
pub type ReadBody = fn(&[u8]) -> Option<String>;

/// How a provider reads the body of an error response (4xx, 5xx): what
/// its reader finds there is added to the error.
#[derive(Clone, Copy, Debug)]
pub enum Explain {
    /// What the service says went wrong, if anything, e.g. Frankfurter's
    /// `{"message":"not found"}`. Whether the request is tried again is
    /// the status's to say: a 503 saying "maintenance" may heal.
    Says(ReadBody),
    /// The service's own refusal of this very request, e.g. a SOAP fault
    /// ("The date range is invalid") sent with a 500: an answer that
    /// asking again would only repeat. A body the reader finds one in is
    /// not retried, whatever the status; any other (a proxy's error page)
    /// is retried as its status says.
    Refusal(ReadBody),
}

/// `HTTP 503 Service Unavailable`, and what the provider's `explain` makes
/// of the error body, if anything; and whether that is the service's
/// refusal of the request ([`Explain::Refusal`]). `body` is the error body
/// when it was read already (to see whether it is the service's "nothing
/// published"); otherwise it is read here, if `explain` wants it.
pub(super) fn status_reason(
    response: &mut ureq::http::Response<ureq::Body>,
    body: Option<Vec<u8>>,
    explain: Option<Explain>,
) -> (String, bool) {
    let status = response.status();
    let reason = format!(
        "HTTP {} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .trim_end()
    .to_owned();
    let (read, refusal): (ReadBody, bool) = match explain {
        None => return (reason, false),
        Some(Explain::Says(read)) => (read, false),
        Some(Explain::Refusal(read)) => (read, true),
    };
    let body = body.unwrap_or_else(|| error_body(response));
    match read(&body) {
        Some(said) => (format!("{reason}: {said}"), refusal),
        None => (reason, false),
    }
}

/// The body of an error response, at most [`MAX_ERROR_BODY_BYTES`] of it,
/// without its byte-order mark; empty if it cannot be read.
pub(super) fn error_body(response: &mut ureq::http::Response<ureq::Body>) -> Vec<u8> {
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_ERROR_BODY_BYTES)
        .read_to_vec()
        .unwrap_or_default();
    without_bom(body)
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

/// Whether `err` is a TLS client's reading of a server that answered in
/// the clear: what came back is no TLS record at all (a plain HTTP server's
/// `400 Bad Request` to the handshake).
pub(super) fn speaks_no_tls(err: &ureq::Error) -> bool {
    let tls = match err {
        ureq::Error::Rustls(tls) => Some(tls),
        ureq::Error::Io(io) => io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>()),
        _ => None,
    };
    matches!(
        tls,
        Some(rustls::Error::InvalidMessage(
            rustls::InvalidMessage::InvalidContentType
        ))
    )
}

/// A short description of a transport error, without ureq's internals.
pub(super) fn describe(err: &ureq::Error) -> String {
    if speaks_no_tls(err) {
        return "the server is not speaking TLS: is the URL meant to be http://?".to_owned();
    }
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

    fn error_answer(status: u16, body: &str) -> ureq::http::Response<ureq::Body> {
        ureq::http::Response::builder()
            .status(status)
            .body(ureq::Body::builder().data(body))
            .expect("a response")
    }

    fn fault(body: &[u8]) -> Option<String> {
        std::str::from_utf8(body)
            .ok()?
            .strip_prefix("fault: ")
            .map(str::to_owned)
    }

    #[test]
    fn an_error_body_read_as_a_refusal_settles_the_request() {
        let read =
            |status, body, explain| status_reason(&mut error_answer(status, body), None, explain);
        assert_eq!(
            read(
                500,
                "\u{feff}fault: The date range is invalid",
                Some(Explain::Refusal(fault))
            ),
            (
                "HTTP 500 Internal Server Error: The date range is invalid".to_owned(),
                true
            )
        );
        // A body that is no refusal (a proxy's page) leaves it to the status.
        assert_eq!(
            read(
                502,
                "<html>Bad Gateway</html>",
                Some(Explain::Refusal(fault))
            ),
            ("HTTP 502 Bad Gateway".to_owned(), false)
        );
        assert_eq!(
            read(503, "fault: maintenance", Some(Explain::Says(fault))),
            (
                "HTTP 503 Service Unavailable: maintenance".to_owned(),
                false
            )
        );
        assert_eq!(
            read(500, "fault: x", None),
            ("HTTP 500 Internal Server Error".to_owned(), false)
        );
        // A body read already (to see whether it said "nothing published")
        // is the one explained.
        let before = b"fault: not found".to_vec();
        assert_eq!(
            status_reason(
                &mut error_answer(404, ""),
                Some(before),
                Some(Explain::Says(fault))
            ),
            ("HTTP 404 Not Found: not found".to_owned(), false)
        );
    }

    /// Regression: `https://` to a plain HTTP server said "received corrupt
    /// message of type InvalidContentType", rustls's words.
    #[test]
    fn a_server_answering_tls_in_the_clear_is_named_and_not_retried() {
        let not_tls = || rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        let wrapped = std::io::Error::new(std::io::ErrorKind::InvalidData, not_tls());
        for err in [ureq::Error::Rustls(not_tls()), ureq::Error::Io(wrapped)] {
            assert!(speaks_no_tls(&err), "{err}");
            assert_eq!(
                describe(&err),
                "the server is not speaking TLS: is the URL meant to be http://?"
            );
        }
        let other = ureq::Error::Rustls(rustls::Error::InvalidMessage(
            rustls::InvalidMessage::InvalidCcs,
        ));
        assert!(!speaks_no_tls(&other));
        assert!(!speaks_no_tls(&ureq::Error::Timeout(ureq::Timeout::Global)));
    }
}
