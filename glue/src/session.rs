//! A loaded program: its module, the context it runs in, and the ways JS calls it (typed
//! values, or `iree-run-module` text), plus reflection for `functions` and `inspect`.
//!
//! Platform-neutral (host unit tests run it); the wasm executable loader is attached on wasm32.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use rt_core::cconv::{CallingConvention, Param, ValueType};
use rt_core::hal::{self, ElementType, Scalar};
use rt_core::vm::{BytecodeModule, Context, Value};
use rt_core::{Error, Result};

use crate::json;
use crate::reflection;

/// The host modules this build registers. Programs that need others fail to load with a
/// message naming what is missing.
pub const HOST_MODULES: &[&str] = &[];

pub struct Program {
    module: Rc<BytecodeModule>,
    context: Context,
    #[cfg(target_arch = "wasm32")]
    loader: Option<Rc<crate::loader::WasmLoader>>,
}

impl Program {
    /// Verifies and links the program and runs its `__init`.
    pub fn load(
        bytes: Rc<[u8]>,
        #[cfg(target_arch = "wasm32")] loader: Option<Rc<crate::loader::WasmLoader>>,
    ) -> Result<Program> {
        let module = BytecodeModule::load(bytes)?;
        for dep in &module.dependencies {
            if !dep.optional && !HOST_MODULES.contains(&dep.name.as_str()) {
                let what = if dep.name == "hal" {
                    "the 'hal' module (tensor programs use it to allocate buffers and dispatch kernels); \
                     this build of Weft runs only programs that need no host modules (scalar programs) \
                     until the HAL lands"
                        .to_string()
                } else {
                    format!(
                        "the host module '{}', which Weft does not provide",
                        dep.name
                    )
                };
                return Err(Error::link(format!(
                    "program '{}' needs {what}",
                    module.name
                )));
            }
        }
        let mut context = Context::new();
        context.register_bytecode(module.clone())?;
        Ok(Program {
            module,
            context,
            #[cfg(target_arch = "wasm32")]
            loader,
        })
    }

    pub fn name(&self) -> &str {
        &self.module.name
    }

    #[cfg(target_arch = "wasm32")]
    pub fn loader(&self) -> Option<&Rc<crate::loader::WasmLoader>> {
        self.loader.as_ref()
    }

    /// The exported functions as JSON (see [`reflection::functions_json`]).
    pub fn functions_json(&self) -> String {
        reflection::functions_json(&self.module)
    }

    /// A text description in the seed sample's layout, plus signatures and executables.
    pub fn inspect(&self) -> String {
        reflection::inspect(&self.module)
    }

    fn cconv(&self, name: &str) -> Result<(rt_core::vm::Function, CallingConvention)> {
        let f = self.context.lookup(name)?;
        let info = self.context.info(f);
        let cc = info.cconv.clone().ok_or_else(|| {
            Error::invalid_argument(format!(
                "function '{name}' has no calling convention to call it with"
            ))
        })?;
        Ok((f, cc))
    }

    /// Calls `name` with arguments in `iree-run-module`'s `--input` text form, read as the
    /// callee's argument types.
    pub fn call_text(&mut self, name: &str, inputs: &[String]) -> Result<Vec<Value>> {
        let (f, cc) = self.cconv(name)?;
        if inputs.len() != cc.args.len() {
            return Err(Error::invalid_argument(format!(
                "function '{name}' takes {} argument(s), but {} input(s) were given",
                cc.args.len(),
                inputs.len()
            )));
        }
        let mut args = Vec::with_capacity(inputs.len());
        for (i, (p, text)) in cc.args.iter().zip(inputs).enumerate() {
            args.push(parse_argument(name, i, p, text)?);
        }
        self.context.call(f, args)
    }
}

/// Reads one argument; refs (tensors, buffers) need the HAL.
fn parse_argument(function: &str, index: usize, param: &Param, text: &str) -> Result<Value> {
    let ty = match param {
        Param::Scalar(ValueType::I32) => ElementType::I32,
        Param::Scalar(ValueType::I64) => ElementType::I64,
        Param::Scalar(ValueType::F32) => ElementType::FLOAT_32,
        Param::Scalar(ValueType::F64) => ElementType::FLOAT_64,
        Param::Scalar(ValueType::Ref) => {
            return Err(Error::invalid_argument(format!(
                "argument {index} of '{function}' is a reference (tensor or buffer); passing tensors needs \
                 the HAL, which this build of Weft does not include yet"
            )))
        }
        Param::Span(_) => {
            return Err(Error::invalid_argument(format!("function '{function}' takes variadic arguments, which callers cannot pass")))
        }
    };
    let value = hal::parse_scalar(text, ty)
        .map_err(|e| Error::invalid_argument(format!("argument {index} of '{function}': {e}")))?;
    Ok(match value {
        Scalar::I8(v) => Value::I32(v as i32),
        Scalar::I16(v) => Value::I32(v as i32),
        Scalar::I32(v) => Value::I32(v),
        Scalar::I64(v) => Value::I64(v),
        Scalar::F32(v) => Value::F32(v),
        Scalar::F64(v) => Value::F64(v),
    })
}

fn scalar(v: &Value) -> Option<Scalar> {
    Some(match *v {
        Value::I32(x) => Scalar::I32(x),
        Value::I64(x) => Scalar::I64(x),
        Value::F32(x) => Scalar::F32(x),
        Value::F64(x) => Scalar::F64(x),
        Value::Ref(_) => return None,
    })
}

fn ref_name(v: &Value) -> String {
    match v {
        Value::Ref(Some(r)) => format!("!{}", r.type_name()),
        _ => "(null)".to_string(),
    }
}

/// One result as `iree-run-module` prints it after `result[i]: `.
pub fn format_result(v: &Value) -> String {
    match scalar(v) {
        Some(s) => hal::format_scalar(s),
        None => match v {
            Value::Ref(None) => "(null)".to_string(),
            other => format!("({} results are not printable yet)", ref_name(other)),
        },
    }
}

/// One result as the seed sample's `ireeCallFunction` formats it (C `%f` for floats).
pub fn format_result_seed(v: &Value) -> String {
    fn fixed(x: f64) -> String {
        if x.is_nan() {
            if x.is_sign_negative() {
                "-nan".into()
            } else {
                "nan".into()
            }
        } else {
            format!("{x:.6}")
        }
    }
    match *v {
        Value::I32(x) => format!("i32={x}"),
        Value::I64(x) => format!("i64={x}"),
        Value::F32(x) => format!("f32={}", fixed(x as f64)),
        Value::F64(x) => format!("f64={}", fixed(x)),
        Value::Ref(None) => "(null)".into(),
        Value::Ref(Some(_)) => "(no printer)".into(),
    }
}

/// Results as JSON for the typed API: `[{"type":"f32","value":"1.5"}]`. Values are strings
/// so that i64 and non-finite floats survive; floats print exactly (shortest round trip).
pub fn results_json(values: &[Value]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|v| {
            let (ty, value) = match *v {
                Value::I32(x) => ("i32", format!("{x}")),
                Value::I64(x) => ("i64", format!("{x}")),
                Value::F32(x) => ("f32", float_text(x as f64)),
                Value::F64(x) => ("f64", float_text(x)),
                Value::Ref(_) => ("ref", ref_name(v)),
            };
            format!(r#"{{"type":"{ty}","value":{}}}"#, json::string(&value))
        })
        .collect();
    format!("[{}]", parts.join(","))
}

fn float_text(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        format!("{x:?}")
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    fn load(path: &str) -> Program {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/build")
            .join(path);
        let bytes = std::fs::read(&p).unwrap_or_else(|e| {
            panic!("{}: {e}; run tests/scripts/build-fixtures.sh", p.display())
        });
        Program::load(bytes.into()).unwrap()
    }

    #[test]
    fn calls_with_text_and_formats_like_the_reference() {
        let mut p = load("vm/i32_arith.vmvx.vmfb");
        let f = "arith".to_string();
        let inputs: Vec<String> = match &p.cconv(&f).unwrap().1.args.len() {
            2 => alloc::vec!["7".into(), "3".into()],
            n => panic!("unexpected arity {n}"),
        };
        let r = p.call_text(&f, &inputs).unwrap();
        assert!(!r.is_empty());
        assert!(format_result(&r[0]).starts_with("i32="));
        assert!(p.functions_json().starts_with("[{\"name\":"));
        assert!(p.inspect().contains("module name:"));
        // A failed call leaves the program usable.
        assert!(p.call_text(&f, &[]).is_err());
        assert!(p.call_text(&f, &inputs).is_ok());
    }

    #[test]
    fn tensor_programs_say_the_hal_is_missing() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/build/linker/matmul.wasm32.vmfb");
        let bytes = std::fs::read(p).unwrap();
        let e = Program::load(bytes.into()).err().unwrap().to_string();
        assert!(e.contains("needs the 'hal' module"), "{e}");
    }

    #[test]
    fn seed_format() {
        assert_eq!(format_result_seed(&Value::F32(3.75)), "f32=3.750000");
        assert_eq!(format_result_seed(&Value::I32(-2)), "i32=-2");
        assert_eq!(format_result_seed(&Value::F64(f64::NAN)), "f64=nan");
        assert_eq!(
            results_json(&[Value::F32(0.1), Value::I64(-5)]),
            r#"[{"type":"f32","value":"0.10000000149011612"},{"type":"i64","value":"-5"}]"#
        );
    }
}
