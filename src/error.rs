//! The errors fxrates reports and the exit code each one maps to.
//!
//! Commands return `anyhow::Error` with context added along the way; `main`
//! prints the whole chain once and asks [`exit_code`] which [`Exit`] the
//! process ends with, so a shell script can tell a bad flag from a provider
//! outage from a database failure.

use std::fmt;

/// How `fxrates` exits. The numbers are a public contract (see `--help` and the
/// README): scripts and monitoring branch on them. [`Exit::ALL`] is the one
/// table of codes and meanings that `--help`, the failure email and the
/// docs' test read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The command did what was asked (a day with no publication included).
    Success,
    /// An unexpected error; or `fetch` chains that failed with different
    /// codes, which no one code describes.
    Failure,
    /// Bad command line or configuration.
    Usage,
    /// The provider could not be reached or answered with an HTTP error.
    Provider,
    /// The provider answered with data that failed validation.
    InvalidData,
    /// The database could not be reached, lacks the schema, or failed a query.
    Database,
    /// Another run held the lock for longer than `FXRATES_LOCK_TIMEOUT`.
    Locked,
    /// `status`: the newest day is too old, or the last run failed.
    Stale,
    /// `show` and `convert`: no rate is stored for the day or currency
    /// asked for. Shares its number with [`Exit::Stale`]: both say the
    /// data asked about is not there.
    NoRates,
}

impl Exit {
    /// Every exit, in the order of their numbers.
    pub const ALL: [Exit; 9] = [
        Exit::Success,
        Exit::Failure,
        Exit::Usage,
        Exit::Provider,
        Exit::InvalidData,
        Exit::Database,
        Exit::Locked,
        Exit::Stale,
        Exit::NoRates,
    ];

    /// The process's exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Provider => 3,
            Exit::InvalidData => 4,
            Exit::Database => 5,
            Exit::Locked => 6,
            Exit::Stale | Exit::NoRates => 7,
        }
    }

    /// What it means, in a few words.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Success => "success (a day without publication included)",
            Exit::Failure => "unexpected error; fetch chains failing differently",
            Exit::Usage => "usage or configuration error",
            Exit::Provider => "provider unreachable or HTTP error",
            Exit::InvalidData => "provider sent invalid data",
            Exit::Database => "database error",
            Exit::Locked => "another run holds the lock (waited FXRATES_LOCK_TIMEOUT)",
            Exit::Stale => "data is stale or the last run failed (status)",
            Exit::NoRates => "no rate stored (show, convert)",
        }
    }
}

/// The exit codes as shown at the end of `--help`: a line a code, the
/// meanings of a shared code joined by `; `.
pub fn exit_codes_help() -> String {
    let mut help = String::from("Exit codes:");
    let mut last = None;
    for exit in Exit::ALL {
        if last == Some(exit.code()) {
            help.push_str("; ");
        } else {
            help.push_str(&format!("\n  {}  ", exit.code()));
        }
        help.push_str(exit.meaning());
        last = Some(exit.code());
    }
    help
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.code())
    }
}

/// Failures that fxrates recognises and classifies. Every message names what it
/// is about: the flag, the URL, the table.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A command-line value or environment setting that cannot be used.
    #[error("{0}")]
    Usage(String),

    /// The provider did not answer, or answered with a status other than 2xx.
    #[error("{url}: {reason}")]
    Http { url: String, reason: String },

    /// The provider answered, but what it sent is not a valid document.
    #[error("{url}: {reason}")]
    InvalidData { url: String, reason: String },

    /// The provider's days, each valid, lack a quote on a day before one
    /// that has it: that day is partial.
    #[error("{provider} answered a partial day: {reason}")]
    PartialDay { provider: String, reason: String },

    /// The database holds no fxrates schema.
    #[error("the database has no fxrates schema: run `fxrates init-db` first")]
    SchemaMissing,

    /// The database schema is older than this binary expects.
    #[error(
        "the database schema is at version {found} but this fxrates needs version {expected}: run `fxrates init-db` to upgrade it"
    )]
    SchemaOutdated { found: i32, expected: i32 },

    /// The database schema was written by a newer fxrates.
    #[error(
        "the database schema is at version {found}, newer than this fxrates knows (version {expected}): upgrade fxrates before writing to it"
    )]
    SchemaTooNew { found: i32, expected: i32 },

    /// A migration recorded in the database differs from this binary's.
    #[error(
        "migration {migration} was applied to this database with other contents than this fxrates carries: a published migration never changes; use the fxrates that created the database, or restore it"
    )]
    SchemaEdited { migration: String },

    /// Another run held `lock` for all of `waited`.
    #[error(
        "another fxrates run holds the {lock} lock; gave up after waiting {waited} (FXRATES_LOCK_TIMEOUT)"
    )]
    Locked { lock: String, waited: String },

    /// Every provider of a fetch failed; `failures` names each one and why,
    /// and `code` is the exit code of the last one's error.
    #[error("every provider failed: {failures}")]
    AllProvidersFailed { failures: String, code: Exit },

    /// `fetch` with several chains: those that failed, each as `chain`
    /// and why, with the exit code they share, else [`Exit::Failure`].
    /// Printed one line per chain.
    #[error("{}", chains_failed_text(.failures))]
    ChainsFailed {
        failures: Vec<(String, String)>,
        code: Exit,
    },

    /// `status` found a problem worth a page.
    #[error("{0}")]
    Stale(String),

    /// `show` or `convert` found no stored rate for what was asked.
    #[error("{0}")]
    NoRates(String),

    /// The server is a hot standby: it serves reads, but takes no writes
    /// until it is promoted. `target` is where the connection went.
    #[error(
        "the database server ({target}) is a read-only standby (in recovery): point FXRATES_DATABASE_URL at the primary, or list the primary and its standbys with target_session_attrs=read-write"
    )]
    Standby { target: String },

    /// The server is no standby, but its sessions are read-only.
    #[error(
        "the database server ({target}) takes no writes: its sessions are read-only (default_transaction_read_only is on)"
    )]
    ReadOnly { target: String },

    /// Connecting to the database failed; the description carries no password.
    #[error("cannot connect to the database ({target})")]
    Connect {
        target: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    /// The exit code this error ends the process with.
    pub fn exit_code(&self) -> Exit {
        match self {
            Error::Usage(_) => Exit::Usage,
            Error::Http { .. } => Exit::Provider,
            Error::InvalidData { .. } | Error::PartialDay { .. } => Exit::InvalidData,
            Error::SchemaMissing
            | Error::SchemaOutdated { .. }
            | Error::SchemaTooNew { .. }
            | Error::SchemaEdited { .. }
            | Error::Standby { .. }
            | Error::ReadOnly { .. }
            | Error::Connect { .. } => Exit::Database,
            Error::Locked { .. } => Exit::Locked,
            Error::Stale(_) => Exit::Stale,
            Error::NoRates(_) => Exit::NoRates,
            Error::AllProvidersFailed { code, .. } | Error::ChainsFailed { code, .. } => *code,
        }
    }
}

/// `nbp: …` then `mnb,ecb: …`: the chains that failed, a line each (on
/// one line, as [`one_line`] joins them, `nbp: …; mnb,ecb: …`).
fn chains_failed_text(failures: &[(String, String)]) -> String {
    failures
        .iter()
        .map(|(chain, why)| format!("{chain}: {why}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// The failure of the chains in `failures` (chain, why, exit code):
    /// their code when they all share it, else [`Exit::Failure`], since no
    /// one cause explains the run.
    pub fn chains_failed(failures: Vec<(String, String, Exit)>) -> Error {
        let code = match failures.split_first() {
            Some((first, rest)) if rest.iter().all(|f| f.2 == first.2) => first.2,
            _ => Exit::Failure,
        };
        Error::ChainsFailed {
            failures: failures.into_iter().map(|(c, why, _)| (c, why)).collect(),
            code,
        }
    }
}

/// The lines of `error: …` a failed command prints on stderr: one, or one
/// per failed chain of a `fetch` over several.
pub fn error_lines(err: &anyhow::Error) -> Vec<String> {
    match err.downcast_ref::<Error>() {
        Some(Error::ChainsFailed { failures, .. }) => failures
            .iter()
            .map(|(chain, why)| OneLine(&anyhow::anyhow!("{chain}: {why}")).to_string())
            .collect(),
        _ => vec![one_line(err)],
    }
}

/// The exit code for a failed command: that of the outermost classified error
/// in the chain, a database error for any PostgreSQL failure, or
/// [`Exit::Failure`] for anything unforeseen.
pub fn exit_code(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if let Some(known) = cause.downcast_ref::<Error>() {
            return known.exit_code();
        }
        if cause.downcast_ref::<postgres::Error>().is_some() {
            return Exit::Database;
        }
    }
    Exit::Failure
}

/// Formats an error chain on one line: `outer: inner: root cause`. Line breaks
/// inside a message (PostgreSQL's DETAIL and HINT) become `; ` so that a log
/// line or an email subject stays whole.
pub fn one_line(err: &anyhow::Error) -> String {
    OneLine(err).to_string()
}

struct OneLine<'a>(&'a anyhow::Error);

/// The most characters of one message of the chain that are shown: text
/// quoted from a document (an element's name, a value) can be of any length,
/// and two of the longest URLs fxrates asks for (the Bank of England's)
/// take 700.
const MAX_MESSAGE_CHARS: usize = 1000;

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, cause) in self.0.chain().enumerate() {
            if i > 0 {
                f.write_str(": ")?;
            }
            let text = cause.to_string();
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            f.write_str(&printable(&lines.join("; ")))?;
        }
        Ok(())
    }
}

/// `text` safe to print on one line of a terminal, a log, an email: control
/// characters (a terminal's escape codes) written as `\u{1b}`, and no more
/// than [`MAX_MESSAGE_CHARS`] characters, the rest counted, its secrets
/// hidden ([`crate::secrets::hide`]). Every message that leaves the program
/// passes here: the error line (so `fetch_runs` too) and the email's causes.
pub fn printable(text: &str) -> String {
    let text = crate::secrets::hide(text);
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE_CHARS + 32));
    let mut chars = text.chars();
    for c in chars.by_ref().take(MAX_MESSAGE_CHARS) {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    let rest = chars.count();
    if rest > 0 {
        out.push_str(&format!(
            "… ({})",
            crate::render::count(rest as u64, "more character")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_lists_each_code_once_with_every_meaning_of_it() {
        assert_eq!(
            exit_codes_help(),
            "Exit codes:\n  \
             0  success (a day without publication included)\n  \
             1  unexpected error; fetch chains failing differently\n  \
             2  usage or configuration error\n  \
             3  provider unreachable or HTTP error\n  \
             4  provider sent invalid data\n  \
             5  database error\n  \
             6  another run holds the lock (waited FXRATES_LOCK_TIMEOUT)\n  \
             7  data is stale or the last run failed (status); no rate stored (show, convert)"
        );
    }

    /// The README's table of exit codes is the table's: a row a code, no
    /// row for a code that is not one, in order.
    #[test]
    fn the_readme_has_a_row_for_every_exit_code() {
        let readme = include_str!("../README.md");
        let (_, section) = readme
            .split_once("\n## Exit codes\n")
            .expect("an Exit codes section");
        let section = section.split("\n## ").next().unwrap_or(section);
        let documented: Vec<u8> = section
            .lines()
            .filter_map(|line| line.strip_prefix("| "))
            .filter_map(|line| line.split_once(" |"))
            .filter_map(|(code, _)| code.parse().ok())
            .collect();
        let mut codes: Vec<u8> = Exit::ALL.iter().map(|exit| exit.code()).collect();
        codes.dedup();
        assert_eq!(
            documented, codes,
            "README.md's exit codes differ from Exit::ALL"
        );
    }
    use anyhow::Context;

    #[test]
    fn text_from_a_document_is_escaped_and_cut() {
        let name = format!("\u{1b}[2J{}", "x".repeat(1100));
        let err = anyhow::Error::new(Error::InvalidData {
            url: "https://example.org/x.xml".to_owned(),
            reason: format!("the root element is <{name}>"),
        })
        .context("fetching ecb rates");
        let line = one_line(&err);
        assert!(!line.contains('\u{1b}'), "{line}");
        assert!(line.contains("<\\u{1b}[2Jxxx"), "{line}");
        assert!(line.ends_with("… (153 more characters)"), "{line}");
        assert!(
            line.starts_with("fetching ecb rates: https://example.org/x.xml: "),
            "{line}"
        );
    }

    #[test]
    fn the_outermost_classified_error_decides_the_exit_code() {
        let err = anyhow::Error::new(Error::Http {
            url: "http://x".into(),
            reason: "HTTP 500".into(),
        })
        .context("fetching ECB rates");
        assert_eq!(exit_code(&err), Exit::Provider);
        assert_eq!(exit_code(&anyhow::anyhow!("boom")), Exit::Failure);
    }

    #[test]
    fn messages_with_line_breaks_print_on_one_line() {
        let err: anyhow::Result<()> = Err(anyhow::anyhow!("ERROR: boom\nDETAIL: why\nHINT: fix"));
        let err = err.context("storing rates").expect_err("error");
        assert_eq!(
            one_line(&err),
            "storing rates: ERROR: boom; DETAIL: why; HINT: fix"
        );
    }
}
