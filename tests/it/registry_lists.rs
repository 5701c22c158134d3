//! Every list of providers in the docs and the shipped examples, held to
//! the provider registry (`src/providers/registry.rs`), so that adding a
//! provider (a module and a registry entry) updates them all. A list
//! written from the registry is a region between markers that must read as
//! the registry renders it now ([`render`], [`regions`]);
//! `FXRATES_BLESS=1 cargo test --locked --test it registry_lists` rewrites
//! the regions that differ. The shell completions, made by clap from the
//! same registry, are checked to offer every provider and its options and
//! nothing else as a provider. Nothing here needs a database.

mod render;

use assert_cmd::Command;
use clap::CommandFactory as _;
use fxrates::providers::{ProviderName, REGISTRY};

use crate::common::regions::{self, Comments, Region, Writer};

/// The registry, as the writer of the lists.
const REGISTRY_LISTS: Writer = Writer {
    marker: "generated from the provider registry",
    source: "the provider registry in src/providers/registry.rs",
    bless: "FXRATES_BLESS=1 cargo test --locked --test it registry_lists",
};

/// Holds the lists of `path` to the registry.
fn check(path: &str, comments: Comments, lists: &[Region]) {
    regions::check(&REGISTRY_LISTS, path, comments, lists);
}

/// A markdown table as a region: a blank line after it, without which the
/// closing marker would be read as one more row of the table.
fn markdown_table(table: String) -> String {
    table + "\n"
}

#[test]
fn the_provider_tables_of_docs_providers_are_the_registry() {
    check(
        "docs/providers.md",
        Comments::Html,
        &[
            Region {
                name: "providers-at-a-glance",
                text: markdown_table(render::providers_at_a_glance()),
            },
            Region {
                name: "providers-freshness",
                text: markdown_table(render::providers_freshness()),
            },
            Region {
                name: "providers-requests",
                text: markdown_table(render::providers_requests()),
            },
        ],
    );
}

#[test]
fn docs_configuration_names_every_providers_variables() {
    check(
        "docs/configuration.md",
        Comments::Html,
        &[Region {
            name: "provider-settings",
            text: markdown_table(render::configuration_provider_settings()),
        }],
    );
}

#[test]
fn the_readme_has_a_row_per_provider() {
    check(
        "README.md",
        Comments::Html,
        &[Region {
            name: "providers",
            text: markdown_table(render::readme_providers()),
        }],
    );
}

#[test]
fn crontab_example_has_a_line_for_every_bank_with_a_time_of_its_own() {
    check(
        "crontab.example",
        Comments::Hash,
        &[Region {
            name: "central-banks",
            text: render::crontab_lines(),
        }],
    );
}

#[test]
fn the_systemd_environment_file_has_every_providers_settings() {
    check(
        "scripts/systemd/fxrates.env.example",
        Comments::Hash,
        &[Region {
            name: "provider-settings",
            text: render::env_file_settings(),
        }],
    );
}

/// Regression: the example Secret lacked `FXRATES_FRED_API_KEY`.
#[test]
fn the_kubernetes_secret_example_has_every_secret() {
    check(
        "deploy/kubernetes/secret.example.yaml",
        Comments::Hash,
        &[Region {
            name: "provider-secrets",
            text: render::kubernetes_secrets(),
        }],
    );
}

#[test]
fn the_kubernetes_config_map_names_every_provider_and_option() {
    check(
        "deploy/kubernetes/configmap.yaml",
        Comments::Hash,
        &[
            Region {
                name: "provider-names",
                text: render::kubernetes_provider_names(),
            },
            Region {
                name: "provider-options",
                text: render::kubernetes_options(),
            },
        ],
    );
}

/// `--provider` offers exactly the registry's names, in every command that
/// takes it.
#[test]
fn provider_options_offer_the_registry_names_and_no_other() {
    let names: Vec<&str> = ProviderName::all().map(ProviderName::as_str).collect();
    let cli = fxrates::cli::Cli::command();
    let mut commands = 0;
    for command in cli.get_subcommands() {
        for arg in command.get_arguments() {
            if arg.get_long() == Some("provider") {
                let offered: Vec<String> = arg
                    .get_possible_values()
                    .iter()
                    .map(|value| value.get_name().to_owned())
                    .collect();
                assert_eq!(offered, names, "{} --provider", command.get_name());
                commands += 1;
            }
        }
    }
    assert_eq!(commands, 5, "init-db, fetch, status, show and convert");
}

#[test]
fn completion_scripts_offer_every_provider_and_its_options() {
    let names: Vec<&str> = ProviderName::all().map(ProviderName::as_str).collect();
    for (shell, prefix) in [("bash", "--"), ("zsh", "--"), ("fish", "-l ")] {
        let script = completions(shell);
        let lists = offered_providers(shell, &script);
        assert!(!lists.is_empty(), "{shell}: no list of providers");
        for list in lists {
            assert_eq!(list, names, "{shell}");
        }
        for info in REGISTRY {
            let provider = ProviderName::find(info.name).expect("registered");
            let flags = std::iter::once(provider.url_flag())
                .chain(info.settings.iter().map(|setting| setting.flag.to_owned()));
            for flag in flags {
                let option = format!("{prefix}{flag}");
                assert!(script.contains(&option), "{shell}: no {option}");
            }
        }
        // No `--…-url` but the registry's and the two of the database and
        // the failure email.
        let urls: Vec<String> = ProviderName::all()
            .map(ProviderName::url_flag)
            .chain(["database-url".to_owned(), "smtp-url".to_owned()])
            .collect();
        for word in script.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            if let Some(flag) = word.trim_start_matches('-').strip_suffix("-url") {
                let flag = format!("{flag}-url");
                assert!(urls.contains(&flag), "{shell}: --{flag} is no provider's");
            }
        }
    }
}

/// `fxrates completions SHELL`, run with nothing inherited that configures
/// fxrates.
fn completions(shell: &str) -> String {
    let mut cmd = Command::cargo_bin("fxrates").expect("the fxrates binary");
    for (name, _) in std::env::vars() {
        if name.starts_with("FXRATES_") || name == "DATABASE_URL" {
            cmd.env_remove(name);
        }
    }
    let output = cmd.args(["completions", shell]).output().expect("run");
    assert!(output.status.success(), "{shell}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Each list of values a completion script offers for `--provider`, in its
/// shell's syntax: bash's `compgen -W "ecb …"`, zsh's `((ecb\:"…"` lines,
/// fish's `-a "ecb\t'…'` lines.
fn offered_providers(shell: &str, script: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = script.lines().collect();
    let mut lists = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let list: Vec<String> = match shell {
            "bash"
                if lines[..at]
                    .last()
                    .is_some_and(|before| before.trim() == "--provider)") =>
            {
                // An empty list when its values are not words to offer.
                let words = line.split("compgen -W \"").nth(1).unwrap_or_default();
                let words = words.split('"').next().unwrap_or_default();
                words.split(' ').map(str::to_owned).collect()
            }
            "zsh" if line.starts_with("'*--provider=[") => {
                values(&lines[at..], ":((", "\\:", "))'")
            }
            "fish" if line.contains(" -l provider ") => values(&lines[at..], "-a \"", "\\t", "'\""),
            _ => continue,
        };
        lists.push(list);
    }
    lists
}

/// The values of a list that opens with `open` on the first of `lines`
/// and closes on the line holding `close`: what precedes `separator` on
/// each line.
fn values(lines: &[&str], open: &str, separator: &str, close: &str) -> Vec<String> {
    let first = lines[0].split_once(open).map_or("", |(_, rest)| rest);
    let mut values = Vec::new();
    for line in std::iter::once(first).chain(lines[1..].iter().copied()) {
        if let Some((value, _)) = line.split_once(separator) {
            values.push(value.to_owned());
        }
        if line.contains(close) {
            break;
        }
    }
    values
}
