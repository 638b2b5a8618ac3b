//! Host modules implemented in Rust that programs import by name.
//!
//! Scope: `check` (the assertions of IREE's self-checking test programs), `io_parameters`
//! (globals read from parameter files, over `params`) and `vmvx` (the microkernels VMVX
//! executables call). Non-goals: the `hal` module, which lives with the HAL.

pub mod check;
pub mod io_parameters;
pub mod vmvx;
