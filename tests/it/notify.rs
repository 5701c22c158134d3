//! The failure email, through the built binary: a failed command sends one
//! email by SMTP or sendmail with what happened and what to do, a successful
//! one sends none, a bad command line is reported too, a mail server that is
//! down never changes the exit code, and no password reaches the email.

use std::path::Path;
use std::time::Duration;

use crate::common::env::{DAILY, Env};
use crate::common::http::Reply;
use crate::common::smtp::{Mail, SmtpServer};
use assert_cmd::Command;

const TO: &str = "ops@example.com, Data Team <data@example.com>";
const FROM: &str = "fxrates@example.com";
const SCHEMA_MISSING: &str = "the database has no fxrates schema: run `fxrates init-db` first";

/// This machine's host name as the system reports it.
fn host() -> String {
    let output = std::process::Command::new("uname")
        .arg("-n")
        .output()
        .expect("run uname -n");
    String::from_utf8(output.stdout)
        .expect("a UTF-8 host name")
        .trim()
        .to_owned()
}

/// `cmd` with the failure email going to `smtp` (or its URL `url`).
fn mailing(mut cmd: Command, url: &str) -> Command {
    cmd.env("FXRATES_SMTP_URL", url)
        .env("FXRATES_MAIL_TO", TO)
        .env("FXRATES_MAIL_FROM", FROM);
    cmd
}

/// The one email `smtp` received; fails if there is not exactly one.
fn only_mail(smtp: &SmtpServer) -> Mail {
    let mail = smtp
        .wait_for_mail(Duration::from_secs(10))
        .expect("a failure email");
    // Nothing else may follow it.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(smtp.mails().len(), 1, "{:#?}", smtp.mails());
    mail
}

#[test]
fn a_failed_fetch_sends_one_email_and_exits_as_without_it() {
    let env = Env::new();
    let smtp = SmtpServer::start();
    let plain = env.fxrates().arg("fetch").assert().code(5);
    let mailed = mailing(env.fxrates(), &smtp.url())
        .arg("fetch")
        .assert()
        .code(5)
        .stdout("");
    let stderr = |assert: &assert_cmd::assert::Assert| {
        String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
    };
    assert_eq!(stderr(&mailed), stderr(&plain));
    assert_eq!(stderr(&mailed), format!("error: {SCHEMA_MISSING}\n"));

    let mail = only_mail(&smtp);
    assert_eq!(mail.from, FROM);
    assert_eq!(mail.recipients, ["ops@example.com", "data@example.com"]);
    assert_eq!(mail.header("From").as_deref(), Some(FROM));
    assert_eq!(
        mail.header("To").as_deref(),
        Some("ops@example.com, \"Data Team\" <data@example.com>")
    );
    assert_eq!(
        mail.header("Subject"),
        Some(format!(
            "[fxrates] fetch failed on {}: {SCHEMA_MISSING}",
            host()
        ))
    );
    assert_eq!(
        mail.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    assert_eq!(mail.login, None);

    let body = mail.body();
    let command = body
        .lines()
        .find_map(|line| line.strip_prefix("Command:   "))
        .unwrap_or_else(|| panic!("no command line in\n{body}"));
    assert!(command.ends_with("fxrates fetch"), "{command}");
    assert!(body.contains("\nExit code: 5 (database error)\n"), "{body}");
    assert!(
        body.contains(&format!("\nError:\n  {SCHEMA_MISSING}\n")),
        "{body}"
    );
    assert!(body.contains("\nHint: run `fxrates init-db`"), "{body}");
    let time = body
        .lines()
        .find_map(|line| line.strip_prefix("Time:      "))
        .unwrap_or_else(|| panic!("no time in\n{body}"));
    let sent = chrono::DateTime::parse_from_rfc3339(time).expect("an RFC 3339 time");
    assert!(time.ends_with('Z'), "{time} is not UTC");
    let age = chrono::Utc::now().signed_duration_since(sent);
    assert!(age.num_seconds().abs() < 60, "{time}");
}

#[test]
fn an_unreachable_provider_says_the_next_run_catches_up() {
    let env = Env::with_schema();
    env.http.route(DAILY, Reply::status(500));
    let smtp = SmtpServer::start();
    mailing(env.fxrates(), &smtp.url())
        .arg("fetch")
        .assert()
        .code(3);
    let mail = only_mail(&smtp);
    let subject = mail.header("Subject").expect("a subject");
    assert!(
        subject.starts_with(&format!("[fxrates] fetch failed on {}: ", host())),
        "{subject}"
    );
    assert!(subject.contains("HTTP 500"), "{subject}");
    let body = mail.body();
    assert!(
        body.contains("Exit code: 3 (provider unreachable or HTTP error)"),
        "{body}"
    );
    assert!(body.contains("the next run catches up by itself"), "{body}");
}

#[test]
fn a_successful_run_sends_nothing() {
    let env = Env::with_schema();
    let smtp = SmtpServer::start();
    mailing(env.fxrates(), &smtp.url())
        .arg("fetch")
        .assert()
        .success();
    assert!(
        smtp.wait_for_mail(Duration::from_secs(1)).is_none(),
        "{:#?}",
        smtp.mails()
    );
}

#[test]
fn a_bad_command_line_exits_2_and_sends_an_email() {
    let env = Env::new();
    let smtp = SmtpServer::start();
    let clap_error = "error: invalid value '2024-13-01' for '--date <YYYY-MM-DD>': \
                      invalid date \"2024-13-01\" (no such day)";
    let mut cmd = mailing(env.fxrates(), &smtp.url());
    cmd.env_remove("FXRATES_MAIL_FROM")
        .args(["fetch", "--date", "2024-13-01"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!("{clap_error}\n"));

    let mail = only_mail(&smtp);
    let host = host();
    assert_eq!(mail.from, format!("fxrates@{host}"));
    assert_eq!(
        mail.header("Subject"),
        Some(format!(
            "[fxrates] fetch failed on {host}: {}",
            clap_error.trim_start_matches("error: ")
        ))
    );
    let body = mail.body();
    assert!(body.contains("fxrates fetch --date 2024-13-01\n"), "{body}");
    assert!(
        body.contains("Exit code: 2 (usage or configuration error)"),
        "{body}"
    );
    assert!(body.contains(clap_error), "{body}");
    assert!(env.http.requests().is_empty());
}

/// Regression: the email of a command line that did not parse read its
/// settings from the environment only: mail options given on that command
/// line were lost.
#[test]
fn a_bad_command_line_mails_by_the_mail_options_it_gave() {
    let env = Env::new();
    let smtp = SmtpServer::start();
    let url = smtp.url();
    env.fxrates()
        .args(["fetch", "--date", "2024-13-01", "--smtp-url", &url])
        .arg(format!("--mail-to={TO}"))
        .assert()
        .code(2);
    let mail = only_mail(&smtp);
    assert_eq!(mail.recipients, ["ops@example.com", "data@example.com"]);
}

/// Regression: a command line that did not parse was mailed under the first
/// word naming a command (`show --provider fetch` as "fetch failed").
#[test]
fn a_bad_command_line_is_mailed_under_the_command_clap_found() {
    let env = Env::new();
    let smtp = SmtpServer::start();
    mailing(env.fxrates(), &smtp.url())
        .args(["show", "--provider", "fetch"])
        .assert()
        .code(2);
    let mail = only_mail(&smtp);
    let subject = mail.header("Subject").expect("a subject");
    assert!(
        subject.starts_with(&format!("[fxrates] show failed on {}: ", host())),
        "{subject}"
    );
}

/// Regression: with mail configured in the environment, a typo or a failed
/// command typed at a terminal emailed ops. Only an unattended run (stderr
/// not a terminal) mails; `script` gives the run a terminal.
#[test]
fn a_failure_at_a_terminal_sends_nothing() {
    let env = Env::new();
    let smtp = SmtpServer::start();
    for (args, code) in [("fecth", 2), ("fetch", 5)] {
        // `script` runs the command under a pseudo-terminal, in the
        // environment a test gives fxrates, and exits with its code.
        let mut script = std::process::Command::new("script");
        for (name, value) in env.command().get_envs() {
            match value {
                Some(value) => script.env(name, value),
                None => script.env_remove(name),
            };
        }
        let command = format!("{} {args}", env!("CARGO_BIN_EXE_fxrates"));
        mailing(Command::from_std(script), &smtp.url())
            .args(["-qec", &command, "/dev/null"])
            .assert()
            .code(code);
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(smtp.mails().len(), 0, "{:#?}", smtp.mails());
}

#[test]
fn help_sends_nothing() {
    let env = Env::new();
    let smtp = SmtpServer::start();
    mailing(env.fxrates(), &smtp.url())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicates::str::contains("FXRATES_MAIL_TO"));
    assert!(smtp.wait_for_mail(Duration::from_millis(500)).is_none());
}

#[test]
fn an_unreachable_mail_server_keeps_the_exit_code_and_says_so() {
    let env = Env::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let output = mailing(env.fxrates(), &format!("smtp://127.0.0.1:{port}"))
        .arg("fetch")
        .assert()
        .code(5)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert_eq!(lines[0], format!("error: {SCHEMA_MISSING}"));
    assert!(
        lines[1].starts_with(&format!(
            "fxrates: could not send the failure email: smtp://127.0.0.1:{port}: "
        )),
        "{stderr}"
    );
}

#[test]
fn recipients_without_a_way_to_send_are_a_configuration_error() {
    let env = Env::with_schema();
    env.fxrates()
        .arg("fetch")
        .env("FXRATES_MAIL_TO", TO)
        .assert()
        .code(2)
        .stderr(
            "error: the failure email has recipients but no way out: \
             set FXRATES_SMTP_URL or FXRATES_SENDMAIL\n",
        );
    assert!(env.http.requests().is_empty(), "fetched despite the error");
}

/// Writes `script` to `path` and makes it executable, from a child process:
/// a file this process had open for writing could be inherited by a program
/// another test thread forks meanwhile, and running it would then fail with
/// "Text file busy".
fn write_script(path: &Path, script: &str) {
    use std::io::Write as _;
    let mut writer = std::process::Command::new("sh")
        .args(["-c", "cat > \"$1\" && chmod 755 \"$1\"", "sh"])
        .arg(path)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("run sh");
    writer
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("write the script");
    assert!(writer.wait().expect("wait for sh").success());
}

/// Writes a stand-in for sendmail at `dir/name` that records its arguments
/// (one per line) in `dir/args` and its input in `dir/stdin`.
fn fake_sendmail(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{dir}/args'\ncat > '{dir}/stdin'\n",
        dir = dir.display()
    );
    write_script(&path, &script);
    path
}

/// Asserts what the stand-in in `dir` received for a failed `fetch`.
fn assert_sendmail_got_the_email(dir: &Path) {
    let args = std::fs::read_to_string(dir.join("args")).expect("sendmail was run");
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [
            "-i",
            "-f",
            FROM,
            "--",
            "ops@example.com",
            "data@example.com"
        ]
    );
    let message = std::fs::read_to_string(dir.join("stdin")).expect("sendmail input");
    let mail = Mail {
        from: String::new(),
        recipients: Vec::new(),
        data: message.replace("\r\n", "\n").replace('\n', "\r\n"),
        login: None,
    };
    assert_eq!(
        mail.header("Subject"),
        Some(format!(
            "[fxrates] fetch failed on {}: {SCHEMA_MISSING}",
            host()
        ))
    );
    assert!(
        mail.body().contains("\nHint: run `fxrates init-db`"),
        "{message}"
    );
}

#[test]
fn sendmail_found_on_path_when_the_setting_is_empty() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("temp dir");
    fake_sendmail(dir.path(), "sendmail");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![dir.path().to_owned()];
    dirs.extend(std::env::split_paths(&path));
    env.fxrates()
        .arg("fetch")
        .env("PATH", std::env::join_paths(dirs).expect("a PATH"))
        .env("FXRATES_SENDMAIL", "")
        .env("FXRATES_MAIL_TO", TO)
        .env("FXRATES_MAIL_FROM", FROM)
        .assert()
        .code(5)
        .stderr(format!("error: {SCHEMA_MISSING}\n"));
    assert_sendmail_got_the_email(dir.path());
}

#[test]
fn sendmail_by_explicit_path() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let program = fake_sendmail(dir.path(), "my-sendmail");
    env.fxrates()
        .arg("fetch")
        .env("FXRATES_SENDMAIL", &program)
        .env("FXRATES_MAIL_TO", TO)
        .env("FXRATES_MAIL_FROM", FROM)
        .assert()
        .code(5)
        .stderr(format!("error: {SCHEMA_MISSING}\n"));
    assert_sendmail_got_the_email(dir.path());
}

#[test]
fn a_failing_sendmail_keeps_the_exit_code_and_says_so() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let program = dir.path().join("broken-sendmail");
    // Like a real sendmail whose queue is unusable: reads, then refuses.
    write_script(
        &program,
        "#!/bin/sh\ncat > /dev/null\necho 'queue full' >&2\nexit 75\n",
    );
    let output = env
        .fxrates()
        .arg("fetch")
        .env("FXRATES_SENDMAIL", &program)
        .env("FXRATES_MAIL_TO", TO)
        .assert()
        .code(5)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], format!("error: {SCHEMA_MISSING}"), "{stderr}");
    assert!(
        lines[1].starts_with(&format!(
            "fxrates: could not send the failure email: {}: ",
            program.display()
        )),
        "{stderr}"
    );
    assert!(lines[1].contains("queue full"), "{stderr}");
}

#[test]
fn passwords_reach_neither_the_email_nor_stderr() {
    let env = Env::new();
    let smtp = SmtpServer::start();
    let url = smtp.url_with_login("mailer", "SENTINEL-smtp-pass");
    let database_urls = [
        (
            "postgres://fx:SENTINEL-db-pass@127.0.0.1:1/fx",
            "'postgres://fx:***@127.0.0.1:1/fx'",
        ),
        (
            "host=127.0.0.1 port=1 user=fx password=SENTINEL-db-pass dbname=fx",
            "'host=127.0.0.1 port=1 user=fx password=*** dbname=fx'",
        ),
    ];
    for (count, (database_url, shown)) in database_urls.into_iter().enumerate() {
        let output = mailing(env.fxrates(), &url)
            .args(["fetch", "--database-url", database_url])
            .assert()
            .code(5)
            .get_output()
            .clone();
        let stderr = String::from_utf8(output.stderr).expect("UTF-8");
        assert!(
            stderr.starts_with("error: cannot connect to the database"),
            "{stderr}"
        );
        assert!(!stderr.contains("SENTINEL"), "{stderr}");

        let mails = smtp.wait_for_mails(count + 1, Duration::from_secs(10));
        let mail = mails.last().expect("a failure email");
        assert_eq!(mails.len(), count + 1);
        assert_eq!(
            mail.login,
            Some(("mailer".to_owned(), "SENTINEL-smtp-pass".to_owned())),
            "the password was not used to log in"
        );
        assert!(!mail.data.contains("SENTINEL"), "{}", mail.data);
        let body = mail.body();
        assert!(!body.contains("SENTINEL"), "{body}");
        assert!(
            body.contains(&format!("--database-url {shown}\n")),
            "{body}"
        );
    }
}

/// Regression: a provider's secret written `--fred-api-key=KEY` in a
/// crontab line that did not parse reached the failure email in clear: only
/// hand-listed keys and the word after an exact option were hidden. Each
/// spelling of each secret option, and a secret in the environment, stay
/// out of the email, stderr and `fetch_runs`.
#[test]
fn a_provider_secret_in_a_bad_command_line_reaches_neither_the_email_nor_stderr() {
    let env = Env::with_schema();
    let smtp = SmtpServer::start();
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "fetch",
                "--provider",
                "fred",
                "--fred-api-key=SENTINEL-1",
                "--date",
                "2024-13-01",
            ],
            "--provider fred '--fred-api-key=***' --date 2024-13-01\n",
        ),
        (
            &[
                "fetch",
                "--provider",
                "fred",
                "--fred-api-key",
                "SENTINEL-2",
                "--bogus",
            ],
            "--provider fred --fred-api-key *** --bogus\n",
        ),
        (
            &[
                "fetch",
                "--provider",
                "oxr",
                "--oxr-app-id=SENTINEL-3",
                "--bogus",
            ],
            "--provider oxr '--oxr-app-id=***' --bogus\n",
        ),
        // Before its command, where clap does not know it.
        (
            &["--fred-api-key=SENTINEL-4", "fetch"],
            " '--fred-api-key=***' fetch\n",
        ),
        // After `--`, where clap quotes the word in its message.
        (
            &["fetch", "--", "--fred-api-key=SENTINEL-5"],
            "fetch -- '--fred-api-key=***'\n",
        ),
    ];
    for (count, (args, shown)) in cases.into_iter().enumerate() {
        let output = mailing(env.fxrates(), &smtp.url())
            .env("FXRATES_OXR_APP_ID", "SENTINEL-in-the-environment")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .get_output()
            .clone();
        let stderr = String::from_utf8(output.stderr).expect("UTF-8");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("SENTINEL"), "{args:?}: {stderr}");

        let mails = smtp.wait_for_mails(count + 1, Duration::from_secs(10));
        assert_eq!(mails.len(), count + 1, "{args:?}");
        let mail = mails.last().expect("a failure email");
        assert!(!mail.data.contains("SENTINEL"), "{args:?}: {}", mail.data);
        let body = mail.body();
        assert!(!body.contains("SENTINEL"), "{args:?}: {body}");
        assert!(body.contains(shown), "{args:?}: {body}");
    }
    let runs = crate::common::env::scalar(&mut env.client(), "SELECT count(*) FROM fetch_runs");
    assert_eq!(runs, "0", "a command line that did not parse ran");
}
