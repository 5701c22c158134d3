//! The failure email: nobody watches a cron job, so every failed command
//! sends one email, by SMTP (`FXRATES_SMTP_URL`) or through a local sendmail
//! (`FXRATES_SENDMAIL`), to `FXRATES_MAIL_TO`.
//!
//! Guarantees: no secret reaches the email (the command line, the subject
//! and the error chain pass the one filter, [`crate::secrets::hide`], and
//! the word after a provider's secret option is hidden whole, read or not);
//! sending is bounded by [`SEND_TIMEOUT`]; a failure to send is one line on
//! stderr and never changes the exit code of the failure being reported.
//! Without any of the four settings nothing is sent.

mod settings;

use std::sync::mpsc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use lettre::message::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{SendmailTransport, SmtpTransport, Transport as _};

pub use self::settings::{
    Login, MailConfig, MailSettings, MailTransport, SmtpSecurity, SmtpServer,
};
use crate::error::{Error, Exit, one_line, printable};
use crate::secrets::hide;

/// The longest a failure email may take to send, connection included: the
/// cron job must end in bounded time whatever the mail server does.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// The limit on each read and write of the SMTP conversation.
const SMTP_IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Subjects longer than this many characters are cut, ending with `…`.
const MAX_SUBJECT_CHARS: usize = 160;

/// This machine's host name, or `localhost` when it has none.
pub fn host_name() -> String {
    hostname::get()
        .ok()
        .map(|name| name.to_string_lossy().trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}

/// What the email says about one failure.
#[derive(Debug)]
struct Report {
    /// The subcommand, e.g. `fetch`.
    command: String,
    host: String,
    /// The command line, its secrets hidden, quoted for a shell.
    command_line: String,
    /// The line `main` printed, without `error: `.
    summary: String,
    /// The error chain, outermost first, one cause per entry.
    causes: Vec<String>,
    code: Exit,
    hint: Option<&'static str>,
    at: DateTime<Utc>,
}

impl Report {
    fn subject(&self) -> String {
        let subject = format!(
            "[fxrates] {} failed on {}: {}",
            self.command, self.host, self.summary
        );
        if subject.chars().count() <= MAX_SUBJECT_CHARS {
            return subject;
        }
        let mut cut: String = subject.chars().take(MAX_SUBJECT_CHARS - 1).collect();
        cut.push('…');
        cut
    }

    fn body(&self) -> String {
        let code = self.code.code();
        let meaning = format!(" ({})", self.code.meaning());
        let mut body = format!(
            "fxrates {} failed on {}.\n\n\
             Command:   {}\n\
             Time:      {}\n\
             Exit code: {code}{meaning}\n\n\
             Error:\n",
            self.command,
            self.host,
            self.command_line,
            self.at.to_rfc3339_opts(SecondsFormat::Secs, true),
        );
        for (depth, cause) in self.causes.iter().enumerate() {
            let lead = if depth == 0 { "  " } else { "  caused by: " };
            for (n, line) in cause.lines().filter(|l| !l.trim().is_empty()).enumerate() {
                body.push_str(if n == 0 { lead } else { "    " });
                body.push_str(&printable(line.trim_end()));
                body.push('\n');
            }
        }
        if let Some(hint) = self.hint {
            body.push_str(&format!("\nHint: {hint}\n"));
        }
        body
    }
}

/// What to do about an error of this kind, where that is worth saying.
fn hint(kind: Option<&Error>) -> Option<&'static str> {
    Some(match kind? {
        Error::SchemaMissing | Error::SchemaOutdated { .. } => {
            "run `fxrates init-db` on this database (it is safe to repeat); the next fetch then catches up."
        }
        Error::SchemaEdited { .. } => {
            "the database's schema was made by another build of fxrates, whose migrations differ: run the fxrates that created it, and report the difference."
        }
        Error::SchemaTooNew { .. } => {
            "a newer fxrates upgraded the schema: install that version on this host too."
        }
        Error::Locked { .. } => {
            "another run held the lock the whole time: look for a hung fxrates (ps, pg_stat_activity), or raise FXRATES_LOCK_TIMEOUT if runs are just slow."
        }
        Error::Http { .. } => {
            "the provider was unreachable or failing; the next run catches up by itself. Act only if this repeats."
        }
        Error::InvalidData { .. } => {
            "nothing from the invalid document was stored; the next run tries again. If this repeats, the provider may have changed its format."
        }
        Error::PartialDay { .. } => {
            "nothing was stored, since a day lacked a currency of --symbols that a later day has; the next run tries again. If this repeats, backfill around that day with fetch --from, or drop the currency from --symbols."
        }
        Error::Standby { .. } => {
            "the URL reaches a standby, which serves reads but takes no writes: point FXRATES_DATABASE_URL at the primary, or list every server with target_session_attrs=read-write, so that each run finds the primary, after a failover too."
        }
        Error::ReadOnly { .. } => {
            "default_transaction_read_only is on for this server, database or role (some managed services turn it on when the disk is full); writes resume once it is off."
        }
        Error::Connect { .. } => {
            "check that PostgreSQL is up and reachable from this host, and the credentials of FXRATES_DATABASE_URL."
        }
        Error::Usage(_) => {
            "fix the cron job's command line or FXRATES_* environment; `fxrates --help` lists the options."
        }
        Error::Stale(_) => "run `fxrates status` to see which source is behind and why.",
        Error::AllProvidersFailed { .. } => {
            "no provider could serve the rates and nothing was stored; the next run tries them all again. Act if this repeats."
        }
        Error::ChainsFailed { .. } => {
            "each chain named failed on its own (the others were fetched and stored); the next run catches each up. Act if a chain fails again."
        }
        Error::NoRates(_) => {
            "run `fxrates status` to see which days are stored; `fxrates fetch --from` backfills missing days."
        }
    })
}

/// Whether this run is unattended (cron, systemd, a script): its stderr is
/// not a terminal. Only an unattended run's failure is mailed: a person at a
/// terminal sees the error, and a typo there pages nobody.
pub fn unattended() -> bool {
    use std::io::IsTerminal as _;
    !std::io::stderr().is_terminal()
}

/// Emails `mail` the failure of `command` (as `Command::name` names it). Call it after printing the error: a failure to send is one
/// more line on stderr, and nothing else changes.
pub fn failure(mail: &MailConfig, command: &str, err: &anyhow::Error, code: Exit) {
    // Every text below has its secrets hidden by `secrets::hide` (the error
    // line and each cause through `printable`): a provider's secret was
    // registered as the command line was parsed.
    let report = Report {
        command: command.to_owned(),
        host: host_name(),
        command_line: command_line(),
        summary: one_line(err),
        causes: err.chain().map(|cause| cause.to_string()).collect(),
        code,
        hint: hint(err.chain().find_map(|cause| cause.downcast_ref::<Error>())),
        at: Utc::now(),
    };
    send_or_complain(mail, &report);
}

/// Emails `mail` a command line that did not parse: clap's `err`, printed
/// as `summary`, of `command` (as clap finds it despite the error).
pub fn command_line_failure(mail: &MailConfig, command: &str, summary: &str, err: &clap::Error) {
    let rendered = hide(&err.render().to_string());
    let summary = hide(summary);
    let report = Report {
        command: command.to_owned(),
        host: host_name(),
        command_line: command_line(),
        summary: summary
            .strip_prefix("error: ")
            .unwrap_or(&summary)
            .to_owned(),
        causes: vec![rendered.trim_end().to_owned()],
        code: Exit::Usage,
        hint: hint(Some(&Error::Usage(String::new()))),
        at: Utc::now(),
    };
    send_or_complain(mail, &report);
}

/// This process's arguments, their secrets hidden, quoted where a shell
/// needs it.
fn command_line() -> String {
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    hide_words(&args)
}

/// `args` as a shell line, their secrets hidden ([`crate::secrets::hide_args`]).
fn hide_words(args: &[String]) -> String {
    crate::secrets::hide_args(args, shell_word).join(" ")
}

fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./:=@,+%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn send_or_complain(mail: &MailConfig, report: &Report) {
    match send(mail, report) {
        Ok(()) => log::info!("sent the failure email to {} recipient(s)", mail.to.len()),
        Err(err) => {
            // Whatever the server or program said may echo the password,
            // which was registered as the settings were read.
            cannot_send(&err);
        }
    }
}

/// The one line on stderr when the failure email cannot go out, `why` with
/// its secrets hidden: the failure it reports keeps its own exit code.
pub fn cannot_send(why: &str) {
    eprintln!("fxrates: could not send the failure email: {}", hide(why));
}

/// Builds and sends the email, giving up after [`SEND_TIMEOUT`].
fn send(mail: &MailConfig, report: &Report) -> Result<(), String> {
    let mut builder = Message::builder()
        .from(mail.from.clone())
        .subject(report.subject())
        .header(ContentType::TEXT_PLAIN)
        // Vacation responders must not answer a machine (RFC 3834).
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ));
    for to in &mail.to {
        builder = builder.to(to.clone());
    }
    let message = builder
        .body(report.body())
        .map_err(|err| format!("cannot build the message: {err}"))?;
    let transport = mail.transport.clone();
    let (done, outcome) = mpsc::channel();
    // The thread is left behind on a timeout; the process ends soon after.
    std::thread::spawn(move || {
        let _ = done.send(deliver(&transport, &message));
    });
    match outcome.recv_timeout(SEND_TIMEOUT) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "{}: not sent within {} s",
            transport_name(&mail.transport),
            SEND_TIMEOUT.as_secs()
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(format!(
            "{}: the sender stopped",
            transport_name(&mail.transport)
        )),
    }
}

fn transport_name(transport: &MailTransport) -> String {
    match transport {
        MailTransport::Smtp(server) => server.shown.clone(),
        MailTransport::Sendmail(program) => program.display().to_string(),
    }
}

fn deliver(transport: &MailTransport, message: &Message) -> Result<(), String> {
    let name = transport_name(transport);
    match transport {
        MailTransport::Smtp(server) => smtp_transport(server)
            .and_then(|smtp| smtp.send(message).map(drop))
            .map_err(|err| format!("{name}: {err}")),
        MailTransport::Sendmail(program) => SendmailTransport::new_with_command(program)
            .send(message)
            .map_err(|err| format!("{name}: {err}")),
    }
}

fn smtp_transport(server: &SmtpServer) -> Result<SmtpTransport, lettre::transport::smtp::Error> {
    let tls = match server.security {
        SmtpSecurity::Plain => Tls::None,
        SmtpSecurity::Opportunistic => Tls::Opportunistic(tls_parameters(&server.host)?),
        SmtpSecurity::StartTls => Tls::Required(tls_parameters(&server.host)?),
        SmtpSecurity::Tls => Tls::Wrapper(tls_parameters(&server.host)?),
    };
    let mut builder = SmtpTransport::builder_dangerous(&server.host)
        .port(server.port)
        .tls(tls)
        .timeout(Some(SMTP_IO_TIMEOUT));
    if let Some(login) = &server.login {
        builder = builder.credentials(Credentials::new(login.user.clone(), login.password.clone()));
    }
    Ok(builder.build())
}

/// rustls (ring) trusting the webpki roots and the system's, as for
/// PostgreSQL.
fn tls_parameters(host: &str) -> Result<TlsParameters, lettre::transport::smtp::Error> {
    let mut builder =
        TlsParameters::builder(host.to_owned()).certificate_store(CertificateStore::WebpkiRoots);
    for cert in rustls_native_certs::load_native_certs().certs {
        // lettre rejects the whole store for one certificate rustls cannot
        // use, so only the usable ones are added.
        if rustls::RootCertStore::empty().add(cert.clone()).is_ok() {
            if let Ok(cert) = Certificate::from_der(cert.to_vec()) {
                builder = builder.add_root_certificate(cert);
            }
        }
    }
    builder.build_rustls()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(summary: &str) -> Report {
        Report {
            command: "fetch".to_owned(),
            host: "web1".to_owned(),
            command_line: "fxrates fetch".to_owned(),
            summary: summary.to_owned(),
            causes: vec![
                "storing rates".to_owned(),
                "db error: ERROR: boom\nDETAIL: why".to_owned(),
            ],
            code: Exit::Database,
            hint: hint(Some(&Error::SchemaMissing)),
            at: DateTime::parse_from_rfc3339("2024-07-01T16:30:05+02:00")
                .expect("time")
                .with_timezone(&Utc),
        }
    }

    #[test]
    fn an_app_id_after_its_option_is_hidden_whole() {
        let args: Vec<String> = [
            "fxrates",
            "--oxr-app-id",
            "abc123",
            "fetch",
            "--oxr-app-id=def",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            hide_words(&args),
            "fxrates --oxr-app-id *** fetch '--oxr-app-id=***'"
        );
    }

    #[test]
    fn the_body_says_what_when_why_and_what_to_do() {
        assert_eq!(
            report("storing rates: boom").body(),
            "fxrates fetch failed on web1.\n\n\
             Command:   fxrates fetch\n\
             Time:      2024-07-01T14:30:05Z\n\
             Exit code: 5 (database error)\n\n\
             Error:\n  storing rates\n  caused by: db error: ERROR: boom\n    DETAIL: why\n\n\
             Hint: run `fxrates init-db` on this database (it is safe to repeat); the next fetch then catches up.\n"
        );
    }

    #[test]
    fn long_subjects_are_cut() {
        assert_eq!(
            report("boom").subject(),
            "[fxrates] fetch failed on web1: boom"
        );
        let subject = report(&"x".repeat(500)).subject();
        assert_eq!(subject.chars().count(), MAX_SUBJECT_CHARS);
        assert!(subject.ends_with("x…"));
    }

    #[test]
    fn command_lines_are_quoted_for_a_shell() {
        assert_eq!(shell_word("--date"), "--date");
        assert_eq!(shell_word("host=x dbname=y"), "'host=x dbname=y'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }
}
