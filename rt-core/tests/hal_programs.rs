//! Every program of `tests/programs/hal` (tensor programs dispatching VMVX executables) gives
//! the reference runtime's results through Weft's HAL, call for call, and prints what
//! `iree-run-module` printed.

mod common;

use common::oracle;

#[test]
fn hal_programs_match_the_reference_runtime() {
    let programs = oracle::programs("hal");
    assert!(programs.len() >= 25, "only {} hal programs", programs.len());
    let mut failures = Vec::new();
    let mut calls = 0;
    for program in &programs {
        let (f, n) = oracle::run(program);
        failures.extend(f);
        calls += n;
    }
    println!("{} programs, {calls} calls compared with the reference runtime", programs.len());
    assert!(failures.is_empty(), "{} of {calls} calls differ:\n{}", failures.len(), failures.join("\n"));
}
