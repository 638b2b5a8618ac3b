//! Any bytes: reading + verifying a `.vmfb` and linking it into a context returns Ok or Err,
//! never panics, hangs or reads out of bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rt_core::vm::{BytecodeModule, Context};

fuzz_target!(|data: &[u8]| {
    if let Ok(module) = BytecodeModule::load(data.to_vec()) {
        let _ = Context::new().register_bytecode(module);
    }
});
