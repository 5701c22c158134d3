#!/usr/bin/env bash
# Builds fxrates and installs it under a PREFIX (default /usr/local):
#
#   scripts/install.sh                       # into /usr/local (as root)
#   scripts/install.sh "$HOME/.local"        # into your home
#   DESTDIR=/tmp/pkg scripts/install.sh /usr # staged, for a package
#
# It installs bin/fxrates; the manual pages share/man/man1/fxrates.1 and
# fxrates-COMMAND.1; completions for bash
# (share/bash-completion/completions/fxrates), zsh
# (share/zsh/site-functions/_fxrates) and fish
# (share/fish/vendor_completions.d/fxrates.fish); and
# share/doc/fxrates/crontab.example. DESTDIR, when set, is put in front of
# every path. Running it again overwrites the same files.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

usage() {
    echo "usage: [DESTDIR=DIR] $0 [PREFIX]   (PREFIX: an absolute path, default /usr/local)" >&2
    exit 2
}

[[ $# -le 1 ]] || usage
case ${1:-} in -h | --help) usage ;; esac
prefix=${1:-/usr/local}
[[ $prefix == /* ]] || usage
root=${DESTDIR:-}${prefix%/}

bin=$(build_release)
generated=$(mktemp -d)
trap 'rm -rf "$generated"' EXIT
generate_man_and_completions "$bin" "$generated"

install -d "$root/bin" "$root/share/man/man1" "$root/share/bash-completion/completions" \
    "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d" \
    "$root/share/doc/fxrates"
install -m 755 "$bin" "$root/bin/fxrates"
install -m 644 "$generated"/*.1 "$root/share/man/man1/"
install -m 644 "$generated/fxrates.bash" "$root/share/bash-completion/completions/fxrates"
install -m 644 "$generated/_fxrates" "$root/share/zsh/site-functions/_fxrates"
install -m 644 "$generated/fxrates.fish" "$root/share/fish/vendor_completions.d/fxrates.fish"
install -m 644 crontab.example "$root/share/doc/fxrates/crontab.example"

echo "installed fxrates $("$bin" --version | cut -d' ' -f2) under $root"
