//! Weft's runtime core.
//!
//! Scope: everything needed to load and run an IREE `.vmfb` produced by `iree-compile` 3.13.0,
//! without the standard library: the container and FlatBuffer reader (`vmfb`), the bytecode
//! instruction table (`isa`), the load-time verifier (`verify`) and the interpreter (`vm`); the
//! byte storage the VM's buffers and the HAL's share (`memory`, below both); the HAL (`hal`),
//! host modules (`modules`) and the parameter files programs read (`params`).
//! Non-goals: anything that needs an operating system or a browser; those live in `glue`.
#![no_std]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod cconv;
mod error;
pub mod hal;
pub mod isa;
pub mod memory;
pub mod modules;
pub mod params;
pub mod reflect;
pub mod session;
pub mod verify;
pub mod vm;
pub mod vmfb;

pub use error::{Error, ErrorKind, Result};
