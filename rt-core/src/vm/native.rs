//! Host modules: functions implemented by the runtime that programs import by name.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::value::Value;
use crate::{Error, ErrorKind};

/// One function a host module exports, with its calling convention (e.g. `0rI_r`).
#[derive(Clone, Copy, Debug)]
pub struct NativeFunction {
    pub name: &'static str,
    pub cconv: &'static str,
}

/// What a host call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostFlow {
    /// The call finished and pushed its results.
    Done,
    /// The call cannot finish yet (e.g. a fence not signalled). The invocation suspends
    /// before the calling instruction and issues the call again when resumed. Only
    /// yieldable call sites may yield.
    Yield,
}

/// A module implemented by the host (the HAL, `check`, `vmvx`...).
pub trait NativeModule {
    /// The name programs import it by (`hal`).
    fn name(&self) -> &str;
    /// Compared with a program's `minimum_version` dependency.
    fn version(&self) -> u32;
    fn functions(&self) -> &[NativeFunction];
    /// Calls `functions()[ordinal]`. Arguments arrive flattened in calling-convention order;
    /// a variadic span is an `I32` count followed by that many flattened tuples. Results are
    /// pushed in order.
    fn call(&mut self, ordinal: usize, args: &[Value], results: &mut Vec<Value>) -> Result<HostFlow, Error>;
}

/// Prefixes a host function's error with its qualified name (`hal.buffer_view.assert: ...`),
/// after a trap's status code (`OUT_OF_RANGE; hal.device.queue.fill: ...`) so the code stays
/// first.
pub(crate) fn in_export(qualified_name: &str, e: Error) -> Error {
    let prefix = |m: &String| match m.split_once("; ") {
        Some((code, rest)) if !code.is_empty() && code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') => {
            format!("{code}; {qualified_name}: {rest}")
        }
        _ => format!("{qualified_name}: {m}"),
    };
    Error::new(match e.kind() {
        ErrorKind::InvalidArgument(m) => ErrorKind::InvalidArgument(prefix(m)),
        ErrorKind::Link(m) => ErrorKind::Link(prefix(m)),
        ErrorKind::OutOfMemory(m) => ErrorKind::OutOfMemory(prefix(m)),
        ErrorKind::Trap { message, backtrace } => ErrorKind::Trap { message: prefix(message), backtrace: backtrace.clone() },
        ErrorKind::KernelTrap { message, backtrace } => ErrorKind::KernelTrap { message: prefix(message), backtrace: backtrace.clone() },
        ErrorKind::NotFound(m) => ErrorKind::NotFound(prefix(m)),
        ErrorKind::Unsupported(m) => ErrorKind::Unsupported(prefix(m)),
        other => other.clone(),
    })
}
