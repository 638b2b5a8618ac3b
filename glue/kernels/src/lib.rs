//! Weft's kernel module: hand-written wasm SIMD128 kernels for the dispatches Weft's transform
//! spec (glue/kernels/spec.mlir) routes away from the compiler's wasm32 kernels.
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

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
