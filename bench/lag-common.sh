# Sourced by bench/lag.sh and bench/lag-mariadb.sh, after they define `run` (the workload, with
# its extra flags), DST (the pipeline's target), DIR and ROUNDS, and start a sampler appending the
# pipeline's own lag to $DIR/theirs.
without=(); with=(); : > "$DIR/ours"
plain() { without+=("$(run | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["success_count"] / r["elapsed_s"])')"); }
probed() {
  with+=("$(run --target-url "$DST" | python3 -c 'import json,sys; r=json.load(sys.stdin); l=r["lag_ms"]; open(sys.argv[1], "a").write("%d %d %d\n" % (l["p50"], l["p99"], l["max"])); print(r["success_count"] / r["elapsed_s"])' "$DIR/ours")")
}
# ABBA: the tables grow run by run, so neither side always runs on the larger data.
abba() {
  for i in $(seq "$ROUNDS"); do
    if [ $((i % 2)) -eq 1 ]; then plain; probed; else probed; plain; fi
  done
}
# The probe's cost and both views of lag; $1 names the pipeline's own measure, $2 scales its
# samples to milliseconds.
summary() {
  python3 - "$DIR" "${without[*]}" "${with[*]}" "$1" "$2" <<'PY'
import statistics, sys
d, wo, wi = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
name, scale = sys.argv[4], float(sys.argv[5])
mw, mi = statistics.median(wo), statistics.median(wi)
print(f"ops/s without the probe: {' '.join(f'{x:.0f}' for x in wo)}  median {mw:.0f}")
print(f"ops/s with the probe:    {' '.join(f'{x:.0f}' for x in wi)}  median {mi:.0f}  ({(mi / mw - 1) * 100:+.1f} %)")
ours = [list(map(int, l.split())) for l in open(f"{d}/ours")]
theirs = sorted(float(l) * scale for l in open(f"{d}/theirs") if l.strip())
q = lambda v, p: v[min(len(v) - 1, int(p * len(v)))]
print("edg lag per probed run (ms, p50/p99/max):", "  ".join(f"{a}/{b}/{c}" for a, b, c in ours))
print(f"{name} samples (ms): n={len(theirs)} p50={q(theirs, .5):.0f} p99={q(theirs, .99):.0f} max={theirs[-1]:.0f}")
PY
}
