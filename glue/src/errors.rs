//! The stable error codes Weft's JavaScript API reports (`WeftError.code`), for the errors the
//! runtime core raises. JavaScript adds its own (TIMEOUT, ABORTED, RUNTIME_LOST, NETWORK, ...;
//! glue/js/errors.mjs lists every code and checks that each one here is among them).

use rt_core::{Error, ErrorKind};

/// Why a request to the runtime core failed, as a code callers can branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// The bytes are not a program this runtime can read: malformed, failing verification, or
    /// with executables that do not link.
    InvalidProgram,
    /// Compiled by another IREE release (bytecode or executable library version).
    UnsupportedVersion,
    /// A valid program that needs something this runtime or engine does not provide.
    Unsupported,
    /// A function, file or parameter that does not exist.
    NotFound,
    /// Arguments that do not fit the function's signature.
    BadArgument,
    OutOfMemory,
    /// A compiled kernel trapped (out-of-bounds access, division by zero, ...).
    KernelTrap,
    /// The program itself failed (`vm.fail`, a failed check, a VM trap).
    ProgramFailed,
    /// The program was unloaded.
    Unloaded,
}

impl Code {
    pub const ALL: &'static [Code] = &[
        Code::InvalidProgram,
        Code::UnsupportedVersion,
        Code::Unsupported,
        Code::NotFound,
        Code::BadArgument,
        Code::OutOfMemory,
        Code::KernelTrap,
        Code::ProgramFailed,
        Code::Unloaded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidProgram => "INVALID_PROGRAM",
            Code::UnsupportedVersion => "UNSUPPORTED_VERSION",
            Code::Unsupported => "UNSUPPORTED",
            Code::NotFound => "NOT_FOUND",
            Code::BadArgument => "BAD_ARGUMENT",
            Code::OutOfMemory => "OUT_OF_MEMORY",
            Code::KernelTrap => "KERNEL_TRAP",
            Code::ProgramFailed => "PROGRAM_FAILED",
            Code::Unloaded => "UNLOADED",
        }
    }

    /// The code of an error of the runtime core.
    pub fn of(e: &Error) -> Code {
        match e.kind() {
            ErrorKind::Malformed { .. } | ErrorKind::Verify { .. } | ErrorKind::Link(_) => Code::InvalidProgram,
            ErrorKind::UnsupportedVersion { .. } => Code::UnsupportedVersion,
            ErrorKind::Unsupported(_) => Code::Unsupported,
            ErrorKind::NotFound(_) => Code::NotFound,
            ErrorKind::InvalidArgument(_) => Code::BadArgument,
            ErrorKind::OutOfMemory(_) => Code::OutOfMemory,
            ErrorKind::KernelTrap { .. } => Code::KernelTrap,
            ErrorKind::Trap { .. } => Code::ProgramFailed,
            // A kind added to rt-core later: the message still says what happened.
            _ => Code::ProgramFailed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_upper_snake_case() {
        for (i, a) in Code::ALL.iter().enumerate() {
            assert!(a.as_str().bytes().all(|b| b.is_ascii_uppercase() || b == b'_'), "{a:?}");
            assert!(Code::ALL[i + 1..].iter().all(|b| b.as_str() != a.as_str()), "{a:?}");
        }
    }

    #[test]
    fn kinds_map_to_codes() {
        assert_eq!(Code::of(&Error::malformed(0, "x")), Code::InvalidProgram);
        assert_eq!(Code::of(&Error::not_found("f")), Code::NotFound);
        assert_eq!(Code::of(&Error::invalid_argument("a")), Code::BadArgument);
        let trap = Error::new(ErrorKind::KernelTrap { message: "k".into(), backtrace: "".into() });
        assert_eq!(Code::of(&trap), Code::KernelTrap);
    }
}
