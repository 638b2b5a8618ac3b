// Weft's kernel module (glue/kernels, both builds) against a float64 reference computed here:
// f32 and i8 matmuls, dense and depthwise convolutions (NCHW and NHWC) on random shapes including edge sizes (N not a multiple of the vector width, K = 1, K = 0, empty),
// bias (per column or per row)/ReLU epilogues, operands at offsets inside one merged buffer (as IREE merges bindings),
// and the work split over several workgroups (every output written exactly by its share).
// The relaxed-SIMD build runs in a child Node with --experimental-wasm-relaxed-simd when this
// Node lacks relaxed SIMD (Node 20).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kernelExports, kernelModuleUrl, kernelVariant } from '../js/kernels.mjs';
import { requireFile, root } from './common.mjs';
import path from 'node:path';

const only = process.env.WEFT_KERNELS_ONLY;
const variants = only ? [only] : ['simd128', 'relaxed'];

// Deterministic generator (mulberry32), values in [-1, 1).
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 31) - 1;
  };
}

/** Float64 reference of a (batched) matmul with B as [N,K] (nt) or [K,N] (nn), bias (per column, or per row with flags & 4) and relu. */
function reference(kind, A, B, bias, batch, m, n, k, flags) {
  const C = new Float64Array(batch * m * n);
  const bound = new Float64Array(batch * m * n); // Σ|a·b| per output, for the error bound
  for (let bi = 0; bi < batch; bi++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0, t = 0;
        for (let p = 0; p < k; p++) {
          const a = A[bi * m * k + i * k + p];
          const b = kind === 'nt' ? B[bi * n * k + j * k + p] : B[bi * k * n + p * n + j];
          s += a * b;
          t += Math.abs(a * b);
        }
        const bv = flags & 4 ? bias[i] : bias[j];
        if (flags & 1) { s += bv; t += Math.abs(bv); }
        if (flags & 2) s = s > 0 ? s : 0;
        C[(bi * m + i) * n + j] = s;
        bound[(bi * m + i) * n + j] = t;
      }
  return { C, bound };
}

/**
 * Places A, B, bias and C in one memory at element offsets (A and B share one "binding" with B
 * after A and a gap), runs the kernel over `groups` workgroups and compares with float64.
 */
function check(kernels, memory, kind, { batch, m, n, k, flags, groups, seed }) {
  const r = rng(seed);
  const sizeA = batch * m * k, sizeB = batch * n * k, sizeC = batch * m * n;
  const base = 1024; // bytes; the test owns this memory
  const aOff = 3, bOff = aOff + sizeA + 5, biasOff = 7, cOff = 1; // elements, deliberately unaligned
  const ab = base / 4, biasBase = ab + bOff + sizeB + 64, cBase = biasBase + biasOff + Math.max(m, n) + 64;
  const need = (cBase + cOff + sizeC + 64) * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const mem = new Float32Array(memory.buffer);
  const A = Float32Array.from({ length: sizeA }, r), B = Float32Array.from({ length: sizeB }, r);
  const bias = Float32Array.from({ length: Math.max(m, n) }, r);
  mem.set(A, ab + aOff); mem.set(B, ab + bOff); mem.set(bias, biasBase + biasOff);
  mem.fill(NaN, cBase, cBase + cOff + sizeC + 8);
  const fn = kernels[`weft_matmul_${kind}_f32`];
  for (let id = 0; id < groups; id++) {
    fn(ab * 4, aOff, ab * 4, bOff, biasBase * 4, biasOff, cBase * 4, cOff, batch, m, n, k, flags, id, groups);
  }
  const { C, bound } = reference(kind, A, B, bias, batch, m, n, k, flags);
  const what = `${kind} batch=${batch} m=${m} n=${n} k=${k} flags=${flags} groups=${groups}`;
  for (let x = 0; x < sizeC; x++) {
    const got = mem[cBase + cOff + x];
    const tol = 4 * 2 ** -24 * (k + 2) * bound[x] + 1e-30;
    if (!(Math.abs(got - C[x]) <= tol)) assert.fail(`${what}: C[${x}] = ${got}, expected ${C[x]} (±${tol})`);
  }
  for (const at of [cBase, cBase + cOff + sizeC]) assert.ok(Number.isNaN(mem[at]), `${what}: wrote outside C (element ${at - cBase - cOff})`);
}

/**
 * Depthwise 3×3 (input already padded) against float64, at offsets in one merged buffer, over
 * `groups` workgroups: NCHW (input [C, ih, iw], weights [C, 3, 3]) or NHWC (input [ih, iw, C],
 * weights [3, 3, C]).
 */
function checkDepthwise(kernels, memory, { channels, ih, iw, stride, groups, seed, nhwc = false }) {
  const r = rng(seed);
  const oh = ih >= 3 ? Math.floor((ih - 3) / stride) + 1 : 0, ow = iw >= 3 ? Math.floor((iw - 3) / stride) + 1 : 0;
  const sizeX = channels * ih * iw, sizeW = channels * 9, sizeO = channels * oh * ow;
  const [xOff, wGap, bGap, oOff] = nhwc ? [1, 6, 3, 3] : [5, 3, 1, 2];
  const wOff = xOff + sizeX + wGap, bOff = wOff + sizeW + bGap; // one merged buffer for x, w, bias
  const base = 1024 / 4, oBase = base + bOff + channels + 64;
  const need = (oBase + oOff + sizeO + 64) * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const mem = new Float32Array(memory.buffer);
  const X = Float32Array.from({ length: sizeX }, r), W = Float32Array.from({ length: sizeW }, r), B = Float32Array.from({ length: channels }, r);
  mem.set(X, base + xOff); mem.set(W, base + wOff); mem.set(B, base + bOff);
  mem.fill(NaN, oBase, oBase + oOff + sizeO + 8);
  const kernel = nhwc ? kernels.weft_dwconv3x3_nhwc_f32 : kernels.weft_dwconv3x3_f32;
  for (let id = 0; id < groups; id++) {
    kernel(base * 4, xOff, base * 4, wOff, base * 4, bOff, oBase * 4, oOff, channels, ih, iw, oh, ow, stride, id, groups);
  }
  // Element indices of x[c, y, x], w[c, i, j] and out[c, y, x] in either layout.
  const xAt = nhwc ? (c, y, x) => (y * iw + x) * channels + c : (c, y, x) => c * ih * iw + y * iw + x;
  const wAt = nhwc ? (c, i, j) => (i * 3 + j) * channels + c : (c, i, j) => c * 9 + i * 3 + j;
  const oAt = nhwc ? (c, y, x) => (y * ow + x) * channels + c : (c, y, x) => (c * oh + y) * ow + x;
  const what = `dwconv3x3${nhwc ? ' nhwc' : ''} c=${channels} in=${ih}x${iw} stride=${stride} groups=${groups}`;
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        let s = B[c], t = Math.abs(B[c]);
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) {
            const v = W[wAt(c, i, j)] * X[xAt(c, y * stride + i, x * stride + j)];
            s += v; t += Math.abs(v);
          }
        const got = mem[oBase + oOff + oAt(c, y, x)];
        const tol = 4 * 2 ** -24 * 11 * t + 1e-30;
        if (!(Math.abs(got - s) <= tol)) assert.fail(`${what}: out${nhwc ? `[${y},${x},${c}]` : `[${c},${y},${x}]`} = ${got}, expected ${s} (±${tol})`);
      }
  for (const at of [oBase, oBase + oOff + sizeO]) assert.ok(Number.isNaN(mem[at]), `${what}: wrote outside the output`);
}

/**
 * Dense convolution (input padded) against float64, in NCHW (weights given to the kernel as
 * [C, KH, KW, F]) or NHWC (input [H, W, C], weights [KH, KW, C, F], output [OH, OW, F]).
 */
function checkConv(kernels, memory, { c, ih, iw, f, kh, kw, stride, groups, seed, nhwc = false }) {
  const r = rng(seed);
  const oh = ih >= kh ? Math.floor((ih - kh) / stride) + 1 : 0, ow = iw >= kw ? Math.floor((iw - kw) / stride) + 1 : 0;
  const sizeX = c * ih * iw, sizeW = f * c * kh * kw, sizeO = f * oh * ow;
  const xOff = 3, wOff = xOff + sizeX + 5, bOff = wOff + sizeW + 2, oOff = 1;
  const base = 1024 / 4, oBase = base + bOff + f + 64;
  const need = (oBase + oOff + sizeO + 64) * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const mem = new Float32Array(memory.buffer);
  // X and W drawn in NCHW / [F, C, KH, KW] order, then laid out as the kernel takes them.
  const X = Float32Array.from({ length: sizeX }, r), W = Float32Array.from({ length: sizeW }, r), B = Float32Array.from({ length: f }, r);
  const xAt = (ci, y, x) => (nhwc ? (y * iw + x) * c + ci : (ci * ih + y) * iw + x);
  const wAt = (o, ci, i, j) => (nhwc ? ((i * kw + j) * c + ci) * f + o : ((ci * kh + i) * kw + j) * f + o);
  const oAt = (o, y, x) => (nhwc ? (y * ow + x) * f + o : (o * oh + y) * ow + x);
  const Xl = new Float32Array(sizeX), Wl = new Float32Array(sizeW);
  for (let ci = 0; ci < c; ci++) for (let y = 0; y < ih; y++) for (let x = 0; x < iw; x++) Xl[xAt(ci, y, x)] = X[(ci * ih + y) * iw + x];
  for (let o = 0; o < f; o++) for (let ci = 0; ci < c; ci++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) Wl[wAt(o, ci, i, j)] = W[((o * c + ci) * kh + i) * kw + j];
  mem.set(Xl, base + xOff); mem.set(Wl, base + wOff); mem.set(B, base + bOff);
  mem.fill(NaN, oBase, oBase + oOff + sizeO + 8);
  const fn = nhwc ? kernels.weft_conv2d_nhwc_f32 : kernels.weft_conv2d_f32;
  for (let id = 0; id < groups; id++) {
    fn(base * 4, xOff, base * 4, wOff, base * 4, bOff, oBase * 4, oOff, c, ih, iw, f, oh, ow, kh, kw, stride, id, groups);
  }
  const what = `conv2d${nhwc ? ' nhwc' : ''} c=${c} in=${ih}x${iw} f=${f} k=${kh}x${kw} stride=${stride} groups=${groups}`;
  for (let o = 0; o < f; o++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        let s = B[o], t = Math.abs(B[o]);
        for (let ci = 0; ci < c; ci++)
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const v = W[((o * c + ci) * kh + i) * kw + j] * X[(ci * ih + y * stride + i) * iw + x * stride + j];
              s += v; t += Math.abs(v);
            }
        const got = mem[oBase + oOff + oAt(o, y, x)];
        const tol = 4 * 2 ** -24 * (c * kh * kw + 2) * t + 1e-30;
        if (!(Math.abs(got - s) <= tol)) assert.fail(`${what}: out[${o},${y},${x}] = ${got}, expected ${s} (±${tol})`);
      }
  for (const at of [oBase, oBase + oOff + sizeO]) assert.ok(Number.isNaN(mem[at]), `${what}: wrote outside the output`);
}

/** i8 × i8 → i32 matmul (B as [K,N]): exact, against a plain integer reference. */
function checkInt8(kernels, memory, { batch, m, n, k, groups, seed }) {
  const r = rng(seed);
  const sizeA = batch * m * k, sizeB = batch * k * n, sizeC = batch * m * n;
  const aOff = 3, bOff = aOff + sizeA + 7, cOff = 1; // bytes for A and B (one buffer), elements for C
  const base = 1024, cBase = (Math.ceil((base + bOff + sizeB + 64) / 4)) + 16;
  const need = (cBase + cOff + sizeC + 64) * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const i8 = new Int8Array(memory.buffer), i32 = new Int32Array(memory.buffer);
  const A = Int8Array.from({ length: sizeA }, () => Math.floor(r() * 128)), B = Int8Array.from({ length: sizeB }, () => Math.floor(r() * 128));
  i8.set(A, base + aOff); i8.set(B, base + bOff);
  i32.fill(0x7eadbeef, cBase, cBase + cOff + sizeC + 8);
  for (let id = 0; id < groups; id++) kernels.weft_matmul_nn_i8i32(base, aOff, base, bOff, cBase * 4, cOff, batch, m, n, k, id, groups);
  const what = `i8 matmul batch=${batch} m=${m} n=${n} k=${k} groups=${groups}`;
  for (let bi = 0; bi < batch; bi++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[(bi * m + i) * k + p] * B[(bi * k + p) * n + j];
        assert.equal(i32[cBase + cOff + (bi * m + i) * n + j], s, `${what}: C[${bi},${i},${j}]`);
      }
  for (const at of [cBase, cBase + cOff + sizeC]) assert.equal(i32[at], 0x7eadbeef, `${what}: wrote outside C`);
}

const EDGE = [
  { batch: 1, m: 1, n: 1, k: 1 }, { batch: 1, m: 1, n: 10, k: 1024 }, { batch: 1, m: 1, n: 1024, k: 784 },
  { batch: 1, m: 3, n: 7, k: 5 }, { batch: 1, m: 5, n: 13, k: 0 }, { batch: 1, m: 0, n: 8, k: 4 },
  { batch: 1, m: 4, n: 0, k: 4 }, { batch: 2, m: 9, n: 17, k: 33 }, { batch: 3, m: 4, n: 8, k: 16 },
  { batch: 1, m: 128, n: 36, k: 64 }, { batch: 1, m: 2, n: 3, k: 9 },
];

for (const variant of variants) {
  test(`kernel module (${variant}) matches float64 on edge and random shapes`, async (t) => {
    requireFile(path.join(root, `glue/pkg/weft_kernels_${variant}.wasm`));
    if (variant === 'relaxed' && kernelVariant() !== 'relaxed') {
      // This Node has no relaxed SIMD: run the same checks in one that has.
      const env = { ...process.env, WEFT_KERNELS_ONLY: 'relaxed' };
      delete env.NODE_TEST_CONTEXT; // a standalone run, not a child of this test runner
      const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--test-reporter=tap', fileURLToPath(import.meta.url)],
        { env, encoding: 'utf8' }); // throws when a test fails (exit code 1)
      assert.match(out, /^ok \d+ - kernel module \(relaxed\)/m);
      assert.match(out, /^# fail 0$/m);
      return;
    }
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 1024, shared: true });
    const compiled = WebAssembly.compile(readFileSync(kernelModuleUrl(variant)));
    const { exports: kernels } = await kernelExports(memory, () => compiled);
    const r = rng(42);
    const random = Array.from({ length: 40 }, () => ({
      batch: 1 + Math.floor((r() + 1) * 1.5), m: Math.floor((r() + 1) * 10), n: Math.floor((r() + 1) * 20), k: Math.floor((r() + 1) * 40),
    }));
    let seed = 1;
    for (const kind of ['nt', 'nn']) {
      for (const shape of [...EDGE, ...random]) {
        for (const flags of [0, 1, 2, 3, 5, 7]) {
          for (const groups of [1, 3]) check(kernels, memory, kind, { ...shape, flags, groups, seed: seed++ });
        }
      }
    }
    for (const stride of [1, 2]) {
      for (const [channels, ih, iw] of [[1, 3, 3], [3, 9, 9], [2, 16, 16], [4, 8, 23], [2, 13, 10], [1, 30, 7], [0, 5, 5], [2, 2, 9], [5, 114, 114]]) {
        for (const groups of [1, 4]) checkDepthwise(kernels, memory, { channels, ih, iw, stride, groups, seed: seed++ });
      }
      for (const [channels, ih, iw] of [[1, 3, 3], [4, 9, 9], [7, 10, 13], [8, 5, 3], [0, 5, 5], [3, 2, 9], [32, 17, 17], [13, 21, 20]]) {
        for (const groups of [1, 4]) checkDepthwise(kernels, memory, { channels, ih, iw, stride, groups, seed: seed++, nhwc: true });
      }
    }
    for (const [c, ih, iw, f, kh, kw, stride] of [
      [3, 9, 9, 8, 3, 3, 1], [2, 10, 13, 12, 3, 3, 2], [3, 21, 21, 16, 7, 7, 2], [5, 7, 7, 8, 1, 1, 2], [1, 3, 3, 3, 3, 3, 1],
      [4, 9, 11, 8, 3, 3, 1], [0, 5, 5, 8, 3, 3, 1], [2, 5, 5, 0, 3, 3, 1], [6, 16, 9, 24, 3, 3, 1], [1, 2, 2, 8, 3, 3, 1]]) {
      for (const nhwc of [false, true]) {
        for (const groups of [1, 5]) checkConv(kernels, memory, { c, ih, iw, f, kh, kw, stride, groups, seed: seed++, nhwc });
      }
    }
    for (const shape of [...EDGE, ...random]) {
      for (const groups of [1, 3]) checkInt8(kernels, memory, { ...shape, groups, seed: seed++ });
    }
    checkInt8(kernels, memory, { batch: 1, m: 3, n: 16, k: 2048, groups: 2, seed: seed++ }); // extreme products summed long
    t.diagnostic(`${seed - 1} cases`);
  });
}

test('kernel variants: an unknown name is refused', () => {
  assert.throws(() => kernelModuleUrl('avx'), /unknown kernel variant 'avx' \(expected 'relaxed' or 'simd128'\)/);
});
