//! The few vector operations the kernels use, with fused multiply-add when built with relaxed
//! SIMD (results may then differ from the unfused ones in the last bit).

use core::arch::wasm32::*;

/// `acc + a * b`.
#[inline(always)]
pub fn madd(a: v128, b: v128, acc: v128) -> v128 {
    #[cfg(target_feature = "relaxed-simd")]
    {
        f32x4_relaxed_madd(a, b, acc)
    }
    #[cfg(not(target_feature = "relaxed-simd"))]
    {
        f32x4_add(f32x4_mul(a, b), acc)
    }
}

#[inline(always)]
pub fn hsum(v: v128) -> f32 {
    let s = f32x4_add(v, i32x4_shuffle::<2, 3, 0, 1>(v, v));
    f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s)
}

/// # Safety
/// `p` must point at 4 readable f32.
#[inline(always)]
pub unsafe fn load(p: *const f32) -> v128 {
    v128_load(p as *const v128)
}

/// # Safety
/// `p` must point at 4 writable f32.
#[inline(always)]
pub unsafe fn store(p: *mut f32, v: v128) {
    v128_store(p as *mut v128, v)
}
