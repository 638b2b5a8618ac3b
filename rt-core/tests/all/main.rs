//! rt-core's integration tests, in one test binary: one module per area (each was a binary of
//! its own), so the helpers compile and the binary links once. The memory tests count their own
//! thread's allocations (common::counting_alloc), so they can run beside the others.

mod common;
mod vmvx_support;

mod check_programs;
mod corpus;
mod corpus_bad_inputs;
mod corpus_memory;
mod hal_module;
mod hal_programs;
mod hal_session;
mod hal_text_errors;
mod hal_text_format;
mod hal_text_npy;
mod params;
mod params_memory;
mod vm_linking;
mod vm_memory;
mod vm_programs;
mod vm_verify;
mod vmfb_reader;
mod vmfb_reflect;
mod vmvx_copy_fill;
mod vmvx_dispatch;
mod vmvx_elementwise;
mod vmvx_mmt4d;
mod vmvx_module;
mod vmvx_pack;
mod vmvx_reference;
