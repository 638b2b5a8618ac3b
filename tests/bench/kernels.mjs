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
import { EPILOGUE_FLAGS, PANELS, workgroupCount } from '../../glue/target/kernel-table.mjs';

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

// Shapes the bench models route (MLP layers; MiniLM's linear layers, attention and softmax;
// MobileNetV2's pointwise and depthwise convolutions; ResNet-18's dense convolutions). Each case:
// the kernel, its arguments without the workgroup id and count (buffers placed one after another
// from 1 MiB, the epilogue a bias only), its FLOPs and the bytes it must touch.
function place(...sizes) { // byte addresses of consecutive f32 buffers of the given element counts
  let at = 1 << 20;
  return sizes.map((n) => { const p = at; at += Math.ceil((n * 4 + 64) / 64) * 64; return p; });
}
const BIAS = EPILOGUE_FLAGS.bias;
// C = A·B + bias: nt (B [N,K]), nn (B [K,N]) or packed (B as the spec packs constant weights).
function gemm(kind, what, batch, m, n, k) {
  const bSize = kind === 'packed' ? batch * Math.ceil(n / PANELS.gemm) * PANELS.gemm * k : batch * n * k;
  const [A, B, bias, C] = place(batch * m * k, bSize, n, batch * m * n);
  return { name: `weft_matmul_${kind}_f32`, what, args: [A, 0, B, 0, bias, 0, C, 0, C, 0, batch, m, n, k, BIAS, 0, 0],
    flop: 2 * batch * m * n * k, bytes: 4 * (batch * m * k + bSize + n + batch * m * n), macs: batch * m * n * k };
}
function depthwise(what, c, ih, stride) {
  const oh = Math.floor((ih - 3) / stride) + 1;
  const [X, W, bias, O] = place(c * ih * ih, 9 * c, c, c * oh * oh);
  return { name: 'weft_dwconv3x3_f32', what, args: [X, 0, W, 0, bias, 0, O, 0, O, 0, c, ih, ih, oh, oh, stride, 0, 0, 0],
    flop: 2 * 9 * c * oh * oh, bytes: 4 * (c * ih * ih + c * oh * oh + 10 * c) };
}
function conv(what, c, ih, f, k, stride, layout = 'nchw') {
  const oh = Math.floor((ih - k) / stride) + 1;
  const wSize = Math.ceil(f / PANELS.conv) * PANELS.conv * c * k * k;
  const [X, W, bias, O] = place(c * ih * ih, wSize, f, f * oh * oh);
  return { name: layout === 'nhwc' ? 'weft_conv2d_nhwc_f32' : 'weft_conv2d_f32', what, args: [X, 0, W, 0, bias, 0, O, 0, O, 0, c, ih, ih, f, oh, oh, k, k, stride, 0, 0, 0],
    flop: 2 * f * oh * oh * c * k * k, bytes: 4 * (c * ih * ih + wSize + f * oh * oh + f), macs: f * oh * oh * c * k * k };
}
// softmax(x·scale + mask) over rows of `len` (its exp counted as one FLOP per element: the bound
// is memory).
function softmax(what, batch, heads, rows, len) {
  const [X, M, O] = place(batch * heads * rows * len, batch * rows * len, batch * heads * rows * len);
  const scale = new Uint32Array(Float32Array.of(0.125).buffer)[0];
  return { name: 'weft_softmax_f32', what, args: [X, 0, M, 0, O, 0, batch, heads, rows, len, scale, 3],
    flop: 4 * batch * heads * rows * len, bytes: 4 * (2 * batch * heads * rows * len + batch * rows * len) };
}
const cases = [
  gemm('nt', 'MLP fc1 gemv', 1, 1, 1024, 784),
  gemm('nt', 'MLP fc2 gemv', 1, 1, 1024, 1024),
  gemm('nt', 'MLP fc3 gemv', 1, 1, 10, 1024),
  gemm('nt', 'gemm 128^3', 1, 128, 128, 128),
  gemm('nn', 'gemm 128^3', 1, 128, 128, 128),
  gemm('packed', 'MiniLM qkv/out 128x384x384', 1, 128, 384, 384),
  gemm('packed', 'MiniLM ffn1 128x1536x384', 1, 128, 1536, 384),
  gemm('packed', 'MiniLM ffn2 128x384x1536', 1, 128, 384, 1536),
  gemm('nn', 'MiniLM scores 12x128x128x32', 12, 128, 128, 32),
  gemm('nn', 'MiniLM context 12x128x32x128', 12, 128, 32, 128),
  softmax('MiniLM softmax 12x128x128', 1, 12, 128, 128),
  gemm('nn', 'MobileNetV2 1x1 conv 96x3136x24', 1, 96, 3136, 24),
  gemm('nn', 'MobileNetV2 1x1 conv 320x49x960', 1, 320, 49, 960),
  depthwise('MobileNetV2 dw 32x112x112 s1', 32, 114, 1),
  depthwise('MobileNetV2 dw 96x56x56 s2', 96, 114, 2),
  depthwise('MobileNetV2 dw 576x14x14 s1', 576, 16, 1),
  conv('ResNet-18 3x3 64x56x56', 64, 58, 64, 3, 1),
  conv('ResNet-18 3x3 512x7x7', 512, 9, 512, 3, 1),
  conv('ResNet-18 stem 7x7 s2 3->64', 3, 230, 64, 7, 2),
  conv('ResNet-18 3x3 64x56x56 NHWC', 64, 58, 64, 3, 1, 'nhwc'),
  conv('ResNet-18 3x3 512x7x7 NHWC', 512, 9, 512, 3, 1, 'nhwc'),
];
console.log(`Weft kernels (${variant}), 1 thread; SIMD peak ${peakGflops.toFixed(1)} GFLOP/s (${fma ? 'relaxed_madd' : 'mul+add'}), read bandwidth measured per case`);
console.log('kernel              case                          ms       GFLOP/s  %peak  bound ms  (mem ms / compute ms)  kernel/bound');
for (const { name, what, args, flop, bytes } of cases) {
  const fn = kernels[name];
  report(name, what, median(() => fn(...args, 0, 1)), flop, bytes);
}

// --- 1 thread vs 2 threads on the spec's workgroup grids --------------------------------------------
const ctl = new Int32Array(new SharedArrayBuffer(256));
const worker = new Worker(new URL('./kernels-worker.mjs', import.meta.url), { workerData: { memory, variant, ctl: ctl.buffer } });
while (Atomics.load(ctl, 1) !== -1) await new Promise((r) => setTimeout(r, 5));
const names = Object.keys(kernels).filter((n) => n.startsWith('weft_')).sort();
let generation = 0;
function twoThreads(kernel, args, count) {
  ctl.set([names.indexOf(kernel), args.length, ...args, count], 2);
  Atomics.store(ctl, 0, ++generation);
  Atomics.notify(ctl, 0);
  for (let id = 0; id < count; id += 2) kernels[kernel](...args, id, count);
  while (Atomics.load(ctl, 1) !== generation) Atomics.wait(ctl, 1, Atomics.load(ctl, 1));
}
// The dispatch grids: as many workgroups as the spec gives these shapes.
const grids = [
  [cases[1], 'linear_nt'], [cases[5], 'linear_packed'], [cases[6], 'linear_packed'], [cases[11], 'conv1x1'], [cases[17], 'conv2d'],
].map(([c, entry]) => [c, workgroupCount(entry, c.macs)]);
console.log(`\nwork split over the dispatch grid (${variant}): ms per dispatch, 1 thread vs 2 threads`);
console.log('kernel              case                               groups   1 thread  2 threads  speed-up');
const splits = [];
for (const [{ name, what, args }, count] of grids) {
  const one = median(() => { for (let id = 0; id < count; id++) kernels[name](...args, id, count); });
  const two = median(() => twoThreads(name, args, count));
  splits.push({ kernel: name, case: what, workgroups: count, oneMs: one, twoMs: two });
  console.log(`${name.padEnd(19)} ${what.padEnd(34)} ${String(count).padStart(6)} ${one.toFixed(4).padStart(10)} ${two.toFixed(4).padStart(10)} ${(one / two).toFixed(2).padStart(8)}x`);
}
Atomics.store(ctl, 0, -1);
Atomics.notify(ctl, 0);
await worker.terminate();
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ variant, peakGflops, peaks, kernels: results, splits }));
