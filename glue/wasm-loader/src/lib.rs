//! Weft's `system-wasm-wasm_32` executable loader: the other `ExecutableLoader` beside rt-core's
//! VMVX loader. It links the wasm side modules a program embeds, has JS instantiate them on the
//! runtime's shared memory, and dispatches their kernels across the thread pool.
//!
//! - [`abi`]: IREE's executable library ABI on wasm32, and a reader for queried libraries;
//! - [`scan`]: the wasm executables a program embeds in its rodata;
//! - [`libm`]: C math functions kernels may import, exported by the runtime module;
//! - [`kernels`]: Weft's own kernels (glue/kernels) side modules import as `weft_*`;
//! - `loader` (wasm32): the `ExecutableLoader` (link, instantiate via JS, dispatch through the
//!   function table);
//! - `pool` (wasm32): workgroups of a dispatch across the runtime thread and pool workers,
//!   and the trampoline every kernel call goes through.
//!
//! `abi`, `scan`, `libm` and `kernels` are platform-neutral and unit-tested on the host; the
//! wasm32 parts are tested through the runtime from Node (`glue/tests/*.test.mjs`).
#![no_std]
// memory.atomic.wait32/notify (the pool's completion wait) are nightly-only in core::arch.
#![cfg_attr(target_arch = "wasm32", feature(stdarch_wasm_atomic_wait))]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod abi;
pub mod kernels;
pub mod libm;
pub mod scan;

#[cfg(target_arch = "wasm32")]
pub mod loader;
#[cfg(target_arch = "wasm32")]
pub mod pool;
