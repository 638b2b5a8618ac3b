//! A loaded program: an rt-core [`Session`] (context + `hal` module over the local device,
//! with the VMVX loader and, on wasm32, the program's `system-wasm-wasm_32` loader), and the
//! ways JS calls it: typed values (scalars and dense tensors) or `iree-run-module` text.
//!
//! Platform-neutral (host unit tests run it); the wasm loader is passed in on wasm32.

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;

use rt_core::modules::check::CheckModule;
use rt_core::hal::buffer_view::{self, BufferView};
use rt_core::hal::executable::ExecutableLoader;
use rt_core::hal::text_format::DEFAULT_MAX_ELEMENT_COUNT;
use rt_core::hal::{ElementType, Scalar};
use rt_core::session::{Input, Output, Session, SessionOptions};
use rt_core::vm::BytecodeModule;
use rt_core::{Error, Result};

use crate::json;
use crate::reflection;

/// One argument from JS.
pub enum Arg {
    /// A scalar (or any `iree-run-module --input` text).
    Text(String),
    /// A dense row-major tensor.
    Tensor {
        dtype: String,
        shape: Vec<usize>,
        data: Vec<u8>,
    },
    /// A `.npy` file's bytes (`iree-run-module --input=@file.npy`).
    Npy(Vec<u8>),
}

pub struct Program {
    session: Session,
    module: Rc<BytecodeModule>,
    /// What `hal.buffer_view.trace` printed during the last call.
    trace: Rc<RefCell<String>>,
}

impl Program {
    /// Verifies and links the program against the `hal` module and runs its `__init`, which
    /// creates its executables with the VMVX loader or one of `loaders`.
    pub fn load(bytes: Rc<[u8]>, loaders: Vec<Box<dyn ExecutableLoader>>) -> Result<Program> {
        let trace = Rc::new(RefCell::new(String::new()));
        let sink = trace.clone();
        let options = SessionOptions {
            trace: Some(Rc::new(move |key: &str, views: &[Rc<BufferView>]| {
                let text = buffer_view::format_trace(key, views)
                    .unwrap_or_else(|e| format!("=== {key} ===\n(cannot format: {e})\n\n"));
                sink.borrow_mut().push_str(&text);
            })),
            ..SessionOptions::default()
        };
        let mut session = Session::with_loaders(options, loaders)?;
        // Self-checking programs import `check` (optional imports: without the module their
        // expectations would pass unchecked); other programs never see it.
        session.context().register_native(alloc::boxed::Box::new(CheckModule::new()))?;
        let module = session.load_program(bytes)?;
        Ok(Program {
            session,
            module,
            trace,
        })
    }

    pub fn name(&self) -> &str {
        &self.module.name
    }

    /// The exported functions as JSON (see [`reflection::functions_json`]).
    pub fn functions_json(&self) -> String {
        reflection::functions_json(&self.module)
    }

    pub fn inspect(&self) -> String {
        reflection::inspect(&self.module)
    }

    /// Calls `name`; the session checks every argument against the signature first.
    pub fn call(&mut self, name: &str, args: Vec<Arg>) -> Result<Vec<Output>> {
        self.trace.borrow_mut().clear();
        let mut inputs = Vec::with_capacity(args.len());
        for (i, a) in args.into_iter().enumerate() {
            inputs.push(match a {
                Arg::Text(t) => Input::Text(t),
                Arg::Tensor { dtype, shape, data } => {
                    let element_type = ElementType::parse(&dtype).map_err(|e| {
                        Error::invalid_argument(format!("argument {i} of '{name}': {e}"))
                    })?;
                    Input::Tensor {
                        shape,
                        element_type,
                        data,
                    }
                }
                Arg::Npy(bytes) => {
                    let (shape, element_type, data) =
                        rt_core::hal::npy::read_npy(&mut bytes.as_slice()).map_err(|e| {
                            Error::invalid_argument(format!("argument {i} of '{name}' (.npy): {e}"))
                        })?;
                    Input::Tensor {
                        shape,
                        element_type,
                        data,
                    }
                }
            });
        }
        self.session.call(name, inputs)
    }

    /// Calls `name` with `iree-run-module` `--input` texts.
    pub fn call_text(&mut self, name: &str, inputs: &[String]) -> Result<Vec<Output>> {
        self.call(name, inputs.iter().map(|t| Arg::Text(t.clone())).collect())
    }

    /// What `hal.buffer_view.trace` printed during the last call.
    pub fn take_trace(&self) -> String {
        core::mem::take(&mut *self.trace.borrow_mut())
    }
}

/// One result as `iree-run-module` prints it after `result[i]: ` (without the final newline):
/// `i32=7`, or `hal.buffer_view` and the contents on the next line.
pub fn format_result(o: &Output, index: usize) -> Result<String> {
    let full = o.format_result(index, DEFAULT_MAX_ELEMENT_COUNT)?;
    let prefix = format!("result[{index}]: ");
    Ok(full
        .strip_prefix(&prefix)
        .unwrap_or(&full)
        .trim_end_matches('\n')
        .to_string())
}

/// One result as the seed sample's `ireeCallFunction` formatted it: C `%f` for float
/// scalars, every element of a buffer view.
pub fn format_result_seed(o: &Output) -> Result<String> {
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
    Ok(match o {
        Output::Scalar(Scalar::F32(x)) => format!("f32={}", fixed(*x as f64)),
        Output::Scalar(Scalar::F64(x)) => format!("f64={}", fixed(*x)),
        Output::Scalar(s) => rt_core::hal::format_scalar(*s),
        Output::BufferView(v) => v.format(usize::MAX)?,
        Output::Null => "(null)".into(),
        Output::Other(_) => "(no printer)".into(),
    })
}

/// Results as JSON for the typed API. Scalars: `{"type":"f32","value":"1.5"}` (strings so
/// that i64 and non-finite floats survive). Tensors: `{"type":"tensor","dtype":"f32",
/// "shape":[2,2],"offset":0,"length":16}` with their bytes appended to `data`.
pub fn results_json(outputs: &[Output], data: &mut Vec<u8>) -> Result<String> {
    let mut parts = Vec::with_capacity(outputs.len());
    for o in outputs {
        parts.push(match o {
            Output::Scalar(s) => {
                let (ty, value) = match *s {
                    Scalar::I8(x) => ("i32", format!("{x}")),
                    Scalar::I16(x) => ("i32", format!("{x}")),
                    Scalar::I32(x) => ("i32", format!("{x}")),
                    Scalar::I64(x) => ("i64", format!("{x}")),
                    Scalar::F32(x) => ("f32", float_text(x as f64)),
                    Scalar::F64(x) => ("f64", float_text(x)),
                };
                format!(r#"{{"type":"{ty}","value":{}}}"#, json::string(&value))
            }
            Output::BufferView(v) => {
                let length = v
                    .byte_length()
                    .ok_or_else(|| Error::invalid_argument("a result tensor's byte size overflows"))? as usize;
                let offset = data.len();
                data.resize(offset + length, 0);
                v.buffer.read(0, &mut data[offset..])?;
                let shape: Vec<String> = v.shape.iter().map(|d| d.to_string()).collect();
                format!(
                    r#"{{"type":"tensor","dtype":{},"shape":[{}],"offset":{offset},"length":{length}}}"#,
                    json::string(&v.element_type.name()),
                    shape.join(",")
                )
            }
            Output::Null => r#"{"type":"null","value":"(null)"}"#.to_string(),
            Output::Other(name) => format!(r#"{{"type":"ref","value":{}}}"#, json::string(name)),
        });
    }
    Ok(format!("[{}]", parts.join(",")))
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
        Program::load(bytes.into(), Vec::new()).unwrap()
    }

    #[test]
    fn scalar_calls_and_formats() {
        let mut p = load("vm/i32_arith.vmvx.vmfb");
        let inputs: Vec<String> = alloc::vec!["7".into(), "3".into()];
        let r = p.call_text("arith", &inputs).unwrap();
        assert_eq!(format_result(&r[0], 0).unwrap(), "i32=10");
        assert!(p.functions_json().starts_with("[{\"name\":"));
        // A failed call leaves the program usable.
        assert!(p.call_text("arith", &[]).is_err());
        assert!(p.call_text("arith", &inputs).is_ok());
    }

    #[test]
    fn tensor_calls_through_the_hal() {
        let mut p = load("hal/add.vmvx.vmfb");
        let f32s = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        let r = p
            .call(
                "add",
                alloc::vec![
                    Arg::Tensor {
                        dtype: "f32".into(),
                        shape: alloc::vec![4],
                        data: f32s(&[1.0, 2.0, 3.0, 4.0])
                    },
                    Arg::Text("4xf32=10 20 30 40".into()),
                ],
            )
            .unwrap();
        let mut data = Vec::new();
        let j = results_json(&r, &mut data).unwrap();
        assert_eq!(
            j,
            r#"[{"type":"tensor","dtype":"f32","shape":[4],"offset":0,"length":16}]"#
        );
        assert_eq!(data, f32s(&[11.0, 22.0, 33.0, 44.0]));
        assert_eq!(
            format_result(&r[0], 0).unwrap(),
            "hal.buffer_view\n4xf32=11 22 33 44"
        );
        assert_eq!(format_result_seed(&r[0]).unwrap(), "4xf32=11 22 33 44");
    }

    #[test]
    fn seed_format() {
        assert_eq!(
            format_result_seed(&Output::Scalar(Scalar::F32(3.75))).unwrap(),
            "f32=3.750000"
        );
        assert_eq!(
            format_result_seed(&Output::Scalar(Scalar::I32(-2))).unwrap(),
            "i32=-2"
        );
        assert_eq!(
            format_result_seed(&Output::Scalar(Scalar::F64(f64::NAN))).unwrap(),
            "f64=nan"
        );
    }
}
