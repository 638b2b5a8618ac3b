//! The epilogue every kernel fuses: its sums, laid out as the rows and columns of an output
//! matrix C (a matmul's C; a convolution's [channels, pixels] in NCHW or [pixels, channels] in
//! NHWC), get a bias per row or per column, then a residual of C's shape, then an activation
//! (ReLU, a clamp such as ReLU6, or GELU), and are stored.

use crate::math::gelu;
use crate::ptr;
use crate::simd::*;
use core::arch::wasm32::*;

/// Epilogue flags (the transform spec passes them per entry).
pub const BIAS: u32 = 1;
const RELU: u32 = 2;
/// With BIAS: bias[m] (one per row) instead of bias[n].
pub const ROW_BIAS: u32 = 4;
/// min(max(v, lo), hi) with lo and hi passed as f32 bits (ONNX Clip, ReLU6).
const CLAMP: u32 = 8;
/// + residual[b, m, n] (same layout as C), before the activation.
const RESIDUAL: u32 = 16;
const GELU: u32 = 32;

/// Activation codes.
const ACT_NONE: u32 = 0;
const ACT_RELU: u32 = 1;
const ACT_CLAMP: u32 = 2;
const ACT_GELU: u32 = 3;

/// What happens to a tile's sums before they are stored: v + bias + residual, then the
/// activation. `residual` points at the current batch's C-shaped residual (or is null).
#[derive(Clone, Copy)]
pub struct Epilogue {
    pub bias: *const f32,
    pub per_row: bool,
    pub residual: *const f32,
    pub act: u32,
    pub lo: v128,
    pub hi: v128,
}

impl Epilogue {
    #[inline(always)]
    pub unsafe fn new(flags: u32, bias: u32, bias_off: u32, res: u32, res_off: u32, lo: u32, hi: u32) -> Epilogue {
        let act = if flags & GELU != 0 {
            ACT_GELU
        } else if flags & CLAMP != 0 {
            ACT_CLAMP
        } else if flags & RELU != 0 {
            ACT_RELU
        } else {
            ACT_NONE
        };
        Epilogue {
            bias: if flags & BIAS != 0 { ptr(bias, bias_off) } else { core::ptr::null() },
            per_row: flags & ROW_BIAS != 0,
            residual: if flags & RESIDUAL != 0 { ptr(res, res_off) } else { core::ptr::null() },
            act,
            lo: f32x4_splat(f32::from_bits(lo)),
            hi: f32x4_splat(f32::from_bits(hi)),
        }
    }

    /// The residual of batch `bi` (C's size per batch: `plane`).
    #[inline(always)]
    pub fn for_batch(&self, bi: usize, plane: usize) -> Epilogue {
        Epilogue { residual: self.residual.wrapping_add(if self.residual.is_null() { 0 } else { bi * plane }), ..*self }
    }

    /// Finishes `v`, the sums at row `i`, columns `j`..`j + n` (n ≤ 4 lanes valid; ldc: C's row
    /// stride), and stores its first `n` lanes at `c`.
    #[inline(always)]
    pub unsafe fn store(&self, c: *mut f32, v: v128, i: usize, j: usize, ldc: usize, n: usize) {
        let mut v = v;
        if !self.bias.is_null() {
            let b = if self.per_row { splat(self.bias.add(i)) } else { load_n(self.bias.add(j), n) };
            v = f32x4_add(v, b);
        }
        if !self.residual.is_null() {
            v = f32x4_add(v, load_n(self.residual.add(i * ldc + j), n));
        }
        v = match self.act {
            // Keeps v unless v < 0 (NaN stays NaN, as the `cmpf ugt` + `select` form keeps it).
            ACT_RELU => f32x4_pmax(v, zero()),
            // ONNX Clip's form: v < lo (or NaN) gives lo, then above hi gives hi.
            ACT_CLAMP => f32x4_pmin(self.hi, f32x4_pmax(self.lo, v)),
            ACT_GELU => gelu_outlined(v),
            _ => v,
        };
        store_n(c, v, n);
    }
}

/// GELU, not inlined: its polynomials would otherwise be copied into every tile shape. The C
/// ABI passes the vector by value (Rust's own ABI passes it through memory, and the kernel
/// module has no stack in memory).
#[inline(never)]
extern "C" fn gelu_outlined(v: v128) -> v128 {
    gelu(v)
}

