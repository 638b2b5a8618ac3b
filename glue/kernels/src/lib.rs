//! Weft's kernel module: hand-written wasm SIMD128 kernels for the dispatches Weft's transform
//! spec (glue/target/spec.mlir) routes away from the compiler's wasm32 kernels.
//!
//! Built as its own wasm module (glue/kernels/build.sh), twice: plain SIMD128 and SIMD128 +
//! relaxed SIMD (fused multiply-add); the glue picks one per thread (glue/js/kernels.mjs). It
//! imports the runtime's shared `env.memory` and owns no memory: no data segments and no shadow
//! stack (the build checks both), so it can run in any thread next to the runtime.
//!
//! Every kernel takes whole buffers by base pointer + element offset, the problem sizes, and the
//! dispatch's workgroup id and count, and computes its share of the output.
#![cfg(target_arch = "wasm32")]
#![no_std]
// The tile functions are `extern "C"` only so that vectors pass as wasm values (Rust's own ABI
// passes them through memory); nothing outside the module calls them.
#![allow(improper_ctypes_definitions)]

mod conv;
mod epilogue;
mod int8;
mod math;
mod matmul;
mod simd;
mod softmax;

/// The generated kernel list (bound by the runtime) and the panel widths the spec packs weights
/// into (used here).
#[allow(dead_code)]
mod signatures;

/// The units [lo, hi) of `total` that workgroup `id` of `count` computes: every kernel splits
/// its output evenly over the dispatch's workgroups, so the thread pool spreads its work.
fn share(total: usize, id: u32, count: u32) -> (usize, usize) {
    let count = u64::from(count.max(1));
    let id = u64::from(id).min(count);
    let t = total as u64;
    ((t * id / count) as usize, (t * (id + 1) / count) as usize)
}

/// Element `offset` of the f32 buffer at byte address `base` (the spec passes bindings as base
/// pointer + element offset).
#[inline(always)]
fn ptr(base: u32, offset: u32) -> *mut f32 {
    (base as usize as *mut f32).wrapping_add(offset as usize)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
