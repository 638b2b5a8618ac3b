// Weft's kernel module (glue/kernels, both builds) against a float64 reference computed here:
// f32 matmuls (B as [N,K], [K,N] or packed in panels), i8 matmuls, dense convolutions (NCHW and
// NHWC, weights packed as the spec packs them) and depthwise ones, softmax; on random shapes
// including edge sizes (N not a multiple of the vector width or panel, K = 1, K = 0, empty,
// tails of every tile), every epilogue (bias per column or per row, residual, ReLU, clamp,
// GELU and their combinations), operands at offsets inside one merged buffer (as IREE merges
// bindings), and the work split over several workgroups (every output written exactly by its
// share). The relaxed-SIMD build runs in a child Node with --experimental-wasm-relaxed-simd when
// this Node lacks relaxed SIMD (Node 20).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kernelExports, kernelModuleUrl, kernelVariant } from '../js/kernels.mjs';
import { EPILOGUE_FLAGS as F, PANELS } from '../target/kernel-table.mjs';
import { requireFile, root } from './common.mjs';
import path from 'node:path';

const only = process.env.WEFT_KERNELS_ONLY;
const variants = only ? [only] : ['simd128', 'relaxed'];
const EPS = 2 ** -24;

// Deterministic generator (mulberry32), values in [-1, 1).
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 31) - 1;
  };
}

/** erf(x) in float64: its Taylor series below 2.5, Laplace's continued fraction for erfc above. */
function erf(x) {
  const a = Math.abs(x);
  let r;
  if (a < 2.5) {
    let term = a, sum = a;
    for (let n = 1; n < 80; n++) {
      term *= (-a * a) / n;
      sum += term / (2 * n + 1);
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    let f = a;
    for (let n = 60; n >= 1; n--) f = a + n / 2 / f;
    r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  }
  return x < 0 ? -r : r;
}

/**
 * The epilogue in float64: v (with |terms| summing to t, for the error bound) + bias + residual,
 * then the activation; returns [value, tolerance]. The kernel's own erf is accurate to 3e-7.
 */
function finish(v, t, k, { flags, lo, hi, bias, res }) {
  if (flags & F.bias) { v += bias; t += Math.abs(bias); }
  if (flags & F.residual) { v += res; t += Math.abs(res); }
  let tol = 4 * EPS * (k + 3) * t + 1e-30;
  if (flags & F.gelu) {
    tol = 1.2 * tol + Math.abs(v) * 4e-7 + 4 * EPS * Math.abs(v);
    v = 0.5 * v * (1 + erf(v / Math.SQRT2));
  } else if (flags & F.clamp) {
    v = Math.min(Math.max(v, lo), hi);
  } else if (flags & F.relu) {
    v = v > 0 ? v : 0;
  }
  return [v, tol];
}
const bits = (x) => new Uint32Array(Float32Array.of(x).buffer)[0];

/** B [batch, N, K] or [batch, K, N] laid out for the kernel: as is, or packed [⌈N/P⌉, K, P] per batch. */
function layoutB(kind, B, batch, n, k) {
  if (kind !== 'packed') return B;
  const P = PANELS.gemm, panels = Math.ceil(n / P);
  const out = new Float32Array(batch * panels * k * P);
  for (let bi = 0; bi < batch; bi++)
    for (let p = 0; p < k; p++)
      for (let j = 0; j < n; j++) out[((bi * panels + Math.floor(j / P)) * k + p) * P + (j % P)] = B[(bi * k + p) * n + j];
  return out;
}

/**
 * Places A, B, bias, residual and C in one memory at element offsets (A and B share one
 * "binding" with B after A and a gap), runs the kernel over `groups` workgroups and compares
 * with float64. kind: nt (B [N,K]), nn (B [K,N]) or packed (B [K,N] packed in panels).
 */
function check(kernels, memory, kind, { batch, m, n, k, flags, groups, seed, lo = -0.25, hi = 0.5 }) {
  const r = rng(seed);
  const sizeA = batch * m * k, sizeB = batch * n * k, sizeC = batch * m * n;
  const A = Float32Array.from({ length: sizeA }, r), B = Float32Array.from({ length: sizeB }, r);
  const bias = Float32Array.from({ length: Math.max(m, n) }, r), res = Float32Array.from({ length: sizeC }, r);
  const Bl = layoutB(kind, B, batch, n, k);
  const base = 1024 / 4; // elements; the test owns this memory
  const aOff = 3, bOff = aOff + sizeA + 5, biasOff = 7, resOff = 2, cOff = 1; // deliberately unaligned
  const biasBase = base + bOff + Bl.length + 64, resBase = biasBase + biasOff + Math.max(m, n) + 64, cBase = resBase + resOff + sizeC + 64;
  const need = (cBase + cOff + sizeC + 64) * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const mem = new Float32Array(memory.buffer);
  mem.set(A, base + aOff); mem.set(Bl, base + bOff); mem.set(bias, biasBase + biasOff); mem.set(res, resBase + resOff);
  mem.fill(NaN, cBase, cBase + cOff + sizeC + 8);
  const fn = kernels[`weft_matmul_${kind}_f32`];
  for (let id = 0; id < groups; id++) {
    fn(base * 4, aOff, base * 4, bOff, biasBase * 4, biasOff, resBase * 4, resOff, cBase * 4, cOff, batch, m, n, k, flags, bits(lo), bits(hi), id, groups);
  }
  const what = `${kind} batch=${batch} m=${m} n=${n} k=${k} flags=${flags} groups=${groups}`;
  for (let bi = 0; bi < batch; bi++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0, t = 0;
        for (let p = 0; p < k; p++) {
          const v = A[(bi * m + i) * k + p] * (kind === 'nt' ? B[(bi * n + j) * k + p] : B[(bi * k + p) * n + j]);
          s += v; t += Math.abs(v);
        }
        const at = (bi * m + i) * n + j;
        const [want, tol] = finish(s, t, k, { flags, lo, hi, bias: flags & F.rowBias ? bias[i] : bias[j], res: res[at] });
        const got = mem[cBase + cOff + at];
        if (!(Math.abs(got - want) <= tol)) assert.fail(`${what}: C[${bi},${i},${j}] = ${got}, expected ${want} (±${tol})`);
      }
  for (const at of [cBase, cBase + cOff + sizeC]) assert.ok(Number.isNaN(mem[at]), `${what}: wrote outside C (element ${at - cBase - cOff})`);
}

/**
 * Depthwise 3×3 (input already padded) against float64, at offsets in one merged buffer, over
 * `groups` workgroups: NCHW (input [C, ih, iw], weights [C, 3, 3]) or NHWC (input [ih, iw, C],
 * weights [3, 3, C]); the bias always added, then the epilogue `flags`.
 */
function checkDepthwise(kernels, memory, { channels, ih, iw, stride, groups, seed, nhwc = false, flags = 0, lo = -0.5, hi = 0.75 }) {
  const r = rng(seed);
  const oh = ih >= 3 ? Math.floor((ih - 3) / stride) + 1 : 0, ow = iw >= 3 ? Math.floor((iw - 3) / stride) + 1 : 0;
  const sizeX = channels * ih * iw, sizeW = channels * 9, sizeO = channels * oh * ow;
  const [xOff, wGap, bGap, oOff] = nhwc ? [1, 6, 3, 3] : [5, 3, 1, 2];
  const wOff = xOff + sizeX + wGap, bOff = wOff + sizeW + bGap; // one merged buffer for x, w, bias
  const base = 1024 / 4, resBase = base + bOff + channels + 64, resOff = 3, oBase = resBase + resOff + sizeO + 64;
  const need = (oBase + oOff + sizeO + 64) * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const mem = new Float32Array(memory.buffer);
  const X = Float32Array.from({ length: sizeX }, r), W = Float32Array.from({ length: sizeW }, r), B = Float32Array.from({ length: channels }, r);
  const R = Float32Array.from({ length: sizeO }, r);
  mem.set(X, base + xOff); mem.set(W, base + wOff); mem.set(B, base + bOff); mem.set(R, resBase + resOff);
  mem.fill(NaN, oBase, oBase + oOff + sizeO + 8);
  const kernel = nhwc ? kernels.weft_dwconv3x3_nhwc_f32 : kernels.weft_dwconv3x3_f32;
  for (let id = 0; id < groups; id++) {
    kernel(base * 4, xOff, base * 4, wOff, base * 4, bOff, resBase * 4, resOff, oBase * 4, oOff, channels, ih, iw, oh, ow, stride, flags, bits(lo), bits(hi), id, groups);
  }
  // Element indices of x[c, y, x], w[c, i, j] and out[c, y, x] in either layout.
  const xAt = nhwc ? (c, y, x) => (y * iw + x) * channels + c : (c, y, x) => c * ih * iw + y * iw + x;
  const wAt = nhwc ? (c, i, j) => (i * 3 + j) * channels + c : (c, i, j) => c * 9 + i * 3 + j;
  const oAt = nhwc ? (c, y, x) => (y * ow + x) * channels + c : (c, y, x) => (c * oh + y) * ow + x;
  const what = `dwconv3x3${nhwc ? ' nhwc' : ''} c=${channels} in=${ih}x${iw} stride=${stride} flags=${flags} groups=${groups}`;
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        let s = 0, t = 0;
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) {
            const v = W[wAt(c, i, j)] * X[xAt(c, y * stride + i, x * stride + j)];
            s += v; t += Math.abs(v);
          }
        const [want, tol] = finish(s, t, 9, { flags: flags | F.bias, lo, hi, bias: B[c], res: R[oAt(c, y, x)] });
        const got = mem[oBase + oOff + oAt(c, y, x)];
        if (!(Math.abs(got - want) <= tol)) assert.fail(`${what}: out${nhwc ? `[${y},${x},${c}]` : `[${c},${y},${x}]`} = ${got}, expected ${want} (±${tol})`);
      }
  for (const at of [oBase, oBase + oOff + sizeO]) assert.ok(Number.isNaN(mem[at]), `${what}: wrote outside the output`);
}

/**
 * Dense convolution (input padded) against float64, in NCHW or NHWC (input [H, W, C], output
 * [OH, OW, F]), weights drawn as [F, C, KH, KW] and packed as the spec packs them: NCHW
 * [⌈F/P⌉, C, KH, KW, P], NHWC [⌈F/P⌉, KH, KW, C, P], zero-padded; bias, then the epilogue.
 */
function checkConv(kernels, memory, { c, ih, iw, f, kh, kw, stride, groups, seed, nhwc = false, flags = 0, lo = -1, hi = 1 }) {
  const r = rng(seed);
  const P = PANELS.conv, panels = Math.ceil(f / P);
  const oh = ih >= kh ? Math.floor((ih - kh) / stride) + 1 : 0, ow = iw >= kw ? Math.floor((iw - kw) / stride) + 1 : 0;
  const sizeX = c * ih * iw, sizeW = panels * P * c * kh * kw, sizeO = f * oh * ow;
  const xOff = 3, wOff = xOff + sizeX + 5, bOff = wOff + sizeW + 2, oOff = 1, resOff = 4;
  const base = 1024 / 4, resBase = base + bOff + f + 64, oBase = resBase + resOff + sizeO + 64;
  const need = (oBase + oOff + sizeO + 64) * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const mem = new Float32Array(memory.buffer);
  // X and W drawn in NCHW / [F, C, KH, KW] order, then laid out as the kernel takes them.
  const X = Float32Array.from({ length: sizeX }, r), W = Float32Array.from({ length: f * c * kh * kw }, r), B = Float32Array.from({ length: f }, r);
  const R = Float32Array.from({ length: sizeO }, r);
  const xAt = (ci, y, x) => (nhwc ? (y * iw + x) * c + ci : (ci * ih + y) * iw + x);
  const wAt = (o, ci, i, j) => {
    const tap = nhwc ? (i * kw + j) * c + ci : (ci * kh + i) * kw + j;
    return (Math.floor(o / P) * c * kh * kw + tap) * P + (o % P);
  };
  const oAt = (o, y, x) => (nhwc ? (y * ow + x) * f + o : (o * oh + y) * ow + x);
  const Xl = new Float32Array(sizeX), Wl = new Float32Array(sizeW);
  for (let ci = 0; ci < c; ci++) for (let y = 0; y < ih; y++) for (let x = 0; x < iw; x++) Xl[xAt(ci, y, x)] = X[(ci * ih + y) * iw + x];
  for (let o = 0; o < f; o++) for (let ci = 0; ci < c; ci++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) Wl[wAt(o, ci, i, j)] = W[((o * c + ci) * kh + i) * kw + j];
  mem.set(Xl, base + xOff); mem.set(Wl, base + wOff); mem.set(B, base + bOff); mem.set(R, resBase + resOff);
  mem.fill(NaN, oBase, oBase + oOff + sizeO + 8);
  const fn = nhwc ? kernels.weft_conv2d_nhwc_f32 : kernels.weft_conv2d_f32;
  for (let id = 0; id < groups; id++) {
    fn(base * 4, xOff, base * 4, wOff, base * 4, bOff, resBase * 4, resOff, oBase * 4, oOff, c, ih, iw, f, oh, ow, kh, kw, stride, flags, bits(lo), bits(hi), id, groups);
  }
  const what = `conv2d${nhwc ? ' nhwc' : ''} c=${c} in=${ih}x${iw} f=${f} k=${kh}x${kw} stride=${stride} flags=${flags} groups=${groups}`;
  for (let o = 0; o < f; o++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        let s = 0, t = 0;
        for (let ci = 0; ci < c; ci++)
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const v = W[((o * c + ci) * kh + i) * kw + j] * X[(ci * ih + y * stride + i) * iw + x * stride + j];
              s += v; t += Math.abs(v);
            }
        const [want, tol] = finish(s, t, c * kh * kw, { flags: flags | F.bias, lo, hi, bias: B[o], res: R[oAt(o, y, x)] });
        const got = mem[oBase + oOff + oAt(o, y, x)];
        if (!(Math.abs(got - want) <= tol)) assert.fail(`${what}: out[${o},${y},${x}] = ${got}, expected ${want} (±${tol})`);
      }
  for (const at of [oBase, oBase + oOff + sizeO]) assert.ok(Number.isNaN(mem[at]), `${what}: wrote outside the output`);
}

/**
 * softmax(x·scale + mask) over the last axis against float64: x [B, H, S, L], mask [B, S, L]
 * (flags 1 = scale, 2 = mask); `big` spreads the logits so exp under- and overflows in f32
 * unless the maximum is subtracted, and masks some entries with -3.4e38 as attention does.
 */
function checkSoftmax(kernels, memory, { batch, heads, rows, len, flags, groups, seed, spread = 4 }) {
  const r = rng(seed);
  const size = batch * heads * rows * len, sizeM = batch * rows * len;
  const X = Float32Array.from({ length: size }, () => r() * spread);
  const M = Float32Array.from({ length: sizeM }, () => (r() > 0.7 ? -3.4028234663852886e38 : r()));
  const scale = 0.17677669;
  const base = 1024 / 4, xOff = 3, mOff = xOff + size + 9, oBase = base + mOff + sizeM + 64, oOff = 2;
  const need = (oBase + oOff + size + 64) * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const mem = new Float32Array(memory.buffer);
  mem.set(X, base + xOff); mem.set(M, base + mOff);
  mem.fill(NaN, oBase, oBase + oOff + size + 8);
  for (let id = 0; id < groups; id++) kernels.weft_softmax_f32(base * 4, xOff, base * 4, mOff, oBase * 4, oOff, batch, heads, rows, len, bits(scale), flags, id, groups);
  const what = `softmax b=${batch} h=${heads} s=${rows} l=${len} flags=${flags} spread=${spread} groups=${groups}`;
  for (let b = 0; b < batch; b++)
    for (let h = 0; h < heads; h++)
      for (let s = 0; s < rows; s++) {
        const row = ((b * heads + h) * rows + s) * len;
        const logit = (j) => Math.fround((flags & 1 ? Math.fround(X[row + j] * Math.fround(scale)) : X[row + j]) + (flags & 2 ? M[(b * rows + s) * len + j] : 0));
        let max = -Infinity;
        for (let j = 0; j < len; j++) max = Math.max(max, logit(j));
        let sum = 0;
        for (let j = 0; j < len; j++) sum += Math.exp(logit(j) - max);
        for (let j = 0; j < len; j++) {
          const want = Math.exp(logit(j) - max) / sum;
          const got = mem[oBase + oOff + row + j];
          const tol = 8 * EPS * want * (len + 4) + 1e-37;
          if (!(Math.abs(got - want) <= tol)) assert.fail(`${what}: out[${b},${h},${s},${j}] = ${got}, expected ${want} (±${tol})`);
        }
      }
  for (const at of [oBase, oBase + oOff + size]) assert.ok(Number.isNaN(mem[at]), `${what}: wrote outside the output`);
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
  { batch: 1, m: 128, n: 36, k: 64 }, { batch: 1, m: 2, n: 3, k: 9 }, { batch: 1, m: 7, n: 49, k: 12 },
  { batch: 1, m: 6, n: 15, k: 3 }, { batch: 2, m: 5, n: 6, k: 2 },
];
// Plain epilogues, then combinations with a residual and the activations (clamp and GELU
// override ReLU when set together, as the spec never asks).
const FLAG_SETS = [0, F.bias, F.relu, F.bias | F.relu, F.bias | F.rowBias, F.bias | F.rowBias | F.relu,
  F.bias | F.clamp, F.residual, F.bias | F.residual | F.relu, F.bias | F.rowBias | F.residual | F.clamp, F.bias | F.gelu, F.residual | F.gelu];

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
    for (const kind of ['nt', 'nn', 'packed']) {
      for (const shape of [...EDGE, ...random]) {
        for (const flags of FLAG_SETS) {
          for (const groups of [1, 3]) check(kernels, memory, kind, { ...shape, flags, groups, seed: seed++ });
        }
      }
    }
    // GELU over its whole range (erf saturates past ±4) and a clamp with bounds that cut.
    check(kernels, memory, 'packed', { batch: 1, m: 9, n: 21, k: 40, flags: F.bias | F.gelu, groups: 2, seed: seed++ });
    check(kernels, memory, 'nn', { batch: 1, m: 11, n: 9, k: 30, flags: F.bias | F.clamp, groups: 2, seed: seed++, lo: 0, hi: 0.25 });
    for (const stride of [1, 2]) {
      for (const [channels, ih, iw] of [[1, 3, 3], [3, 9, 9], [2, 16, 16], [4, 8, 23], [2, 13, 10], [1, 30, 7], [0, 5, 5], [2, 2, 9], [5, 114, 114], [3, 6, 6], [2, 4, 5]]) {
        for (const [groups, flags] of [[1, 0], [4, 0], [3, F.clamp], [2, F.residual | F.relu]]) checkDepthwise(kernels, memory, { channels, ih, iw, stride, groups, flags, seed: seed++ });
      }
      for (const [channels, ih, iw] of [[1, 3, 3], [4, 9, 9], [7, 10, 13], [8, 5, 3], [0, 5, 5], [3, 2, 9], [32, 17, 17], [13, 21, 20]]) {
        for (const [groups, flags] of [[1, 0], [4, 0], [2, F.clamp | F.residual]]) checkDepthwise(kernels, memory, { channels, ih, iw, stride, groups, flags, seed: seed++, nhwc: true });
      }
    }
    for (const [c, ih, iw, f, kh, kw, stride] of [
      [3, 9, 9, 8, 3, 3, 1], [2, 10, 13, 12, 3, 3, 2], [3, 21, 21, 16, 7, 7, 2], [5, 7, 7, 8, 1, 1, 2], [1, 3, 3, 3, 3, 3, 1],
      [4, 9, 11, 8, 3, 3, 1], [0, 5, 5, 8, 3, 3, 1], [2, 5, 5, 0, 3, 3, 1], [6, 16, 9, 24, 3, 3, 1], [1, 2, 2, 8, 3, 3, 1],
      [7, 9, 9, 13, 3, 3, 1], [9, 9, 9, 5, 1, 1, 1], [3, 11, 10, 7, 5, 3, 2], [4, 8, 8, 9, 2, 2, 2], [16, 5, 6, 17, 3, 3, 1]]) {
      for (const nhwc of [false, true]) {
        for (const [groups, flags] of [[1, 0], [5, 0], [3, F.clamp], [2, F.residual | F.relu], [4, F.residual]]) {
          checkConv(kernels, memory, { c, ih, iw, f, kh, kw, stride, groups, flags, seed: seed++, nhwc });
        }
      }
    }
    for (const [batch, heads, rows, len] of [[1, 12, 8, 128], [2, 3, 5, 7], [1, 1, 1, 1], [1, 2, 3, 4], [2, 1, 4, 33], [1, 4, 0, 8], [1, 2, 3, 129]]) {
      for (const flags of [0, 1, 2, 3]) {
        for (const groups of [1, 3]) checkSoftmax(kernels, memory, { batch, heads, rows, len, flags, groups, seed: seed++ });
      }
      checkSoftmax(kernels, memory, { batch, heads, rows, len, flags: 3, groups: 2, seed: seed++, spread: 400 });
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
