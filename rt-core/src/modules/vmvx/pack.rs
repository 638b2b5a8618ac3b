//! `pack` and `unpack`: between a strided 2-d matrix and its tiled 4-d form.
//!
//! The tiled form is `[outer0][outer1][tile0][tile1]`: outer rows `stride0` elements apart, the
//! rest contiguous (so `stride1` must be `tile0 * tile1`, as upstream asserts). Element
//! `(i, j)` of the matrix is element `(i % tile0, j % tile1)` of tile `(i / tile0, j / tile1)`.
//! `TRANSPOSE_OUTER` (0x200) swaps the two outer dimensions of the tiled form and
//! `TRANSPOSE_INNER` (0x100) the two tile dimensions. `pack` writes `padding_value` (its low
//! 8, 16 or 32 bits, by element size) where a tile reaches past the matrix; `unpack` drops
//! those elements. Element types (flags & 0xFF): f32 (1), i8 (2, pack only), i32 (3), f16 (4),
//! bf16 (5); the data is copied bit for bit. Upstream's VMVX module accepts only 1-3 for pack
//! and 1 and 3 for unpack; Weft also moves the 16-bit kinds its ukernels define.

use alloc::format;
use alloc::vec::Vec;

use super::access::{with_operands, Operand};
use super::args::{trap, Args};
use super::region::Region;
use crate::vm::Value;
use crate::Error;

pub const TYPE_MASK: u32 = 0xFF;
pub const TRANSPOSE_INNER: u32 = 0x100;
pub const TRANSPOSE_OUTER: u32 = 0x200;

/// Element size in bytes of the type in `flags`, or an error naming the export.
fn element_size(op: &str, flags: u32, allow_i8: bool) -> Result<usize, Error> {
    let known = TYPE_MASK | TRANSPOSE_INNER | TRANSPOSE_OUTER;
    if flags & !known != 0 {
        return Err(trap(
            op,
            format!(
                "unknown flag bits {:#x} in flags {flags:#x}",
                flags & !known
            ),
        ));
    }
    match flags & TYPE_MASK {
        1 | 3 => Ok(4),
        2 if allow_i8 => Ok(1),
        4 | 5 => Ok(2),
        t => Err(trap(
            op,
            format!(
                "element type {t:#x} (flags {flags:#x}) is not supported by {op}; expected {}",
                if allow_i8 {
                    "1 (f32), 2 (i8), 3 (i32), 4 (f16) or 5 (bf16)"
                } else {
                    "1 (f32), 3 (i32), 4 (f16) or 5 (bf16)"
                }
            ),
        )),
    }
}

/// The tiled operand's geometry after applying the transpose flags: sizes and element strides
/// of (outer0, outer1, tile0, tile1), indexed by matrix dimension.
struct Tiled {
    outer: [usize; 2],
    tile: [usize; 2],
    outer_stride: [usize; 2],
    tile_stride: [usize; 2],
}

impl Tiled {
    fn new(sizes: [u64; 4], stride0: u64, flags: u32) -> Tiled {
        let s = sizes.map(|v| v as usize);
        let mut t = Tiled {
            outer: [s[0], s[1]],
            tile: [s[2], s[3]],
            outer_stride: [stride0 as usize, s[2] * s[3]],
            tile_stride: [s[3], 1],
        };
        if flags & TRANSPOSE_OUTER != 0 {
            t.outer.swap(0, 1);
            t.outer_stride.swap(0, 1);
        }
        if flags & TRANSPOSE_INNER != 0 {
            t.tile.swap(0, 1);
            t.tile_stride.swap(0, 1);
        }
        t
    }

    /// Calls `f(tiled_index, i, j)` for every element of the tiled form, with its matrix
    /// coordinates.
    fn for_each(&self, mut f: impl FnMut(usize, usize, usize)) {
        for o0 in 0..self.outer[0] {
            for o1 in 0..self.outer[1] {
                for t0 in 0..self.tile[0] {
                    for t1 in 0..self.tile[1] {
                        let index = o0 * self.outer_stride[0]
                            + o1 * self.outer_stride[1]
                            + t0 * self.tile_stride[0]
                            + t1 * self.tile_stride[1];
                        f(index, o0 * self.tile[0] + t0, o1 * self.tile[1] + t1);
                    }
                }
            }
        }
    }
}

/// How many matrix rows and columns tiles of `sizes` cover, after the transposes in `flags`.
/// The tiled side (`names.0` sizes) must cover every element of the plain matrix (`names.1`).
fn check_covers(op: &str, tiled: [u64; 4], flags: u32, plain: [u64; 2], names: (&str, &str)) -> Result<(), Error> {
    let covered = covered(tiled, flags);
    if covered[0] < u128::from(plain[0]) || covered[1] < u128::from(plain[1]) {
        return Err(trap(
            op,
            format!(
                "the tiles ({} sizes {tiled:?}, flags {flags:#x}) cover {} x {} elements, fewer than the {}'s {} x {}",
                names.0, covered[0], covered[1], names.1, plain[0], plain[1]
            ),
        ));
    }
    Ok(())
}

fn covered(sizes: [u64; 4], flags: u32) -> [u128; 2] {
    let mut outer = [sizes[0], sizes[1]];
    let mut tile = [sizes[2], sizes[3]];
    if flags & TRANSPOSE_OUTER != 0 {
        outer.swap(0, 1);
    }
    if flags & TRANSPOSE_INNER != 0 {
        tile.swap(0, 1);
    }
    [0, 1].map(|d| u128::from(outer[d]) * u128::from(tile[d]))
}

/// Reads `buffer, offset, stride0, stride1`.
fn strided(
    args: &mut Args<'_>,
    name: &str,
) -> Result<(alloc::rc::Rc<crate::vm::VmBuffer>, [u64; 3]), Error> {
    let buffer = args.buffer(name)?;
    let offset = args.index(&format!("{name}_offset"))?;
    let stride0 = args.index(&format!("{name}_stride0"))?;
    let stride1 = args.index(&format!("{name}_stride1"))?;
    Ok((buffer, [offset, stride0, stride1]))
}

fn check_tiled_stride1(op: &str, name: &str, stride1: u64, sizes: [u64; 4]) -> Result<(), Error> {
    let tile = u128::from(sizes[2]) * u128::from(sizes[3]);
    if u128::from(stride1) != tile {
        return Err(trap(
            op,
            format!("{name}_stride1 is {stride1}; a tiled operand's stride1 must be the tile size {} x {} = {tile}", sizes[2], sizes[3]),
        ));
    }
    Ok(())
}

/// `(in, in_offset, in_stride0, in_stride1, out, out_offset, out_stride0, out_stride1,
/// in_size0, in_size1, out_size0, out_size1, out_size2, out_size3, padding_value, flags)`.
pub(super) fn pack(args: &mut Args<'_>, _results: &mut Vec<Value>) -> Result<(), Error> {
    let op = args.op();
    let (in_buf, [in_offset, in_s0, in_s1]) = strided(args, "in")?;
    let (out_buf, [out_offset, out_s0, out_s1]) = strided(args, "out")?;
    let in_size = [args.index("in_size0")?, args.index("in_size1")?];
    let out_size = [
        args.index("out_size0")?,
        args.index("out_size1")?,
        args.index("out_size2")?,
        args.index("out_size3")?,
    ];
    let padding = args.i64().to_le_bytes();
    let flags = args.i32() as u32;
    let size = element_size(op, flags, true)?;
    check_tiled_stride1(op, "out", out_s1, out_size)?;
    let bits = (size * 8) as u32;
    let in_region = Region {
        offset: in_offset,
        stride0: in_s0,
        stride1: in_s1,
        size0: in_size[0],
        size1: in_size[1],
        bits,
    };
    let out_inner = u128::from(out_size[1]) * u128::from(out_size[2]) * u128::from(out_size[3]);
    let out_inner = u64::try_from(out_inner).map_err(|_| trap(op, "out sizes overflow"))?;
    let out_region = Region {
        offset: out_offset,
        stride0: out_s0,
        stride1: 1,
        size0: out_size[0],
        size1: out_inner,
        bits,
    };
    let input = Operand {
        buffer: &in_buf,
        span: in_region.span(op, "in", &in_buf)?,
    };
    let output = Operand {
        buffer: &out_buf,
        span: out_region.span(op, "out", &out_buf)?,
    };
    check_covers(op, out_size, flags, in_size, ("out", "input"))?;
    if out_region.is_empty() {
        return Ok(());
    }
    // Non-empty and in range: every size and stride of the tiled form fits in usize.
    let tiled = Tiled::new(out_size, out_s0, flags);
    let (rows, cols) = (in_size[0] as usize, in_size[1] as usize);
    let (in_s0, in_s1) = (in_s0 as usize, in_s1 as usize);
    with_operands(op, &[input], &output, |ins, out| {
        tiled.for_each(|index, i, j| {
            let to = index * size;
            if i < rows && j < cols {
                let from = (i * in_s0 + j * in_s1) * size;
                out[to..to + size].copy_from_slice(&ins[0][from..from + size]);
            } else {
                out[to..to + size].copy_from_slice(&padding[..size]);
            }
        });
    })
}

/// `(in, in_offset, in_stride0, in_stride1, out, out_offset, out_stride0, out_stride1,
/// in_size0, in_size1, in_size2, in_size3, out_size0, out_size1, flags)`.
pub(super) fn unpack(args: &mut Args<'_>, _results: &mut Vec<Value>) -> Result<(), Error> {
    let op = args.op();
    let (in_buf, [in_offset, in_s0, in_s1]) = strided(args, "in")?;
    let (out_buf, [out_offset, out_s0, out_s1]) = strided(args, "out")?;
    let in_size = [
        args.index("in_size0")?,
        args.index("in_size1")?,
        args.index("in_size2")?,
        args.index("in_size3")?,
    ];
    let out_size = [args.index("out_size0")?, args.index("out_size1")?];
    let flags = args.i32() as u32;
    let size = element_size(op, flags, false)?;
    check_tiled_stride1(op, "in", in_s1, in_size)?;
    let bits = (size * 8) as u32;
    let in_inner = u128::from(in_size[1]) * u128::from(in_size[2]) * u128::from(in_size[3]);
    let in_inner = u64::try_from(in_inner).map_err(|_| trap(op, "in sizes overflow"))?;
    let in_region = Region {
        offset: in_offset,
        stride0: in_s0,
        stride1: 1,
        size0: in_size[0],
        size1: in_inner,
        bits,
    };
    let out_region = Region {
        offset: out_offset,
        stride0: out_s0,
        stride1: out_s1,
        size0: out_size[0],
        size1: out_size[1],
        bits,
    };
    let input = Operand {
        buffer: &in_buf,
        span: in_region.span(op, "in", &in_buf)?,
    };
    let output = Operand {
        buffer: &out_buf,
        span: out_region.span(op, "out", &out_buf)?,
    };
    check_covers(op, in_size, flags, out_size, ("in", "output"))?;
    if out_region.is_empty() {
        return Ok(());
    }
    // Covering a non-empty output, the input is non-empty and in range too.
    let tiled = Tiled::new(in_size, in_s0, flags);
    let (rows, cols) = (out_size[0] as usize, out_size[1] as usize);
    let (out_s0, out_s1) = (out_s0 as usize, out_s1 as usize);
    with_operands(op, &[input], &output, |ins, out| {
        tiled.for_each(|index, i, j| {
            if i < rows && j < cols {
                let (from, to) = (index * size, (i * out_s0 + j * out_s1) * size);
                out[to..to + size].copy_from_slice(&ins[0][from..from + size]);
            }
        });
    })
}
