//! Each list of providers in the docs and the shipped examples, as the
//! provider registry has it: the text of every generated region, in the
//! words of the entries ([`ProviderInfo`], its `described`, its settings).

use fxrates::providers::{
    Home, ProviderInfo, ProviderName, REGISTRY, Release, Setting, SettingKind,
};

/// The placeholder of a secret's value in the examples.
const SECRET_PLACEHOLDER: &str = "change-me";

/// The longest line of a wrapped comment.
const COMMENT_WIDTH: usize = 78;

/// docs/providers.md, "At a glance": a row per provider.
pub fn providers_at_a_glance() -> String {
    let mut table = table_head(&[
        "name",
        "publisher",
        "home",
        "direction and unit, as printed",
        "history",
        "published (UTC, winter)",
        "per request",
        "the rate is used for",
        "terms",
    ]);
    for info in REGISTRY {
        let described = &info.described;
        let mut history = info.first_day.to_string();
        if !described.history.is_empty() {
            history.push_str(&format!(" ({})", described.history));
        }
        table.push_str(&row(&[
            &code(info.name),
            info.publisher,
            &home(info),
            described.printed,
            &history,
            described.published,
            described.per_request,
            described.used_for,
            &format!("[terms]({})", info.terms),
        ]));
    }
    table
}

/// docs/providers.md, "When `status` calls a source stale": a row per
/// provider, its rhythm as `status` judges it.
pub fn providers_freshness() -> String {
    let mut table = table_head(&[
        "name",
        "dates its rates by",
        "release",
        "closure allowed (days of its week)",
    ]);
    for provider in ProviderName::all() {
        let rhythm = provider.rhythm();
        table.push_str(&row(&[
            &code(provider.as_str()),
            &rhythm.week.to_string(),
            &rhythm.release.to_string(),
            &rhythm.closure.to_string(),
        ]));
    }
    table
}

/// docs/providers.md, "What fxrates asks each one for": a row per provider.
pub fn providers_requests() -> String {
    let mut table = table_head(&["name", "request below the base URL", "nothing published"]);
    for info in REGISTRY {
        table.push_str(&row(&[
            &code(info.name),
            info.described.requests,
            info.described.nothing_published,
        ]));
    }
    table
}

/// docs/configuration.md: each provider's URL variable with its default,
/// and its own settings.
pub fn configuration_provider_settings() -> String {
    let mut table = table_head(&[
        "Provider",
        "Base URL: `FXRATES_<NAME>_URL` (`--<name>-url`) and its default",
        "Its own settings (`fetch`)",
    ]);
    for provider in ProviderName::all() {
        let info = provider.info();
        let settings: Vec<String> = info
            .settings
            .iter()
            .map(|setting| {
                let meaning = match setting.kind {
                    SettingKind::Secret => format!(
                        "the {}; required with {}. A secret: never shown.",
                        bare(setting.what),
                        code(info.name)
                    ),
                    SettingKind::Plain => setting.help.to_owned(),
                };
                format!(
                    "{} ({}): {meaning}",
                    code(setting.env),
                    code(&format!("--{}", setting.flag))
                )
            })
            .collect();
        table.push_str(&row(&[
            &code(info.name),
            &format!("{}: {}", code(&provider.url_env()), code(info.default_url)),
            &settings.join("<br>"),
        ]));
    }
    table
}

/// README.md: a row per provider.
pub fn readme_providers() -> String {
    let mut table = table_head(&["Provider", "Publisher", "Home currency", "Note"]);
    for info in REGISTRY {
        let mut notes: Vec<String> = info.figures.note().into_iter().map(str::to_owned).collect();
        if let Release::Weekly(_) = info.release {
            notes.push(info.release.to_string());
        }
        notes.extend(secrets(info).map(|secret| format!("needs {}", secret.what)));
        table.push_str(&row(&[
            &code(info.name),
            info.publisher,
            &home(info),
            &notes.join("; "),
        ]));
    }
    table
}

/// crontab.example: a commented line for each provider with a time of day
/// of its own, its `why` above it.
pub fn crontab_lines() -> String {
    let mut lines = String::new();
    for info in REGISTRY {
        if let Some(cron) = &info.described.cron {
            lines.push_str(&comment("#   ", &format!("{}:", cron.why)));
            lines.push_str(&format!(
                "# {:<13}  fxrates fetch --quiet --provider {}\n",
                cron.schedule, info.name
            ));
        }
    }
    lines
}

/// scripts/systemd/fxrates.env.example: every setting of a provider's own,
/// commented out, with a placeholder.
pub fn env_file_settings() -> String {
    let mut lines = String::new();
    for (info, setting) in settings() {
        lines.push_str(&comment("# ", &what_it_is(info, setting)));
        lines.push_str(&format!("# {}={}\n", setting.env, placeholder(setting)));
    }
    lines
}

/// deploy/kubernetes/secret.example.yaml: every secret, commented out, under
/// `stringData`.
pub fn kubernetes_secrets() -> String {
    kubernetes_settings(SettingKind::Secret)
}

/// deploy/kubernetes/configmap.yaml: every plain setting, commented out,
/// under `data`.
pub fn kubernetes_options() -> String {
    kubernetes_settings(SettingKind::Plain)
}

/// deploy/kubernetes/configmap.yaml: the names `FXRATES_PROVIDER` takes.
pub fn kubernetes_provider_names() -> String {
    let names: Vec<&str> = REGISTRY.iter().map(|info| info.name).collect();
    comment("  # ", &format!("Any of: {}.", names.join(", ")))
}

fn kubernetes_settings(kind: SettingKind) -> String {
    let mut lines = String::new();
    for (info, setting) in settings().filter(|(_, setting)| setting.kind == kind) {
        lines.push_str(&comment("  # ", &what_it_is(info, setting)));
        lines.push_str(&format!(
            "  # {}: \"{}\"\n",
            setting.env,
            placeholder(setting)
        ));
    }
    lines
}

/// Every provider's own settings, in registry order.
fn settings() -> impl Iterator<Item = (&'static ProviderInfo, &'static Setting)> {
    REGISTRY
        .iter()
        .flat_map(|info| info.settings.iter().map(move |setting| (info, setting)))
}

/// The secrets a provider cannot work without.
fn secrets(info: &'static ProviderInfo) -> impl Iterator<Item = &'static Setting> {
    info.settings
        .iter()
        .filter(|setting| setting.kind == SettingKind::Secret)
}

/// What a setting is, for the comment above it in an example.
fn what_it_is(info: &ProviderInfo, setting: &Setting) -> String {
    match setting.kind {
        SettingKind::Secret => format!(
            "{name}: the {}, a secret; required when FXRATES_PROVIDER names {name}.",
            bare(setting.what),
            name = info.name,
        ),
        SettingKind::Plain => format!("{}: {}", info.name, setting.help),
    }
}

/// A value to replace in an example.
fn placeholder(setting: &Setting) -> &'static str {
    match setting.kind {
        SettingKind::Secret => SECRET_PLACEHOLDER,
        SettingKind::Plain => setting.value_name,
    }
}

/// The home currency, as the tables give it.
fn home(info: &ProviderInfo) -> String {
    match info.home {
        Home::Fixed(home) => home.to_string(),
        Home::AnyBase(home) => format!("{home}, or any `--base`"),
    }
}

/// `an app id` without its article.
fn bare(what: &str) -> &str {
    what.strip_prefix("an ")
        .or_else(|| what.strip_prefix("a "))
        .unwrap_or(what)
}

fn code(text: &str) -> String {
    format!("`{text}`")
}

fn table_head(columns: &[&str]) -> String {
    let rule = vec!["---"; columns.len()].join("|");
    format!("{}|{rule}|\n", row(columns))
}

fn row(cells: &[&str]) -> String {
    for cell in cells {
        assert!(
            !cell.contains('|') && !cell.contains('\n'),
            "a table cell: {cell:?}"
        );
    }
    format!("| {} |\n", cells.join(" | "))
}

/// `text` as comment lines of at most [`COMMENT_WIDTH`] characters, each
/// starting with `prefix`.
fn comment(prefix: &str, text: &str) -> String {
    let mut lines = String::new();
    let mut line = prefix.to_owned();
    for word in text.split_whitespace() {
        let width = line.chars().count() + 1 + word.chars().count();
        if line.len() > prefix.len() && width > COMMENT_WIDTH {
            lines.push_str(line.trim_end());
            lines.push('\n');
            line = prefix.to_owned();
        }
        if line.len() > prefix.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push_str(&line);
    lines.push('\n');
    lines
}
