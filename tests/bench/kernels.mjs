// Each Weft kernel (glue/kernels) on the shapes the bench models route to it, single thread,
// beside the bound this machine allows for it: max(bytes it must touch / read bandwidth measured
// here on a buffer of the same size, FLOPs / SIMD multiply-add peak measured here). Both bounds
// come from small hand-assembled wasm loops below (4 independent v128 load+add streams; 8
// independent multiply-add chains), run in the same engine and variant as the kernel. Then the
// work split: the same dispatches (the transform spec's workgroup grids) on 1 thread and on 2
// (this thread and a worker on the same memory, even/odd workgroups), as a pool runs them.
//   node tests/bench/kernels.mjs                                    (SIMD128)
//   node --experimental-wasm-relaxed-simd tests/bench/kernels.mjs   (relaxed SIMD: Node 20 needs the flag)
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { kernelExports, kernelModuleUrl, kernelVariant } from '../../glue/js/kernels.mjs';

const variant = kernelVariant();
const memory = new WebAssembly.Memory({ initial: 1024, maximum: 4096, shared: true }); // 64 MiB
const compiled = WebAssembly.compile(readFileSync(kernelModuleUrl(variant)));
const { exports: kernels } = await kernelExports(memory, () => compiled);

// --- the bound loops, as wasm bytes -------------------------------------------------------------
const leb = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
const str = (s) => [...leb(s.length), ...Buffer.from(s)];
const section = (id, body) => [id, ...leb(body.length), ...body];
const SIMD = 0xfd;
const v128load = (offset) => [SIMD, 0x00, 4, ...leb(offset)];
const f32x4add = [SIMD, ...leb(228)], f32x4mul = [SIMD, ...leb(230)], madd = [SIMD, ...leb(261)];
const get = (i) => [0x20, i], set = (i) => [0x21, i], tee = (i) => [0x22, i];

// read(p, bytes) -> f32: sums `bytes` (a multiple of 64) from p in 4 v128 streams.
const read = [2, 1, 0x7f, 4, 0x7b, // locals: 2 end i32, 3..6 a b c d v128 (params p=0, n=1)
  ...get(0), ...get(1), 0x6a, ...set(2),
  0x02, 0x40, 0x03, 0x40,
  ...[0, 1, 2, 3].flatMap((s) => [...get(3 + s), ...get(0), ...v128load(16 * s), ...f32x4add, ...set(3 + s)]),
  ...get(0), 0x41, 0xc0, 0x00, 0x6a, ...tee(0), ...get(2), 0x49, 0x0d, 0,
  0x0b, 0x0b,
  ...get(3), ...get(4), ...f32x4add, ...get(5), ...f32x4add, ...get(6), ...f32x4add, SIMD, 0x1f, 0, 0x0b];
// flops(iters, x) -> f32: 8 accumulators acc_i += x·c_i (mul then add, or relaxed madd), 64 FLOP per
// iteration; x moves every iteration so the products cannot be hoisted, as in a matmul inner loop.
const fma = variant === 'relaxed';
const flops = [3, 8, 0x7b, 1, 0x7b, 4, 0x7b, // locals 2..9 acc, 10 x, 11..14 c (params iters=0, x0=1)
  ...get(1), SIMD, 0x13, ...set(10),
  ...[0, 1, 2, 3].flatMap((c) => [...get(1), SIMD, 0x13, ...get(10), ...f32x4mul, ...set(11 + c)]),
  0x02, 0x40, 0x03, 0x40,
  ...[...Array(8).keys()].flatMap((a) => fma
    ? [...get(10), ...get(11 + (a & 3)), ...get(2 + a), ...madd, ...set(2 + a)]
    : [...get(2 + a), ...get(10), ...get(11 + (a & 3)), ...f32x4mul, ...f32x4add, ...set(2 + a)]),
  ...get(10), ...get(11), ...f32x4add, ...set(10),
  ...get(0), 0x41, 1, 0x6b, ...tee(0), 0x0d, 0,
  0x0b, 0x0b,
  ...get(2), ...[3, 4, 5, 6, 7, 8, 9].flatMap((a) => [...get(a), ...f32x4add]), SIMD, 0x1f, 0, 0x0b];
const body = (code) => [...leb(code.length), ...code];
const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
  ...section(1, [2, 0x60, 2, 0x7f, 0x7f, 1, 0x7d, 0x60, 2, 0x7f, 0x7d, 1, 0x7d]),
  ...section(2, [1, ...str('env'), ...str('memory'), 0x02, 0x03, ...leb(1), ...leb(65536)]),
  ...section(3, [2, 0, 1]),
  ...section(7, [2, ...str('read'), 0, 0, ...str('flops'), 0, 1]),
  ...section(10, [2, ...body(read), ...body(flops)]),
]);
const bound = (await WebAssembly.instantiate(bytes, { env: { memory } })).instance.exports;

// --- timing ----------------------------------------------------------------------------------------
function median(fn, budgetMs = 400) {
  fn(); fn();
  const times = [];
  const start = performance.now();
  while (times.length < 7 || (performance.now() - start < budgetMs && times.length < 200)) {
    const t = performance.now(); fn(); times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[times.length >> 1];
}
const f32 = new Float32Array(memory.buffer);
for (let i = 0; i < f32.length; i++) f32[i] = ((i * 7919) % 1000) / 1000 - 0.5;

const peakIters = 200000;
const peakMs = median(() => bound.flops(peakIters, 1e-6));
const peakGflops = (peakIters * 64) / peakMs / 1e6;
function bandwidth(bytes) { // GB/s reading `bytes` (rounded up to 64) repeatedly
  const n = Math.ceil(bytes / 64) * 64;
  return n / median(() => bound.read(1 << 20, n)) / 1e6;
}

// Shapes the bench models route (MLP layers; MiniLM's linear layers and attention; MobileNetV2's
// pointwise and depthwise convolutions; ResNet-18's dense convolutions).
const cases = [
  ['weft_matmul_nt_f32', 'MLP fc1 gemv', 1, 1, 1024, 784],
  ['weft_matmul_nt_f32', 'MLP fc2 gemv', 1, 1, 1024, 1024],
  ['weft_matmul_nt_f32', 'MLP fc3 gemv', 1, 1, 10, 1024],
  ['weft_matmul_nt_f32', 'gemm 128^3', 1, 128, 128, 128],
  ['weft_matmul_nn_f32', 'gemm 128^3', 1, 128, 128, 128],
  ['weft_matmul_nn_f32', 'MiniLM qkv/out 128x384x384', 1, 128, 384, 384],
  ['weft_matmul_nn_f32', 'MiniLM ffn1 128x1536x384', 1, 128, 1536, 384],
  ['weft_matmul_nn_f32', 'MiniLM ffn2 128x384x1536', 1, 128, 384, 1536],
  ['weft_matmul_nn_f32', 'MiniLM scores 12x128x128x32', 12, 128, 128, 32],
  ['weft_matmul_nn_f32', 'MiniLM context 12x128x32x128', 12, 128, 32, 128],
  ['weft_matmul_nn_f32', 'MobileNetV2 1x1 conv 96x3136x24', 1, 96, 3136, 24],
  ['weft_matmul_nn_f32', 'MobileNetV2 1x1 conv 320x49x960', 1, 320, 49, 960],
];
console.log(`Weft kernels (${variant}), 1 thread; peak ${peakGflops.toFixed(1)} GFLOP/s (${fma ? 'relaxed madd' : 'mul+add'}), read bandwidth measured per case`);
console.log('kernel              case                          ms       GFLOP/s  bound ms  (mem ms / compute ms)  kernel/bound');
for (const [name, what, batch, m, n, k] of cases) {
  const A = 1 << 20, B = A + batch * m * k * 4 + 64, bias = B + batch * n * k * 4 + 64, C = bias + n * 4 + 64;
  const fn = kernels[name];
  const ms = median(() => fn(A, 0, B, 0, bias, 0, C, 0, batch, m, n, k, 1, 0, 1));
  const flop = 2 * batch * m * n * k;
  const bytesTouched = 4 * (batch * (m * k + n * k + m * n) + n);
  const memMs = bytesTouched / bandwidth(bytesTouched) / 1e6;
  const computeMs = flop / peakGflops / 1e6;
  const boundMs = Math.max(memMs, computeMs);
  console.log(`${name.padEnd(19)} ${what.padEnd(29)} ${ms.toFixed(4).padStart(8)} ${(flop / ms / 1e6).toFixed(1).padStart(8)} ${boundMs.toFixed(4).padStart(9)}  (${memMs.toFixed(4)} / ${computeMs.toFixed(4)})  ${(ms / boundMs).toFixed(2).padStart(8)}x`);
}
for (const [what, c, ih, stride] of [['MobileNetV2 dw 32x112x112 s1', 32, 114, 1], ['MobileNetV2 dw 96x56x56 s2', 96, 114, 2], ['MobileNetV2 dw 576x14x14 s1', 576, 16, 1]]) {
  const oh = Math.floor((ih - 3) / stride) + 1;
  const X = 1 << 20, W = X + c * ih * ih * 4 + 64, bias = W + c * 9 * 4 + 64, O = bias + c * 4 + 64;
  const ms = median(() => kernels.weft_dwconv3x3_f32(X, 0, W, 0, bias, 0, O, 0, c, ih, ih, oh, oh, stride, 0, 1));
  const flop = 2 * 9 * c * oh * oh;
  const bytesTouched = 4 * (c * ih * ih + c * oh * oh + 10 * c);
  const memMs = bytesTouched / bandwidth(bytesTouched) / 1e6;
  const computeMs = flop / peakGflops / 1e6;
  const boundMs = Math.max(memMs, computeMs);
  console.log(`${'weft_dwconv3x3_f32'.padEnd(19)} ${what.padEnd(29)} ${ms.toFixed(4).padStart(8)} ${(flop / ms / 1e6).toFixed(1).padStart(8)} ${boundMs.toFixed(4).padStart(9)}  (${memMs.toFixed(4)} / ${computeMs.toFixed(4)})  ${(ms / boundMs).toFixed(2).padStart(8)}x`);
}
for (const [what, c, ih, f, k, stride] of [['ResNet-18 3x3 64x56x56', 64, 58, 64, 3, 1], ['ResNet-18 3x3 512x7x7', 512, 9, 512, 3, 1], ['ResNet-18 stem 7x7 s2 3->64', 3, 230, 64, 7, 2]]) {
  const oh = Math.floor((ih - k) / stride) + 1;
  const X = 1 << 20, W = X + c * ih * ih * 4 + 64, bias = W + f * c * k * k * 4 + 64, O = bias + f * 4 + 64;
  const ms = median(() => kernels.weft_conv2d_f32(X, 0, W, 0, bias, 0, O, 0, c, ih, ih, f, oh, oh, k, k, stride, 0, 1));
  const flop = 2 * f * oh * oh * c * k * k;
  const bytesTouched = 4 * (c * ih * ih + f * c * k * k + f * oh * oh + f);
  const memMs = bytesTouched / bandwidth(bytesTouched) / 1e6;
  const computeMs = flop / peakGflops / 1e6;
  const boundMs = Math.max(memMs, computeMs);
  console.log(`${'weft_conv2d_f32'.padEnd(19)} ${what.padEnd(29)} ${ms.toFixed(4).padStart(8)} ${(flop / ms / 1e6).toFixed(1).padStart(8)} ${boundMs.toFixed(4).padStart(9)}  (${memMs.toFixed(4)} / ${computeMs.toFixed(4)})  ${(ms / boundMs).toFixed(2).padStart(8)}x`);
}

// --- 1 thread vs 2 threads on the spec's workgroup grids --------------------------------------------
const ctl = new Int32Array(new SharedArrayBuffer(128));
const worker = new Worker(new URL('./kernels-worker.mjs', import.meta.url), { workerData: { memory, variant, ctl: ctl.buffer } });
while (Atomics.load(ctl, 1) !== -1) await new Promise((r) => setTimeout(r, 5));
const names = Object.keys(kernels).filter((n) => n.startsWith('weft_')).sort();
let generation = 0;
function twoThreads(kernel, args, count) {
  ctl.set([names.indexOf(kernel), ...args, count], 2);
  Atomics.store(ctl, 0, ++generation);
  Atomics.notify(ctl, 0);
  for (let id = 0; id < count; id += 2) kernels[kernel](...args, id, count);
  while (Atomics.load(ctl, 1) !== generation) Atomics.wait(ctl, 1, Atomics.load(ctl, 1));
}
const grids = [ // [kernel, case, batch, m, n, k, workgroups as the spec computes them]
  ['weft_matmul_nt_f32', 'MLP fc2 gemv 1x1024x1024', 1, 1, 1024, 1024, Math.ceil(1024 / 128)],
  ['weft_matmul_nn_f32', 'MiniLM qkv/out 128x384x384', 1, 128, 384, 384, Math.ceil(384 / 64)],
  ['weft_matmul_nn_f32', 'MiniLM ffn1 128x1536x384', 1, 128, 1536, 384, Math.ceil(1536 / 64)],
  ['weft_matmul_nn_f32', 'MobileNetV2 1x1 conv 96x3136x24', 1, 96, 3136, 24, Math.ceil(3136 / 64)],
];
console.log(`\nwork split over the dispatch grid (${variant}): ms per dispatch, 1 thread vs 2 threads`);
console.log('kernel              case                               groups   1 thread  2 threads  speed-up');
for (const [name, what, batch, m, n, k, count] of grids) {
  const A = 1 << 20, B = A + batch * m * k * 4 + 64, bias = B + batch * n * k * 4 + 64, C = bias + n * 4 + 64;
  const args = [A, 0, B, 0, bias, 0, C, 0, batch, m, n, k, 1];
  const one = median(() => { for (let id = 0; id < count; id++) kernels[name](...args, id, count); });
  const two = median(() => twoThreads(name, args, count));
  console.log(`${name.padEnd(19)} ${what.padEnd(34)} ${String(count).padStart(6)} ${one.toFixed(4).padStart(10)} ${two.toFixed(4).padStart(10)} ${(one / two).toFixed(2).padStart(8)}x`);
}
Atomics.store(ctl, 0, -1);
Atomics.notify(ctl, 0);
await worker.terminate();
