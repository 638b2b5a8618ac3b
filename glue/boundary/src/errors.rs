//! The stable error codes Weft's JavaScript API reports (`WeftError.code`), for the errors the
//! runtime core raises. JavaScript adds its own (TIMEOUT, ABORTED, RUNTIME_LOST, NETWORK, ...;
//! glue/js/errors.mjs lists every code and checks that each one here is among them).

use rt_core::{Error, ErrorKind};

/// Why a request to the runtime core failed, as a code callers can branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// The bytes are not a program this runtime can read: malformed, failing verification, or
    /// with executables that do not link; or a parameter file that cannot be read as its
    /// format (truncated, corrupt).
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
            ErrorKind::Malformed { .. } | ErrorKind::Verify { .. } | ErrorKind::Link(_) => {
                Code::InvalidProgram
            }
            ErrorKind::ParameterFile { .. } => Code::InvalidProgram,
            ErrorKind::Trap { message, .. } => {
                parameters_failure(message).unwrap_or(Code::ProgramFailed)
            }
            ErrorKind::UnsupportedVersion { .. } => Code::UnsupportedVersion,
            ErrorKind::Unsupported(_) => Code::Unsupported,
            ErrorKind::NotFound(_) => Code::NotFound,
            ErrorKind::InvalidArgument(_) => Code::BadArgument,
            ErrorKind::OutOfMemory(_) => Code::OutOfMemory,
            ErrorKind::KernelTrap { .. } => Code::KernelTrap,
            // A kind added to rt-core later: the message still says what happened.
            _ => Code::ProgramFailed,
        }
    }
}

/// The code of an `io_parameters` call that failed (`NOT_FOUND; io_parameters.load: ...`,
/// the status and export rt-core's host modules put first): the parameters given did not fit
/// the program, which is not the program failing. None for any other trap.
fn parameters_failure(message: &str) -> Option<Code> {
    let (status, rest) = message.split_once("; ")?;
    if !rest.starts_with("io_parameters.") {
        return None;
    }
    Some(match status {
        // A scope or key that no file has.
        "NOT_FOUND" => Code::NotFound,
        // A parameter smaller than what the program reads, or an unusable splat.
        "OUT_OF_RANGE" | "INVALID_ARGUMENT" => Code::BadArgument,
        // A write into a parameter (scatter): sources given to the JS API are read-only.
        "PERMISSION_DENIED" => Code::Unsupported,
        // A read that failed (the JS side gives a more precise code when it knows one).
        "DATA_LOSS" => Code::InvalidProgram,
        _ => Code::ProgramFailed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_upper_snake_case() {
        for (i, a) in Code::ALL.iter().enumerate() {
            assert!(
                a.as_str()
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b == b'_'),
                "{a:?}"
            );
            assert!(
                Code::ALL[i + 1..].iter().all(|b| b.as_str() != a.as_str()),
                "{a:?}"
            );
        }
    }

    #[test]
    fn kinds_map_to_codes() {
        assert_eq!(Code::of(&Error::malformed(0, "x")), Code::InvalidProgram);
        assert_eq!(Code::of(&Error::not_found("f")), Code::NotFound);
        assert_eq!(Code::of(&Error::invalid_argument("a")), Code::BadArgument);
        let trap = Error::new(ErrorKind::KernelTrap {
            message: "k".into(),
            backtrace: "".into(),
        });
        assert_eq!(Code::of(&trap), Code::KernelTrap);
    }

    #[test]
    fn parameter_failures_have_their_own_codes() {
        let trap = |message: &str| {
            Error::new(ErrorKind::Trap {
                message: message.into(),
                backtrace: "".into(),
            })
        };
        assert_eq!(
            Code::of(&trap(
                "NOT_FOUND; io_parameters.load: no parameter `v` in scope 'model'"
            )),
            Code::NotFound
        );
        assert_eq!(
            Code::of(&trap(
                "OUT_OF_RANGE; io_parameters.gather: parameter `v` of 'a.irpa' holds 8 bytes"
            )),
            Code::BadArgument
        );
        assert_eq!(
            Code::of(&trap("PERMISSION_DENIED; io_parameters.scatter: ...")),
            Code::Unsupported
        );
        // The program's own failures keep their code, whatever their status.
        assert_eq!(
            Code::of(&trap("NOT_FOUND; the program says so")),
            Code::ProgramFailed
        );
        assert_eq!(
            Code::of(&Error::parameter_file("w.irpa", "truncated")),
            Code::InvalidProgram
        );
    }
}
