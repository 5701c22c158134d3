//! The command line: clap's derive structs, whose `///` comments are the
//! help. Here are the program, its global and mail options and the list of
//! commands; each command declares its own arguments in its module under
//! [`crate::commands`] (`*Args`, from the shared ones of
//! [`crate::commands::args`]) and resolves them into its options. This
//! module imports the commands, never the other way round.

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use clap::{ArgAction, Args, Parser, Subcommand};

use crate::commands::Config;
use crate::commands::args::parse_duration;
use crate::commands::clean::CleanArgs;
use crate::commands::convert::ConvertArgs;
use crate::commands::fetch::FetchArgs;
use crate::commands::init_db::InitDbArgs;
use crate::commands::show::{self, ShowArgs};
use crate::commands::status::StatusArgs;
use crate::error::{Error, exit_codes_help};
use crate::notify::{MailConfig, MailSettings};
use crate::store::DatabaseConfig;

/// Keeps a PostgreSQL table of daily foreign-exchange reference rates up to date.
///
/// Run `fxrates init-db` once, then `fxrates fetch` from cron on weekdays after
/// the ECB publishes (about 16:00 CET) and `fxrates clean --older-than 10y`
/// daily: ten years, the record period tax law and auditors commonly ask for
/// (prune a source only a dashboard reads sooner, with `clean --source`).
#[derive(Debug, Parser)]
#[command(name = "fxrates", version, after_help = exit_codes_help(), max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// PostgreSQL connection: `host=/var/run/postgresql dbname=fxrates` or
    /// `postgres://user@host/fxrates`. Falls back to DATABASE_URL.
    #[arg(
        long,
        global = true,
        env = "FXRATES_DATABASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub database_url: Option<String>,

    /// PEM file of CA certificates to trust, beside the system's, for TLS to PostgreSQL.
    #[arg(
        long,
        global = true,
        env = "FXRATES_DATABASE_CA_FILE",
        value_name = "FILE"
    )]
    pub database_ca_file: Option<PathBuf>,

    /// How long `init-db`, `fetch` and `clean` wait for another run holding
    /// the same lock (an overlapping cron run) before giving up with exit code 6.
    #[arg(
        long,
        global = true,
        env = "FXRATES_LOCK_TIMEOUT",
        default_value = "5m",
        value_parser = parse_duration,
        value_name = "DURATION"
    )]
    pub lock_timeout: Duration,

    #[command(flatten)]
    pub mail: MailArgs,

    /// Print nothing on success; errors still go to stderr. What `show` and
    /// `convert` print is their answer, printed all the same.
    #[arg(short, long, global = true, env = "FXRATES_QUIET", value_parser = clap::builder::FalseyValueParser::new())]
    pub quiet: bool,

    /// Log progress to stderr (-vv for debugging). RUST_LOG is honoured too.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
}

/// Where the failure email goes: options every command accepts, and all
/// that a command line that did not parse is read again for
/// ([`MailArgs::of_unparsed`]).
#[derive(Debug, Args)]
pub struct MailArgs {
    /// SMTP server for the failure email: `smtp://host:25`,
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host:465`. A password needs TLS unless the server is
    /// on this host.
    #[arg(
        long,
        global = true,
        env = "FXRATES_SMTP_URL",
        hide_env_values = true,
        value_name = "URL",
        help_heading = "Failure email"
    )]
    pub smtp_url: Option<String>,

    /// Send the failure email through this sendmail program instead of SMTP;
    /// empty means `sendmail` found on PATH.
    #[arg(
        long,
        global = true,
        env = "FXRATES_SENDMAIL",
        value_name = "PROGRAM",
        value_parser = parse_program,
        help_heading = "Failure email"
    )]
    pub sendmail: Option<PathBuf>,

    /// Where to send an email when a command fails: comma-separated addresses.
    /// Needs FXRATES_SMTP_URL or FXRATES_SENDMAIL.
    #[arg(
        long,
        global = true,
        env = "FXRATES_MAIL_TO",
        value_name = "ADDRESSES",
        help_heading = "Failure email"
    )]
    pub mail_to: Option<String>,

    /// Sender of the failure email [default: fxrates@<host name>]
    #[arg(
        long,
        global = true,
        env = "FXRATES_MAIL_FROM",
        value_name = "ADDRESS",
        help_heading = "Failure email"
    )]
    pub mail_from: Option<String>,
}

impl MailArgs {
    /// The mail options of a command line that did not parse (`args`, the
    /// program's name first): clap reads them alone, from the words of
    /// `args` that are mail options and from the environment, so that the
    /// options are defined once.
    pub fn of_unparsed(args: &[std::ffi::OsString]) -> Result<MailArgs, clap::Error> {
        use clap::FromArgMatches as _;
        let command = MailArgs::augment_args(clap::Command::new("fxrates"));
        let longs: Vec<String> = command
            .get_arguments()
            .filter_map(|arg| arg.get_long().map(|long| format!("--{long}")))
            .collect();
        let mut words = args.iter().skip(1).map(|word| word.to_string_lossy());
        let mut picked: Vec<String> = vec!["fxrates".to_owned()];
        while let Some(word) = words.next() {
            if let Some(long) = longs.iter().find(|long| word.as_ref() == long.as_str()) {
                picked.push(long.clone());
                picked.extend(words.next().map(|value| value.into_owned()));
            } else if longs
                .iter()
                .any(|long| word.starts_with(&format!("{long}=")))
            {
                picked.push(word.into_owned());
            }
        }
        MailArgs::from_arg_matches(&command.try_get_matches_from(picked)?)
    }

    /// The failure email these options describe: `None` when none is set,
    /// a [`crate::error::Error::Usage`] when it cannot be sent.
    pub fn config(&self) -> Result<Option<MailConfig>, crate::error::Error> {
        MailConfig::resolve(&MailSettings {
            smtp_url: self.smtp_url.as_deref(),
            sendmail: self.sendmail.as_deref(),
            mail_to: self.mail_to.as_deref(),
            mail_from: self.mail_from.as_deref(),
        })
    }
}

impl GlobalArgs {
    /// Resolves the global options. The database URL falls back to
    /// `database_url_fallback` (the value of `DATABASE_URL`); an empty value
    /// counts as unset, as a cleared line of an environment file means.
    pub fn config(
        &self,
        database_url_fallback: Option<String>,
        today: NaiveDate,
    ) -> Result<Config, Error> {
        let args = self;
        let set = |url: Option<String>| url.filter(|url| !url.trim().is_empty());
        Ok(Config {
            database: DatabaseConfig {
                url: set(args.database_url.clone()).or(set(database_url_fallback)),
                ca_file: args.database_ca_file.clone(),
            },
            quiet: args.quiet,
            lock_timeout: args.lock_timeout,
            today,
        })
    }
}

impl Cli {
    /// The command clap finds in a command line that did not parse (`args`,
    /// the program's name first), not the first word that names one: in
    /// `show --provider fetch` it is `show`. `fxrates` when there is none.
    pub fn command_name_of_unparsed(args: &[std::ffi::OsString]) -> String {
        <Cli as clap::CommandFactory>::command()
            .ignore_errors(true)
            .try_get_matches_from(args)
            .ok()
            .and_then(|matches| matches.subcommand_name().map(str::to_owned))
            .unwrap_or_else(|| "fxrates".to_owned())
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database schema, or upgrade it to this version's.
    ///
    /// Also records, for `fx_rate` and the other SQL functions, each
    /// provider's home currency and which sources answer a call that names
    /// none: the --provider order when given, else `ecb` on a new database.
    InitDb(InitDbArgs),

    /// Download published rates and store them.
    ///
    /// Without a date, catches up: stores every day published after the newest
    /// stored one, or the latest day when nothing is stored yet.
    Fetch(FetchArgs),

    /// Delete rates older than a retention window, of every source or of --source.
    ///
    /// Each source's newest stored day is kept whatever its age, so that a
    /// catch-up can still fill the gap after it. `fetch_runs` rows as old go
    /// too (with --source, only the runs of those sources).
    Clean(CleanArgs),

    /// Show what is stored per source and the last runs; exit 7 when stale.
    ///
    /// The sources of --provider (FXRATES_PROVIDER) are judged as one chain:
    /// stale when none holds a day newer than --max-age, or when a source's
    /// last fetch failed and no provider ahead of it has succeeded since.
    /// Age counts from the newest day the provider is due to have published
    /// (for a weekly one, the end of the week its latest release covers), in
    /// the days of its publisher's week, allowing for its longest regular
    /// closure. Other sources are listed but not checked. Ready for a
    /// monitoring check.
    Status(StatusArgs),

    /// Print stored rates: one day, or one currency's history (--from, --chart).
    ///
    /// A day without publication (weekend, holiday) shows the newest stored
    /// day before it and says so. Stored rates are printed exactly as stored;
    /// cross rates (--base) are computed in decimal arithmetic and rounded to
    /// 6 significant digits, half away from zero.
    #[command(after_help = show::EXAMPLES)]
    Show(ShowArgs),

    /// Convert an amount from one currency to another at a stored rate.
    ///
    /// Prints the amount, rounded half away from zero to the currency's
    /// decimal places (ISO 4217's minor unit: JPY 0, EUR 2, KWD 3; unrounded,
    /// and said to be, for gold or the SDR), the rate and the day used. The
    /// amount is computed from the unrounded rate; a cross rate is shown with
    /// 6 significant digits.
    Convert(ConvertArgs),

    /// Print a shell completion script to stdout.
    ///
    /// For example: `fxrates completions bash > /usr/local/share/bash-completion/completions/fxrates`.
    Completions(CompletionsArgs),

    /// Print a manual page (roff) to stdout: fxrates(1), or fxrates-COMMAND(1).
    #[command(hide = true)]
    Man(ManArgs),
}

impl Command {
    /// Whether the command reads the configuration (database, failure
    /// email): every one but `completions` and `man`, which print text for
    /// packaging and need nothing set.
    pub fn reads_configuration(&self) -> bool {
        !matches!(self, Command::Completions(_) | Command::Man(_))
    }

    /// The command's name on the command line, as messages name it.
    pub fn name(&self) -> &'static str {
        match self {
            Command::InitDb(_) => "init-db",
            Command::Fetch(_) => "fetch",
            Command::Clean(_) => "clean",
            Command::Status(_) => "status",
            Command::Show(_) => "show",
            Command::Convert(_) => "convert",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
        }
    }
}

/// Options of `fxrates completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of the hidden `fxrates man`, which `scripts/install.sh` runs.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print [default: the page of fxrates itself]
    #[arg(value_name = "COMMAND", conflicts_with = "list")]
    pub command: Option<String>,

    /// Print the commands that have a page, one per line, instead.
    #[arg(long)]
    pub list: bool,
}

/// Any path, the empty one included: it stands for `sendmail` on PATH.
fn parse_program(s: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(s))
}

/// The message of a command line that did not parse, on one line like every
/// other error: clap's own lines, less the usage and the pointer to
/// `--help`, which would make a cron email of five lines. Its tips stay, as
/// `; tip: …`. Its secrets are hidden ([`crate::secrets::hide`]): clap may
/// quote a word of the command line, `--fred-api-key=KEY` included.
pub fn usage_line(err: &clap::Error) -> String {
    let text = err.render().to_string();
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take_while(|line| {
            !line.starts_with("Usage:") && !line.starts_with("For more information")
        });
    let mut out = lines
        .next()
        .unwrap_or("error: invalid command line")
        .to_owned();
    for line in lines {
        out.push_str(if out.ends_with(':') { " " } else { "; " });
        out.push_str(line);
    }
    if let Some(variable) = set_by_variable(err) {
        out.push_str(&format!(" (set by {variable})"));
    }
    crate::secrets::hide(&out)
}

/// The environment variable the refused value came from, when it came from
/// one: clap names the flag, which the crontab line may not have.
fn set_by_variable(err: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    let ContextValue::String(arg) = err.get(ContextKind::InvalidArg)? else {
        return None;
    };
    let long = arg.split_whitespace().next()?.strip_prefix("--")?;
    let flag = format!("--{long}");
    let words: Vec<String> = std::env::args().skip(1).collect();
    if words
        .iter()
        .any(|word| *word == flag || word.starts_with(&format!("{flag}=")))
    {
        return None;
    }
    // The options of the command given (two may share a flag, e.g.
    // `--format`), and the global ones.
    let cli = <Cli as clap::CommandFactory>::command();
    let command = cli
        .get_subcommands()
        .find(|command| words.iter().any(|word| word == command.get_name()));
    std::iter::once(&cli)
        .chain(command)
        .flat_map(clap::Command::get_arguments)
        .filter(|arg| arg.get_long() == Some(long))
        .filter_map(clap::Arg::get_env)
        .map(|env| env.to_string_lossy().into_owned())
        .find(|env| std::env::var_os(env).is_some())
}
#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_usage_error_is_one_line_with_its_tip() {
        let err = Cli::try_parse_from(["fxrates", "--provider", "ecb", "fetch"])
            .expect_err("--provider belongs to fetch");
        assert_eq!(
            usage_line(&err),
            "error: unexpected argument '--provider' found; tip: 'fetch --provider' exists"
        );
        let err = Cli::try_parse_from(["fxrates", "clean"]).expect_err("--older-than is required");
        assert_eq!(
            usage_line(&err),
            "error: the following required arguments were not provided: --older-than <AGE>"
        );
    }
}
