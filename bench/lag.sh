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
# The sampler runs through every run, probed or not: a psql every 200 ms costs CPU too, and
# it must not fall on one side only.
( while true; do psql -qAt "$SRC" -c "SELECT COALESCE(EXTRACT(EPOCH FROM replay_lag) * 1000, 0) FROM pg_stat_replication" >> "$DIR/theirs"; sleep 0.2; done ) &
SAMPLER=$!
. bench/lag-common.sh
abba
summary replay_lag 1
