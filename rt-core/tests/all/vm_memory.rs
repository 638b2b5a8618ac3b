//! Memory stays flat: many calls, and many load/unload cycles, in one process leave the bytes
//! in use where they were. Measured with a counting allocator around the system one (the test
//! thread's bytes, common::counting_alloc).

use crate::Test;
use crate::common::counting_alloc::{in_use, SLACK};
use rt_core::vm::{BytecodeModule, Context, Value};
use weft_test_support as support;

fn ten_thousand_calls_and_a_thousand_loads_leave_memory_flat() {
    let bytes = support::fixture("verify", "loop.vmvx").bytes();
    let module = BytecodeModule::load(bytes.clone()).unwrap();
    let mut ctx = Context::new();
    ctx.register_bytecode(module).unwrap();
    let f = ctx.lookup("count_up").unwrap();
    // Warm up so the reusable stack has its working size.
    ctx.call(f, vec![Value::I32(10)]).unwrap();
    let before = in_use();
    for i in 0..10_000 {
        ctx.call(f, vec![Value::I32(i % 50)]).unwrap();
        // Failing calls must release what they held too.
        ctx.call(f, vec![]).unwrap_err();
    }
    let after_calls = in_use();
    println!("10,000 calls: {before} bytes in use before, {after_calls} after");
    assert!(after_calls - before <= SLACK, "calls leaked {} bytes", after_calls - before);
    drop(ctx);

    let before = in_use();
    for _ in 0..1_000 {
        let module = BytecodeModule::load(bytes.clone()).unwrap();
        let mut ctx = Context::new();
        ctx.register_bytecode(module).unwrap();
        let f = ctx.lookup("count_up").unwrap();
        ctx.call(f, vec![Value::I32(5)]).unwrap();
    }
    let after_loads = in_use();
    println!("1,000 load/unload cycles: {before} bytes in use before, {after_loads} after");
    assert!(after_loads - before <= SLACK, "load/unload leaked {} bytes", after_loads - before);
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("ten_thousand_calls_and_a_thousand_loads_leave_memory_flat", ten_thousand_calls_and_a_thousand_loads_leave_memory_flat),
];
