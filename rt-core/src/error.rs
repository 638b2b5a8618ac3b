//! The one error type of rt-core.
//!
//! `Error` is a boxed `ErrorKind` so that `Result<T, Error>` stays one pointer wide on the hot
//! path. Every kind renders a message a user can act on: what was wrong and what was expected.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

/// Why an operation failed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The `.vmfb` bytes are not a well-formed module (bad magic, truncated, an offset or
    /// length outside the file). `offset` is absolute within the file given to the reader.
    Malformed { offset: usize, message: String },
    /// The module was written for a bytecode version this runtime does not execute.
    UnsupportedVersion { found_major: u16, found_minor: u16 },
    /// The bytecode of a function failed load-time verification.
    Verify { function: String, pc: usize, message: String },
    /// An import, dependency or export could not be resolved.
    Link(String),
    /// A function, file or parameter that was asked for does not exist.
    NotFound(String),
    /// A well-formed program needs something this runtime does not provide (an executable
    /// format, an import table, an engine feature).
    Unsupported(String),
    /// A caller passed arguments that do not fit the callee's signature.
    InvalidArgument(String),
    /// The program stopped: `vm.fail`, a trap (division by zero, out-of-bounds access) or a
    /// failing host call. `backtrace` lists function names, innermost first.
    Trap { message: String, backtrace: String },
    /// A dispatched kernel (compiled executable code) trapped or returned a failure status.
    /// `backtrace` is the VM's, as for [`ErrorKind::Trap`].
    KernelTrap { message: String, backtrace: String },
    /// An allocation beyond what the runtime may use.
    OutOfMemory(String),
    /// A parameter file (`.irpa`, `.safetensors`, `.gguf`) that cannot be indexed: its name,
    /// and what is wrong with it.
    ParameterFile { file: String, message: String },
}

#[derive(Clone, PartialEq)]
pub struct Error(Box<ErrorKind>);

impl Error {
    #[cold]
    pub fn new(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }

    #[cold]
    pub fn malformed(offset: usize, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Malformed { offset, message: message.into() })
    }

    #[cold]
    pub fn link(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Link(message.into()))
    }

    #[cold]
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound(message.into()))
    }

    #[cold]
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unsupported(message.into()))
    }

    #[cold]
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument(message.into()))
    }

    #[cold]
    pub fn parameter_file(file: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ParameterFile { file: file.into(), message: message.into() })
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Malformed { offset, message } => {
                write!(f, "malformed .vmfb: {message} (at offset {offset:#x})")
            }
            ErrorKind::UnsupportedVersion { found_major, found_minor } => write!(
                f,
                "unsupported bytecode version {found_major}.{found_minor}: Weft runs bytecode 17.x, \
                 which iree-base-compiler 3.13.0 emits; recompile the program with that release"
            ),
            ErrorKind::Verify { function, pc, message } => {
                write!(f, "invalid bytecode in function '{function}' at pc {pc:#x}: {message}")
            }
            ErrorKind::Link(message) => write!(f, "link error: {message}"),
            ErrorKind::NotFound(message) | ErrorKind::Unsupported(message) => write!(f, "{message}"),
            ErrorKind::InvalidArgument(message) => write!(f, "invalid argument: {message}"),
            ErrorKind::Trap { message, backtrace } | ErrorKind::KernelTrap { message, backtrace } => {
                write!(f, "{message}")?;
                if !backtrace.is_empty() {
                    write!(f, "\n{backtrace}")?;
                }
                Ok(())
            }
            ErrorKind::OutOfMemory(message) => write!(f, "out of memory: {message}"),
            ErrorKind::ParameterFile { file, message } => write!(f, "parameter file '{file}': {message}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    #[test]
    fn error_is_one_pointer() {
        assert_eq!(core::mem::size_of::<super::Error>(), core::mem::size_of::<usize>());
    }
}
