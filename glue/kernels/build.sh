#!/usr/bin/env bash
# Builds Weft's kernel module (glue/kernels) twice into glue/pkg:
#   weft_kernels_simd128.wasm   SIMD128
#   weft_kernels_relaxed.wasm   SIMD128 + relaxed SIMD (fused multiply-add)
# Both import the runtime's shared env.memory and must own none of it: check-module.mjs fails on a
# data segment or a start function, and the shadow stack starts at 0 with size 0 (--stack-first),
# so a kernel that spilled to it would trap instead of writing runtime memory. Run by glue/build.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out=glue/pkg
mkdir -p "$out"
common='-Cpanic=abort'
link="'-Clink-arg=--shared-memory', '-Clink-arg=--import-memory', '-Clink-arg=--max-memory=4294967296', '-Clink-arg=--stack-first', '-Clink-arg=-zstack-size=0'"
for variant in simd128 relaxed; do
  features=+simd128,+atomics,+bulk-memory,+mutable-globals,+nontrapping-fptoint,+sign-ext
  [[ "$variant" == relaxed ]] && features+=,+relaxed-simd
  cargo build --quiet -p weft-kernels --release --target wasm32-unknown-unknown -Z build-std=core \
    --target-dir "target/kernels-$variant" \
    --config "target.wasm32-unknown-unknown.rustflags=['-Ctarget-feature=$features', '$common', $link]"
  cp "target/kernels-$variant/wasm32-unknown-unknown/release/weft_kernels.wasm" "$out/weft_kernels_$variant.wasm"
  node --experimental-wasm-relaxed-simd "$root/glue/kernels/check-module.mjs" "$out/weft_kernels_$variant.wasm"
  printf '%-32s %9d bytes, %9d gzipped\n' "weft_kernels_$variant.wasm" "$(stat -c %s "$out/weft_kernels_$variant.wasm")" "$(gzip -9c "$out/weft_kernels_$variant.wasm" | wc -c)"
done
