//! The `vmvx` host module (version 0): the microkernels VMVX executables compiled with
//! `--iree-vmvx-enable-microkernels` import, with upstream's names and calling conventions.
//!
//! Scope: every export of upstream `runtime/src/iree/modules/vmvx/exports.inl` — 32-bit unary
//! and binary elementwise ops, 2-d copies and fills, `mmt4d`, `pack`, `unpack` and
//! `query_tile_sizes.2d` — computed in portable Rust over `vm.buffer`s (see each file for the
//! semantics). Offsets and strides count elements. Buffers may be views of one heap block;
//! `access` handles that aliasing.
//!
//! Where Weft differs from the reference module (`module.c` + the ukernel library):
//! - `mmt4d` runs every element type combination the ukernel library defines (f16, bf16, i16
//!   and i4 operands too), `pack`/`unpack` also move f16 and bf16; upstream's module rejects
//!   those flags ("unhandled flags") although 3.13.0 compiles programs that use them.
//! - What is undefined in the C kernels is defined: integer division by zero and
//!   `i32::MIN / -1` trap, shift amounts are taken modulo 32 (as Weft's VM does).
//! - Unknown flag bits, tiled strides other than the tile size, and tiles that do not cover
//!   the matrix are errors (upstream only asserts them in debug builds).
//! - `query_tile_sizes.2d` answers upstream's generic tile (M0 8, K0 4, N0 8) on every host;
//!   upstream answers per CPU architecture.
//! - Narrow floats convert with IEEE rounding (`hal::narrow_float`); the ukernel library's
//!   portable conversions flush subnormals to zero.
//!
//! Non-goals: SIMD kernels.

mod access;
mod args;
mod copy_fill;
mod element;
mod elementwise;
mod exports;
mod mmt4d;
mod pack;
mod query_tile_sizes;
mod region;

use alloc::vec::Vec;

use crate::vm::{HostFlow, NativeFunction, NativeModule, Value};
use crate::Error;

// The flag values of the mmt4d and pack exports, for the tests that call them.
#[cfg(feature = "internals")]
pub use mmt4d::{
    ACCUMULATE as MMT4D_ACCUMULATE,
    SKIP_INTERMEDIATE_ROUNDINGS as MMT4D_SKIP_INTERMEDIATE_ROUNDINGS,
};
#[cfg(feature = "internals")]
pub use pack::{TRANSPOSE_INNER as PACK_TRANSPOSE_INNER, TRANSPOSE_OUTER as PACK_TRANSPOSE_OUTER};

/// The module's name, as programs import it.
pub const NAME: &str = "vmvx";
/// The module version (upstream `IREE_VMVX_MODULE_VERSION_0_0`).
pub const VERSION: u32 = 0;

pub struct VmvxModule {
    functions: Vec<NativeFunction>,
}

impl VmvxModule {
    pub fn new() -> VmvxModule {
        let functions = exports::EXPORTS
            .iter()
            .map(|e| NativeFunction {
                name: e.name,
                cconv: e.cconv,
            })
            .collect();
        VmvxModule { functions }
    }
}

impl Default for VmvxModule {
    fn default() -> Self {
        Self::new()
    }
}

impl NativeModule for VmvxModule {
    fn name(&self) -> &str {
        NAME
    }

    fn version(&self) -> u32 {
        VERSION
    }

    fn functions(&self) -> &[NativeFunction] {
        &self.functions
    }

    fn call(
        &mut self,
        ordinal: usize,
        args: &[Value],
        results: &mut Vec<Value>,
    ) -> Result<HostFlow, Error> {
        let Some(export) = exports::EXPORTS.get(ordinal) else {
            return Err(Error::invalid_argument(alloc::format!(
                "vmvx: function ordinal {ordinal} is out of range (the module has {} functions)",
                exports::EXPORTS.len()
            )));
        };
        let mut reader = args::Args::new(export.name, export.cconv, args)?;
        export.handler.run(&mut reader, results)?;
        Ok(HostFlow::Done)
    }
}
