#!/usr/bin/env bash
# sync verify on an N-row orders table, PostgreSQL ↔ MariaDB: identical, then with 0.1 % of rows
# changed. In the same run: the raw ordered scan of each side (psql \copy, mysql --quick) and
# reladiff (PyPI) on the same tables. Peak RSS from /usr/bin/time.
# Usage: bench/verify.sh [rows]   (seeds edg_vbench on both servers with bench/orders.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
EDG=${EDG:-/var/tmp/edg-target/debug/edg}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
MY=${MY:-mysql://root@127.0.0.1:3306}
VENV=${VENV:-/var/tmp/reladiff-venv}
export EDG_BENCH_ROWS=$ROWS EDG_BENCH_BATCH=1000
[ -x "$VENV/bin/reladiff" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q reladiff psycopg2-binary mysql-connector-python; }

psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS edg_vbench" -c "CREATE DATABASE edg_vbench"
mysql -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS edg_vbench; CREATE DATABASE edg_vbench"
"$EDG" sync run --source-driver pgx --source-url "$PG/edg_vbench" --source-config bench/orders.yaml \
  --target-driver mysql --target-url "$MY/edg_vbench" --target-config bench/orders.yaml --rng-seed 7 2>/dev/null
psql -q "$PG/edg_vbench" -c "VACUUM ANALYZE orders"

secs() { python3 -c "print(f'{$2-$1:.2f}')"; }
now() { date +%s.%N; }
verify() {
  /usr/bin/time -f "%M" -o /tmp/edg-verify-rss "$EDG" sync verify --source-driver pgx --source-url "$PG/edg_vbench" \
    --target-driver mysql --target-url "$MY/edg_vbench" --tables orders >/dev/null 2>/tmp/edg-verify-log || true
}
echo "rows=$ROWS binary=$EDG"
s=$(now); psql -q "$PG/edg_vbench" -c "\\copy (SELECT * FROM orders ORDER BY id) TO '/dev/null'"; e=$(now); pg_scan=$(secs $s $e)
s=$(now); mysql --quick -h 127.0.0.1 -uroot edg_vbench -e "SELECT * FROM orders ORDER BY id" >/dev/null; e=$(now); my_scan=$(secs $s $e)
echo "raw scan postgres: ${pg_scan}s  mariadb: ${my_scan}s"
slower=$(python3 -c "print(max($pg_scan, $my_scan))")
# Both scans at once, as verify reads: with both servers on this machine's two cores, this is the
# floor for any tool that reads both sides, whatever it does with the rows.
s=$(now)
psql -q "$PG/edg_vbench" -c "\\copy (SELECT * FROM orders ORDER BY id) TO '/dev/null'" &
mysql --quick -h 127.0.0.1 -uroot edg_vbench -e "SELECT * FROM orders ORDER BY id" >/dev/null
wait
e=$(now); both_scan=$(secs $s $e)
echo "raw scans of both sides at once: ${both_scan}s ($(python3 -c "print(f'{$both_scan/$slower:.2f}')")x the slower scan alone)"

# Median of three runs: single runs on two shared cores vary by ±10 %.
median3() {
  local a b c
  s=$(now); verify; e=$(now); a=$(secs $s $e)
  s=$(now); verify; e=$(now); b=$(secs $s $e)
  s=$(now); verify; e=$(now); c=$(secs $s $e)
  python3 -c "print(sorted([$a, $b, $c])[1])"
}
t_same=$(median3)
echo "edg verify identical (median of 3): ${t_same}s  peak RSS $(( $(tail -n1 /tmp/edg-verify-rss) / 1024 )) MB  ($(tail -n1 /tmp/edg-verify-log))"
python3 -c "print(f'  vs slower raw scan: {$t_same/$slower:.2f}x, vs both scans at once: {$t_same/$both_scan:.2f}x')"

mysql -h 127.0.0.1 -uroot edg_vbench -e "UPDATE orders SET amount = amount + 1 WHERE id % 1000 = 0"
t_diff=$(median3)
echo "edg verify 0.1% changed (median of 3): ${t_diff}s  peak RSS $(( $(tail -n1 /tmp/edg-verify-rss) / 1024 )) MB  ($(tail -n1 /tmp/edg-verify-log))"

s=$(now)
"$VENV/bin/reladiff" "postgresql://postgres@127.0.0.1:5432/edg_vbench" orders "mysql://root@127.0.0.1:3306/edg_vbench" orders \
  -k id -c user_id -c amount -c status -c email -s > /tmp/reladiff.out 2>&1 || true
e=$(now); t_rd=$(secs $s $e)
echo "reladiff 0.1% changed: ${t_rd}s  ($(grep -iE 'different|rows' /tmp/reladiff.out | head -n 3 | tr '\n' ' '))"
python3 -c "print(f'  edg speed-up over reladiff: {$t_rd/$t_diff:.1f}x')"
