#!/usr/bin/env bash
# End-to-end check that crontab.example works under a real cron daemon.
#
#   scripts/cron-smoke.sh
#
# It builds the release binary, starts a private PostgreSQL cluster and a
# loopback mirror of tests/fixtures/ecb, runs `fxrates init-db`, and installs
# the current user's crontab made from crontab.example: every schedule
# rewritten to every minute, the database and ECB URLs pointed at the cluster
# and the mirror, the binary named by its absolute path, CRON_TZ removed,
# MAILTO empty, and each job's output appended to a log. It then waits (at
# most FXRATES_CRON_SMOKE_TIMEOUT seconds, default 90) until fetch_runs holds
# a successful fetch and a successful clean, and exits 0; or non-zero with the
# end of the logs.
#
# Installs Debian's `cron` package when missing and starts the daemon when it
# is not running (both need root). Whatever happens, it puts back the crontab
# that was there before (or none), stops the daemon only if it started it,
# and stops the cluster and the mirror.
#
# The crontab it replaces is first saved in /var/tmp/fxrates-cron-smoke-UID/
# (UID: the user's id), in a file named by the date, and removed from there
# only once it is back in place. A run that could not put it back (killed,
# power lost) leaves it there, and the next run restores it first, saying so,
# as long as the crontab in place is still the test one; if it is not, that
# run stops and leaves both be.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

timeout=${FXRATES_CRON_SMOKE_TIMEOUT:-90}
began=$SECONDS

say() { printf 'cron-smoke: %s\n' "$*" >&2; }

# Installs cron (without an MTA) when its daemon or crontab is missing.
ensure_cron() {
    if ! command -v cron >/dev/null || ! command -v crontab >/dev/null; then
        ensure_debian_packages "to run crontab.example under a cron daemon" cron || exit 1
    fi
}

# Where a run saves the crontab it replaces, per user: a directory that
# outlives the run and a reboot.
save_dir=/var/tmp/fxrates-cron-smoke-$(id -u)
# The first line of the test crontab: how a run knows the crontab in place
# is the one an earlier run installed.
marker="# fxrates cron-smoke: a test crontab; the one it replaced is saved in $save_dir"

# Makes save_dir if need be, and checks that it is ours alone: it holds a copy
# of the user's crontab, which a run installs.
open_save_dir() {
    [[ -e $save_dir || -L $save_dir ]] || mkdir -m 700 "$save_dir"
    if [[ -L $save_dir || ! -d $save_dir || ! -O $save_dir || $(stat -c %a "$save_dir") != 700 ]]; then
        say "$save_dir is not a directory of ours alone (mode 700): remove it, or fix it"
        exit 1
    fi
}

# Prints the crontab a run saved, if one is there; fails if there are several.
saved_crontab() {
    local saved=()
    shopt -s nullglob
    saved=("$save_dir"/crontab-* "$save_dir"/no-crontab-*)
    shopt -u nullglob
    if ((${#saved[@]} > 1)); then
        say "several saved crontabs in $save_dir: put back the right one (crontab FILE) and remove them"
        exit 1
    fi
    if ((${#saved[@]} == 1)); then
        printf '%s\n' "${saved[0]}"
    fi
}

# Saves the current crontab, or that there is none, in save_dir, on disk;
# prints the file.
save_crontab() {
    local saved stamp
    open_save_dir
    stamp=$(date +%Y-%m-%d-%H%M%S) || return 1
    if crontab -l >"$save_dir/.part" 2>/dev/null; then
        saved=$save_dir/crontab-$stamp
    else
        saved=$save_dir/no-crontab-$stamp
        : >"$save_dir/.part" || return 1
    fi
    sync "$save_dir/.part" && mv "$save_dir/.part" "$saved" && sync "$save_dir" || return 1
    printf '%s\n' "$saved"
}

# Puts back the crontab saved in file $1 (no-crontab-*: none), then removes $1.
restore_crontab() {
    local saved=$1
    case ${saved##*/} in
    no-crontab-*) crontab -r 2>/dev/null || ! crontab -l >/dev/null 2>&1 ;;
    *) crontab "$saved" ;;
    esac || {
        say "could not put back your crontab: it is kept in $saved"
        return 1
    }
    rm -f "$saved"
    rmdir "$save_dir" 2>/dev/null || true
}

# Puts back the crontab an interrupted run saved, unless the crontab in place
# is neither that run's test crontab, nor none, nor the saved one: then the
# user has set one since, and which to keep is theirs to say.
restore_interrupted_run() {
    local saved current=$save_dir/.current
    [[ -e $save_dir || -L $save_dir ]] || return 0
    open_save_dir
    saved=$(saved_crontab) || exit 1
    [[ -n $saved ]] || return 0
    if crontab -l >"$current" 2>/dev/null && ! grep -qxF "$marker" "$current" &&
        ! cmp -s "$current" "$saved"; then
        rm -f "$current"
        say "$saved holds the crontab an interrupted run replaced, but the one in place is not its test crontab: keep one (crontab $saved), remove $saved, and run again"
        exit 1
    fi
    rm -f "$current"
    say "an earlier run was interrupted: putting back the crontab it saved in $saved"
    restore_crontab "$saved" || exit 1
}

# The pid of a running cron daemon, from its pidfile or by name; fails if none.
running_cron_pid() {
    local pid pidfile
    for pidfile in /var/run/crond.pid /run/crond.pid; do
        if [[ -r $pidfile ]] && read -r pid <"$pidfile" && [[ $pid =~ ^[0-9]+$ ]] &&
            [[ $(cat "/proc/$pid/comm" 2>/dev/null) == cron* ]]; then
            printf '%s\n' "$pid"
            return 0
        fi
    done
    if command -v pidof >/dev/null && pid=$(pidof -s cron crond); then
        printf '%s\n' "$pid"
        return 0
    fi
    return 1
}

ensure_pg_server
ensure_cron
restore_interrupted_run
bindir=$(pg_bindir)

say "building the release binary"
binary=$(build_release)
binary=$(cd "$(dirname "$binary")" && pwd)/fxrates

work=$(mktemp -d "${TMPDIR:-/tmp}/fxrates-cron-smoke.XXXXXX")
cluster=$(mktemp -d "${TMPDIR:-/tmp}/fxrates-cron-smoke-pg.XXXXXX")
if [[ $work$cluster$binary =~ [[:space:]\'\"\\%] ]]; then
    say "paths with spaces, quotes, backslashes or % are not supported: $work $cluster $binary"
    rm -rf "$work" "$cluster"
    exit 1
fi
saved=
cron_pid=
mirror_pid=
ok=

cleanup() {
    local status=$?
    set +e
    if [[ -n $saved ]] && ! restore_crontab "$saved" && ((status == 0)); then
        status=1
    fi
    if [[ -n $cron_pid ]]; then
        kill "$cron_pid" 2>/dev/null
        wait "$cron_pid" 2>/dev/null
        # The daemon leaves its pidfile behind; remove it only if it is ours.
        if [[ $(cat /var/run/crond.pid 2>/dev/null) == "$cron_pid" ]]; then
            rm -f /var/run/crond.pid
        fi
    fi
    if [[ -n $mirror_pid ]]; then
        kill "$mirror_pid" 2>/dev/null
        wait "$mirror_pid" 2>/dev/null
    fi
    if [[ -z $ok ]]; then
        ((status != 0)) || status=1
        say "FAILED after $((SECONDS - began))s"
        if [[ -f $cluster/data/postmaster.pid ]]; then
            echo "--- fetch_runs ---" >&2
            "$bindir/psql" -X -P pager=off -d "${db_url:-}" \
                -c 'SELECT * FROM fetch_runs ORDER BY id' >&2 2>&1
        fi
        for log in "$work/crontab" "$work/jobs.log" "$work/cron.log" "$work/mirror.log" \
            "$cluster/postgres.log"; do
            if [[ -s $log ]]; then
                echo "--- $log (tail) ---" >&2
                tail -n 25 "$log" >&2
            fi
        done
        echo "(cron logs to syslog: see /var/log/syslog or journalctl -u cron, if either exists)" >&2
    fi
    private_cluster_stop "$cluster"
    rm -rf "$work" "$cluster"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

say "starting a private PostgreSQL cluster"
db_url=$(private_cluster_start "$cluster")

say "serving tests/fixtures/ecb on loopback"
loopback_server_start tests/fixtures/ecb "$work/mirror.log"
mirror_pid=$loopback_server_pid
port=$loopback_server_port
mirror_url=http://127.0.0.1:$port

export FXRATES_DATABASE_URL=$db_url FXRATES_ECB_URL=$mirror_url
"$binary" init-db --quiet
# Fail now, not after the wait, if the database or the mirror is unusable.
"$binary" fetch --dry-run >/dev/null

say "installing the crontab made from crontab.example"
jobs=0
printf '%s\n' "$marker" >"$work/crontab"
while IFS= read -r line; do
    case $line in
    CRON_TZ=*) continue ;;
    MAILTO=*) line='MAILTO=""' ;;
    FXRATES_DATABASE_URL=*)
        line="FXRATES_DATABASE_URL=\"$db_url\""$'\n'"FXRATES_ECB_URL=\"$mirror_url\""
        ;;
    [0-9*@]*)
        read -r _ _ _ _ _ command <<<"$line"
        if [[ $command != "fxrates "* ]]; then
            say "crontab.example: a job that does not run fxrates: $line"
            exit 1
        fi
        line="* * * * * $binary ${command#fxrates } >>$work/jobs.log 2>&1"
        jobs=$((jobs + 1))
        ;;
    esac
    printf '%s\n' "$line"
done <crontab.example >>"$work/crontab"
if ((jobs == 0)) || ! grep -q '^FXRATES_ECB_URL=' "$work/crontab"; then
    say "crontab.example has no jobs or no FXRATES_DATABASE_URL line"
    exit 1
fi
saved=$(save_crontab) || {
    say "could not save the current crontab in $save_dir"
    exit 1
}
crontab "$work/crontab"

if cron_pid=$(running_cron_pid); then
    say "cron is already running (pid $cron_pid); leaving it be"
    cron_pid=
elif ! is_root; then
    say "cron is not running and only root can start it"
    exit 1
else
    say "starting cron"
    cron -f -L 15 >"$work/cron.log" 2>&1 &
    cron_pid=$!
fi

say "waiting up to ${timeout}s for cron to run fetch and clean ($jobs jobs, every minute)"
waited_from=$SECONDS
deadline=$((SECONDS + timeout))
summary="SELECT count(*) FILTER (WHERE command = 'fetch' AND ok),
                count(*) FILTER (WHERE command = 'clean' AND ok),
                coalesce(string_agg(command || ': ' || error, '; ') FILTER (WHERE NOT ok), '')
           FROM fetch_runs"
while :; do
    IFS='|' read -r fetched cleaned failures < <("$bindir/psql" -X -q -At -d "$db_url" -c "$summary")
    if [[ -n $failures ]]; then
        say "a job failed: $failures"
        exit 1
    fi
    if ((fetched > 0 && cleaned > 0)); then
        break
    fi
    if [[ -n $cron_pid ]] && ! kill -0 "$cron_pid" 2>/dev/null; then
        say "cron exited"
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        say "no successful fetch and clean in fetch_runs after ${timeout}s"
        exit 1
    fi
    sleep 2
done

ok=1
say "ok: cron ran fetch and clean after $((SECONDS - waited_from))s of waiting ($((SECONDS - began))s in all)"
