#!/usr/bin/env node
// Generates Weft's transform spec (glue/target/spec.mlir) and the kernel lists
// (glue/kernels/src/signatures.rs, glue/kernels/signatures.json) from the one table in
// kernel-table.mjs. The outputs are checked in: glue/build.sh runs this, CI runs it with
// --check, which fails (naming the stale file) when a checked-in output differs.
//   node glue/target/gen-spec.mjs            write the outputs
//   node glue/target/gen-spec.mjs --check    compare instead of writing

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENTRIES, GROUPS, KERNELS } from './kernel-table.mjs';

const at = (p) => fileURLToPath(new URL(p, import.meta.url));
const OUTPUTS = {
  spec: at('./spec.mlir'),
  rust: at('../kernels/src/signatures.rs'),
  json: at('../kernels/signatures.json'),
};

// ---- types ---------------------------------------------------------------------------------------
const X4 = 'tensor<1x?x?x?xf32>';
const D4 = 'tensor<?x?x?x?xf32>';
const V = 'tensor<?xf32>';
const M2 = 'tensor<?x?xf32>';
const M3 = 'tensor<?x?x?xf32>';
const id = (rank) => `affine_map<(${dims(rank)}) -> (${dims(rank)})>`;
const dims = (rank) => Array.from({ length: rank }, (_, i) => `d${i}`).join(', ');
const last = (rank) => `affine_map<(${dims(rank)}) -> (d${rank - 1})>`;
const parallel = (rank) => `[${Array(rank).fill('"parallel"').join(', ')}]`;

// ---- kernel declarations -------------------------------------------------------------------------
function paramType(p) {
  const [, kind, elem] = p.split(':');
  if (kind === 'ptr') return `memref<${elem}>`;
  return kind === 'i32' ? 'i32' : 'index';
}
const signature = (k) => k.params.map(paramType).join(', ');
const kernel = (symbol) => KERNELS.find((k) => k.symbol === symbol) ?? fail(`kernel-table.mjs: no kernel ${symbol}`);
function fail(msg) {
  throw new Error(msg);
}

function declarations() {
  return KERNELS.map((k) => `      // ${k.doc}
      // (${k.params.map((p) => p.split(':')[0]).join(', ')})
      func.func private @${k.symbol}(${signature(k)}) attributes {hal.import.static, llvm.bareptr = true}`).join('\n');
}

// ---- dispatch entries ----------------------------------------------------------------------------
function exportOf({ name, tile }) {
  return `    stream.executable.export public @${name} workgroups(%units: index) -> (index, index, index) {
      %c1 = arith.constant 1 : index
      %g = affine.apply affine_map<()[s0] -> ((s0 + ${tile - 1}) floordiv ${tile})>()[%units]
      %g1 = arith.maxui %g, %c1 : index
      hal.return %g1, %c1, %c1 : index, index, index
    }`;
}

// Views of bindings as flat memrefs and their (base, offset) for the kernel: %ptr_V, %off_V.
function views(list, elem = 'f32') {
  return list.map(([v, binding, size, e = elem]) => `        %${v} = stream.binding.subspan %${binding}[%c0] : !stream.binding -> memref<?x${e}>{%${size}}
        %ptr_${v}, %off_${v}, %size_${v}, %stride_${v} = iree_codegen.extract_strided_metadata %${v} : memref<?x${e}> -> memref<${e}>, index, index, index`).join('\n');
}
const workgroup = `        %id = stream.dispatch.workgroup.id[0] : index
        %count = stream.dispatch.workgroup.count[0] : index`;
function call(symbol, args) {
  return `        func.call @${symbol}(${args}, %id, %count)
          : (${signature(kernel(symbol))}) -> ()
        return`;
}
const base = (...vs) => vs.map((v) => `%ptr_${v}, %off_${v}`).join(', ');
const toIndex = (names) => names.map((n) => `        %${n}i = arith.index_castui %${n} : i32 to index`).join('\n');

const ENTRY_BODIES = {
  // (a, b, bias, c, m, n, k): batch 1, the flags fixed by the entry.
  matmul: ({ name, kernel: k, flags }) => `      func.func @${name}(%a_b: !stream.binding, %b_b: !stream.binding, %bias_b: !stream.binding, %c_b: !stream.binding, %m: i32, %n: i32, %k: i32) {
        %c0 = arith.constant 0 : index
        %flags = arith.constant ${flags} : i32
        %batch = arith.constant 1 : i32
        %sa, %sb, %sz, %sc = func.call @sizes(%batch, %m, %n, %k) : (i32, i32, i32, i32) -> (index, index, index, index)
${views([['a', 'a_b', 'sa'], ['b', 'b_b', 'sb'], ['z', 'bias_b', 'sz'], ['c', 'c_b', 'sc']])}
${workgroup}
${call(k, `${base('a', 'b', 'z', 'c')}, %batch, %m, %n, %k, %flags`)}
      }`,
  // (a, b, c, batch, m, n, k): no bias; c stands in for it (flags 0: the kernel does not read it).
  bmm: ({ name, kernel: k }) => `      func.func @${name}(%a_b: !stream.binding, %b_b: !stream.binding, %c_b: !stream.binding, %batch: i32, %m: i32, %n: i32, %k: i32) {
        %c0 = arith.constant 0 : index
        %flags = arith.constant 0 : i32
        %sa, %sb, %sz, %sc = func.call @sizes(%batch, %m, %n, %k) : (i32, i32, i32, i32) -> (index, index, index, index)
${views([['a', 'a_b', 'sa'], ['b', 'b_b', 'sb'], ['c', 'c_b', 'sc']])}
${workgroup}
${call(k, `${base('a', 'b', 'c', 'c')}, %batch, %m, %n, %k, %flags`)}
      }`,
  // out[F, H·W] = W[F, C] · X[C, H·W] + bias[F] (per row: flags 1 | 4).
  conv1x1: ({ name, kernel: k }) => `      func.func @${name}(%x_b: !stream.binding, %w_b: !stream.binding, %bias_b: !stream.binding, %c_b: !stream.binding, %f: i32, %hw: i32, %ch: i32) {
        %c0 = arith.constant 0 : index
        %flags = arith.constant 5 : i32
        %batch = arith.constant 1 : i32
        %sw, %sx, %sz, %sc = func.call @sizes(%batch, %f, %hw, %ch) : (i32, i32, i32, i32) -> (index, index, index, index)
        %fi = arith.index_castui %f : i32 to index
${views([['x', 'x_b', 'sx'], ['w', 'w_b', 'sw'], ['z', 'bias_b', 'fi'], ['c', 'c_b', 'sc']])}
${workgroup}
${call(k, `${base('w', 'x', 'z', 'c')}, %batch, %f, %hw, %ch, %flags`)}
      }`,
  // (x, w, bias, out, ch, ih, iw, oh, ow[, stride]): depthwise 3×3, either layout (same sizes).
  dwconv: ({ name, kernel: k, stride }) => `      func.func @${name}(%x_b: !stream.binding, %w_b: !stream.binding, %bias_b: !stream.binding, %o_b: !stream.binding,
                         %ch: i32, %ih: i32, %iw: i32, %oh: i32, %ow: i32${stride ? '' : ', %stride: i32'}) {
        %c0 = arith.constant 0 : index
        %c9 = arith.constant 9 : index${stride ? `\n        %stride = arith.constant ${stride} : i32` : ''}
${toIndex(['ch', 'ih', 'iw', 'oh', 'ow'])}
        %plane = arith.muli %ihi, %iwi : index
        %sx = arith.muli %chi, %plane : index
        %sw = arith.muli %chi, %c9 : index
        %oplane = arith.muli %ohi, %owi : index
        %so = arith.muli %chi, %oplane : index
${views([['x', 'x_b', 'sx'], ['w', 'w_b', 'sw'], ['z', 'bias_b', 'chi'], ['o', 'o_b', 'so']])}
${workgroup}
${call(k, `${base('x', 'w', 'z', 'o')}, %ch, %ih, %iw, %oh, %ow, %stride`)}
      }`,
  // (x, w, bias, out, ch, ih, iw, f, oh, ow, kh, kw[, stride]): dense convolution, either layout.
  conv2d: ({ name, kernel: k, stride }) => `      func.func @${name}(%x_b: !stream.binding, %w_b: !stream.binding, %bias_b: !stream.binding, %o_b: !stream.binding,
                         %ch: i32, %ih: i32, %iw: i32, %f: i32, %oh: i32, %ow: i32, %kh: i32, %kw: i32${stride ? '' : ', %stride: i32'}) {
        %c0 = arith.constant 0 : index${stride ? `\n        %stride = arith.constant ${stride} : i32` : ''}
${toIndex(['ch', 'ih', 'iw', 'f', 'oh', 'ow', 'kh', 'kw'])}
        %plane = arith.muli %ihi, %iwi : index
        %sx = arith.muli %chi, %plane : index
        %taps = arith.muli %khi, %kwi : index
        %ctaps = arith.muli %chi, %taps : index
        %sw = arith.muli %ctaps, %fi : index
        %oplane = arith.muli %ohi, %owi : index
        %so = arith.muli %fi, %oplane : index
${views([['x', 'x_b', 'sx'], ['w', 'w_b', 'sw'], ['z', 'bias_b', 'fi'], ['o', 'o_b', 'so']])}
${workgroup}
${call(k, `${base('x', 'w', 'z', 'o')}, %ch, %ih, %iw, %f, %oh, %ow, %kh, %kw, %stride`)}
      }`,
  // (a, b, c, m, n, k): i8 × i8 -> i32, batch 1.
  i8: ({ name, kernel: k }) => `      func.func @${name}(%a_b: !stream.binding, %b_b: !stream.binding, %c_b: !stream.binding, %m: i32, %n: i32, %k: i32) {
        %c0 = arith.constant 0 : index
        %batch = arith.constant 1 : i32
        %sa, %sb, %sz, %sc = func.call @sizes(%batch, %m, %n, %k) : (i32, i32, i32, i32) -> (index, index, index, index)
${views([['a', 'a_b', 'sa', 'i8'], ['b', 'b_b', 'sb', 'i8'], ['c', 'c_b', 'sc', 'i32']])}
${workgroup}
${call(k, `${base('a', 'b', 'c')}, %batch, %m, %n, %k`)}
      }`,
};

const entryBody = (entry) => ENTRY_BODIES[entry.kind](entry);

function executable() {
  return `  stream.executable private @weft_kernels {
${ENTRIES.map(exportOf).join('\n')}
    builtin.module {
${declarations()}

      // Element counts of a (batch·m·k), b (batch·n·k), bias (n) and c (batch·m·n).
      func.func private @sizes(%batch: i32, %m: i32, %n: i32, %k: i32) -> (index, index, index, index) {
        %bi = arith.index_castui %batch : i32 to index
        %mi = arith.index_castui %m : i32 to index
        %ni = arith.index_castui %n : i32 to index
        %ki = arith.index_castui %k : i32 to index
        %bm = arith.muli %bi, %mi : index
        %bn = arith.muli %bi, %ni : index
        %mk = arith.muli %bm, %ki : index
        %nk = arith.muli %bn, %ki : index
        %mn = arith.muli %bm, %ni : index
        return %mk, %nk, %ni, %mn : index, index, index, index
      }
${ENTRIES.map(entryBody).join('\n')}
    }
  }`;
}

// ---- replacements (util.func private @weft_*, inlined at the end) --------------------------------
const consts = (n) => Array.from({ length: n }, (_, i) => `    %c${i} = arith.constant ${i} : index`).join('\n');
const casts = (names) => names.map((n) => `    %${n}32 = arith.index_cast %${n} : index to i32`).join('\n');

/** name -> { text, uses: replacement functions it calls } */
const REPLACEMENTS = new Map();
function replacement(name, text, uses = []) {
  if (!REPLACEMENTS.has(name)) REPLACEMENTS.set(name, { text, uses });
  return name;
}

replacement('weft_zeros', `  // A zero bias for the forms without one (a constant once the channel count is static).
  util.func private @weft_zeros(%n: index) -> ${V} {
    %cst = arith.constant 0.000000e+00 : f32
    %e = tensor.empty(%n) : ${V}
    %z = linalg.fill ins(%cst : f32) outs(%e : ${V}) -> ${V}
    util.return %z : ${V}
  }`);

// The bias-free form of `biased` (x, w, bias): a zero bias of the size of dimension `dim` of `of`.
function unbiased(name, biased, xType, wType, resultType, of, dim) {
  const ofType = of === 'x' ? xType : wType;
  return replacement(name, `  util.func private @${name}(%x: ${xType}, %w: ${wType}) -> ${resultType} {
    %c = arith.constant ${dim} : index
    %n = tensor.dim %${of}, %c : ${ofType}
    %z = util.call @weft_zeros(%n) : (index) -> ${V}
    %y = util.call @${biased}(%x, %w, %z) : (${xType}, ${wType}, ${V}) -> ${resultType}
    util.return %y : ${resultType}
  }`, ['weft_zeros', biased]);
}

function linearNt(relu) {
  const entry = relu ? 'linear_nt_bias_relu' : 'linear_nt_bias';
  return replacement(`weft_${entry}`, `  util.func private @weft_${entry}(%x: ${M2}, %w: ${M2}, %bias: ${V}) -> ${M2} {
${consts(2)}
    %m = tensor.dim %x, %c0 : ${M2}
    %k = tensor.dim %x, %c1 : ${M2}
    %n = tensor.dim %w, %c0 : ${M2}
${casts(['m', 'n', 'k'])}
    %y = flow.dispatch @weft_kernels::@${entry}[%n](%x, %w, %bias, %m32, %n32, %k32)
      : (${M2}{%m, %k}, ${M2}{%n, %k}, ${V}{%n}, i32, i32, i32) -> ${M2}{%m, %n}
    util.return %y : ${M2}
  }`);
}

// X[M,K] · W[K,N] (+ bias) (relu) as the nt kernel's X · Wᵀ on W transposed to [N,K]: for
// constant weights the compiler folds the transpose, and the nt kernel's dot products run at
// the memory bound where the nn kernel, walking W's rows N floats apart, is several times slower
// on a GEMV (M = 1, as tf2onnx's MLP layers are).
function linearKn(relu) {
  const biased = linearNt(relu);
  const name = `${biased.replace('_nt_', '_kn_')}`;
  return replacement(name, `  util.func private @${name}(%x: ${M2}, %w: ${M2}, %bias: ${V}) -> ${M2} {
${consts(2)}
    %k = tensor.dim %w, %c0 : ${M2}
    %n = tensor.dim %w, %c1 : ${M2}
    %et = tensor.empty(%n, %k) : ${M2}
    %wt = linalg.transpose ins(%w : ${M2}) outs(%et : ${M2}) permutation = [1, 0]
    %y = util.call @${biased}(%x, %wt, %bias) : (${M2}, ${M2}, ${V}) -> ${M2}
    util.return %y : ${M2}
  }`, [biased]);
}

// X[B,M,K] · W[K,N] + bias: W is shared by the batch, so X is taken as [B·M, K].
const linearNn3d = () => replacement('weft_linear_nn_bias', `  util.func private @weft_linear_nn_bias(%x: ${M3}, %w: ${M2}, %bias: ${V}) -> ${M3} {
${consts(3)}
    %b = tensor.dim %x, %c0 : ${M3}
    %mb = tensor.dim %x, %c1 : ${M3}
    %k = tensor.dim %x, %c2 : ${M3}
    %n = tensor.dim %w, %c1 : ${M2}
    %m = arith.muli %b, %mb : index
${casts(['m', 'n', 'k'])}
    %y = flow.dispatch @weft_kernels::@linear_nn_bias[%n](%x, %w, %bias, %m32, %n32, %k32)
      : (${M3}{%b, %mb, %k}, ${M2}{%k, %n}, ${V}{%n}, i32, i32, i32) -> ${M3}{%b, %mb, %n}
    util.return %y : ${M3}
  }`);

const bmm = () => replacement('weft_bmm', `  util.func private @weft_bmm(%a: ${M3}, %bt: ${M3}) -> ${M3} {
${consts(3)}
    %b = tensor.dim %a, %c0 : ${M3}
    %m = tensor.dim %a, %c1 : ${M3}
    %k = tensor.dim %a, %c2 : ${M3}
    %n = tensor.dim %bt, %c2 : ${M3}
    %bn = arith.muli %b, %n : index
${casts(['b', 'm', 'n', 'k'])}
    %y = flow.dispatch @weft_kernels::@bmm[%bn](%a, %bt, %b32, %m32, %n32, %k32)
      : (${M3}{%b, %m, %k}, ${M3}{%b, %k, %n}, i32, i32, i32, i32) -> ${M3}{%b, %m, %n}
    util.return %y : ${M3}
  }`);

const matmulI8 = () => replacement('weft_matmul_i8i32', `  util.func private @weft_matmul_i8i32(%a: tensor<?x?xi8>, %b: tensor<?x?xi8>) -> tensor<?x?xi32> {
${consts(2)}
    %m = tensor.dim %a, %c0 : tensor<?x?xi8>
    %k = tensor.dim %a, %c1 : tensor<?x?xi8>
    %n = tensor.dim %b, %c1 : tensor<?x?xi8>
${casts(['m', 'n', 'k'])}
    %y = flow.dispatch @weft_kernels::@matmul_i8i32[%n](%a, %b, %m32, %n32, %k32)
      : (tensor<?x?xi8>{%m, %k}, tensor<?x?xi8>{%k, %n}, i32, i32, i32) -> tensor<?x?xi32>{%m, %n}
    util.return %y : tensor<?x?xi32>
  }`);

const CONV1X1_W = 'tensor<?x?x1x1xf32>';
const conv1x1 = () => replacement('weft_conv1x1_bias', `  util.func private @weft_conv1x1_bias(%x: ${X4}, %w: ${CONV1X1_W}, %bias: ${V}) -> ${X4} {
${consts(4)}
    %ch = tensor.dim %x, %c1 : ${X4}
    %h = tensor.dim %x, %c2 : ${X4}
    %wd = tensor.dim %x, %c3 : ${X4}
    %f = tensor.dim %w, %c0 : ${CONV1X1_W}
    %hw = arith.muli %h, %wd : index
${casts(['f', 'hw', 'ch'])}
    %y = flow.dispatch @weft_kernels::@conv1x1_bias[%hw](%x, %w, %bias, %f32, %hw32, %ch32)
      : (${X4}{%ch, %h, %wd}, ${CONV1X1_W}{%f, %ch}, ${V}{%f}, i32, i32, i32) -> ${X4}{%f, %h, %wd}
    util.return %y : ${X4}
  }`);

const DW_W = 'tensor<?x3x3xf32>';
const dwconv = (s) => replacement(`weft_dwconv3x3_s${s}_bias`, `  util.func private @weft_dwconv3x3_s${s}_bias(%x: ${X4}, %w: ${DW_W}, %bias: ${V}) -> ${X4} {
${consts(4)}
    %ch = tensor.dim %x, %c1 : ${X4}
    %ih = tensor.dim %x, %c2 : ${X4}
    %iw = tensor.dim %x, %c3 : ${X4}
    %oh = affine.apply affine_map<()[s0] -> ((s0 - 3) floordiv ${s} + 1)>()[%ih]
    %ow = affine.apply affine_map<()[s0] -> ((s0 - 3) floordiv ${s} + 1)>()[%iw]
    %rows = arith.muli %ch, %oh : index
${casts(['ch', 'ih', 'iw', 'oh', 'ow'])}
    %y = flow.dispatch @weft_kernels::@dwconv3x3_s${s}_bias[%rows](%x, %w, %bias, %ch32, %ih32, %iw32, %oh32, %ow32)
      : (${X4}{%ch, %ih, %iw}, ${DW_W}{%ch}, ${V}{%ch}, i32, i32, i32, i32, i32) -> ${X4}{%ch, %oh, %ow}
    util.return %y : ${X4}
  }`);

// W[F,C,KH,KW] is transposed to [C,KH,KW,F] here; for constant weights the compiler folds it.
const conv2d = (s) => replacement(`weft_conv2d_s${s}_bias`, `  util.func private @weft_conv2d_s${s}_bias(%x: ${X4}, %w: ${D4}, %bias: ${V}) -> ${X4} {
${consts(4)}
    %ch = tensor.dim %x, %c1 : ${X4}
    %ih = tensor.dim %x, %c2 : ${X4}
    %iw = tensor.dim %x, %c3 : ${X4}
    %f = tensor.dim %w, %c0 : ${D4}
    %kh = tensor.dim %w, %c2 : ${D4}
    %kw = tensor.dim %w, %c3 : ${D4}
    %oh = affine.apply affine_map<()[s0, s1] -> ((s0 - s1) floordiv ${s} + 1)>()[%ih, %kh]
    %ow = affine.apply affine_map<()[s0, s1] -> ((s0 - s1) floordiv ${s} + 1)>()[%iw, %kw]
    %et = tensor.empty(%ch, %kh, %kw, %f) : ${D4}
    %wt = linalg.transpose ins(%w : ${D4}) outs(%et : ${D4}) permutation = [1, 2, 3, 0]
    %blocks = affine.apply affine_map<()[s0] -> ((s0 + 7) floordiv 8)>()[%f]
    %units = arith.muli %blocks, %oh : index
${casts(['ch', 'ih', 'iw', 'f', 'oh', 'ow', 'kh', 'kw'])}
    %y = flow.dispatch @weft_kernels::@conv2d_s${s}_bias[%units](%x, %wt, %bias, %ch32, %ih32, %iw32, %f32, %oh32, %ow32, %kh32, %kw32)
      : (${X4}{%ch, %ih, %iw}, ${D4}{%ch, %kh, %kw, %f}, ${V}{%f}, i32, i32, i32, i32, i32, i32, i32, i32) -> ${X4}{%f, %oh, %ow}
    util.return %y : ${X4}
  }`);

// NHWC: a 1×1 stride-1 convolution over X[H,W,C] with HWCF weights is X[H·W, C] · W[C, F] + bias[F]
// as laid out: the projection's kernel, no data movement.
const NHWC1_W = 'tensor<1x1x?x?xf32>';
const conv1x1Nhwc = () => replacement('weft_conv1x1_nhwc_bias', `  util.func private @weft_conv1x1_nhwc_bias(%x: ${X4}, %w: ${NHWC1_W}, %bias: ${V}) -> ${X4} {
${consts(4)}
    %h = tensor.dim %x, %c1 : ${X4}
    %wd = tensor.dim %x, %c2 : ${X4}
    %ch = tensor.dim %x, %c3 : ${X4}
    %f = tensor.dim %w, %c3 : ${NHWC1_W}
    %hw = arith.muli %h, %wd : index
${casts(['hw', 'f', 'ch'])}
    %y = flow.dispatch @weft_kernels::@linear_nn_bias[%f](%x, %w, %bias, %hw32, %f32, %ch32)
      : (${X4}{%h, %wd, %ch}, ${NHWC1_W}{%ch, %f}, ${V}{%f}, i32, i32, i32) -> ${X4}{%h, %wd, %f}
    util.return %y : ${X4}
  }`);

const conv2dNhwcShared = () => replacement('weft_conv2d_nhwc', `  util.func private @weft_conv2d_nhwc(%x: ${X4}, %w: ${D4}, %bias: ${V}, %s: index) -> ${X4} {
${consts(4)}
    %ih = tensor.dim %x, %c1 : ${X4}
    %iw = tensor.dim %x, %c2 : ${X4}
    %ch = tensor.dim %x, %c3 : ${X4}
    %kh = tensor.dim %w, %c0 : ${D4}
    %kw = tensor.dim %w, %c1 : ${D4}
    %f = tensor.dim %w, %c3 : ${D4}
    %oh = affine.apply affine_map<()[s0, s1, s2] -> ((s0 - s1) floordiv s2 + 1)>()[%ih, %kh, %s]
    %ow = affine.apply affine_map<()[s0, s1, s2] -> ((s0 - s1) floordiv s2 + 1)>()[%iw, %kw, %s]
    %blocks = affine.apply affine_map<()[s0] -> ((s0 + 7) floordiv 8)>()[%f]
    %units = arith.muli %blocks, %oh : index
${casts(['ch', 'ih', 'iw', 'f', 'oh', 'ow', 'kh', 'kw', 's'])}
    %y = flow.dispatch @weft_kernels::@conv2d_nhwc_bias[%units](%x, %w, %bias, %ch32, %ih32, %iw32, %f32, %oh32, %ow32, %kh32, %kw32, %s32)
      : (${X4}{%ih, %iw, %ch}, ${D4}{%kh, %kw, %ch, %f}, ${V}{%f}, i32, i32, i32, i32, i32, i32, i32, i32, i32) -> ${X4}{%oh, %ow, %f}
    util.return %y : ${X4}
  }`);
const conv2dNhwc = (s) => replacement(`weft_conv2d_nhwc_s${s}_bias`, `  util.func private @weft_conv2d_nhwc_s${s}_bias(%x: ${X4}, %w: ${D4}, %bias: ${V}) -> ${X4} {
    %s = arith.constant ${s} : index
    %y = util.call @${conv2dNhwcShared()}(%x, %w, %bias, %s) : (${X4}, ${D4}, ${V}, index) -> ${X4}
    util.return %y : ${X4}
  }`, ['weft_conv2d_nhwc']);

const NHWC_DW_W = 'tensor<3x3x?xf32>';
const dwconvNhwcShared = () => replacement('weft_dwconv3x3_nhwc', `  util.func private @weft_dwconv3x3_nhwc(%x: ${X4}, %w: ${NHWC_DW_W}, %bias: ${V}, %s: index) -> ${X4} {
${consts(4)}
    %ih = tensor.dim %x, %c1 : ${X4}
    %iw = tensor.dim %x, %c2 : ${X4}
    %ch = tensor.dim %x, %c3 : ${X4}
    %oh = affine.apply affine_map<()[s0, s1] -> ((s0 - 3) floordiv s1 + 1)>()[%ih, %s]
    %ow = affine.apply affine_map<()[s0, s1] -> ((s0 - 3) floordiv s1 + 1)>()[%iw, %s]
    %pixels = arith.muli %oh, %ow : index
${casts(['ch', 'ih', 'iw', 'oh', 'ow', 's'])}
    %y = flow.dispatch @weft_kernels::@dwconv3x3_nhwc_bias[%pixels](%x, %w, %bias, %ch32, %ih32, %iw32, %oh32, %ow32, %s32)
      : (${X4}{%ih, %iw, %ch}, ${NHWC_DW_W}{%ch}, ${V}{%ch}, i32, i32, i32, i32, i32, i32) -> ${X4}{%oh, %ow, %ch}
    util.return %y : ${X4}
  }`);
const dwconvNhwc = (s) => replacement(`weft_dwconv3x3_nhwc_s${s}_bias`, `  util.func private @weft_dwconv3x3_nhwc_s${s}_bias(%x: ${X4}, %w: ${NHWC_DW_W}, %bias: ${V}) -> ${X4} {
    %s = arith.constant ${s} : index
    %y = util.call @${dwconvNhwcShared()}(%x, %w, %bias, %s) : (${X4}, ${NHWC_DW_W}, ${V}, index) -> ${X4}
    util.return %y : ${X4}
  }`, ['weft_dwconv3x3_nhwc']);

// TOSA's depthwise weights [3,3,C,1] (HWCM, M = 1) are [3,3,C] once collapsed: no data movement.
const HWCM_W = 'tensor<3x3x?x1xf32>';
const dwconvHwcm = (s) => replacement(`weft_dwconv3x3_hwcm_s${s}_bias`, `  util.func private @weft_dwconv3x3_hwcm_s${s}_bias(%x: ${X4}, %w: ${HWCM_W}, %bias: ${V}) -> ${X4} {
    %s = arith.constant ${s} : index
    %wc = tensor.collapse_shape %w [[0], [1], [2, 3]] : ${HWCM_W} into ${NHWC_DW_W}
    %y = util.call @${dwconvNhwcShared()}(%x, %wc, %bias, %s) : (${X4}, ${NHWC_DW_W}, ${V}, index) -> ${X4}
    util.return %y : ${X4}
  }`, ['weft_dwconv3x3_nhwc']);

// ---- matchers ----------------------------------------------------------------------------------
const ZERO = '        %cst = arith.constant 0.000000e+00 : f32';
// Only the names of tensor.empty ops are compared ("match.operation_name_only"): their sizes
// follow from the operands, so every empty here takes one size %d.
function empty(v, type, from) {
  const n = (type.match(/\?/g) ?? []).length;
  return `        %${v} = tensor.empty(${Array(n).fill('%d').join(', ')}) {"match.operation_name_only"} : ${type}`;
}
const sizeOf = (from, type) => `        %c0 = arith.constant 0 : index\n        %d = tensor.dim %${from}, %c0 : ${type}`;
const fill = (v, out, type) => `        %${v} = linalg.fill ins(%cst : f32) outs(%${out} : ${type}) -> ${type}`;
function addBias(v, rank, order, value, out, type) {
  const [ins, maps, body] = order === 'bias_mm'
    ? [`%bias, %${value} : ${V}, ${type}`, `[${last(rank)}, ${id(rank)}, ${id(rank)}]`, '^bb0(%b: f32, %in: f32, %out: f32):\n            %s = arith.addf %b, %in : f32']
    : [`%${value}, %bias : ${type}, ${V}`, `[${id(rank)}, ${last(rank)}, ${id(rank)}]`, '^bb0(%in: f32, %b: f32, %out: f32):\n            %s = arith.addf %in, %b : f32'];
  return `        %${v} = linalg.generic {indexing_maps = ${maps}, iterator_types = ${parallel(rank)}}
            ins(${ins}) outs(%${out} : ${type}) {
          ${body}
            linalg.yield %s : f32
        } -> ${type}`;
}
const relu = (v, value, out, type) => `        %${v} = linalg.generic {indexing_maps = [${id(2)}, ${id(2)}], iterator_types = ${parallel(2)}}
            ins(%${value} : ${type}) outs(%${out} : ${type}) {
          ^bb0(%in: f32, %out: f32):
            %gt = arith.cmpf ugt, %in, %cst : f32
            %r = arith.select %gt, %in, %cst : f32
            linalg.yield %r : f32
        } -> ${type}`;
// broadcast(bias[F]) over NHWC as a generic (StableHLO, TOSA).
const broadcastLast = (v, out) => `        %${v} = linalg.generic {indexing_maps = [${last(4)}, ${id(4)}], iterator_types = ${parallel(4)}}
            ins(%bias : ${V}) outs(%${out} : ${X4}) {
          ^bb0(%in: f32, %out: f32):
            linalg.yield %in : f32
        } -> ${X4}`;
const addSame = (v, a, b, out) => `        %${v} = linalg.generic {indexing_maps = [${id(4)}, ${id(4)}, ${id(4)}], iterator_types = ${parallel(4)}}
            ins(%${a}, %${b} : ${X4}, ${X4}) outs(%${out} : ${X4}) {
          ^bb0(%in: f32, %b: f32, %out: f32):
            %sum = arith.addf %in, %b : f32
            linalg.yield %sum : f32
        } -> ${X4}`;
const attrs = (stride, vector) => `{dilations = dense<1> : ${vector ? 'vector' : 'tensor'}<2xi64>, strides = dense<${stride}> : ${vector ? 'vector' : 'tensor'}<2xi64>}`;

const NCHW_OPS = {
  conv1x1: { op: 'linalg.conv_2d_nchw_fchw', w: CONV1X1_W, biased: conv1x1, channels: ['w', 0] },
  conv2d: { op: 'linalg.conv_2d_nchw_fchw', w: D4, biased: conv2d, channels: ['w', 0] },
  dwconv3x3: { op: 'linalg.depthwise_conv_2d_nchw_chw', w: DW_W, biased: dwconv, channels: ['x', 1] },
};
const NHWC_OPS = {
  conv1x1: { op: 'linalg.conv_2d_nhwc_hwcf', w: NHWC1_W, biased: conv1x1Nhwc, channels: ['w', 3] },
  conv2d: { op: 'linalg.conv_2d_nhwc_hwcf', w: D4, biased: conv2dNhwc, channels: ['w', 3] },
  dwconv3x3: { op: 'linalg.depthwise_conv_2d_nhwc_hwc', w: NHWC_DW_W, biased: dwconvNhwc, channels: ['x', 3] },
};
const strideSuffix = (op, stride) => (op === 'conv1x1' ? '' : `_s${stride}`);

/** form -> { name, args, body, replace } */
const FAMILIES = {
  linear_nt: ({ bias, relu: withRelu }) => {
    const lines = [ZERO, sizeOf('x', M2), empty('e', M2), empty('et', M2),
      `        %wt = linalg.transpose ins(%w : ${M2}) outs(%et : ${M2}) permutation = [1, 0]`,
      fill('fill', 'e', M2),
      `        %mm = linalg.matmul ins(%x, %wt : ${M2}, ${M2}) outs(%fill : ${M2}) -> ${M2}`];
    if (bias) lines.push(addBias('biased', 2, 'mm_bias', 'mm', 'e', M2));
    if (withRelu) lines.push(relu('relu', 'biased', 'e', M2));
    const biasedName = linearNt(withRelu);
    return {
      name: bias ? (withRelu ? 'linear_nt_bias_relu' : 'linear_nt_bias') : 'linear_nt',
      args: `%x: ${M2}, %w: ${M2}${bias ? `, %bias: ${V}` : ''}`,
      body: lines.join('\n'),
      replace: bias ? biasedName : unbiased('weft_linear_nt', biasedName, M2, M2, M2, 'w', 0),
    };
  },
  linear_nn_2d: ({ order, relu: withRelu }) => {
    const lines = [ZERO, sizeOf('x', M2), empty('e', M2), fill('fill', 'e', M2),
      `        %mm = linalg.matmul ins(%x, %w : ${M2}, ${M2}) outs(%fill : ${M2}) -> ${M2}`,
      addBias('biased', 2, order, 'mm', 'e', M2)];
    if (withRelu) lines.push(relu('relu', 'biased', 'e', M2));
    return { name: `linear_nn_2d_${order}${withRelu ? '_relu' : ''}`, args: `%x: ${M2}, %w: ${M2}, %bias: ${V}`, body: lines.join('\n'), replace: linearKn(withRelu) };
  },
  linear_nn_3d: ({ order }) => ({
    name: `linear_nn_3d_${order}`,
    args: `%x: ${M3}, %w: ${M2}, %bias: ${V}`,
    body: [ZERO, sizeOf('x', M3), empty('ew', M3), empty('e', M3),
      `        %wb = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, ${id(3)}], iterator_types = ${parallel(3)}}
            ins(%w : ${M2}) outs(%ew : ${M3}) {
          ^bb0(%in: f32, %out: f32):
            linalg.yield %in : f32
        } -> ${M3}`,
      fill('fill', 'e', M3),
      `        %mm = linalg.batch_matmul ins(%x, %wb : ${M3}, ${M3}) outs(%fill : ${M3}) -> ${M3}`,
      addBias('biased', 3, order, 'mm', 'e', M3)].join('\n'),
    replace: linearNn3d(),
  }),
  matmul_2d: () => ({
    name: 'matmul_2d',
    args: `%x: ${M2}, %w: ${M2}`,
    body: [ZERO, sizeOf('x', M2), empty('e', M2), fill('fill', 'e', M2),
      `        %mm = linalg.matmul ins(%x, %w : ${M2}, ${M2}) outs(%fill : ${M2}) -> ${M2}`].join('\n'),
    replace: unbiased('weft_linear_kn', linearKn(false), M2, M2, M2, 'w', 1),
  }),
  bmm: () => ({
    name: 'bmm',
    args: `%a: ${M3}, %bt: ${M3}`,
    body: [ZERO, sizeOf('a', M3), empty('e', M3), fill('fill', 'e', M3),
      `        %mm = linalg.batch_matmul ins(%a, %bt : ${M3}, ${M3}) outs(%fill : ${M3}) -> ${M3}`].join('\n'),
    replace: bmm(),
  }),
  matmul_i8i32: () => ({
    name: 'matmul_i8i32',
    args: '%a: tensor<?x?xi8>, %b: tensor<?x?xi8>',
    body: ['        %zero = arith.constant 0 : i32', sizeOf('a', 'tensor<?x?xi8>'), empty('e', 'tensor<?x?xi32>'),
      '        %fill = linalg.fill ins(%zero : i32) outs(%e : tensor<?x?xi32>) -> tensor<?x?xi32>',
      '        %mm = linalg.matmul ins(%a, %b : tensor<?x?xi8>, tensor<?x?xi8>) outs(%fill : tensor<?x?xi32>) -> tensor<?x?xi32>'].join('\n'),
    replace: matmulI8(),
  }),
  nchw_conv: ({ op, stride, bias }) => {
    const o = NCHW_OPS[op];
    const init = bias === 'broadcast'
      ? `        %init = linalg.broadcast ins(%bias : ${V}) outs(%e : ${X4}) dimensions = [0, 2, 3]`
      : `${ZERO}\n${fill('init', 'e', X4)}`;
    const biased = o.biased(stride);
    const name = `${op}${strideSuffix(op, stride)}`;
    return {
      name: bias === 'broadcast' ? `${name}_bias` : name,
      args: `%x: ${X4}, %w: ${o.w}${bias === 'broadcast' ? `, %bias: ${V}` : ''}`,
      body: [sizeOf('x', X4), empty('e', X4), init,
        `        %conv = ${o.op} ${attrs(stride, true)}
            ins(%x, %w : ${X4}, ${o.w}) outs(%init : ${X4}) -> ${X4}`].join('\n'),
      replace: bias === 'broadcast' ? biased : unbiased(`weft_${name}`, biased, X4, o.w, X4, ...o.channels),
    };
  },
  nhwc_conv: ({ op, stride, bias }) => {
    const o = NHWC_OPS[op];
    const lines = [sizeOf('x', X4), empty('e', X4)];
    if (bias === 'init') lines.push(broadcastLast('init', 'e'));
    else lines.push(ZERO, fill('init', 'e', X4));
    lines.push(`        %conv = ${o.op} ${attrs(stride, false)}
            ins(%x, %w : ${X4}, ${o.w}) outs(%init : ${X4}) -> ${X4}`);
    if (bias === 'add') lines.push(broadcastLast('bc', 'e'), addSame('y', 'conv', 'bc', 'e'));
    const biased = o.biased(stride);
    const name = `${op}_nhwc${strideSuffix(op, stride)}`;
    return {
      name: { add: `${name}_bias`, init: `${name}_bias_init`, none: name }[bias],
      args: `%x: ${X4}, %w: ${o.w}${bias === 'none' ? '' : `, %bias: ${V}`}`,
      body: lines.join('\n'),
      replace: bias === 'none' ? unbiased(`weft_${name}`, biased, X4, o.w, X4, ...o.channels) : biased,
    };
  },
  tosa_dwconv: ({ stride }) => {
    const T5 = 'tensor<1x?x?x?x1xf32>';
    return {
      name: `dwconv3x3_hwcm_s${stride}_bias`,
      args: `%x: ${X4}, %w: ${HWCM_W}, %bias: ${V}`,
      body: [ZERO, sizeOf('x', X4), empty('e5', T5), empty('e', X4), fill('fill', 'e5', T5),
        `        %conv = linalg.depthwise_conv_2d_nhwc_hwcm ${attrs(stride, false)}
            ins(%x, %w : ${X4}, ${HWCM_W}) outs(%fill : ${T5}) -> ${T5}`,
        `        %flat = tensor.collapse_shape %conv [[0], [1], [2], [3, 4]] : ${T5} into ${X4}`,
        addBias('y', 4, 'bias_mm', 'flat', 'e', X4)].join('\n'),
      replace: dwconvHwcm(stride),
    };
  },
};

const forms = GROUPS.map((group) => group.map((form) => FAMILIES[form.family](form)));

function matcher({ name, args, body }) {
  return `  transform.named_sequence @match_${name}(%root: !transform.any_op {transform.readonly}) -> (!transform.any_value, !transform.any_value) {
    %ins, %outs = transform.iree.match.cast_compatible_dag_from_root %root {
      ^bb0(${args}):
${body}
    } : (!transform.any_op) -> (!transform.any_value, !transform.any_value)
    transform.yield %ins, %outs : !transform.any_value, !transform.any_value
  }`;
}

// Replacement functions a replacement needs, callees first (import_symbol copies one symbol,
// not its callees).
function closure(name, out = []) {
  for (const used of REPLACEMENTS.get(name).uses) closure(used, out);
  if (!out.includes(name)) out.push(name);
  return out;
}

function rewriter({ name, replace }) {
  const imports = closure(replace);
  const dispatches = imports.some((f) => /flow\.dispatch @weft_kernels/.test(REPLACEMENTS.get(f).text));
  const lines = [
    `  transform.named_sequence @call_${name}(%ins: !transform.any_value {transform.readonly}, %out: !transform.any_value {transform.readonly}) {`,
    '    %root = transform.get_defining_op %out : (!transform.any_value) -> !transform.any_op',
    '    %module = transform.util.get_nearest_symbol_table %root : (!transform.any_op) -> !transform.any_op',
  ];
  if (dispatches) lines.push('    %ex = transform.util.import_symbol @weft_kernels into %module if undefined : (!transform.any_op) -> !transform.any_op');
  imports.forEach((f, i) => lines.push(`    %f${i} = transform.util.import_symbol @${f} into %module if undefined : (!transform.any_op) -> !transform.any_op`));
  lines.push(`    transform.util.cast_and_call %f${imports.length - 1}(%ins) -> %out after %root {
      transform.type_conversion.tensor.cast_shape_dynamic_dims
    } : (!transform.any_op, !transform.any_value, !transform.any_value, !transform.any_op) -> !transform.any_op
    transform.yield
  }`);
  return lines.join('\n');
}

function main() {
  const walks = forms.map((group, i) => `    %f${i} = transform.structured.match ops{["util.func"]} in %module : (!transform.any_op) -> !transform.any_op
    transform.foreach %f${i} : !transform.any_op {
      ^bb1(%func: !transform.any_op):
        transform.foreach_match in %func
${group.map((f, j) => `            @match_${f.name} -> @call_${f.name}${j < group.length - 1 ? ',' : ''}`).join('\n')}
          : (!transform.any_op) -> (!transform.any_op)
    }
    transform.apply_dce to %module : !transform.any_op`).join('\n');
  return `  // Each group of forms in its own walk, then dead-code elimination: a longer form is replaced
  // before a shorter one inside it could take its root. Within a walk the first matcher that
  // succeeds wins (pointwise convolutions go to the matmul before the general convolution).
  transform.named_sequence @__transform_main(%module: !transform.any_op) {
${walks}
    // Inline the replacements: across a call boundary the stream layer cannot see that a kernel
    // only reads its operands, and copies every weight into a transient buffer on every call.
    %inlined = transform.apply_registered_pass "inline" to %module : (!transform.any_op) -> !transform.any_op
    transform.yield
  }`;
}

// `//   text` lines of at most 100 characters, continuation lines indented.
function wrap(text) {
  const lines = [];
  let line = '//  ';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > 100) {
      lines.push(line);
      line = '//     ';
    }
    line += ` ${word}`;
  }
  return [...lines, line].join('\n');
}

function spec() {
  const all = forms.flat();
  const names = all.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) fail(`kernel-table.mjs: two forms are named ${dup}`);
  return `// GENERATED by glue/target/gen-spec.mjs from glue/target/kernel-table.mjs: edit those, then
// run \`node glue/target/gen-spec.mjs\` (CI fails when this file differs from its output).
//
// Weft's transform spec (\`weft compile\` passes it as --iree-preprocessing-transform-spec-filename):
// routes f32 matrix products and convolutions (and i8 matmuls) to Weft's kernel module
// (glue/kernels) instead of the compiler's wasm32 kernels. The kernels stay undefined in the side
// module (hal.import.static + llvm.bareptr; the linker wrapper turns them into \`env.weft_*\`
// imports) and Weft's linker binds them when the program loads. Ops that match no form keep the
// compiler's kernels. Forms (matcher names; glue/kernels/README.md describes each):
${forms.map((g, i) => wrap(`walk ${i + 1}: ${g.map((f) => f.name).join(', ')}`)).join('\n')}
// A dispatch has one workgroup per \`tile\` output units of its entry (kernel-table.mjs); a kernel
// computes its share from the workgroup id and count.

module attributes {transform.with_named_sequence} {

${executable()}

  // ---- what replaces a match (inlined by __transform_main) -------------------------------------
${[...REPLACEMENTS.values()].map((r) => r.text).join('\n')}

  // ---- matchers ----------------------------------------------------------------------------------
${all.map(matcher).join('\n\n')}

  // ---- rewrites: call the replacement after the matched root -------------------------------------
${all.map(rewriter).join('\n')}

${main()}
}
`;
}

function rust() {
  return `//! GENERATED by glue/target/gen-spec.mjs from glue/target/kernel-table.mjs (do not edit).
//! The kernels Weft's kernel module exports, read by the glue's linker binding through
//! \`#[path]\`: symbol and number of parameters. On wasm32 with \`llvm.bareptr\`, every parameter
//! a transform spec passes (base pointers, element offsets, sizes, flags, workgroup id and
//! count) is an i32, and kernels return nothing.

pub const KERNELS: &[(&str, usize)] = &[
${KERNELS.map((k) => `    // ${k.doc}\n    ("${k.symbol}", ${k.params.length}),`).join('\n')}
];
`;
}

function json() {
  return `${JSON.stringify(KERNELS.map((k) => ({ symbol: k.symbol, params: k.params.map((p) => p.split(':')[0]) })), null, 2)}\n`;
}

const outputs = { spec: spec(), rust: rust(), json: json() };
const check = process.argv.includes('--check');
let stale = 0;
for (const [key, text] of Object.entries(outputs)) {
  const file = OUTPUTS[key];
  if (check) {
    let current = null;
    try {
      current = readFileSync(file, 'utf8');
    } catch {}
    if (current !== text) {
      console.error(`${file} is not what glue/target/gen-spec.mjs generates: run \`node glue/target/gen-spec.mjs\` and commit it`);
      stale++;
    }
  } else {
    writeFileSync(file, text);
  }
}
if (stale) process.exit(1);
