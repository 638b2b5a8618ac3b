#!/usr/bin/env bash
# Creates .venv at the repository root with the IREE compiler and reference runtime that Weft
# targets. Idempotent: a venv that already has the pinned versions is left alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.venv"
want="iree-base-compiler==3.13.0 iree-base-runtime==3.13.0 numpy==2.2.6 onnx==1.18.0 gguf==0.19.0"
stamp="$venv/.weft-requirements"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
# An existing venv (or a link to one, as in a git worktree) is reused.
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check $want
echo "$want" > "$stamp"
