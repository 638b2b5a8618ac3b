#!/usr/bin/env bash
# Builds the benchmark models into tests/bench/build/: ONNX exports (fixed seeds), inputs,
# ONNX Runtime reference outputs, and .vmfb files for wasm32 (Weft) and host (native IREE).
# Usage: bash tests/bench/build-models.sh [mlp mobilenet_v2 resnet18 minilm]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
exec "$here/.venv/bin/python" "$here/build_models.py" "$@"
