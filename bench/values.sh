#!/usr/bin/env bash
# gen_batch in a plain __values__ query (the Go configs' form, issue 31) against the equivalent
# exec_batch: N emails at batch 10,000 into PostgreSQL and MariaDB, alternating, ROUNDS times;
# medians. Both draw the same emails (same query name, same stream).
# Usage: bench/values.sh [rows] [rounds]   (EDG= the binary; servers as in .ci/run)
. "$(dirname "$0")/common.sh"
ROWS=${1:-1000000}
ROUNDS=${2:-5}
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=10000
fresh() {
    psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_values" -c "CREATE DATABASE edg_values" 2>/dev/null
    mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_values; CREATE DATABASE edg_values"
}
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s.%N); python3 -c "print($e-$s)"; }
count() {
    case $1 in
        pgx) psql -qtA "$PG/edg_values" -c 'SELECT count(*) FROM customer' ;;
        mysql) mysql -N -h 127.0.0.1 -uroot edg_values -e 'SELECT count(*) FROM customer' ;;
    esac
}
for side in "pgx $PG/edg_values" "mysql $MY/edg_values"; do
    set -- $side
    values=() exec=()
    for _ in $(seq 1 "$ROUNDS"); do
        for form in values values-exec; do
            fresh
            s=$(t "$EDG" sync run --source-driver "$1" --source-url "$2" --source-config "bench/$form.yaml" --rng-seed 1)
            [ "$(count "$1")" = "$ROWS" ] || { echo "$1 $form: wrong row count" >&2; exit 1; }
            if [ "$form" = values ]; then values+=("$s"); else exec+=("$s"); fi
        done
    done
    V=$(median "${values[@]}"); X=$(median "${exec[@]}")
    python3 -c "print(f'$1: {int($ROWS):,} rows, gen_batch + __values__ {$V:.2f} s, exec_batch {$X:.2f} s = {$V/$X:.2f}x')"
done
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_values"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_values"
