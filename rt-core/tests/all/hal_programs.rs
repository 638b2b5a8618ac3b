//! Every program of `tests/programs/hal` (tensor programs dispatching VMVX executables) gives
//! the reference runtime's results through Weft's HAL, call for call, and prints what
//! `iree-run-module` printed.

use crate::common::replay;
use weft_test_support::oracle;

#[test]
fn hal_programs_match_the_reference_runtime() {
    let programs = oracle::programs("hal");
    assert!(programs.len() >= 25, "only {} hal programs", programs.len());
    let mut failures = Vec::new();
    let mut calls = 0;
    let mut hal_calls = std::collections::BTreeMap::new();
    for program in &programs {
        let (f, n) = replay::run_counting(program, &mut hal_calls);
        failures.extend(f);
        calls += n;
    }
    println!("{} programs, {calls} calls compared with the reference runtime", programs.len());
    let (used, unused): (Vec<_>, Vec<_>) = hal_calls.iter().partition(|(_, &n)| n > 0);
    println!("hal exports the programs call ({}): {}", used.len(), used.iter().map(|(k, n)| format!("{k}×{n}")).collect::<Vec<_>>().join(", "));
    println!("hal exports no program calls ({}): {}", unused.len(), unused.iter().map(|(k, _)| **k).collect::<Vec<_>>().join(", "));
    assert!(failures.is_empty(), "{} of {calls} calls differ:\n{}", failures.len(), failures.join("\n"));
}

/// The same programs, and the microkernel suite, built with `--iree-vmvx-enable-microkernels`:
/// their executables import the `vmvx` module, which every VMVX executable gets.
#[test]
fn microkernel_builds_match_the_reference_runtime() {
    let mut programs = oracle::programs_for("hal", "vmvx-ukernels");
    programs.extend(oracle::programs_for("ukernels", "vmvx-ukernels"));
    assert!(programs.len() >= 10, "only {} vmvx-ukernels builds", programs.len());
    let (failures, calls) = replay::run_all(&programs);
    println!("{} microkernel builds, {calls} calls compared with the reference runtime", programs.len());
    assert!(failures.is_empty(), "{} of {calls} calls differ:\n{}", failures.len(), failures.join("\n"));
}
