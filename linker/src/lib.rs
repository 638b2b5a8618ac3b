//! Weft's dynamic linker for the wasm side modules IREE's llvm-cpu backend embeds in a `.vmfb`.
#![no_std]

extern crate alloc;
