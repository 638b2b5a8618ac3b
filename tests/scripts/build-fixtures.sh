#!/usr/bin/env bash
# Compiles every test program under tests/programs/<suite>/<name>.mlir with the real IREE
# 3.13.0 compiler into tests/build/<suite>/<name>.<target>.vmfb.
#
# A program names its targets and any extra compiler flags in header comments, read by
# tests/scripts/directives.py (which first writes every program's directives to
# tests/build/programs.json):
#   // TARGETS: vmvx vmvx-ukernels wasm32 host
#   // FLAGS: --iree-input-demote-f64-to-f32=false
# Targets: vmvx (portable bytecode executables), vmvx-ukernels (vmvx with microkernels),
# wasm32 (llvm-cpu wasm side modules, Weft's web target), host (llvm-cpu for this machine, the
# reference build the oracle runs), vulkan-wasm32 (one file for the GPU and the CPU: vulkan and
# the wasm32 target, as `weft compile --device=webgpu,cpu` builds). Without a TARGETS line a
# program is built for vmvx.
# Every program is also built for vulkan (IREE's Vulkan SPIR-V executables, what glue/wgsl
# translates for WebGPU) unless a `// VULKAN-UNSUPPORTED: why` line says why it cannot be.
# wasm32 is Weft's web target as glue/target/target.mjs defines it (what `weft compile` uses),
# linked through glue/target/wasm-ld-wrapper (IREE's own lld plus
# --unresolved-symbols=import-dynamic) so kernels calling libm import it instead of failing.
# Usage: build-fixtures.sh [suite ...]   (default: every suite)
#        build-fixtures.sh --flags TARGET  (print the compiler flags of TARGET, for tests that
#                                           compile a program again, e.g. to inspect its HAL IR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
compiler="$root/.venv/bin/iree-compile"
wrapper="$root/glue/target/wasm-ld-wrapper"
# The web target's flags, read once from the module that defines them: the CPU alone, and the
# GPU (vulkan) with the CPU in one file.
web_flags() {
  node --input-type=module -e "import { webTargetFlags } from '$root/glue/target/target.mjs'; console.log(webTargetFlags({ linker: '$wrapper', device: '$1' }).join(' '))"
}
wasm32_flags="$(web_flags cpu)"
vulkan_wasm32_flags="$(web_flags webgpu,cpu)"

flags_for_target() {
  case "$1" in
    vmvx) echo "--iree-hal-target-device=local --iree-hal-local-target-device-backends=vmvx" ;;
    vmvx-ukernels) echo "--iree-hal-target-device=local --iree-hal-local-target-device-backends=vmvx --iree-vmvx-enable-microkernels" ;;
    wasm32) echo "$wasm32_flags" ;;
    host) echo "--iree-hal-target-device=local --iree-hal-local-target-device-backends=llvm-cpu --iree-llvmcpu-target-cpu=host" ;;
    vulkan) echo "--iree-hal-target-device=vulkan" ;;
    vulkan-wasm32) echo "$vulkan_wasm32_flags" ;;
    *) echo "unknown target '$1' (expected vmvx, vmvx-ukernels, wasm32, host, vulkan or vulkan-wasm32)" >&2; return 1 ;;
  esac
}

if [[ "${1:-}" == "--flags" ]]; then
  flags_for_target "$2"
  exit 0
fi
# One line per build of the given suites (default: every suite): suite, name, target, flags.
builds="$(python3 "$root/tests/scripts/directives.py" --builds "$@")"
bash "$root/tests/scripts/setup-python.sh"

jobs=()
while IFS=$'\t' read -r suite name target extra; do
  [[ -n "$suite" ]] || continue
  mkdir -p "$root/tests/build/$suite"
  src="$root/tests/programs/$suite/$name.mlir"
  out="$root/tests/build/$suite/$name.$target.vmfb"
  if [[ -f "$out" && "$out" -nt "$src" && "$out" -nt "$0" ]]; then
    if [[ "$target" != *wasm32 || ( "$out" -nt "$wrapper" && "$out" -nt "$root/glue/target/target.mjs" ) ]]; then continue; fi
  fi
  jobs+=("$compiler $(flags_for_target "$target") $extra $src -o $out")
done <<< "$builds"
if [[ ${#jobs[@]} -gt 0 ]]; then
  printf '%s\n' "${jobs[@]}" | xargs -P "$(nproc)" -I{} bash -c '{} || { echo "FAILED: {}" >&2; exit 255; }'
fi
echo "fixtures: ${#jobs[@]} compiled, outputs in tests/build/"
