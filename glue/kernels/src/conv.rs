//! Depthwise 3×3 convolution, NCHW, on an input padded beforehand (the importer pads with its
//! own op), stride 1 or 2, with a bias per channel.
//!
//! out[c, y, x] = bias[c] + Σ_{i,j<3} w[c, i, j] · in[c, y·s + i, x·s + j]. Four neighbouring
//! outputs of a row form one vector; with stride 2 their inputs are the even lanes of two loads.
//! Output rows (per channel) are split evenly over the dispatch's workgroups.

use crate::simd::*;
use core::arch::wasm32::*;

#[inline(always)]
fn ptr(base: u32, offset: u32) -> *mut f32 {
    (base as usize as *mut f32).wrapping_add(offset as usize)
}

/// Inputs x·s + j for four consecutive outputs x.. of one input row.
#[inline(always)]
unsafe fn inputs4<const S: usize>(row: *const f32, x: usize, j: usize) -> v128 {
    let p = row.add(x * S + j);
    if S == 1 {
        load(p)
    } else {
        i32x4_shuffle::<0, 2, 4, 6>(load(p), load(p.add(4)))
    }
}

#[inline(always)]
unsafe fn rows<const S: usize>(x: *const f32, w: *const f32, bias: *const f32, out: *mut f32,
                               ih: usize, iw: usize, oh: usize, ow: usize, lo: usize, hi: usize) {
    // A vector block at x reads inputs x·S .. x·S + 4·S + 1 of a row: only where that stays
    // inside the row (the last block of a row may not).
    let vec_rows = iw >= 4 * S + 2;
    let last_vec = if vec_rows { (iw - 4 * S - 2) / S } else { 0 };
    for unit in lo..hi {
        let (c, y) = (unit / oh, unit % oh);
        let wc = w.add(c * 9);
        let k = [*wc, *wc.add(1), *wc.add(2), *wc.add(3), *wc.add(4), *wc.add(5), *wc.add(6), *wc.add(7), *wc.add(8)];
        let b = *bias.add(c);
        let input = x.add(c * ih * iw + y * S * iw);
        let rows = [input, input.add(iw), input.add(2 * iw)];
        let o = out.add(c * oh * ow + y * ow);
        let block = |xo: usize| {
            let mut acc = f32x4_splat(b);
            for i in 0..3 {
                for j in 0..3 {
                    acc = madd(inputs4::<S>(rows[i], xo, j), f32x4_splat(k[i * 3 + j]), acc);
                }
            }
            store(o.add(xo), acc);
        };
        let mut xo = 0;
        while vec_rows && xo + 4 <= ow && xo <= last_vec {
            block(xo);
            xo += 4;
        }
        // Stride 1: the row's last 4 outputs as one more (overlapping) block; their inputs end at
        // the row's last element (in_w = out_w + 2).
        if S == 1 && xo < ow && ow >= 4 && ow - 4 <= last_vec {
            block(ow - 4);
            xo = ow;
        }
        while xo < ow {
            let mut s = b;
            for i in 0..3 {
                for j in 0..3 {
                    s += k[i * 3 + j] * *rows[i].add(xo * S + j);
                }
            }
            *o.add(xo) = s;
            xo += 1;
        }
    }
}

/// (x, x_off, w, w_off, bias, bias_off, out, out_off, channels, in_h, in_w, out_h, out_w,
/// stride, wg_id, wg_count): x is [C, in_h, in_w] already padded, w [C, 3, 3], out
/// [C, out_h, out_w]; stride 1 or 2 (others do nothing: the spec routes only those).
///
/// # Safety
/// The pointers and offsets must describe buffers of the stated sizes in linear memory.
#[no_mangle]
pub unsafe extern "C" fn weft_dwconv3x3_f32(
    x: u32, x_off: u32, w: u32, w_off: u32, bias: u32, bias_off: u32, out: u32, out_off: u32,
    channels: u32, ih: u32, iw: u32, oh: u32, ow: u32, stride: u32, wg_id: u32, wg_count: u32,
) {
    let (ih, iw, oh, ow) = (ih as usize, iw as usize, oh as usize, ow as usize);
    let count = u64::from(wg_count.max(1));
    let id = u64::from(wg_id).min(count);
    let total = (channels as usize * oh) as u64;
    let (lo, hi) = ((total * id / count) as usize, (total * (id + 1) / count) as usize);
    let (x, w, bias, out) = (ptr(x, x_off) as *const f32, ptr(w, w_off) as *const f32, ptr(bias, bias_off) as *const f32, ptr(out, out_off));
    match stride {
        1 => rows::<1>(x, w, bias, out, ih, iw, oh, ow, lo, hi),
        2 => rows::<2>(x, w, bias, out, ih, iw, oh, ow, lo, hi),
        _ => {}
    }
}
