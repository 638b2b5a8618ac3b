//! Softmax over the last axis, as attention uses it: out = softmax(x·scale + mask) per row, x
//! [B, H, S, L] and the additive mask [B, S, L] shared by the H heads. Each row is read three
//! times from cache (maximum, exponentials and their sum written to out, then the scaling by
//! 1/sum) and written twice; rows are split evenly over the dispatch's workgroups.

use crate::math::exp;
use crate::simd::*;
use crate::{ptr, share};
use core::arch::wasm32::*;

const SCALE: u32 = 1;
const MASK: u32 = 2;

/// Row `x` scaled and masked, elements j..j+n (n ≤ 4), −∞ past n (so they add nothing).
#[inline(always)]
unsafe fn logits(x: *const f32, mask: *const f32, scale: v128, flags: u32, j: usize, n: usize) -> v128 {
    let mut v = load_n(x.add(j), n);
    if flags & SCALE != 0 {
        v = f32x4_mul(v, scale);
    }
    if flags & MASK != 0 {
        v = f32x4_add(v, load_n(mask.add(j), n));
    }
    if n < 4 {
        let lanes = i32x4(0, 1, 2, 3);
        v = v128_bitselect(v, f32x4_splat(f32::NEG_INFINITY), i32x4_lt(lanes, i32x4_splat(n as i32)));
    }
    v
}

#[inline(always)]
fn hmax(v: v128) -> f32 {
    let m = f32x4_max(v, i32x4_shuffle::<2, 3, 0, 1>(v, v));
    f32x4_extract_lane::<0>(m).max(f32x4_extract_lane::<1>(m))
}

/// One row of `len` elements.
#[inline(always)]
unsafe fn row(x: *const f32, mask: *const f32, out: *mut f32, len: usize, scale: v128, flags: u32) {
    let mut m = f32x4_splat(f32::NEG_INFINITY);
    let mut j = 0;
    while j < len {
        m = f32x4_max(m, logits(x, mask, scale, flags, j, len - j));
        j += 4;
    }
    // A row of -inf only (fully masked) has no finite maximum: subtract 0 and let exp give 0/0,
    // the NaN the reference gives too.
    let max = hmax(m);
    let shift = f32x4_splat(if max == f32::NEG_INFINITY { 0.0 } else { max });
    let mut sum = zero();
    j = 0;
    while j < len {
        let n = (len - j).min(4);
        let e = exp(f32x4_sub(logits(x, mask, scale, flags, j, n), shift));
        sum = f32x4_add(sum, e);
        store_n(out.add(j), e, n);
        j += 4;
    }
    let inv = f32x4_splat(1.0 / hsum(sum));
    j = 0;
    while j < len {
        let n = (len - j).min(4);
        store_n(out.add(j), f32x4_mul(load_n(out.add(j), n), inv), n);
        j += 4;
    }
}

/// (x, x_off, mask, mask_off, out, out_off, batch, heads, rows, len, scale, flags, wg_id,
/// wg_count): `scale` as f32 bits; flags 1 = scale, 2 = mask (mask [batch, rows, len]).
///
/// # Safety
/// The pointers and offsets must describe buffers of the stated sizes in linear memory.
#[no_mangle]
pub unsafe extern "C" fn weft_softmax_f32(
    x: u32,
    x_off: u32,
    mask: u32,
    mask_off: u32,
    out: u32,
    out_off: u32,
    batch: u32,
    heads: u32,
    rows: u32,
    len: u32,
    scale: u32,
    flags: u32,
    wg_id: u32,
    wg_count: u32,
) {
    let (heads, rows, len) = (heads as usize, rows as usize, len as usize);
    let (lo, hi) = share(batch as usize * heads * rows, wg_id, wg_count);
    let (x, mask, out) = (ptr(x, x_off) as *const f32, ptr(mask, mask_off) as *const f32, ptr(out, out_off));
    let scale = f32x4_splat(f32::from_bits(scale));
    for r in lo..hi {
        let (b, s) = (r / (heads * rows), r % rows);
        row(x.add(r * len), mask.add((b * rows + s) * len), out.add(r * len), len, scale, flags);
    }
}
