//! Weft's wasm32 runtime: rt-core and the wasm executable loader behind a wasm-bindgen boundary.
//!
//! Layers (the JS side is in `glue/js`, built by `glue/build.sh`; the wasm executable loader
//! and the thread pool are the `wasm-loader` crate beside this one):
//! - `allocator` (wasm32): the process's global allocator (a locked dlmalloc) and heap accounting;
//! - [`session`]: a loaded program and how JS calls it;
//! - [`frame`]: the binary call frame of the typed API;
//! - [`reflection`]: what a program exports and with which types (`functions`, `inspect`);
//! - [`errors`], [`json`]: the stable codes of the runtime core's errors and the JSON strings
//!   they travel in, from `weft-boundary` (`boundary/`), which the WGSL translator shares;
//! - `gpu` (wasm32): the WebGPU device's executables, run by glue/js/gpu through a JS object;
//! - `parameters` (wasm32): parameter files whose bytes JS reads into linear memory;
//! - [`panic`]: the panic handler (wasm32), a panic as a JS exception without allocating;
//! - `bindings` (wasm32): the `#[wasm_bindgen]` API the JS glue drives.
//!
//! The modules without (wasm32) are platform-neutral and unit-tested on the host, so
//! `cargo test --workspace` covers them; the wasm32 parts are tested from Node
//! (`glue/tests/*.test.mjs`).
// no_std on wasm32 (the runtime); std on the host so the cdylib links for host tests.
#![cfg_attr(target_arch = "wasm32", no_std)]
// The allocator's per-thread lock holder (wasm32 with threads).
#![cfg_attr(all(target_arch = "wasm32", target_feature = "atomics"), feature(thread_local))]

extern crate alloc;

// The stable error codes and JSON strings every Weft wasm module reports through.
pub use weft_boundary::{errors, json};

pub mod frame;
pub mod panic;
pub mod reflection;
pub mod session;

#[cfg(target_arch = "wasm32")]
mod allocator;
#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod gpu;
#[cfg(target_arch = "wasm32")]
pub mod parameters;
