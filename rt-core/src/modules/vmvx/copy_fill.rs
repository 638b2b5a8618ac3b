//! `copy.2d.x8/x16/x32/x64` (a strided 2-d copy of 1-, 2-, 4- or 8-byte elements) and
//! `fill.2d.x32` (a 2-d region with unit inner stride set to one 32-bit value).

use alloc::format;
use alloc::vec::Vec;

use super::access::{with_operands, Operand};
use super::args::Args;
use super::region::Region;
use crate::vm::Value;
use crate::Error;

/// `(in, in_offset, in_stride0, in_stride1, out, out_offset, out_stride0, out_stride1, size0,
/// size1)` with elements of `size` bytes.
pub(super) fn copy(
    args: &mut Args<'_>,
    size: usize,
    _results: &mut Vec<Value>,
) -> Result<(), Error> {
    let bits = (size * 8) as u32;
    let read = |args: &mut Args<'_>, name: &str| -> Result<_, Error> {
        let buffer = args.buffer(name)?;
        let offset = args.index(&format!("{name}_offset"))?;
        let stride0 = args.index(&format!("{name}_stride0"))?;
        let stride1 = args.index(&format!("{name}_stride1"))?;
        Ok((
            buffer,
            Region {
                offset,
                stride0,
                stride1,
                size0: 0,
                size1: 0,
                bits,
            },
        ))
    };
    let (in_buf, mut inr) = read(args, "in")?;
    let (out_buf, mut outr) = read(args, "out")?;
    let size0 = args.index("size0")?;
    let size1 = args.index("size1")?;
    (inr.size0, inr.size1, outr.size0, outr.size1) = (size0, size1, size0, size1);
    let op = args.op();
    let input = Operand {
        buffer: &in_buf,
        span: inr.span(op, "in", &in_buf)?,
    };
    let output = Operand {
        buffer: &out_buf,
        span: outr.span(op, "out", &out_buf)?,
    };
    if outr.is_empty() {
        return Ok(());
    }
    with_operands(op, &[input], &output, |ins, out| {
        for i in 0..size0 as usize {
            for j in 0..size1 as usize {
                let from = (i * inr.stride0 as usize + j * inr.stride1 as usize) * size;
                let to = (i * outr.stride0 as usize + j * outr.stride1 as usize) * size;
                out[to..to + size].copy_from_slice(&ins[0][from..from + size]);
            }
        }
    })
}

/// `(value, out, out_offset, out_row_stride, size0, size1)`: 32-bit elements, inner stride 1.
pub(super) fn fill_x32(args: &mut Args<'_>, _results: &mut Vec<Value>) -> Result<(), Error> {
    let value = args.i32().to_le_bytes();
    let out_buf = args.buffer("out")?;
    let offset = args.index("out_offset")?;
    let stride0 = args.index("out_row_stride")?;
    let size0 = args.index("size0")?;
    let size1 = args.index("size1")?;
    let region = Region {
        offset,
        stride0,
        stride1: 1,
        size0,
        size1,
        bits: 32,
    };
    let op = args.op();
    let output = Operand {
        buffer: &out_buf,
        span: region.span(op, "out", &out_buf)?,
    };
    if region.is_empty() {
        return Ok(());
    }
    with_operands(op, &[], &output, |_, out| {
        for i in 0..size0 as usize {
            let row = i * stride0 as usize * 4;
            for chunk in out[row..row + size1 as usize * 4].chunks_exact_mut(4) {
                chunk.copy_from_slice(&value);
            }
        }
    })
}
