//! Every program of `tests/programs/vm` (scalar code that stays in the VM) gives the
//! reference runtime's results through Weft's interpreter, call for call.

use crate::common::programs::{self, all_calls_match};
use crate::common::replay;
use libtest_mimic::Trial;
use weft_test_support::oracle;

/// One trial per program: each call gives the reference runtime's result.
pub fn trials() -> Vec<Trial> {
    let list = || oracle::programs("vm").into_iter().map(|p| (format!("vm/{}.vmvx", p.name), p)).collect();
    programs::trials("vm_programs", "vm", 20, list, |p| all_calls_match(replay::run(&p)))
}

/// With `--features op-counts`: which of the ISA's instructions the programs' bytecode contains
/// (walked by the verifier's decoder) and which the programs executed. Modules the verifier
/// refuses (the compiler's vm.cond_break without its condition) are named, not walked.
#[cfg(feature = "op-counts")]
pub fn isa_coverage_report() {
    use rt_core::isa::{Op, ALL_OPS};
    use rt_core::{verify, vmfb};
    use std::sync::atomic::Ordering;
    let (mut in_bytecode, mut refused) = (vec![false; ALL_OPS.len()], Vec::new());
    for fixture in weft_test_support::fixtures("vm").iter().filter(|f| f.target == "vmvx") {
        let bytes = fixture.bytes();
        let def = vmfb::parse(&bytes).unwrap();
        for ordinal in 0..def.function_descriptors.len() {
            match verify::instructions(&def, ordinal) {
                Ok(ops) => ops.into_iter().for_each(|(_, op)| in_bytecode[op as usize] = true),
                Err(e) => refused.push(format!("{} function {ordinal}: {e}", fixture.stem)),
            }
        }
    }
    for program in &oracle::programs("vm") {
        replay::run(program);
    }
    let present = |op: &Op| in_bytecode[*op as usize];
    let executed = |op: &Op| rt_core::vm::OP_COUNTS[*op as usize].load(Ordering::Relaxed) > 0;
    let names = |ops: Vec<&Op>| ops.into_iter().map(|op| op.mnemonic()).collect::<Vec<_>>().join(" ");
    let absent: Vec<&Op> = ALL_OPS.iter().filter(|op| !present(op)).collect();
    let not_run: Vec<&Op> = ALL_OPS.iter().filter(|op| present(op) && !executed(op)).collect();
    println!(
        "ISA coverage: {} of {} instructions in the programs' bytecode, {} executed",
        ALL_OPS.iter().filter(|op| present(op)).count(),
        ALL_OPS.len(),
        ALL_OPS.iter().filter(|op| executed(op)).count()
    );
    println!("in no program: {}", names(absent));
    println!("present but not executed: {}", names(not_run));
    println!("not walked (the verifier refuses them): {}", refused.join("; "));
    assert!(ALL_OPS.iter().filter(|op| executed(op)).all(present), "an instruction ran that the walk did not find");
}
