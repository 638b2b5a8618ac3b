// Each Weft kernel (glue/kernels) on the shapes the bench models route to it, single thread,
// beside this machine's SIMD peak (simd-peak.mjs: the fraction of it each kernel reaches) and
// the bound it allows for the kernel: max(bytes it must touch / read bandwidth measured here on a
// buffer of the same size, FLOPs / peak), both from the hand-assembled loops of wasm-loops.mjs in
// the same engine and variant as the kernel (SIMD128: mul+add peak; relaxed: relaxed_madd peak).
// Then the work split: the same dispatches (the transform spec's workgroup grids) on 1 thread
// and on 2 (this thread and a worker on the same memory, even/odd workgroups), as a pool runs them.
//   node tests/bench/kernels.mjs                                    (SIMD128)
//   node --experimental-wasm-relaxed-simd tests/bench/kernels.mjs   (relaxed SIMD: Node 20 needs the flag)
// With BENCH_OUT=FILE also writes the figures as JSON (run.py).
import { Worker } from 'node:worker_threads';
import { readFileSync, writeFileSync } from 'node:fs';
import { kernelExports, kernelModuleUrl, kernelVariant } from '../../glue/js/kernels.mjs';
import { loops, medianMs as median } from './wasm-loops.mjs';
import { simdPeak } from './simd-peak.mjs';

const variant = kernelVariant();
const memory = new WebAssembly.Memory({ initial: 1024, maximum: 4096, shared: true }); // 64 MiB
const compiled = WebAssembly.compile(readFileSync(kernelModuleUrl(variant)));
const { exports: kernels } = await kernelExports(memory, () => compiled);
const bound = await loops(memory);

// --- timing ----------------------------------------------------------------------------------------
const f32 = new Float32Array(memory.buffer);
for (let i = 0; i < f32.length; i++) f32[i] = ((i * 7919) % 1000) / 1000 - 0.5;

const fma = variant === 'relaxed';
const peaks = await simdPeak();
const peakGflops = (fma ? peaks.relaxed : peaks.simd128).gflops;
function bandwidth(bytes) { // GB/s reading `bytes` (rounded up to 64) repeatedly
  const n = Math.ceil(bytes / 64) * 64;
  return n / median(() => bound.read(1 << 20, n)) / 1e6;
}
const results = [];
/** Prints and records one case: `ms` per call doing `flop` FLOPs over `bytesTouched` bytes. */
function report(kernel, what, ms, flop, bytesTouched) {
  const memMs = bytesTouched / bandwidth(bytesTouched) / 1e6;
  const computeMs = flop / peakGflops / 1e6;
  const boundMs = Math.max(memMs, computeMs);
  const gflops = flop / ms / 1e6;
  results.push({ kernel, case: what, ms, gflops, fractionOfPeak: gflops / peakGflops, boundMs, memoryBound: memMs > computeMs, overBound: ms / boundMs });
  console.log(`${kernel.padEnd(19)} ${what.padEnd(29)} ${ms.toFixed(4).padStart(8)} ${gflops.toFixed(1).padStart(8)} ${(100 * gflops / peakGflops).toFixed(0).padStart(5)}% ${boundMs.toFixed(4).padStart(9)}  (${memMs.toFixed(4)} / ${computeMs.toFixed(4)})  ${(ms / boundMs).toFixed(2).padStart(8)}x`);
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
console.log(`Weft kernels (${variant}), 1 thread; SIMD peak ${peakGflops.toFixed(1)} GFLOP/s (${fma ? 'relaxed_madd' : 'mul+add'}), read bandwidth measured per case`);
console.log('kernel              case                          ms       GFLOP/s  %peak  bound ms  (mem ms / compute ms)  kernel/bound');
for (const [name, what, batch, m, n, k] of cases) {
  const A = 1 << 20, B = A + batch * m * k * 4 + 64, bias = B + batch * n * k * 4 + 64, C = bias + n * 4 + 64;
  const fn = kernels[name];
  const ms = median(() => fn(A, 0, B, 0, bias, 0, C, 0, batch, m, n, k, 1, 0, 1));
  report(name, what, ms, 2 * batch * m * n * k, 4 * (batch * (m * k + n * k + m * n) + n));
}
for (const [what, c, ih, stride] of [['MobileNetV2 dw 32x112x112 s1', 32, 114, 1], ['MobileNetV2 dw 96x56x56 s2', 96, 114, 2], ['MobileNetV2 dw 576x14x14 s1', 576, 16, 1]]) {
  const oh = Math.floor((ih - 3) / stride) + 1;
  const X = 1 << 20, W = X + c * ih * ih * 4 + 64, bias = W + c * 9 * 4 + 64, O = bias + c * 4 + 64;
  const ms = median(() => kernels.weft_dwconv3x3_f32(X, 0, W, 0, bias, 0, O, 0, c, ih, ih, oh, oh, stride, 0, 1));
  report('weft_dwconv3x3_f32', what, ms, 2 * 9 * c * oh * oh, 4 * (c * ih * ih + c * oh * oh + 10 * c));
}
for (const [what, c, ih, f, k, stride] of [['ResNet-18 3x3 64x56x56', 64, 58, 64, 3, 1], ['ResNet-18 3x3 512x7x7', 512, 9, 512, 3, 1], ['ResNet-18 stem 7x7 s2 3->64', 3, 230, 64, 7, 2]]) {
  const oh = Math.floor((ih - k) / stride) + 1;
  const X = 1 << 20, W = X + c * ih * ih * 4 + 64, bias = W + f * c * k * k * 4 + 64, O = bias + f * 4 + 64;
  const ms = median(() => kernels.weft_conv2d_f32(X, 0, W, 0, bias, 0, O, 0, c, ih, ih, f, oh, oh, k, k, stride, 0, 1));
  report('weft_conv2d_f32', what, ms, 2 * f * oh * oh * c * k * k, 4 * (c * ih * ih + f * c * k * k + f * oh * oh + f));
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
const splits = [];
for (const [name, what, batch, m, n, k, count] of grids) {
  const A = 1 << 20, B = A + batch * m * k * 4 + 64, bias = B + batch * n * k * 4 + 64, C = bias + n * 4 + 64;
  const args = [A, 0, B, 0, bias, 0, C, 0, batch, m, n, k, 1];
  const one = median(() => { for (let id = 0; id < count; id++) kernels[name](...args, id, count); });
  const two = median(() => twoThreads(name, args, count));
  splits.push({ kernel: name, case: what, workgroups: count, oneMs: one, twoMs: two });
  console.log(`${name.padEnd(19)} ${what.padEnd(34)} ${String(count).padStart(6)} ${one.toFixed(4).padStart(10)} ${two.toFixed(4).padStart(10)} ${(one / two).toFixed(2).padStart(8)}x`);
}
Atomics.store(ctl, 0, -1);
Atomics.notify(ctl, 0);
await worker.terminate();
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ variant, peakGflops, peaks, kernels: results, splits }));
