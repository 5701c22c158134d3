//! TLS for PostgreSQL connections: rustls, trusting the system's roots, the
//! webpki roots, and optionally a private CA (`FXRATES_DATABASE_CA_FILE`).
//!
//! Certificates are always verified, host name included: `sslmode=require`
//! gets what libpq calls `verify-full`.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{CertificateError, ClientConfig, RootCertStore};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::error::Error;

/// A connector trusting the system and webpki roots plus the CA certificates
/// in the PEM file `ca_file`, if given.
pub fn connector(ca_file: Option<&Path>) -> anyhow::Result<MakeRustlsConnect> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let native = rustls_native_certs::load_native_certs();
    for err in &native.errors {
        log::debug!("system certificates: {err}");
    }
    let (added, ignored) = roots.add_parsable_certificates(native.certs);
    log::debug!("trusting {added} system certificates ({ignored} unusable)");
    if let Some(path) = ca_file {
        let unreadable = |reason: String| {
            Error::Usage(format!(
                "FXRATES_DATABASE_CA_FILE {}: {reason}",
                path.display()
            ))
        };
        let certs = CertificateDer::pem_file_iter(path)
            .map_err(|err| unreadable(err.to_string()))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| unreadable(err.to_string()))?;
        if certs.is_empty() {
            return Err(unreadable("no PEM certificate in the file".to_owned()).into());
        }
        for cert in certs {
            roots.add(cert).map_err(|err| unreadable(err.to_string()))?;
        }
    }
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .context("setting up TLS")?
            .with_root_certificates(roots)
            .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// The reason, with the fix, for a connection refused because no trusted CA
/// signed the server's certificate: rustls says only `UnknownIssuer`.
pub fn explain_untrusted(err: &postgres::Error) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(current) = cause {
        // The TLS stream reports rustls errors inside an `io::Error`, whose
        // `source()` skips the error it wraps.
        let refusal = current
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .and_then(|inner| inner.downcast_ref::<rustls::Error>());
        if let Some(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)) = refusal {
            return Some(format!(
                "{err}: server certificate not trusted (UnknownIssuer): \
                 set FXRATES_DATABASE_CA_FILE to the PEM file of the CA that signed it"
            ));
        }
        cause = current.source();
    }
    None
}
