//! Any bytes as a parameter file of each format (`.irpa`, safetensors, GGUF): indexing returns
//! Ok or Err, never panics, hangs or reads out of bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rt_core::ParameterScopes;

fuzz_target!(|data: &[u8]| {
    let mut scopes = ParameterScopes::default();
    for name in ["f.irpa", "f.safetensors", "f.gguf"] {
        let _ = scopes.add_file("", name, Box::new(data.to_vec()));
    }
});
