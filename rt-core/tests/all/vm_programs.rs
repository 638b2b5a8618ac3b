//! Every program of `tests/programs/vm` (scalar code that stays in the VM) gives the
//! reference runtime's results through Weft's interpreter, call for call.

use crate::common::replay;
use weft_test_support::oracle;

#[test]
fn vm_programs_match_the_reference_runtime() {
    let programs = oracle::programs("vm");
    assert!(!programs.is_empty());
    let (failures, calls) = replay::run_all(&programs);
    println!("{} programs, {calls} calls compared with the reference runtime", programs.len());
    assert!(failures.is_empty(), "{} of {calls} calls differ:\n{}", failures.len(), failures.join("\n"));
}

/// With `--features op-counts`: which of the ISA's instructions the programs executed.
#[cfg(feature = "op-counts")]
#[test]
fn isa_coverage_report() {
    use rt_core::isa::ALL_OPS;
    use std::sync::atomic::Ordering;
    for program in &oracle::programs("vm") {
        replay::run(program);
    }
    let executed: Vec<&str> = ALL_OPS
        .iter()
        .filter(|&&op| rt_core::vm::OP_COUNTS[op as usize].load(Ordering::Relaxed) > 0)
        .map(|op| op.mnemonic())
        .collect();
    let missing: Vec<&str> = ALL_OPS
        .iter()
        .filter(|&&op| rt_core::vm::OP_COUNTS[op as usize].load(Ordering::Relaxed) == 0)
        .map(|op| op.mnemonic())
        .collect();
    println!("ISA coverage: {} of {} instructions executed", executed.len(), ALL_OPS.len());
    println!("not executed: {}", missing.join(" "));
}
