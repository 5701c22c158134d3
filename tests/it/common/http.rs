//! A loopback HTTP/1.1 server for integration tests: serves fixture files and
//! misbehaves on demand (error statuses, truncated bodies, hangs, trickles,
//! redirects, raw bytes).
//!
//! It listens on `127.0.0.1` on a free port, handles each connection on its own
//! detached thread, answers every request with `Connection: close`, and records
//! every request it reads, so tests can assert which files were fetched and
//! with which headers and body. A route is for a path whatever the query, or
//! for an exact target (path and query), which wins; a SOAP call (a request
//! with a `SOAPAction` header) looks for a route of `path#Operation` first,
//! the operation being the last segment of its action. Unrouted paths get a
//! 404, and a TLS handshake (an `https://` URL to this plain server) the
//! `400 Bad Request` a plain HTTP server answers it with. Dropping the
//! server stops it
//! accepting and releases hanging or trickling connections, and no thread of
//! it keeps the test process from exiting.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

use super::loopback::{self, Listener, lock};

/// What the server does with a request for a routed path.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response with any status and body.
    Body {
        /// HTTP status code.
        status: u16,
        /// `Content-Type` header value.
        content_type: &'static str,
        /// The body, sent whole with a matching `Content-Length`.
        body: Vec<u8>,
    },
    /// A 200 whose `Content-Length` promises more than is sent before the
    /// connection closes.
    Truncated {
        /// The bytes actually sent.
        body: Vec<u8>,
        /// The `Content-Length` announced.
        declared_len: usize,
    },
    /// Reads the request and never answers, until the server is dropped.
    Hang,
    /// A 200 whose headers come at once and whose body comes one byte per `every`.
    Trickle {
        /// The whole body, with a matching `Content-Length`.
        body: Vec<u8>,
        /// The pause before each byte.
        every: Duration,
    },
    /// A redirect to `location`.
    Redirect {
        /// 301, 302, 303, 307 or 308.
        status: u16,
        /// The `Location` header value, absolute or relative.
        location: String,
    },
    /// These exact bytes, then close: for malformed responses and odd headers
    /// (e.g. `Retry-After`).
    Raw(Vec<u8>),
    /// A 200 announcing `declared_len` bytes and sending filler as fast as
    /// the client reads, until it stops reading; the bytes written are
    /// counted ([`HttpServer::bytes_sent`]).
    Endless { declared_len: u64 },
}

impl Reply {
    /// A 200 with an XML body.
    pub fn ok_xml(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Body {
            status: 200,
            content_type: "application/xml",
            body: body.into(),
        }
    }

    /// A 200 with a JSON body.
    pub fn ok_json(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Body {
            status: 200,
            content_type: "application/json",
            body: body.into(),
        }
    }

    /// A 200 with the contents of `tests/fixtures/<path>`. The content type
    /// follows the extension: `.json` is `application/json`, `.ndjson`
    /// `application/x-ndjson`, `.csv` is `text/csv`, anything else
    /// `application/xml`.
    pub fn file(path: &str) -> Reply {
        let full = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(path);
        let body = std::fs::read(&full)
            .unwrap_or_else(|err| panic!("cannot read fixture {}: {err}", full.display()));
        let content_type = match full.extension().and_then(|ext| ext.to_str()) {
            Some("json") => "application/json",
            Some("ndjson") => "application/x-ndjson",
            Some("csv") => "text/csv",
            _ => "application/xml",
        };
        Reply::Body {
            status: 200,
            content_type,
            body,
        }
    }

    /// A response with `code` and the contents of `tests/fixtures/<path>`
    /// as JSON: a provider's error document.
    pub fn json_file(code: u16, path: &str) -> Reply {
        let Reply::Body { body, .. } = Reply::file(path) else {
            unreachable!("Reply::file builds a body")
        };
        Reply::Body {
            status: code,
            content_type: "application/json",
            body,
        }
    }

    /// A response with `code` and a short plain-text body.
    pub fn status(code: u16) -> Reply {
        Reply::Body {
            status: code,
            content_type: "text/plain; charset=utf-8",
            body: format!("{code} {}\n", reason(code)).into_bytes(),
        }
    }

    /// A 200 whose body is an HTML "Request Rejected" page, as a web
    /// application firewall or captive portal serves instead of the data.
    pub fn html_200() -> Reply {
        Reply::Body {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: b"<html><head><title>Request Rejected</title></head>\n\
<body>The requested URL was rejected. Please consult with your administrator.<br><br>\n\
Your support ID is: 1234567890123456789</body></html>\n"
                .to_vec(),
        }
    }
}

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The request target as sent, query included.
    pub target: String,
    /// The target without its query.
    pub path: String,
    /// Header names and values in the order sent, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body, as sent (empty for a GET).
    pub body: Vec<u8>,
    /// The route that answered it: its target, `path#Operation` or its
    /// path; `None` for the 404 of an unrouted path.
    pub route: Option<String>,
}

impl Request {
    /// The body as text (lossy), for assertions.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The operation a SOAP call names: the last segment of its
    /// `SOAPAction` (`"http://…/Service/GetRates"` is `GetRates`).
    pub fn soap_operation(&self) -> Option<&str> {
        let action = self.header("soapaction")?.trim_matches('"');
        action.rsplit('/').next().filter(|name| !name.is_empty())
    }

    /// The route key that a SOAP call's operation looks for first:
    /// `path#Operation`.
    fn operation_route(&self) -> Option<String> {
        self.soap_operation()
            .map(|operation| format!("{}#{operation}", self.path))
    }

    /// The first value of the header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A running loopback HTTP server; see the module docs.
#[derive(Debug)]
pub struct HttpServer {
    listener: Listener<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    /// Replies per exact path. The front one is used and popped while more
    /// follow; the last one is used for every later request.
    routes: Mutex<HashMap<String, VecDeque<Reply>>>,
    /// Replies per exact target, query included; these win over `routes`.
    targets: Mutex<HashMap<String, VecDeque<Reply>>>,
    requests: Mutex<Vec<Request>>,
    stopping: AtomicBool,
    /// Body bytes written by [`Reply::Endless`].
    sent: AtomicU64,
}

impl loopback::Shared for Shared {
    fn stopping(&self) -> &AtomicBool {
        &self.stopping
    }
}

impl HttpServer {
    /// Starts a server on `127.0.0.1` on a free port.
    pub fn start() -> HttpServer {
        HttpServer::start_on("127.0.0.1")
    }

    /// Starts a server on the loopback address `ip` on a free port: e.g.
    /// `127.0.0.2`, another host as far as URLs go.
    pub fn start_on(ip: &str) -> HttpServer {
        HttpServer {
            listener: Listener::start(ip, Shared::default(), serve),
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.listener.addr)
    }

    /// `base_url()` followed by `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url())
    }

    /// Answers every request for `path` (exact match, query ignored) with
    /// `reply`. A `path#Operation` route answers only the SOAP calls of
    /// that operation to `path`, before a route of `path` itself.
    pub fn route(&self, path: &str, reply: Reply) {
        self.route_sequence(path, vec![reply]);
    }

    /// Answers successive requests for `path` with `replies` in order, then
    /// repeats the last one: e.g. `[Reply::status(503), Reply::file(..)]` to
    /// see a retry succeed.
    pub fn route_sequence(&self, path: &str, replies: Vec<Reply>) {
        assert!(
            !replies.is_empty(),
            "route_sequence needs at least one reply"
        );
        lock(&self.listener.shared.routes).insert(path.to_owned(), replies.into());
    }

    /// Answers every request for exactly `target` (path and query, e.g.
    /// `/latest?base=USD&symbols=EUR`) with `reply`, before any route of
    /// its path.
    pub fn route_target(&self, target: &str, reply: Reply) {
        lock(&self.listener.shared.targets).insert(target.to_owned(), vec![reply].into());
    }

    /// The targets (path and query) of all requests read so far, in order.
    pub fn targets(&self) -> Vec<String> {
        lock(&self.listener.shared.requests)
            .iter()
            .map(|request| request.target.clone())
            .collect()
    }

    /// The paths (without query) of all requests read so far, in order.
    pub fn requests(&self) -> Vec<String> {
        lock(&self.listener.shared.requests)
            .iter()
            .map(|request| request.path.clone())
            .collect()
    }

    /// Like [`HttpServer::requests`], and forgets them: the next call sees
    /// only later requests.
    pub fn take_requests(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.listener.shared.requests))
            .into_iter()
            .map(|request| request.path)
            .collect()
    }

    /// The headers of all requests read so far, in order.
    pub fn request_headers(&self) -> Vec<Vec<(String, String)>> {
        lock(&self.listener.shared.requests)
            .iter()
            .map(|request| request.headers.clone())
            .collect()
    }

    /// How many body bytes [`Reply::Endless`] replies have written so far.
    pub fn bytes_sent(&self) -> u64 {
        self.listener.shared.sent.load(Ordering::SeqCst)
    }

    /// All requests read so far, in order.
    pub fn recorded(&self) -> Vec<Request> {
        lock(&self.listener.shared.requests).clone()
    }
}

/// The first byte of a TLS handshake record.
const TLS_HANDSHAKE: u8 = 0x16;

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut first = [0u8; 1];
    if stream.peek(&mut first).is_ok_and(|n| n == 1) && first[0] == TLS_HANDSHAKE {
        // Read the client's hello first: closing on unread bytes would
        // reset the connection before the client reads the answer.
        let _ = (&stream).read(&mut [0u8; 16 * 1024]);
        respond(stream, Reply::status(400), shared);
        return;
    }
    let Some(mut request) = read_request(&stream) else {
        return;
    };
    let next = |queue: Option<&mut VecDeque<Reply>>| match queue {
        Some(queue) if queue.len() > 1 => queue.pop_front(),
        Some(queue) => queue.front().cloned(),
        None => None,
    };
    let target = next(lock(&shared.targets).get_mut(&request.target))
        .map(|reply| (request.target.clone(), reply));
    let found = target.or_else(|| {
        let mut routes = lock(&shared.routes);
        let keys = [request.operation_route(), Some(request.path.clone())];
        keys.into_iter()
            .flatten()
            .find_map(|key| next(routes.get_mut(&key)).map(|reply| (key, reply)))
    });
    let reply = match found {
        Some((key, reply)) => {
            request.route = Some(key);
            reply
        }
        None => Reply::status(404),
    };
    lock(&shared.requests).push(request);
    respond(stream, reply, shared);
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let path = target.split('?').next().unwrap_or_default().to_owned();

    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let mut request = Request {
        method,
        target,
        path,
        headers,
        body: Vec::new(),
        route: None,
    };
    // Read the whole body: tests assert it, and closing the socket before
    // it is read would reset the connection under the client.
    let body_len: u64 = request
        .header("content-length")
        .and_then(|len| len.parse().ok())
        .unwrap_or(0);
    let _ = reader.take(body_len).read_to_end(&mut request.body);
    Some(request)
}

fn respond(mut stream: TcpStream, reply: Reply, shared: &Shared) {
    let stopping = || shared.stopping.load(Ordering::SeqCst);
    let _ = match reply {
        Reply::Body {
            status,
            content_type,
            body,
        } => stream
            .write_all(&head(status, &[("Content-Type", content_type)], body.len()))
            .and_then(|()| stream.write_all(&body)),
        Reply::Truncated { body, declared_len } => stream
            .write_all(&head(
                200,
                &[("Content-Type", "application/xml")],
                declared_len,
            ))
            .and_then(|()| stream.write_all(&body)),
        Reply::Hang => {
            while !stopping() {
                thread::sleep(Duration::from_millis(50));
            }
            Ok(())
        }
        Reply::Trickle { body, every } => {
            let mut result = stream.write_all(&head(
                200,
                &[("Content-Type", "application/xml")],
                body.len(),
            ));
            for byte in body {
                if result.is_err() || stopping() {
                    break;
                }
                thread::sleep(every);
                result = stream.write_all(&[byte]).and_then(|()| stream.flush());
            }
            result
        }
        Reply::Redirect { status, location } => {
            stream.write_all(&head(status, &[("Location", &location)], 0))
        }
        Reply::Raw(bytes) => stream.write_all(&bytes),
        Reply::Endless { declared_len } => {
            let mut result = stream.write_all(&head_with_len(
                200,
                &[("Content-Type", "application/xml")],
                declared_len,
            ));
            let chunk = [b' '; 64 * 1024];
            let mut left = declared_len;
            while result.is_ok() && left > 0 && !stopping() {
                let n = chunk.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                result = stream.write_all(&chunk[..n]);
                if result.is_ok() {
                    shared.sent.fetch_add(n as u64, Ordering::SeqCst);
                    left -= n as u64;
                }
            }
            result
        }
    };
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
}

fn head(status: u16, headers: &[(&str, &str)], content_length: usize) -> Vec<u8> {
    head_with_len(status, headers, content_length as u64)
}

fn head_with_len(status: u16, headers: &[(&str, &str)], content_length: u64) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {content_length}\r\nConnection: close\r\n\r\n"
    ));
    head.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}
