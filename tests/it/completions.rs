//! `fxrates completions SHELL` and the hidden `fxrates man`: what they print,
//! and that they need neither a database nor the rest of the configuration.

use assert_cmd::Command;
use clap::CommandFactory;
use predicates::prelude::*;
use predicates::str::contains;

/// The built binary with nothing inherited that configures fxrates, and a
/// half-configured failure email that any command needing the
/// configuration would refuse.
fn fxrates() -> Command {
    let mut cmd = Command::cargo_bin("fxrates").expect("the fxrates binary");
    for (name, _) in std::env::vars() {
        if name.starts_with("FXRATES_") || name == "DATABASE_URL" {
            cmd.env_remove(name);
        }
    }
    cmd.env("FXRATES_MAIL_TO", "ops@example.com");
    cmd
}

#[test]
fn completion_scripts_name_every_command() {
    for (shell, marker, base_flag) in [
        ("bash", "_fxrates()", "--base"),
        ("zsh", "#compdef fxrates", "--base"),
        ("fish", "complete -c fxrates", "-l base"),
    ] {
        let output = fxrates()
            .args(["completions", shell])
            .output()
            .expect("run");
        assert!(output.status.success(), "{shell}: {output:?}");
        assert!(output.stderr.is_empty(), "{shell}: {output:?}");
        let script = String::from_utf8(output.stdout).expect("UTF-8");
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        for command in fxrates::cli::Cli::command().get_subcommands() {
            let name = command.get_name();
            assert!(
                command.is_hide_set() || script.contains(name),
                "{shell}: no {name}"
            );
        }
        // Regression: the hidden `man` was offered as a command.
        assert!(
            !script
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == "man"),
            "{shell}: the hidden man command is offered"
        );
        assert!(script.contains(base_flag), "{shell}: no {base_flag:?}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    fxrates()
        .args(["completions", "cmd.exe"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("invalid value 'cmd.exe'"));
}

#[test]
fn the_man_page_is_roff_with_the_commands_and_exit_codes() {
    let output = fxrates().arg("man").output().expect("run");
    assert!(output.status.success(), "{output:?}");
    let page = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(page.contains(".TH fxrates 1"), "{page}");
    assert!(page.contains(".SH NAME"), "{page}");
    for command in ["show", "convert", "completions"] {
        assert!(page.contains(command), "no {command} in the man page");
    }
    assert!(page.contains("no rate stored (show, convert)"), "{page}");
}

#[test]
fn every_command_the_man_page_refers_to_has_a_page() {
    let output = fxrates().args(["man", "--list"]).output().expect("run");
    assert!(output.status.success(), "{output:?}");
    let list = String::from_utf8(output.stdout).expect("UTF-8");
    let names: Vec<&str> = list.lines().collect();
    assert_eq!(
        names,
        [
            "init-db",
            "fetch",
            "clean",
            "status",
            "show",
            "convert",
            "completions",
            "help"
        ]
    );
    let top = String::from_utf8(fxrates().arg("man").output().expect("run").stdout).expect("UTF-8");
    for name in &names {
        let reference = format!("fxrates\\-{}(1)", name.replace('-', "\\-"));
        assert!(top.contains(&reference), "no {reference} in fxrates(1)");
        let output = fxrates().args(["man", name]).output().expect("run");
        assert!(output.status.success(), "{name}: {output:?}");
        let page = String::from_utf8(output.stdout).expect("UTF-8");
        let title = format!(".TH fxrates-{name} 1 ");
        assert!(page.contains(&title), "{name}: no {title:?}");
    }
    let show = String::from_utf8(
        fxrates()
            .args(["man", "show"])
            .output()
            .expect("run")
            .stdout,
    )
    .expect("UTF-8");
    assert!(show.contains("6 significant digits"), "{show}");
    fxrates()
        .args(["man", "nope"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("no manual page for \"nope\""));
}

#[test]
fn help_lists_the_new_commands_but_not_man() {
    fxrates()
        .arg("--help")
        .assert()
        .success()
        .stdout(
            contains("show")
                .and(contains("convert"))
                .and(contains("completions")),
        )
        .stdout(contains("  man ").not());
    fxrates()
        .args(["show", "--help"])
        .assert()
        .success()
        .stdout(contains("6 significant digits").and(contains("--format <FORMAT>")));
}
