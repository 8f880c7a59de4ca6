#!/usr/bin/env bash
# Dual-write seeding (issue 32 item 1): `sync run` of N rows of CONFIG's TABLE (default
# bench/orders.yaml's orders; CONFIG=bench/events.yaml TABLE=events for timestamps, NULLs,
# non-ASCII text and decimals) at the
# spec's batch size of 100 into PostgreSQL and MariaDB at once, against each side alone (the
# same command with one side), alternating, ROUNDS times; medians, and dual / slower side alone
# (goal: at most 1.15). Before sides ran at once, dual-write took their sum.
# Usage: bench/dual.sh [rows] [rounds]   (EDG= the binary; servers as in .ci/run)
. "$(dirname "$0")/common.sh"
ROWS=${1:-1000000}
ROUNDS=${2:-5}
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=100
fresh() {
    psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_dual" -c "CREATE DATABASE edg_dual"
    mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_dual; CREATE DATABASE edg_dual"
}
# Wall seconds of a command; the machine's busy CPU-seconds during it (every process: edg and
# both servers) are appended to $OUT_CPU: on a small machine the sum of both sides' CPU, not the
# slower side, bounds how fast both can go at once.
OUT_CPU=$(mktemp)
t() {
    local s e b0 b1
    b0=$(busy); s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    e=$(date +%s.%N); b1=$(busy)
    echo "$1 $b0 $b1" | awk '{print $3-$2}' >> "$OUT_CPU"
    python3 -c "print($e-$s)"
}
check() {
    [ "$(psql -qtA "$PG/edg_dual" -c "SELECT count(*) FROM $TABLE" 2>/dev/null || echo 0)" = "$ROWS" ] || [ "$1" = my ] || { echo "postgres: wrong row count" >&2; exit 1; }
    [ "$(mysql -N -h 127.0.0.1 -uroot edg_dual -e "SELECT count(*) FROM $TABLE" 2>/dev/null || echo 0)" = "$ROWS" ] || [ "$1" = pg ] || { echo "mariadb: wrong row count" >&2; exit 1; }
}
src_pg=(--source-driver pgx --source-url "$PG/edg_dual" --source-config "$CONFIG")
src_my=(--source-driver mysql --source-url "$MY/edg_dual" --source-config "$CONFIG")
tgt_my=(--target-driver mysql --target-url "$MY/edg_dual" --target-config "$CONFIG")
pg=() my=() dual=()
for r in $(seq 1 "$ROUNDS"); do
    fresh; pg+=("$(t "$EDG" sync run "${src_pg[@]}" --rng-seed 1)"); check pg
    fresh; my+=("$(t "$EDG" sync run "${src_my[@]}" --rng-seed 1)"); check my
    fresh; dual+=("$(t "$EDG" sync run "${src_pg[@]}" "${tgt_my[@]}" --rng-seed 1)"); check both
    echo "round $r: postgres ${pg[-1]} s, mariadb ${my[-1]} s, both at once ${dual[-1]} s"
done
P=$(median "${pg[@]}"); M=$(median "${my[@]}"); D=$(median "${dual[@]}")
python3 - "$P" "$M" "$D" "$ROWS" "$(nproc)" "$OUT_CPU" <<'PY'
import statistics, sys
p, m, d, rows, cores = map(float, sys.argv[1:6])
cpu = [float(x) for x in open(sys.argv[6])]
cp, cm, cd = (statistics.median(cpu[i::3]) for i in range(3))
slow, floor = max(p, m), (cp + cm) / cores
print(f"{int(rows):,} rows at batch 100, medians: postgres alone {p:.2f} s, mariadb alone {m:.2f} s, "
      f"both at once {d:.2f} s = {d/slow:.2f}x the slower side alone (one after the other: {p+m:.2f} s)")
print(f"machine CPU (edg and both servers): postgres alone {cp:.2f} s, mariadb alone {cm:.2f} s, both {cd:.2f} s; "
      f"{int(cores)} cores cannot do both in less than {floor:.2f} s: both at once is {d/floor:.2f}x that floor")
PY
rm -f "$OUT_CPU"
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_dual"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_dual"
