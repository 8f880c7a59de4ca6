#!/usr/bin/env bash
# Lag under load through a MariaDB binlog replica: two private servers (started here on free
# ports, stopped at the end), the _examples/cdc workload at 4 workers on the primary.
#   1. the probe's cost: operations per second without and with --target-url (a heartbeat
#      written and read every 100 ms), alternating ABBA, ROUNDS runs of SECS each, medians;
#   2. the lag edg reports (p50/p99/max of each probed run) against the replica's own view,
#      Seconds_Behind_Master, sampled every 200 ms throughout (whole seconds: that is its unit).
# Usage (as root; mariadbd runs as root here): bench/lag-mariadb.sh [rounds] [secs]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-2}
SECS=${2:-60}
EDG=${EDG:-/var/tmp/edg-target/debug/edg}
CFG=_examples/cdc/mysql.yaml
DIR=$(mktemp -d /tmp/edg-lag-maria.XXXXXX)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PP=$(port); RP=$(port)
PIDS=(); SAMPLER=
cleanup() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT
start() { # name port extra…
  local name=$1 p=$2; shift 2
  mariadb-install-db --no-defaults --datadir="$DIR/$name" --auth-root-authentication-method=normal \
    --skip-test-db --user=root >/dev/null 2>&1
  mariadbd --no-defaults --datadir="$DIR/$name" --port="$p" --socket="$DIR/$name.sock" \
    --pid-file="$DIR/$name.pid" --bind-address=127.0.0.1 --skip-name-resolve --innodb-buffer-pool-size=64M \
    --innodb-flush-log-at-trx-commit=0 --log-error="$DIR/$name.err" --user=root "$@" >/dev/null 2>&1 &
  PIDS+=($!)
  for _ in $(seq 150); do mysql -h127.0.0.1 -P"$p" -uroot -e "SELECT 1" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "MariaDB $name did not start" >&2; exit 1
}
start primary "$PP" --log-bin=primary-bin --server-id=1 --binlog-format=ROW
start replica "$RP" --server-id=2 --relay-log=replica-relay
mysql -h127.0.0.1 -P"$PP" -uroot -e "CREATE DATABASE test"
mysql -h127.0.0.1 -P"$RP" -uroot -e "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$PP, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=no; START SLAVE"
SRC="mysql://root@127.0.0.1:$PP/test"
DST="mysql://root@127.0.0.1:$RP/test"
"$EDG" up -q --driver mysql --url "$SRC" --config $CFG          # the binlog carries the DDL
"$EDG" seed -q --driver mysql --url "$SRC" --config $CFG
sleep 3
run() { "$EDG" run -q --driver mysql --url "$SRC" --config $CFG -w 4 -d "${SECS}s" --format json "$@"; }
( while true; do
    mysql -h127.0.0.1 -P"$RP" -uroot -e "SHOW SLAVE STATUS\G" 2>/dev/null | sed -n 's/^ *Seconds_Behind_Master: \([0-9]*\)$/\1/p' >> "$DIR/theirs"
    sleep 0.2
  done ) &
SAMPLER=$!
. bench/lag-common.sh
abba
summary Seconds_Behind_Master 1000
