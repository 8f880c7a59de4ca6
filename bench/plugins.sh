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
echo "== a third-party generator: the Rust scaffold's roll() vs the Python example's py_roll()"
TMP=$(mktemp -d)
"$EDG" plugins new dice --dir "$TMP" >/dev/null 2>&1
(cd "$TMP/dice" && cargo build -q --release --target wasm32-wasip2 --target-dir "$TMP/target")
cargo run -q --example plugin_file_bench -- "$TMP/target/wasm32-wasip2/release/dice.wasm" roll 6
if _examples/plugins/python-generator/build.sh "$TMP/python_generator.wasm" >/dev/null 2>&1; then
  cargo run -q --example plugin_file_bench -- "$TMP/python_generator.wasm" py_roll 6   # compiles, caches
  cargo run -q --example plugin_file_bench -- "$TMP/python_generator.wasm" py_roll 6
else
  echo "python: componentize-py could not be installed; skipped"
fi
rm -rf "$TMP"
