//! The linker's integration tests, in one test binary: one module per area, sharing `common`.

mod common;

mod fixtures;
mod golden;
mod half;
mod regions;
mod run_node;
mod wrapper;
