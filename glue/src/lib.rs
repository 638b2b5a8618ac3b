//! Weft's wasm32 runtime: rt-core and the linker behind a wasm-bindgen boundary.
//!
//! Layers (the JS side is in `glue/js`, built by `glue/build.sh`):
//! - `allocator` (wasm32): the process's global allocator (a locked dlmalloc) and heap accounting;
//! - [`abi`]: IREE's executable library ABI on wasm32, and a reader for queried libraries;
//! - [`scan`]: the wasm executables a program embeds in its rodata;
//! - [`libm`]: C math functions kernels may import, exported by the runtime module;
//! - [`kernels`]: Weft's own kernels (glue/kernels) side modules import as `weft_*`;
//! - `loader` (wasm32): the `system-wasm-wasm_32` `ExecutableLoader` (link, instantiate via
//!   JS, dispatch through the function table);
//! - `pool` (wasm32): workgroups of a dispatch across the runtime thread and pool workers,
//!   and the trampoline every kernel call goes through;
//! - [`session`]: a loaded program and how JS calls it;
//! - [`frame`]: the binary call frame of the typed API;
//! - `parameters` (wasm32): parameter files whose bytes JS reads into linear memory;
//! - [`panic`]: the panic handler (wasm32), a panic as a JS exception without allocating;
//! - `bindings` (wasm32): the `#[wasm_bindgen]` API the JS glue drives.
//!
//! Everything except `loader` and `bindings` is platform-neutral and unit-tested on the host,
//! so `cargo test --workspace` covers it; the wasm32 parts are tested from Node
//! (`glue/tests/*.test.mjs`).
// no_std on wasm32 (the runtime); std on the host so the cdylib links for host tests.
#![cfg_attr(target_arch = "wasm32", no_std)]
// memory.atomic.wait32/notify (the pool's completion wait) are nightly-only in core::arch.
#![cfg_attr(target_arch = "wasm32", feature(stdarch_wasm_atomic_wait))]
// The allocator's per-thread lock holder (wasm32 with threads).
#![cfg_attr(all(target_arch = "wasm32", target_feature = "atomics"), feature(thread_local))]

extern crate alloc;

pub mod abi;
pub mod errors;
pub mod frame;
mod json;
pub mod kernels;
pub mod libm;
pub mod panic;
pub mod reflection;
pub mod scan;
pub mod session;

#[cfg(target_arch = "wasm32")]
mod allocator;
#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
pub mod loader;
#[cfg(target_arch = "wasm32")]
pub mod parameters;
#[cfg(target_arch = "wasm32")]
pub mod pool;
