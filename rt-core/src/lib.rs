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

// The types an embedder works with (glue's bindings, the wasm executable loader, the test
// runner) import from here. The modules stay public for the integration tests, which exercise
// their insides; functions keep their module's name (`vmfb::parse`, `hal::npy::read_npy`).
pub use cconv::{CallingConvention, Param, ValueType};
pub use hal::buffer::Buffer;
pub use hal::buffer_view::BufferView;
pub use hal::executable::{Binding, Dispatch, Executable, ExecutableLoader};
pub use hal::{ElementType, Scalar};
pub use memory::Block;
pub use modules::check::CheckModule;
#[cfg(feature = "std")]
pub use params::FileSource;
pub use params::{ParameterScopes, ParameterSource, Storage};
pub use reflect::DeclType;
pub use session::{Input, LooseScalar, Output, PreparedCall, Session, SessionOptions};
pub use vm::{BytecodeModule, Value};
pub use vmfb::ModuleDef;
