# Sourced by the benchmark scripts (after `set -euo pipefail` and `cd` to the repository root):
# the helpers they share.

# The median of the arguments, with MEDIAN_DIGITS decimals (2 unless the script sets it).
median() {
    python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[2:])):.{int(sys.argv[1])}f}')" \
        "${MEDIAN_DIGITS:-2}" "$@"
}

# The machine's busy CPU-seconds so far: every process (edg, the clients and the servers), since
# on a small machine the servers' CPU bounds what edg can do as much as its own.
busy() { awk '/^cpu /{print ($2+$3+$4+$7+$8)/100}' /proc/stat; }
