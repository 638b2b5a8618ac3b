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

mod conv;
mod int8;
mod matmul;
mod simd;

/// The units [lo, hi) of `total` that workgroup `id` of `count` computes: every kernel splits
/// its output evenly over the dispatch's workgroups, so the thread pool spreads its work.
fn share(total: usize, id: u32, count: u32) -> (usize, usize) {
    let count = u64::from(count.max(1));
    let id = u64::from(id).min(count);
    let t = total as u64;
    ((t * id / count) as usize, (t * (id + 1) / count) as usize)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
