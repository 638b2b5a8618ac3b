//! Borrowing the bytes of an operation's operands at once, whatever buffers they share.
//!
//! Bindings and local memory arrive as `vm.buffer` views that may share one heap block, and a
//! block can be borrowed mutably only once. The output's block is borrowed mutably and split
//! around the output's byte range: an input in that block but outside the range is read
//! from the pieces before or after it, an input overlapping it is copied out first (so an
//! operation reads all of its inputs as they were before it writes), and inputs in other blocks
//! or in rodata are borrowed as they are.

use alloc::vec::Vec;
use core::ops::Range;

use super::args::trap;
use crate::vm::buffer::Bytes;
use crate::vm::VmBuffer;
use crate::Error;

/// An operand: a buffer and the byte range of it the operation touches (see `Region::span`).
pub(super) struct Operand<'b> {
    pub buffer: &'b VmBuffer,
    pub span: Range<usize>,
}

enum Source {
    /// Another block (or rodata): index into the borrow guards.
    Guard(usize),
    /// The output's block, overlapping the output: index into the copies.
    Copy(usize),
    /// The output's block, entirely before or after the output: absolute block range.
    Beside(Range<usize>),
}

/// Calls `f` with the input spans (in order) and the output span.
pub(super) fn with_operands<R>(
    op: &str,
    inputs: &[Operand<'_>],
    output: &Operand<'_>,
    f: impl FnOnce(&[&[u8]], &mut [u8]) -> R,
) -> Result<R, Error> {
    let Some((block, view)) = output.buffer.heap() else {
        return Err(trap(
            op,
            "the output buffer is read-only (a rodata constant)",
        ));
    };
    let out_abs = view.start + output.span.start..view.start + output.span.end;
    let mut guards: Vec<Bytes<'_>> = Vec::new();
    let mut copies: Vec<Vec<u8>> = Vec::new();
    let mut sources = Vec::with_capacity(inputs.len());
    for input in inputs {
        let source = match input.buffer.heap() {
            Some((b, v)) if alloc::rc::Rc::ptr_eq(b, block) => {
                let abs = v.start + input.span.start..v.start + input.span.end;
                let overlaps = !abs.is_empty()
                    && !out_abs.is_empty()
                    && abs.start < out_abs.end
                    && out_abs.start < abs.end;
                if overlaps {
                    copies.push(block.borrow()[abs].to_vec());
                    Source::Copy(copies.len() - 1)
                } else {
                    Source::Beside(abs)
                }
            }
            _ => {
                guards.push(input.buffer.bytes());
                Source::Guard(guards.len() - 1)
            }
        };
        sources.push(source);
    }
    let mut whole = block.borrow_mut();
    let (before, rest) = whole.split_at_mut(out_abs.start);
    let (out, after) = rest.split_at_mut(out_abs.len());
    let (before, after): (&[u8], &[u8]) = (before, after);
    let slices: Vec<&[u8]> = sources
        .iter()
        .zip(inputs)
        .map(|(source, input)| match source {
            Source::Guard(k) => &guards[*k][input.span.clone()],
            Source::Copy(k) => &copies[*k][..],
            Source::Beside(abs) if abs.is_empty() => &[][..],
            Source::Beside(abs) if abs.end <= out_abs.start => &before[abs.clone()],
            Source::Beside(abs) => &after[abs.start - out_abs.end..abs.end - out_abs.end],
        })
        .collect();
    Ok(f(&slices, out))
}
