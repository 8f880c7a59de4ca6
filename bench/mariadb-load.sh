#!/usr/bin/env bash
# MariaDB seeding against LOAD DATA (issue 32 item 3): N rows of CONFIG's TABLE (default
# bench/orders.yaml; CONFIG=bench/events.yaml TABLE=events for timestamps, NULLs, non-ASCII text,
# decimals) at the spec's batch size of 100, edg seed vs `LOAD DATA LOCAL INFILE` of the same rows,
# alternating, ROUNDS times, medians of wall time and of the machine's busy CPU (edg, the client
# and mariadbd). Twice: with the server's defaults, and with the session settings MariaDB's
# manual gives for bulk loads into InnoDB (unique_checks=0, foreign_key_checks=0), set the same
# way for both (a leading `SET` seed query for edg, the same statement before LOAD DATA).
# Usage: [CONFIG=… TABLE=…] bench/mariadb-load.sh [rows] [rounds]   (EDG= the binary)
. "$(dirname "$0")/common.sh"
ROWS=${1:-1000000}
ROUNDS=${2:-5}
OUT=${OUT:-/var/tmp/edg-bench}
BULK="SET SESSION unique_checks = 0, foreign_key_checks = 0"
mkdir -p "$OUT"
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=100
# The same config with the bulk settings as its first seed query (one connection seeds).
BULK_CONFIG="$OUT/bulk-$(basename "$CONFIG")"
python3 - "$CONFIG" "$BULK_CONFIG" "$BULK" <<'PY'
import sys
src, dst, stmt = sys.argv[1:]
text = open(src).read()
assert "\nseed:\n" in text
open(dst, "w").write(text.replace("\nseed:\n", f"\nseed:\n  - name: bulk_settings\n    type: exec\n    query: {stmt}\n", 1))
PY
# The rows as CSV, once: seeded by edg into PostgreSQL and copied out (NULL as \N).
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_load" -c "CREATE DATABASE edg_load"
"$EDG" up -q --driver pgx --url "$PG/edg_load" --config "$CONFIG"
"$EDG" seed -q --driver pgx --url "$PG/edg_load" --config "$CONFIG" --rng-seed 1
psql -q "$PG/edg_load" -c "\\copy $TABLE TO '$OUT/$TABLE.load.csv' WITH (FORMAT csv, NULL '\\N')"
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_load"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_load; CREATE DATABASE edg_load CHARACTER SET utf8mb4; SET GLOBAL local_infile = 1"
"$EDG" up -q --driver mysql --url "$MY/edg_load" --config "$CONFIG"

TIMES=$(mktemp)
# t LABEL CMD…: the table emptied, CMD timed (wall, machine CPU), every row checked.
t() {
    local label=$1 s e b0 b1 n; shift
    mysql -h 127.0.0.1 -uroot edg_load -e "TRUNCATE $TABLE"
    b0=$(busy); s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    e=$(date +%s.%N); b1=$(busy)
    n=$(mysql -N -h 127.0.0.1 -uroot edg_load -e "SELECT count(*) FROM $TABLE")
    [ "$n" = "$ROWS" ] || { echo "$label: $n rows, expected $ROWS" >&2; exit 1; }
    echo "$label $(python3 -c "print($e-$s)") $(python3 -c "print($b1-$b0)")" >> "$TIMES"
}
load() {
    mysql --local-infile=1 -h 127.0.0.1 -uroot edg_load -e "$1 LOAD DATA LOCAL INFILE '$OUT/$TABLE.load.csv' INTO TABLE $TABLE CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"'"
}
for r in $(seq "$ROUNDS"); do
    t edg "$EDG" seed -q --driver mysql --url "$MY/edg_load" --config "$CONFIG" --rng-seed 1
    t load load ""
    t edg-bulk "$EDG" seed -q --driver mysql --url "$MY/edg_load" --config "$BULK_CONFIG" --rng-seed 1
    t load-bulk load "$BULK;"
    echo "round $r: $(tail -4 "$TIMES" | awk '{printf "%s %.2fs  ", $1, $2}')"
done
python3 - "$TIMES" "$ROWS" "$TABLE" <<'PY'
import collections, statistics, sys
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    k, w, c = line.split()
    d[k].append((float(w), float(c)))
med = lambda k, i: statistics.median(x[i] for x in d[k])
print(f"{int(sys.argv[2]):,} rows of {sys.argv[3]} at batch 100, medians of {len(d['edg'])} rounds (wall, machine CPU):")
for a, b, what in (("edg", "load", "server defaults"), ("edg-bulk", "load-bulk", "unique_checks=0, foreign_key_checks=0")):
    print(f"  {what}: edg {med(a, 0):.2f} s ({med(a, 1):.2f} CPU-s), LOAD DATA {med(b, 0):.2f} s ({med(b, 1):.2f} CPU-s); "
          f"edg rate / LOAD DATA rate {med(b, 0) / med(a, 0):.2f}x")
PY
rm -f "$TIMES"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_load"
