#!/usr/bin/env bash
# Seed N orders rows with edg at `size: 100` and `size: 1000` (the spec's example uses 100) and load
# the same rows with each engine's bulk loader, alternating, ROUNDS times each; medians:
#   PostgreSQL: edg (one COPY per query) vs psql \copy FROM of the same rows as CSV
#   MariaDB:    edg (queued prepared multi-row INSERTs of ~1000 rows, one transaction per query)
#               vs LOAD DATA LOCAL INFILE
#   SQLite:     edg (one transaction per query) vs the sqlite3 shell's .import
# Usage: bench/seed.sh [rows] [rounds]   (needs psql, mysql, sqlite3, python3; servers as in .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
ROUNDS=${2:-5}
EDG=${EDG:-/var/tmp/edg-target/debug/edg}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
MY="mysql://root@127.0.0.1:3306"
OUT=${OUT:-/var/tmp/edg-bench}
mkdir -p "$OUT"
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=1000
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_bench" -c "CREATE DATABASE edg_bench"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_bench; CREATE DATABASE edg_bench; SET GLOBAL local_infile=1"
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); python3 -c "print($e-$s)"; }
median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }

# The rows, once, as CSV: seeded by edg into PostgreSQL and copied out.
EDG_BENCH_BATCH=1000 "$EDG" up -q --driver pgx --url "$PG/edg_bench" --config bench/orders.yaml
EDG_BENCH_BATCH=1000 "$EDG" seed -q --driver pgx --url "$PG/edg_bench" --config bench/orders.yaml --rng-seed 1
psql -q "$PG/edg_bench" -c "\\copy orders TO '$OUT/orders.csv' WITH (FORMAT csv)"
"$EDG" up -q --driver mysql --url "$MY/edg_bench" --config bench/orders.yaml
rm -f "$OUT/seed.db"; "$EDG" up -q --driver sqlite --url "$OUT/seed.db" --config bench/orders.yaml

echo "rows=$ROWS rounds=$ROUNDS binary=$EDG"
for BATCH in 100 1000; do
  export EDG_BENCH_BATCH=$BATCH
  pe=(); pc=(); me=(); ml=(); se=(); si=()
  for _ in $(seq "$ROUNDS"); do
    psql -q "$PG/edg_bench" -c "TRUNCATE orders"
    pe+=("$(t "$EDG" seed -q --driver pgx --url "$PG/edg_bench" --config bench/orders.yaml --rng-seed 1)")
    psql -q "$PG/edg_bench" -c "TRUNCATE orders"
    pc+=("$(t psql -q "$PG/edg_bench" -c "\\copy orders FROM '$OUT/orders.csv' WITH (FORMAT csv)")")
    mysql -h 127.0.0.1 -uroot edg_bench -e "TRUNCATE orders"
    me+=("$(t "$EDG" seed -q --driver mysql --url "$MY/edg_bench" --config bench/orders.yaml --rng-seed 1)")
    mysql -h 127.0.0.1 -uroot edg_bench -e "TRUNCATE orders"
    ml+=("$(t mysql --local-infile=1 -h 127.0.0.1 -uroot edg_bench -e "LOAD DATA LOCAL INFILE '$OUT/orders.csv' INTO TABLE orders FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"'")")
    sqlite3 "$OUT/seed.db" "DELETE FROM orders"
    se+=("$(t "$EDG" seed -q --driver sqlite --url "$OUT/seed.db" --config bench/orders.yaml --rng-seed 1)")
    sqlite3 "$OUT/seed.db" "DELETE FROM orders"
    si+=("$(t sqlite3 "$OUT/seed.db" -cmd ".mode csv" ".import $OUT/orders.csv orders")")
  done
  p1=$(median "${pe[@]}"); p2=$(median "${pc[@]}"); m1=$(median "${me[@]}"); m2=$(median "${ml[@]}")
  s1=$(median "${se[@]}"); s2=$(median "${si[@]}")
  ratio() { python3 -c "print(f'{$2/$1:.2f}x')"; }
  echo "size: $BATCH"
  echo "  postgres  edg ${p1}s  \\copy FROM ${p2}s     edg rate / COPY rate:      $(ratio "$p1" "$p2")"
  echo "  mariadb   edg ${m1}s  LOAD DATA ${m2}s      edg rate / LOAD DATA rate: $(ratio "$m1" "$m2")"
  echo "  sqlite    edg ${s1}s  .import ${s2}s        edg rate / .import rate:   $(ratio "$s1" "$s2")"
done
