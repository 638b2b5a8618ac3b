// What this engine's WebAssembly supports, probed with the smallest modules that need it.

// () -> v128 = f32x4.relaxed_madd of three zero vectors.
const RELAXED_SIMD_PROBE = (() => {
  const zero = [0xfd, 0x0c, ...new Array(16).fill(0)]; // v128.const 0
  const body = [0x00, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x0b];
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0, 10, body.length + 2, 1, body.length, ...body]);
})();

/** Whether this engine runs relaxed SIMD (Chromium 114+, Node 22+, Node 20 with a flag). */
export const hasRelaxedSimd = () => WebAssembly.validate(RELAXED_SIMD_PROBE);
