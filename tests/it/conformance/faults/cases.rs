//! The fault cases, each a function from a test's world to the fault it sets
//! up and how the run must end; `fault_tests!` (`tests/it/conformance.rs`)
//! runs each against every provider.

use std::io::Read as _;
use std::net::TcpListener;
use std::time::Duration;

use super::{BadDocument, Fault, NothingIs, ProviderFaults, hidden, route_week, shown_url};
use crate::common::env::scalar;
use crate::common::http::{HttpServer, Reply};
use crate::faults::World;

fn http_status(world: &World, provider: &ProviderFaults, code: u16) -> Fault {
    world.env.http.route(provider.path, Reply::status(code));
    let reason = match code {
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Not Found",
    };
    Fault::fails(
        3,
        format!("{}: HTTP {code} {reason}", shown_url(world, provider)),
    )
}

pub fn http_500(world: &World, provider: &ProviderFaults) -> Fault {
    http_status(world, provider, 500)
}

pub fn http_502(world: &World, provider: &ProviderFaults) -> Fault {
    http_status(world, provider, 502)
}

pub fn http_503(world: &World, provider: &ProviderFaults) -> Fault {
    http_status(world, provider, 503)
}

/// A fault, or for a provider whose "nothing published" it is, a quiet
/// success that stores nothing.
pub fn http_404(world: &World, provider: &ProviderFaults) -> Fault {
    match provider.nothing_published {
        NothingIs::Http404 | NothingIs::Http404OrNoDay => {
            // Every request of the week: one day's 404 is no day of a range.
            for (path, _) in provider.fixture_routes() {
                route_week(&world.env.http, path, Reply::status(404));
            }
            Fault::nothing_published()
        }
        NothingIs::Neither | NothingIs::NoDay => http_status(world, provider, 404),
    }
}

pub fn http_429_with_retry_after_is_retried_and_succeeds(
    world: &World,
    provider: &ProviderFaults,
) -> Fault {
    let limited = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\n\
                   Content-Length: 0\r\nConnection: close\r\n\r\n";
    world.env.http.route_sequence(
        provider.path,
        vec![
            Reply::Raw(limited.as_bytes().to_vec()),
            Reply::file(provider.fixture),
        ],
    );
    let path = provider.path;
    let target = format!("{}{}", provider.path, provider.query);
    Fault::succeeds(vec![("FXRATES_HTTP_RETRIES", "1".to_owned())]).then(move |world| {
        // The requests of the limited target that its own route answered:
        // a provider may ask one path with several queries (PTAX, one
        // currency each), and a SOAP call of another operation to the same
        // path (the MNB's) has a route of its own.
        let asked = world.env.http.recorded();
        let tries = asked
            .iter()
            .filter(|asked| asked.route.as_deref() == Some(path) && asked.target == target)
            .count();
        assert_eq!(tries, 2, "not retried once: {asked:?}");
    })
}

pub fn connection_refused(_world: &World, provider: &ProviderFaults) -> Fault {
    let closed = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!("http://{}", closed.local_addr().expect("its address"));
    drop(closed);
    let shown = hidden(
        provider,
        &format!("{url}{}{}", provider.path, provider.query),
    );
    Fault::fails(3, format!("{shown}: connection refused")).with_env(provider.url_var(), url)
}

/// Two attempts of at most 1 s and a 1 s pause between them, plus room
/// for starting the process, the database and the email.
fn bounded_by_timeout(fault: Fault) -> Fault {
    let (attempts, timeout, backoff, margin) = (2, 1, 1, 4);
    Fault {
        within: Duration::from_secs(attempts * timeout + backoff + margin),
        ..fault
            .with_env("FXRATES_HTTP_TIMEOUT", "1s")
            .with_env("FXRATES_HTTP_RETRIES", "1")
    }
}

pub fn a_server_that_never_answers(world: &World, provider: &ProviderFaults) -> Fault {
    world.env.http.route(provider.path, Reply::Hang);
    bounded_by_timeout(Fault::fails(
        3,
        format!(
            "{}: timed out (after 2 attempts)",
            shown_url(world, provider)
        ),
    ))
}

pub fn a_body_trickling_a_byte_a_second(world: &World, provider: &ProviderFaults) -> Fault {
    let body = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(provider.fixture),
    )
    .expect("read the fixture");
    world.env.http.route(
        provider.path,
        Reply::Trickle {
            body,
            every: Duration::from_secs(1),
        },
    );
    bounded_by_timeout(Fault::fails(
        3,
        format!(
            "{}: reading the response: timed out (after 2 attempts)",
            shown_url(world, provider)
        ),
    ))
}

pub fn a_connection_closed_mid_body(world: &World, provider: &ProviderFaults) -> Fault {
    let whole = (provider.document)(BadDocument::NoDay);
    world.env.http.route(
        provider.path,
        Reply::Truncated {
            body: whole[..whole.len() / 2].to_vec(),
            declared_len: whole.len(),
        },
    );
    Fault::fails(
        3,
        format!(
            "{}: reading the response: connection closed before the response ended",
            shown_url(world, provider)
        ),
    )
}

pub fn an_html_page_with_status_200(world: &World, provider: &ProviderFaults) -> Fault {
    world.env.http.route(provider.path, Reply::html_200());
    Fault::fails(4, shown_url(world, provider)).also(provider.html_refusal)
}

/// Serves `bad` for `provider`'s faulty path with status 200.
fn serve(world: &World, provider: &ProviderFaults, bad: BadDocument) {
    world.env.http.route(
        provider.path,
        Reply::Body {
            status: 200,
            content_type: provider.content_type,
            body: (provider.document)(bad),
        },
    );
}

fn bad_document(world: &World, provider: &ProviderFaults, bad: BadDocument) -> Fault {
    serve(world, provider, bad);
    Fault::fails(4, shown_url(world, provider)).also((provider.refusal)(bad))
}

pub fn a_truncated_document(world: &World, provider: &ProviderFaults) -> Fault {
    bad_document(world, provider, BadDocument::Truncated)
}

/// A fault, or for a provider whose "nothing published" it is, a quiet
/// success that stores nothing.
pub fn a_document_without_a_day(world: &World, provider: &ProviderFaults) -> Fault {
    match provider.nothing_published {
        NothingIs::NoDay | NothingIs::Http404OrNoDay => {
            serve(world, provider, BadDocument::NoDay);
            // The week's other days, asked at the same path by their
            // queries (the Banca d'Italia's), answer alike.
            for (target, _) in provider.rest.iter().filter(|(t, _)| t.contains('?')) {
                let document = Reply::Body {
                    status: 200,
                    content_type: provider.content_type,
                    body: (provider.document)(BadDocument::NoDay),
                };
                route_week(&world.env.http, target, document);
            }
            Fault::nothing_published()
        }
        NothingIs::Neither | NothingIs::Http404 => {
            bad_document(world, provider, BadDocument::NoDay)
        }
    }
}

pub fn an_unknown_root_element(world: &World, provider: &ProviderFaults) -> Fault {
    bad_document(world, provider, BadDocument::UnknownRoot)
}

pub fn a_missing_attribute(world: &World, provider: &ProviderFaults) -> Fault {
    bad_document(world, provider, BadDocument::MissingAttribute)
}

pub fn a_negative_rate(world: &World, provider: &ProviderFaults) -> Fault {
    bad_document(world, provider, BadDocument::Rate("-1.0714"))
}

pub fn a_zero_rate(world: &World, provider: &ProviderFaults) -> Fault {
    bad_document(world, provider, BadDocument::Rate("0.0000"))
}

pub fn a_nan_rate(world: &World, provider: &ProviderFaults) -> Fault {
    bad_document(world, provider, BadDocument::Rate("NaN"))
}

pub fn an_overflowing_rate(world: &World, provider: &ProviderFaults) -> Fault {
    bad_document(world, provider, BadDocument::Rate("1e999"))
}

pub fn a_non_numeric_rate(world: &World, provider: &ProviderFaults) -> Fault {
    bad_document(world, provider, BadDocument::Rate("n/a"))
}

/// A document dated in the future is refused; a provider whose documents
/// carry no date stores the week under the day it asked for, none after
/// today.
pub fn a_date_in_the_future(world: &World, provider: &ProviderFaults) -> Fault {
    if !provider.dated() {
        return Fault::succeeds(Vec::new()).then(|world| {
            let future = scalar(
                &mut world.env.client(),
                "SELECT count(*) FROM rates WHERE rate_date > current_date",
            );
            assert_eq!(future, "0", "a day after today was stored");
        });
    }
    bad_document(world, provider, BadDocument::FutureDate)
}

pub fn a_currency_repeated_in_a_day(world: &World, provider: &ProviderFaults) -> Fault {
    bad_document(world, provider, BadDocument::RepeatedCurrency)
}

/// The cap is 64 MiB; the server offers a terabyte.
pub fn a_body_over_the_size_cap(world: &World, provider: &ProviderFaults) -> Fault {
    world.env.http.route(
        provider.path,
        Reply::Endless {
            declared_len: 1 << 40,
        },
    );
    Fault::fails(
        4,
        format!(
            "{}: response larger than the 67108864-byte limit",
            shown_url(world, provider)
        ),
    )
    .then(|world| {
        // The cap, and what the socket buffers held beyond it: never the terabyte.
        let sent = world.env.http.bytes_sent();
        assert!(sent < (64 + 32) << 20, "{sent} bytes sent");
    })
}

pub fn a_redirect_to_another_host_over_http(world: &World, provider: &ProviderFaults) -> Fault {
    // 127.0.0.2 is this machine too, but another host as far as URLs go.
    let other = HttpServer::start_on("127.0.0.2");
    other.route(provider.path, Reply::file(provider.fixture));
    // The query goes along, secrets included, as a server would send it.
    let target = format!("{}{}", other.url(provider.path), provider.query);
    world.env.http.route(
        provider.path,
        Reply::Redirect {
            status: 302,
            location: target.clone(),
        },
    );
    Fault::fails(
        3,
        format!(
            "{}: redirected to {}, another host over plain HTTP",
            shown_url(world, provider),
            hidden(provider, &target),
        ),
    )
    .then(move |_| assert_eq!(other.requests(), Vec::<String>::new()))
}

pub fn a_redirect_to_another_host_over_https_is_followed(
    world: &World,
    provider: &ProviderFaults,
) -> Fault {
    // A listener that only notes whether a TLS handshake arrives.
    let listener = TcpListener::bind("127.0.0.2:0").expect("bind 127.0.0.2");
    let target = format!(
        "https://{}{}{}",
        listener.local_addr().expect("its address"),
        provider.path,
        provider.query,
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut first = [0u8; 1];
        if stream.read_exact(&mut first).is_ok() {
            let _ = tx.send(first[0]);
        }
    });
    world.env.http.route(
        provider.path,
        Reply::Redirect {
            status: 301,
            location: target.clone(),
        },
    );
    Fault::fails(
        3,
        format!(
            "{}: after a redirect to {}: ",
            shown_url(world, provider),
            hidden(provider, &target),
        ),
    )
    .then(move |_| {
        // 0x16 opens a TLS handshake record: the ClientHello.
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok(0x16));
    })
}

pub fn a_redirect_on_the_same_host_is_followed(world: &World, provider: &ProviderFaults) -> Fault {
    let moved = format!("/moved{}", provider.path);
    world.env.http.route(&moved, Reply::file(provider.fixture));
    world.env.http.route(
        provider.path,
        Reply::Redirect {
            status: 308,
            location: format!("{moved}{}", provider.query),
        },
    );
    Fault::succeeds(Vec::new())
}
