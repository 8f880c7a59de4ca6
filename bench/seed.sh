#!/usr/bin/env bash
# Seed N orders rows into PostgreSQL and MariaDB with edg, and in the same run load the same rows
# with COPY / LOAD DATA (the limit) and with 100-row literal INSERTs (the Go original's method).
# Usage: bench/seed.sh [rows] [edg batch size]   (needs psql, mysql, python3; servers as in .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
BATCH=${2:-1000}
EDG=${EDG:-$(cargo build -q --message-format=json 2>/dev/null | python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("executable") and m["target"]["name"]=="edg": print(m["executable"])' | tail -n1)}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
MY_HOST=127.0.0.1
OUT=${OUT:-/var/tmp/edg-bench}
mkdir -p "$OUT"
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=$BATCH
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_bench" -c "CREATE DATABASE edg_bench"
mysql -h $MY_HOST -uroot -e "DROP DATABASE IF EXISTS edg_bench; CREATE DATABASE edg_bench"
t() { local s=$(date +%s.%N); "$@" >/dev/null; python3 -c "print(f'{$(date +%s.%N)-$s:.2f}')"; }
rate() { python3 -c "print(f'{$ROWS/$1:,.0f} rows/s')"; }

echo "rows=$ROWS edg batch=$BATCH binary=$EDG"
"$EDG" up --driver pgx --url "$PG/edg_bench" --config bench/orders.yaml 2>/dev/null
pg_edg=$(t "$EDG" seed --driver pgx --url "$PG/edg_bench" --config bench/orders.yaml --rng-seed 1)
echo "postgres edg:            ${pg_edg}s  $(rate $pg_edg)"
psql -q "$PG/edg_bench" -c "\\copy orders TO '$OUT/orders.csv' WITH (FORMAT csv)"
psql -q "$PG/edg_bench" -c "TRUNCATE orders"
pg_copy=$(t psql -q "$PG/edg_bench" -c "\\copy orders FROM '$OUT/orders.csv' WITH (FORMAT csv)")
echo "postgres COPY:           ${pg_copy}s  $(rate $pg_copy)"
python3 - "$OUT/orders.csv" "$OUT/inserts.sql" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
with open(sys.argv[2], "w") as f:
    for i in range(0, len(rows), 100):
        vals = ", ".join("(%s, %s, %s, '%s', '%s')" % (r[0], r[1], r[2], r[3], r[4].replace("'", "''")) for r in rows[i:i+100])
        f.write("INSERT INTO orders (id, user_id, amount, status, email) VALUES %s;\n" % vals)
PY
psql -q "$PG/edg_bench" -c "TRUNCATE orders"
pg_ins=$(t psql -q "$PG/edg_bench" -f "$OUT/inserts.sql")
echo "postgres 100-row INSERT: ${pg_ins}s  $(rate $pg_ins)"
python3 -c "print(f'postgres edg / COPY rate: {$pg_copy/$pg_edg:.2f}x')"

"$EDG" up --driver mysql --url "mysql://root@$MY_HOST:3306/edg_bench" --config bench/orders.yaml 2>/dev/null
my_edg=$(t "$EDG" seed --driver mysql --url "mysql://root@$MY_HOST:3306/edg_bench" --config bench/orders.yaml --rng-seed 1)
echo "mariadb edg:             ${my_edg}s  $(rate $my_edg)"
mysql -h $MY_HOST -uroot edg_bench -e "TRUNCATE orders"
my_load=$(t mysql --local-infile=1 -h $MY_HOST -uroot edg_bench -e "SET GLOBAL local_infile=1; LOAD DATA LOCAL INFILE '$OUT/orders.csv' INTO TABLE orders FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"'")
echo "mariadb LOAD DATA:       ${my_load}s  $(rate $my_load)"
mysql -h $MY_HOST -uroot edg_bench -e "TRUNCATE orders"
my_ins=$(t mysql -h $MY_HOST -uroot edg_bench -e "source $OUT/inserts.sql")
echo "mariadb 100-row INSERT:  ${my_ins}s  $(rate $my_ins)"
python3 -c "print(f'mariadb edg / LOAD DATA rate: {$my_load/$my_edg:.2f}x')"
