// Weft's kernel module (glue/kernels): the hand-written SIMD kernels side modules import as
// `weft_kernels.weft_*` (Weft's linker binds them at load time). One instance per thread and
// memory, on the runtime's shared memory; the relaxed-SIMD build where the engine validates
// relaxed SIMD (Chromium; Node 20 only with --experimental-wasm-relaxed-simd), plain SIMD128
// otherwise.

import { readBytes, hasRelaxedSimd } from './platform.mjs';

/** Import namespace the linker binds `weft_*` symbols to (glue/src/kernels.rs). */
export const KERNEL_NAMESPACE = 'weft_kernels';

/** 'relaxed' or 'simd128': the build this engine runs best. */
export function kernelVariant() {
  return hasRelaxedSimd() ? 'relaxed' : 'simd128';
}

const instances = new WeakMap(); // memory -> Map(variant -> Promise<exports>)

/** The kernel module's exports on `memory` (instantiated once per memory and variant in this thread). */
export function kernelImports(memory, variant = kernelVariant()) {
  if (variant !== 'relaxed' && variant !== 'simd128') throw new Error(`unknown kernel variant '${variant}' (expected 'relaxed' or 'simd128')`);
  let byVariant = instances.get(memory);
  if (!byVariant) instances.set(memory, (byVariant = new Map()));
  if (!byVariant.has(variant)) byVariant.set(variant, instantiate(memory, variant));
  return byVariant.get(variant);
}

async function instantiate(memory, variant) {
  const url = new URL(`../pkg/weft_kernels_${variant}.wasm`, import.meta.url);
  const bytes = await readBytes(url).catch((e) => {
    throw new Error(`Weft's kernel module ${url} is missing (build it with glue/build.sh): ${e.message}`);
  });
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  return instance.exports;
}
