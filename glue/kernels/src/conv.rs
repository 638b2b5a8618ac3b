//! Convolutions, batch 1, on inputs padded beforehand (the importers pad with their own op), with
//! a bias per output channel: depthwise 3×3 (NCHW: stride 1 or 2; NHWC: any stride) and dense
//! (any kernel size and stride; NCHW with weights given as [C, KH, KW, F], or NHWC with HWCF
//! weights).
//!
//! Depthwise: out[c, y, x] = bias[c] + Σ_{i,j<3} w[c, i, j] · in[c, y·s + i, x·s + j]. Four
//! neighbouring outputs of a row form one vector; with stride 2 their inputs are the even lanes
//! of two loads. Output rows (per channel) are split evenly over the dispatch's workgroups.
//!
//! Depthwise NHWC: 4 channels of one output pixel per vector (channels are contiguous there).
//!
//! Dense: 8 output channels (contiguous in both weight layouts) × 4 output pixels per register
//! tile, like a matmul over C·KH·KW without materialising the im2col matrix.

use crate::share;
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
unsafe fn rows<const S: usize>(
    x: *const f32,
    w: *const f32,
    bias: *const f32,
    out: *mut f32,
    ih: usize,
    iw: usize,
    oh: usize,
    ow: usize,
    lo: usize,
    hi: usize,
) {
    // A vector block at x reads inputs x·S .. x·S + 4·S + 1 of a row: only where that stays
    // inside the row (the last block of a row may not).
    let vec_rows = iw >= 4 * S + 2;
    let last_vec = if vec_rows { (iw - 4 * S - 2) / S } else { 0 };
    for unit in lo..hi {
        let (c, y) = (unit / oh, unit % oh);
        let wc = w.add(c * 9);
        let k = [
            *wc,
            *wc.add(1),
            *wc.add(2),
            *wc.add(3),
            *wc.add(4),
            *wc.add(5),
            *wc.add(6),
            *wc.add(7),
            *wc.add(8),
        ];
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
    x: u32,
    x_off: u32,
    w: u32,
    w_off: u32,
    bias: u32,
    bias_off: u32,
    out: u32,
    out_off: u32,
    channels: u32,
    ih: u32,
    iw: u32,
    oh: u32,
    ow: u32,
    stride: u32,
    wg_id: u32,
    wg_count: u32,
) {
    let (ih, iw, oh, ow) = (ih as usize, iw as usize, oh as usize, ow as usize);
    let (lo, hi) = share(channels as usize * oh, wg_id, wg_count);
    let (x, w, bias, out) = (
        ptr(x, x_off) as *const f32,
        ptr(w, w_off) as *const f32,
        ptr(bias, bias_off) as *const f32,
        ptr(out, out_off),
    );
    match stride {
        1 => rows::<1>(x, w, bias, out, ih, iw, oh, ow, lo, hi),
        2 => rows::<2>(x, w, bias, out, ih, iw, oh, ow, lo, hi),
        _ => {}
    }
}

/// (x, x_off, w, w_off, bias, bias_off, out, out_off, channels, in_h, in_w, out_h, out_w,
/// stride, wg_id, wg_count): depthwise 3×3 in NHWC: x is [in_h, in_w, C] already padded, w
/// [3, 3, C] (as StableHLO gives it), out [out_h, out_w, C]; any stride. Channels are contiguous,
/// so 4 channels of one output pixel form a vector; output pixels are split evenly over the
/// dispatch's workgroups.
///
/// # Safety
/// The pointers and offsets must describe buffers of the stated sizes in linear memory.
#[no_mangle]
pub unsafe extern "C" fn weft_dwconv3x3_nhwc_f32(
    x: u32,
    x_off: u32,
    w: u32,
    w_off: u32,
    bias: u32,
    bias_off: u32,
    out: u32,
    out_off: u32,
    channels: u32,
    _ih: u32,
    iw: u32,
    oh: u32,
    ow: u32,
    stride: u32,
    wg_id: u32,
    wg_count: u32,
) {
    let (c, iw, ow, stride) = (channels as usize, iw as usize, ow as usize, stride as usize);
    let (lo, hi) = share(oh as usize * ow, wg_id, wg_count);
    let (x, w, bias, out) = (
        ptr(x, x_off) as *const f32,
        ptr(w, w_off) as *const f32,
        ptr(bias, bias_off) as *const f32,
        ptr(out, out_off),
    );
    for p in lo..hi {
        let (y, xo) = (p / ow, p % ow);
        // Tap (i, j) of this pixel starts at window + (i·iw + j)·c.
        let window = x.add((y * stride * iw + xo * stride) * c);
        let o = out.add(p * c);
        let mut ch = 0;
        while ch + 4 <= c {
            let mut acc = load(bias.add(ch));
            for i in 0..3 {
                for j in 0..3 {
                    let (xv, wv) = (
                        window.add((i * iw + j) * c + ch),
                        w.add((i * 3 + j) * c + ch),
                    );
                    acc = madd(load(xv), load(wv), acc);
                }
            }
            store(o.add(ch), acc);
            ch += 4;
        }
        while ch < c {
            let mut sum = *bias.add(ch);
            for i in 0..3 {
                for j in 0..3 {
                    sum += *window.add((i * iw + j) * c + ch) * *w.add((i * 3 + j) * c + ch);
                }
            }
            *o.add(ch) = sum;
            ch += 1;
        }
    }
}

/// The four lanes of `v`.
#[inline(always)]
fn lanes(v: v128) -> [f32; 4] {
    [
        f32x4_extract_lane::<0>(v),
        f32x4_extract_lane::<1>(v),
        f32x4_extract_lane::<2>(v),
        f32x4_extract_lane::<3>(v),
    ]
}

/// Shape of a dense convolution (batch 1, input padded beforehand), in one of two layouts:
/// NCHW — x [c, ih, iw], wt [c, kh, kw, f] (the weights with output channels innermost), out
/// [f, oh, ow]; NHWC — x [ih, iw, c], wt [kh, kw, c, f] (HWCF, as given), out [oh, ow, f].
struct Conv {
    c: usize,
    ih: usize,
    iw: usize,
    f: usize,
    oh: usize,
    ow: usize,
    kh: usize,
    kw: usize,
    stride: usize,
}

impl Conv {
    /// Element of x at (channel, input row, input column).
    #[inline(always)]
    fn x_at<const NHWC: bool>(&self, ci: usize, r: usize, col: usize) -> usize {
        if NHWC {
            (r * self.iw + col) * self.c + ci
        } else {
            (ci * self.ih + r) * self.iw + col
        }
    }
    /// Start of the row of f weights of tap (channel, i, j).
    #[inline(always)]
    fn w_at<const NHWC: bool>(&self, ci: usize, i: usize, j: usize) -> usize {
        if NHWC {
            ((i * self.kw + j) * self.c + ci) * self.f
        } else {
            ((ci * self.kh + i) * self.kw + j) * self.f
        }
    }
    /// Element of out at (output channel, output pixel).
    #[inline(always)]
    fn out_at<const NHWC: bool>(&self, fo: usize, p: usize) -> usize {
        if NHWC {
            p * self.f + fo
        } else {
            fo * self.oh * self.ow + p
        }
    }
}

/// Output pixels p0..p0+P (row-major over the output plane, so a tile may span rows: small
/// planes such as 7×7 then need fewer passes over the weights) for the 8 output channels
/// f0..f0+8: P × 2 accumulators of broadcast inputs times 8 contiguous weights, over
/// c × kh × kw (in the order the layout keeps contiguous: channels innermost for NHWC); then
/// bias and stores (NCHW with P = 4: a 4×4 transpose per half, so each channel's 4 outputs are
/// one store; NHWC: the 8 channels of a pixel are contiguous).
#[inline(always)]
unsafe fn conv_tile<const P: usize, const NHWC: bool>(
    s: &Conv,
    x: *const f32,
    wt: *const f32,
    bias: *const f32,
    out: *mut f32,
    f0: usize,
    p0: usize,
) {
    // Where each pixel's window starts.
    let mut at = [0usize; P];
    for (q, a) in at.iter_mut().enumerate() {
        let (y, xo) = ((p0 + q) / s.ow, (p0 + q) % s.ow);
        *a = s.x_at::<NHWC>(0, y * s.stride, xo * s.stride);
    }
    let mut acc = [[f32x4_splat(0.0); 2]; P];
    let mut tap = |ci: usize, i: usize, j: usize| {
        let wrow = wt.add(s.w_at::<NHWC>(ci, i, j) + f0);
        let (w0, w1) = (load(wrow), load(wrow.add(4)));
        let off = s.x_at::<NHWC>(ci, i, j);
        for q in 0..P {
            let xv = v128_load32_splat(x.add(at[q] + off) as *const u32);
            acc[q][0] = madd(xv, w0, acc[q][0]);
            acc[q][1] = madd(xv, w1, acc[q][1]);
        }
    };
    if NHWC {
        for i in 0..s.kh {
            for j in 0..s.kw {
                for ci in 0..s.c {
                    tap(ci, i, j);
                }
            }
        }
    } else {
        for ci in 0..s.c {
            for i in 0..s.kh {
                for j in 0..s.kw {
                    tap(ci, i, j);
                }
            }
        }
    }
    for v in 0..2 {
        let b = load(bias.add(f0 + 4 * v));
        if NHWC {
            for q in 0..P {
                store(
                    out.add(s.out_at::<true>(f0 + 4 * v, p0 + q)),
                    f32x4_add(acc[q][v], b),
                );
            }
        } else if P == 4 {
            let plane = s.oh * s.ow;
            let o = out.add(s.out_at::<false>(f0 + 4 * v, p0));
            let (r0, r1, r2, r3) = (
                f32x4_add(acc[0][v], b),
                f32x4_add(acc[1 % P][v], b),
                f32x4_add(acc[2 % P][v], b),
                f32x4_add(acc[3 % P][v], b),
            );
            let t0 = i32x4_shuffle::<0, 4, 1, 5>(r0, r1);
            let t1 = i32x4_shuffle::<2, 6, 3, 7>(r0, r1);
            let t2 = i32x4_shuffle::<0, 4, 1, 5>(r2, r3);
            let t3 = i32x4_shuffle::<2, 6, 3, 7>(r2, r3);
            store(o, i32x4_shuffle::<0, 1, 4, 5>(t0, t2));
            store(o.add(plane), i32x4_shuffle::<2, 3, 6, 7>(t0, t2));
            store(o.add(2 * plane), i32x4_shuffle::<0, 1, 4, 5>(t1, t3));
            store(o.add(3 * plane), i32x4_shuffle::<2, 3, 6, 7>(t1, t3));
        } else {
            for q in 0..P {
                let l = lanes(f32x4_add(acc[q][v], b));
                for (lane, value) in l.iter().enumerate() {
                    *out.add(s.out_at::<false>(f0 + 4 * v + lane, p0 + q)) = *value;
                }
            }
        }
    }
}

/// One output channel `fc`, all pixels (channels beyond the last block of 8).
#[inline(always)]
unsafe fn conv_channel<const NHWC: bool>(
    s: &Conv,
    x: *const f32,
    wt: *const f32,
    bias: *const f32,
    out: *mut f32,
    fc: usize,
) {
    for y in 0..s.oh {
        for xo in 0..s.ow {
            let mut sum = *bias.add(fc);
            for ci in 0..s.c {
                for i in 0..s.kh {
                    for j in 0..s.kw {
                        sum += *wt.add(s.w_at::<NHWC>(ci, i, j) + fc)
                            * *x.add(s.x_at::<NHWC>(ci, y * s.stride + i, xo * s.stride + j));
                    }
                }
            }
            *out.add(s.out_at::<NHWC>(fc, y * s.ow + xo)) = sum;
        }
    }
}

/// Units of work are (block of 8 output channels, 4 output pixels), split evenly over the
/// workgroups; channels past the last full block form one unit each.
#[inline(always)]
unsafe fn conv<const NHWC: bool>(
    s: &Conv,
    x: *const f32,
    wt: *const f32,
    bias: *const f32,
    out: *mut f32,
    wg_id: u32,
    wg_count: u32,
) {
    let plane = s.oh * s.ow;
    let tiles = plane.div_ceil(4);
    let full = s.f / 8;
    let (lo, hi) = share(full * tiles + (s.f - full * 8), wg_id, wg_count);
    for unit in lo..hi {
        if unit < full * tiles {
            let (f0, p0) = (unit / tiles * 8, unit % tiles * 4);
            if p0 + 4 <= plane {
                conv_tile::<4, NHWC>(s, x, wt, bias, out, f0, p0);
            } else {
                for p in p0..plane {
                    conv_tile::<1, NHWC>(s, x, wt, bias, out, f0, p);
                }
            }
        } else {
            conv_channel::<NHWC>(s, x, wt, bias, out, full * 8 + (unit - full * tiles));
        }
    }
}

macro_rules! dense_conv_export {
    ($(#[$doc:meta])* $name:ident, $nhwc:literal) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// The pointers and offsets must describe buffers of the stated sizes in linear memory.
        #[no_mangle]
        pub unsafe extern "C" fn $name(
            x: u32,
            x_off: u32,
            wt: u32,
            wt_off: u32,
            bias: u32,
            bias_off: u32,
            out: u32,
            out_off: u32,
            c: u32,
            ih: u32,
            iw: u32,
            f: u32,
            oh: u32,
            ow: u32,
            kh: u32,
            kw: u32,
            stride: u32,
            wg_id: u32,
            wg_count: u32,
        ) {
            let s = Conv {
                c: c as usize,
                ih: ih as usize,
                iw: iw as usize,
                f: f as usize,
                oh: oh as usize,
                ow: ow as usize,
                kh: kh as usize,
                kw: kw as usize,
                stride: stride as usize,
            };
            conv::<$nhwc>(
                &s,
                ptr(x, x_off) as *const f32,
                ptr(wt, wt_off) as *const f32,
                ptr(bias, bias_off) as *const f32,
                ptr(out, out_off),
                wg_id,
                wg_count,
            );
        }
    };
}

dense_conv_export!(
    /// (x, x_off, wt, wt_off, bias, bias_off, out, out_off, channels, in_h, in_w, out_channels,
    /// out_h, out_w, k_h, k_w, stride, wg_id, wg_count): a dense convolution (NCHW, batch 1) with
    /// a bias per output channel; x is padded beforehand, wt is [C, KH, KW, F].
    weft_conv2d_f32,
    false
);
dense_conv_export!(
    /// The same parameters as `weft_conv2d_f32`, NHWC: x [in_h, in_w, C] padded beforehand, wt
    /// [KH, KW, C, F] (HWCF, the layout StableHLO gives), out [out_h, out_w, F].
    weft_conv2d_nhwc_f32,
    true
);
