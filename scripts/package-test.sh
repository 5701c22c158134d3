#!/usr/bin/env bash
# End-to-end check of the Debian package, on this machine, as root:
#
#   scripts/package-test.sh
#
# It builds the package with scripts/package-deb.sh and checks that lintian
# finds no error in it; installs it with `dpkg -i` and checks the binary
# (`fxrates --version`), the manual pages (`man -w`), the completions, the
# systemd units (naming /usr/bin/fxrates and /etc/fxrates/fxrates.env,
# registered but not enabled, accepted by `systemd-analyze verify`), the
# fxrates user and the environment file (a conffile, root:fxrates 0640,
# kept with an operator's edit when the package is installed again); then
# `dpkg -r` must remove every file it lists but the conffile, and `dpkg -P`
# that too.
#
# Installs lintian and man-db when missing. Refuses to run where fxrates is
# already installed, or /etc/fxrates exists, so as not to touch a real
# installation; whatever happens it purges the package it installed, and
# deletes the fxrates user if the package created it.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

say() { printf 'package-test: %s\n' "$*" >&2; }
fail() {
    say "FAILED: $*"
    exit 1
}

if ! is_root; then
    say "dpkg -i needs root: run this as root (CI does)"
    exit 1
fi
# dpkg's state of the fxrates package: empty or not-installed when absent.
package_status() {
    dpkg-query -W -f='${db:Status-Status}' fxrates 2>/dev/null || true
}

if [[ ! $(package_status) =~ ^(not-installed)?$ ]]; then
    say "the fxrates package is already on this machine ($(package_status)): not touching it"
    exit 1
fi
if [[ -e /etc/fxrates ]]; then
    say "/etc/fxrates exists: not touching it"
    exit 1
fi
ensure_debian_packages "the package's checks" lintian man-db

deb=$(scripts/package-deb.sh)
version=$("${CARGO_TARGET_DIR:-target}/release/fxrates" --version | cut -d' ' -f2)
say "built $deb"

say "lintian"
lintian_out=$(lintian --fail-on error "$deb" 2>&1) || {
    printf '%s\n' "$lintian_out" >&2
    fail "lintian reports errors"
}
printf '%s\n' "$lintian_out" | grep -v '^running with root privileges' >&2 || true

had_user=
if getent passwd fxrates >/dev/null; then
    had_user=1
fi
installed=
cleanup() {
    local status=$?
    set +e
    if [[ -n $installed ]]; then
        dpkg -P fxrates >/dev/null 2>&1
    fi
    if [[ -z $had_user ]] && getent passwd fxrates >/dev/null; then
        userdel fxrates 2>/dev/null
        getent group fxrates >/dev/null && groupdel fxrates 2>/dev/null
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

units=(fxrates-fetch.service fxrates-fetch.timer fxrates-clean.service fxrates-clean.timer
    fxrates-status.service fxrates-status.timer fxrates-fetch@.service fxrates-fetch@.timer)
files=(/usr/bin/fxrates /usr/share/man/man1/fxrates.1.gz /usr/share/man/man1/fxrates-fetch.1.gz
    /usr/share/bash-completion/completions/fxrates /usr/share/zsh/vendor-completions/_fxrates
    /usr/share/fish/vendor_completions.d/fxrates.fish /usr/share/doc/fxrates/README.md
    /usr/share/doc/fxrates/changelog.gz /usr/share/doc/fxrates/changelog.Debian.gz
    /usr/share/doc/fxrates/copyright /usr/share/doc/fxrates/crontab.example
    /usr/lib/sysusers.d/fxrates.conf)
for unit in "${units[@]}"; do
    files+=("/usr/lib/systemd/system/$unit")
done
env_file=/etc/fxrates/fxrates.env

say "dpkg -i"
installed=1
dpkg -i "$deb" >&2

say "checking what it installed"
for file in "${files[@]}" "$env_file"; do
    [[ -s $file ]] || fail "$file is missing or empty"
done
[[ $(fxrates --version) == "fxrates $version" ]] || fail "fxrates --version: $(fxrates --version)"
[[ $(command -v fxrates) == /usr/bin/fxrates ]] || fail "fxrates on PATH is $(command -v fxrates)"
for page in fxrates fxrates-fetch fxrates-status; do
    where=$(man -w "$page") || fail "man -w $page found nothing"
    [[ $where == /usr/share/man/man1/$page.1.gz ]] || fail "man -w $page: $where"
    rendered=$(man -P cat "$page" 2>/dev/null) || fail "man $page fails"
    [[ $rendered == *"$page"* ]] || fail "man $page does not render"
done
bash -c '. /usr/share/bash-completion/completions/fxrates && complete -p fxrates' >/dev/null ||
    fail "the bash completion does not define a completion for fxrates"

for unit in "${units[@]}"; do
    path=/usr/lib/systemd/system/$unit
    if [[ $unit == *.service ]]; then
        grep -q '^ExecStart=/usr/bin/fxrates ' "$path" || fail "$unit does not run /usr/bin/fxrates"
        grep -qx "EnvironmentFile=$env_file" "$path" || fail "$unit does not read $env_file"
        grep -qx 'User=fxrates' "$path" || fail "$unit does not run as fxrates"
    fi
    if compgen -G "/etc/systemd/system/*.wants/$unit" >/dev/null; then
        fail "$unit is enabled; the package must leave that to the operator"
    fi
done
# The units are checked as systemd would load them; a machine without
# systemd as init may still have systemd-analyze.
if command -v systemd-analyze >/dev/null; then
    plain=()
    for unit in "${units[@]}"; do
        [[ $unit == *@.* ]] || plain+=("/usr/lib/systemd/system/$unit")
    done
    systemd-analyze verify "${plain[@]}" >&2 ||
        fail "systemd-analyze verify rejects the units"
    # A template is verified as an instance of it, a chain with a fallback.
    instances=$(mktemp -d)
    for unit in fxrates-fetch@.service fxrates-fetch@.timer; do
        cp "/usr/lib/systemd/system/$unit" "$instances/${unit/@/@mnb\\x2cecb}"
    done
    systemd-analyze verify "$instances"/* >&2 ||
        fail "systemd-analyze verify rejects an instance of fxrates-fetch@"
    rm -r "$instances"
else
    say "no systemd-analyze here: the units are not verified"
fi

getent passwd fxrates >/dev/null || fail "no fxrates user"
[[ $(stat -c '%U:%G %a' "$env_file") == "root:fxrates 640" ]] ||
    fail "$env_file is $(stat -c '%U:%G %a' "$env_file"), not root:fxrates 640"
[[ $(dpkg-query -W -f='${Conffiles}' fxrates) == *" $env_file "* ]] ||
    fail "$env_file is not a conffile"

say "installing again over an edited $env_file"
echo 'FXRATES_PROVIDER=ecb,frankfurter' >>"$env_file"
edited=$(sha256sum <"$env_file")
dpkg -i --force-confold "$deb" >&2
[[ $(sha256sum <"$env_file") == "$edited" ]] || fail "installing again overwrote $env_file"

# Every file the package installed, as dpkg lists it, must go but the conffile.
mapfile -t owned < <(dpkg -L fxrates)
say "dpkg -r"
dpkg -r fxrates >&2
for file in "${files[@]}" "${owned[@]}"; do
    if [[ $file != "$env_file" && ! -d $file && (-e $file || -L $file) ]]; then
        fail "dpkg -r left $file"
    fi
done
[[ ! -e /usr/share/doc/fxrates ]] || fail "dpkg -r left /usr/share/doc/fxrates"
[[ -f $env_file ]] || fail "dpkg -r removed the conffile $env_file"
[[ $(package_status) == config-files ]] ||
    fail "after dpkg -r the package is '$(package_status)', not config-files"

say "dpkg -P"
dpkg -P fxrates >&2
installed=
[[ ! -e $env_file && ! -e /etc/fxrates ]] || fail "dpkg -P left /etc/fxrates"
[[ $(package_status) =~ ^(not-installed)?$ ]] || fail "after dpkg -P the package is '$(package_status)'"

say "ok: $deb installs, works, removes and purges cleanly"
