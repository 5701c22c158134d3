//! TLS for PostgreSQL connections: rustls, trusting the system's roots, the
//! webpki roots and optionally a private CA (`FXRATES_DATABASE_CA_FILE`), or
//! only the CA file `sslrootcert` names.
//!
//! Certificates are always verified: the chain, and the host name but with
//! `sslmode=verify-ca`. So `sslmode=require` gets what libpq calls
//! `verify-full`, and `prefer` verifies whenever the server offers TLS.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::conninfo::RootCert;
use crate::error::Error;

/// A connector trusting, by `root_cert`: the system and webpki roots plus
/// the CA certificates in the PEM file `ca_file`, if given; or those of the
/// `sslrootcert` file only. `verify_host` checks the certificate names the
/// host (`verify-full`); without, only the chain is checked (`verify-ca`).
pub fn connector(
    ca_file: Option<&Path>,
    root_cert: &RootCert,
    verify_host: bool,
) -> anyhow::Result<MakeRustlsConnect> {
    let mut roots = RootCertStore::empty();
    let ca_files: Vec<(&Path, &str)> = match root_cert {
        RootCert::File(path) => vec![(path.as_path(), "sslrootcert")],
        RootCert::System => {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            let native = rustls_native_certs::load_native_certs();
            for err in &native.errors {
                log::debug!("system certificates: {err}");
            }
            let (added, ignored) = roots.add_parsable_certificates(native.certs);
            log::debug!("trusting {added} system certificates ({ignored} unusable)");
            ca_file
                .map(|path| (path, "FXRATES_DATABASE_CA_FILE"))
                .into_iter()
                .collect()
        }
    };
    for (path, setting) in ca_files {
        let unreadable =
            |reason: String| Error::Usage(format!("{setting} {}: {reason}", path.display()));
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
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .context("setting up TLS")?;
    let config = if verify_host {
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        let chain = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .context("setting up TLS")?;
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ChainOnly(chain)))
            .with_no_client_auth()
    };
    Ok(MakeRustlsConnect::new(config))
}

/// `sslmode=verify-ca`: the certificate chain verified as always, the host
/// name not.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
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
                 set FXRATES_DATABASE_CA_FILE (or sslrootcert) to the PEM file of the CA that signed it"
            ));
        }
        cause = current.source();
    }
    None
}
