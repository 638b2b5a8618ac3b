//! Convolutions, batch 1, on inputs padded beforehand (the importers pad with their own op), with
//! a bias per output channel and the shared epilogue (residual, ReLU / clamp / GELU): depthwise
//! 3×3 (NCHW: stride 1 or 2; NHWC: any stride) and dense (any kernel size and stride; NCHW or
//! NHWC), whose weights the transform spec packs at compile time.
//!
//! The epilogue sees a convolution's output as a matrix C: [channels, pixels] in NCHW (bias per
//! row), [pixels, channels] in NHWC (bias per column).
//!
//! Depthwise NCHW: out[c, y, x] = bias[c] + Σ_{i,j<3} w[c, i, j] · in[c, y·s + i, x·s + j]. Four
//! neighbouring outputs of a row form one vector, two output rows at a time share their input
//! rows, and a channel's nine weights stay in registers; with stride 2 a vector's inputs are the
//! even or odd lanes of two loads. Units of work: (channel, pair of output rows).
//!
//! Depthwise NHWC: 4 channels of one output pixel per vector (channels are contiguous there).
//!
//! Dense: a matrix product over the implicit im2col matrix, weights packed as [⌈F/4⌉, taps, 4]
//! (4 output channels per panel, `CONV_PANEL`, zero-padded; taps in the order the input keeps
//! contiguous: (c, i, j) for NCHW, (i, j, c) for NHWC). The register tile is 8 output pixels
//! (row-major over the output plane, so a tile may span rows: small planes such as 7×7 need
//! fewer passes) × 4 channels: each step along the taps loads one panel row and broadcasts 8
//! input elements.

use crate::epilogue::{Epilogue, BIAS, ROW_BIAS};
use crate::simd::*;
use crate::{ptr, share};
use core::arch::wasm32::*;

// ---- depthwise, NCHW ----------------------------------------------------------------------------

/// Inputs x·S + j .. for four consecutive outputs x.. of one input row at `row`. For stride 2,
/// `v` holds the row's elements 2x..2x+8 as two loads (read once per output vector for all
/// three taps) and the third tap's last input comes from a 4-byte load, so nothing past
/// element 2x+8 is read.
#[inline(always)]
unsafe fn taps<const S: usize>(row: *const f32, x: usize) -> [v128; 3] {
    let p = row.add(x * S);
    if S == 1 {
        [load(p), load(p.add(1)), load(p.add(2))]
    } else {
        let (v0, v1) = (load(p), load(p.add(4)));
        let even = i32x4_shuffle::<0, 2, 4, 6>(v0, v1);
        let odd = i32x4_shuffle::<1, 3, 5, 7>(v0, v1);
        let next = load_first::<1>(p.add(8));
        [even, odd, i32x4_shuffle::<1, 2, 3, 4>(even, next)]
    }
}

/// Output rows y (and y + 1 when TWO) of channel `ch` (`input`: the first input row of its
/// window, `o`: output row y, `p0`: its first pixel's index in the plane): vectors of 4 outputs,
/// then the row's remainder (stride 1: one more vector ending at the row's last output,
/// overlapping the previous one; otherwise, or for rows narrower than 4, one output at a time).
/// One function per stride and row count, its parameters wasm values (see the matmul's `tiles`).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn dw_rows<const S: usize, const TWO: bool>(
    input: *const f32,
    iw: usize,
    w: *const f32,
    o: *mut f32,
    ow: usize,
    plane: usize,
    ch: usize,
    p0: usize,
    bias: v128,
    residual: *const f32,
    act: u32,
    lo: v128,
    hi: v128,
) {
    let ep = Epilogue { bias: core::ptr::null(), per_row: true, residual, act, lo, hi };
    let k: [v128; 9] = core::array::from_fn(|t| splat(w.add(t)));
    let out_rows = if TWO { 2 } else { 1 };
    // Vectors at x = 0, 4, …; stride 1 ends with one at ow - 4 (overlapping the previous one).
    let mut x = 0;
    loop {
        let at = if x + 4 <= ow {
            x
        } else if S == 1 && x < ow && ow >= 4 {
            ow - 4
        } else {
            break;
        };
        let mut acc = [bias; 2];
        // Row i of the window of output row y + d is input row d·S + i.
        unrolled!(d < out_rows; 0 1, {
            unrolled!(i < 3; 0 1 2, {
                let t = taps::<S>(input.add((d * S + i) * iw), at);
                unrolled!(j < 3; 0 1 2, {
                    acc[d] = madd(t[j], k[i * 3 + j], acc[d]);
                });
            });
            ep.store(o.add(d * ow + at), acc[d], ch, p0 + d * ow + at, plane, 4);
        });
        x = at + 4;
    }
    for x in x..ow {
        for d in 0..out_rows {
            let mut s = f32x4_extract_lane::<0>(bias);
            for i in 0..3 {
                for j in 0..3 {
                    s += *w.add(i * 3 + j) * *input.add((d * S + i) * iw + x * S + j);
                }
            }
            ep.store(o.add(d * ow + x), f32x4_splat(s), ch, p0 + d * ow + x, plane, 1);
        }
    }
}

/// (x, x_off, w, w_off, bias, bias_off, res, res_off, out, out_off, channels, in_h, in_w, out_h,
/// out_w, stride, flags, lo, hi, wg_id, wg_count): x is [C, in_h, in_w] already padded, w
/// [C, 3, 3], out [C, out_h, out_w]; stride 1 or 2 (others do nothing: the spec routes only
/// those); flags as the epilogue's (the bias is always added).
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
    res: u32,
    res_off: u32,
    out: u32,
    out_off: u32,
    channels: u32,
    ih: u32,
    iw: u32,
    oh: u32,
    ow: u32,
    stride: u32,
    flags: u32,
    lo: u32,
    hi: u32,
    wg_id: u32,
    wg_count: u32,
) {
    let (ih, iw, oh, ow, s) = (ih as usize, iw as usize, oh as usize, ow as usize, stride as usize);
    let pairs = oh.div_ceil(2);
    let (lo_unit, hi_unit) = share(channels as usize * pairs, wg_id, wg_count);
    let ep = Epilogue::new(flags & !BIAS, 0, 0, res, res_off, lo, hi);
    let (x, w, bias, out) = (ptr(x, x_off) as *const f32, ptr(w, w_off) as *const f32, ptr(bias, bias_off), ptr(out, out_off));
    let plane = oh * ow;
    for unit in lo_unit..hi_unit {
        let (c, y) = (unit / pairs, unit % pairs * 2);
        let (input, wc, o, bc) = (x.add(c * ih * iw + y * s * iw), w.add(c * 9), out.add(c * plane + y * ow), splat(bias.add(c)));
        macro_rules! rows {
            ($s:literal, $two:literal) => {
                dw_rows::<$s, $two>(input, iw, wc, o, ow, plane, c, y * ow, bc, ep.residual, ep.act, ep.lo, ep.hi)
            };
        }
        match (s, y + 1 < oh) {
            (1, true) => rows!(1, true),
            (1, false) => rows!(1, false),
            (2, true) => rows!(2, true),
            (2, false) => rows!(2, false),
            _ => {}
        }
    }
}

// ---- depthwise, NHWC ----------------------------------------------------------------------------

/// (x, x_off, w, w_off, bias, bias_off, res, res_off, out, out_off, channels, in_h, in_w, out_h,
/// out_w, stride, flags, lo, hi, wg_id, wg_count): depthwise 3×3 in NHWC: x is [in_h, in_w, C]
/// already padded, w [3, 3, C] (as StableHLO gives it), out [out_h, out_w, C]; any stride.
/// Channels are contiguous, so 4 channels of one output pixel form a vector; output pixels are
/// split evenly over the dispatch's workgroups.
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
    res: u32,
    res_off: u32,
    out: u32,
    out_off: u32,
    channels: u32,
    _ih: u32,
    iw: u32,
    oh: u32,
    ow: u32,
    stride: u32,
    flags: u32,
    lo: u32,
    hi: u32,
    wg_id: u32,
    wg_count: u32,
) {
    let (c, iw, ow, stride) = (channels as usize, iw as usize, ow as usize, stride as usize);
    let (lo_unit, hi_unit) = share(oh as usize * ow, wg_id, wg_count);
    let ep = Epilogue::new(flags | BIAS, bias, bias_off, res, res_off, lo, hi);
    let (x, w, out) = (ptr(x, x_off) as *const f32, ptr(w, w_off) as *const f32, ptr(out, out_off));
    for p in lo_unit..hi_unit {
        let (y, xo) = (p / ow, p % ow);
        // Tap (i, j) of this pixel starts at window + (i·iw + j)·c.
        let window = x.add((y * stride * iw + xo * stride) * c);
        let o = out.add(p * c);
        let mut ch = 0;
        while ch < c {
            let n = (c - ch).min(4);
            let mut acc = zero();
            for i in 0..3 {
                for j in 0..3 {
                    let (xv, wv) = (window.add((i * iw + j) * c + ch), w.add((i * 3 + j) * c + ch));
                    acc = madd(load_n(xv, n), load_n(wv, n), acc);
                }
            }
            ep.store(o.add(ch), acc, p, ch, c, n);
            ch += 4;
        }
    }
}

// ---- dense --------------------------------------------------------------------------------------

/// Output channels per weight panel (one vector per 4), and pixels in a register tile.
const PANEL: usize = crate::signatures::CONV_PANEL;
const V: usize = PANEL / 4;
const P: usize = 8;

/// Shape of a dense convolution (batch 1, input padded beforehand): NCHW — x [c, ih, iw], out
/// [f, oh, ow]; NHWC — x [ih, iw, c], out [oh, ow, f]. Weights packed [⌈f/PANEL⌉, taps, PANEL].
#[derive(Clone, Copy)]
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
    fn plane(&self) -> usize {
        self.oh * self.ow
    }
    /// Element of x where the window of output pixel p starts (channel 0).
    #[inline(always)]
    fn window<const NHWC: bool>(&self, p: usize) -> usize {
        let (y, x) = (p / self.ow * self.stride, p % self.ow * self.stride);
        if NHWC {
            (y * self.iw + x) * self.c
        } else {
            y * self.iw + x
        }
    }
}

/// `tiles` consecutive tiles of R pixels (from p0) × the PANEL channels of panel `fb`: sums over the
/// taps in registers, then bias, the epilogue and the stores (NCHW: a 4×4 transpose per
/// 4 channels, so each channel's R outputs are one store). KW: the kernel width when this
/// instance is specialised for it (its taps unrolled), 0 for any (`s.kw`). One function per
/// shape, its parameters wasm values (see the matmul's `tiles`).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn conv_tiles<const R: usize, const KW: usize, const NHWC: bool>(
    x: *const f32,
    panel: *const f32,
    out: *mut f32,
    c: usize,
    ih: usize,
    iw: usize,
    f: usize,
    oh: usize,
    ow: usize,
    kh: usize,
    kw: usize,
    stride: usize,
    fb: usize,
    p0: usize,
    tiles: usize,
    bias: *const f32,
    residual: *const f32,
    act: u32,
    lo: v128,
    hi: v128,
) {
    let s = Conv { c, ih, iw, f, oh, ow, kh, kw, stride };
    let ep = Epilogue { bias: core::ptr::null(), per_row: !NHWC, residual, act, lo, hi };
    let f0 = fb * PANEL;
    let plane = s.plane();
    // The panel's bias (channels past f read as 0 and never stored).
    let bv: [v128; V] = core::array::from_fn(|v| load_n(bias.add(f0 + 4 * v), f.saturating_sub(f0 + 4 * v)));
    for t in 0..tiles {
        let p = p0 + t * R;
        let at: [*const f32; R] = core::array::from_fn(|q| x.add(s.window::<NHWC>(p + q)));
        let mut acc = [bv; R];
        let mut wp = panel;
        // One step along the taps: the panel's row at wp, input element `off` of each window.
        let mut step = |acc: &mut [[v128; V]; R], rows: &[*const f32; R], off: usize| {
            let w: [v128; V] = core::array::from_fn(|v| load(wp.add(4 * v)));
            wp = wp.add(PANEL);
            for q in 0..R {
                let xv = splat(rows[q].add(off));
                for v in 0..V {
                    acc[q][v] = madd(xv, w[v], acc[q][v]);
                }
            }
        };
        if NHWC {
            for i in 0..s.kh {
                for j in 0..s.kw {
                    let rows: [*const f32; R] = core::array::from_fn(|q| at[q].add((i * s.iw + j) * s.c));
                    for ci in 0..s.c {
                        step(&mut acc, &rows, ci);
                    }
                }
            }
        } else {
            let in_plane = s.ih * s.iw;
            for ci in 0..s.c {
                for i in 0..s.kh {
                    let rows: [*const f32; R] = core::array::from_fn(|q| at[q].add(ci * in_plane + i * s.iw));
                    if KW > 0 {
                        for j in 0..KW {
                            step(&mut acc, &rows, j);
                        }
                    } else {
                        for j in 0..s.kw {
                            step(&mut acc, &rows, j);
                        }
                    }
                }
            }
        }
        if NHWC {
            unrolled!(q < R; 0 1 2 3 4 5 6 7, {
                unrolled!(v < V; 0 1, {
                    let fc = f0 + 4 * v;
                    if fc < f {
                        ep.store(out.add((p + q) * f + fc), acc[q][v], p + q, fc, f, f - fc);
                    }
                });
            });
        } else {
            // 4 pixels × 4 channels at a time, transposed: each channel's pixels are one store.
            unrolled!(v < V; 0 1, {
                unrolled!(g < R.div_ceil(4); 0 1, {
                    let mut rows = [zero(); 4];
                    unrolled!(q < R - 4 * g; 0 1 2 3, {
                        rows[q] = acc[4 * g + q][v];
                    });
                    let cols = transpose4(rows);
                    unrolled!(l < 4; 0 1 2 3, {
                        let fc = f0 + 4 * v + l;
                        if fc < f {
                            let pg = p + 4 * g;
                            ep.store(out.add(fc * plane + pg), cols[l], fc, pg, plane, R - 4 * g);
                        }
                    });
                });
            });
        }
    }
}

/// The units [lo, hi) of (panel, pixel tile), pixel tiles innermost: each run of full tiles in
/// one panel is one call, a partial last tile another.
#[inline(always)]
unsafe fn conv<const NHWC: bool>(s: Conv, x: *const f32, wp: *const f32, bias: *const f32, out: *mut f32, ep: &Epilogue, lo: usize, hi: usize) {
    let plane = s.plane();
    let tiles = plane.div_ceil(P);
    let taps = s.c * s.kh * s.kw;
    let mut unit = lo;
    while unit < hi {
        let (fb, t) = (unit / tiles, unit % tiles);
        let run = (tiles - t).min(hi - unit);
        unit += run;
        let panel = wp.add(fb * taps * PANEL);
        let p0 = t * P;
        let full = (run * P).min(plane - p0) / P;
        let rest = (run * P).min(plane - p0) % P;
        macro_rules! call {
            ($r:expr, $kw:expr, $p:expr, $n:expr) => {
                conv_tiles::<$r, $kw, NHWC>(
                    x, panel, out, s.c, s.ih, s.iw, s.f, s.oh, s.ow, s.kh, s.kw, s.stride, fb, $p, $n, bias, ep.residual, ep.act, ep.lo, ep.hi,
                )
            };
        }
        if full > 0 {
            match (NHWC, s.kw) {
                (false, 1) => call!(P, 1, p0, full),
                (false, 3) => call!(P, 3, p0, full),
                (false, 7) => call!(P, 7, p0, full),
                _ => call!(P, 0, p0, full),
            }
        }
        let at = p0 + full * P;
        match rest {
            1 => call!(1, 0, at, 1),
            2 => call!(2, 0, at, 1),
            3 => call!(3, 0, at, 1),
            4 => call!(4, 0, at, 1),
            5 => call!(5, 0, at, 1),
            6 => call!(6, 0, at, 1),
            7 => call!(7, 0, at, 1),
            _ => {}
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
            w: u32,
            w_off: u32,
            bias: u32,
            bias_off: u32,
            res: u32,
            res_off: u32,
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
            flags: u32,
            lo: u32,
            hi: u32,
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
            let units = s.f.div_ceil(PANEL) * s.plane().div_ceil(P);
            let (lo_unit, hi_unit) = share(units, wg_id, wg_count);
            let ep = Epilogue::new((flags & !BIAS) | if $nhwc { 0 } else { ROW_BIAS }, 0, 0, res, res_off, lo, hi);
            conv::<$nhwc>(s, ptr(x, x_off), ptr(w, w_off), ptr(bias, bias_off), ptr(out, out_off), &ep, lo_unit, hi_unit);
        }
    };
}

dense_conv_export!(
    /// (x, x_off, w, w_off, bias, bias_off, res, res_off, out, out_off, channels, in_h, in_w,
    /// out_channels, out_h, out_w, k_h, k_w, stride, flags, lo, hi, wg_id, wg_count): a dense
    /// convolution (NCHW, batch 1) with a bias per output channel and the epilogue's flags; x is
    /// padded beforehand, w packed [⌈F/4⌉, C, KH, KW, 4].
    weft_conv2d_f32,
    false
);
dense_conv_export!(
    /// The same parameters as `weft_conv2d_f32`, NHWC: x [in_h, in_w, C] padded beforehand, w
    /// packed [⌈F/4⌉, KH, KW, C, 4] (from HWCF), out [out_h, out_w, F].
    weft_conv2d_nhwc_f32,
    true
);
