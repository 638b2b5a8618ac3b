#!/usr/bin/env bash
# The benchmark suite (issue 7), one command:   bash tests/bench/run.sh [--gpu] [model ...]
# (--gpu: only the WebGPU cases, in Chromium on the SwiftShader adapter)
# Installs what it needs (tests/bench/.venv, npm packages, Chromium), builds the models and the
# glue's wasm32 runtime when missing, then measures every case in this one session and prints
# the table; results in tests/bench/results/latest.json.
# Env: BENCH_ITERS (max timed calls per case, 100), BENCH_BUDGET_MS (time per case, 5000),
#      BENCH_REBUILD=1 (rebuild the models; they are rebuilt anyway when build_models.py or Weft's
#      transform spec changes).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$here/setup.sh"
only=(); [[ "${1:-}" != --gpu ]] || { only=(--gpu); shift; }
models=("$@"); [[ ${#models[@]} -gt 0 ]] || models=(mlp mobilenet_v2 resnet18 minilm)
missing=()
for m in "${models[@]}"; do
  [[ "${BENCH_REBUILD:-0}" != 1 && "$here/build/$m.done" -nt "$here/build_models.py" \
     && "$here/build/$m.done" -nt "$root/glue/target/spec.mlir" ]] || missing+=("$m")
done
[[ ${#missing[@]} -eq 0 ]] || bash "$here/build-models.sh" "${missing[@]}"
if [[ ! -f "$here/build/tiny.wasm32.vmfb" || "$here/tiny.mlir" -nt "$here/build/tiny.wasm32.vmfb" ]]; then
  PATH="$here/.venv/bin:$PATH" "$here/.venv/bin/iree-compile" $(bash "$root/tests/scripts/build-fixtures.sh" --flags wasm32) \
    "$here/tiny.mlir" -o "$here/build/tiny.wasm32.vmfb"
fi
[[ -f "$root/glue/pkg/weft_runtime_bg.wasm" ]] || bash "$root/glue/build.sh"
exec "$here/.venv/bin/python" "$here/run.py" "${only[@]}" "${models[@]}"
