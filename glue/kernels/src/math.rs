//! Vector `exp` and `erf` for the fused epilogues (GELU) and softmax. The coefficients were fitted
//! for these kernels (float64 least squares on Chebyshev nodes, iterated toward minimax) and
//! checked in f32 against float64 references: `exp` within 2 ulp on [-87.3, 88.7], `erf`
//! within 3e-7 absolute everywhere.

use crate::simd::madd;
use core::arch::wasm32::*;

/// Σ c[i]·x^i by Horner's rule.
#[inline(always)]
fn poly<const N: usize>(x: v128, c: [f32; N]) -> v128 {
    let mut acc = f32x4_splat(c[N - 1]);
    for i in (0..N - 1).rev() {
        acc = madd(acc, x, f32x4_splat(c[i]));
    }
    acc
}

/// e^x per lane: x = n·ln2 + r with |r| ≤ ln2/2 (ln2 in two parts, so r is exact), e^r by a
/// polynomial, 2^n as two powers of two built from exponent bits (one could overflow its field
/// near the top of the range). Below -87.33 (where e^x is no longer a normal f32) the result is
/// 0; past the largest f32 it is +inf; NaN stays NaN.
#[inline(always)]
pub fn exp(x: v128) -> v128 {
    const LOG2E: f32 = core::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    let lo = f32x4_splat(-87.33);
    let xc = f32x4_pmin(f32x4_splat(88.8), f32x4_pmax(lo, x));
    let n = f32x4_nearest(f32x4_mul(xc, f32x4_splat(LOG2E)));
    let r = f32x4_sub(f32x4_sub(xc, f32x4_mul(n, f32x4_splat(LN2_HI))), f32x4_mul(n, f32x4_splat(LN2_LO)));
    let p = poly(r, [0.499_999_94, 0.166_665_21, 0.041_668_39, 0.008_368_71, 0.001_381_461_3]);
    let er = f32x4_add(f32x4_add(f32x4_splat(1.0), r), f32x4_mul(f32x4_mul(r, r), p));
    let ni = i32x4_trunc_sat_f32x4(n);
    let half = i32x4_shr(ni, 1);
    let pow2 = |e: v128| i32x4_shl(i32x4_add(e, i32x4_splat(127)), 23);
    let y = f32x4_mul(f32x4_mul(er, pow2(half)), pow2(i32x4_sub(ni, half)));
    let y = v128_andnot(y, f32x4_lt(x, lo));
    // NaN compares false with both bounds; pass it through.
    v128_bitselect(x, y, f32x4_ne(x, x))
}

/// erf(x) per lane: x·P(x²)/Q(x²) on [-4, 4] (erf(±4) is ±1 in f32), clamped to [-1, 1].
#[inline(always)]
pub fn erf(x: v128) -> v128 {
    let four = f32x4_splat(4.0);
    let xc = f32x4_pmin(four, f32x4_pmax(f32x4_neg(four), x));
    let u = f32x4_mul(xc, xc);
    let p = poly(u, [1.128_379, 0.196_248_99, 0.053_467_475, 0.004_003_645_8, 0.000_288_041_28, 1.974_827_7e-6]);
    let q = poly(u, [1.0, 0.507_252_28, 0.116_476_43, 0.015_444_421, 0.001_216_359_7, 3.748_083_3e-5]);
    let y = f32x4_div(f32x4_mul(xc, p), q);
    let one = f32x4_splat(1.0);
    f32x4_pmin(one, f32x4_pmax(f32x4_neg(one), y))
}

/// GELU as ONNX exporters write it: x/2 · (1 + erf(x/√2)).
#[inline(always)]
pub fn gelu(x: v128) -> v128 {
    let e = erf(f32x4_mul(x, f32x4_splat(core::f32::consts::FRAC_1_SQRT_2)));
    f32x4_mul(f32x4_mul(x, f32x4_splat(0.5)), f32x4_add(f32x4_splat(1.0), e))
}
