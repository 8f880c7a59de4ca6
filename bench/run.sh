#!/usr/bin/env bash
# `edg run` vs pgbench on the same statement: `UPDATE … SET balance = balance + 1 WHERE id = $1`
# at a uniformly random id of 100,000 rows, CLIENTS clients (pgbench -c, edg -w), SECS seconds
# each, alternating, ROUNDS rounds; medians of the tps each prints. pgbench runs its default
# (simple) query protocol, as edg does; with MODE=prepared, `pgbench -M prepared` against the
# item with `prepared: true`. Also: edg's peak RSS over one LONG-second run, sampled every 10 s
# (flat = the histograms are bounded).
# Usage: [MODE=prepared] bench/run.sh [rounds] [secs] [clients] [long-secs]   (needs pgbench from PostgreSQL 15)
EDG=${EDG:-/var/tmp/edg-target/debug/edg}
. "$(dirname "$0")/common.sh"
ROUNDS=${1:-5}
SECS=${2:-10}
CLIENTS=${3:-4}
LONG=${4:-0}
PGBENCH=${PGBENCH:-/usr/lib/postgresql/15/bin/pgbench}
OUT=${OUT:-/var/tmp/edg-bench}
MODE=${MODE:-simple}
mkdir -p "$OUT"
CONFIG=bench/run.yaml
if [ "$MODE" = prepared ]; then
  CONFIG="$OUT/run-prepared.yaml"
  sed 's/^  - name: update$/  - name: update\n    prepared: true/' bench/run.yaml > "$CONFIG"
  grep -q 'prepared: true' "$CONFIG"
fi
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_run_bench" -c "CREATE DATABASE edg_run_bench"
"$EDG" up -q --driver pgx --url "$PG/edg_run_bench" --config bench/run.yaml
"$EDG" seed -q --driver pgx --url "$PG/edg_run_bench" --config bench/run.yaml
printf '\\set id random(1, 100000)\nUPDATE bench_accounts SET balance = balance + 1 WHERE id = :id;\n' > "$OUT/update.sql"
MEDIAN_DIGITS=0
e=(); p=()
for _ in $(seq "$ROUNDS"); do
  e+=("$("$EDG" run -q --driver pgx --url "$PG/edg_run_bench" --config "$CONFIG" -w "$CLIENTS" -d "${SECS}s" \
        --print-interval 1h --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["queries"][0]["ops_per_s"])')")
  p+=("$("$PGBENCH" -n -M "$MODE" -c "$CLIENTS" -j 2 -T "$SECS" -f "$OUT/update.sql" "$PG/edg_run_bench" 2>/dev/null \
        | sed -n 's/^tps = \([0-9.]*\).*/\1/p')")
done
em=$(median "${e[@]}"); pm=$(median "${p[@]}")
echo "clients=$CLIENTS secs=$SECS rounds=$ROUNDS protocol=$MODE"
echo "edg run tps:  ${e[*]}  median $em"
echo "pgbench tps:  ${p[*]}  median $pm"
python3 -c "print(f'edg / pgbench = {$em / $pm:.2f}x')"
if [ "$LONG" -gt 0 ]; then
  "$EDG" run -q --driver pgx --url "$PG/edg_run_bench" --config "$CONFIG" -w "$CLIENTS" -d "${LONG}s" \
    --print-interval 1h >/dev/null &
  pid=$!
  echo "peak RSS (MB) every 10 s over ${LONG}s:"
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    awk '/VmHWM/ {printf "%d ", $2/1024}' "/proc/$pid/status" 2>/dev/null || true
  done
  echo
fi
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_run_bench"
