//! Any bytes: planning and linking a side module returns Ok or Err, never panics; and
//! whatever `link` returns is valid wasm.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linker::{Bindings, FunctionBinding, MemoryLimits};

fuzz_target!(|data: &[u8]| {
    let Ok(plan) = linker::plan(data) else { return };
    let functions: Vec<FunctionBinding> =
        plan.functions().map(|(symbol, _)| FunctionBinding { symbol, module: "weft", name: symbol }).collect();
    let bindings = Bindings {
        memory_base: 1 << 20,
        table_base: 1,
        memory: MemoryLimits { initial_pages: 64, maximum_pages: 65536 },
        functions: &functions,
        got: &[],
    };
    if let Ok(linked) = linker::link(data, &plan, &bindings) {
        linker::validate(&linked).expect("link produced invalid wasm");
    }
});
