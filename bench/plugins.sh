#!/usr/bin/env bash
# Plugin platform costs: per value through the wasm generator vs the same code run natively,
# normalizer throughput, and the wall time of `edg plugins list` (built-ins, warm cache).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== native (the same fake calls in the host) vs through wasmtime (batched call)"
cargo run -q --example plugin_bench
echo "== edg plugins list"
EDG=$(cargo build -q --message-format=json 2>/dev/null | python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("executable") and m["target"]["name"]=="edg": print(m["executable"])' | tail -n1)
"$EDG" plugins list >/dev/null  # fills the compile cache
python3 - "$EDG" <<'PY'
import subprocess, sys, time
runs = []
for _ in range(20):
    t = time.perf_counter(); subprocess.run([sys.argv[1], "plugins", "list"], stdout=subprocess.DEVNULL, check=True); runs.append(time.perf_counter() - t)
runs.sort()
print(f"edg plugins list: median {runs[10]*1000:.1f} ms, min {runs[0]*1000:.1f} ms over 20 runs")
PY
