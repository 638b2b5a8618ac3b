#!/usr/bin/env bash
# Builds glue/wgsl's translator module (the weft-wgsl-module crate) into glue/pkg/weft_wgsl.wasm
# and prints its size, raw and gzipped. Its own memory, no threads: it only runs when a program
# with GPU executables loads, so it is optimised for size. Run by glue/build.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out=glue/pkg
mkdir -p "$out"
cargo build --quiet -p weft-wgsl-module --release --target wasm32-unknown-unknown \
  --target-dir target/wgsl --config "profile.release.opt-level='z'" --config profile.release.strip=true
cp target/wgsl/wasm32-unknown-unknown/release/weft_wgsl_module.wasm "$out/weft_wgsl.wasm"
printf '%-32s %9d bytes, %9d gzipped\n' "weft_wgsl.wasm" "$(stat -c %s "$out/weft_wgsl.wasm")" "$(gzip -9c "$out/weft_wgsl.wasm" | wc -c)"
