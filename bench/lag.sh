#!/usr/bin/env bash
# Lag under load: PostgreSQL logical replication between two private clusters (started here on
# free ports, stopped at the end) under the _examples/cdc workload at 4 workers.
#   1. the probe's cost: the workload's operations per second without and with --target-url
#      (a heartbeat written and read every 100 ms), alternating ABBA, ROUNDS of SECS each, medians;
#   2. the lag edg reports (its run's p50/p99/max) against pg_stat_replication.replay_lag sampled
#      every 200 ms on the source throughout (p50/p99/max of the samples).
# Usage (as root; the clusters run as the postgres user): bench/lag.sh [rounds] [secs]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
SECS=${2:-10}
EDG=${EDG:-/var/tmp/edg-target/debug/edg}
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
CFG=_examples/cdc/postgres.yaml
DIR=$(mktemp -d /tmp/edg-lag-bench.XXXXXX)
chown postgres "$DIR"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SP=$(port); TP=$(port)
as_pg() { runuser -u postgres -- "$@"; }
as_pg "$BIN/initdb" -D "$DIR/src" -A trust -U postgres --no-sync >/dev/null
as_pg "$BIN/initdb" -D "$DIR/dst" -A trust -U postgres --no-sync >/dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/src" -l "$DIR/src.log" -o "-p $SP -k $DIR -c wal_level=logical" -w start >/dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/dst" -l "$DIR/dst.log" -o "-p $TP -k $DIR" -w start >/dev/null
SAMPLER=
cleanup() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  as_pg "$BIN/pg_ctl" -D "$DIR/src" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$BIN/pg_ctl" -D "$DIR/dst" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
SRC="postgres://postgres@127.0.0.1:$SP/postgres"
DST="postgres://postgres@127.0.0.1:$TP/postgres"
"$EDG" up -q --driver pgx --url "$SRC" --config $CFG
"$EDG" up -q --driver pgx --url "$DST" --config $CFG
psql -q "$SRC" -c "CREATE PUBLICATION edg_pub FOR ALL TABLES"
psql -q "$DST" -c "CREATE SUBSCRIPTION edg_sub CONNECTION 'host=127.0.0.1 port=$SP dbname=postgres user=postgres' PUBLICATION edg_pub"
"$EDG" seed -q --driver pgx --url "$SRC" --config $CFG
sleep 3
run() { "$EDG" run -q --driver pgx --url "$SRC" --config $CFG -w 4 -d "${SECS}s" --print-interval 1h --format json "$@"; }
without=(); with=(); : > "$DIR/ours"
# The sampler runs through every run, probed or not: a psql every 200 ms costs CPU too, and
# it must not fall on one side only.
( while true; do psql -qAt "$SRC" -c "SELECT COALESCE(EXTRACT(EPOCH FROM replay_lag) * 1000, 0) FROM pg_stat_replication" >> "$DIR/theirs"; sleep 0.2; done ) &
SAMPLER=$!
plain() { without+=("$(run | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["success_count"] / r["elapsed_s"])')"); }
probed() {
  with+=("$(run --target-url "$DST" | python3 -c 'import json,sys; r=json.load(sys.stdin); l=r["lag_ms"]; open(sys.argv[1], "a").write("%d %d %d\n" % (l["p50"], l["p99"], l["max"])); print(r["success_count"] / r["elapsed_s"])' "$DIR/ours")")
}
# ABBA: the tables grow run by run, so neither side always runs on the larger data.
for i in $(seq "$ROUNDS"); do
  if [ $((i % 2)) -eq 1 ]; then plain; probed; else probed; plain; fi
done
python3 - "$DIR" "${without[*]}" "${with[*]}" <<'PY'
import statistics, sys
d, wo, wi = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
mw, mi = statistics.median(wo), statistics.median(wi)
print(f"ops/s without the probe: {' '.join(f'{x:.0f}' for x in wo)}  median {mw:.0f}")
print(f"ops/s with the probe:    {' '.join(f'{x:.0f}' for x in wi)}  median {mi:.0f}  ({(mi / mw - 1) * 100:+.1f} %)")
ours = [list(map(int, l.split())) for l in open(f"{d}/ours")]
theirs = sorted(float(l) for l in open(f"{d}/theirs") if l.strip())
q = lambda v, p: v[min(len(v) - 1, int(p * len(v)))]
print("edg lag per run (ms, p50/p99/max):", "  ".join(f"{a}/{b}/{c}" for a, b, c in ours))
print(f"replay_lag samples (ms): n={len(theirs)} p50={q(theirs, .5):.0f} p99={q(theirs, .99):.0f} max={theirs[-1]:.0f}")
PY
