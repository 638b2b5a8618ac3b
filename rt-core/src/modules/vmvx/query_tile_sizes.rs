//! `query_tile_sizes.2d`: the inner tile sizes data-tiled matmul operands use at run time.
//!
//! Flags: operand role (flags & 0xFF: 1 lhs, 2 rhs, 3 result) and operation (flags & 0xFF00:
//! 0x100 matmul f32f32f32, 0x200 i8i8i32, 0x300 f16f16f32, 0x400 f16f16f16, 0x500
//! bf16bf16f32, 0x600 bf16bf16bf16). Weft answers with upstream's generic (architecture-free)
//! matmul tile, M0 = 8, K0 = 4, N0 = 8: lhs (M0, K0), rhs (N0, K0), result (M0, N0). The sizes
//! passed in do not change the answer.

use alloc::format;
use alloc::vec::Vec;

use super::args::{trap, Args};
use crate::vm::Value;
use crate::Error;

pub const ROLE_MASK: u32 = 0xFF;
pub const OPERATION_MASK: u32 = 0xFF00;

/// The generic matmul tile (M0, K0, N0).
pub const MATMUL_TILE: (i64, i64, i64) = (8, 4, 8);

/// `(size0, size1, flags) -> (tile_size0, tile_size1)`.
pub(super) fn query_tile_sizes_2d(
    args: &mut Args<'_>,
    results: &mut Vec<Value>,
) -> Result<(), Error> {
    let op = args.op();
    let _size0 = args.i64();
    let _size1 = args.i64();
    let flags = args.i32() as u32;
    if flags & !(ROLE_MASK | OPERATION_MASK) != 0 {
        return Err(trap(
            op,
            format!(
                "unknown flag bits {:#x} in flags {flags:#x}",
                flags & !(ROLE_MASK | OPERATION_MASK)
            ),
        ));
    }
    let operation = flags & OPERATION_MASK;
    if !(0x100..=0x600).contains(&operation) {
        return Err(trap(op, format!("operation {operation:#x} (flags {flags:#x}) is not a matmul; expected 0x100..=0x600")));
    }
    let (m0, k0, n0) = MATMUL_TILE;
    let (a, b) = match flags & ROLE_MASK {
        1 => (m0, k0),
        2 => (n0, k0),
        3 => (m0, n0),
        role => {
            return Err(trap(op, format!("operand role {role:#x} (flags {flags:#x}) is unknown; expected 1 (lhs), 2 (rhs) or 3 (result)")))
        }
    };
    results.push(Value::I64(a));
    results.push(Value::I64(b));
    Ok(())
}
