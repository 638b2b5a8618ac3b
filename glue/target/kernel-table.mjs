// The one table of Weft's kernel ABI and routing: which kernels the kernel module exports (with
// their parameters), which dispatch entries call them, and which program forms the transform
// spec replaces with those entries. glue/target/gen-spec.mjs turns it into
//   glue/target/spec.mlir              the transform spec `weft compile` applies
//   glue/kernels/src/signatures.rs     the list the runtime's linker binds imports against
//   glue/kernels/signatures.json       the list check-module.mjs checks a built module against
// (all three checked in; `node glue/target/gen-spec.mjs --check` fails when one is stale).

/**
 * Kernels of glue/kernels: exported symbol and parameters (every one an i32 on wasm32 with
 * `llvm.bareptr`; `ptr` parameters are base pointers of the named element type, `index` ones
 * element offsets or the workgroup id and count).
 */
export const KERNELS = [
  {
    symbol: 'weft_matmul_nt_f32',
    doc: 'C[b,m,n] = A[b,m,k] · B[b,n,k]ᵀ (+ bias) (relu): linear layers with [N,K] weights.',
    params: ['a:ptr:f32', 'a_off', 'b:ptr:f32', 'b_off', 'bias:ptr:f32', 'bias_off', 'c:ptr:f32', 'c_off', 'batch:i32', 'm:i32', 'n:i32', 'k:i32', 'flags:i32', 'wg_id', 'wg_count'],
  },
  {
    symbol: 'weft_matmul_nn_f32',
    doc: 'C[b,m,n] = A[b,m,k] · B[b,k,n] (+ bias) (relu): plain and batch matmuls, 1×1 convolutions. flags: 1 = + bias, 2 = relu, 4 = the bias is per row.',
    params: ['a:ptr:f32', 'a_off', 'b:ptr:f32', 'b_off', 'bias:ptr:f32', 'bias_off', 'c:ptr:f32', 'c_off', 'batch:i32', 'm:i32', 'n:i32', 'k:i32', 'flags:i32', 'wg_id', 'wg_count'],
  },
  {
    symbol: 'weft_dwconv3x3_f32',
    doc: 'out[c] = in[c] ⊛ w[c] (3×3, stride 1 or 2, input padded beforehand) + bias[c]: depthwise convolutions, NCHW.',
    params: ['x:ptr:f32', 'x_off', 'w:ptr:f32', 'w_off', 'bias:ptr:f32', 'bias_off', 'out:ptr:f32', 'out_off', 'channels:i32', 'in_h:i32', 'in_w:i32', 'out_h:i32', 'out_w:i32', 'stride:i32', 'wg_id', 'wg_count'],
  },
  {
    symbol: 'weft_conv2d_f32',
    doc: 'out[f] = bias[f] + Σ_c in[c] ⊛ w[f, c] (any kernel size and stride, input padded beforehand, weights as [C, KH, KW, F]): dense convolutions, NCHW, batch 1.',
    params: ['x:ptr:f32', 'x_off', 'wt:ptr:f32', 'wt_off', 'bias:ptr:f32', 'bias_off', 'out:ptr:f32', 'out_off', 'channels:i32', 'in_h:i32', 'in_w:i32', 'out_channels:i32', 'out_h:i32', 'out_w:i32', 'k_h:i32', 'k_w:i32', 'stride:i32', 'wg_id', 'wg_count'],
  },
  {
    symbol: 'weft_conv2d_nhwc_f32',
    doc: 'The same, NHWC: in [H, W, C], weights [KH, KW, C, F] (HWCF), out [OH, OW, F].',
    params: ['x:ptr:f32', 'x_off', 'w:ptr:f32', 'w_off', 'bias:ptr:f32', 'bias_off', 'out:ptr:f32', 'out_off', 'channels:i32', 'in_h:i32', 'in_w:i32', 'out_channels:i32', 'out_h:i32', 'out_w:i32', 'k_h:i32', 'k_w:i32', 'stride:i32', 'wg_id', 'wg_count'],
  },
  {
    symbol: 'weft_dwconv3x3_nhwc_f32',
    doc: 'out[y, x, c] = bias[c] + Σ in[y·s + i, x·s + j, c] · w[i, j, c] (3×3, any stride, input padded beforehand): depthwise convolutions, NHWC.',
    params: ['x:ptr:f32', 'x_off', 'w:ptr:f32', 'w_off', 'bias:ptr:f32', 'bias_off', 'out:ptr:f32', 'out_off', 'channels:i32', 'in_h:i32', 'in_w:i32', 'out_h:i32', 'out_w:i32', 'stride:i32', 'wg_id', 'wg_count'],
  },
  {
    symbol: 'weft_matmul_nn_i8i32',
    doc: 'C[b,m,n] (i32) = A[b,m,k] (i8) · B[b,k,n] (i8): quantized matmuls, exact.',
    params: ['a:ptr:i8', 'a_off', 'b:ptr:i8', 'b_off', 'c:ptr:i32', 'c_off', 'batch:i32', 'm:i32', 'n:i32', 'k:i32', 'wg_id', 'wg_count'],
  },
];

/**
 * Dispatch entries of the spec's executable (`stream.executable @weft_kernels`): each calls one
 * kernel; `tile` output units per workgroup (the workload operand counts units).
 *   matmul: (a, b, bias, c, m, n, k), batch 1, fixed flags   bmm: (a, b, c, batch, m, n, k)
 *   conv1x1: W[F,C]·X[C,H·W] + bias per row                  dwconv/conv2d: stride fixed or an operand
 */
export const ENTRIES = [
  { name: 'linear_nt_bias', kind: 'matmul', kernel: 'weft_matmul_nt_f32', flags: 1, tile: 128 },
  { name: 'linear_nt_bias_relu', kind: 'matmul', kernel: 'weft_matmul_nt_f32', flags: 3, tile: 128 },
  { name: 'linear_nn_bias', kind: 'matmul', kernel: 'weft_matmul_nn_f32', flags: 1, tile: 64 },
  { name: 'bmm', kind: 'bmm', kernel: 'weft_matmul_nn_f32', tile: 64 },
  { name: 'conv1x1_bias', kind: 'conv1x1', kernel: 'weft_matmul_nn_f32', tile: 64 },
  { name: 'dwconv3x3_s1_bias', kind: 'dwconv', kernel: 'weft_dwconv3x3_f32', stride: 1, tile: 64 },
  { name: 'dwconv3x3_s2_bias', kind: 'dwconv', kernel: 'weft_dwconv3x3_f32', stride: 2, tile: 64 },
  { name: 'conv2d_s1_bias', kind: 'conv2d', kernel: 'weft_conv2d_f32', stride: 1, tile: 8 },
  { name: 'conv2d_s2_bias', kind: 'conv2d', kernel: 'weft_conv2d_f32', stride: 2, tile: 8 },
  { name: 'conv2d_nhwc_bias', kind: 'conv2d', kernel: 'weft_conv2d_nhwc_f32', tile: 8 },
  { name: 'dwconv3x3_nhwc_bias', kind: 'dwconv', kernel: 'weft_dwconv3x3_nhwc_f32', tile: 256 },
  { name: 'matmul_i8i32', kind: 'i8', kernel: 'weft_matmul_nn_i8i32', tile: 64 },
];

/**
 * Program forms the spec routes, in walk order: each group is one walk over every function
 * followed by dead-code elimination, so a longer form (a bias add and ReLU after a matmul) is
 * replaced before a shorter one inside it (the bare matmul) could take its root; within a group
 * the first form that matches an op wins.
 *
 * A form: `family` (the matcher template in gen-spec.mjs) and its parameters; `replace` names
 * the replacement function (gen-spec.mjs `REPLACEMENTS`). Bias-free forms reuse the biased
 * replacement with a zero bias (a constant the compiler folds for static channel counts).
 */
const strides = [1, 2];
export const GROUPS = [
  [
    { family: 'linear_nt', bias: true, relu: true },
    { family: 'linear_nn_2d', order: 'mm_bias', relu: true },
    { family: 'linear_nn_2d', order: 'bias_mm', relu: true },
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
    ...['broadcast', 'none'].flatMap((bias) => [
      { family: 'nchw_conv', op: 'conv1x1', stride: 1, bias },
      ...strides.map((stride) => ({ family: 'nchw_conv', op: 'dwconv3x3', stride, bias })),
      ...strides.map((stride) => ({ family: 'nchw_conv', op: 'conv2d', stride, bias })),
    ]),
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
  ],
];
