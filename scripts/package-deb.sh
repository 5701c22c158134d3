#!/usr/bin/env bash
# Builds the Debian package of fxrates with cargo-deb and prints its path:
#
#   scripts/package-deb.sh          # -> target/debian/fxrates_VERSION-1_ARCH.deb
#
# (below $CARGO_TARGET_DIR instead of target/ when it is set: install the
# path it prints, `dpkg -i "$(scripts/package-deb.sh)"`).
#
# It builds the release binary as scripts/install.sh does (cargo build
# --release --locked), then writes into target/deb-staging what the package
# ships beside it, made from the one copy in this repository: the manual
# pages and completions the binary generates, the units of scripts/systemd
# with their ExecStart naming /usr/bin/fxrates, and a Debian changelog for
# this version.
# `cargo deb --no-build` then packs what [package.metadata.deb] in Cargo.toml
# lists. Installs cargo-deb (cargo install --locked) when missing.
#
# SOURCE_DATE_EPOCH, when set, dates the changelog and the files in the
# package; otherwise the last commit does, or, outside git, the present.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

# The cargo-deb installed when none is: the one this packaging was made with.
cargo_deb_version=3.8.0

say() { printf 'package-deb: %s\n' "$*" >&2; }

if ! cargo deb --version >/dev/null 2>&1; then
    say "installing cargo-deb $cargo_deb_version (cargo install --locked cargo-deb)"
    cargo install --locked cargo-deb --version "$cargo_deb_version" >&2
fi

say "building the release binary"
bin=$(build_release)
version=$("$bin" --version | cut -d' ' -f2)

if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then
    SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH

staging=target/deb-staging
rm -rf "$staging"
mkdir -p "$staging/systemd"

generate_man_and_completions "$bin" "$staging/generated"
mkdir -p "$staging/man" "$staging/completions"
mv "$staging"/generated/*.1 "$staging/man/"
mv "$staging"/generated/* "$staging/completions/"
rmdir "$staging/generated"

# The units as scripts/systemd has them, but for the binary of the package.
for unit in scripts/systemd/fxrates-*.service scripts/systemd/fxrates-*.timer; do
    sed 's#/usr/local/bin/fxrates#/usr/bin/fxrates#g' "$unit" >"$staging/systemd/${unit##*/}"
done
if grep -q /usr/local "$staging"/systemd/*; then
    say "a unit still names /usr/local: $(grep -l /usr/local "$staging"/systemd/*)"
    exit 1
fi

# Debian wants a changelog of the package itself; the project's own is
# CHANGELOG.md beside it.
maintainer=$(sed -n 's/^maintainer = "\(.*\)"$/\1/p' Cargo.toml)
if [[ -z $maintainer ]]; then
    say "no maintainer = \"…\" line in Cargo.toml"
    exit 1
fi
{
    printf 'fxrates (%s-1) unstable; urgency=medium\n\n' "$version"
    printf '  * fxrates %s: see /usr/share/doc/fxrates/changelog.gz.\n\n' "$version"
    printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
} >"$staging/changelog"

say "packing"
deb=$(cargo deb --no-build --locked | tail -n 1)
if [[ ! -f $deb ]]; then
    say "cargo deb printed no package path (last line: $deb)"
    exit 1
fi
printf '%s\n' "$deb"
