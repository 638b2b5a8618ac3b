//! Host modules: functions implemented by the runtime that programs import by name.

use alloc::vec::Vec;

use super::value::Value;
use crate::Error;

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
