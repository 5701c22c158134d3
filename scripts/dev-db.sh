#!/usr/bin/env bash
# A private PostgreSQL cluster for trying fxrates by hand:
#
#   scripts/dev-db.sh start    # start it (idempotent), create database fxrates, print its URL
#   export FXRATES_DATABASE_URL="$(scripts/dev-db.sh url)"
#   scripts/dev-db.sh status   # running or not, and where the data is
#   scripts/dev-db.sh stop
#
# It listens on 127.0.0.1, port ${FXRATES_DEV_DB_PORT:-54329}, and on a private
# socket directory, and trusts every local connection. Its state is kept in
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

# Sets base, port, data, socket and log from .dev-db/env; fails if there is none.
load_env() {
    base='' port=''
    if [[ -f $env_file ]]; then
        # shellcheck source=/dev/null
        . "$env_file"
    fi
    [[ -n $base && -n $port ]] || return 1
    data=$base/data
    socket=$base/socket
    log=$base/postgres.log
}

# Picks where the cluster lives and records it with the port in .dev-db/env.
setup_env() {
    if load_env && [[ -d $base ]]; then
        if running; then
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
        mkdir -p "$base/socket"
        if is_root; then
            chown -R postgres: "$base"
        fi
    fi
    port=${FXRATES_DEV_DB_PORT:-54329}
    printf 'base=%q\nport=%q\n' "$base" "$port" >"$env_file"
    load_env
}

# Runs a command as the server's user (postgres when we are root) from a
# directory that user can read.
in_base() {
    (cd "$base" && as_postgres "$@")
}

pg_ctl() {
    in_base "$bindir/pg_ctl" -D "$data" "$@"
}

running() {
    [[ -d $data ]] && pg_ctl status >/dev/null 2>&1
}

# Quotes a libpq key=value value when it needs it.
conninfo_value() {
    local value=$1
    if [[ -n $value && $value != *[[:space:]\'\\=]* ]]; then
        printf '%s' "$value"
    else
        value=${value//\\/\\\\}
        printf "'%s'" "${value//\'/\\\'}"
    fi
}

url() {
    printf 'host=%s port=%s user=postgres dbname=%s\n' "$(conninfo_value "$socket")" "$port" "$dbname"
}

start() {
    ensure_pg_server
    bindir=$(pg_bindir)
    setup_env
    if running; then
        url
        return
    fi
    if [[ ! -f $data/PG_VERSION ]]; then
        in_base "$bindir/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
        echo "include_if_exists 'fxrates-dev.conf'" | in_base tee -a "$data/postgresql.conf" >/dev/null
    fi
    # Rewritten at every start, so FXRATES_DEV_DB_PORT takes effect.
    printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\n" \
        "$port" "${socket//\'/\'\'}" | in_base tee "$data/fxrates-dev.conf" >/dev/null
    if ! pg_ctl -w -t 60 -l "$log" start >/dev/null; then
        echo "pg_ctl start failed; end of $log:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    local exists
    exists=$("$bindir/psql" -X -q -At -h "$socket" -p "$port" -U postgres -d postgres \
        -c "select 1 from pg_database where datname = '$dbname'")
    if [[ -z $exists ]]; then
        "$bindir/createdb" -h "$socket" -p "$port" -U postgres "$dbname"
    fi
    url
}

stop() {
    if ! load_env; then
        echo "not set up: nothing to stop" >&2
        return
    fi
    bindir=$(pg_bindir)
    if running; then
        pg_ctl -m fast -w stop >/dev/null
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
    bindir=$(pg_bindir)
    if running; then
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
