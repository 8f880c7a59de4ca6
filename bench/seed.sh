#!/usr/bin/env bash
# Seed N rows with edg at `size: 100` and `size: 1000` (the spec's example uses 100) and load
# the same rows with each engine's bulk loader, alternating, ROUNDS times each; medians. The
# table is the spec's orders (bench/orders.yaml) unless CONFIG and TABLE name another, e.g.
# CONFIG=bench/events.yaml TABLE=events (timestamps, NULLs, non-ASCII text, decimals):
#   PostgreSQL: edg (one COPY per query) vs psql \copy FROM of the same rows as CSV
#   MariaDB:    edg (queued prepared multi-row INSERTs of ~1000 rows, one transaction per query)
#               vs LOAD DATA LOCAL INFILE
#   SQLite:     edg (prepared multi-row INSERTs as on MariaDB, one transaction per query)
#               vs the sqlite3 shell's .import
# Usage: [CONFIG=… TABLE=…] bench/seed.sh [rows] [rounds]
#        (needs psql, mysql, sqlite3, python3; servers as in .ci/run)
EDG=${EDG:-/var/tmp/edg-target/debug/edg}
. "$(dirname "$0")/common.sh"
ROWS=${1:-1000000}
ROUNDS=${2:-5}
OUT=${OUT:-/var/tmp/edg-bench}
mkdir -p "$OUT"
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=1000
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_bench" -c "CREATE DATABASE edg_bench"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_bench; CREATE DATABASE edg_bench; SET GLOBAL local_infile=1"
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); python3 -c "print($e-$s)"; }
# Every load must have stored every row: a failed one would otherwise time as a fast one.
pgn() { n=$(psql -qtA "$PG/edg_bench" -c "SELECT count(*) FROM $TABLE"); [ "$n" = "$ROWS" ] || { echo "postgres $1: $n rows, expected $ROWS" >&2; exit 1; }; }
myn() { n=$(mysql -N -h 127.0.0.1 -uroot edg_bench -e "SELECT count(*) FROM $TABLE"); [ "$n" = "$ROWS" ] || { echo "mariadb $1: $n rows, expected $ROWS" >&2; exit 1; }; }
lin() { n=$(sqlite3 "$OUT/seed.db" "SELECT count(*) FROM $TABLE"); [ "$n" = "$ROWS" ] || { echo "sqlite $1: $n rows, expected $ROWS" >&2; exit 1; }; }

# The rows, once, as CSV: seeded by edg into PostgreSQL and copied out (NULL as \N for MariaDB,
# which reads an empty field as '').
EDG_BENCH_BATCH=1000 "$EDG" up -q --driver pgx --url "$PG/edg_bench" --config "$CONFIG"
EDG_BENCH_BATCH=1000 "$EDG" seed -q --driver pgx --url "$PG/edg_bench" --config "$CONFIG" --rng-seed 1
psql -q "$PG/edg_bench" -c "\\copy $TABLE TO '$OUT/$TABLE.csv' WITH (FORMAT csv)"
psql -q "$PG/edg_bench" -c "\\copy $TABLE TO '$OUT/$TABLE.my.csv' WITH (FORMAT csv, NULL '\\N')"
"$EDG" up -q --driver mysql --url "$MY/edg_bench" --config "$CONFIG"
rm -f "$OUT/seed.db"; "$EDG" up -q --driver sqlite --url "$OUT/seed.db" --config "$CONFIG"

echo "rows=$ROWS rounds=$ROUNDS table=$TABLE binary=$EDG"
for BATCH in 100 1000; do
  export EDG_BENCH_BATCH=$BATCH
  pe=(); pc=(); me=(); ml=(); se=(); si=()
  for _ in $(seq "$ROUNDS"); do
    psql -q "$PG/edg_bench" -c "TRUNCATE $TABLE"
    pe+=("$(t "$EDG" seed -q --driver pgx --url "$PG/edg_bench" --config "$CONFIG" --rng-seed 1)"); pgn edg
    psql -q "$PG/edg_bench" -c "TRUNCATE $TABLE"
    pc+=("$(t psql -q "$PG/edg_bench" -c "\\copy $TABLE FROM '$OUT/$TABLE.csv' WITH (FORMAT csv)")"); pgn copy
    mysql -h 127.0.0.1 -uroot edg_bench -e "TRUNCATE $TABLE"
    me+=("$(t "$EDG" seed -q --driver mysql --url "$MY/edg_bench" --config "$CONFIG" --rng-seed 1)"); myn edg
    mysql -h 127.0.0.1 -uroot edg_bench -e "TRUNCATE $TABLE"
    ml+=("$(t mysql --local-infile=1 -h 127.0.0.1 -uroot edg_bench -e "LOAD DATA LOCAL INFILE '$OUT/$TABLE.my.csv' INTO TABLE $TABLE CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"'")"); myn "load data"
    sqlite3 "$OUT/seed.db" "DELETE FROM $TABLE"
    se+=("$(t "$EDG" seed -q --driver sqlite --url "$OUT/seed.db" --config "$CONFIG" --rng-seed 1)"); lin edg
    sqlite3 "$OUT/seed.db" "DELETE FROM $TABLE"
    si+=("$(t sqlite3 "$OUT/seed.db" -cmd ".mode csv" ".import $OUT/$TABLE.csv $TABLE")"); lin .import
  done
  p1=$(median "${pe[@]}"); p2=$(median "${pc[@]}"); m1=$(median "${me[@]}"); m2=$(median "${ml[@]}")
  s1=$(median "${se[@]}"); s2=$(median "${si[@]}")
  ratio() { python3 -c "print(f'{$2/$1:.2f}x')"; }
  echo "size: $BATCH"
  echo "  postgres  edg ${p1}s  \\copy FROM ${p2}s     edg rate / COPY rate:      $(ratio "$p1" "$p2")"
  echo "  mariadb   edg ${m1}s  LOAD DATA ${m2}s      edg rate / LOAD DATA rate: $(ratio "$m1" "$m2")"
  echo "  sqlite    edg ${s1}s  .import ${s2}s        edg rate / .import rate:   $(ratio "$s1" "$s2")"
done
