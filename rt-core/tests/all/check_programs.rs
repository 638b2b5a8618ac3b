//! The `check` host module on IREE-style self-checking programs (`tests/programs/checks`):
//! every exported function without arguments and results runs in a fresh session with the
//! module registered, and passes or fails exactly as its source declares (`// EXPECT-FAIL:
//! <function>` for the deliberately wrong ones). Failures must name the check and show the values.

use crate::common::programs;
use crate::Test;
use libtest_mimic::Trial;
use rt_core::modules::check::CheckModule;
use rt_core::session::Session;
use rt_core::vm::BytecodeModule;
use std::rc::Rc;
use weft_test_support::{self as support, Fixture};

struct Outcome {
    function: String,
    error: Option<String>,
}

fn takes_and_returns_nothing(cconv: &str) -> bool {
    let body = cconv.strip_prefix('0').unwrap_or(cconv);
    let (args, results) = body.split_once('_').unwrap_or((body, ""));
    matches!(args, "" | "v") && matches!(results, "" | "v")
}

/// Runs every self-checking function of `bytes`, each in its own session.
fn run_checks(bytes: Rc<[u8]>) -> Vec<Outcome> {
    let module = BytecodeModule::load(bytes.clone()).unwrap();
    let functions: Vec<String> = module
        .exports
        .iter()
        .filter(|(n, o)| !n.starts_with("__") && takes_and_returns_nothing(&module.functions[*o].cconv_text))
        .map(|(n, _)| n.clone())
        .collect();
    functions
        .into_iter()
        .map(|function| {
            let mut session = Session::new().unwrap();
            session.context().register_native(Box::new(CheckModule::new())).unwrap();
            session.load_program(bytes.clone()).unwrap();
            let error = session.call(&function, Vec::new()).err().map(|e| e.to_string());
            Outcome { function, error }
        })
        .collect()
}

fn expected_failures(name: &str) -> Vec<String> {
    support::program("checks", name).expect_fail.iter().map(|f| f.function.clone()).collect()
}

/// One trial per check program.
pub fn trials() -> Vec<Trial> {
    let list = || {
        let fixtures = support::fixtures("checks").into_iter().filter(|f| f.target == "vmvx");
        fixtures.map(|f| (format!("checks/{}", f.stem), f)).collect()
    };
    programs::trials("check_programs", "checks", 5, list, passes_and_fails_as_declared)
}

/// Every self-checking function of the program passes, except those its `EXPECT-FAIL` lines
/// name, which fail by a check.
fn passes_and_fails_as_declared(fixture: Fixture) -> Result<(), String> {
    let name = fixture.stem.trim_end_matches(".vmvx");
    let expect_fail = expected_failures(name);
    let outcomes = run_checks(fixture.bytes().into());
    if outcomes.is_empty() {
        return Err("no self-checking functions".into());
    }
    let mut wrong: Vec<String> = expect_fail
        .iter()
        .filter(|f| !outcomes.iter().any(|o| &o.function == *f))
        .map(|f| format!("EXPECT-FAIL names '{f}', which the program does not export"))
        .collect();
    for o in &outcomes {
        match (&o.error, expect_fail.contains(&o.function)) {
            (None, false) => {}
            (Some(e), true) if e.contains("check.expect_") && e.contains(" failed: ") => {
                println!("{name}.{}: failed as declared: {}", o.function, e.lines().next().unwrap_or(""));
            }
            (Some(e), true) => wrong.push(format!("{}: failed, but not by a check: {e}", o.function)),
            (Some(e), false) => wrong.push(format!("{}: should pass, failed: {e}", o.function)),
            (None, true) => wrong.push(format!("{}: is declared EXPECT-FAIL but passed", o.function)),
        }
    }
    match wrong.is_empty() {
        true => Ok(()),
        false => Err(wrong.join("\n")),
    }
}

fn failures_name_the_check_and_show_the_values() {
    let bytes: Rc<[u8]> = support::fixture("checks", "failing.vmvx").bytes().into();
    let outcomes = run_checks(bytes);
    let error = |f: &str| outcomes.iter().find(|o| o.function == f).and_then(|o| o.error.clone()).unwrap_or_else(|| panic!("{f} did not fail"));
    let e = error("wrong_true");
    assert!(e.contains("check.expect_true failed: expected 0 to be nonzero"), "{e}");
    let e = error("wrong_false");
    assert!(e.contains("check.expect_false failed: expected 1 to be zero"), "{e}");
    let e = error("wrong_eq");
    assert!(e.contains("check.expect_eq failed") && e.contains("the contents differ"), "{e}");
    assert!(e.contains("4xi32=2 4 6 8") && e.contains("4xi32=2 4 6 9"), "both values are shown: {e}");
    let e = error("wrong_shape");
    assert!(e.contains("the shapes differ") && !e.contains("the element types differ"), "{e}");
    assert!(e.contains("4xi32=1 2 3 4") && e.contains("2x2xi32=[1 2][3 4]"), "{e}");
    let e = error("wrong_almost_eq");
    assert!(e.contains("check.expect_almost_eq failed") && e.contains("atol=0.001") && e.contains("element 1 is"), "{e}");
    let e = error("wrong_all_true");
    assert!(e.contains("check.expect_all_true failed: element 1 is zero"), "{e}");
}

/// The module can be registered once per context. Without it a program importing `check` still
/// loads and runs: the imports are optional and the compiler guards each call with
/// `vm.import.resolved`, so the expectations are silently skipped (even wrong ones), which is why
/// self-checking programs must run with the module registered (`weft-run --test` does).
fn registration() {
    let mut session = Session::new().unwrap();
    session.context().register_native(Box::new(CheckModule::new())).unwrap();
    assert!(session.context().register_native(Box::new(CheckModule::new())).is_err());
    session.load_program(support::fixture("checks", "scalars.vmvx").bytes()).unwrap();
    session.call("compare_ints", Vec::new()).unwrap();
    let mut bare = Session::new().unwrap();
    bare.load_program(support::fixture("checks", "failing.vmvx").bytes()).unwrap();
    assert!(bare.call("wrong_true", Vec::new()).is_ok(), "without the module the checks are skipped");
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("failures_name_the_check_and_show_the_values", failures_name_the_check_and_show_the_values),
    ("registration", registration),
];
