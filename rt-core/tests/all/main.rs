//! rt-core's integration tests, in one test binary driven by libtest-mimic (the `all` target is
//! `harness = false`): the hand-written tests of every module (its `TESTS` list) and one trial
//! per compiled test program, named `<module>::<suite>/<program>.<target>`, so
//! `cargo test -p rt-core --test all -- corpus/softmax` runs one program. A test function left
//! out of its module's list is dead code, which this binary refuses.
//! The memory tests count their own thread's allocations (common::counting_alloc), so they can
//! run beside the others.
#![deny(dead_code)]

use libtest_mimic::{Arguments, Trial};

/// A hand-written test: its name in the module and the function.
pub type Test = (&'static str, fn());

mod common;
mod vmvx_support;

macro_rules! test_modules {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*
        const HAND_WRITTEN: &[(&str, &[Test])] = &[$((stringify!($module), $module::TESTS)),*];
    };
}

test_modules!(
    check_programs,
    corpus,
    corpus_bad_inputs,
    corpus_memory,
    hal_module,
    hal_session,
    hal_text_errors,
    hal_text_format,
    hal_text_npy,
    params,
    params_memory,
    vm_linking,
    vm_memory,
    vm_verify,
    vmfb_reader,
    vmfb_reflect,
    vmvx_copy_fill,
    vmvx_dispatch,
    vmvx_elementwise,
    vmvx_mmt4d,
    vmvx_module,
    vmvx_pack,
);
// Modules with program trials and reports only.
mod hal_programs;
mod vm_programs;
mod vmvx_reference;

/// The coverage reports run-all prints (`--features op-counts` counts executed instructions).
#[cfg(feature = "op-counts")]
const REPORTS: &[(&str, &[Test])] = &[
    ("vm_programs", &[("isa_coverage_report", vm_programs::isa_coverage_report)]),
    ("hal_programs", &[("hal_coverage_report", hal_programs::hal_coverage_report)]),
];
#[cfg(not(feature = "op-counts"))]
const REPORTS: &[(&str, &[Test])] = &[];

fn main() {
    // Program trials first: the corpus holds the longest (a program of a million elements), and
    // the harness starts trials in the order given.
    let mut trials = Vec::new();
    trials.extend(corpus::trials());
    trials.extend(check_programs::trials());
    trials.extend(hal_programs::trials());
    trials.extend(params::trials());
    trials.extend(vm_programs::trials());
    trials.extend(vmvx_reference::trials());
    for &(module, tests) in HAND_WRITTEN.iter().chain(REPORTS) {
        trials.extend(tests.iter().map(|&(name, test)| {
            Trial::test(format!("{module}::{name}"), move || {
                test();
                Ok(())
            })
        }));
    }
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
