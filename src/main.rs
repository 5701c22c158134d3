//! The `fxrates` binary: parse the command line, run, print the summary or
//! the error once, email the failure of an unattended run if so configured,
//! and exit with the code documented in `--help`.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use fxrates::cli::{Cli, usage_line};
use fxrates::error::{Exit, error_lines, exit_code, one_line};
use fxrates::notify;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help, --version.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            let summary = usage_line(&err);
            if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = err.print();
            } else {
                eprintln!("{summary}");
            }
            // A crontab line with a typo is a failure worth an email too;
            // one typed at a terminal is not.
            if notify::unattended() {
                fxrates::mail_unparsed(&err, &summary);
            }
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    fxrates::init_logging(cli.global.quiet, cli.global.verbose);
    // Resolved once, before the command runs: a half-configured email fails
    // every run at once instead of staying silent until the first failure.
    let mail = if cli.command.reads_configuration() {
        match cli.global.mail.config() {
            Ok(mail) => mail,
            Err(err) => {
                eprintln!("error: {}", one_line(&err.into()));
                return Exit::Usage.into();
            }
        }
    } else {
        None
    };
    match fxrates::run(
        &cli,
        std::env::var("DATABASE_URL").ok(),
        chrono::Utc::now(),
        &mut std::io::stdout().lock(),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            for line in error_lines(&err) {
                eprintln!("error: {line}");
            }
            let code = exit_code(&err);
            if let Some(mail) = mail.as_ref().filter(|_| notify::unattended()) {
                notify::failure(mail, cli.command.name(), &err, code);
            }
            code.into()
        }
    }
}
