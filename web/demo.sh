#!/usr/bin/env bash
# The browser demo in one command: builds the wasm32 runtime (glue/build.sh), compiles the
# sample programs for wasm32 (tests/programs/samples, with the IREE 3.13.0 compiler in .venv),
# then serves web/ on 127.0.0.1 with the cross-origin isolation headers and prints the URL.
# The server stays in the foreground (Ctrl-C stops it).
#
#   bash web/demo.sh              # http://127.0.0.1:8080/
#   bash web/demo.sh --port=9000  # another port (--port=0 picks a free one)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

step() { printf '\n=== %s\n' "$*"; }

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "web/demo.sh: Node.js >= 20 is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

step "wasm32 runtime (glue/build.sh)"
bash glue/build.sh

step "sample programs (tests/programs/samples -> tests/build/samples)"
bash tests/scripts/build-fixtures.sh samples

step "serving web/ (Ctrl-C stops)"
exec node web/serve.mjs "${@:---port=8080}"
