#!/usr/bin/env bash
# The one test command: installs the PostgreSQL server binaries and promtool
# if missing, then runs rustfmt, clippy and the whole test suite. Extra
# arguments go to `cargo test` (e.g. `scripts/test.sh --test harness`).
#
#   scripts/test.sh --with-cron    # then scripts/cron-smoke.sh: crontab.example under a real cron
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

with_cron=false
cargo_args=()
for arg in "$@"; do
    if [[ $arg == --with-cron ]]; then
        with_cron=true
    else
        cargo_args+=("$arg")
    fi
done

ensure_pg_server
ensure_promtool

cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked "${cargo_args[@]}"

if $with_cron; then
    scripts/cron-smoke.sh
fi
