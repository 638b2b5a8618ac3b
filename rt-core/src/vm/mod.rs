//! The bytecode virtual machine.
//!
//! Scope: a verified `.vmfb` module (`BytecodeModule`), the values it computes with
//! (`Value`, `Ref`, `vm.buffer`, `vm.list`), host modules it imports (`NativeModule`), the
//! `Context` that links them and runs `__init`, and the interpreter (`exec`).
//! Non-goals: the HAL and other host modules (they implement `NativeModule` elsewhere) and
//! anything platform-specific.

pub mod buffer;
pub mod bytecode_module;
pub mod context;
mod exec;
pub mod list;
pub mod native;
pub mod value;

use alloc::string::String;

pub use buffer::VmBuffer;
pub use bytecode_module::BytecodeModule;
pub use context::{Context, Function, Poll};
pub use list::VmList;
pub use native::{HostFlow, NativeFunction, NativeModule};
pub use value::{Object, Ref, Value};

/// How often each instruction executed, by `isa::ALL_OPS` index, across every context of
/// the process (built with the `op-counts` feature: the tests use it to report ISA coverage).
#[cfg(feature = "op-counts")]
pub static OP_COUNTS: [core::sync::atomic::AtomicU64; crate::isa::ALL_OPS.len()] =
    [const { core::sync::atomic::AtomicU64::new(0) }; crate::isa::ALL_OPS.len()];

/// Why an instruction could not complete. The executor turns it into `ErrorKind::Trap` with a
/// backtrace of the frames that were running.
#[derive(Debug, Clone, PartialEq)]
pub struct Trap {
    pub message: String,
}

impl Trap {
    #[cold]
    pub fn new(message: impl Into<String>) -> Trap {
        Trap { message: message.into() }
    }
}
