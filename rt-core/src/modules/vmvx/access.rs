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
    /// The output's block, not entirely before or after the output: index into the copies.
    Copy(usize),
    /// The output's block, entirely before or after the output (or empty): absolute range.
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
                let beside = abs.is_empty() || abs.end <= out_abs.start || abs.start >= out_abs.end;
                if beside {
                    Source::Beside(abs)
                } else {
                    copies.push(block.borrow()[abs].to_vec());
                    Source::Copy(copies.len() - 1)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::Block;
    use alloc::rc::Rc;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn inputs_before_after_across_and_around_an_empty_output() {
        let block = Rc::new(Block::from_bytes(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).unwrap());
        let whole = VmBuffer::view(block.clone(), 0..10);
        let tail = VmBuffer::view(block.clone(), 4..10);
        let other = VmBuffer::from_bytes(&[42]).unwrap();
        let inputs = [
            Operand {
                buffer: &whole,
                span: 0..2,
            }, // before the output
            Operand {
                buffer: &tail,
                span: 4..6,
            }, // after it (bytes 8..10)
            Operand {
                buffer: &whole,
                span: 2..5,
            }, // across its start
            Operand {
                buffer: &other,
                span: 0..1,
            }, // another block
            Operand {
                buffer: &whole,
                span: 7..7,
            }, // empty
        ];
        let output = Operand {
            buffer: &tail,
            span: 0..3,
        }; // bytes 4..7
        let seen = with_operands("test", &inputs, &output, |ins, out| {
            out.copy_from_slice(&[70, 71, 72]);
            ins.iter().map(|s| s.to_vec()).collect::<Vec<_>>()
        })
        .unwrap();
        assert_eq!(
            seen,
            [vec![0, 1], vec![8, 9], vec![2, 3, 4], vec![42], vec![]]
        );
        assert_eq!(&block.borrow()[..], &[0, 1, 2, 3, 70, 71, 72, 7, 8, 9]);

        // An empty output inside an input's range: the input is copied, nothing panics.
        let empty = Operand {
            buffer: &whole,
            span: 5..5,
        };
        let seen = with_operands("test", &inputs[..1], &empty, |ins, out| {
            (ins[0].to_vec(), out.len())
        })
        .unwrap();
        assert_eq!(seen, (vec![0, 1], 0));
        let across = [Operand {
            buffer: &whole,
            span: 2..8,
        }];
        let seen = with_operands("test", &across, &empty, |ins, _| ins[0].to_vec()).unwrap();
        assert_eq!(seen, vec![2, 3, 70, 71, 72, 7]);
    }

    #[test]
    fn a_rodata_output_is_a_trap() {
        let file: Rc<[u8]> = Rc::from(&[0u8; 4][..]);
        let constant = VmBuffer::rodata(file, 0..4);
        let e = with_operands(
            "x",
            &[],
            &Operand {
                buffer: &constant,
                span: 0..4,
            },
            |_, _| (),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("vmvx.x: the output buffer is read-only"),
            "{e}"
        );
    }
}
