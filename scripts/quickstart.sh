#!/usr/bin/env bash
# The one command that runs fxrates' main job on a fresh machine: build the
# release binary, find or start a database, create the schema, fetch the
# latest ECB rates, show what was stored and the crontab lines to install.
#
#   scripts/quickstart.sh           # from the ECB (FXRATES_ECB_URL, if set, names a mirror)
#   scripts/quickstart.sh --demo    # offline: serve the sample files in tests/fixtures/ecb
#
# The database is FXRATES_DATABASE_URL when set, else a private cluster
# started by scripts/dev-db.sh (stop it with `scripts/dev-db.sh stop`).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

demo=false
case ${1:-} in
"") ;;
--demo) demo=true ;;
*)
    echo "usage: $0 [--demo]" >&2
    exit 2
    ;;
esac

step() { printf '\n==> %s\n' "$*" >&2; }

step "Building the release binary"
cargo build --release --locked --quiet
# Where cargo put it (under CARGO_TARGET_DIR when set), as an absolute path
# for the crontab lines, and before anything is started.
bin=$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)/fxrates

if [[ -z ${FXRATES_DATABASE_URL:-} ]]; then
    step "Starting a private PostgreSQL cluster (scripts/dev-db.sh)"
    FXRATES_DATABASE_URL=$(scripts/dev-db.sh start)
fi
export FXRATES_DATABASE_URL

if $demo; then
    step "Serving the sample ECB files in tests/fixtures/ecb on loopback"
    server_log=$(mktemp)
    trap 'kill "${loopback_server_pid:-}" 2>/dev/null || true; rm -f "$server_log"' EXIT
    loopback_server_start tests/fixtures/ecb "$server_log"
    port=$loopback_server_port
    export FXRATES_ECB_URL=http://127.0.0.1:$port
fi

step "fxrates init-db"
"$bin" init-db

step "fxrates fetch (from ${FXRATES_ECB_URL:-the ECB})"
if ! "$bin" fetch; then
    if [[ -z ${FXRATES_ECB_URL:-} ]]; then
        echo "The ECB could not be reached. To try fxrates offline, run: $0 --demo" >&2
    fi
    exit 1
fi

step "What is stored now (fxrates show)"
"$bin" show

step "To keep it up to date, add these lines to your crontab (crontab -e)"
cat <<CRON
FXRATES_DATABASE_URL="$FXRATES_DATABASE_URL"
CRON_TZ=Europe/Berlin
30 16 * * 1-5  $bin fetch --quiet
0  18 * * 1-5  $bin fetch --quiet
# Ten years: the record period tax law and auditors commonly ask for.
15 3 * * *     $bin clean --older-than 10y --quiet
0  19 * * 1-5  $bin status --quiet
CRON
echo "(crontab.example explains each line, MAILTO and the environment.)"
