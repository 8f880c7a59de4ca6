#!/usr/bin/env bash
# Partitioned seeding (issue 32 item 2): N rows of CONFIG's TABLE (default bench/orders.yaml's
# orders; CONFIG=bench/events.yaml TABLE=events for timestamps, NULLs, non-ASCII text and
# decimals) at the spec's batch size of 100 into PostgreSQL, as one `sync run` against PARTS
# concurrent `--partition I/PARTS` runs (after one `edg up`), alternating, ROUNDS times; medians.
# Also the cost of row-indexed generation itself: `--partition 0/1` against the plain run.
# Usage: bench/partition.sh [rows] [rounds] [parts]   (EDG= the binary; PostgreSQL as in .ci/run)
. "$(dirname "$0")/common.sh"
ROWS=${1:-1000000}
ROUNDS=${2:-5}
PARTS=${3:-4}
URL="$PG/edg_part"
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=100
fresh() { psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_part" -c "CREATE DATABASE edg_part"; }
up() { "$EDG" up --driver pgx --url "$URL" --config "$CONFIG" >/dev/null 2>&1; }
now() { date +%s.%N; }
check() {
    [ "$(psql -qtA "$URL" -c "SELECT count(*) FROM $TABLE")" = "$ROWS" ] || { echo "wrong row count" >&2; exit 1; }
}
digest() { psql -qtA "$URL" -c "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $TABLE t"; }
seed=(sync run --source-driver pgx --source-url "$URL" --source-config "$CONFIG" --rng-seed 1)
one=() zero=() many=()
for r in $(seq 1 "$ROUNDS"); do
    fresh; s=$(now); "$EDG" "${seed[@]}" >/dev/null 2>&1; e=$(now)
    one+=("$(python3 -c "print($e-$s)")"); check; whole=$(digest)
    fresh; up; s=$(now); "$EDG" "${seed[@]}" --partition 0/1 >/dev/null 2>&1; e=$(now)
    zero+=("$(python3 -c "print($e-$s)")"); check
    fresh; up; s=$(now)
    pids=()
    for i in $(seq 0 $((PARTS - 1))); do "$EDG" "${seed[@]}" --partition "$i/$PARTS" >/dev/null 2>&1 & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p" || { echo "a partition failed" >&2; exit 1; }; done
    e=$(now); many+=("$(python3 -c "print($e-$s)")"); check
    [ "$(digest)" = "$whole" ] || { echo "the $PARTS partitions wrote other rows than one run" >&2; exit 1; }
    echo "round $r: one run ${one[-1]} s, --partition 0/1 ${zero[-1]} s, $PARTS partitions at once ${many[-1]} s"
done
O=$(median "${one[@]}"); Z=$(median "${zero[@]}"); M=$(median "${many[@]}")
python3 -c "
o, z, m = $O, $Z, $M
print(f'$ROWS rows at batch 100 on PostgreSQL ($(nproc) cores), medians of $ROUNDS: one run {o:.2f} s, '
      f'--partition 0/1 {z:.2f} s ({z/o:.2f}x), $PARTS partitions at once {m:.2f} s ({o/m:.2f}x faster); identical rows (md5)')"
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_part"
