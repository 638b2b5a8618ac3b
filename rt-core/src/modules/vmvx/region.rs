//! Strided 2-d regions of a buffer and the byte range they touch.
//!
//! Every `vmvx` operand is a buffer plus an element offset and a 2-d shape with element strides:
//! element `(i, j)` lives at element index `offset + i * stride0 + j * stride1`, i.e. at byte
//! `(offset + i * stride0 + j * stride1) * element_size`. Offsets and strides count elements,
//! never bytes. A region with no elements touches nothing. Sub-byte elements (4 bits) must start
//! on a byte boundary, as upstream's `bits_to_bytes_exact` requires.

use core::ops::Range;

use super::args::trap;
use crate::vm::VmBuffer;
use crate::Error;

/// One strided 2-d region, in elements of `bits` bits.
#[derive(Clone, Copy, Debug)]
pub(super) struct Region {
    pub offset: u64,
    pub stride0: u64,
    pub stride1: u64,
    pub size0: u64,
    pub size1: u64,
    pub bits: u32,
}

impl Region {
    pub(super) fn is_empty(&self) -> bool {
        self.size0 == 0 || self.size1 == 0
    }

    /// Checks the region against `buffer` and returns the byte range it spans, relative to
    /// the buffer; element `(i, j)` is then at element index `i * stride0 + j * stride1` from
    /// the start of that range. `name` names the operand in errors.
    pub(super) fn span(
        &self,
        op: &str,
        name: &str,
        buffer: &VmBuffer,
    ) -> Result<Range<usize>, Error> {
        if self.is_empty() {
            return Ok(0..0);
        }
        let bits = u128::from(self.bits);
        let first = u128::from(self.offset);
        let last = first
            + u128::from(self.size0 - 1) * u128::from(self.stride0)
            + u128::from(self.size1 - 1) * u128::from(self.stride1);
        let start_bits = first * bits;
        if start_bits % 8 != 0 {
            return Err(trap(
                op,
                format_args!(
                    "{name} offset {} of {}-bit elements does not start on a byte",
                    self.offset, self.bits
                ),
            ));
        }
        let start = start_bits / 8;
        let end = ((last + 1) * bits).div_ceil(8);
        let length = buffer.len() as u128;
        if end > length {
            return Err(trap(
                op,
                format_args!(
                    "{name} region out of range: elements {first}..={last} (offset {}, strides [{}, {}], \
                     sizes [{}, {}], {}-bit elements) need bytes {start}..{end} of a {length}-byte buffer",
                    self.offset, self.stride0, self.stride1, self.size0, self.size1, self.bits
                ),
            ));
        }
        Ok(start as usize..end as usize)
    }
}
