//! The crate's error: what went wrong, in which section, at which byte.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// What kind of failure an [`Error`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The bytes are not a well-formed wasm module (truncated, bad LEB, bad section, ...).
    Malformed,
    /// Well-formed, but uses something this linker does not handle (named in the message).
    Unsupported,
    /// The module fails wasm validation for a reason the linker does not repair.
    Invalid,
    /// Imports the bindings do not resolve; every one of them is listed.
    Unresolved(Vec<String>),
    /// The bindings contradict the plan (misaligned base, memory too small, ...).
    BadBindings,
    /// The plan handed to `link` was not made from these bytes.
    PlanMismatch,
    /// A data segment, relocation or element segment would write outside the memory or table
    /// region the runtime reserves for the module (`dylink.0`).
    OutsideRegion,
}

/// A linker error naming the section and the byte offset (in the input module) where it arose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The section concerned: a standard section name ("import", "code", ...), a custom section
    /// name ("dylink.0", "target_features", ...), "module" or "bindings".
    pub section: String,
    /// Byte offset in the module the error refers to (0 when not about a position).
    pub offset: u64,
    pub message: String,
}

impl Error {
    pub(crate) fn new(
        kind: ErrorKind,
        section: &str,
        offset: u64,
        message: impl Into<String>,
    ) -> Self {
        Error {
            kind,
            section: section.into(),
            offset,
            message: message.into(),
        }
    }

    pub(crate) fn malformed(section: &str, err: &wasmparser::BinaryReaderError) -> Self {
        Error::new(
            ErrorKind::Malformed,
            section,
            err.offset(),
            String::from(err.message()),
        )
    }

    pub(crate) fn unsupported(section: &str, offset: u64, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Unsupported, section, offset, message)
    }

    pub(crate) fn bindings(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::BadBindings, "bindings", 0, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Unresolved(names) => {
                write!(
                    f,
                    "unresolved imports ({}): {}",
                    names.len(),
                    names.join(", ")
                )
            }
            ErrorKind::BadBindings => write!(f, "bad bindings: {}", self.message),
            ErrorKind::PlanMismatch => write!(f, "plan mismatch: {}", self.message),
            kind => {
                let what = match kind {
                    ErrorKind::Malformed => "malformed module",
                    ErrorKind::Unsupported => "unsupported module",
                    ErrorKind::OutsideRegion => "module writes outside the region reserved for it",
                    _ => "invalid module",
                };
                write!(
                    f,
                    "{what}: {} section at byte {:#x}: {}",
                    self.section, self.offset, self.message
                )
            }
        }
    }
}

impl core::error::Error for Error {}

/// Converts a re-encoder failure inside pass `pass` into an [`Error`].
pub(crate) fn from_reencode<E: fmt::Display>(
    pass: &str,
    err: wasm_encoder::reencode::Error<E>,
) -> Error {
    use wasm_encoder::reencode::Error as R;
    match err {
        R::ParseError(e) => Error::malformed(pass, &e),
        R::UserError(e) => Error::unsupported(pass, 0, alloc::format!("{e}")),
        other => Error::unsupported(pass, 0, alloc::format!("{other}")),
    }
}
