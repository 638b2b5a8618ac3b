// Hand-assembled wasm loops that measure what this engine and core allow: read bandwidth and
// f32 SIMD multiply-add throughput. No Node imports: the Chromium runs load it too.
//   read(p, bytes) -> f32    sums `bytes` (a multiple of 64) from p in 4 independent v128 streams
//   flops(iters, x) -> f32   ACCUMULATORS independent chains acc_i += x·c_i, 8·ACCUMULATORS FLOP
//                            per iteration (f32x4 mul then add, or one relaxed madd)

const leb = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
const str = (s) => [...leb(s.length), ...new TextEncoder().encode(s)];
const section = (id, body) => [id, ...leb(body.length), ...body];
const SIMD = 0xfd;
const v128load = (offset) => [SIMD, 0x00, 4, ...leb(offset)];
const f32x4add = [SIMD, ...leb(228)], f32x4mul = [SIMD, ...leb(230)], madd = [SIMD, ...leb(261)];
const splat = [SIMD, 0x13], lane0 = [SIMD, 0x1f, 0];
const get = (i) => [0x20, ...leb(i)], set = (i) => [0x21, ...leb(i)], tee = (i) => [0x22, ...leb(i)];

const read = [2, 1, 0x7f, 4, 0x7b, // locals: 2 end i32, 3..6 four v128 sums (params p=0, n=1)
  ...get(0), ...get(1), 0x6a, ...set(2),
  0x02, 0x40, 0x03, 0x40,
  ...[0, 1, 2, 3].flatMap((s) => [...get(3 + s), ...get(0), ...v128load(16 * s), ...f32x4add, ...set(3 + s)]),
  ...get(0), 0x41, 0xc0, 0x00, 0x6a, ...tee(0), ...get(2), 0x49, 0x0d, 0,
  0x0b, 0x0b,
  ...get(3), ...get(4), ...f32x4add, ...get(5), ...f32x4add, ...get(6), ...f32x4add, ...lane0, 0x0b];

/**
 * The multiply-add loop: `accumulators` chains so the loop is bound by throughput, not by one
 * chain's latency; x moves every iteration so the products cannot be hoisted (as in a matmul's
 * inner loop). `fma`: relaxed SIMD's f32x4.relaxed_madd (a fused multiply-add where the CPU has
 * one) instead of f32x4.mul + f32x4.add.
 */
function flopsLoop(fma, accumulators) {
  const acc = (a) => 2 + a, x = 2 + accumulators, c = (i) => 3 + accumulators + i;
  return [2, accumulators + 1, 0x7b, 4, 0x7b, // locals: acc…, x, c0..c3 (params iters=0, x0=1)
    ...get(1), ...splat, ...set(x),
    ...[0, 1, 2, 3].flatMap((i) => [...get(1), ...splat, ...get(x), ...f32x4mul, ...set(c(i))]),
    0x02, 0x40, 0x03, 0x40,
    ...[...Array(accumulators).keys()].flatMap((a) => fma
      ? [...get(x), ...get(c(a & 3)), ...get(acc(a)), ...madd, ...set(acc(a))]
      : [...get(acc(a)), ...get(x), ...get(c(a & 3)), ...f32x4mul, ...f32x4add, ...set(acc(a))]),
    ...get(x), ...get(c(0)), ...f32x4add, ...set(x),
    ...get(0), 0x41, 1, 0x6b, ...tee(0), 0x0d, 0,
    0x0b, 0x0b,
    ...get(acc(0)), ...[...Array(accumulators - 1).keys()].flatMap((a) => [...get(acc(a + 1)), ...f32x4add]), ...lane0, 0x0b];
}

/** The module's bytes: `read` and `flops` on the imported `env.memory` (shared, 1..65536 pages). */
export function loopModuleBytes({ fma = false, accumulators = 8 } = {}) {
  const body = (code) => [...leb(code.length), ...code];
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [2, 0x60, 2, 0x7f, 0x7f, 1, 0x7d, 0x60, 2, 0x7f, 0x7d, 1, 0x7d]),
    ...section(2, [1, ...str('env'), ...str('memory'), 0x02, 0x03, ...leb(1), ...leb(65536)]),
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...str('read'), 0, 0, ...str('flops'), 0, 1]),
    ...section(10, [2, ...body(read), ...body(flopsLoop(fma, accumulators))]),
  ]);
}

/** Whether this engine runs relaxed SIMD (Chromium; Node 20 only with --experimental-wasm-relaxed-simd). */
export const relaxedSimd = () => WebAssembly.validate(loopModuleBytes({ fma: true }));

/** `read` and `flops` instantiated on `memory`. */
export async function loops(memory, options) {
  return (await WebAssembly.instantiate(loopModuleBytes(options), { env: { memory } })).instance.exports;
}

/** Median ms of `fn()` after two warm-up calls: at least 7 runs, up to 200 within `budgetMs`. */
export function medianMs(fn, budgetMs = 400) {
  fn(); fn();
  const times = [];
  const start = performance.now();
  while (times.length < 7 || (performance.now() - start < budgetMs && times.length < 200)) {
    const t = performance.now(); fn(); times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[times.length >> 1];
}
