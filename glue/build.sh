#!/usr/bin/env bash
# Builds Weft's wasm32 runtime into glue/pkg (gitignored): weft_runtime_bg.wasm, the
# wasm-bindgen JS it is loaded with, Weft's kernel module (glue/kernels/build.sh) and the WGSL
# translator module (glue/wgsl/build.sh).
# Idempotent; installs what it needs (the pinned toolchain and its rust-src, wasm-bindgen-cli
# 0.2.130); fails loudly. Prints the sizes, raw and gzipped.
#
#   bash glue/build.sh            # release build
#   WEFT_KEEP_NAMES=1 bash ...    # keep the name section (readable wasm stack traces)
#   WEFT_DEBUG_EXPORTS=1 bash ... # with the test entries (debug_*) the glue tests need
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

WASM_BINDGEN_VERSION=0.2.130   # must equal the `=` pin in Cargo.toml (workspace dependencies)
out=glue/pkg

# Toolchain from rust-toolchain.toml (sessions may run with RUSTUP_AUTO_INSTALL=0).
rustup toolchain install >/dev/null
toolchain="$(rustup show active-toolchain | cut -d' ' -f1)"
rustup component add --toolchain "$toolchain" rust-src >/dev/null

if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a few minutes)"
  # Not --locked: its lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# The alias (.cargo/config.toml) adds build-std, +atomics and the shared-memory link args.
features=()
[ "${WEFT_DEBUG_EXPORTS:-0}" = 1 ] && features+=(--features debug-exports)
cargo build-runtime "${features[@]}"
wasm=target/glue/wasm32-unknown-unknown/release/weft_bindings.wasm

# --experimental-reset-state-function: a direct runtime whose instance a trap left unusable
# starts again on a fresh instance of the same module (glue/js/runtime.mjs).
flags=(--target web --out-dir "$out" --out-name weft_runtime --experimental-reset-state-function)
[ "${WEFT_KEEP_NAMES:-0}" = 1 ] || flags+=(--remove-name-section --remove-producers-section)
rm -rf "$out"
wasm-bindgen "${flags[@]}" "$wasm"

# wasm-bindgen 0.2.130's reset instantiates with a new memory of the module's default limits;
# Weft's runtime imports the memory JS made for it (the caller's maximum, the one kernels and
# pool workers share), so the reset is given that memory. Stops if the generated code changed.
node --input-type=module -e "
  import { readFileSync, writeFileSync } from 'node:fs';
  const edits = {
    'weft_runtime.js': [
      ['export function __wbg_reset_state () {', 'export function __wbg_reset_state (memory) {'],
      ['new WebAssembly.Instance(wasmModule, __wbg_get_imports());', 'new WebAssembly.Instance(wasmModule, __wbg_get_imports(memory));'],
    ],
    'weft_runtime.d.ts': [
      ['export function __wbg_reset_state(): void;', 'export function __wbg_reset_state(memory: WebAssembly.Memory): void;'],
    ],
  };
  for (const [name, pairs] of Object.entries(edits)) {
    const file = '$out/' + name;
    let text = readFileSync(file, 'utf8');
    for (const [from, to] of pairs) {
      if (text.split(from).length !== 2) { console.error('glue/build.sh: wasm-bindgen output changed; cannot give __wbg_reset_state a memory: ' + name + ': ' + from); process.exit(1); }
      text = text.replace(from, to);
    }
    writeFileSync(file, text);
  }
"

# The runtime must import a shared memory (kernels and worker threads share it).
node --input-type=module -e "
  import { importedMemory } from './glue/js/wasm-limits.mjs';
  import { readFileSync } from 'node:fs';
  const m = importedMemory(readFileSync('$out/weft_runtime_bg.wasm'));
  if (!m || !m.shared) { console.error('glue/build.sh: the runtime does not import a shared memory'); process.exit(1); }
"

# The transform spec and the kernel lists are generated from glue/target/kernel-table.mjs and
# checked in: stop when one is stale (the message says how to regenerate).
node glue/target/gen-spec.mjs --check

# Weft's kernel module (both builds) next to the runtime.
bash glue/kernels/build.sh

# The WGSL translator the WebGPU device loads on a program's first GPU executable.
bash glue/wgsl/build.sh

for f in "$out/weft_runtime_bg.wasm" "$out/weft_runtime.js"; do
  printf '%-32s %9d bytes, %9d gzipped\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
