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

mod error;
pub mod vmfb;

/// Modules whose insides only rt-core's own integration tests reach: public with the test-only
/// feature `internals` (rt-core's dev-dependency on itself turns it on), private otherwise, so
/// an embedder sees the re-exports below and `vmfb`, nothing else.
macro_rules! internal_modules {
    ($($name:ident),*) => {$(
        #[cfg(feature = "internals")]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        mod $name;
    )*};
}
internal_modules!(cconv, hal, isa, memory, modules, params, reflect, session, verify, vm);

pub use error::{Error, ErrorKind, Result};

// What an embedder (glue's bindings, the wasm executable loader, the test runner) works with.
pub use cconv::{CallingConvention, Param, ValueType};
pub use hal::buffer::{memory_type, usage, Buffer};
pub use hal::buffer_view::{
    dense_byte_length, describe as describe_tensor, format_trace, BufferView, DENSE_ROW_MAJOR,
};
pub use hal::executable::{unsupported_format, Binding, Dispatch, Executable, ExecutableLoader};
pub use hal::npy::read_npy;
pub use hal::text_format::DEFAULT_MAX_ELEMENT_COUNT;
pub use hal::{format_scalar, ElementType, Scalar};
pub use memory::Block;
pub use modules::check::CheckModule;
#[cfg(feature = "std")]
pub use params::FileSource;
pub use params::{
    parameters_read, ParameterCall, ParameterRead, ParameterScopes, ParameterSource, Storage,
};
pub use reflect::DeclType;
pub use session::{
    format_results, Input, LooseScalar, Output, PreparedCall, Session, SessionOptions,
};
pub use vm::{BytecodeModule, Value};
pub use vmfb::ModuleDef;
