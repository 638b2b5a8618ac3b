//! weft-run's integration tests, in one test binary (one module per area).

mod check_mode;
mod iree_run_module;
