//! Calls that must fail, and results printed as `iree-run-module` prints them.

use rt_core::session::{format_results, Output, Session};

/// The error of a call that must fail.
pub fn error_of(result: rt_core::Result<Vec<Output>>) -> String {
    match result {
        Ok(_) => panic!("the call succeeded but should have failed"),
        Err(e) => e.to_string(),
    }
}

/// The results of a text call, printed as iree-run-module prints them.
pub fn printed(function: &str, s: &mut Session, inputs: &[&str]) -> String {
    let results = s.call_text(function, inputs).unwrap();
    format_results(function, &results).unwrap()
}
