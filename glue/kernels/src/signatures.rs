//! The kernels Weft's kernel module exports (one list, also read by the glue's linker binding
//! through `#[path]`): symbol and number of parameters. On wasm32 with `llvm.bareptr`, every
//! parameter a transform spec passes (base pointers, element offsets, sizes, flags, workgroup
//! id and count) is an i32, and kernels return nothing.

pub const KERNELS: &[(&str, usize)] = &[
    // flags: 1 = + bias, 2 = relu, 4 = the bias is per row (bias[m]) instead of per column (bias[n]).
    // C[b,m,n] = A[b,m,k] · B[b,n,k]ᵀ (+ bias) (relu): linear layers with [N,K] weights.
    ("weft_matmul_nt_f32", 15),
    // C[b,m,n] = A[b,m,k] · B[b,k,n] (+ bias) (relu): plain and batch matmuls, 1×1 convolutions.
    ("weft_matmul_nn_f32", 15),
    // out[c] = in[c] ⊛ w[c] (3×3, stride 1 or 2, input padded beforehand) + bias[c]: depthwise
    // convolutions, NCHW.
    ("weft_dwconv3x3_f32", 16),
    // out[f] = bias[f] + Σ_c in[c] ⊛ w[f, c] (any kernel size and stride, input padded
    // beforehand, weights as [C, KH, KW, F]): dense convolutions, NCHW, batch 1.
    ("weft_conv2d_f32", 19),
    // The same, NHWC: in [H, W, C], weights [KH, KW, C, F] (HWCF), out [OH, OW, F].
    ("weft_conv2d_nhwc_f32", 19),
    // out[y, x, c] = bias[c] + Σ in[y·s + i, x·s + j, c] · w[i, j, c] (3×3, any stride, input
    // padded beforehand): depthwise convolutions, NHWC.
    ("weft_dwconv3x3_nhwc_f32", 16),
    // C[b,m,n] (i32) = A[b,m,k] (i8) · B[b,k,n] (i8): quantized matmuls, exact.
    ("weft_matmul_nn_i8i32", 12),
];
