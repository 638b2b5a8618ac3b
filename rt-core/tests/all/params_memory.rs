//! Loading `tests/programs/params/large.mlir`, whose four parameters total 100 MiB, from its
//! `.irpa` file read in place: the heap (the test thread's bytes in use, common::counting_alloc)
//! peaks at the parameters plus a little bookkeeping, never a second copy of them, and returns
//! to where it was when the session goes. The call's result is the reference runtime's.

use crate::Test;
use crate::common::counting_alloc::{in_use, peak, reset_peak, SLACK};
use crate::common::replay::session_for_run;
use rt_core::params::{FileSource, ParameterScopes};
use rt_core::session::format_results;
use weft_test_support::oracle::{self, Fields};
use weft_test_support::repo_root;

const MIB: f64 = 1024.0 * 1024.0;

/// Bookkeeping allowed beside the parameters while the program loads (module, index, globals).
const BOOKKEEPING: isize = 2 << 20;

fn loading_100_mib_of_parameters_holds_one_copy() {
    let program = oracle::programs("params").into_iter().find(|p| p.name == "large").expect("params/large");
    let run = &program.oracle.arr("runs")[0];
    let call = &run.arr("calls")[0];

    // What the archive holds, from its own index.
    let file = run.arr("parameters")[0].str("file").unwrap();
    let mut scopes = ParameterScopes::default();
    scopes.add_file("big", file, Box::new(FileSource::open(repo_root().join(file)).unwrap())).unwrap();
    let total: u64 = scopes.index("big").unwrap().entries().map(|(e, _)| e.length).sum();
    drop(scopes);
    assert!(total >= 100 << 20, "the parameters are only {total} bytes");

    let before = in_use();
    let module = std::fs::read(&program.module).unwrap();
    let mut session = session_for_run(run).unwrap();
    reset_peak();
    let base = in_use();
    session.load_program(module).unwrap();
    let (load_peak, held) = (peak() - base, in_use() - base);
    let hal_bytes = session.device().allocator().bytes_in_use();
    println!("parameters in the archive: {total} bytes ({:.1} MiB)", total as f64 / MIB);
    println!("heap while loading: peak +{load_peak} bytes ({:.2} MiB), after loading +{held} bytes", load_peak as f64 / MIB);
    println!(
        "peak over the parameters: {} bytes ({:.3}x the parameters); HAL buffers in use: {hal_bytes} bytes",
        load_peak - total as isize,
        load_peak as f64 / total as f64
    );
    assert!(held >= total as isize, "the loaded parameters are not all in memory ({held} of {total} bytes)");
    assert!(
        load_peak < total as isize + BOOKKEEPING,
        "loading held {load_peak} bytes at its peak for {total} bytes of parameters: more than one copy"
    );

    let function = call.str("function").unwrap();
    let inputs: Vec<&str> = call.strs("inputs");
    let results = session.call_text(function, &inputs).unwrap();
    assert_eq!(format_results(function, &results).unwrap(), call.get("iree_run_module").unwrap().str("stdout").unwrap());
    drop(results);
    drop(session);
    let left = in_use() - before;
    println!("heap after the session is dropped: {left:+} bytes against before it was made");
    assert!(left.abs() <= SLACK, "{left} bytes stayed allocated");
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("loading_100_mib_of_parameters_holds_one_copy", loading_100_mib_of_parameters_holds_one_copy),
];
