//! The TLS settings of a connection string: `sslmode`, and the CA
//! certificates to trust (`sslrootcert`).

use std::path::PathBuf;

use postgres::config::SslMode;

use super::params::Params;

/// How TLS is used, by `sslmode`. Whenever TLS is used the server's
/// certificate chain is verified; the host name too but with `verify-ca`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// `disable`: never.
    Disable,
    /// `allow`, `prefer` (the default): when the server offers it.
    Prefer,
    /// `require`, `verify-full`: always, the certificate and the host name
    /// verified.
    VerifyFull,
    /// `verify-ca`: always, the certificate verified, not the host name.
    VerifyCa,
}

impl TlsMode {
    /// The mode `sslmode` names, `prefer` when it is not given.
    pub(super) fn read(params: &Params) -> Result<Self, String> {
        match params.get("sslmode").unwrap_or("prefer") {
            "disable" => Ok(Self::Disable),
            "allow" | "prefer" => Ok(Self::Prefer),
            "require" | "verify-full" => Ok(Self::VerifyFull),
            "verify-ca" => Ok(Self::VerifyCa),
            other => Err(format!(
                "sslmode {other:?} is not one of disable, allow, prefer, require, verify-ca, verify-full"
            )),
        }
    }

    /// What the driver is told: whether TLS is tried, or required.
    pub(super) fn ssl_mode(self) -> SslMode {
        match self {
            Self::Disable => SslMode::Disable,
            Self::Prefer => SslMode::Prefer,
            Self::VerifyFull | Self::VerifyCa => SslMode::Require,
        }
    }
}

/// The CA certificates to trust: `sslrootcert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RootCert {
    /// Not set, or `system`: the system's and the webpki roots (and
    /// `FXRATES_DATABASE_CA_FILE`).
    System,
    /// These and no others.
    File(PathBuf),
}

impl RootCert {
    /// The certificates `sslrootcert` names.
    pub(super) fn read(params: &Params) -> Self {
        match params.get("sslrootcert") {
            None | Some("system") => Self::System,
            Some(path) => Self::File(PathBuf::from(path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sslmode_is_read_as_libpq_names_it() {
        let mode = |value| TlsMode::read(&Params::of(&[("sslmode", value)]));
        assert_eq!(TlsMode::read(&Params::of(&[])), Ok(TlsMode::Prefer));
        assert_eq!(mode("allow"), Ok(TlsMode::Prefer));
        assert_eq!(mode("require"), Ok(TlsMode::VerifyFull));
        assert_eq!(mode("verify-ca"), Ok(TlsMode::VerifyCa));
        assert_eq!(mode("disable").map(TlsMode::ssl_mode), Ok(SslMode::Disable));
        assert_eq!(
            mode("verify-ca").map(TlsMode::ssl_mode),
            Ok(SslMode::Require)
        );
        assert_eq!(
            mode("Require"),
            Err("sslmode \"Require\" is not one of disable, allow, prefer, require, verify-ca, verify-full".to_owned())
        );
    }

    #[test]
    fn sslrootcert_system_means_the_default_roots() {
        let root = |value| RootCert::read(&Params::of(&[("sslrootcert", value)]));
        assert_eq!(RootCert::read(&Params::of(&[])), RootCert::System);
        assert_eq!(root("system"), RootCert::System);
        assert_eq!(root("/etc/ca.pem"), RootCert::File("/etc/ca.pem".into()));
    }
}
