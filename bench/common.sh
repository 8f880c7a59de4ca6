# Sourced first by the benchmark scripts (`. "$(dirname "$0")/common.sh"`): strict mode, the
# repository root as the working directory, the defaults they share, and their helpers.
set -euo pipefail
cd "$(dirname "$0")/.."

# The binary (a script may set another default before sourcing this), the servers as .ci/run
# starts them, and the data shaped like users' (bench/orders.yaml; CONFIG=bench/events.yaml
# TABLE=events for timestamps, NULLs, non-ASCII text and decimals).
EDG=${EDG:-/var/tmp/edg-target/release/edg}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
MY=${MY:-mysql://root@127.0.0.1:3306}
CONFIG=${CONFIG:-bench/orders.yaml}
TABLE=${TABLE:-orders}

# The median of the arguments, with MEDIAN_DIGITS decimals (2 unless the script sets it).
median() {
    python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[2:])):.{int(sys.argv[1])}f}')" \
        "${MEDIAN_DIGITS:-2}" "$@"
}

# The machine's busy CPU-seconds so far: every process (edg, the clients and the servers), since
# on a small machine the servers' CPU bounds what edg can do as much as its own.
busy() { awk '/^cpu /{print ($2+$3+$4+$7+$8)/100}' /proc/stat; }
