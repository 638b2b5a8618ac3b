//! Every program of `tests/programs/hal` (tensor programs dispatching VMVX executables) gives
//! the reference runtime's results through Weft's HAL, call for call, and prints what
//! `iree-run-module` printed; the same programs, and the microkernel suite, built with
//! `--iree-vmvx-enable-microkernels` (their executables import the `vmvx` module, which every
//! VMVX executable gets) too.

use crate::common::programs::{self, all_calls_match};
use crate::common::replay;
use libtest_mimic::Trial;
use weft_test_support::oracle;

/// One trial per program and build.
pub fn trials() -> Vec<Trial> {
    let builds = |suite: &'static str, target: &'static str| {
        move || oracle::programs_for(suite, target).into_iter().map(|p| (format!("{suite}/{}.{target}", p.name), p)).collect()
    };
    let check = |p| all_calls_match(replay::run(&p));
    let mut trials = programs::trials("hal_programs", "hal", 25, builds("hal", "vmvx"), check);
    trials.extend(programs::trials("hal_programs", "hal microkernel builds", 5, builds("hal", "vmvx-ukernels"), check));
    trials.extend(programs::trials("hal_programs", "ukernels microkernel builds", 5, builds("ukernels", "vmvx-ukernels"), check));
    trials
}

/// With `--features op-counts`: which `hal` exports the programs call, and which none does.
#[cfg(feature = "op-counts")]
pub fn hal_coverage_report() {
    let mut hal_calls = std::collections::BTreeMap::new();
    for program in &oracle::programs("hal") {
        replay::run_counting(program, &mut hal_calls);
    }
    let (used, unused): (Vec<_>, Vec<_>) = hal_calls.iter().partition(|(_, &n)| n > 0);
    println!("hal exports the programs call ({}): {}", used.len(), used.iter().map(|(k, n)| format!("{k}×{n}")).collect::<Vec<_>>().join(", "));
    println!("hal exports no program calls ({}): {}", unused.len(), unused.iter().map(|(k, _)| **k).collect::<Vec<_>>().join(", "));
}
