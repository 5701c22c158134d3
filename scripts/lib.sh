# shellcheck shell=bash
# Shell functions shared by scripts/test.sh and scripts/dev-db.sh; source it,
# don't run it. Finds the PostgreSQL server binaries the same way the test
# harness does (tests/common/pg.rs) and runs them as `postgres` when we are
# root, because PostgreSQL refuses to run as root.

# Prints the directory holding initdb and pg_ctl: `pg_config --bindir` if it
# has them, else the newest /usr/lib/postgresql/*/bin that does. Fails if none.
pg_bindir() {
    local dir
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

# Makes sure the server binaries are installed, installing Debian's
# `postgresql` package when we are root, and that root can run them as
# `postgres`.
ensure_pg_server() {
    if ! pg_bindir >/dev/null; then
        if ! is_root; then
            echo "PostgreSQL server binaries (initdb, pg_ctl) not found." >&2
            echo "Install them, e.g. 'sudo apt-get install postgresql', or run this script as root." >&2
            exit 1
        fi
        echo "Installing PostgreSQL server binaries (apt-get install postgresql)..." >&2
        # The tests start clusters of their own: ask the package not to create
        # (and start) the system's main cluster.
        mkdir -p /etc/postgresql-common/createcluster.d
        echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/fxrates.conf
        if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
            echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
        fi
        export DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1
        apt-get update -q
        apt-get install -y -q -o Dpkg::Options::=--force-confold postgresql
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
