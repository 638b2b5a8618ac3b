#!/usr/bin/env bash
# Runs every Weft test on a fresh machine: installs the pinned toolchain and the IREE
# compiler/runtime, compiles the test programs, records the reference runtime's answers,
# then runs the Rust tests. Fails loudly at the first failing step.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

step() { printf '\n=== %s\n' "$*"; }

# Every test runner's output also goes to this log, so the run can end with one total.
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
counted() { "$@" 2>&1 | tee -a "$results"; }

# Sums cargo's `test result: ok. N passed; M failed` and node's `# pass N` / `# fail M`.
summary() {
  local passed failed
  passed=$(grep -hoE '(test result: [a-zA-Z]+\. [0-9]+ passed|^# pass [0-9]+)' "$results" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  failed=$(grep -hoE '([0-9]+ failed;|^# fail [0-9]+)' "$results" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  printf '\nweft: %s passed, %s failed\n' "$passed" "$failed"
}

step "toolchain (rust-toolchain.toml)"
rustup toolchain install
rustc --version

step "IREE 3.13.0 compiler and reference runtime (.venv)"
bash tests/scripts/setup-python.sh

step "build the ONNX corpus graphs (onnx package) and import them with iree-import-onnx"
.venv/bin/python tests/scripts/make-onnx-corpus.py

step "compile test programs"
bash tests/scripts/build-fixtures.sh

step "record reference-runtime results"
.venv/bin/python tests/scripts/oracle.py

step "rt-core builds without std for wasm32"
cargo build --quiet -p rt-core --target wasm32-unknown-unknown

step "cargo test"
counted cargo test --workspace --no-fail-fast

step "coverage of the ISA and the hal module by the test programs"
counted cargo test --quiet -p rt-core --features op-counts --test all -- --nocapture coverage_report

step "fuzz the .vmfb loader and the side-module linker briefly (seeded with the real programs)"
bash tests/scripts/fuzz.sh 20

step "glue: wasm32 runtime with shared memory and the test entries (WEFT_DEBUG_EXPORTS=1 glue/build.sh)"
command -v node >/dev/null || { echo "Node.js >= 20 is required for the glue tests" >&2; exit 1; }
# npm pack's prepack below rebuilds glue/pkg without them (only glue recompiles: seconds).
WEFT_DEBUG_EXPORTS=1 bash glue/build.sh

step "glue: JS dependencies (npm ci) and Chromium for the browser test"
npm ci --no-audit --no-fund
if [ -z "${WEFT_CHROMIUM:-}" ] && ! command -v chromium >/dev/null; then
  apt-get update && apt-get install -y chromium
fi

step "glue: Node tests (worker/direct/seed APIs, CLI, wasm kernels and Chromium vs the reference runtime)"
counted node --test glue/tests/

step "robustness: a short mutation campaign through the JS API, worker and direct runtimes (fails on any hang, crash or poisoned runtime)"
node tests/robustness/mutate.mjs --mode=worker --seed=1 --count=600
node tests/robustness/mutate.mjs --mode=direct --seed=1 --count=600

step "web: Chromium, playwright-core (the root's package-lock.json), onnxruntime-web (tests/bench/package-lock.json)"
bash tests/web/setup.sh

step "web: the pages in a real browser against the samples' oracles (index.html, benchmarks.html and its model suite vs ONNX Runtime Web, errors; screenshots in tests/build/web/)"
counted node --test --test-concurrency=1 tests/web/

step "package: npm pack (prepack builds glue/pkg), then the tarball installed outside the checkout: Node, npx weft, TypeScript, Vite and plain HTML in Chromium"
mkdir -p tests/build/package
rm -f tests/build/package/*.tgz
npm pack --pack-destination tests/build/package
export WEFT_TARBALL="$(ls "$root"/tests/build/package/*.tgz)"
counted node --test --test-concurrency=1 tests/package/

summary
