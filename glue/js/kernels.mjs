// Weft's kernel module (glue/kernels): the hand-written SIMD kernels side modules import as
// `weft_kernels.weft_*` (Weft's linker binds them at load time). Fetched and compiled once, on
// the runtime's thread and only when a loaded program's kernels import it; every thread then
// instantiates the same compiled module on the runtime's shared memory. The relaxed-SIMD build
// where the engine validates relaxed SIMD (Chromium; Node 20 only with
// --experimental-wasm-relaxed-simd), plain SIMD128 otherwise.

import { hasRelaxedSimd } from './wasm-features.mjs';

/** Import namespace the linker binds `weft_*` symbols to (glue/wasm-loader/src/kernels.rs IMPORT_MODULE). */
export const KERNEL_NAMESPACE = 'weft_kernels';

/** 'relaxed' or 'simd128': the build this engine runs best. */
export function kernelVariant() {
  return hasRelaxedSimd() ? 'relaxed' : 'simd128';
}

/** Where a build of the kernel module is: next to the runtime module, or under `base`. */
export function kernelModuleUrl(variant, base) {
  // Each URL written out whole, so bundlers see and emit both files.
  if (variant === 'relaxed') return base ? new URL('glue/pkg/weft_kernels_relaxed.wasm', base) : new URL('../pkg/weft_kernels_relaxed.wasm', import.meta.url);
  if (variant === 'simd128') return base ? new URL('glue/pkg/weft_kernels_simd128.wasm', base) : new URL('../pkg/weft_kernels_simd128.wasm', import.meta.url);
  throw new Error(`unknown kernel variant '${variant}' (expected 'relaxed' or 'simd128')`);
}

/** Whether a compiled side module imports Weft's kernels. */
export function importsKernels(module) {
  return WebAssembly.Module.imports(module).some((i) => i.module === KERNEL_NAMESPACE);
}

const instances = new WeakMap(); // memory -> Promise<exports>

/** The kernel module's exports on `memory`, instantiated once per memory in this thread from `compiled()` (a Promise<WebAssembly.Module>). */
export function kernelExports(memory, compiled) {
  if (!instances.has(memory)) {
    instances.set(memory, compiled().then((module) => WebAssembly.instantiate(module, { env: { memory } })));
  }
  return instances.get(memory);
}
