#!/usr/bin/env bash
# CDC: PostgreSQL logical replication between two private clusters (started here on free ports,
# stopped at the end). N rows of bench/events.yaml (timestamps, NULLs, non-ASCII text, decimals)
# are written to the source only, with --manifest; then:
#   1. `sync verify --converge` right away: the time to consistency edg reports (from each row's
#      commit), against the replication's own lag (pg_stat_replication.replay_lag on the source,
#      sampled every 100 ms from the start of the run to the end of verify);
#   2. once everything has arrived: plain verify vs --converge, alternating, median wall time of
#      ROUNDS each (a first pass that finds nothing must cost nothing extra).
# Then the same for a MariaDB primary and binlog replica (private mariadbd instances), against
# SHOW SLAVE STATUS's Seconds_Behind_Master sampled the same way.
# Usage (as root; the clusters run as the postgres user): bench/cdc.sh [rows] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-100000}
ROUNDS=${2:-7}
EDG=${EDG:-/var/tmp/edg-target/debug/edg}
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=1000
DIR=$(mktemp -d /tmp/edg-cdc-bench.XXXXXX)
chown postgres "$DIR"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SP=$(port); TP=$(port)
summary() {
python3 - "$DIR" "$1" <<'PY'
import json, sys
d, lagname = sys.argv[1], sys.argv[2]
r = json.load(open(f"{d}/report.json"))
t = r["tables"][0]; c = t["converge"]
lags = [float(l.split("|")[1]) for l in open(f"{d}/lag") if "|" in l and l.split("|")[1].strip() not in ("", "NULL")]
print(f"rows={t['source_rows']} first-pass differences={c['first_pass_differences']} keys={c['first_pass_keys']} passes={c['passes']}")
k = c.get("key_time_to_consistency_ms")
print("edg key time to consistency (ms, from each row's commit):", f"p50={k['p50']} p99={k['p99']} max={k['max']}" if k else "none (no row differed)")
print(f"edg table time to consistency (ms, from the last commit): {c.get('table_time_to_consistency_ms')}")
print(f"{lagname} (ms): samples={len(lags)} max={max(lags, default=0)*1000:.0f} nonzero={sum(1 for x in lags if x > 0)}")
PY
}
as_pg() { runuser -u postgres -- "$@"; }
as_pg "$BIN/initdb" -D "$DIR/src" -A trust -U postgres --no-sync >/dev/null
as_pg "$BIN/initdb" -D "$DIR/dst" -A trust -U postgres --no-sync >/dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/src" -l "$DIR/src.log" -o "-p $SP -k $DIR -c wal_level=logical -c fsync=off" -w start >/dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/dst" -l "$DIR/dst.log" -o "-p $TP -k $DIR -c fsync=off" -w start >/dev/null
MARIA_PIDS=()
SAMPLER=
cleanup() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  as_pg "$BIN/pg_ctl" -D "$DIR/src" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$BIN/pg_ctl" -D "$DIR/dst" -m immediate stop >/dev/null 2>&1 || true
  for p in "${MARIA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  rm -rf "$DIR"
}
trap cleanup EXIT
SRC="postgres://postgres@127.0.0.1:$SP/postgres"
DST="postgres://postgres@127.0.0.1:$TP/postgres"
"$EDG" up -q --driver pgx --url "$SRC" --config bench/events.yaml
"$EDG" up -q --driver pgx --url "$DST" --config bench/events.yaml
psql -q "$SRC" -c "CREATE PUBLICATION edg_pub FOR ALL TABLES"
psql -q "$DST" -c "CREATE SUBSCRIPTION edg_sub CONNECTION 'host=127.0.0.1 port=$SP dbname=postgres user=postgres' PUBLICATION edg_pub"

# The replication's own view of lag, sampled until verify has converged.
(while :; do
   psql -At "$SRC" -c "SELECT extract(epoch FROM clock_timestamp()), coalesce(extract(epoch FROM replay_lag), 0) FROM pg_stat_replication" 2>/dev/null
   sleep 0.1
 done) > "$DIR/lag" &
SAMPLER=$!
"$EDG" sync run -q --source-driver pgx --source-url "$SRC" --source-config bench/events.yaml --rng-seed 7 \
  --manifest "$DIR/manifest.json"
"$EDG" sync verify -q --source-url "$SRC" --target-url "$DST" --tables events --converge 300s \
  --manifest "$DIR/manifest.json" --format json > "$DIR/report.json"
sleep 0.3
kill $SAMPLER
echo "== PostgreSQL logical replication"
summary "pg_stat_replication.replay_lag"


# Plain verify vs --converge on tables that are already consistent, alternating: DRIVER SRC DST.
rounds() {
  local plain=() conv=()
  for _ in $(seq "$ROUNDS"); do
    plain+=("$(t "$EDG" sync verify --source-driver "$1" --source-url "$2" --target-driver "$1" --target-url "$3" --tables events)")
    conv+=("$(t "$EDG" sync verify --source-driver "$1" --source-url "$2" --target-driver "$1" --target-url "$3" --tables events --converge 60s)")
  done
  python3 - "${plain[*]}" "${conv[*]}" <<'PY'
import statistics, sys
p = [float(x) for x in sys.argv[1].split()]; c = [float(x) for x in sys.argv[2].split()]
print(f"consistent tables, {len(p)} alternating rounds: plain verify median {statistics.median(p):.3f}s, --converge median {statistics.median(c):.3f}s ({statistics.median(c)/statistics.median(p):.2f}x)")
PY
}

t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); python3 -c "print($e-$s)"; }
rounds pgx "$SRC" "$DST"

echo "== MariaDB binlog replica"
maria() { # name port server-id extra...
  local name=$1 port=$2 id=$3; shift 3
  mariadb-install-db --no-defaults --datadir="$DIR/$name" --auth-root-authentication-method=normal --skip-test-db --user=root >/dev/null 2>&1
  mariadbd --no-defaults --datadir="$DIR/$name" --character-set-server=utf8mb4 --port="$port" --socket="$DIR/$name.sock" --bind-address=127.0.0.1 \
    --skip-name-resolve --innodb-buffer-pool-size=256M --server-id="$id" --user=root --log-error="$DIR/$name.err" "$@" &
  MARIA_PIDS+=($!)
  for _ in $(seq 60); do mysql -h 127.0.0.1 -P "$port" -uroot -e "SELECT 1" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "mariadbd $name did not start"; exit 1
}
MP=$(port); RP=$(port)
maria primary "$MP" 1 --log-bin=primary-bin --binlog-format=ROW
maria replica "$RP" 2 --relay-log=replica-relay
mysql -h 127.0.0.1 -P "$MP" -uroot -e "CREATE DATABASE bench CHARACTER SET utf8mb4"
mysql -h 127.0.0.1 -P "$RP" -uroot -e "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$MP, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=no; START SLAVE"
MSRC="mysql://root@127.0.0.1:$MP/bench"; MDST="mysql://root@127.0.0.1:$RP/bench"
(while :; do
   echo "$(date +%s.%N)|$(mysql -h 127.0.0.1 -P "$RP" -uroot -e 'SHOW SLAVE STATUS\G' 2>/dev/null | sed -n 's/ *Seconds_Behind_Master: //p')"
   sleep 0.1
 done) > "$DIR/lag" &
SAMPLER=$!
"$EDG" sync run -q --source-driver mysql --source-url "$MSRC" --source-config bench/events.yaml --rng-seed 7 \
  --manifest "$DIR/manifest.json"
"$EDG" sync verify -q --source-driver mysql --source-url "$MSRC" --target-driver mysql --target-url "$MDST" \
  --tables events --converge 300s --manifest "$DIR/manifest.json" --format json > "$DIR/report.json"
sleep 0.3
kill $SAMPLER
summary "Seconds_Behind_Master (whole seconds)"
rounds mysql "$MSRC" "$MDST"
