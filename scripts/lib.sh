# shellcheck shell=bash
# Shell functions shared by the scripts; source it, don't run it. Finds the
# PostgreSQL server binaries the same way the test harness does
# (tests/it/common/pg.rs) and runs them as `postgres` when we are root, because
# PostgreSQL refuses to run as root; builds the release binary and the files
# made from it (manual pages, completions) the same way for every install.

# Prints the directory holding initdb and pg_ctl: $FXRATES_TEST_PG_BIN when
# set (failing unless it holds them), else `pg_config --bindir` if it has
# them, else the newest /usr/lib/postgresql/*/bin that does. Fails if none.
pg_bindir() {
    local dir
    if [[ -n ${FXRATES_TEST_PG_BIN:-} ]]; then
        dir=$FXRATES_TEST_PG_BIN
        [[ -x $dir/initdb && -x $dir/pg_ctl ]] || return 1
        printf '%s\n' "$dir"
        return 0
    fi
    if dir=$(pg_config --bindir 2>/dev/null) && [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
        printf '%s\n' "$dir"
        return 0
    fi
    while IFS= read -r dir; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
    return 1
}

is_root() {
    [[ $(id -u) == 0 ]]
}

# Runs a command as the postgres user when we are root, else as ourselves.
as_postgres() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Installs those of Debian's packages $2… that are missing, saying so in one
# line that gives reason $1 (apt's own output is shown only when it fails);
# fails when we are not root. Existing configuration files are kept.
ensure_debian_packages() {
    local why=$1 missing=() package
    shift
    for package in "$@"; do
        if [[ $(dpkg-query -W -f='${Status}' "$package" 2>/dev/null) != "install ok installed" ]]; then
            missing+=("$package")
        fi
    done
    ((${#missing[@]} > 0)) || return 0
    if ! is_root; then
        echo "missing ${missing[*]} ($why): install them (apt-get install ${missing[*]}) or run this as root" >&2
        return 1
    fi
    echo "installing ${missing[*]} ($why): apt-get install ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1
    local apt=(apt-get -q -y -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confold
        --no-install-recommends) log
    log=$(mktemp) || return 1
    if ! "${apt[@]}" install "${missing[@]}" >"$log" 2>&1 &&
        ! { "${apt[@]}" update && "${apt[@]}" install "${missing[@]}"; } >>"$log" 2>&1; then
        echo "apt-get install ${missing[*]} failed:" >&2
        tail -n 20 "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

# Makes sure the server binaries are installed, installing Debian's
# `postgresql` package when we are root, and that root can run them as
# `postgres`.
ensure_pg_server() {
    if [[ -n ${FXRATES_TEST_PG_BIN:-} ]] && ! pg_bindir >/dev/null; then
        echo "FXRATES_TEST_PG_BIN=$FXRATES_TEST_PG_BIN holds no initdb and pg_ctl" >&2
        exit 1
    fi
    if ! pg_bindir >/dev/null; then
        if is_root; then
            # The scripts and tests start clusters of their own: ask the
            # package not to create (and start) the system's main cluster.
            mkdir -p /etc/postgresql-common/createcluster.d
            echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/fxrates.conf
            if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
                echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
            fi
        fi
        ensure_debian_packages "PostgreSQL's server binaries, initdb and pg_ctl" postgresql || exit 1
        if ! pg_bindir >/dev/null; then
            echo "apt-get install postgresql did not provide initdb and pg_ctl" >&2
            exit 1
        fi
    fi
    if is_root; then
        if ! command -v runuser >/dev/null; then
            echo "runuser not found: install util-linux" >&2
            exit 1
        fi
        if ! id postgres >/dev/null 2>&1; then
            echo "no 'postgres' user to run the server as: reinstall postgresql-common" >&2
            exit 1
        fi
    fi
}

# Makes sure `promtool` is on PATH, which the tests of the status metrics and
# of deploy/prometheus run: installs Debian's `prometheus` package (it ships
# promtool) when we are root, without the Prometheus server running.
ensure_promtool() {
    if command -v promtool >/dev/null; then
        return 0
    fi
    ensure_debian_packages "promtool, for the tests of the metrics and the alert rules" prometheus || exit 1
    # Only promtool was wanted: stop and disable the server the package
    # enables where systemd runs.
    if [[ -d /run/systemd/system ]]; then
        systemctl disable --now prometheus.service >/dev/null 2>&1 || true
    fi
    if ! command -v promtool >/dev/null; then
        echo "apt-get install prometheus did not provide promtool" >&2
        exit 1
    fi
}

# Starts a private cluster in directory $1, which becomes private to the
# server's user (root can still reach it): data in $1/data, log in
# $1/postgres.log, a Unix socket in $1/socket named by port $2 (default
# 5432), trust for every local connection. Creates database $3 (default
# fxrates) unless it exists, and prints its libpq connection string. Options,
# before $1:
#   --tcp      also listen on 127.0.0.1, port $2;
#   --durable  keep fsync on (without it, durability is off: for throwaway
#              clusters).
# A directory that already holds a cluster keeps its data; one that runs is
# left running. The settings above are rewritten at every start, so a new
# port takes effect.
private_cluster_start() {
    local tcp='' durable=''
    while [[ ${1:-} == --* ]]; do
        case $1 in
        --tcp) tcp=1 ;;
        --durable) durable=1 ;;
        *)
            echo "private_cluster_start: unknown option $1" >&2
            return 2
            ;;
        esac
        shift
    done
    local base=$1 port=${2:-5432} dbname=${3:-fxrates} bindir socket include exists
    local fsync=off initdb_sync=(--no-sync) listen=''
    if [[ -n $durable ]]; then
        fsync=on initdb_sync=()
    fi
    if [[ -n $tcp ]]; then
        listen=127.0.0.1
    fi
    bindir=$(pg_bindir) || return 1
    socket=$base/socket
    if private_cluster_running "$base"; then
        private_cluster_url "$base" "$port" "$dbname"
        return
    fi
    if [[ ! -f $base/data/PG_VERSION ]]; then
        mkdir -p "$socket" || return 1
        chmod 700 "$base"
        if is_root; then
            chown -R postgres: "$base" || return 1
        fi
        (cd "$base" && as_postgres "$bindir/initdb" -D "$base/data" -A trust -U postgres -E UTF8 \
            --locale=C "${initdb_sync[@]}" >/dev/null) || return 1
    fi
    include="include_if_exists 'fxrates.conf'"
    if ! grep -qxF "$include" "$base/data/postgresql.conf"; then
        printf '%s\n' "$include" | (cd "$base" && as_postgres tee -a "$base/data/postgresql.conf" >/dev/null)
    fi
    printf "listen_addresses = '%s'\nport = %s\nunix_socket_directories = '%s'\nfsync = %s\n" \
        "$listen" "$port" "${socket//\'/\'\'}" "$fsync" |
        (cd "$base" && as_postgres tee "$base/data/fxrates.conf" >/dev/null)
    if ! (cd "$base" && as_postgres "$bindir/pg_ctl" -D "$base/data" -l "$base/postgres.log" \
        -w -t 60 start >/dev/null); then
        echo "pg_ctl start failed; end of $base/postgres.log:" >&2
        tail -n 20 "$base/postgres.log" >&2
        return 1
    fi
    exists=$("$bindir/psql" -X -q -At -h "$socket" -p "$port" -U postgres -d postgres \
        -v dbname="$dbname" <<<"SELECT 1 FROM pg_database WHERE datname = :'dbname'") || return 1
    if [[ -z $exists ]]; then
        "$bindir/createdb" -h "$socket" -p "$port" -U postgres "$dbname" || return 1
    fi
    private_cluster_url "$base" "$port" "$dbname"
}

# Prints the libpq connection string of database $3 of the cluster in $1
# listening on port $2, quoting a value that needs it.
private_cluster_url() {
    local base=$1 port=$2 dbname=$3
    printf 'host=%s port=%s user=postgres dbname=%s\n' \
        "$(conninfo_value "$base/socket")" "$port" "$(conninfo_value "$dbname")"
}

# Prints $1 as a libpq key=value value: as is, or quoted when it needs it.
conninfo_value() {
    local value=$1
    if [[ -n $value && $value != *[[:space:]\'\\=]* ]]; then
        printf '%s' "$value"
    else
        value=${value//\\/\\\\}
        printf "'%s'" "${value//\'/\\\'}"
    fi
}

# Whether the cluster private_cluster_start started in $1 runs.
private_cluster_running() {
    local base=$1 bindir
    bindir=$(pg_bindir) || return 1
    [[ -f $base/data/PG_VERSION ]] &&
        (cd "$base" && as_postgres "$bindir/pg_ctl" -D "$base/data" status >/dev/null 2>&1)
}

# Stops the cluster that private_cluster_start started in $1, if it runs.
private_cluster_stop() {
    local base=$1 bindir
    bindir=$(pg_bindir) || return 0
    if private_cluster_running "$base"; then
        (cd "$base" && as_postgres "$bindir/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null)
    fi
}

# Serves the files of directory $1 over HTTP on 127.0.0.1, on a free port,
# logging to $2. Sets loopback_server_pid and loopback_server_port; stop it
# with `kill "$loopback_server_pid"`.
loopback_server_start() {
    local dir=$1 log=$2
    : >"$log"
    (cd "$dir" && exec python3 -u -m http.server --bind 127.0.0.1 0) >"$log" 2>&1 &
    loopback_server_pid=$!
    loopback_server_port=
    for _ in $(seq 100); do
        if [[ $(<"$log") =~ port\ ([0-9]+) ]]; then
            loopback_server_port=${BASH_REMATCH[1]}
            return 0
        fi
        kill -0 "$loopback_server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$loopback_server_pid" 2>/dev/null || true
    echo "the HTTP server for $dir did not start; $log says:" >&2
    cat "$log" >&2
    return 1
}

# Builds the release binary with the locked dependencies, as every install
# (scripts/install.sh, the Debian package, the container image) does, and
# prints its path.
build_release() {
    cargo build --release --locked
    printf '%s\n' "${CARGO_TARGET_DIR:-target}/release/fxrates"
}

# Writes into directory $2 what the binary $1 generates about itself: the
# manual pages fxrates.1 and fxrates-COMMAND.1, and the completion scripts
# fxrates.bash, _fxrates (zsh) and fxrates.fish.
generate_man_and_completions() {
    local bin=$1 dir=$2 command
    mkdir -p "$dir"
    "$bin" man >"$dir/fxrates.1"
    while IFS= read -r command; do
        "$bin" man "$command" >"$dir/fxrates-$command.1"
    done < <("$bin" man --list)
    "$bin" completions bash >"$dir/fxrates.bash"
    "$bin" completions zsh >"$dir/_fxrates"
    "$bin" completions fish >"$dir/fxrates.fish"
}
