#!/usr/bin/env bash
# A private PostgreSQL cluster for trying fxrates by hand:
#
#   scripts/dev-db.sh start    # start it (idempotent), create database fxrates, print its URL
#   export FXRATES_DATABASE_URL="$(scripts/dev-db.sh url)"
#   scripts/dev-db.sh status   # running or not, and where the data is
#   scripts/dev-db.sh stop
#
# It is the scripts' private cluster (private_cluster_start in scripts/lib.sh),
# kept between starts with fsync on, and it listens on 127.0.0.1, port
# ${FXRATES_DEV_DB_PORT:-54329}, as well as on a private socket directory, and
# trusts every local connection. Its state is kept in
# .dev-db/ (ignored by git). When run as root the server runs as `postgres`;
# if that user cannot reach the checkout (e.g. one under /root), the data goes
# to a directory under the temp dir, recorded in .dev-db/env.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

state=$PWD/.dev-db
env_file=$state/env
dbname=fxrates

usage() {
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
}

# Sets base, port and data from .dev-db/env; fails if there is none.
load_env() {
    base='' port=''
    if [[ -f $env_file ]]; then
        # shellcheck source=/dev/null
        . "$env_file"
    fi
    [[ -n $base && -n $port ]] || return 1
    data=$base/data
}

# Picks where the cluster lives and records it with the port in .dev-db/env.
setup_env() {
    if load_env && [[ -d $base ]]; then
        if private_cluster_running "$base"; then
            return # keep the port it listens on
        fi
    else
        mkdir -p "$state"
        base=$state/cluster
        # A unix socket path must stay under ~107 bytes.
        local suffix=/socket/.s.PGSQL.65535
        if ((${#base} + ${#suffix} > 100)) || { is_root && ! runuser -u postgres -- test -x "$state"; }; then
            base=$(mktemp -d "${TMPDIR:-/tmp}/fxrates-dev-db.XXXXXX")
        fi
        mkdir -p "$base"
    fi
    port=${FXRATES_DEV_DB_PORT:-54329}
    printf 'base=%q\nport=%q\n' "$base" "$port" >"$env_file"
    load_env
}

url() {
    private_cluster_url "$base" "$port" "$dbname"
}

start() {
    ensure_pg_server
    setup_env
    # Durable: the data is kept from one start to the next.
    private_cluster_start --tcp --durable "$base" "$port" "$dbname"
}

stop() {
    if ! load_env; then
        echo "not set up: nothing to stop" >&2
        return
    fi
    if private_cluster_running "$base"; then
        private_cluster_stop "$base"
        echo "stopped (data kept in $data)" >&2
    else
        echo "not running" >&2
    fi
}

status() {
    if ! load_env; then
        echo "not set up: run $0 start" >&2
        exit 3
    fi
    if private_cluster_running "$base"; then
        echo "running: $(url)"
        echo "data: $data"
    else
        echo "stopped (data: $data)"
        exit 3
    fi
}

[[ $# == 1 ]] || usage
case $1 in
start) start ;;
stop) stop ;;
status) status ;;
url)
    if ! load_env; then
        echo "not set up: run $0 start" >&2
        exit 1
    fi
    url
    ;;
*) usage ;;
esac
