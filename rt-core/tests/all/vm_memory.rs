//! Memory stays flat: many calls, and many load/unload cycles, in one process leave the bytes
//! in use where they were. Measured with a counting allocator around the system one (the test
//! thread's bytes, common::counting_alloc).

use crate::Test;
use crate::common::counting_alloc::{in_use, SLACK};
use crate::common::flatbuffer::Raw;
use rt_core::vm::context::{MAX_GLOBAL_BYTES, MAX_GLOBAL_REFS};
use rt_core::vm::{BytecodeModule, Context, Value};
use rt_core::ErrorKind;
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

/// A program declaring more global storage than a program may have is refused before anything
/// is reserved, naming the count and the limit; at the limit it loads and runs as before. (The
/// fuzzer found a file declaring 1,056,964,609 ref globals: 25 GB at 24 bytes a slot natively.)
fn declared_globals_are_bounded() {
    let bytes = support::fixture("vm", "vm_globals.vmvx").bytes();
    let raw = Raw::new(&bytes);
    let state = raw.deref(raw.field(raw.root(), 11)); // BytecodeModuleDef.module_state
    let get = |ctx: &mut Context| {
        let f = ctx.lookup("get").unwrap();
        ctx.call(f, vec![]).unwrap()
    };
    let mut ctx = Context::new();
    ctx.register_bytecode(BytecodeModule::load(bytes.clone()).unwrap()).unwrap();
    let expected = get(&mut ctx);
    ctx.unregister("vm_globals").unwrap();

    // ModuleStateDef: global_bytes_capacity, global_ref_count.
    for (slot, limit, what) in [(0, MAX_GLOBAL_BYTES, "bytes of"), (1, MAX_GLOBAL_REFS, "ref")] {
        let with_count = |count: usize| {
            let mut b = bytes.clone();
            let at = raw.field(state, slot);
            b[at..at + 4].copy_from_slice(&u32::try_from(count).unwrap().to_le_bytes());
            BytecodeModule::load(b).unwrap()
        };
        for count in [limit + 1, i32::MAX as usize] {
            let e = ctx.register_bytecode(with_count(count)).unwrap_err();
            println!("{count} {what} globals: {e}");
            assert!(matches!(e.kind(), ErrorKind::OutOfMemory(_)), "{e:?}");
            let message = format!("module 'vm_globals' declares {count} {what} globals; a program may declare at most {limit}");
            assert!(e.to_string().contains(&message), "{e}");
        }
        ctx.register_bytecode(with_count(limit)).unwrap();
        assert_eq!(get(&mut ctx), expected, "with {limit} {what} globals");
        ctx.unregister("vm_globals").unwrap();
    }
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("ten_thousand_calls_and_a_thousand_loads_leave_memory_flat", ten_thousand_calls_and_a_thousand_loads_leave_memory_flat),
    ("declared_globals_are_bounded", declared_globals_are_bounded),
];
