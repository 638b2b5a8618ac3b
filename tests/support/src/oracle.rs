//! The reference runtime's records, `tests/build/<suite>/<name>.oracle.json` (written by
//! `tests/scripts/oracle.py`, whose docstring gives the format), read with `serde_json`.

use serde_json::Value;
use std::path::{Path, PathBuf};

use crate::{fixtures, modified, program, repo_root, Program, REBUILD};

pub const REORACLE: &str = "run `.venv/bin/python tests/scripts/oracle.py` from the repository root";

/// A JSON document from a file, or from the text of a tool's output (`what` names it).
pub fn parse(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"))
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("oracle {} unreadable ({e}); {REBUILD}, then {REORACLE}", path.display()));
    parse(&text, &path.display().to_string())
}

/// Field access that panics on a field of the wrong type (a malformed record is a test bug).
pub trait Fields {
    /// An array field; absent = empty.
    fn arr(&self, key: &str) -> &[Value];
    fn str(&self, key: &str) -> Option<&str>;
    /// An integer field, of any sign.
    fn num(&self, key: &str) -> Option<i128>;
    /// An array field of strings (e.g. a call's `inputs`).
    fn strs(&self, key: &str) -> Vec<&str>;
}

impl Fields for Value {
    fn arr(&self, key: &str) -> &[Value] {
        match self.get(key) {
            Some(Value::Array(v)) => v,
            None => &[],
            Some(other) => panic!("{key} is not an array: {other}"),
        }
    }

    fn str(&self, key: &str) -> Option<&str> {
        self.get(key).map(|v| v.as_str().unwrap_or_else(|| panic!("{key} is not a string: {v}")))
    }

    fn num(&self, key: &str) -> Option<i128> {
        self.get(key).map(|v| integer(v).unwrap_or_else(|| panic!("{key} is not an integer: {v}")))
    }

    fn strs(&self, key: &str) -> Vec<&str> {
        self.arr(key).iter().map(|v| v.as_str().unwrap_or_else(|| panic!("{key}: not a string: {v}"))).collect()
    }
}

/// A JSON integer as i128 (it may be any i64 or u64).
pub fn integer(v: &Value) -> Option<i128> {
    v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from))
}

/// Printed results are equal, reading `-nan` as `nan`: IEEE 754 leaves the sign of a NaN that
/// an invalid operation produces unspecified, and C libraries choose it per function (glibc's
/// `logf(-1)` is `-nan`, its `log10f(-1)` `nan`); values are compared NaN for NaN already.
pub fn same_printed(a: &str, b: &str) -> bool {
    a == b || a.replace("-nan", "nan").replace("-NAN", "NAN") == b.replace("-nan", "nan").replace("-NAN", "NAN")
}

/// One program of a suite with its oracle.
pub struct OracleProgram {
    pub name: String,
    pub module: PathBuf,
    pub oracle: Value,
    pub directives: &'static Program,
    /// Results left uncompared, as `(function, result index)`: the `// REFERENCE-DEFECT:` ones,
    /// and any a test adds.
    pub reference_defects: Vec<(String, usize)>,
}

pub fn programs(suite: &str) -> Vec<OracleProgram> {
    programs_for(suite, "vmvx")
}

/// The programs of `suite` built for `target`, with the oracle recorded for them (programs
/// without `// RUN:` lines have no oracle and are left out, as `oracle.py` leaves them).
pub fn programs_for(suite: &str, target: &str) -> Vec<OracleProgram> {
    fixtures(suite)
        .into_iter()
        .filter(|f| f.target == target)
        .filter_map(|f| {
            let name = f.stem.strip_suffix(&format!(".{target}")).unwrap().to_string();
            let directives = program(suite, &name);
            if directives.runs.is_empty() {
                return None;
            }
            let oracle_path = repo_root().join("tests/build").join(suite).join(format!("{name}.oracle.json"));
            let oracle = read(&oracle_path);
            assert!(modified(&oracle_path) >= modified(&f.path), "oracle {} is older than its module; {REORACLE}", oracle_path.display());
            let reference_defects = directives.reference_defects.iter().map(|d| (d.function.clone(), d.result)).collect();
            Some(OracleProgram { name, module: f.path, oracle, directives, reference_defects })
        })
        .collect()
}

/// The single call of run `run` of `suite/program`'s oracle: (function, inputs, iree-run-module stdout).
pub fn recorded(suite: &str, program: &str, run: usize) -> (String, Vec<String>, String) {
    let oracle = read(&repo_root().join(format!("tests/build/{suite}/{program}.oracle.json")));
    let call = &oracle.arr("runs")[run].arr("calls")[0];
    let inputs = call.strs("inputs").into_iter().map(String::from).collect();
    let stdout = call.get("iree_run_module").unwrap().str("stdout").unwrap().to_string();
    (call.str("function").unwrap().to_string(), inputs, stdout)
}
