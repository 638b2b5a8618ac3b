//! Runs the calls an oracle file recorded (`tests/scripts/oracle.py`) through Weft and
//! compares every result with what the reference runtime returned: scalars by value, buffer
//! views by shape, element type and every element, and, for single-call runs, the whole text
//! `iree-run-module` printed, byte for byte.

use rt_core::cconv::{self, Param, ValueType};
use rt_core::hal::buffer_view::BufferView;
use rt_core::hal::{narrow_float, ElementType, Scalar};
use rt_core::params::FileSource;
use rt_core::session::{self, Input, Output, Session};
use rt_core::vm::Value;
use serde_json::Value as Json;
use weft_test_support::oracle::{integer, same_printed, Fields, OracleProgram, REORACLE};
use weft_test_support::repo_root;

/// Parses one `iree-run-module --input` scalar (`3`, `i32=3`, `-0.5`, `nan`) as `ty`.
fn parse_input(text: &str, ty: ValueType) -> Value {
    use rt_core::hal::text_format::parse_scalar;
    use rt_core::hal::{ElementType, Scalar};
    // `i32=3` or a bare `3`, parsed with iree-run-module's own rules (correctly rounded floats).
    let raw = text.split_once('=').map_or(text, |(_, v)| v);
    let element_type = match ty {
        ValueType::I32 => ElementType::I32,
        ValueType::I64 => ElementType::I64,
        ValueType::F32 => ElementType::F32,
        ValueType::F64 => ElementType::F64,
        ValueType::Ref => panic!("ref inputs are not scalar: {text}"),
    };
    match parse_scalar(raw, element_type).unwrap_or_else(|e| panic!("bad input {text}: {e}")) {
        Scalar::I32(v) => Value::I32(v),
        Scalar::I64(v) => Value::I64(v),
        Scalar::F32(v) => Value::F32(v),
        Scalar::F64(v) => Value::F64(v),
        other => panic!("unexpected scalar {other:?}"),
    }
}

/// A recorded float: a number, or "nan", "inf", "-inf".
fn expected_float(j: &Json) -> f64 {
    match j {
        Json::Number(n) => n.as_f64().unwrap(),
        Json::String(s) if s == "nan" => f64::NAN,
        Json::String(s) if s == "inf" => f64::INFINITY,
        Json::String(s) if s == "-inf" => f64::NEG_INFINITY,
        other => panic!("not a float: {other}"),
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
        Value::I32(v) if integer(want) == Some(*v as i128) => Ok(()),
        Value::I32(v) => mismatch(format!("got i32 {v}, reference {want}")),
        Value::I64(v) if integer(want) == Some(*v as i128) => Ok(()),
        Value::I64(v) => mismatch(format!("got i64 {v}, reference {want}")),
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
        Value::Ref(_) => mismatch("a ref result where a scalar was recorded".into()),
    }
}

/// An element of a dense buffer: integers exact, floats widened to f64 (exactly).
#[derive(Debug)]
enum Element {
    Int(i128),
    Float(f64),
}

/// Element `i` of a dense buffer.
fn element(data: &[u8], et: ElementType, i: usize) -> Result<Element, String> {
    let b = |n: usize| &data[i * n..i * n + n];
    let int = |v: i128| Ok(Element::Int(v));
    let float = |v: f64| Ok(Element::Float(v));
    match et {
        ElementType::BOOL_8 => int(b(1)[0] as i128),
        ElementType::INT_8 | ElementType::SINT_8 => int(b(1)[0] as i8 as i128),
        ElementType::UINT_8 => int(b(1)[0] as i128),
        ElementType::INT_16 | ElementType::SINT_16 => int(i16::from_le_bytes(b(2).try_into().unwrap()) as i128),
        ElementType::UINT_16 => int(u16::from_le_bytes(b(2).try_into().unwrap()) as i128),
        ElementType::INT_32 | ElementType::SINT_32 => int(i32::from_le_bytes(b(4).try_into().unwrap()) as i128),
        ElementType::UINT_32 => int(u32::from_le_bytes(b(4).try_into().unwrap()) as i128),
        ElementType::INT_64 | ElementType::SINT_64 => int(i64::from_le_bytes(b(8).try_into().unwrap()) as i128),
        ElementType::UINT_64 => int(u64::from_le_bytes(b(8).try_into().unwrap()) as i128),
        ElementType::FLOAT_16 => float(narrow_float::f16_to_f32(u16::from_le_bytes(b(2).try_into().unwrap())) as f64),
        ElementType::BFLOAT_16 => float(narrow_float::bf16_to_f32(u16::from_le_bytes(b(2).try_into().unwrap())) as f64),
        ElementType::FLOAT_32 => float(f32::from_le_bytes(b(4).try_into().unwrap()) as f64),
        ElementType::FLOAT_64 => float(f64::from_le_bytes(b(8).try_into().unwrap())),
        other => Err(format!("no comparison for element type {other}")),
    }
}

/// A buffer view against `{"shape", "dtype", "data"}`.
fn check_buffer_view(what: &str, view: &BufferView, want: &Json, ulp: u64) -> Result<(), String> {
    let shape: Vec<i128> = want.arr("shape").iter().map(|d| integer(d).unwrap_or_else(|| panic!("shape: {d}"))).collect();
    let got_shape: Vec<i128> = view.shape.iter().map(|&d| d as i128).collect();
    let dtype = want.str("dtype").unwrap_or("?");
    if got_shape != shape || view.element_type.to_string() != dtype {
        return Err(format!("{what}: got {}, reference {shape:?} {dtype}", view.describe()));
    }
    let data = view.buffer.to_vec();
    let et = view.element_type;
    for (i, w) in want.arr("data").iter().enumerate() {
        let got = element(&data, et, i).map_err(|e| format!("{what}: {e}"))?;
        let ok = match (et, &got) {
            (ElementType::FLOAT_32 | ElementType::FLOAT_16 | ElementType::BFLOAT_16, Element::Float(g)) => {
                let (g, w) = (*g as f32, expected_float(w) as f32);
                (g.is_nan() && w.is_nan()) || ulps(g.to_bits() as u64, w.to_bits() as u64, 1 << 31) <= ulp
            }
            (ElementType::FLOAT_64, Element::Float(g)) => {
                let w = expected_float(w);
                (g.is_nan() && w.is_nan()) || ulps(g.to_bits(), w.to_bits(), 1 << 63) <= ulp
            }
            (_, Element::Int(g)) => integer(w) == Some(*g),
            _ => false,
        };
        if !ok {
            return Err(format!("{what}: element {i} of {}: got {got:?}, reference {w}", view.describe()));
        }
    }
    Ok(())
}

fn check_output(what: &str, got: &Output, want: &Json, ulp: u64) -> Result<(), String> {
    let scalar = |s: &Scalar| match *s {
        Scalar::I8(v) => Value::I32(v as i32),
        Scalar::I16(v) => Value::I32(v as i32),
        Scalar::I32(v) => Value::I32(v),
        Scalar::I64(v) => Value::I64(v),
        Scalar::F32(v) => Value::F32(v),
        Scalar::F64(v) => Value::F64(v),
    };
    match (got, want) {
        (Output::Scalar(s), _) => check_result(what, &scalar(s), want, ulp),
        (Output::BufferView(v), Json::Object(_)) if want.get("shape").is_some() => check_buffer_view(what, v, want, ulp),
        (Output::Null, Json::Null) => Ok(()),
        _ => Err(format!("{what}: got a {} result, reference {want}", match got {
            Output::BufferView(v) => v.describe(),
            Output::Null => "null".into(),
            Output::Other(t) => t.to_string(),
            Output::Scalar(_) => unreachable!(),
        })),
    }
}

/// Runs every recorded call of `program` in a Weft session (the `hal` module registered, one
/// session per RUN line); returns one line per mismatch and the call count.
/// The IREE status code name an error stands for (`OUT_OF_RANGE`, ...).
fn status_of(e: &rt_core::Error) -> &str {
    use rt_core::ErrorKind;
    match e.kind() {
        ErrorKind::Trap { message, .. } => message.split_once("; ").map_or("UNKNOWN", |(code, _)| code),
        ErrorKind::InvalidArgument(_) => "INVALID_ARGUMENT",
        ErrorKind::OutOfMemory(_) => "RESOURCE_EXHAUSTED",
        ErrorKind::Link(_) => "NOT_FOUND",
        _ => "UNKNOWN",
    }
}

/// A session with the parameter files the oracle recorded for `run` (`iree-run-module
/// --parameters=scope=file`, in order), read from disk in place.
pub fn session_for_run(run: &Json) -> rt_core::Result<Session> {
    let mut session = Session::new()?;
    for p in run.arr("parameters") {
        let (scope, file) = (p.str("scope").unwrap(), p.str("file").unwrap());
        let source = FileSource::open(repo_root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}; {REORACLE}"));
        session.add_parameters(scope, file, Box::new(source))?;
    }
    Ok(session)
}

pub fn run(program: &OracleProgram) -> (Vec<String>, usize) {
    run_counting(program, &mut std::collections::BTreeMap::new())
}

/// As `run`, adding how often each `hal` export was called to `hal_calls`.
pub fn run_counting(program: &OracleProgram, hal_calls: &mut std::collections::BTreeMap<&'static str, u64>) -> (Vec<String>, usize) {
    let bytes: std::rc::Rc<[u8]> = std::fs::read(&program.module).unwrap().into();
    let mut failures = Vec::new();
    let mut calls = 0;
    // `// EXPECT: load-error` programs: the reference refuses to load them (in every run, with
    // the run's parameter files), and so must Weft.
    if let Some(Json::String(reference)) = program.oracle.get("load_error") {
        for (run_index, run) in program.oracle.arr("runs").iter().enumerate() {
            match session_for_run(run).and_then(|mut s| s.load_program(bytes.clone())) {
                Ok(_) => failures.push(format!("{} run {run_index}: the reference refused to load it ({reference}) but Weft loaded it", program.name)),
                Err(_) => calls += 1,
            }
        }
        return (failures, calls);
    }
    for (run_index, run) in program.oracle.arr("runs").iter().enumerate() {
        let mut session = match session_for_run(run) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{} run {run_index}: its parameter files were refused: {e}", program.name));
                continue;
            }
        };
        if let Err(e) = session.load_program(bytes.clone()) {
            failures.push(format!("{} run {run_index}: load failed: {e}", program.name));
            continue;
        }
        for call in run.arr("calls") {
            calls += 1;
            let function = call.str("function").unwrap();
            let inputs = call.strs("inputs");
            let what = format!("{} run {run_index} {function}({})", program.name, inputs.join(", "));
            let f = session.context().lookup(function).unwrap_or_else(|e| panic!("{what}: {e}"));
            let cconv = cconv::parse(&session.context().info(f).cconv_text).unwrap();
            let args = cconv
                .args
                .iter()
                .zip(&inputs)
                .map(|(p, text)| match p {
                    Param::Scalar(ValueType::Ref) => Input::Text(text.to_string()),
                    Param::Scalar(ty) => Input::Scalar(parse_input(text, *ty)),
                    Param::Span(_) => panic!("{what}: variadic arguments"),
                })
                .collect();
            let outcome = session.call(function, args);
            match (call.get("error"), outcome) {
                (Some(Json::String(reference)), Ok(_)) => {
                    failures.push(format!("{what}: reference failed ({reference}) but Weft succeeded"))
                }
                (Some(Json::String(reference)), Err(e)) => {
                    // The reference dies of a signal where C has undefined behaviour (division
                    // by zero); Weft must trap instead. Otherwise the status codes must agree
                    // (`OUT_OF_RANGE; ...`), and with `ERRORS: exact` the message text too.
                    let message = e.to_string();
                    let agrees = match reference.split_once("; ") {
                        _ if reference.starts_with("signal ") => matches!(e.kind(), rt_core::ErrorKind::Trap { .. }),
                        Some((code, text)) => {
                            status_of(&e) == code && (!program.directives.errors_exact || message.contains(text.trim()))
                        }
                        None => message.contains(reference.trim()),
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
                        if program.reference_defects.iter().any(|(f, n)| f == function && *n == i) {
                            continue;
                        }
                        if let Err(m) = check_output(&format!("{what} result {i}"), got, want, program.directives.ulp) {
                            failures.push(m);
                        }
                    }
                    if let Some(irm) = call.get("iree_run_module") {
                        if irm.num("exit_code") == Some(0) {
                            let printed = session::format_results(function, &results).unwrap_or_else(|e| format!("(format failed: {e})"));
                            let want = irm.str("stdout").unwrap();
                            let defect = program.reference_defects.iter().any(|(f, _)| f == function);
                            if !same_printed(&printed, want) && !defect {
                                failures.push(format!("{what}: printed\n{printed}\niree-run-module printed\n{want}"));
                            }
                        }
                    }
                }
            }
        }
        for (name, n) in session.hal_call_counts() {
            *hal_calls.entry(name).or_default() += n;
        }
    }
    (failures, calls)
}
