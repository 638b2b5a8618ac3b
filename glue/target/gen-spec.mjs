#!/usr/bin/env node
// Generates Weft's transform spec (glue/target/spec.mlir) and the kernel lists
// (glue/kernels/src/signatures.rs, glue/kernels/signatures.json) from the one table in
// kernel-table.mjs. The outputs are checked in: glue/build.sh runs this, CI runs it with
// --check, which fails (naming the stale file) when a checked-in output differs.
//   node glue/target/gen-spec.mjs            write the outputs
//   node glue/target/gen-spec.mjs --check    compare instead of writing

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENTRIES, EPILOGUE_FLAGS, GROUPS, KERNELS, PANELS } from './kernel-table.mjs';

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
const S = 'tensor<f32>';
const M2 = 'tensor<?x?xf32>';
const M3 = 'tensor<?x?x?xf32>';
const MASK = 'tensor<?x1x?x?xf32>';
const id = (rank) => `affine_map<(${dims(rank)}) -> (${dims(rank)})>`;
const dims = (rank) => Array.from({ length: rank }, (_, i) => `d${i}`).join(', ');
const last = (rank) => `affine_map<(${dims(rank)}) -> (d${rank - 1})>`;
const scalar = (rank) => `affine_map<(${dims(rank)}) -> ()>`;
const parallel = (rank) => `[${Array(rank).fill('"parallel"').join(', ')}]`;
const packed = (rank) => `tensor<${Array(rank).fill('?').join('x')}x${PANELS.conv}xf32>`;
const PACKED_KN = `tensor<?x?x${PANELS.gemm}xf32>`;

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
function exportOf({ name, work }) {
  return `    stream.executable.export public @${name} workgroups(%units: index) -> (index, index, index) {
      %c1 = arith.constant 1 : index
      %g = affine.apply affine_map<()[s0] -> ((s0 + ${work - 1}) floordiv ${work})>()[%units]
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
const product = (v, factors) => factors.slice(1).reduce((acc, f, i) => {
  const name = i === factors.length - 2 ? v : `${v}_${i}`;
  return { text: `${acc.text}\n        %${name} = arith.muli ${acc.value}, %${f} : index`, value: `%${name}` };
}, { text: '', value: `%${factors[0]}` }).text;
// The bias the entry implies, or'd into the form's epilogue flags.
const withFlags = (bits) => `        %bits = arith.constant ${bits} : i32
        %fl = arith.ori %flags, %bits : i32`;
const resArgs = (residual) => (residual ? '%res_b: !stream.binding, ' : '');

const ENTRY_BODIES = {
  // (a, b, bias[, res], c, m, n, k, flags, lo, hi): batch 1, a bias per column; B as [N,K] (nt) or
  // packed [⌈N/8⌉, K, 8].
  gemm: ({ name, kernel: k, residual }) => {
    const packedB = k === 'weft_matmul_packed_f32';
    return `      func.func @${name}(%a_b: !stream.binding, %b_b: !stream.binding, %bias_b: !stream.binding, ${resArgs(residual)}%c_b: !stream.binding,
                         %m: i32, %n: i32, %k: i32, %flags: i32, %lo: i32, %hi: i32) {
        %c0 = arith.constant 0 : index
        %batch = arith.constant 1 : i32
${withFlags(EPILOGUE_FLAGS.bias)}
${toIndex(['m', 'n', 'k'])}${product('sa', ['mi', 'ki'])}${product('sc', ['mi', 'ni'])}${packedB
    ? `\n        %nb = affine.apply affine_map<()[s0] -> (((s0 + ${PANELS.gemm - 1}) floordiv ${PANELS.gemm}) * ${PANELS.gemm})>()[%ni]${product('sb', ['nb', 'ki'])}`
    : product('sb', ['ni', 'ki'])}
${views([['a', 'a_b', 'sa'], ['b', 'b_b', 'sb'], ['z', 'bias_b', 'ni'], ...(residual ? [['r', 'res_b', 'sc']] : []), ['c', 'c_b', 'sc']])}
${workgroup}
${call(k, `${base('a', 'b', 'z', residual ? 'r' : 'c', 'c')}, %batch, %m, %n, %k, %fl, %lo, %hi`)}
      }`;
  },
  // (a, b, c, batch, m, n, k): no bias; c stands in for it and the residual (flags 0: never read).
  bmm: ({ name, kernel: k }) => `      func.func @${name}(%a_b: !stream.binding, %b_b: !stream.binding, %c_b: !stream.binding, %batch: i32, %m: i32, %n: i32, %k: i32) {
        %c0 = arith.constant 0 : index
        %flags = arith.constant 0 : i32
${toIndex(['batch', 'm', 'n', 'k'])}${product('sa', ['batchi', 'mi', 'ki'])}${product('sb', ['batchi', 'ki', 'ni'])}${product('sc', ['batchi', 'mi', 'ni'])}
${views([['a', 'a_b', 'sa'], ['b', 'b_b', 'sb'], ['c', 'c_b', 'sc']])}
${workgroup}
${call(k, `${base('a', 'b', 'c', 'c', 'c')}, %batch, %m, %n, %k, %flags, %flags, %flags`)}
      }`,
  // out[F, H·W] = W[F, C] · X[C, H·W] + bias[F] (a bias per row).
  conv1x1: ({ name, kernel: k, residual }) => `      func.func @${name}(%x_b: !stream.binding, %w_b: !stream.binding, %bias_b: !stream.binding, ${resArgs(residual)}%c_b: !stream.binding,
                         %f: i32, %hw: i32, %ch: i32, %flags: i32, %lo: i32, %hi: i32) {
        %c0 = arith.constant 0 : index
        %batch = arith.constant 1 : i32
${withFlags(EPILOGUE_FLAGS.bias | EPILOGUE_FLAGS.rowBias)}
${toIndex(['f', 'hw', 'ch'])}${product('sw', ['fi', 'chi'])}${product('sx', ['chi', 'hwi'])}${product('sc', ['fi', 'hwi'])}
${views([['x', 'x_b', 'sx'], ['w', 'w_b', 'sw'], ['z', 'bias_b', 'fi'], ...(residual ? [['r', 'res_b', 'sc']] : []), ['c', 'c_b', 'sc']])}
${workgroup}
${call(k, `${base('w', 'x', 'z', residual ? 'r' : 'c', 'c')}, %batch, %f, %hw, %ch, %fl, %lo, %hi`)}
      }`,
  // (x, w, bias, out, ch, ih, iw, oh, ow, stride, flags, lo, hi): depthwise 3×3, either layout
  // (same sizes); the kernel adds the bias itself.
  dwconv: ({ name, kernel: k }) => `      func.func @${name}(%x_b: !stream.binding, %w_b: !stream.binding, %bias_b: !stream.binding, %o_b: !stream.binding,
                         %ch: i32, %ih: i32, %iw: i32, %oh: i32, %ow: i32, %stride: i32, %flags: i32, %lo: i32, %hi: i32) {
        %c0 = arith.constant 0 : index
        %c9 = arith.constant 9 : index
${toIndex(['ch', 'ih', 'iw', 'oh', 'ow'])}${product('sx', ['chi', 'ihi', 'iwi'])}${product('sw', ['chi', 'c9'])}${product('so', ['chi', 'ohi', 'owi'])}
${views([['x', 'x_b', 'sx'], ['w', 'w_b', 'sw'], ['z', 'bias_b', 'chi'], ['o', 'o_b', 'so']])}
${workgroup}
${call(k, `${base('x', 'w', 'z', 'o', 'o')}, %ch, %ih, %iw, %oh, %ow, %stride, %flags, %lo, %hi`)}
      }`,
  // (x, w, bias[, res], out, ch, ih, iw, f, oh, ow, kh, kw, stride, flags, lo, hi): dense
  // convolution, either layout, weights packed in panels of PANELS.conv output channels.
  conv2d: ({ name, kernel: k, residual }) => `      func.func @${name}(%x_b: !stream.binding, %w_b: !stream.binding, %bias_b: !stream.binding, ${resArgs(residual)}%o_b: !stream.binding,
                         %ch: i32, %ih: i32, %iw: i32, %f: i32, %oh: i32, %ow: i32, %kh: i32, %kw: i32, %stride: i32, %flags: i32, %lo: i32, %hi: i32) {
        %c0 = arith.constant 0 : index
${toIndex(['ch', 'ih', 'iw', 'f', 'oh', 'ow', 'kh', 'kw'])}
        %fp = affine.apply affine_map<()[s0] -> (((s0 + ${PANELS.conv - 1}) floordiv ${PANELS.conv}) * ${PANELS.conv})>()[%fi]${product('sx', ['chi', 'ihi', 'iwi'])}${product('sw', ['fp', 'chi', 'khi', 'kwi'])}${product('so', ['fi', 'ohi', 'owi'])}
${views([['x', 'x_b', 'sx'], ['w', 'w_b', 'sw'], ['z', 'bias_b', 'fi'], ...(residual ? [['r', 'res_b', 'so']] : []), ['o', 'o_b', 'so']])}
${workgroup}
${call(k, `${base('x', 'w', 'z', residual ? 'r' : 'o', 'o')}, %ch, %ih, %iw, %f, %oh, %ow, %kh, %kw, %stride, %flags, %lo, %hi`)}
      }`,
  // (x, mask, out, batch, heads, rows, len, scale, flags): mask [batch, rows, len].
  softmax: ({ name, kernel: k }) => `      func.func @${name}(%x_b: !stream.binding, %m_b: !stream.binding, %o_b: !stream.binding,
                         %b: i32, %h: i32, %r: i32, %l: i32, %scale: i32, %flags: i32) {
        %c0 = arith.constant 0 : index
${toIndex(['b', 'h', 'r', 'l'])}${product('sx', ['bi', 'hi', 'ri', 'li'])}${product('sm', ['bi', 'ri', 'li'])}
${views([['x', 'x_b', 'sx'], ['m', 'm_b', 'sm'], ['o', 'o_b', 'sx']])}
${workgroup}
${call(k, `${base('x', 'm', 'o')}, %b, %h, %r, %l, %scale, %flags`)}
      }`,
  // (a, b, c, m, n, k): i8 × i8 -> i32, batch 1.
  i8: ({ name, kernel: k }) => `      func.func @${name}(%a_b: !stream.binding, %b_b: !stream.binding, %c_b: !stream.binding, %m: i32, %n: i32, %k: i32) {
        %c0 = arith.constant 0 : index
        %batch = arith.constant 1 : i32
${toIndex(['m', 'n', 'k'])}${product('sa', ['mi', 'ki'])}${product('sb', ['ki', 'ni'])}${product('sc', ['mi', 'ni'])}
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

${ENTRIES.map(entryBody).join('\n')}
    }
  }`;
}

// ---- replacements (util.func private @weft_*, inlined at the end) --------------------------------
const consts = (n) => Array.from({ length: n }, (_, i) => `    %c${i} = arith.constant ${i} : index`).join('\n');
const casts = (names) => names.map((n) => `    %${n}32 = arith.index_cast %${n} : index to i32`).join('\n');
const entry = (name) => ENTRIES.find((e) => e.name === name) ?? fail(`kernel-table.mjs: no entry ${name}`);
const EPI = '%flags: i32, %lo: i32, %hi: i32';
const EPI_TYPES = 'i32, i32, i32';

/** name -> { text, uses: replacement functions it calls } */
const REPLACEMENTS = new Map();
function replacement(name, text, uses = []) {
  const known = REPLACEMENTS.get(name);
  if (known && known.text !== text) fail(`gen-spec.mjs: two different replacements are named ${name}`);
  if (!known) REPLACEMENTS.set(name, { text, uses });
  return name;
}

replacement('weft_zeros', `  // A zero bias for the forms without one (a constant once the channel count is static).
  util.func private @weft_zeros(%n: index) -> ${V} {
    %cst = arith.constant 0.000000e+00 : f32
    %e = tensor.empty(%n) : ${V}
    %z = linalg.fill ins(%cst : f32) outs(%e : ${V}) -> ${V}
    util.return %z : ${V}
  }`);

// A 0-d f32 tensor's value as i32 bits (a clamp bound for the kernels' i32 parameters).
replacement('weft_bits', `  util.func private @weft_bits(%t: ${S}) -> i32 {
    %f = tensor.extract %t[] : ${S}
    %b = arith.bitcast %f : f32 to i32
    util.return %b : i32
  }`);

// W[K,N] packed into panels of the matmul's width, [⌈N/P⌉, K, P], zero-padded: the packed
// kernel reads each panel as one stream. For constant weights the compiler evaluates this at
// compile time.
const packKn = () => replacement('weft_pack_kn', `  util.func private @weft_pack_kn(%w: ${M2}) -> ${PACKED_KN} {
${consts(2)}
    %cst = arith.constant 0.000000e+00 : f32
    %k = tensor.dim %w, %c0 : ${M2}
    %n = tensor.dim %w, %c1 : ${M2}
    %panels = affine.apply affine_map<()[s0] -> ((s0 + ${PANELS.gemm - 1}) floordiv ${PANELS.gemm})>()[%n]
    %e = tensor.empty(%panels, %k) : ${PACKED_KN}
    %p = linalg.pack %w padding_value(%cst : f32) outer_dims_perm = [1, 0] inner_dims_pos = [1] inner_tiles = [${PANELS.gemm}] into %e : ${M2} -> ${PACKED_KN}
    util.return %p : ${PACKED_KN}
  }`);

// Convolution weights packed in panels of the kernel's output channels, taps in the order the
// input keeps contiguous: NCHW W[F,C,KH,KW] -> [⌈F/P⌉, C, KH, KW, P]; NHWC W[KH,KW,C,F] ->
// [⌈F/P⌉, KH, KW, C, P]. Evaluated at compile time for constant weights.
const packConv = (layout) => replacement(`weft_pack_conv_${layout}`, `  util.func private @weft_pack_conv_${layout}(%w: ${D4}) -> ${packed(4)} {
${consts(4)}
    %cst = arith.constant 0.000000e+00 : f32
${layout === 'nchw'
    ? `    %f = tensor.dim %w, %c0 : ${D4}
    %a = tensor.dim %w, %c1 : ${D4}
    %b = tensor.dim %w, %c2 : ${D4}
    %c = tensor.dim %w, %c3 : ${D4}`
    : `    %a = tensor.dim %w, %c0 : ${D4}
    %b = tensor.dim %w, %c1 : ${D4}
    %c = tensor.dim %w, %c2 : ${D4}
    %f = tensor.dim %w, %c3 : ${D4}`}
    %panels = affine.apply affine_map<()[s0] -> ((s0 + ${PANELS.conv - 1}) floordiv ${PANELS.conv})>()[%f]
    %e = tensor.empty(%panels, %a, %b, %c) : ${packed(4)}
    %p = linalg.pack %w padding_value(%cst : f32) ${layout === 'nchw' ? '' : 'outer_dims_perm = [3, 0, 1, 2] '}inner_dims_pos = [${layout === 'nchw' ? 0 : 3}] inner_tiles = [${PANELS.conv}] into %e : ${D4} -> ${packed(4)}
    util.return %p : ${packed(4)}
  }`);

// X[M,K] · W[N,K]ᵀ + bias, then the epilogue `flags`: the nt kernel (dot products along K).
const linearNt = () => replacement('weft_dispatch_linear_nt', `  util.func private @weft_dispatch_linear_nt(%x: ${M2}, %w: ${M2}, %bias: ${V}, ${EPI}) -> ${M2} {
${consts(2)}
    %m = tensor.dim %x, %c0 : ${M2}
    %k = tensor.dim %x, %c1 : ${M2}
    %n = tensor.dim %w, %c0 : ${M2}
    %macs = affine.apply affine_map<()[s0, s1, s2] -> (s0 * s1 * s2)>()[%m, %n, %k]
${casts(['m', 'n', 'k'])}
    %y = flow.dispatch @weft_kernels::@linear_nt[%macs](%x, %w, %bias, %m32, %n32, %k32, %flags, %lo, %hi)
      : (${M2}{%m, %k}, ${M2}{%n, %k}, ${V}{%n}, i32, i32, i32, ${EPI_TYPES}) -> ${M2}{%m, %n}
    util.return %y : ${M2}
  }`);

// X[M,K] · W[K,N] as the nt kernel's X · Wᵀ on W transposed to [N,K] (folded at compile time for
// constant weights): on a GEMV (M = 1, as tf2onnx's MLP layers are) the dot products run at
// the memory bound.
const linearKn = () => replacement('weft_linear_kn', `  util.func private @weft_linear_kn(%x: ${M2}, %w: ${M2}, %bias: ${V}, ${EPI}) -> ${M2} {
${consts(2)}
    %k = tensor.dim %w, %c0 : ${M2}
    %n = tensor.dim %w, %c1 : ${M2}
    %et = tensor.empty(%n, %k) : ${M2}
    %wt = linalg.transpose ins(%w : ${M2}) outs(%et : ${M2}) permutation = [1, 0]
    %y = util.call @weft_dispatch_linear_nt(%x, %wt, %bias, %flags, %lo, %hi) : (${M2}, ${M2}, ${V}, ${EPI_TYPES}) -> ${M2}
    util.return %y : ${M2}
  }`, [linearNt()]);

// X[B,M,K] · W[K,N] + bias (+ residual), then the epilogue: W is shared by the batch, so X is
// taken as [B·M, K]; W packed.
function linearPacked3(residual) {
  const name = `weft_dispatch_linear_packed3${residual ? '_res' : ''}`;
  return replacement(name, `  util.func private @${name}(%x: ${M3}, %w: ${M2}, %bias: ${V}${residual ? `, %res: ${M3}` : ''}, ${EPI}) -> ${M3} {
${consts(3)}
    %b = tensor.dim %x, %c0 : ${M3}
    %mb = tensor.dim %x, %c1 : ${M3}
    %k = tensor.dim %x, %c2 : ${M3}
    %n = tensor.dim %w, %c1 : ${M2}
    %panels = affine.apply affine_map<()[s0] -> ((s0 + ${PANELS.gemm - 1}) floordiv ${PANELS.gemm})>()[%n]
    %m = arith.muli %b, %mb : index
    %macs = affine.apply affine_map<()[s0, s1, s2] -> (s0 * s1 * s2)>()[%m, %n, %k]
    %wp = util.call @weft_pack_kn(%w) : (${M2}) -> ${PACKED_KN}
${casts(['m', 'n', 'k'])}
    %y = flow.dispatch @weft_kernels::@linear_packed${residual ? '_res' : ''}[%macs](%x, %wp, %bias${residual ? ', %res' : ''}, %m32, %n32, %k32, %flags, %lo, %hi)
      : (${M3}{%b, %mb, %k}, ${PACKED_KN}{%panels, %k}, ${V}{%n}${residual ? `, ${M3}{%b, %mb, %n}` : ''}, i32, i32, i32, ${EPI_TYPES}) -> ${M3}{%b, %mb, %n}
    util.return %y : ${M3}
  }`, [packKn()]);
}

const bmm = () => replacement('weft_bmm', `  util.func private @weft_bmm(%a: ${M3}, %bt: ${M3}) -> ${M3} {
${consts(3)}
    %b = tensor.dim %a, %c0 : ${M3}
    %m = tensor.dim %a, %c1 : ${M3}
    %k = tensor.dim %a, %c2 : ${M3}
    %n = tensor.dim %bt, %c2 : ${M3}
    %macs = affine.apply affine_map<()[s0, s1, s2, s3] -> (s0 * s1 * s2 * s3)>()[%b, %m, %n, %k]
${casts(['b', 'm', 'n', 'k'])}
    %y = flow.dispatch @weft_kernels::@bmm[%macs](%a, %bt, %b32, %m32, %n32, %k32)
      : (${M3}{%b, %m, %k}, ${M3}{%b, %k, %n}, i32, i32, i32, i32) -> ${M3}{%b, %m, %n}
    util.return %y : ${M3}
  }`);

const matmulI8 = () => replacement('weft_matmul_i8i32', `  util.func private @weft_matmul_i8i32(%a: tensor<?x?xi8>, %b: tensor<?x?xi8>) -> tensor<?x?xi32> {
${consts(2)}
    %m = tensor.dim %a, %c0 : tensor<?x?xi8>
    %k = tensor.dim %a, %c1 : tensor<?x?xi8>
    %n = tensor.dim %b, %c1 : tensor<?x?xi8>
    %macs = affine.apply affine_map<()[s0, s1, s2] -> (s0 * s1 * s2)>()[%m, %n, %k]
${casts(['m', 'n', 'k'])}
    %y = flow.dispatch @weft_kernels::@matmul_i8i32[%macs](%a, %b, %m32, %n32, %k32)
      : (tensor<?x?xi8>{%m, %k}, tensor<?x?xi8>{%k, %n}, i32, i32, i32) -> tensor<?x?xi32>{%m, %n}
    util.return %y : tensor<?x?xi32>
  }`);

// NCHW pointwise convolution: out[F, H·W] = W[F, C] · X[C, H·W] + bias (+ residual).
const CONV1X1_W = 'tensor<?x?x1x1xf32>';
function conv1x1(residual) {
  const name = `weft_dispatch_conv1x1${residual ? '_res' : ''}`;
  return replacement(name, `  util.func private @${name}(%x: ${X4}, %w: ${CONV1X1_W}, %bias: ${V}${residual ? `, %res: ${X4}` : ''}, ${EPI}) -> ${X4} {
${consts(4)}
    %ch = tensor.dim %x, %c1 : ${X4}
    %h = tensor.dim %x, %c2 : ${X4}
    %wd = tensor.dim %x, %c3 : ${X4}
    %f = tensor.dim %w, %c0 : ${CONV1X1_W}
    %hw = arith.muli %h, %wd : index
    %macs = affine.apply affine_map<()[s0, s1, s2] -> (s0 * s1 * s2)>()[%f, %hw, %ch]
${casts(['f', 'hw', 'ch'])}
    %y = flow.dispatch @weft_kernels::@conv1x1${residual ? '_res' : ''}[%macs](%x, %w, %bias${residual ? ', %res' : ''}, %f32, %hw32, %ch32, %flags, %lo, %hi)
      : (${X4}{%ch, %h, %wd}, ${CONV1X1_W}{%f, %ch}, ${V}{%f}${residual ? `, ${X4}{%f, %h, %wd}` : ''}, i32, i32, i32, ${EPI_TYPES}) -> ${X4}{%f, %h, %wd}
    util.return %y : ${X4}
  }`);
}

// Depthwise 3×3, NCHW, stride %s.
const DW_W = 'tensor<?x3x3xf32>';
const dwconv = () => replacement('weft_dispatch_dwconv3x3', `  util.func private @weft_dispatch_dwconv3x3(%x: ${X4}, %w: ${DW_W}, %bias: ${V}, %s: index, ${EPI}) -> ${X4} {
${consts(4)}
    %ch = tensor.dim %x, %c1 : ${X4}
    %ih = tensor.dim %x, %c2 : ${X4}
    %iw = tensor.dim %x, %c3 : ${X4}
    %oh = affine.apply affine_map<()[s0, s1] -> ((s0 - 3) floordiv s1 + 1)>()[%ih, %s]
    %ow = affine.apply affine_map<()[s0, s1] -> ((s0 - 3) floordiv s1 + 1)>()[%iw, %s]
    %macs = affine.apply affine_map<()[s0, s1, s2] -> (s0 * s1 * s2 * 9)>()[%ch, %oh, %ow]
${casts(['ch', 'ih', 'iw', 'oh', 'ow', 's'])}
    %y = flow.dispatch @weft_kernels::@dwconv3x3[%macs](%x, %w, %bias, %ch32, %ih32, %iw32, %oh32, %ow32, %s32, %flags, %lo, %hi)
      : (${X4}{%ch, %ih, %iw}, ${DW_W}{%ch}, ${V}{%ch}, i32, i32, i32, i32, i32, i32, ${EPI_TYPES}) -> ${X4}{%ch, %oh, %ow}
    util.return %y : ${X4}
  }`);

// Dense NCHW convolution, stride %s, W[F,C,KH,KW] packed by weft_pack_conv_nchw.
function conv2d(residual) {
  const name = `weft_dispatch_conv2d${residual ? '_res' : ''}`;
  return replacement(name, `  util.func private @${name}(%x: ${X4}, %w: ${D4}, %bias: ${V}${residual ? `, %res: ${X4}` : ''}, %s: index, ${EPI}) -> ${X4} {
${consts(4)}
    %ch = tensor.dim %x, %c1 : ${X4}
    %ih = tensor.dim %x, %c2 : ${X4}
    %iw = tensor.dim %x, %c3 : ${X4}
    %f = tensor.dim %w, %c0 : ${D4}
    %kh = tensor.dim %w, %c2 : ${D4}
    %kw = tensor.dim %w, %c3 : ${D4}
    %oh = affine.apply affine_map<()[s0, s1, s2] -> ((s0 - s1) floordiv s2 + 1)>()[%ih, %kh, %s]
    %ow = affine.apply affine_map<()[s0, s1, s2] -> ((s0 - s1) floordiv s2 + 1)>()[%iw, %kw, %s]
    %panels = affine.apply affine_map<()[s0] -> ((s0 + ${PANELS.conv - 1}) floordiv ${PANELS.conv})>()[%f]
    %taps = affine.apply affine_map<()[s0, s1, s2] -> (s0 * s1 * s2)>()[%ch, %kh, %kw]
    %macs = affine.apply affine_map<()[s0, s1, s2, s3] -> (s0 * s1 * s2 * s3)>()[%f, %oh, %ow, %taps]
    %wp = util.call @weft_pack_conv_nchw(%w) : (${D4}) -> ${packed(4)}
${casts(['ch', 'ih', 'iw', 'f', 'oh', 'ow', 'kh', 'kw', 's'])}
    %y = flow.dispatch @weft_kernels::@conv2d${residual ? '_res' : ''}[%macs](%x, %wp, %bias${residual ? ', %res' : ''}, %ch32, %ih32, %iw32, %f32, %oh32, %ow32, %kh32, %kw32, %s32, %flags, %lo, %hi)
      : (${X4}{%ch, %ih, %iw}, ${packed(4)}{%panels, %ch, %kh, %kw}, ${V}{%f}${residual ? `, ${X4}{%f, %oh, %ow}` : ''}, i32, i32, i32, i32, i32, i32, i32, i32, i32, ${EPI_TYPES}) -> ${X4}{%f, %oh, %ow}
    util.return %y : ${X4}
  }`, [packConv('nchw')]);
}

// NHWC: a 1×1 stride-1 convolution over X[H,W,C] with HWCF weights is X[H·W, C] · W[C, F] + bias[F]
// as laid out, W packed: the linear layers' kernel.
const NHWC1_W = 'tensor<1x1x?x?xf32>';
const conv1x1Nhwc = () => replacement('weft_dispatch_conv1x1_nhwc', `  util.func private @weft_dispatch_conv1x1_nhwc(%x: ${X4}, %w: ${NHWC1_W}, %bias: ${V}) -> ${X4} {
${consts(4)}
    %zero = arith.constant 0 : i32
    %h = tensor.dim %x, %c1 : ${X4}
    %wd = tensor.dim %x, %c2 : ${X4}
    %ch = tensor.dim %x, %c3 : ${X4}
    %f = tensor.dim %w, %c3 : ${NHWC1_W}
    %hw = arith.muli %h, %wd : index
    %panels = affine.apply affine_map<()[s0] -> ((s0 + ${PANELS.gemm - 1}) floordiv ${PANELS.gemm})>()[%f]
    %macs = affine.apply affine_map<()[s0, s1, s2] -> (s0 * s1 * s2)>()[%hw, %f, %ch]
    %w2 = tensor.collapse_shape %w [[0, 1, 2], [3]] : ${NHWC1_W} into ${M2}
    %wp = util.call @weft_pack_kn(%w2) : (${M2}) -> ${PACKED_KN}
${casts(['hw', 'f', 'ch'])}
    %y = flow.dispatch @weft_kernels::@linear_packed[%macs](%x, %wp, %bias, %hw32, %f32, %ch32, %zero, %zero, %zero)
      : (${X4}{%h, %wd, %ch}, ${PACKED_KN}{%panels, %ch}, ${V}{%f}, i32, i32, i32, ${EPI_TYPES}) -> ${X4}{%h, %wd, %f}
    util.return %y : ${X4}
  }`, [packKn()]);

const conv2dNhwc = () => replacement('weft_dispatch_conv2d_nhwc', `  util.func private @weft_dispatch_conv2d_nhwc(%x: ${X4}, %w: ${D4}, %bias: ${V}, %s: index) -> ${X4} {
${consts(4)}
    %zero = arith.constant 0 : i32
    %ih = tensor.dim %x, %c1 : ${X4}
    %iw = tensor.dim %x, %c2 : ${X4}
    %ch = tensor.dim %x, %c3 : ${X4}
    %kh = tensor.dim %w, %c0 : ${D4}
    %kw = tensor.dim %w, %c1 : ${D4}
    %f = tensor.dim %w, %c3 : ${D4}
    %oh = affine.apply affine_map<()[s0, s1, s2] -> ((s0 - s1) floordiv s2 + 1)>()[%ih, %kh, %s]
    %ow = affine.apply affine_map<()[s0, s1, s2] -> ((s0 - s1) floordiv s2 + 1)>()[%iw, %kw, %s]
    %panels = affine.apply affine_map<()[s0] -> ((s0 + ${PANELS.conv - 1}) floordiv ${PANELS.conv})>()[%f]
    %taps = affine.apply affine_map<()[s0, s1, s2] -> (s0 * s1 * s2)>()[%ch, %kh, %kw]
    %macs = affine.apply affine_map<()[s0, s1, s2, s3] -> (s0 * s1 * s2 * s3)>()[%f, %oh, %ow, %taps]
    %wp = util.call @weft_pack_conv_nhwc(%w) : (${D4}) -> ${packed(4)}
${casts(['ch', 'ih', 'iw', 'f', 'oh', 'ow', 'kh', 'kw', 's'])}
    %y = flow.dispatch @weft_kernels::@conv2d_nhwc[%macs](%x, %wp, %bias, %ch32, %ih32, %iw32, %f32, %oh32, %ow32, %kh32, %kw32, %s32, %zero, %zero, %zero)
      : (${X4}{%ih, %iw, %ch}, ${packed(4)}{%panels, %kh, %kw, %ch}, ${V}{%f}, i32, i32, i32, i32, i32, i32, i32, i32, i32, ${EPI_TYPES}) -> ${X4}{%oh, %ow, %f}
    util.return %y : ${X4}
  }`, [packConv('nhwc')]);

const NHWC_DW_W = 'tensor<3x3x?xf32>';
const dwconvNhwc = () => replacement('weft_dispatch_dwconv3x3_nhwc', `  util.func private @weft_dispatch_dwconv3x3_nhwc(%x: ${X4}, %w: ${NHWC_DW_W}, %bias: ${V}, %s: index) -> ${X4} {
${consts(4)}
    %zero = arith.constant 0 : i32
    %ih = tensor.dim %x, %c1 : ${X4}
    %iw = tensor.dim %x, %c2 : ${X4}
    %ch = tensor.dim %x, %c3 : ${X4}
    %oh = affine.apply affine_map<()[s0, s1] -> ((s0 - 3) floordiv s1 + 1)>()[%ih, %s]
    %ow = affine.apply affine_map<()[s0, s1] -> ((s0 - 3) floordiv s1 + 1)>()[%iw, %s]
    %macs = affine.apply affine_map<()[s0, s1, s2] -> (s0 * s1 * s2 * 9)>()[%ch, %oh, %ow]
${casts(['ch', 'ih', 'iw', 'oh', 'ow', 's'])}
    %y = flow.dispatch @weft_kernels::@dwconv3x3_nhwc[%macs](%x, %w, %bias, %ch32, %ih32, %iw32, %oh32, %ow32, %s32, %zero, %zero, %zero)
      : (${X4}{%ih, %iw, %ch}, ${NHWC_DW_W}{%ch}, ${V}{%ch}, i32, i32, i32, i32, i32, i32, ${EPI_TYPES}) -> ${X4}{%oh, %ow, %ch}
    util.return %y : ${X4}
  }`);

// TOSA's depthwise weights [3,3,C,1] (HWCM, M = 1) are [3,3,C] once collapsed: no data movement.
const HWCM_W = 'tensor<3x3x?x1xf32>';
const dwconvHwcm = (s) => replacement(`weft_dwconv3x3_hwcm_s${s}_bias`, `  util.func private @weft_dwconv3x3_hwcm_s${s}_bias(%x: ${X4}, %w: ${HWCM_W}, %bias: ${V}) -> ${X4} {
    %s = arith.constant ${s} : index
    %wc = tensor.collapse_shape %w [[0], [1], [2, 3]] : ${HWCM_W} into ${NHWC_DW_W}
    %y = util.call @weft_dispatch_dwconv3x3_nhwc(%x, %wc, %bias, %s) : (${X4}, ${NHWC_DW_W}, ${V}, index) -> ${X4}
    util.return %y : ${X4}
  }`, [dwconvNhwc()]);

// softmax(x·scale + mask) over the last axis, x [B, H, S, L], mask [B, 1, S, L]; or plain (x
// stands in for the mask, flags 0).
const softmax = (scaled) => replacement(`weft_softmax${scaled ? '_scaled' : ''}`, `  util.func private @weft_softmax${scaled ? '_scaled' : ''}(%x: ${D4}${scaled ? `, %scale: ${S}, %mask: ${MASK}` : ''}) -> ${D4} {
${consts(4)}
    %b = tensor.dim %x, %c0 : ${D4}
    %h = tensor.dim %x, %c1 : ${D4}
    %r = tensor.dim %x, %c2 : ${D4}
    %l = tensor.dim %x, %c3 : ${D4}
    %elements = affine.apply affine_map<()[s0, s1, s2, s3] -> (s0 * s1 * s2 * s3)>()[%b, %h, %r, %l]
${scaled
    ? `    %bits = util.call @weft_bits(%scale) : (${S}) -> i32
    %flags = arith.constant 3 : i32`
    : `    %bits = arith.constant 0 : i32
    %flags = arith.constant 0 : i32`}
${casts(['b', 'h', 'r', 'l'])}
    %y = flow.dispatch @weft_kernels::@softmax[%elements](%x, ${scaled ? '%mask' : '%x'}, %b32, %h32, %r32, %l32, %bits, %flags)
      : (${D4}{%b, %h, %r, %l}, ${scaled ? `${MASK}{%b, %r, %l}` : `${D4}{%b, %h, %r, %l}`}, i32, i32, i32, i32, i32, i32) -> ${D4}{%b, %h, %r, %l}
    util.return %y : ${D4}
  }`, scaled ? ['weft_bits'] : []);

/**
 * The replacement of one form: `name`(the matched values, in the matcher's argument order)
 * calls `target` with them rearranged by `args` (matched names, or a zero bias `%zero` of the
 * size `zeros` says), a constant stride when given, and the epilogue's flags and clamp bounds.
 */
function formReplacement(name, { params, target, targetTypes, result, args, stride, flags = 0, clip = false, zeros }) {
  const lines = [];
  if (zeros) {
    lines.push(`    %zc = arith.constant ${zeros.dim} : index`, `    %zn = tensor.dim %${zeros.of}, %zc : ${zeros.type}`,
      `    %zero = util.call @weft_zeros(%zn) : (index) -> ${V}`);
  }
  if (stride) lines.push(`    %s = arith.constant ${stride} : index`);
  lines.push(`    %flags = arith.constant ${flags} : i32`);
  if (clip) {
    lines.push(`    %lo = util.call @weft_bits(%clip_lo) : (${S}) -> i32`, `    %hi = util.call @weft_bits(%clip_hi) : (${S}) -> i32`);
  } else {
    lines.push('    %lo = arith.constant 0 : i32', '    %hi = arith.constant 0 : i32');
  }
  const callArgs = [...args, ...(stride ? ['%s'] : []), '%flags', '%lo', '%hi'];
  return replacement(name, `  util.func private @${name}(${params}) -> ${result} {
${lines.join('\n')}
    %y = util.call @${target}(${callArgs.join(', ')}) : (${[...targetTypes, ...(stride ? ['index'] : []), EPI_TYPES].join(', ')}) -> ${result}
    util.return %y : ${result}
  }`, [...(zeros ? ['weft_zeros'] : []), ...(clip ? ['weft_bits'] : []), target]);
}

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

// ---- matchers ----------------------------------------------------------------------------------
const ZERO = '        %cst = arith.constant 0.000000e+00 : f32';
// Only the names of tensor.empty ops are compared ("match.operation_name_only"): their sizes
// follow from the operands, so every empty here takes one size %d.
function empty(v, type) {
  const n = (type.match(/\?/g) ?? []).length;
  return `        %${v} = tensor.empty(${Array(n).fill('%d').join(', ')}) {"match.operation_name_only"} : ${type}`;
}
const sizeOf = (from, type) => `        %c0 = arith.constant 0 : index\n        %d = tensor.dim %${from}, %c0 : ${type}`;
const fill = (v, out, type) => `        %${v} = linalg.fill ins(%cst : f32) outs(%${out} : ${type}) -> ${type}`;
/** An elementwise generic: `v` = body(ins) with the ins' maps (`id` for the full rank). */
function elementwise(v, rank, ins, out, type, body) {
  const maps = ins.map(([, , map]) => map ?? id(rank));
  const args = ins.map((_, i) => `%a${i}: f32`).join(', ');
  // Values the body defines get a prefix: the region sees the matcher's own names.
  const defined = body.flatMap((l) => [...l.matchAll(/(%\w+) =/g)].map((m) => m[1]));
  body = body.map((l) => defined.reduce((t, name) => t.replaceAll(new RegExp(`${name}\\b`, 'g'), `%v_${name.slice(1)}`), l));
  return `        %${v} = linalg.generic {indexing_maps = [${[...maps, id(rank)].join(', ')}], iterator_types = ${parallel(rank)}}
            ins(${ins.map(([name]) => `%${name}`).join(', ')} : ${ins.map(([, t]) => t).join(', ')}) outs(%${out} : ${type}) {
          ^bb0(${args}, %out: f32):
${body.map((l) => `            ${l}`).join('\n')}
        } -> ${type}`;
}
function addBias(v, rank, order, value, out, type) {
  const ins = order === 'bias_mm' ? [['bias', V, last(rank)], [value, type]] : [[value, type], ['bias', V, last(rank)]];
  return elementwise(v, rank, ins, out, type, ['%s = arith.addf %a0, %a1 : f32', 'linalg.yield %s : f32']);
}
const relu = (v, value, out, type) => elementwise(v, 2, [[value, type]], out, type,
  ['%gt = arith.cmpf ugt, %a0, %cst : f32', '%r = arith.select %gt, %a0, %cst : f32', 'linalg.yield %r : f32']);
// ONNX Clip as iree-import-onnx writes it: v < lo (or NaN) gives lo, then above hi gives hi.
const clip = (v, rank, value, out, type) => elementwise(v, rank, [[value, type], ['clip_lo', S, scalar(rank)], ['clip_hi', S, scalar(rank)]], out, type,
  ['%lt = arith.cmpf ult, %a0, %a1 : f32', '%l = arith.select %lt, %a1, %a0 : f32', '%gt = arith.cmpf ugt, %l, %a2 : f32',
    '%h = arith.select %gt, %a2, %l : f32', 'linalg.yield %h : f32']);
const add = (v, rank, a, b, out, type) => elementwise(v, rank, [[a, type], [b, type]], out, type, ['%s = arith.addf %a0, %a1 : f32', 'linalg.yield %s : f32']);
// GELU as exporters write it: (x · (erf(x / √2) + 1)) · 0.5, the constants as 0-d tensors.
const gelu = (v, value, out, type) => [
  '        %sqrt2 = arith.constant dense<1.41421354> : tensor<f32>',
  '        %one = arith.constant dense<1.000000e+00> : tensor<f32>',
  '        %half = arith.constant dense<5.000000e-01> : tensor<f32>',
  elementwise(`${v}_div`, 3, [[value, type], ['sqrt2', S, scalar(3)]], out, type, ['%q = arith.divf %a0, %a1 : f32', 'linalg.yield %q : f32']),
  elementwise(`${v}_erf`, 3, [[`${v}_div`, type]], out, type, ['%e = math.erf %a0 : f32', 'linalg.yield %e : f32']),
  elementwise(`${v}_inc`, 3, [[`${v}_erf`, type], ['one', S, scalar(3)]], out, type, ['%s = arith.addf %a0, %a1 : f32', 'linalg.yield %s : f32']),
  elementwise(`${v}_mul`, 3, [[value, type], [`${v}_inc`, type]], out, type, ['%p = arith.mulf %a0, %a1 : f32', 'linalg.yield %p : f32']),
  elementwise(v, 3, [[`${v}_mul`, type], ['half', S, scalar(3)]], out, type, ['%p = arith.mulf %a0, %a1 : f32', 'linalg.yield %p : f32']),
].join('\n');
// broadcast(bias[F]) over NHWC as a generic (StableHLO, TOSA).
const broadcastLast = (v, out) => elementwise(v, 4, [['bias', V, last(4)]], out, X4, ['linalg.yield %a0 : f32']);
const attrs = (stride, vector) => `{dilations = dense<1> : ${vector ? 'vector' : 'tensor'}<2xi64>, strides = dense<${stride}> : ${vector ? 'vector' : 'tensor'}<2xi64>}`;

const NCHW_OPS = {
  conv1x1: { op: 'linalg.conv_2d_nchw_fchw', w: CONV1X1_W, channels: ['w', 0] },
  conv2d: { op: 'linalg.conv_2d_nchw_fchw', w: D4, channels: ['w', 0] },
  dwconv3x3: { op: 'linalg.depthwise_conv_2d_nchw_chw', w: DW_W, channels: ['x', 1] },
};
const NHWC_OPS = {
  conv1x1: { op: 'linalg.conv_2d_nhwc_hwcf', w: NHWC1_W, channels: ['w', 3] },
  conv2d: { op: 'linalg.conv_2d_nhwc_hwcf', w: D4, channels: ['w', 3] },
  dwconv3x3: { op: 'linalg.depthwise_conv_2d_nhwc_hwc', w: NHWC_DW_W, channels: ['x', 3] },
};
const strideSuffix = (op, stride) => (op === 'conv1x1' ? '' : `_s${stride}`);
const epilogueSuffix = (e) => ({ none: '', clip: '_clip', gelu: '_gelu' }[e.kind] ?? `_add_${e.order}`);

// The NCHW replacement of `op` with or without a residual: [function, its argument types].
function nchwTarget(op, residual) {
  if (op === 'conv1x1') return [conv1x1(residual), [X4, CONV1X1_W, V, ...(residual ? [X4] : [])]];
  if (op === 'conv2d') return [conv2d(residual), [X4, D4, V, ...(residual ? [X4] : [])]];
  return [dwconv(), [X4, DW_W, V]];
}

/** form -> { name, args, body, replace } */
const FAMILIES = {
  linear_nt: ({ bias, relu: withRelu }) => {
    const lines = [ZERO, sizeOf('x', M2), empty('e', M2), empty('et', M2),
      `        %wt = linalg.transpose ins(%w : ${M2}) outs(%et : ${M2}) permutation = [1, 0]`,
      fill('fill', 'e', M2),
      `        %mm = linalg.matmul ins(%x, %wt : ${M2}, ${M2}) outs(%fill : ${M2}) -> ${M2}`];
    if (bias) lines.push(addBias('biased', 2, 'mm_bias', 'mm', 'e', M2));
    if (withRelu) lines.push(relu('relu', 'biased', 'e', M2));
    const name = bias ? (withRelu ? 'linear_nt_bias_relu' : 'linear_nt_bias') : 'linear_nt';
    return {
      name,
      args: `%x: ${M2}, %w: ${M2}${bias ? `, %bias: ${V}` : ''}`,
      body: lines.join('\n'),
      replace: formReplacement(`weft_${name}`, {
        params: `%x: ${M2}, %w: ${M2}${bias ? `, %bias: ${V}` : ''}`, target: linearNt(), targetTypes: [M2, M2, V], result: M2,
        args: ['%x', '%w', bias ? '%bias' : '%zero'], flags: withRelu ? EPILOGUE_FLAGS.relu : 0,
        zeros: bias ? undefined : { of: 'w', dim: 0, type: M2 },
      }),
    };
  },
  linear_nn_2d: ({ order, relu: withRelu }) => {
    const lines = [ZERO, sizeOf('x', M2), empty('e', M2), fill('fill', 'e', M2),
      `        %mm = linalg.matmul ins(%x, %w : ${M2}, ${M2}) outs(%fill : ${M2}) -> ${M2}`,
      addBias('biased', 2, order, 'mm', 'e', M2)];
    if (withRelu) lines.push(relu('relu', 'biased', 'e', M2));
    const name = `linear_nn_2d_${order}${withRelu ? '_relu' : ''}`;
    return {
      name, args: `%x: ${M2}, %w: ${M2}, %bias: ${V}`, body: lines.join('\n'),
      replace: formReplacement(`weft_linear_kn_bias${withRelu ? '_relu' : ''}`, {
        params: `%x: ${M2}, %w: ${M2}, %bias: ${V}`, target: linearKn(), targetTypes: [M2, M2, V], result: M2,
        args: ['%x', '%w', '%bias'], flags: withRelu ? EPILOGUE_FLAGS.relu : 0,
      }),
    };
  },
  linear_nn_3d: ({ order, epilogue = { kind: 'none' } }) => {
    const lines = [ZERO, sizeOf('x', M3), empty('ew', M3), empty('e', M3),
      elementwise('wb', 3, [['w', M2, 'affine_map<(d0, d1, d2) -> (d1, d2)>']], 'ew', M3, ['linalg.yield %a0 : f32']),
      fill('fill', 'e', M3),
      `        %mm = linalg.batch_matmul ins(%x, %wb : ${M3}, ${M3}) outs(%fill : ${M3}) -> ${M3}`,
      addBias('biased', 3, order, 'mm', 'e', M3)];
    const residual = epilogue.kind === 'add';
    if (epilogue.kind === 'gelu') lines.push(gelu('y', 'biased', 'e', M3));
    if (residual) lines.push(epilogue.order === 'sum_res' ? add('y', 3, 'biased', 'res', 'e', M3) : add('y', 3, 'res', 'biased', 'e', M3));
    const params = `%x: ${M3}, %w: ${M2}, %bias: ${V}${residual ? `, %res: ${M3}` : ''}`;
    return {
      name: `linear_nn_3d_${order}${epilogueSuffix(epilogue)}`,
      args: params,
      body: lines.join('\n'),
      replace: formReplacement(`weft_linear_nn_3d${{ none: '', gelu: '_gelu', add: '_add' }[epilogue.kind]}`, {
        params, target: linearPacked3(residual), targetTypes: [M3, M2, V, ...(residual ? [M3] : [])], result: M3,
        args: ['%x', '%w', '%bias', ...(residual ? ['%res'] : [])],
        flags: { none: 0, gelu: EPILOGUE_FLAGS.gelu, add: EPILOGUE_FLAGS.residual }[epilogue.kind],
      }),
    };
  },
  matmul_2d: () => ({
    name: 'matmul_2d',
    args: `%x: ${M2}, %w: ${M2}`,
    body: [ZERO, sizeOf('x', M2), empty('e', M2), fill('fill', 'e', M2),
      `        %mm = linalg.matmul ins(%x, %w : ${M2}, ${M2}) outs(%fill : ${M2}) -> ${M2}`].join('\n'),
    replace: formReplacement('weft_linear_kn_nobias', {
      params: `%x: ${M2}, %w: ${M2}`, target: linearKn(), targetTypes: [M2, M2, V], result: M2,
      args: ['%x', '%w', '%zero'], zeros: { of: 'w', dim: 1, type: M2 },
    }),
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
  nchw_conv: ({ op, stride, bias, epilogue }) => {
    const o = NCHW_OPS[op];
    const init = bias === 'broadcast'
      ? `        %init = linalg.broadcast ins(%bias : ${V}) outs(%e : ${X4}) dimensions = [0, 2, 3]`
      : `${ZERO}\n${fill('init', 'e', X4)}`;
    const lines = [sizeOf('x', X4), empty('e', X4), init,
      `        %conv = ${o.op} ${attrs(stride, true)}
            ins(%x, %w : ${X4}, ${o.w}) outs(%init : ${X4}) -> ${X4}`];
    const residual = epilogue.kind === 'add';
    if (epilogue.kind === 'clip') lines.push(clip('y', 4, 'conv', 'e', X4));
    if (residual) lines.push(epilogue.order === 'conv_res' ? add('y', 4, 'conv', 'res', 'e', X4) : add('y', 4, 'res', 'conv', 'e', X4));
    const name = `${op}${strideSuffix(op, stride)}${bias === 'broadcast' ? '_bias' : ''}${epilogueSuffix(epilogue)}`;
    const params = [`%x: ${X4}`, `%w: ${o.w}`, ...(bias === 'broadcast' ? [`%bias: ${V}`] : []),
      ...(epilogue.kind === 'clip' ? [`%clip_lo: ${S}`, `%clip_hi: ${S}`] : []), ...(residual ? [`%res: ${X4}`] : [])].join(', ');
    const [target, targetTypes] = nchwTarget(op, residual);
    return {
      name,
      args: params,
      body: lines.join('\n'),
      replace: formReplacement(`weft_${name}`, {
        params, target, targetTypes, result: X4,
        args: ['%x', '%w', bias === 'broadcast' ? '%bias' : '%zero', ...(residual ? ['%res'] : [])],
        stride: op === 'conv1x1' ? undefined : stride,
        flags: { none: 0, clip: EPILOGUE_FLAGS.clamp, add: EPILOGUE_FLAGS.residual }[epilogue.kind],
        clip: epilogue.kind === 'clip',
        zeros: bias === 'broadcast' ? undefined : { of: o.channels[0], dim: o.channels[1], type: o.channels[0] === 'x' ? X4 : o.w },
      }),
    };
  },
  nhwc_conv: ({ op, stride, bias }) => {
    const o = NHWC_OPS[op];
    const lines = [sizeOf('x', X4), empty('e', X4)];
    if (bias === 'init') lines.push(broadcastLast('init', 'e'));
    else lines.push(ZERO, fill('init', 'e', X4));
    lines.push(`        %conv = ${o.op} ${attrs(stride, false)}
            ins(%x, %w : ${X4}, ${o.w}) outs(%init : ${X4}) -> ${X4}`);
    if (bias === 'add') lines.push(broadcastLast('bc', 'e'), add('y', 4, 'conv', 'bc', 'e', X4));
    const name = `${op}_nhwc${strideSuffix(op, stride)}`;
    const formName = { add: `${name}_bias`, init: `${name}_bias_init`, none: name }[bias];
    const targets = {
      conv1x1: () => conv1x1Nhwc(),
      conv2d: () => replacement(`weft_conv2d_nhwc_s${stride}_bias`, `  util.func private @weft_conv2d_nhwc_s${stride}_bias(%x: ${X4}, %w: ${D4}, %bias: ${V}) -> ${X4} {
    %s = arith.constant ${stride} : index
    %y = util.call @weft_dispatch_conv2d_nhwc(%x, %w, %bias, %s) : (${X4}, ${D4}, ${V}, index) -> ${X4}
    util.return %y : ${X4}
  }`, [conv2dNhwc()]),
      dwconv3x3: () => replacement(`weft_dwconv3x3_nhwc_s${stride}_bias`, `  util.func private @weft_dwconv3x3_nhwc_s${stride}_bias(%x: ${X4}, %w: ${NHWC_DW_W}, %bias: ${V}) -> ${X4} {
    %s = arith.constant ${stride} : index
    %y = util.call @weft_dispatch_dwconv3x3_nhwc(%x, %w, %bias, %s) : (${X4}, ${NHWC_DW_W}, ${V}, index) -> ${X4}
    util.return %y : ${X4}
  }`, [dwconvNhwc()]),
    };
    const biased = targets[op]();
    return {
      name: formName,
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
  // ONNX Softmax: e = exp(v - max(v)) / Σ e along the last axis. The row maximum's expand_shape
  // is compared by name only (its static output shape cannot be written for any size), so the
  // subtracted per-row value is not checked to be the maximum: exp(v - c)/Σ exp(v - c) is the
  // softmax for any c that does not overflow, which is what the kernel computes.
  softmax: ({ scaled }) => {
    const R3 = 'tensor<?x?x?xf32>';
    const R4one = 'tensor<?x?x?x1xf32>';
    const lines = [ZERO, '        %ninf = arith.constant 0xFF800000 : f32', '        %zero_i = arith.constant 0 : i64',
      sizeOf('x', D4), empty('e', D4), empty('e3', R3), empty('ei', 'tensor<?x?x?xi64>'), empty('e1', R4one)];
    let v = 'x';
    if (scaled) {
      lines.push(elementwise('scaled', 4, [['x', D4], ['scale', S, scalar(4)]], 'e', D4, ['%p = arith.mulf %a0, %a1 : f32', 'linalg.yield %p : f32']),
        elementwise('masked', 4, [['scaled', D4], ['mask', MASK, 'affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>']], 'e', D4, ['%s = arith.addf %a0, %a1 : f32', 'linalg.yield %s : f32']));
      v = 'masked';
    }
    const row = 'affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>';
    lines.push(
      `        %mfill = linalg.fill ins(%ninf : f32) outs(%e3 : ${R3}) -> ${R3}`,
      '        %ifill = linalg.fill ins(%zero_i : i64) outs(%ei : tensor<?x?x?xi64>) -> tensor<?x?x?xi64>',
      `        %max:2 = linalg.generic {indexing_maps = [${id(4)}, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
            ins(%${v} : ${D4}) outs(%mfill, %ifill : ${R3}, tensor<?x?x?xi64>) {
          ^bb0(%in: f32, %out: f32, %out_i: i64):
            %i = linalg.index 3 : index
            %ii = arith.index_cast %i : index to i64
            %m = arith.maximumf %in, %out : f32
            %gt = arith.cmpf ogt, %in, %out : f32
            %s = arith.select %gt, %ii, %out_i : i64
            linalg.yield %m, %s : f32, i64
        } -> (${R3}, tensor<?x?x?xi64>)`,
      `        %rowmax = tensor.expand_shape %max#0 [[0], [1], [2, 3]] output_shape [%d, %d, %d, 1] {"match.operation_name_only"} : ${R3} into ${R4one}`,
      elementwise('sub', 4, [[v, D4], ['rowmax', R4one, row]], 'e', D4, ['%s = arith.subf %a0, %a1 : f32', 'linalg.yield %s : f32']),
      elementwise('exp', 4, [['sub', D4]], 'e', D4, ['%x = math.exp %a0 : f32', 'linalg.yield %x : f32']),
      fill('zfill', 'e1', R4one),
      `        %sum = linalg.generic {indexing_maps = [${id(4)}, ${row}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
            ins(%exp : ${D4}) outs(%zfill : ${R4one}) {
          ^bb0(%in: f32, %out: f32):
            %s = arith.addf %in, %out : f32
            linalg.yield %s : f32
        } -> ${R4one}`,
      elementwise('y', 4, [['exp', D4], ['sum', R4one, row]], 'e', D4, ['%q = arith.divf %a0, %a1 : f32', 'linalg.yield %q : f32']));
    return {
      name: scaled ? 'softmax_scaled_masked' : 'softmax',
      args: `%x: ${D4}${scaled ? `, %scale: ${S}, %mask: ${MASK}` : ''}`,
      body: lines.join('\n'),
      replace: softmax(scaled),
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
// routes f32 matrix products, convolutions and softmax (and i8 matmuls) to Weft's kernel module
// (glue/kernels) instead of the compiler's wasm32 kernels, with the elementwise ops after them
// (bias, ReLU, clamp, residual add, GELU) fused where a form names them. The kernels stay
// undefined in the side module (hal.import.static + llvm.bareptr; the linker wrapper turns them
// into \`env.weft_*\` imports) and Weft's linker binds them when the program loads. Ops that match
// no form keep the compiler's kernels. Forms (matcher names; glue/kernels/README.md describes each):
${forms.map((g, i) => wrap(`walk ${i + 1}: ${g.map((f) => f.name).join(', ')}`)).join('\n')}
// A dispatch has one workgroup per \`work\` units of its workload (kernel-table.mjs); a kernel
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
//! count) is an i32, and kernels return nothing. Also the panel widths the spec packs constant
//! weights into, read by the kernel module (which includes this file too).

pub const KERNELS: &[(&str, usize)] = &[
${KERNELS.map((k) => `    // ${k.doc}\n    ("${k.symbol}", ${k.params.length}),`).join('\n')}
];

/// Columns per panel of a packed matmul operand B ([⌈N/P⌉, K, P]).
#[allow(dead_code)] // read by the kernel module, not by the runtime's linker
pub const GEMM_PANEL: usize = ${PANELS.gemm};
/// Output channels per panel of packed convolution weights ([⌈F/P⌉, taps, P]).
#[allow(dead_code)] // read by the kernel module, not by the runtime's linker
pub const CONV_PANEL: usize = ${PANELS.conv};
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
