//! Tensor programs of the corpus under load, in one process: 10,000 calls (every tenth one a bad
//! input that must fail cleanly) and 1,000 load/call/unload cycles in one session leave both the HAL
//! allocator's bytes in use and the heap (the test thread's bytes in use, common::counting_alloc)
//! where they were. Expected results are the reference runtime's (the corpus oracle). Bad inputs:
//! corpus_bad_inputs.rs.

use crate::Test;
use crate::common::calls::{error_of, printed};
use crate::common::counting_alloc::{in_use as heap, SLACK};
use rt_core::session::{format_results, Session};
use weft_test_support::oracle::{recorded, same_printed};
use weft_test_support as support;

/// A session with `program` loaded, and the program's module name.
fn session_with(program: &str) -> (Session, String) {
    let mut s = Session::new().unwrap();
    let module = s.load_program(support::fixture("corpus", &format!("{program}.vmvx")).bytes()).unwrap();
    (s, module.name.clone())
}

fn same_stdout(ours: &str, reference: &str) -> bool {
    same_printed(ours, reference.split_once('\n').map_or("", |(_, rest)| rest))
        || same_printed(ours, reference)
}

fn ten_thousand_tensor_calls_and_a_thousand_load_cycles_leave_memory_flat() {
    // 10,000 calls of a matmul (dispatches through the HAL every time) in one session.
    let (function, inputs, stdout) = recorded("corpus", "mm_linalg", 0);
    let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let (mut s, name) = session_with("mm_linalg");
    let first = printed(&function, &mut s, &args);
    assert!(same_stdout(&first, &stdout), "first call differs from the reference:\n{first}\nvs\n{stdout}");
    let (hal_before, heap_before) = (s.device().allocator().bytes_in_use(), heap());
    let bad_shape = "3x3xf32=1 2 3 4 5 6 7 8 9";
    let mut trace = Vec::with_capacity(16);
    for i in 0..10_000 {
        if i % 10 == 9 {
            let e = error_of(s.call_text(&function, &[bad_shape, args[1]]));
            assert!(e.contains("3x3") || e.contains("shape"), "bad shape error: {e}");
        } else {
            let results = s.call_text(&function, &args).unwrap();
            if i % 1000 == 0 {
                assert_eq!(format_results(&function, &results).unwrap(), first, "call {i}");
                drop(results);
                trace.push(heap());
            }
        }
    }
    let (hal_after, heap_after) = (s.device().allocator().bytes_in_use(), heap());
    println!("heap every 1,000 calls: {trace:?}");
    println!("10,000 mm_linalg calls (1,000 of them bad inputs): HAL bytes in use {hal_before} -> {hal_after}, heap {heap_before} -> {heap_after}");
    assert_eq!(hal_after, hal_before, "HAL buffers leaked");
    assert!(heap_after - heap_before <= SLACK, "calls leaked {} heap bytes", heap_after - heap_before);
    // 1,000 cycles of loading the softmax program into the SAME session, calling it and
    // unloading it (the matmul program is unloaded first: both are called `module`).
    s.unload_program(&name).unwrap();
    let (function, inputs, stdout) = recorded("corpus", "softmax_linalg", 0);
    let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let bytes: std::rc::Rc<[u8]> = support::fixture("corpus", "softmax_linalg.vmvx").bytes().into();
    let cycle = |s: &mut Session, check: bool| {
        let module = s.load_program(bytes.clone()).unwrap();
        let out = printed(&function, s, &args);
        if check {
            assert!(same_stdout(&out, &stdout), "softmax differs from the reference:\n{out}\nvs\n{stdout}");
        }
        s.unload_program(&module.name).unwrap();
        let gone = error_of(s.call_text(&function, &args));
        assert!(gone.contains("no program is registered"), "a call after unload: {gone}");
    };
    cycle(&mut s, true);
    let (hal_before, heap_before) = (s.device().allocator().bytes_in_use(), heap());
    for i in 0..1_000 {
        cycle(&mut s, i % 100 == 0);
    }
    let (hal_after, heap_after) = (s.device().allocator().bytes_in_use(), heap());
    println!("1,000 load/call/unload cycles of softmax_linalg in one session: HAL bytes in use {hal_before} -> {hal_after}, heap {heap_before} -> {heap_after}");
    assert_eq!(hal_after, hal_before, "unloaded programs kept HAL buffers");
    assert!(heap_after - heap_before <= SLACK, "load cycles leaked {} heap bytes", heap_after - heap_before);
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("ten_thousand_tensor_calls_and_a_thousand_load_cycles_leave_memory_flat", ten_thousand_tensor_calls_and_a_thousand_load_cycles_leave_memory_flat),
];
