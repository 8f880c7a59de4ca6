#!/usr/bin/env bash
# Scale-out verify on one machine: N rows of bench/events.yaml, PostgreSQL ↔ MariaDB, identical.
# Each round, alternating: a single run; --concurrency 2; two worker processes at once (from a
# plan made beforehand) then `merge`. Medians of wall time and of CPU (user+sys of every edg
# process); the three reports must agree. Both servers share the machine's cores with edg, so
# the point here is no regression; the per-row cost gives the estimate for larger jobs.
# Usage: bench/scaleout.sh [rows] [rounds]   (servers as in .ci/run; psql, mysql, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
ROUNDS=${2:-5}
EDG=${EDG:-/var/tmp/edg-target/debug/edg}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
MY=${MY:-mysql://root@127.0.0.1:3306}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=1000
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_sbench" -c "CREATE DATABASE edg_sbench"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_sbench; CREATE DATABASE edg_sbench CHARACTER SET utf8mb4"
"$EDG" sync run -q --source-driver pgx --source-url "$PG/edg_sbench" --source-config bench/events.yaml \
  --target-driver mysql --target-url "$MY/edg_sbench" --target-config bench/events.yaml --rng-seed 7
psql -q "$PG/edg_sbench" -c "VACUUM ANALYZE events"
C=(--source-url "$PG/edg_sbench" --target-driver mysql --target-url "$MY/edg_sbench" --tables events)
"$EDG" sync verify -q "${C[@]}" >/dev/null # compiles and caches the plugins
"$EDG" sync verify plan -q --partitions 2 --out "$OUT/plan.json" "${C[@]}"
: > "$OUT/times"
for _ in $(seq "$ROUNDS"); do
  /usr/bin/time -a -o "$OUT/times" -f "single %e %U %S" "$EDG" sync verify -q "${C[@]}" --format json > "$OUT/single.json"
  /usr/bin/time -a -o "$OUT/times" -f "concurrency2 %e %U %S" "$EDG" sync verify -q "${C[@]}" --concurrency 2 --format json > "$OUT/conc.json"
  rm -rf "$OUT/parts"
  /usr/bin/time -a -o "$OUT/times" -f "workers2 %e %U %S" bash -c "
    '$EDG' sync verify -q ${C[*]} --plan '$OUT/plan.json' --partition 0/2 --report-out '$OUT/parts' &
    '$EDG' sync verify -q ${C[*]} --plan '$OUT/plan.json' --partition 1/2 --report-out '$OUT/parts'
    wait
    '$EDG' sync verify merge -q '$OUT/parts' --format json > '$OUT/merged.json'"
done
python3 - "$OUT" "$ROWS" <<'PY'
import collections, json, statistics, sys
out, rows = sys.argv[1], int(sys.argv[2])
d = collections.defaultdict(list)
for line in open(f"{out}/times"):
    k, w, u, s = line.split()
    d[k].append((float(w), float(u) + float(s)))
def strip(p):
    r = json.load(open(p))
    for t in r["tables"]:
        t.pop("duration_ms"); t.pop("difference_ranges", None)
    return r
same = strip(f"{out}/single.json") == strip(f"{out}/conc.json") == strip(f"{out}/merged.json")
print(f"rows={rows} rounds={len(d['single'])} reports agree: {same}")
for k in ("single", "concurrency2", "workers2"):
    w = statistics.median(x[0] for x in d[k]); c = statistics.median(x[1] for x in d[k])
    print(f"{k:13} wall {w:.2f}s  CPU {c:.2f}s  ({w / rows * 1e9:.0f} ns wall per row)")
PY
