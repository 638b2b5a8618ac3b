//! One trial per compiled test program: a failing program is named in the test list, and
//! `cargo test -- <suite>/<program>` runs it alone.

use libtest_mimic::{Failed, Trial};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A trial per program `list` returns (`(name, program)`), named `<module>::<name>`, each run by
/// `check`. If listing panics (a missing or stale build) or finds fewer than `at_least`
/// programs, that is one failing trial, `<module>::<what>`, instead.
pub fn trials<P: Send + 'static>(
    module: &str,
    what: &str,
    at_least: usize,
    list: impl FnOnce() -> Vec<(String, P)>,
    check: fn(P) -> Result<(), String>,
) -> Vec<Trial> {
    let failing = |why: String| vec![Trial::test(format!("{module}::{what}"), move || Err(Failed::from(why)))];
    let programs = match catch_unwind(AssertUnwindSafe(list)) {
        Ok(programs) => programs,
        Err(panic) => {
            let why = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            return failing(format!("listing the programs failed: {}", why.unwrap_or_default()));
        }
    };
    if programs.len() < at_least {
        return failing(format!("only {} programs, expected at least {at_least}", programs.len()));
    }
    programs
        .into_iter()
        .map(|(name, program)| Trial::test(format!("{module}::{name}"), move || check(program).map_err(Failed::from)))
        .collect()
}

/// A replay's outcome (mismatch lines, calls compared) as a trial's result.
pub fn all_calls_match((failures, calls): (Vec<String>, usize)) -> Result<(), String> {
    match failures.is_empty() {
        true => Ok(()),
        false => Err(format!("{} of {calls} calls differ:\n{}", failures.len(), failures.join("\n"))),
    }
}
