#!/usr/bin/env bash
# Dual-write workloads (issue 30 item 3): the _examples/cdc workload at WORKERS workers for SECS
# seconds on PostgreSQL alone, MariaDB alone, and on both at once (`edg run --target-config`),
# alternating, ROUNDS times; medians of operations per second. A dual write runs every operation
# on both sides in one order shared by the workers, so its rate is bounded by one operation at a
# time on the slower side; each run is checked by `sync verify` (both sides equal).
# Usage: bench/dual-run.sh [secs] [rounds] [workers]   (EDG= the binary; servers as in .ci/run)
. "$(dirname "$0")/common.sh"
SECS=${1:-10}
ROUNDS=${2:-3}
WORKERS=${3:-4}
PG=postgres://postgres@127.0.0.1:5432/edg_dualrun
MY=mysql://root@127.0.0.1:3306/edg_dualrun
SRC=_examples/cdc/postgres.yaml
TGT=_examples/cdc/mysql.yaml
TABLES=cdc_accounts,cdc_events,cdc_items,cdc_hot,cdc_bulk,cdc_digits
fresh() {
    psql -q postgres://postgres@127.0.0.1:5432/postgres -c "DROP DATABASE IF EXISTS edg_dualrun" -c "CREATE DATABASE edg_dualrun"
    mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_dualrun; CREATE DATABASE edg_dualrun"
    "$EDG" sync run --source-url "$PG" --source-config "$SRC" --target-url "$MY" --target-config "$TGT" --rng-seed 7 -q
}
ops() { python3 -c "import json,sys; r=json.load(sys.stdin); print(r['success_count']/r['elapsed_s'])"; }
run=(run -w "$WORKERS" -d "${SECS}s" --rng-seed 7 --format json -q)
pg=() my=() both=()
for r in $(seq 1 "$ROUNDS"); do
    fresh; pg+=("$("$EDG" "${run[@]}" --url "$PG" --config "$SRC" | ops)")
    fresh; my+=("$("$EDG" "${run[@]}" --url "$MY" --config "$TGT" | ops)")
    fresh; both+=("$("$EDG" "${run[@]}" --url "$PG" --config "$SRC" --target-url "$MY" --target-config "$TGT" | ops)")
    "$EDG" sync verify --source-url "$PG" --target-url "$MY" --tables "$TABLES" -q || { echo "dual write left the sides apart" >&2; exit 1; }
    echo "round $r: postgres ${pg[-1]} ops/s, mariadb ${my[-1]} ops/s, dual write ${both[-1]} ops/s"
done
MEDIAN_DIGITS=0
echo "cdc workload, $WORKERS workers, ${SECS}s, medians of $ROUNDS: postgres $(median "${pg[@]}") ops/s, mariadb $(median "${my[@]}") ops/s, dual write $(median "${both[@]}") ops/s (verify equal after each)"
psql -q postgres://postgres@127.0.0.1:5432/postgres -c "DROP DATABASE IF EXISTS edg_dualrun"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_dualrun"
