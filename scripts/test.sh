#!/usr/bin/env bash
# The one test command: installs the PostgreSQL server binaries if missing,
# then runs rustfmt, clippy and the whole test suite. Extra arguments go to
# `cargo test` (e.g. `scripts/test.sh --test harness`).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_pg_server

cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked "$@"
