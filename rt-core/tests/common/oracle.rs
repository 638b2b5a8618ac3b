//! Runs the calls an oracle file recorded (`tests/scripts/oracle.py`) through Weft's VM and
//! compares every result with what the reference runtime returned.

use super::{fixtures, Json, REBUILD};
use rt_core::vm::{BytecodeModule, Context, Value};
use rt_core::cconv::{self, Param, ValueType};
use std::path::PathBuf;

const REORACLE: &str = "run `.venv/bin/python tests/scripts/oracle.py` from the repository root";

/// One program of a suite with its oracle and allowed float error.
pub struct OracleProgram {
    pub name: String,
    pub module: PathBuf,
    pub oracle: Json,
    /// Units in the last place a float result may differ by (`// ULP: N` in the source;
    /// default 0: bit-exact). Only libm-backed transcendental functions need any.
    pub ulp: u64,
}

pub fn programs(suite: &str) -> Vec<OracleProgram> {
    let root = super::repo_root();
    fixtures(suite)
        .into_iter()
        .filter(|f| f.target == "vmvx")
        .map(|f| {
            let name = f.stem.trim_end_matches(".vmvx").to_string();
            let oracle_path = root.join("tests/build").join(suite).join(format!("{name}.oracle.json"));
            let text = std::fs::read_to_string(&oracle_path)
                .unwrap_or_else(|e| panic!("oracle {} unreadable ({e}); {REBUILD}, then {REORACLE}", oracle_path.display()));
            let oracle_time = std::fs::metadata(&oracle_path).unwrap().modified().unwrap();
            let module_time = std::fs::metadata(&f.path).unwrap().modified().unwrap();
            assert!(oracle_time >= module_time, "oracle {} is older than its module; {REORACLE}", oracle_path.display());
            let source = std::fs::read_to_string(root.join("tests/programs").join(suite).join(format!("{name}.mlir"))).unwrap();
            let ulp = source
                .lines()
                .find_map(|l| l.strip_prefix("// ULP:"))
                .map(|n| n.split_whitespace().next().and_then(|t| t.parse().ok()).expect("ULP takes a whole number"))
                .unwrap_or(0);
            OracleProgram { name, module: f.path, oracle: Json::parse(&text), ulp }
        })
        .collect()
}

/// Parses one `iree-run-module --input` scalar (`3`, `i32=3`, `-0.5`, `nan`) as `ty`.
fn parse_input(text: &str, ty: ValueType) -> Value {
    let raw = text.split_once('=').map_or(text, |(_, v)| v).trim();
    let float = || -> f64 {
        match raw {
            "nan" | "NaN" => f64::NAN,
            "inf" | "+inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            _ => raw.parse().unwrap_or_else(|_| panic!("bad float input {text}")),
        }
    };
    let int = || -> i128 { raw.parse().unwrap_or_else(|_| panic!("bad integer input {text}")) };
    match ty {
        ValueType::I32 => Value::I32(int() as i32),
        ValueType::I64 => Value::I64(int() as i64),
        ValueType::F32 => Value::F32(float() as f32),
        ValueType::F64 => Value::F64(float()),
        ValueType::Ref => panic!("ref inputs are not scalar: {text}"),
    }
}

fn expected_float(j: &Json) -> f64 {
    match j {
        Json::Num(n) => n.parse().unwrap(),
        Json::Str(s) if s == "nan" => f64::NAN,
        Json::Str(s) if s == "inf" => f64::INFINITY,
        Json::Str(s) if s == "-inf" => f64::NEG_INFINITY,
        other => panic!("not a float: {other:?}"),
    }
}

/// Distance in units in the last place between two floats of the same width (NaNs equal).
fn ulps(a: u64, b: u64, sign_bit: u64) -> u64 {
    let key = |x: u64| if x & sign_bit != 0 { (sign_bit - 1).wrapping_sub(x & (sign_bit - 1)) } else { x | sign_bit };
    key(a).abs_diff(key(b))
}

fn check_result(what: &str, got: &Value, want: &Json, ulp: u64) -> Result<(), String> {
    let mismatch = |detail: String| Err(format!("{what}: {detail}"));
    match got {
        Value::I32(v) => match want {
            Json::Num(n) if n.parse::<i128>().ok() == Some(*v as i128) => Ok(()),
            _ => mismatch(format!("got i32 {v}, reference {want:?}")),
        },
        Value::I64(v) => match want {
            Json::Num(n) if n.parse::<i128>().ok() == Some(*v as i128) => Ok(()),
            _ => mismatch(format!("got i64 {v}, reference {want:?}")),
        },
        Value::F32(v) => {
            let w = expected_float(want) as f32;
            let same = (v.is_nan() && w.is_nan()) || ulps(v.to_bits() as u64, w.to_bits() as u64, 1 << 31) <= ulp;
            if same { Ok(()) } else { mismatch(format!("got f32 {v:e} ({:#x}), reference {w:e} ({:#x})", v.to_bits(), w.to_bits())) }
        }
        Value::F64(v) => {
            let w = expected_float(want);
            let same = (v.is_nan() && w.is_nan()) || ulps(v.to_bits(), w.to_bits(), 1 << 63) <= ulp;
            if same { Ok(()) } else { mismatch(format!("got f64 {v:e} ({:#x}), reference {w:e} ({:#x})", v.to_bits(), w.to_bits())) }
        }
        Value::Ref(_) => mismatch("ref results need the HAL to compare".into()),
    }
}

/// Runs every recorded call of `program`; returns one line per mismatch and the call count.
pub fn run(program: &OracleProgram) -> (Vec<String>, usize) {
    let bytes = std::fs::read(&program.module).unwrap();
    let module = BytecodeModule::load(bytes).unwrap_or_else(|e| panic!("{}: load failed: {e}", program.name));
    let mut failures = Vec::new();
    let mut calls = 0;
    for (run_index, run) in program.oracle.arr("runs").iter().enumerate() {
        let mut ctx = Context::new();
        ctx.register_bytecode(module.clone()).unwrap_or_else(|e| panic!("{}: link failed: {e}", program.name));
        for call in run.arr("calls") {
            calls += 1;
            let function = call.str("function").unwrap();
            let inputs: Vec<&str> = call.arr("inputs").iter().map(|j| match j { Json::Str(s) => s.as_str(), o => panic!("{o:?}") }).collect();
            let what = format!("{} run {run_index} {function}({})", program.name, inputs.join(", "));
            let f = ctx.lookup(function).unwrap_or_else(|e| panic!("{what}: {e}"));
            let cconv = cconv::parse(&ctx.info(f).cconv_text).unwrap();
            let args = cconv
                .args
                .iter()
                .zip(&inputs)
                .map(|(p, text)| match p {
                    Param::Scalar(ty) => parse_input(text, *ty),
                    Param::Span(_) => panic!("{what}: variadic arguments"),
                })
                .collect();
            let outcome = ctx.call(f, args);
            match (call.get("error"), outcome) {
                (Some(Json::Str(reference)), Ok(results)) => {
                    failures.push(format!("{what}: reference failed ({reference}) but Weft returned {results:?}"))
                }
                (Some(Json::Str(reference)), Err(e)) => {
                    // The reference dies of a signal where C has undefined behaviour (division
                    // by zero); Weft must trap instead. Otherwise the messages must agree.
                    let message = e.to_string();
                    let agrees = if reference.starts_with("signal ") {
                        matches!(e.kind(), rt_core::ErrorKind::Trap { .. })
                    } else {
                        reference.lines().any(|l| !l.trim().is_empty() && message.contains(l.trim()))
                    };
                    if !agrees {
                        failures.push(format!("{what}: reference error '{reference}', Weft error '{message}'"));
                    }
                }
                (_, Err(e)) => failures.push(format!("{what}: Weft failed: {e}")),
                (_, Ok(results)) => {
                    let want = call.arr("results");
                    if want.len() != results.len() {
                        failures.push(format!("{what}: {} results, reference {}", results.len(), want.len()));
                        continue;
                    }
                    for (i, (got, want)) in results.iter().zip(want).enumerate() {
                        if let Err(m) = check_result(&format!("{what} result {i}"), got, want, program.ulp) {
                            failures.push(m);
                        }
                    }
                }
            }
        }
    }
    (failures, calls)
}
