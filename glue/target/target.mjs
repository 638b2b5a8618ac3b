// Weft's web target: the iree-compile flags of programs Weft runs (`weft compile` adds them,
// tests/scripts/build-fixtures.sh and the pages read them here). Data only, so browsers can
// import it too. Beside it: spec.mlir (the transform spec routing ops to Weft's kernels) and
// wasm-ld-wrapper (the linker iree-compile is given, see its header).

/** The IREE release whose output Weft runs (bytecode 17.0, executable library 6). */
export const IREE_COMPILER_VERSION = '3.13.0';

/** pip package of that compiler. */
export const IREE_COMPILER_PACKAGE = `iree-base-compiler==${IREE_COMPILER_VERSION}`;

/** The CPU target: wasm32 side modules with threads' atomics, bulk memory and SIMD128. */
export const WEB_TARGET_FLAGS = Object.freeze([
  '--iree-hal-target-device=local',
  '--iree-hal-local-target-device-backends=llvm-cpu',
  '--iree-llvmcpu-target-triple=wasm32-unknown-emscripten',
  '--iree-llvmcpu-target-cpu-features=+atomics,+bulk-memory,+simd128',
]);

/** The flag naming the wasm linker (its value: the path of wasm-ld-wrapper). */
export const LINKER_FLAG = '--iree-llvmcpu-wasm-linker-path';

/** The flag naming a transform spec (its value: the path of spec.mlir). */
export const SPEC_FLAG = '--iree-preprocessing-transform-spec-filename';

/**
 * Flags for speed, measured on the bench models (tests/bench/README.md): convolutions as
 * im2col + matmul run MobileNetV2 1.5x and ResNet-18 2-4x faster, outputs within 3.4e-6 of
 * ONNX Runtime. Data tiling, --iree-opt-level=O3 and reassociated float reductions changed
 * nothing measurable on the MLP, MiniLM or MobileNetV2.
 */
export const SPEED_FLAGS = Object.freeze(['--iree-global-opt-use-im2col-for-convs']);

/**
 * The CPU feature `--relaxed-simd` adds: kernels may use relaxed SIMD (fused multiply-add),
 * about 25% faster on MobileNetV2. Such a program loads only where the engine has relaxed SIMD
 * (Chromium 114+, Node 22+, Node 20 with --experimental-wasm-relaxed-simd).
 */
export const RELAXED_SIMD_FEATURE = '+relaxed-simd';

/**
 * The devices a program can be compiled for (`weft compile --device`), as IREE's target devices:
 * the CPU (the wasm32 target above), the GPU through WebGPU (IREE's Vulkan target, whose
 * SPIR-V Weft translates to WGSL), or both in one file (the runtime picks the GPU when the
 * page has an adapter).
 */
export const TARGET_DEVICES = Object.freeze({ cpu: 'local', webgpu: 'vulkan', 'webgpu,cpu': 'vulkan,local' });

/**
 * The web target's flags for `device` (a TARGET_DEVICES key) with `linker` (wasm-ld-wrapper's
 * path) and, optionally, relaxed SIMD for the CPU's kernels.
 */
export function webTargetFlags({ linker, relaxedSimd = false, device = 'cpu' }) {
  const target = Object.hasOwn(TARGET_DEVICES, device) ? TARGET_DEVICES[device] : null;
  if (!target) throw new Error(`unknown device '${device}' (expected ${Object.keys(TARGET_DEVICES).join(', ')})`);
  if (device === 'webgpu') return [`--iree-hal-target-device=${target}`];
  const flags = WEB_TARGET_FLAGS.map((f) => {
    if (f.startsWith('--iree-hal-target-device=')) return `--iree-hal-target-device=${target}`;
    return relaxedSimd && f.startsWith('--iree-llvmcpu-target-cpu-features=') ? `${f},${RELAXED_SIMD_FEATURE}` : f;
  });
  // With both devices, 3.13.0's executable linking merges the CPU variants of a program's
  // dispatches into one executable and drops their Vulkan variants (measured: a program of
  // ten dispatches kept none); unlinked, every dispatch keeps both.
  const both = device === 'webgpu,cpu' ? ['--iree-hal-link-executables=false'] : [];
  return [...flags, ...both, `${LINKER_FLAG}=${linker}`];
}
