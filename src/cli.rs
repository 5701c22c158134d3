//! The command line: clap's derive structs, whose `///` comments are the help.
//!
//! Each command resolves its own arguments into the options it takes
//! (`Options::from_args`, in its module under [`crate::commands`]), and
//! [`crate::config`] the global ones: nothing below the commands uses
//! these structs.

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use clap::{ArgAction, Args, Parser, Subcommand};
use rust_decimal::Decimal;

use crate::calendar::Age;
use crate::commands::show::ShowFormat;
use crate::commands::status::StatusFormat;
use crate::error::exit_codes_help;
use crate::model::{CurrencyCode, Series};
use crate::notify::{MailConfig, MailSettings};
use crate::providers::{ProviderName, Setting, SettingKind, SettingValue};

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
    #[command(after_help = SHOW_EXAMPLES)]
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

const SHOW_EXAMPLES: &str = "\
Examples:
  fxrates show                                  every rate in force today
  fxrates show USD GBP --date 2024-06-15        rates in force on a day
  fxrates show GBP --base USD                   cross rate: USD→GBP
  rate=$(fxrates show USD --format value)       the bare number, for scripts
  fxrates show USD --from 2024-04-01 --to 2024-06-30 --chart
                                                a quarter's history as a chart";

/// Options of `fxrates fetch`. The days to fetch have no environment
/// variables on purpose, nor has `--dry-run`: a leftover one would silently
/// turn every scheduled catch-up into the same backfill, or into no write at
/// all.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Fetch one day. A day without publication (weekend, holiday) stores nothing and succeeds.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, conflicts_with_all = ["from", "to"])]
    pub date: Option<NaiveDate>,

    /// Backfill every published day from this one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,

    /// Last day of the backfill [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "from")]
    pub to: Option<NaiveDate>,

    /// Download and validate, print what would be stored, write nothing.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub order: ProviderOrder,

    /// Keep only these currencies (priced against the provider's own), e.g.
    /// USD,GBP,JPY [default: all]
    #[arg(
        long,
        env = "FXRATES_SYMBOLS",
        value_delimiter = ',',
        value_parser = parse_symbol,
        value_name = "CUR[,CUR…]",
        help_heading = "Providers"
    )]
    pub symbols: Vec<CurrencyCode>,

    /// Base currency of the rates (frankfurter, frankfurter2; oxr on paid plans). A
    /// central bank publishes in its own currency only [default: the
    /// provider's own]
    #[arg(
        long,
        env = "FXRATES_BASE",
        value_parser = parse_symbol,
        value_name = "CUR",
        help_heading = "Providers"
    )]
    pub base: Option<CurrencyCode>,

    #[command(flatten)]
    pub settings: ProviderSettings,

    /// Allow plain http:// provider URLs to hosts other than loopback
    /// (rates fetched in the clear could be altered on the way).
    #[arg(long, env = "FXRATES_ALLOW_HTTP", value_parser = clap::builder::FalseyValueParser::new())]
    pub allow_http: bool,

    /// Time limit for connecting to a provider and for each whole download (e.g. 30s, 2m).
    #[arg(
        long,
        env = "FXRATES_HTTP_TIMEOUT",
        default_value = "30s",
        value_parser = parse_duration,
        value_name = "DURATION"
    )]
    pub http_timeout: Duration,

    /// How many times a download that failed in a way that may heal (connection
    /// error, timeout, HTTP 5xx or 429) is tried again, with exponential backoff.
    #[arg(
        long,
        env = "FXRATES_HTTP_RETRIES",
        default_value_t = 3,
        value_name = "N"
    )]
    pub http_retries: u32,
}

/// The providers in order of preference, which `fetch`, `show`, `convert`
/// and `status` share, so that one `FXRATES_PROVIDER` serves them all.
#[derive(Debug, Args)]
pub struct ProviderOrder {
    /// Providers in order of preference. `fetch` tries them in turn until
    /// one serves, storing each under its own name as source; `show` and
    /// `convert` read the first with rates for the day; `status` checks
    /// their sources.
    #[arg(
        long_help = provider_order_help(),
        long = "provider",
        env = "FXRATES_PROVIDER",
        value_delimiter = ';',
        default_value = "ecb",
        value_parser = ChainParser,
        hide_possible_values = true,
        value_name = "NAME[,NAME…]",
        help_heading = "Providers"
    )]
    pub chains: Vec<ProviderChain>,
}

/// One `--provider` value: providers in order of preference, a fallback
/// chain. Repeating `--provider` (or `;` in `FXRATES_PROVIDER`) names
/// independent chains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderChain(pub Vec<ProviderName>);

/// Options of `fxrates init-db`.
#[derive(Debug, Args)]
pub struct InitDbArgs {
    /// The sources `fx_rate` & co. read, in order, when a call names none
    /// (the table `fx_source_order`). Without it, an order already set (by
    /// an earlier init-db, or by hand in SQL) is kept.
    #[arg(
        long = "provider",
        env = "FXRATES_PROVIDER",
        value_delimiter = ',',
        value_parser = ProviderParser,
        hide_possible_values = true,
        value_name = "NAME[,NAME…]",
        help_heading = "Providers"
    )]
    pub providers: Option<Vec<ProviderName>>,
}

/// Options of `fxrates clean`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Delete rates dated before today minus AGE: 30d, 4w, 1m (calendar months), 1y.
    /// The day exactly AGE ago is kept.
    #[arg(long, env = "FXRATES_OLDER_THAN", value_name = "AGE", value_parser = parse_age,
        allow_hyphen_values = true)]
    pub older_than: Age,

    /// Prune only these sources (the `source` of their rows: a provider's
    /// name, any case), each keeping its newest day; every other source is
    /// left whole [default: every source]
    #[arg(
        long = "source",
        env = "FXRATES_CLEAN_SOURCE",
        value_delimiter = ',',
        value_parser = parse_source,
        value_name = "NAME[,NAME…]"
    )]
    pub sources: Vec<String>,

    /// Count what would be deleted, delete nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Options of `fxrates status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Report the data as stale when its newest day is older than AGE
    /// (default 4d: a long weekend), counted back from the newest day its
    /// provider is due to have published (today, or its last business day
    /// before; for a weekly provider the end of the week its latest release
    /// covers), less the provider's allowance for its closures; a known
    /// holiday of the publisher (TARGET's) inside AGE adds a day.
    #[arg(
        long,
        env = "FXRATES_MAX_AGE",
        value_name = "AGE",
        default_value = "4d",
        value_parser = parse_age,
        allow_hyphen_values = true
    )]
    pub max_age: Age,

    /// Output format.
    #[arg(long, env = "FXRATES_FORMAT", value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,

    /// Also write the report as Prometheus metrics to PATH, for
    /// node_exporter's textfile collector: whole or not at all (a temporary
    /// file in the same directory, renamed over PATH), readable by all,
    /// written even when the data is stale. What is printed is unchanged
    /// (--format, --quiet).
    #[arg(long, env = "FXRATES_METRICS_FILE", value_name = "PATH")]
    pub metrics_file: Option<PathBuf>,

    #[command(flatten)]
    pub order: ProviderOrder,
}

/// Options of `fxrates show`. Like `fetch`, the days have no environment
/// variables; nor has the base, which changes what every number means.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Currencies to show, e.g. USD GBP (any case) [default: every stored one]
    #[arg(value_name = "SYMBOL", value_parser = parse_symbol)]
    pub symbols: Vec<CurrencyCode>,

    /// The day to show; without publication that day, the newest stored day
    /// before it [default: today (UTC)]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, conflicts_with_all = ["from", "to"])]
    pub date: Option<NaiveDate>,

    /// Show the history of one SYMBOL from this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,

    /// Last day of the history [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "from")]
    pub to: Option<NaiveDate>,

    /// Quote against this currency instead of the stored base: cross rates,
    /// rounded to 6 significant digits.
    #[arg(long, value_name = "CUR", value_parser = parse_symbol)]
    pub base: Option<CurrencyCode>,

    #[command(flatten)]
    pub sources: SourceArgs,

    /// Output format: `value` prints the bare rate of one SYMBOL.
    #[arg(long, env = "FXRATES_SHOW_FORMAT", value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,

    /// Draw the history (--from) as a line chart as wide as the terminal.
    #[arg(long, requires = "from")]
    pub chart: bool,
}

/// Which stored rates `show` and `convert` read.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Read the rates this source stored [default: the first source, in
    /// provider order, with rates for the day]
    #[arg(long, env = "FXRATES_SOURCE", value_name = "NAME", value_parser = parse_source)]
    pub source: Option<String>,

    #[command(flatten)]
    pub order: ProviderOrder,

    /// Which rate of a pair to read: mid, buying, selling, banknote-buying,
    /// banknote-selling, per-gram [default: mid; a source that prints none
    /// needs one]
    #[arg(long, env = "FXRATES_SERIES", value_name = "NAME")]
    pub series: Option<Series>,
}

/// Options of `fxrates convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The amount, a plain decimal: 100, 1250.50, -20 (no exponent, no separators).
    #[arg(value_parser = parse_amount, allow_negative_numbers = true)]
    pub amount: Decimal,

    /// The currency of the amount (any case).
    #[arg(value_parser = parse_symbol)]
    pub from: CurrencyCode,

    /// The currency to convert to (any case).
    #[arg(value_parser = parse_symbol)]
    pub to: CurrencyCode,

    /// Convert at the rates of this day, or of the newest stored day before
    /// it [default: today (UTC)]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,

    #[command(flatten)]
    pub sources: SourceArgs,
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

/// The long help of `--provider`: what it does, then every provider of the
/// registry with what its rates are.
fn provider_order_help() -> String {
    let mut help = String::from(
        "Providers in order of preference. `fetch` tries them in turn until one serves, \
         storing each under its own name as source; `show` and `convert` read the first \
         with rates for the day; `status` checks their sources.\n\n\
         Repeat the option (`;` in FXRATES_PROVIDER) for independent chains: `fetch` \
         and `status` run each on its own, e.g. --provider nbp --provider cnb,ecb \
         (FXRATES_PROVIDER=\"nbp;cnb,ecb\"); no provider in two chains.\n\nProviders:",
    );
    for provider in ProviderName::all() {
        let info = provider.info();
        help.push_str(&format!(
            "\n  {}: {}\n      {}",
            info.name, info.publisher, info.about
        ));
    }
    help
}

/// Each provider's base URL and own settings (secrets, options of its API):
/// options made from the provider registry, so that a new provider brings
/// its own `--<name>-url` and `FXRATES_<NAME>_URL`, and each of its settings
/// its option and variable, without an edit here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderSettings {
    /// Every provider's base URL, the default where none is set.
    pub urls: Vec<(ProviderName, String)>,
    /// The settings that were given a value, by provider.
    pub values: Vec<(ProviderName, &'static Setting, SettingValue)>,
}

impl ProviderSettings {
    /// The base URL of `provider`.
    pub fn url(&self, provider: ProviderName) -> &str {
        self.urls
            .iter()
            .find(|(name, _)| *name == provider)
            .map_or(provider.info().default_url, |(_, url)| url.as_str())
    }

    /// The values given to the settings of `provider`.
    pub fn values_of(&self, provider: ProviderName) -> Vec<(&'static Setting, SettingValue)> {
        self.values
            .iter()
            .filter(|(name, _, _)| *name == provider)
            .map(|(_, setting, value)| (*setting, value.clone()))
            .collect()
    }
}

impl clap::FromArgMatches for ProviderSettings {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut settings = ProviderSettings::default();
        settings.update_from_arg_matches(matches)?;
        Ok(settings)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for provider in ProviderName::all() {
            if let Some(url) = matches.get_one::<String>(&provider.url_flag()) {
                self.urls.retain(|(name, _)| *name != provider);
                self.urls.push((provider, url.clone()));
            }
            for setting in provider.info().settings {
                if let Some(value) = matches.get_one::<String>(setting.flag) {
                    self.values.retain(|(_, set, _)| *set != setting);
                    let value = SettingValue::new(setting, value.trim());
                    // Known from here on, so that every output hides it,
                    // whatever fails later.
                    if setting.kind == SettingKind::Secret {
                        crate::secrets::register(value.expose());
                    }
                    self.values.push((provider, setting, value));
                }
            }
        }
        Ok(())
    }
}

impl Args for ProviderSettings {
    fn augment_args(mut cmd: clap::Command) -> clap::Command {
        for provider in ProviderName::all() {
            let info = provider.info();
            cmd = cmd.arg(
                clap::Arg::new(provider.url_flag())
                    .long(provider.url_flag())
                    .env(provider.url_env())
                    // A mirror's URL may hold a password.
                    .hide_env_values(true)
                    .default_value(info.default_url)
                    .value_name("URL")
                    .help(format!(
                        "Base URL of the {} provider's API: {}.",
                        info.name, info.publisher
                    ))
                    .help_heading("Providers"),
            );
            for setting in info.settings {
                cmd = cmd.arg(setting_arg(info.name, setting));
            }
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// The option of `setting`, a setting of the provider `provider`.
fn setting_arg(provider: &str, setting: &'static Setting) -> clap::Arg {
    let arg = clap::Arg::new(setting.flag)
        .long(setting.flag)
        .env(setting.env)
        .value_name(setting.value_name)
        .help_heading("Providers");
    match setting.kind {
        SettingKind::Secret => arg.hide_env_values(true).help(format!(
            "The {} of the {provider} provider (a secret: prefer the environment \
             variable). Required when {provider} is among the providers.",
            setting
                .what
                .trim_start_matches("an ")
                .trim_start_matches("a "),
        )),
        SettingKind::Plain => arg.help(setting.help),
    }
}

/// A source name in any case (`ECB` is `ecb`, the name its rows carry);
/// empty is refused rather than matching nothing.
fn parse_source(s: &str) -> Result<String, String> {
    let name = s.trim().to_ascii_lowercase();
    if name.is_empty() {
        return Err("a source name is required, e.g. ecb".to_owned());
    }
    Ok(name)
}

fn parse_provider(s: &str) -> Result<ProviderName, String> {
    s.trim().parse()
}

/// `--provider`'s parser: [`parse_provider`], offering every name of the
/// registry to shell completion (the long help lists them already).
#[derive(Clone, Copy, Debug)]
struct ProviderParser;

impl clap::builder::TypedValueParser for ProviderParser {
    type Value = ProviderName;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<ProviderName, clap::Error> {
        let parse: fn(&str) -> Result<ProviderName, String> = parse_provider;
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(ProviderName::all().map(|provider| {
            clap::builder::PossibleValue::new(provider.as_str()).help(provider.info().publisher)
        })))
    }
}

/// `--provider`'s parser: a comma list of [`parse_provider`] names, one
/// chain, offering every name of the registry to shell completion as
/// [`ProviderParser`] does.
#[derive(Clone, Copy, Debug)]
struct ChainParser;

impl clap::builder::TypedValueParser for ChainParser {
    type Value = ProviderChain;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<ProviderChain, clap::Error> {
        let Some(text) = value.to_str() else {
            return ProviderParser
                .parse_ref(cmd, arg, value)
                .map(|p| ProviderChain(vec![p]));
        };
        let names = text
            .split(',')
            .map(|name| ProviderParser.parse_ref(cmd, arg, std::ffi::OsStr::new(name)))
            .collect::<Result<_, _>>()?;
        Ok(ProviderChain(names))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        ProviderParser.possible_values()
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::model::parse_date(s)
}

/// A currency code in any case: `usd` is `USD`.
fn parse_symbol(s: &str) -> Result<CurrencyCode, String> {
    s.trim()
        .to_ascii_uppercase()
        .parse()
        .map_err(|_| format!("invalid currency code {s:?} (expected three letters, e.g. USD)"))
}

/// A plain decimal amount: an optional `-`, digits, and optionally a point
/// and more digits. Exponents, separators and digits beyond what a 96-bit
/// decimal holds are refused, never rounded.
fn parse_amount(s: &str) -> Result<Decimal, String> {
    let invalid =
        || format!("invalid amount {s:?} (expected a plain decimal number such as 100 or 12.50)");
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        return Err(invalid());
    }
    Decimal::from_str_exact(s).map_err(|_| {
        // A plain decimal, but with more digits than a 96-bit decimal holds.
        if Decimal::from_str_exact(int).is_err() {
            crate::commands::convert::too_large(s)
        } else {
            format!("amount {s} has more decimal places than can be held exactly")
        }
    })
}

/// Any path, the empty one included: it stands for `sendmail` on PATH.
fn parse_program(s: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(s))
}

fn parse_age(s: &str) -> Result<Age, String> {
    s.parse()
}

/// Parses `500ms`, `30s`, `2m` or a bare number of seconds.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let invalid = || format!("invalid duration {s:?} (expected e.g. 30s, 2m or 500ms)");
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: u64 = number.parse().map_err(|_| invalid())?;
    let duration = match unit {
        "ms" => Duration::from_millis(n),
        "" | "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.checked_mul(60).ok_or_else(invalid)?),
        "h" => Duration::from_secs(n.checked_mul(3600).ok_or_else(invalid)?),
        _ => return Err(invalid()),
    };
    if duration.is_zero() {
        return Err(format!("invalid duration {s:?} (must be more than zero)"));
    }
    Ok(duration)
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

    /// Regression: `--source ECB` found nothing (sources are stored in
    /// lower case) and an empty `FXRATES_SOURCE` was accepted.
    #[test]
    fn sources_take_any_case_and_are_never_empty() {
        assert_eq!(parse_source(" ECB "), Ok("ecb".to_owned()));
        assert!(parse_source("").is_err());
        assert!(parse_source("  ").is_err());
    }

    #[test]
    fn symbols_are_three_letters_in_any_case() {
        assert_eq!(parse_symbol("usd").map(|c| c.to_string()), Ok("USD".into()));
        assert_eq!(parse_symbol("GbP").map(|c| c.to_string()), Ok("GBP".into()));
        for bad in ["US", "USDX", "U1D", "", "€"] {
            assert!(parse_symbol(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn amounts_are_plain_decimals() {
        for (text, shown) in [
            ("100", "100"),
            ("12.50", "12.50"),
            ("-20", "-20"),
            ("0", "0"),
        ] {
            assert_eq!(parse_amount(text).map(|d| d.to_string()), Ok(shown.into()));
        }
        for bad in [
            "1e3", "1E3", "+5", "1,000", "1_000", ".5", "5.", "", "-", "NaN", " 1", "--1",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad:?} accepted");
        }
        // Plain decimals with too many digits are refused as such, never rounded.
        for (too_large, expected) in [
            (
                "99999999999999999999999999999999",
                "amount 99999999999999999999999999999999 is too large to convert",
            ),
            (
                "-79228162514264337593543950336",
                "amount -79228162514264337593543950336 is too large to convert",
            ),
            (
                "0.00000000000000000000000000001",
                "amount 0.00000000000000000000000000001 has more decimal places than can be held exactly",
            ),
        ] {
            assert_eq!(parse_amount(too_large), Err(expected.to_owned()));
        }
        assert!(parse_amount("79228162514264337593543950335").is_ok());
    }

    #[test]
    fn durations_take_a_unit() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        for bad in ["", "s", "0s", "-1s", "1d", "1.5s", "30 s"] {
            assert!(parse_duration(bad).is_err(), "{bad:?} accepted");
        }
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
