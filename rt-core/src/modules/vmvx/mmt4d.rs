//! `mmt4d`: a matrix multiplication of data-tiled operands, `out += lhs * transpose(rhs)`.
//!
//! Layouts (row-major inside each operand, `stride0` between outer rows, in elements):
//! `lhs[M][K][M0][K0]`, `rhs[N][K][N0][K0]`, `out[M][N][M0][N0]`. Each output element is
//! `sum over k, k0 of lhs[i][k][i0][k0] * rhs[j][k][j0][k0]`, added to the existing output
//! when `ACCUMULATE` (0x100) is set and to zero otherwise.
//!
//! Element types (flags & 0xFF), as upstream's ukernel defines them: f32f32f32 (1), s8s8s32
//! (2), f16f16f32 (3), f16f16f16 (4), bf16bf16f32 (5), bf16bf16bf16 (6), s16s16s32 (7),
//! s16u4s32 (8), s16s8s32 (9), s8s4s32 (10). Upstream's VMVX module accepts only the first two;
//! Weft runs all of them with the generic tile semantics. Integer products accumulate in
//! wrapping i32; float products accumulate in f32. With a 16-bit float output the accumulator is
//! rounded to that format after every step unless `SKIP_INTERMEDIATE_ROUNDINGS` (0x400) is set,
//! in which case it stays f32 and is rounded once. Narrow-float conversions are IEEE
//! round-to-nearest-even (`hal::narrow_float`). `ALLOW_GENERIC_FALLBACK` (0x200) is accepted
//! and has no effect (there is only the generic path). 4-bit elements pack two to a byte, the
//! even element in the low nibble.

use alloc::vec::Vec;

use super::access::{with_operands, Operand};
use super::args::{trap, Args};
use super::element::{
    load_bf16, load_f16, load_f32, load_i16, load_i32, load_i8, load_s4, load_u16, load_u4,
    store_u16, store_u32,
};
use super::region::Region;
use crate::hal::narrow_float::{bf16_to_f32, f16_to_f32, f32_to_bf16, f32_to_f16};
use crate::vm::Value;
use crate::Error;

pub const TYPE_MASK: u32 = 0xFF;
pub const ACCUMULATE: u32 = 0x100;
pub const ALLOW_GENERIC_FALLBACK: u32 = 0x200;
pub const SKIP_INTERMEDIATE_ROUNDINGS: u32 = 0x400;

/// The element type combinations, by their flag value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Combo {
    F32F32F32,
    S8S8S32,
    F16F16F32,
    F16F16F16,
    Bf16Bf16F32,
    Bf16Bf16Bf16,
    S16S16S32,
    S16U4S32,
    S16S8S32,
    S8S4S32,
}

impl Combo {
    fn from_flags(flags: u32) -> Option<Combo> {
        Some(match flags & TYPE_MASK {
            1 => Combo::F32F32F32,
            2 => Combo::S8S8S32,
            3 => Combo::F16F16F32,
            4 => Combo::F16F16F16,
            5 => Combo::Bf16Bf16F32,
            6 => Combo::Bf16Bf16Bf16,
            7 => Combo::S16S16S32,
            8 => Combo::S16U4S32,
            9 => Combo::S16S8S32,
            10 => Combo::S8S4S32,
            _ => return None,
        })
    }

    /// Element widths in bits: (lhs, rhs, out).
    fn bits(self) -> (u32, u32, u32) {
        match self {
            Combo::F32F32F32 => (32, 32, 32),
            Combo::S8S8S32 => (8, 8, 32),
            Combo::F16F16F32 | Combo::Bf16Bf16F32 | Combo::S16S16S32 => (16, 16, 32),
            Combo::F16F16F16 | Combo::Bf16Bf16Bf16 => (16, 16, 16),
            Combo::S16U4S32 => (16, 4, 32),
            Combo::S16S8S32 => (16, 8, 32),
            Combo::S8S4S32 => (8, 4, 32),
        }
    }
}

/// The loop bounds and operand strides of one call, in elements.
#[derive(Clone, Copy)]
struct Shape {
    m: usize,
    n: usize,
    k: usize,
    m0: usize,
    n0: usize,
    k0: usize,
    lhs_stride0: usize,
    rhs_stride0: usize,
    out_stride0: usize,
    accumulate: bool,
}

impl Shape {
    /// Calls `f(out_index, lhs_base, rhs_base)` for every output element, where the operands
    /// of its dot product are at `lhs_base + k * M0 * K0 + k0` and `rhs_base + k * N0 * K0 + k0`.
    #[inline]
    fn for_each_output(&self, mut f: impl FnMut(usize, usize, usize)) {
        for i in 0..self.m {
            for j in 0..self.n {
                let tile = i * self.out_stride0 + j * self.m0 * self.n0;
                for i0 in 0..self.m0 {
                    for j0 in 0..self.n0 {
                        let lhs = i * self.lhs_stride0 + i0 * self.k0;
                        let rhs = j * self.rhs_stride0 + j0 * self.k0;
                        f(tile + i0 * self.n0 + j0, lhs, rhs);
                    }
                }
            }
        }
    }

    /// Calls `f(lhs, rhs)` for the K * K0 terms of one dot product, in order, from operands
    /// decoded element by element (see `decode`).
    #[inline]
    fn for_each_term<T: Copy>(
        &self,
        lhs: &[T],
        rhs: &[T],
        lb: usize,
        rb: usize,
        mut f: impl FnMut(T, T),
    ) {
        for k in 0..self.k {
            let l = &lhs[lb + k * self.m0 * self.k0..][..self.k0];
            let r = &rhs[rb + k * self.n0 * self.k0..][..self.k0];
            for (a, b) in l.iter().zip(r) {
                f(*a, *b);
            }
        }
    }
}

/// Every element of an operand's byte span, widened for arithmetic (`bits` per element): the
/// kernels then index plain slices with the same element indices.
fn decode<T>(bytes: &[u8], bits: u32, load: impl Fn(&[u8], usize) -> T) -> Vec<T> {
    let count = bytes.len() * 8 / bits as usize;
    (0..count).map(|e| load(bytes, e)).collect()
}

/// `(lhs, lhs_offset, lhs_row_stride, rhs, rhs_offset, rhs_row_stride, out, out_offset,
/// out_row_stride, M, N, K, M0, N0, K0, flags)`.
pub(super) fn mmt4d(args: &mut Args<'_>, _results: &mut Vec<Value>) -> Result<(), Error> {
    let op = args.op();
    let lhs_buf = args.buffer("lhs")?;
    let lhs_offset = args.index("lhs_offset")?;
    let lhs_stride0 = args.index("lhs_row_stride")?;
    let rhs_buf = args.buffer("rhs")?;
    let rhs_offset = args.index("rhs_offset")?;
    let rhs_stride0 = args.index("rhs_row_stride")?;
    let out_buf = args.buffer("out")?;
    let out_offset = args.index("out_offset")?;
    let out_stride0 = args.index("out_row_stride")?;
    let m = args.index("M")?;
    let n = args.index("N")?;
    let k = args.index("K")?;
    let tile = |v: i32, name: &str| -> Result<u64, Error> {
        if (0..=i32::from(i16::MAX)).contains(&v) {
            Ok(v as u64)
        } else {
            Err(trap(
                op,
                alloc::format!("{name} is {v}; expected a tile size in 0..=32767"),
            ))
        }
    };
    let m0 = tile(args.i32(), "M0")?;
    let n0 = tile(args.i32(), "N0")?;
    let k0 = tile(args.i32(), "K0")?;
    let flags = args.i32() as u32;
    for (v, name) in [(m, "M"), (n, "N"), (k, "K")] {
        if v > i32::MAX as u64 {
            return Err(trap(
                op,
                alloc::format!("{name} is {v}; expected at most {}", i32::MAX),
            ));
        }
    }
    let known = TYPE_MASK | ACCUMULATE | ALLOW_GENERIC_FALLBACK | SKIP_INTERMEDIATE_ROUNDINGS;
    if flags & !known != 0 {
        return Err(trap(
            op,
            alloc::format!(
                "unknown flag bits {:#x} in flags {flags:#x}",
                flags & !known
            ),
        ));
    }
    let Some(combo) = Combo::from_flags(flags) else {
        return Err(trap(
            op,
            alloc::format!(
                "element type {:#x} (flags {flags:#x}) is not an mmt4d type; expected 1..=10",
                flags & TYPE_MASK
            ),
        ));
    };
    let (lhs_bits, rhs_bits, out_bits) = combo.bits();
    let lhs_region = Region {
        offset: lhs_offset,
        stride0: lhs_stride0,
        stride1: 1,
        size0: m,
        size1: k * m0 * k0,
        bits: lhs_bits,
    };
    let rhs_region = Region {
        offset: rhs_offset,
        stride0: rhs_stride0,
        stride1: 1,
        size0: n,
        size1: k * n0 * k0,
        bits: rhs_bits,
    };
    let out_region = Region {
        offset: out_offset,
        stride0: out_stride0,
        stride1: 1,
        size0: m,
        size1: n * m0 * n0,
        bits: out_bits,
    };
    let lhs = Operand {
        buffer: &lhs_buf,
        span: lhs_region.span(op, "lhs", &lhs_buf)?,
    };
    let rhs = Operand {
        buffer: &rhs_buf,
        span: rhs_region.span(op, "rhs", &rhs_buf)?,
    };
    let out = Operand {
        buffer: &out_buf,
        span: out_region.span(op, "out", &out_buf)?,
    };
    let accumulate = flags & ACCUMULATE != 0;
    if out_region.is_empty() || (k == 0 && accumulate) {
        return Ok(());
    }
    let shape = Shape {
        m: m as usize,
        n: n as usize,
        k: k as usize,
        m0: m0 as usize,
        n0: n0 as usize,
        k0: k0 as usize,
        // An empty operand is never read; its stride may not fit in usize.
        lhs_stride0: if lhs_region.is_empty() {
            0
        } else {
            lhs_stride0 as usize
        },
        rhs_stride0: if rhs_region.is_empty() {
            0
        } else {
            rhs_stride0 as usize
        },
        out_stride0: out_stride0 as usize,
        accumulate,
    };
    let skip_roundings = flags & SKIP_INTERMEDIATE_ROUNDINGS != 0;
    with_operands(op, &[lhs, rhs], &out, |ins, out| {
        let (l, r) = (ins[0], ins[1]);
        let (lb, rb) = (lhs_bits, rhs_bits);
        match combo {
            Combo::F32F32F32 => to_f32(
                &shape,
                &decode(l, lb, load_f32),
                &decode(r, rb, load_f32),
                out,
            ),
            Combo::F16F16F32 => to_f32(
                &shape,
                &decode(l, lb, load_f16),
                &decode(r, rb, load_f16),
                out,
            ),
            Combo::Bf16Bf16F32 => to_f32(
                &shape,
                &decode(l, lb, load_bf16),
                &decode(r, rb, load_bf16),
                out,
            ),
            Combo::F16F16F16 => {
                let (l, r) = (decode(l, lb, load_f16), decode(r, rb, load_f16));
                to_16_bit_float(&shape, &l, &r, out, f16_to_f32, f32_to_f16, skip_roundings)
            }
            Combo::Bf16Bf16Bf16 => {
                let (l, r) = (decode(l, lb, load_bf16), decode(r, rb, load_bf16));
                to_16_bit_float(
                    &shape,
                    &l,
                    &r,
                    out,
                    bf16_to_f32,
                    f32_to_bf16,
                    skip_roundings,
                )
            }
            Combo::S8S8S32 => to_i32(
                &shape,
                &decode(l, lb, load_i8),
                &decode(r, rb, load_i8),
                out,
            ),
            Combo::S16S16S32 => to_i32(
                &shape,
                &decode(l, lb, load_i16),
                &decode(r, rb, load_i16),
                out,
            ),
            Combo::S16U4S32 => to_i32(
                &shape,
                &decode(l, lb, load_i16),
                &decode(r, rb, load_u4),
                out,
            ),
            Combo::S16S8S32 => to_i32(
                &shape,
                &decode(l, lb, load_i16),
                &decode(r, rb, load_i8),
                out,
            ),
            Combo::S8S4S32 => to_i32(
                &shape,
                &decode(l, lb, load_i8),
                &decode(r, rb, load_s4),
                out,
            ),
        }
    })
}

fn to_f32(s: &Shape, lhs: &[f32], rhs: &[f32], out: &mut [u8]) {
    s.for_each_output(|o, lb, rb| {
        let mut acc = if s.accumulate { load_f32(out, o) } else { 0.0 };
        s.for_each_term(lhs, rhs, lb, rb, |a, b| acc += a * b);
        store_u32(out, o, acc.to_bits());
    });
}

/// f16 or bf16 output: `widen` and `narrow` convert the accumulator's format.
fn to_16_bit_float(
    s: &Shape,
    lhs: &[f32],
    rhs: &[f32],
    out: &mut [u8],
    widen: fn(u16) -> f32,
    narrow: fn(f32) -> u16,
    skip_roundings: bool,
) {
    s.for_each_output(|o, lb, rb| {
        let mut acc = if s.accumulate {
            widen(load_u16(out, o))
        } else {
            0.0
        };
        s.for_each_term(lhs, rhs, lb, rb, |a, b| {
            acc += a * b;
            if !skip_roundings {
                acc = widen(narrow(acc));
            }
        });
        store_u16(out, o, narrow(acc));
    });
}

fn to_i32(s: &Shape, lhs: &[i32], rhs: &[i32], out: &mut [u8]) {
    s.for_each_output(|o, lb, rb| {
        let mut acc = if s.accumulate { load_i32(out, o) } else { 0 };
        s.for_each_term(lhs, rhs, lb, rb, |a, b| {
            acc = acc.wrapping_add(a.wrapping_mul(b))
        });
        store_u32(out, o, acc as u32);
    });
}
