#!/usr/bin/env bash
# Whole-process benchmark of fxrates against what PostgreSQL itself can do,
# measured side by side in one run, so that every figure is a ratio that
# holds on a busy or a slow machine alike.
#
#   scripts/bench.sh            # about 10 runs per case
#   scripts/bench.sh --quick    # 3 runs per case: a smoke check
#
# It builds the release binary, starts a private PostgreSQL cluster and a
# loopback HTTP server (python3 http.server) serving a generated ECB history
# (every TARGET business day since 1999-01-04 up to today by fxrates's own
# calendar, about 31 currencies whose set changes over the years, about
# 220,000 rates in 9 MB) and the matching daily and 90-day files, and writes
# the same rows as CSV: examples/synthetic_history.rs makes them.
# Then, with hyperfine (median wall time) and /usr/bin/time -v (peak RSS):
#
#   1. full history: `fetch --from 1999-01-04` into an empty `rates`, against
#      psql's `\copy` of the same rows into the same empty table;
#   2. unchanged re-run: the same fetch into the filled table, against the
#      same `\copy`; pg_stat_user_tables must show no row of `rates`
#      inserted or updated (fetch_runs gets its one row per run by design and
#      is not counted);
#   3. daily run: `fetch --date D` of the newest day (about 30 rates, from
#      eurofxref-daily.xml), as a new day and as an unchanged re-run;
#   4. clean: `clean --older-than 100d` (about 99% of the rows) against a
#      plain `DELETE … WHERE rate_date < …` of the same rows of `rates`
#      (with fxrates's triggers off, so without the map kept);
#   then eleven more sources of the ECB history's size are stored beside it
#   (central banks' shape: each prices the others in its own currency), and
#   on that database of twelve sources:
#   5. ledgers of 100,000 and 1,000,000 amounts on random calendar days
#      (weekends included) converted to euros in one statement: through
#      `fx_daily` against the exact-date equi-join to `rates` (which drops
#      every weekend row), and the naive `LATERAL … ORDER BY rate_date DESC
#      LIMIT 1` for comparison;
#   6. `fx_convert` per call, 10,000 calls in one statement: a pair printed
#      as asked, the reverse of one, a cross pair, and without a source;
#      against one primary-key probe of `rates` written as a bare SQL
#      function (the least a call of a SQL function can cost); both net of
#      the same statement without the call;
#   7. `show`, `convert` and `status` on the full history (twelve sources)
#      against the same commands on a database holding one day;
#   8. the size of the read model (`fx_days`) beside `rates`.
#
# Case 1's and 2's limit is `\copy` of the rates a full-history fetch
# writes, with fxrates's triggers off: the bare table, without the map
# that the triggers keep.
#
# It prints one table with the targets and whether each is met. A missed
# target is reported, not an error: the exit status is non-zero only when the
# benchmark itself could not run. Installs Debian's hyperfine and time when
# missing (as root). Everything it starts is stopped and everything it writes
# is removed on exit, failure included.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

runs=10
daily_runs=30
rss_runs=5
case ${1:-} in
"") ;;
--quick)
    runs=3
    daily_runs=5
    rss_runs=2
    ;;
*)
    echo "usage: $0 [--quick]" >&2
    exit 2
    ;;
esac

say() { printf 'bench: %s\n' "$*" >&2; }

# Installs Debian's hyperfine, time, python3 and psql when missing.
ensure_bench_tools() {
    local missing=()
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    [[ -x /usr/bin/time ]] || missing+=(time)
    command -v python3 >/dev/null || missing+=(python3)
    command -v psql >/dev/null || missing+=(postgresql-client)
    ((${#missing[@]} == 0)) || ensure_debian_packages "for the benchmark" "${missing[@]}" || exit 1
}

ensure_pg_server
ensure_bench_tools

say "building the release binary"
cargo build --release --locked --quiet
fxrates=$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)/fxrates

work=$(mktemp -d "${TMPDIR:-/tmp}/fxrates-bench.XXXXXX")
cluster=$(mktemp -d "${TMPDIR:-/tmp}/fxrates-bench-pg.XXXXXX")
if [[ $work$cluster$fxrates =~ [[:space:]\'\"\\] ]]; then
    say "paths with spaces, quotes or backslashes are not supported: $work $cluster $fxrates"
    rm -rf "$work" "$cluster"
    exit 1
fi
server_pid=

cleanup() {
    local status=$?
    set +e
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    if ((status != 0)) && [[ -s $cluster/postgres.log ]]; then
        echo "--- end of the PostgreSQL log ---" >&2
        tail -n 20 "$cluster/postgres.log" >&2
    fi
    private_cluster_stop "$cluster"
    rm -rf "$work" "$cluster"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

today=$(date -u +%F)
cutoff=$(date -u -d "$today - 100 days" +%F)

say "generating the ECB files and the CSV of the same rows"
mkdir -p "$work/www"
cargo run --release --locked --quiet --example synthetic_history -- \
    "$work/www" "$work/rates.csv" "$today" >"$work/generated"
read -r history_days history_rates newest_day newest_rates <"$work/generated"
say "$history_days days, $history_rates rates, $(du -h "$work/www/eurofxref-hist.xml" | cut -f1)B of XML; newest day $newest_day ($newest_rates rates)"

say "starting a private PostgreSQL cluster"
db_url=$(private_cluster_start "$cluster")
export FXRATES_DATABASE_URL=$db_url
export PGHOST=$cluster/socket PGPORT=5432 PGUSER=postgres PGDATABASE=fxrates
# The benchmark decides when tables are vacuumed (in each run's preparation),
# so that no autovacuum lands in the middle of one command's runs.
psql -X -q -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null

say "serving the generated files on loopback"
loopback_server_start "$work/www" "$work/server.log"
server_pid=$loopback_server_pid
port=$loopback_server_port
export FXRATES_ECB_URL=http://127.0.0.1:$port FXRATES_HTTP_RETRIES=0

"$fxrates" init-db --quiet

# Preparations, as small scripts so that hyperfine runs the measured commands
# without a shell in between (-N). Each ends with a CHECKPOINT, so that no
# command pays for writing out the previous run's pages, and a pause, so that
# the preparing session's server process has exited before the run starts.
prep() {
    local name=$1
    shift
    {
        echo '#!/bin/sh'
        if (($# > 0)); then
            echo 'psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL || exit 1'
            printf '%s\n' "$@" 'CHECKPOINT;'
            echo 'SQL'
        fi
        echo 'sleep 0.2'
    } >"$work/$name"
    chmod +x "$work/$name"
}
prep empty 'TRUNCATE rates, fetch_runs, fx_days, publications;'
prep runs 'TRUNCATE fetch_runs;'
# An unchanged daily run needs nothing prepared: fetch_runs grows by a row
# a run, as it does under cron.
prep settle
prep new-day "DELETE FROM rates WHERE rate_date = '$newest_day';" 'TRUNCATE fetch_runs;' 'VACUUM rates;'
prep seeded 'TRUNCATE rates, fetch_runs;' 'INSERT INTO rates SELECT * FROM rates_seed;' \
    'VACUUM ANALYZE rates, fx_days;'
# The limits: the same rows into (or out of) the bare table, fxrates's
# triggers (which keep fx_days) off for the statement.
printf '%s\n' 'ALTER TABLE rates DISABLE TRIGGER USER;' \
    "\\copy rates (source, rate_date, base, quote, rate) FROM '$work/rates.csv' CSV" \
    'ALTER TABLE rates ENABLE TRIGGER USER;' >"$work/copy.sql"
printf '%s\n' 'ALTER TABLE rates DISABLE TRIGGER USER;' \
    "DELETE FROM rates WHERE rate_date < '$cutoff';" \
    'ALTER TABLE rates ENABLE TRIGGER USER;' >"$work/delete.sql"

# bench NAME RUNS PREPARE COMMAND...: the median wall time in seconds.
bench() {
    local name=$1 count=$2 prepare=$3
    shift 3
    say "$name: hyperfine, $count runs"
    hyperfine -N --style basic --warmup 1 --runs "$count" --prepare "$work/$prepare" \
        --export-json "$work/$name.json" "$*" >"$work/$name.hyperfine" 2>&1 || {
        cat "$work/$name.hyperfine" >&2
        return 1
    }
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
        "$work/$name.json"
}

# peak_rss PREPARE COMMAND...: the largest peak RSS in KiB over several runs.
peak_rss() {
    local prepare=$1 max=0 kib
    shift
    for _ in $(seq "$rss_runs"); do
        "$work/$prepare"
        /usr/bin/time -v -o "$work/time.out" "$@" >/dev/null
        kib=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/time.out")
        ((kib > max)) && max=$kib
    done
    echo "$max"
}

# The row counts pg_stat_user_tables holds for `rates`: inserted and updated.
rates_writes() {
    # Each backend sends its counts when it exits; give the last one a moment.
    sleep 1
    psql -X -At -F ' ' -c "SELECT n_tup_ins, n_tup_upd FROM pg_stat_user_tables WHERE relid = 'rates'::regclass"
}

# A digest of every row of `rates`, to check that fxrates stored what \copy does.
rates_digest() {
    psql -X -At -c "SELECT count(*) || ' ' || md5(string_agg(concat_ws(',', source, rate_date, base, quote, rate), ';' ORDER BY source, rate_date, base, quote)) FROM rates"
}

results=$work/results
: >"$results"
# record CASE FXRATES_SECONDS LIMIT_SECONDS PEAK_KIB MAX_RATIO MAX_MS MAX_MIB REWRITTEN NOTE:
# one row of the table; an empty target is not checked.
record() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"
}

history=(fetch --quiet --from 1999-01-04)
copy=(psql -X -q -f "$work/copy.sql")

# 1. Full history into an empty table.
t_history=$(bench history "$runs" empty "$fxrates" "${history[@]}")
fetched=$(rates_digest)
fx_days_rows=$(psql -X -At -c 'SELECT count(*) FROM fx_days')
t_copy=$(bench copy "$runs" empty "${copy[@]}")
copied=$(rates_digest)
if [[ $fetched != "$copied" ]]; then
    say "fxrates stored other rows than \\copy: $fetched (rows, md5) against $copied"
    exit 1
fi
rss_history=$(peak_rss empty "$fxrates" "${history[@]}")
record "full history ($history_rates rates, $fx_days_rows days mapped)" "$t_history" "$t_copy" "$rss_history" 1.2 "" 64 "" ""

# 2. The same fetch again: every row unchanged.
"$work/empty"
"$fxrates" "${history[@]}"
psql -X -q -c 'VACUUM ANALYZE rates, fx_days' -c 'CREATE TABLE rates_seed AS SELECT * FROM rates'
read -r ins_before upd_before < <(rates_writes)
t_rerun=$(bench rerun "$runs" runs "$fxrates" "${history[@]}")
read -r ins_after upd_after < <(rates_writes)
rerun_runs=$((runs + 1))
rss_rerun=$(peak_rss runs "$fxrates" "${history[@]}")
summary=$("$fxrates" fetch --from 1999-01-04)
rewritten=$((ins_after - ins_before + upd_after - upd_before))
record "unchanged re-run" "$t_rerun" "$t_copy" "$rss_rerun" 0.6 "" 64 "$rewritten" \
    "rates rows written in $rerun_runs runs: $((ins_after - ins_before)) inserted, $((upd_after - upd_before)) updated (fetch_runs gets one row per run by design and is not counted)"
if [[ $summary != *" 0 inserted, 0 updated, "* ]]; then
    say "the unchanged re-run reported writes: $summary"
fi

# 3. A daily run: one day, new and unchanged.
daily=(fetch --quiet --date "$newest_day")
t_new_day=$(bench new-day "$daily_runs" new-day "$fxrates" "${daily[@]}")
rss_new_day=$(peak_rss new-day "$fxrates" "${daily[@]}")
record "daily run, new day ($newest_rates rates)" "$t_new_day" "" "$rss_new_day" "" 15 10 "" ""
t_same_day=$(bench same-day "$daily_runs" settle "$fxrates" "${daily[@]}")
rss_same_day=$(peak_rss settle "$fxrates" "${daily[@]}")
record "daily run, unchanged" "$t_same_day" "" "$rss_same_day" "" 15 10 "" ""

# 4. Clean about 99% of the rows.
"$work/seeded"
to_delete=$(psql -X -At -c "SELECT count(*) FROM rates WHERE rate_date < '$cutoff'")
t_clean=$(bench clean "$runs" seeded "$fxrates" clean --quiet --older-than 100d)
t_delete=$(bench delete "$runs" seeded psql -X -q -f "$work/delete.sql")
rss_clean=$(peak_rss seeded "$fxrates" clean --quiet --older-than 100d)
record "clean ($to_delete of $history_rates rates)" "$t_clean" "$t_delete" "$rss_clean" 1.2 "" "" "" ""

# Eleven more sources of the ECB history's size, each a central bank
# pricing the others in its own currency; the ledgers.
"$work/seeded"
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
INSERT INTO rates (source, rate_date, base, quote, rate)
SELECT s.name, r.rate_date, r.quote, s.home, round(r.rate * s.k, 4)
  FROM rates r
 CROSS JOIN (VALUES ('cnb', 'CZK', 1.1), ('nbp', 'PLN', 1.2), ('boc', 'CAD', 1.3), ('mnb', 'HUF', 1.4),
                    ('nbu', 'UAH', 1.5), ('rba', 'AUD', 1.6), ('riksbank', 'SEK', 1.7),
                    ('norgesbank', 'NOK', 1.8), ('boe', 'GBP', 1.9), ('boi', 'ILS', 2.1),
                    ('tcmb', 'TRY', 2.2)) AS s (name, home, k)
 WHERE r.source = 'ecb' AND r.quote <> s.home;
CREATE TABLE ledger AS
SELECT DATE '1999-01-04' + (random() * (DATE '$newest_day' - DATE '1999-01-04'))::int AS day,
       (ARRAY['USD','JPY','GBP','CHF','SEK','NOK','DKK','AUD','CAD'])[1 + (random() * 8)::int]::char(3) AS cur,
       round((random() * 10000)::numeric, 2) AS amount
  FROM generate_series(1, 1000000);
CREATE TABLE ledger_100k AS SELECT * FROM ledger LIMIT 100000;
CREATE TABLE ledger_sample AS SELECT * FROM ledger LIMIT 10000;
-- The least a call can cost: one primary-key probe of rates, in a bare SQL function.
CREATE FUNCTION bench_probe(b char(3), q char(3), d date) RETURNS numeric
    LANGUAGE sql STABLE STRICT
BEGIN ATOMIC
    SELECT r.rate FROM rates r
     WHERE r.source = 'ecb' AND r.rate_date = d AND r.base = b AND r.quote = q AND r.series = 'mid';
END;
VACUUM ANALYZE;
CHECKPOINT;
SQL
sources_stored=$(psql -X -At -c 'SELECT count(*) FROM fx_stored_sources()')
rates_stored=$(psql -X -At -c 'SELECT count(*) FROM rates')

# 5. Ledgers of 100,000 and 1,000,000 amounts on random calendar days, to euros.
query() { printf '%s\n' "$2" >"$work/$1.sql"; }
for ledger in ledger_100k ledger; do
    query "equi-$ledger" "SELECT count(*), sum(l.amount / r.rate) FROM $ledger l JOIN rates r
  ON r.source = 'ecb' AND r.base = 'EUR' AND r.quote = l.cur AND r.rate_date = l.day;"
    query "daily-$ledger" "SELECT count(*), sum(l.amount * r.rate) FROM $ledger l JOIN fx_daily r
  ON r.source = 'ecb' AND r.base = l.cur AND r.quote = 'EUR' AND r.day = l.day;"
    query "lateral-$ledger" "SELECT count(*), sum(l.amount / r.rate) FROM $ledger l CROSS JOIN LATERAL (
  SELECT rate FROM rates WHERE source = 'ecb' AND base = 'EUR' AND quote = l.cur AND rate_date <= l.day
  ORDER BY rate_date DESC LIMIT 1) r;"
    read -r equi_rows daily_rows < <(psql -X -At -F ' ' -c "SELECT
        (SELECT count(*) FROM $ledger l JOIN rates r ON r.source = 'ecb' AND r.base = 'EUR' AND r.quote = l.cur AND r.rate_date = l.day),
        (SELECT count(*) FROM $ledger l JOIN fx_daily r ON r.source = 'ecb' AND r.base = l.cur AND r.quote = 'EUR' AND r.day = l.day)")
    t_equi=$(bench "equi-$ledger" "$runs" settle psql -X -q -o /dev/null -f "$work/equi-$ledger.sql")
    t_daily=$(bench "daily-$ledger" "$runs" settle psql -X -q -o /dev/null -f "$work/daily-$ledger.sql")
    t_lateral=$(bench "lateral-$ledger" 3 settle psql -X -q -o /dev/null -f "$work/lateral-$ledger.sql")
    record "ledger of $(psql -X -At -c "SELECT count(*) FROM $ledger") rows through fx_daily ($daily_rows rows matched)" \
        "$t_daily" "$t_equi" 0 1.3 "" "" "" \
        "the exact-date equi-join matches $equi_rows rows (no weekend): per row matched, fx_daily takes $(python3 -c "print(f'{($t_daily / $daily_rows) / ($t_equi / $equi_rows):.2f}')")x; the naive LATERAL takes $(python3 -c "print(f'{$t_lateral / $t_equi:.1f}')")x"
done

# 6. fx_convert per call, 10,000 calls in one statement. Each figure is net
# of the same statement without the call (psql's start, the scan, the sum).
query bare "SELECT count(*), sum(amount) FROM ledger_sample;"
query probe "SELECT count(*), sum(bench_probe('EUR', cur, day)) FROM ledger_sample;"
t_bare=$(bench bare "$runs" settle psql -X -q -o /dev/null -f "$work/bare.sql")
net() { python3 -c "print(max($1 - $t_bare, 1e-6))"; }
t_probe=$(net "$(bench probe "$runs" settle psql -X -q -o /dev/null -f "$work/probe.sql")")
per_call() { python3 -c "print(f'{$1 * 1e6 / 10000:.1f}')"; }
for call in "printed:amount, 'EUR', cur, day, 'ecb':100" "reversed:amount, cur, 'EUR', day, 'ecb':100" \
    "cross:amount, cur, 'CHF', day, 'ecb':200" "order:amount, cur, 'EUR', day:"; do
    IFS=: read -r name args max_ms <<<"$call"
    query "convert-$name" "SELECT count(*), sum(fx_convert($args)) FROM ledger_sample;"
    t_convert=$(net "$(bench "convert-$name" "$runs" settle psql -X -q -o /dev/null -f "$work/convert-$name.sql")")
    record "fx_convert($args), 10,000 calls" "$t_convert" "$t_probe" 0 "" "$max_ms" "" "" \
        "$name: $(per_call "$t_convert") µs a call; one probe in a bare SQL function: $(per_call "$t_probe") µs"
done

# 7. Reads: the full history (twelve sources) against one day.
psql -X -q -c "CREATE DATABASE fxrates_day"
# URLs without spaces: hyperfine -N splits a command at each.
full_url="postgresql:///fxrates?host=$cluster/socket&port=5432&user=postgres"
day_url="postgresql:///fxrates_day?host=$cluster/socket&port=5432&user=postgres"
"$fxrates" --database-url "$day_url" init-db --quiet
"$fxrates" --database-url "$day_url" fetch --quiet --date "$newest_day"
reads=("show USD --format value" "convert 100 USD JPY" "status --max-age 100y")
for read in "${reads[@]}"; do
    # shellcheck disable=SC2086 # the words of a command line
    {
        t_full=$(bench "full-$read" "$daily_runs" settle "$fxrates" --database-url "$full_url" $read)
        t_day=$(bench "day-$read" "$daily_runs" settle "$fxrates" --database-url "$day_url" $read)
    }
    record "$read: full history, $sources_stored sources" "$t_full" "$t_day" 0 1.3 "" "" "" ""
done

# 8. What the read model stores beside rates.
read -r map_rows map_share < <(psql -X -At -F ' ' -c "SELECT (SELECT count(*) FROM fx_days),
    round(100.0 * pg_total_relation_size('fx_days') / pg_total_relation_size('rates'), 1)")
record "read model beside $rates_stored rates" 0 "" 0 "" "" "" "" \
    "fx_days holds $map_rows rows, $map_share% of the size of rates (target <= 10%)"
if python3 -c "import sys; sys.exit(0 if $map_share <= 10 else 1)"; then :; else
    say "the read model is $map_share% of the size of rates, over the 10% target"
fi

# The machine, then the table.
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
ram=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
pg=$(psql -X -At -c 'SHOW server_version')
echo
echo "machine: ${cpu:-unknown CPU}, $(nproc) cores, $ram RAM; PostgreSQL $pg; Linux $(uname -r)"
echo "fxrates $("$fxrates" --version | cut -d' ' -f2), release build; medians of $runs runs ($daily_runs for the daily run)"
echo
python3 - "$results" <<'PY'
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
table = [("case", "fxrates", "limit", "ratio", "peak RSS", "target", "result")]
notes = []
failed = 0

def ms(seconds):
    return f"{float(seconds) * 1000:.1f} ms"

for case, t, limit, kib, ratio_max, ms_max, mib_max, rewritten, note in rows:
    t = float(t)
    mib = int(kib) / 1024
    checks, targets = [], []
    ratio = ""
    if limit:
        r = t / float(limit)
        ratio = f"{r:.2f}x"
        if ratio_max:
            checks.append(r <= float(ratio_max))
            targets.append(f"<= {ratio_max}x")
    if ms_max:
        checks.append(t * 1000 <= float(ms_max))
        targets.append(f"<= {ms_max} ms")
    if mib_max:
        checks.append(mib <= float(mib_max))
        targets.append(f"<= {mib_max} MiB")
    if rewritten:
        checks.append(int(rewritten) == 0)
        targets.append("0 rows rewritten")
    ok = all(checks)
    failed += not ok
    table.append((case, ms(t), ms(limit) if limit else "-", ratio or "-", f"{mib:.1f} MiB" if mib else "-",
                  ", ".join(targets), "pass" if ok else "FAIL"))
    if note:
        notes.append(f"{case}: {note}")

widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
for row in table:
    print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
print()
print("limit: psql \\copy of the same rows into the same empty table, fxrates's triggers off; for clean, a plain DELETE;")
print("for the ledgers, the exact-date equi-join to rates; for fx_convert, one primary-key probe in a bare SQL function;")
print("for the reads, the same command on a database holding one day.")
for note in notes:
    print(note)
print(f"{failed} target(s) missed" if failed else "every target met")
PY
