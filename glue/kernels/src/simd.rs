//! The few vector operations the kernels use, with fused multiply-add when built with relaxed
//! SIMD (results may then differ from the unfused ones in the last bit), and loads and stores of
//! the first 1–4 lanes for the edges of a tile.

use core::arch::wasm32::*;

/// Runs `$body` with `$i` = each listed index below `$n`, written out so that every array index
/// in the body is a constant: with `$n` known when compiling, the registers of a tile stay
/// registers (a loop LLVM does not unroll would index them in memory, and the kernel module has
/// no stack there). The list bounds the indices the arrays in the body can take.
macro_rules! unrolled {
    ($i:ident < $n:expr; $($k:literal)+, $body:block) => {{
        let n: usize = $n;
        $({
            let $i: usize = $k;
            if $i < n $body
        })+
    }};
}
pub(crate) use unrolled;

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

#[inline(always)]
pub fn zero() -> v128 {
    f32x4_splat(0.0)
}

/// # Safety
/// `p` must point at 4 readable f32.
#[inline(always)]
pub unsafe fn load(p: *const f32) -> v128 {
    v128_load(p as *const v128)
}

/// `*p` in every lane.
///
/// # Safety
/// `p` must point at a readable f32.
#[inline(always)]
pub unsafe fn splat(p: *const f32) -> v128 {
    v128_load32_splat(p as *const u32)
}

/// # Safety
/// `p` must point at 4 writable f32.
#[inline(always)]
pub unsafe fn store(p: *mut f32, v: v128) {
    v128_store(p as *mut v128, v)
}

/// The first `L` (1–4) floats at `p`, the other lanes zero; `L` is known when compiling, so a
/// tile's inner loop has no branch for it.
///
/// # Safety
/// `p` must point at `L` readable f32.
#[inline(always)]
pub unsafe fn load_first<const L: usize>(p: *const f32) -> v128 {
    match L {
        1 => v128_load32_zero(p as *const u32),
        2 => v128_load64_zero(p as *const u64),
        3 => v128_load32_lane::<2>(v128_load64_zero(p as *const u64), p.add(2) as *const u32),
        _ => load(p),
    }
}

/// The first `n` floats at `p` (`n` ≥ 4: all four), the other lanes zero.
///
/// # Safety
/// `p` must point at min(n, 4) readable f32.
#[inline(always)]
pub unsafe fn load_n(p: *const f32, n: usize) -> v128 {
    match n {
        0 => zero(),
        1 => load_first::<1>(p),
        2 => load_first::<2>(p),
        3 => load_first::<3>(p),
        _ => load(p),
    }
}

/// Stores the first `n` lanes of `v` at `p` (`n` ≥ 4: all four).
///
/// # Safety
/// `p` must point at min(n, 4) writable f32.
#[inline(always)]
pub unsafe fn store_n(p: *mut f32, v: v128, n: usize) {
    match n {
        0 => {}
        1 => v128_store32_lane::<0>(v, p as *mut u32),
        2 => v128_store64_lane::<0>(v, p as *mut u64),
        3 => {
            v128_store64_lane::<0>(v, p as *mut u64);
            v128_store32_lane::<2>(v, p.add(2) as *mut u32);
        }
        _ => store(p, v),
    }
}

/// Rows r0..r3 of a 4×4 block as its columns: lane l of result c is lane c of row l.
#[inline(always)]
pub fn transpose4(r: [v128; 4]) -> [v128; 4] {
    let t0 = i32x4_shuffle::<0, 4, 1, 5>(r[0], r[1]);
    let t1 = i32x4_shuffle::<2, 6, 3, 7>(r[0], r[1]);
    let t2 = i32x4_shuffle::<0, 4, 1, 5>(r[2], r[3]);
    let t3 = i32x4_shuffle::<2, 6, 3, 7>(r[2], r[3]);
    [
        i32x4_shuffle::<0, 1, 4, 5>(t0, t2),
        i32x4_shuffle::<2, 3, 6, 7>(t0, t2),
        i32x4_shuffle::<0, 1, 4, 5>(t1, t3),
        i32x4_shuffle::<2, 3, 6, 7>(t1, t3),
    ]
}
