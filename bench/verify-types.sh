#!/usr/bin/env bash
# sync verify on real column types: N rows of bench/events.yaml (BIGINT key, INT, TIMESTAMP,
# nullable DECIMAL, VARCHAR, nullable non-ASCII text), PostgreSQL ↔ MariaDB, identical. Each
# round runs edg verify and, in the same round, both raw ordered scans at once (psql \copy +
# mysql --quick: the floor for any tool reading both sides); ROUNDS rounds, medians of wall time
# and of CPU (user+sys: edg's own, and the two raw clients' together); then one run with 0.1 %
# of rows changed, which must report exactly those.
# Usage: bench/verify-types.sh [rows] [rounds]   (servers as in .ci/run; psql, mysql, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
ROUNDS=${2:-7}
EDG=${EDG:-/var/tmp/edg-target/debug/edg}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
MY=${MY:-mysql://root@127.0.0.1:3306}
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=1000
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_tbench" -c "CREATE DATABASE edg_tbench"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_tbench; CREATE DATABASE edg_tbench CHARACTER SET utf8mb4"
"$EDG" sync run -q --source-driver pgx --source-url "$PG/edg_tbench" --source-config bench/events.yaml \
  --target-driver mysql --target-url "$MY/edg_tbench" --target-config bench/events.yaml --rng-seed 7
psql -q "$PG/edg_tbench" -c "VACUUM ANALYZE events"
verify() {
  "$EDG" sync verify -q --source-url "$PG/edg_tbench" --target-driver mysql --target-url "$MY/edg_tbench" --tables events "$@"
}
verify >/dev/null # compiles and caches the plugins
: > /tmp/edg-types.times
for _ in $(seq "$ROUNDS"); do
  /usr/bin/time -a -o /tmp/edg-types.times -f "edg %e %U %S %M" bash -c "$(declare -f verify); EDG=$EDG PG=$PG MY=$MY verify" >/dev/null
  /usr/bin/time -a -o /tmp/edg-types.times -f "raw %e %U %S %M" bash -c "
    psql -q '$PG/edg_tbench' -c '\\copy (SELECT * FROM events ORDER BY id) TO /dev/null' &
    mysql --quick -h 127.0.0.1 -uroot edg_tbench -e 'SELECT * FROM events ORDER BY id' >/dev/null
    wait"
done
python3 - <<'PY'
import collections, statistics
d = collections.defaultdict(list)
for line in open("/tmp/edg-types.times"):
    k, w, u, s, m = line.split()
    d[k].append((float(w), float(u) + float(s), int(m)))
med = lambda k, i: statistics.median(x[i] for x in d[k])
print(f"rounds={len(d['edg'])}")
print(f"edg verify:            wall {med('edg', 0):.2f}s  CPU {med('edg', 1):.2f}s  peak RSS {max(x[2] for x in d['edg']) // 1024} MB")
print(f"both raw scans at once: wall {med('raw', 0):.2f}s  CPU {med('raw', 1):.2f}s (psql + mysql clients)")
print(f"wall ratio {med('edg', 0) / med('raw', 0):.2f}x (goal <= 1.3)   CPU ratio {med('edg', 1) / med('raw', 1):.2f}x (goal <= 2)")
PY
mysql -h 127.0.0.1 -uroot edg_tbench -e "UPDATE events SET note = CONCAT(COALESCE(note, ''), '!') WHERE id % 1000 = 0"
n=$(verify --verbose | grep -c '^MISMATCH' || true)
echo "0.1 % changed: $n MISMATCH lines (expected $((ROWS / 1000)))"
