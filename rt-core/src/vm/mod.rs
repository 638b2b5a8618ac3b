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
pub use context::{Context, Function};
pub use list::VmList;
pub use native::{HostFlow, NativeFunction, NativeModule};
pub use value::{Object, Ref, Value};

/// How often each instruction executed, by `isa::ALL_OPS` index, across every context of
/// the process (built with the `op-counts` feature: the tests use it to report ISA coverage).
#[cfg(feature = "op-counts")]
pub static OP_COUNTS: [core::sync::atomic::AtomicU64; crate::isa::ALL_OPS.len()] =
    [const { core::sync::atomic::AtomicU64::new(0) }; crate::isa::ALL_OPS.len()];

/// The category of a failure, with IREE's status code numbers and names, so errors read as
/// the reference runtime's do (`OUT_OF_RANGE; ...`) and `vm.fail` keeps the program's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
    Deferred = 17,
    Incompatible = 18,
}

impl Status {
    const ALL: [Status; 18] = [
        Status::Cancelled, Status::Unknown, Status::InvalidArgument, Status::DeadlineExceeded,
        Status::NotFound, Status::AlreadyExists, Status::PermissionDenied, Status::ResourceExhausted,
        Status::FailedPrecondition, Status::Aborted, Status::OutOfRange, Status::Unimplemented,
        Status::Internal, Status::Unavailable, Status::DataLoss, Status::Unauthenticated,
        Status::Deferred, Status::Incompatible,
    ];

    /// The status with IREE's numeric code (`vm.fail` operands); unknown codes are `Unknown`.
    pub fn from_code(code: i32) -> Status {
        Status::ALL.into_iter().find(|s| *s as i32 == code).unwrap_or(Status::Unknown)
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::Cancelled => "CANCELLED",
            Status::Unknown => "UNKNOWN",
            Status::InvalidArgument => "INVALID_ARGUMENT",
            Status::DeadlineExceeded => "DEADLINE_EXCEEDED",
            Status::NotFound => "NOT_FOUND",
            Status::AlreadyExists => "ALREADY_EXISTS",
            Status::PermissionDenied => "PERMISSION_DENIED",
            Status::ResourceExhausted => "RESOURCE_EXHAUSTED",
            Status::FailedPrecondition => "FAILED_PRECONDITION",
            Status::Aborted => "ABORTED",
            Status::OutOfRange => "OUT_OF_RANGE",
            Status::Unimplemented => "UNIMPLEMENTED",
            Status::Internal => "INTERNAL",
            Status::Unavailable => "UNAVAILABLE",
            Status::DataLoss => "DATA_LOSS",
            Status::Unauthenticated => "UNAUTHENTICATED",
            Status::Deferred => "DEFERRED",
            Status::Incompatible => "INCOMPATIBLE",
        }
    }
}

/// Why an instruction could not complete. The executor turns it into `ErrorKind::Trap` with a
/// backtrace of the frames that were running; its message reads `STATUS; what happened`.
#[derive(Debug, Clone, PartialEq)]
pub struct Trap {
    pub status: Status,
    pub message: String,
}

impl Trap {
    #[cold]
    pub fn new(status: Status, message: impl Into<String>) -> Trap {
        Trap { status, message: message.into() }
    }

    /// `STATUS; message`, as the error shows it.
    pub fn text(&self) -> String {
        alloc::format!("{}; {}", self.status.name(), self.message)
    }
}
