//! What every Weft wasm module (the runtime, glue/wgsl's translator) reports to JavaScript
//! through: [`errors`], the stable codes of rt-core's errors (`WeftError.code`), and [`json`],
//! the little JSON they write.
#![no_std]

extern crate alloc;

pub mod errors;
pub mod json;
