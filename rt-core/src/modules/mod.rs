//! Host modules implemented in Rust that programs import by name.
//!
//! Scope: modules whose functions are pure computations over VM values (today `vmvx`, the
//! microkernels VMVX executables call). Non-goals: the `hal` module, which lives with the HAL.

pub mod check;
pub mod vmvx;
