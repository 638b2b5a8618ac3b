// The one table of Weft's kernel ABI and routing: which kernels the kernel module exports (with
// their parameters), which dispatch entries call them, and which program forms the transform
// spec replaces with those entries. glue/target/gen-spec.mjs turns it into
//   glue/target/spec.mlir              the transform spec `weft compile` applies
//   glue/kernels/src/signatures.rs     the lists the runtime's linker binds imports against and
//                                      the kernel module's packing constants
//   glue/kernels/signatures.json       the list check-module.mjs checks a built module against
// (all three checked in; `node glue/target/gen-spec.mjs --check` fails when one is stale).

/** The epilogue's parameters, shared by the f32 matmul and convolution kernels. */
const EPILOGUE = ['res:ptr:f32', 'res_off', 'c:ptr:f32', 'c_off'];
const FLAGS = ['flags:i32', 'lo:i32', 'hi:i32'];
const GRID = ['wg_id', 'wg_count'];

/**
 * Kernels of glue/kernels: exported symbol and parameters (every one an i32 on wasm32 with
 * `llvm.bareptr`; `ptr` parameters are base pointers of the named element type, `index` ones
 * element offsets or the workgroup id and count). `flags` select the epilogue (EPILOGUE_FLAGS),
 * `lo` and `hi` are a clamp's bounds as f32 bits.
 */
export const KERNELS = [
  {
    symbol: 'weft_matmul_nt_f32',
    doc: 'C[b,m,n] = A[b,m,k] · B[b,n,k]ᵀ, then the epilogue: linear layers with [N,K] weights (GEMVs).',
    params: ['a:ptr:f32', 'a_off', 'b:ptr:f32', 'b_off', 'bias:ptr:f32', 'bias_off', ...EPILOGUE, 'batch:i32', 'm:i32', 'n:i32', 'k:i32', ...FLAGS, ...GRID],
  },
  {
    symbol: 'weft_matmul_nn_f32',
    doc: 'C[b,m,n] = A[b,m,k] · B[b,k,n], then the epilogue: batch matmuls, NCHW 1×1 convolutions (bias per row).',
    params: ['a:ptr:f32', 'a_off', 'b:ptr:f32', 'b_off', 'bias:ptr:f32', 'bias_off', ...EPILOGUE, 'batch:i32', 'm:i32', 'n:i32', 'k:i32', ...FLAGS, ...GRID],
  },
  {
    symbol: 'weft_matmul_packed_f32',
    doc: 'The same with B packed at compile time as [⌈N/8⌉, K, 8] (constant weights): linear layers, NHWC 1×1 convolutions.',
    params: ['a:ptr:f32', 'a_off', 'b:ptr:f32', 'b_off', 'bias:ptr:f32', 'bias_off', ...EPILOGUE, 'batch:i32', 'm:i32', 'n:i32', 'k:i32', ...FLAGS, ...GRID],
  },
  {
    symbol: 'weft_dwconv3x3_f32',
    doc: 'out[c] = in[c] ⊛ w[c] (3×3, stride 1 or 2, input padded beforehand) + bias[c], then the epilogue: depthwise convolutions, NCHW.',
    params: ['x:ptr:f32', 'x_off', 'w:ptr:f32', 'w_off', 'bias:ptr:f32', 'bias_off', ...EPILOGUE, 'channels:i32', 'in_h:i32', 'in_w:i32', 'out_h:i32', 'out_w:i32', 'stride:i32', ...FLAGS, ...GRID],
  },
  {
    symbol: 'weft_dwconv3x3_nhwc_f32',
    doc: 'out[y, x, c] = bias[c] + Σ in[y·s + i, x·s + j, c] · w[i, j, c] (3×3, any stride, input padded beforehand), then the epilogue: depthwise convolutions, NHWC.',
    params: ['x:ptr:f32', 'x_off', 'w:ptr:f32', 'w_off', 'bias:ptr:f32', 'bias_off', ...EPILOGUE, 'channels:i32', 'in_h:i32', 'in_w:i32', 'out_h:i32', 'out_w:i32', 'stride:i32', ...FLAGS, ...GRID],
  },
  {
    symbol: 'weft_conv2d_f32',
    doc: 'out[f] = bias[f] + Σ_c in[c] ⊛ w[f, c] (any kernel size and stride, input padded beforehand, weights packed as [⌈F/P⌉, C, KH, KW, P]), then the epilogue: dense convolutions, NCHW, batch 1.',
    params: ['x:ptr:f32', 'x_off', 'w:ptr:f32', 'w_off', 'bias:ptr:f32', 'bias_off', ...EPILOGUE, 'channels:i32', 'in_h:i32', 'in_w:i32', 'out_channels:i32', 'out_h:i32', 'out_w:i32', 'k_h:i32', 'k_w:i32', 'stride:i32', ...FLAGS, ...GRID],
  },
  {
    symbol: 'weft_conv2d_nhwc_f32',
    doc: 'The same, NHWC: in [H, W, C], weights packed as [⌈F/P⌉, KH, KW, C, P] from HWCF, out [OH, OW, F].',
    params: ['x:ptr:f32', 'x_off', 'w:ptr:f32', 'w_off', 'bias:ptr:f32', 'bias_off', ...EPILOGUE, 'channels:i32', 'in_h:i32', 'in_w:i32', 'out_channels:i32', 'out_h:i32', 'out_w:i32', 'k_h:i32', 'k_w:i32', 'stride:i32', ...FLAGS, ...GRID],
  },
  {
    symbol: 'weft_softmax_f32',
    doc: 'out = softmax over the last axis of x·scale + mask, x [B, H, S, L], mask [B, S, L] shared by the H heads (flags: 1 = scale, 2 = mask): attention.',
    params: ['x:ptr:f32', 'x_off', 'mask:ptr:f32', 'mask_off', 'out:ptr:f32', 'out_off', 'batch:i32', 'heads:i32', 'rows:i32', 'len:i32', 'scale:i32', 'flags:i32', ...GRID],
  },
  {
    symbol: 'weft_matmul_nn_i8i32',
    doc: 'C[b,m,n] (i32) = A[b,m,k] (i8) · B[b,k,n] (i8): quantized matmuls, exact.',
    params: ['a:ptr:i8', 'a_off', 'b:ptr:i8', 'b_off', 'c:ptr:i32', 'c_off', 'batch:i32', 'm:i32', 'n:i32', 'k:i32', ...GRID],
  },
];

/** Epilogue flags (glue/kernels/src/epilogue.rs): what follows the sums. */
export const EPILOGUE_FLAGS = { bias: 1, relu: 2, rowBias: 4, clamp: 8, residual: 16, gelu: 32 };

/**
 * Widths of the panels the spec packs constant weights into, which the kernels read: the
 * matmul's B (columns) and the dense convolutions' output channels.
 */
export const PANELS = { gemm: 8, conv: 4 };

/**
 * Dispatch entries of the spec's executable (`stream.executable @weft_kernels`): each calls one
 * kernel with the epilogue flags and clamp bounds as operands; `residual` entries take one more
 * tensor. A dispatch has one workgroup per `work` units of its workload (multiply-adds, for
 * softmax elements), at least one: small enough that two threads share a short dispatch evenly,
 * large enough that a workgroup's fixed cost (tens of ns) stays negligible.
 *   gemm: (a, b, bias[, res], c, m, n, k, flags, lo, hi), batch 1   bmm: (a, b, c, batch, m, n, k)
 *   conv1x1: W[F,C]·X[C,H·W] + bias per row                     dwconv/conv2d: stride an operand
 */
const MACS = 1 << 18;
export const ENTRIES = [
  { name: 'linear_nt', kind: 'gemm', kernel: 'weft_matmul_nt_f32', work: MACS },
  { name: 'linear_packed', kind: 'gemm', kernel: 'weft_matmul_packed_f32', work: MACS },
  { name: 'linear_packed_res', kind: 'gemm', kernel: 'weft_matmul_packed_f32', residual: true, work: MACS },
  { name: 'bmm', kind: 'bmm', kernel: 'weft_matmul_nn_f32', work: MACS },
  { name: 'conv1x1', kind: 'conv1x1', kernel: 'weft_matmul_nn_f32', work: MACS },
  { name: 'conv1x1_res', kind: 'conv1x1', kernel: 'weft_matmul_nn_f32', residual: true, work: MACS },
  { name: 'dwconv3x3', kind: 'dwconv', kernel: 'weft_dwconv3x3_f32', work: MACS / 2 },
  { name: 'dwconv3x3_nhwc', kind: 'dwconv', kernel: 'weft_dwconv3x3_nhwc_f32', work: MACS / 2 },
  { name: 'conv2d', kind: 'conv2d', kernel: 'weft_conv2d_f32', work: MACS },
  { name: 'conv2d_res', kind: 'conv2d', kernel: 'weft_conv2d_f32', residual: true, work: MACS },
  { name: 'conv2d_nhwc', kind: 'conv2d', kernel: 'weft_conv2d_nhwc_f32', work: MACS },
  { name: 'softmax', kind: 'softmax', kernel: 'weft_softmax_f32', work: 1 << 15 },
  { name: 'matmul_i8i32', kind: 'i8', kernel: 'weft_matmul_nn_i8i32', work: MACS },
];

/** Workgroups of a dispatch of `entry` (a name of ENTRIES) with `workload` units, as the spec computes them. */
export function workgroupCount(entry, workload) {
  const e = ENTRIES.find((x) => x.name === entry);
  if (!e) throw new Error(`kernel-table.mjs: no entry ${entry}`);
  return Math.max(1, Math.ceil(workload / e.work));
}

/**
 * Program forms the spec routes, in walk order: each group is one walk over every function
 * followed by dead-code elimination, so a longer form (an epilogue after a matmul or a
 * convolution) is replaced before a shorter one inside it (the bare op) could take its root;
 * within a group the first form that matches an op wins.
 *
 * A form: `family` (the matcher template in gen-spec.mjs) and its parameters. Epilogues:
 * `clip` (ONNX Clip: its bounds as 0-d tensor operands, as ReLU6), `add` (a residual added, the
 * sum's operands in either `order`), `relu` (`cmpf ugt` + `select` against the zero the matmul's
 * fill uses: a ReLU whose zero only its region captures, after a convolution with a bias, cannot
 * be matched), `gelu` (x/2·(1 + erf(x/√2)) as exporters write it). Bias-free forms use the biased
 * kernel with a zero bias (a constant the compiler folds for static channel counts).
 */
const strides = [1, 2];
const nchwEpilogues = (op, strideList, epilogues) => ['broadcast', 'none'].flatMap((bias) =>
  strideList.flatMap((stride) => epilogues.map((epilogue) => ({ family: 'nchw_conv', op, stride, bias, epilogue }))));
const residual = [{ kind: 'add', order: 'conv_res' }, { kind: 'add', order: 'res_conv' }];
export const GROUPS = [
  [
    ...['bias_mm', 'mm_bias'].map((order) => ({ family: 'linear_nn_3d', order, epilogue: { kind: 'gelu' } })),
    ...['bias_mm', 'mm_bias'].flatMap((order) => ['sum_res', 'res_sum'].map((resOrder) =>
      ({ family: 'linear_nn_3d', order, epilogue: { kind: 'add', order: resOrder } }))),
    { family: 'linear_nt', bias: true, relu: true },
    { family: 'linear_nn_2d', order: 'mm_bias', relu: true },
    { family: 'linear_nn_2d', order: 'bias_mm', relu: true },
    ...nchwEpilogues('conv1x1', [1], [{ kind: 'clip' }, ...residual]),
    ...nchwEpilogues('conv2d', strides, [{ kind: 'clip' }, ...residual]),
    ...nchwEpilogues('dwconv3x3', strides, [{ kind: 'clip' }]),
  ],
  [
    { family: 'linear_nt', bias: true },
    { family: 'linear_nn_3d', order: 'bias_mm' },
    { family: 'linear_nn_3d', order: 'mm_bias' },
    { family: 'linear_nn_2d', order: 'mm_bias' },
    { family: 'linear_nn_2d', order: 'bias_mm' },
    // NHWC as StableHLO writes it: fill(0) -> conv -> + broadcast(bias).
    { family: 'nhwc_conv', op: 'conv1x1', stride: 1, bias: 'add' },
    ...strides.map((stride) => ({ family: 'nhwc_conv', op: 'dwconv3x3', stride, bias: 'add' })),
    ...strides.map((stride) => ({ family: 'nhwc_conv', op: 'conv2d', stride, bias: 'add' })),
    // TOSA's depthwise: fill(0) -> depthwise HWCM (M = 1) -> collapse -> bias + ...
    ...strides.map((stride) => ({ family: 'tosa_dwconv', stride })),
  ],
  [
    // NCHW as iree-import-onnx writes Conv: the init is broadcast(bias), or fill(0) without one.
    ...nchwEpilogues('conv1x1', [1], [{ kind: 'none' }]),
    ...nchwEpilogues('dwconv3x3', strides, [{ kind: 'none' }]),
    ...nchwEpilogues('conv2d', strides, [{ kind: 'none' }]),
    // NHWC with the bias as the convolution's init (TOSA; weights transposed to HWCF before),
    // or without a bias.
    ...['init', 'none'].flatMap((bias) => [
      { family: 'nhwc_conv', op: 'conv1x1', stride: 1, bias },
      ...(bias === 'none' ? strides.map((stride) => ({ family: 'nhwc_conv', op: 'dwconv3x3', stride, bias })) : []),
      ...strides.map((stride) => ({ family: 'nhwc_conv', op: 'conv2d', stride, bias })),
    ]),
    { family: 'linear_nt', bias: false },
    { family: 'matmul_2d' },
    { family: 'bmm' },
    { family: 'matmul_i8i32' },
    // Softmax over the last axis as iree-import-onnx writes ONNX Softmax (max-subtracted exp over
    // its sum), with the attention's scale and additive mask before it, or alone.
    { family: 'softmax', scaled: true },
    { family: 'softmax', scaled: false },
  ],
];
