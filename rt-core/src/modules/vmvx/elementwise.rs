//! The 32-bit elementwise exports: unary (`abs.2d.f32`...) and binary (`add.2d.i32`...) ops
//! over strided 2-d regions of equal sizes.
//!
//! Semantics follow upstream's generic x32u/x32b kernels: element offsets and strides, f32
//! arithmetic as IEEE single precision, integer add/sub/mul wrapping. Where the C kernels are
//! undefined, Weft defines them the way its VM does: shift amounts are taken modulo 32, and
//! integer division by zero or `i32::MIN / -1` traps, naming the element.

use alloc::vec::Vec;

use super::access::{with_operands, Operand};
use super::args::{trap, Args};
use super::element::{load_u32, store_u32};
use super::region::Region;
use crate::vm::Value;
use crate::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unary {
    AbsF,
    CeilF,
    Ctlz,
    ExpF,
    FloorF,
    LogF,
    NegF,
    RsqrtF,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Binary {
    AddF,
    AddI,
    AndI,
    DivF,
    DivSI,
    DivUI,
    MulF,
    MulI,
    OrI,
    ShlI,
    ShrSI,
    ShrUI,
    SubF,
    SubI,
    XorI,
}

impl Unary {
    fn apply(self, bits: u32) -> u32 {
        let x = f32::from_bits(bits);
        match self {
            Unary::AbsF => bits & 0x7FFF_FFFF,
            Unary::NegF => bits ^ 0x8000_0000,
            Unary::CeilF => libm::ceilf(x).to_bits(),
            Unary::FloorF => libm::floorf(x).to_bits(),
            Unary::ExpF => libm::expf(x).to_bits(),
            Unary::LogF => libm::logf(x).to_bits(),
            Unary::RsqrtF => (1.0 / libm::sqrtf(x)).to_bits(),
            Unary::Ctlz => bits.leading_zeros(),
        }
    }
}

impl Binary {
    /// The result bits, or why the operation has none.
    fn apply(self, a: u32, b: u32) -> Result<u32, &'static str> {
        let (fa, fb) = (f32::from_bits(a), f32::from_bits(b));
        let (sa, sb) = (a as i32, b as i32);
        Ok(match self {
            Binary::AddF => (fa + fb).to_bits(),
            Binary::SubF => (fa - fb).to_bits(),
            Binary::MulF => (fa * fb).to_bits(),
            Binary::DivF => (fa / fb).to_bits(),
            Binary::AddI => a.wrapping_add(b),
            Binary::SubI => a.wrapping_sub(b),
            Binary::MulI => a.wrapping_mul(b),
            Binary::AndI => a & b,
            Binary::OrI => a | b,
            Binary::XorI => a ^ b,
            Binary::ShlI => a << (b & 31),
            Binary::ShrSI => (sa >> (b & 31)) as u32,
            Binary::ShrUI => a >> (b & 31),
            Binary::DivSI if sb == 0 => return Err("integer division by zero"),
            Binary::DivSI if sa == i32::MIN && sb == -1 => {
                return Err("integer overflow: i32::MIN / -1")
            }
            Binary::DivSI => (sa / sb) as u32,
            Binary::DivUI if b == 0 => return Err("integer division by zero"),
            Binary::DivUI => a / b,
        })
    }
}

/// Reads `buffer, offset, stride0, stride1` of 32-bit elements.
fn strided(
    args: &mut Args<'_>,
    name: &str,
) -> Result<(alloc::rc::Rc<crate::vm::VmBuffer>, Region), Error> {
    let buffer = args.buffer(name)?;
    let offset = args.index(&alloc::format!("{name}_offset"))?;
    let stride0 = args.index(&alloc::format!("{name}_stride0"))?;
    let stride1 = args.index(&alloc::format!("{name}_stride1"))?;
    Ok((
        buffer,
        Region {
            offset,
            stride0,
            stride1,
            size0: 0,
            size1: 0,
            bits: 32,
        },
    ))
}

fn sizes(args: &mut Args<'_>, regions: &mut [&mut Region]) -> Result<(u64, u64), Error> {
    let size0 = args.index("size0")?;
    let size1 = args.index("size1")?;
    for r in regions.iter_mut() {
        r.size0 = size0;
        r.size1 = size1;
    }
    Ok((size0, size1))
}

/// `(in, in_offset, in_stride0, in_stride1, out, out_offset, out_stride0, out_stride1, size0, size1)`.
pub(super) fn unary(
    args: &mut Args<'_>,
    op: Unary,
    _results: &mut Vec<Value>,
) -> Result<(), Error> {
    let (in_buf, mut inr) = strided(args, "in")?;
    let (out_buf, mut outr) = strided(args, "out")?;
    let (size0, size1) = sizes(args, &mut [&mut inr, &mut outr])?;
    let name = args.op();
    let input = Operand {
        buffer: &in_buf,
        span: inr.span(name, "in", &in_buf)?,
    };
    let output = Operand {
        buffer: &out_buf,
        span: outr.span(name, "out", &out_buf)?,
    };
    if inr.is_empty() {
        return Ok(());
    }
    with_operands(name, &[input], &output, |ins, out| {
        let src = ins[0];
        for i in 0..size0 as usize {
            for j in 0..size1 as usize {
                let x = load_u32(src, i * inr.stride0 as usize + j * inr.stride1 as usize);
                store_u32(
                    out,
                    i * outr.stride0 as usize + j * outr.stride1 as usize,
                    op.apply(x),
                );
            }
        }
    })
}

/// `(lhs, offset, stride0, stride1, rhs, ..., out, ..., size0, size1)`.
pub(super) fn binary(
    args: &mut Args<'_>,
    op: Binary,
    _results: &mut Vec<Value>,
) -> Result<(), Error> {
    let (lhs_buf, mut lhsr) = strided(args, "lhs")?;
    let (rhs_buf, mut rhsr) = strided(args, "rhs")?;
    let (out_buf, mut outr) = strided(args, "out")?;
    let (size0, size1) = sizes(args, &mut [&mut lhsr, &mut rhsr, &mut outr])?;
    let name = args.op();
    let lhs = Operand {
        buffer: &lhs_buf,
        span: lhsr.span(name, "lhs", &lhs_buf)?,
    };
    let rhs = Operand {
        buffer: &rhs_buf,
        span: rhsr.span(name, "rhs", &rhs_buf)?,
    };
    let output = Operand {
        buffer: &out_buf,
        span: outr.span(name, "out", &out_buf)?,
    };
    if outr.is_empty() {
        return Ok(());
    }
    with_operands(name, &[lhs, rhs], &output, |ins, out| {
        for i in 0..size0 as usize {
            for j in 0..size1 as usize {
                let a = load_u32(
                    ins[0],
                    i * lhsr.stride0 as usize + j * lhsr.stride1 as usize,
                );
                let b = load_u32(
                    ins[1],
                    i * rhsr.stride0 as usize + j * rhsr.stride1 as usize,
                );
                let r = op
                    .apply(a, b)
                    .map_err(|why| trap(name, alloc::format!("{why} at element [{i}, {j}]")))?;
                store_u32(
                    out,
                    i * outr.stride0 as usize + j * outr.stride1 as usize,
                    r,
                );
            }
        }
        Ok(())
    })?
}
