#!/usr/bin/env bash
# Build python_generator.wasm with componentize-py (pinned) in a venv of its own.
# Usage: build.sh [OUT.wasm]   (VENV to reuse a venv; default /var/tmp/edg-cpy-venv)
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-/var/tmp/edg-cpy-venv}
OUT=${1:-python_generator.wasm}
if [ ! -x "$VENV/bin/componentize-py" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "componentize-py==0.25.1"
fi
"$VENV/bin/componentize-py" -d ../../../wit -w generator-plugin componentize app -o "$OUT"
