//! Calls against the reference runtime's records: the recorded single-call runs of a suite's
//! oracle, calls that must fail, and results printed as `iree-run-module` prints them.

use rt_core::session::{format_results, Output, Session};

use super::Json;

/// The single call of run `run` of `suite/program`'s oracle: (function, inputs, iree-run-module stdout).
pub fn recorded(suite: &str, program: &str, run: usize) -> (String, Vec<String>, String) {
    let path = super::repo_root().join(format!("tests/build/{suite}/{program}.oracle.json"));
    let oracle = Json::parse(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
    let call = &oracle.arr("runs")[run].arr("calls")[0];
    let inputs = call.arr("inputs").iter().map(|j| match j { Json::Str(s) => s.clone(), o => panic!("{o:?}") }).collect();
    let stdout = call.get("iree_run_module").unwrap().str("stdout").unwrap().to_string();
    (call.str("function").unwrap().to_string(), inputs, stdout)
}

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
