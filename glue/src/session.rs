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

use rt_core::{
    format_scalar, format_trace, memory_type, read_npy, usage, DEFAULT_MAX_ELEMENT_COUNT,
    Buffer, BufferView, BytecodeModule, CheckModule, Error, ExecutableLoader, Input, Output, ParameterScopes, PreparedCall, Result, Scalar,
    Session, SessionOptions,
};

use crate::reflection;

/// One `iree-run-module` style input from JS.
pub enum Arg {
    /// A scalar (or any `iree-run-module --input` text).
    Text(String),
    /// A `.npy` file's bytes (`iree-run-module --input=@file.npy`).
    Npy(Vec<u8>),
}

pub struct Program {
    session: Session,
    module: Rc<BytecodeModule>,
    /// What `hal.buffer_view.trace` printed during the last call.
    trace: Rc<RefCell<String>>,
    /// Functions looked up by [`Program::function_index`], by index.
    callable: Vec<String>,
}

impl Program {
    /// Verifies and links the program against the `hal` and `io_parameters` modules and runs
    /// its `__init`, which creates its executables with the VMVX loader or one of `loaders` and
    /// reads its parameters from `parameters` (files already indexed, per scope). `device_id`:
    /// what the device answers `hal.device.id` queries with (`None`: the CPU's `local-sync`).
    pub fn load(bytes: Rc<[u8]>, device_id: Option<&'static str>, loaders: Vec<Box<dyn ExecutableLoader>>, parameters: ParameterScopes) -> Result<Program> {
        let trace = Rc::new(RefCell::new(String::new()));
        let sink = trace.clone();
        let options = SessionOptions {
            trace: Some(Rc::new(move |key: &str, views: &[Rc<BufferView>]| {
                let text = format_trace(key, views)
                    .unwrap_or_else(|e| format!("=== {key} ===\n(cannot format: {e})\n\n"));
                sink.borrow_mut().push_str(&text);
            })),
            device_id,
            ..SessionOptions::default()
        };
        let mut session = Session::with_loaders(options, loaders)?;
        session.set_parameters(parameters);
        // Self-checking programs import `check` (optional imports: without the module their
        // expectations would pass unchecked); other programs never see it.
        session.context().register_native(alloc::boxed::Box::new(CheckModule::new()))?;
        let module = session.load_program(bytes)?;
        Ok(Program {
            session,
            module,
            trace,
            callable: Vec::new(),
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

    /// Functions whose names start with `__` (the initializer `__init`, ...) belong to the
    /// program's own machinery: the runtime runs `__init` once at load, callers run none.
    fn check_callable(&self, name: &str) -> Result<()> {
        if name.starts_with("__") {
            return Err(Error::not_found(format!(
                "'{name}' is internal to program '{}' (the runtime runs its initializer once, when the program loads); callers may call only the exported functions",
                self.module.name
            )));
        }
        Ok(())
    }

    /// Calls `name`; the session checks every argument against the signature first.
    pub fn call(&mut self, name: &str, args: Vec<Arg>) -> Result<Vec<Output>> {
        let call = self.prepare(name, args)?;
        self.invoke(&call)
    }

    /// Checks and converts the arguments of a call of `name` once (texts parsed, `.npy` files
    /// read, tensors staged), for [`Program::invoke`] to run it any number of times.
    pub fn prepare(&self, name: &str, args: Vec<Arg>) -> Result<PreparedCall> {
        self.check_callable(name)?;
        let mut inputs = Vec::with_capacity(args.len());
        for (i, a) in args.into_iter().enumerate() {
            inputs.push(match a {
                Arg::Text(t) => Input::Text(t),
                Arg::Npy(bytes) => {
                    let (shape, element_type, data) =
                        read_npy(&mut bytes.as_slice()).map_err(|e| {
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
        self.session.prepare(name, inputs)
    }

    /// Runs a prepared call; [`Program::take_trace`] then has what this call traced.
    pub fn invoke(&mut self, call: &PreparedCall) -> Result<Vec<Output>> {
        self.trace.borrow_mut().clear();
        self.session.invoke(call)
    }

    /// A HAL buffer of `byte_length` bytes for JS to fill with a tensor argument.
    pub fn stage(&self, byte_length: usize) -> Result<Rc<Buffer>> {
        self.session.device().allocator().allocate(
            byte_length as u64,
            memory_type::DEVICE_LOCAL | memory_type::HOST_VISIBLE,
            usage::HEAP,
        )
    }

    /// Checks that `name` can be called and returns the index [`Program::call_inputs`] takes.
    pub fn function_index(&mut self, name: &str) -> Result<u32> {
        if let Some(i) = self.callable.iter().position(|n| n == name) {
            return Ok(i as u32);
        }
        self.check_callable(name)?;
        self.session.context().lookup(name)?;
        self.callable.push(name.to_string());
        Ok(self.callable.len() as u32 - 1)
    }

    /// The name of the function [`Program::function_index`] returned `index` for.
    pub fn function_name(&self, index: u32) -> Result<&str> {
        self.callable
            .get(index as usize)
            .map(String::as_str)
            .ok_or_else(|| Error::invalid_argument(format!("no function has index {index}")))
    }

    /// Calls the function [`Program::function_index`] returned `index` for.
    pub fn call_inputs(&mut self, index: u32, inputs: Vec<Input>) -> Result<Vec<Output>> {
        let name = self.function_name(index)?.to_string();
        self.trace.borrow_mut().clear();
        self.session.call(&name, inputs)
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
        Output::Scalar(s) => format_scalar(*s),
        Output::BufferView(v) => v.format(usize::MAX)?,
        Output::Null => "(null)".into(),
        Output::Other(_) => "(no printer)".into(),
    })
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    /// The fixture `<suite>/<stem>.vmfb`, loaded.
    fn load(suite: &str, stem: &str) -> Program {
        let bytes = weft_test_support::fixture(suite, stem).bytes();
        Program::load(bytes.into(), None, Vec::new(), ParameterScopes::default()).unwrap()
    }

    #[test]
    fn scalar_calls_and_formats() {
        let mut p = load("vm", "i32_arith.vmvx");
        let inputs: Vec<String> = alloc::vec!["7".into(), "3".into()];
        let r = p.call_text("arith", &inputs).unwrap();
        assert_eq!(format_result(&r[0], 0).unwrap(), "i32=10");
        assert!(p.functions_json().starts_with("[{\"name\":"));
        // A failed call leaves the program usable.
        assert!(p.call_text("arith", &[]).is_err());
        assert!(p.call_text("arith", &inputs).is_ok());
    }

    #[test]
    fn tensor_calls_through_the_call_frame() {
        let mut p = load("hal", "add.vmvx");
        let f32s = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        let staged = p.stage(16).unwrap();
        staged.write(0, &f32s(&[1.0, 2.0, 3.0, 4.0])).unwrap();
        let f32_code = crate::frame::element_type_code("f32").unwrap();
        let mut words = alloc::vec![crate::frame::TENSOR, f32_code, 0, 1, 4];
        let other = p.stage(16).unwrap();
        other.write(0, &f32s(&[10.0, 20.0, 30.0, 40.0])).unwrap();
        words.extend([crate::frame::TENSOR, f32_code, 1, 1, 4]);
        let inputs = crate::frame::read_args("add", &words, &mut [Some(staged), Some(other)]).unwrap();
        let index = p.function_index("add").unwrap();
        assert!(p.function_index("nope").is_err());
        let r = p.call_inputs(index, inputs).unwrap();
        assert_eq!(format_result(&r[0], 0).unwrap(), "hal.buffer_view\n4xf32=11 22 33 44");
        assert_eq!(format_result_seed(&r[0]).unwrap(), "4xf32=11 22 33 44");
        let mut results = crate::frame::Results::default();
        crate::frame::write_results(r, &mut words, &mut results).unwrap();
        assert_eq!(words[..5], [1, crate::frame::TENSOR, f32_code, words[3], 16]);
        assert_eq!(words[5..], [1, 4]);
        // A tensor that does not fill its staged buffer is refused.
        let short = p.stage(8).unwrap();
        let e = crate::frame::read_args("add", &[crate::frame::TENSOR, f32_code, 0, 1, 4], &mut [Some(short)]).err().unwrap();
        assert!(format!("{e}").contains("argument 0 of 'add': a 4xf32 tensor holds 16 bytes, but 8 bytes"), "{e}");
    }

    /// JS numbers and bigints convert to the signature's scalar type when they do so exactly, and
    /// give what the same values as text give (the text path is checked against the reference).
    #[test]
    fn numbers_and_bigints_convert_exactly() {
        use crate::frame::{read_args, FrameTag};
        let mut p = load("hal", "scalar_tensor_mix.vmvx");
        let tensor = "4xf32=1 2 3 4";
        let texts = |scale: &str, offset: &str| alloc::vec![String::from(tensor), scale.into(), offset.into()];
        let expected: Vec<String> =
            p.call_text("affine", &texts("2.5", "-1")).unwrap().iter().enumerate().map(|(i, o)| format_result(o, i).unwrap()).collect();
        let number = |x: f64| [FrameTag::Number as u32, x.to_bits() as u32, (x.to_bits() >> 32) as u32];
        let bigint = |x: i64| [FrameTag::Integer as u32, x as u32, (x >> 32) as u32];
        let index = p.function_index("affine").unwrap();
        // Arguments 1 and 2 from the frame after a text tensor (argument 0) parsed the usual way.
        let mut call = |scale: [u32; 3], offset: [u32; 3]| {
            let words: Vec<u32> = scale.into_iter().chain(offset).collect();
            let mut inputs = alloc::vec![Input::Text(tensor.into())];
            inputs.extend(read_args("affine", &words, &mut []).unwrap());
            p.call_inputs(index, inputs).map(|r| r.iter().enumerate().map(|(i, o)| format_result(o, i).unwrap()).collect::<Vec<_>>())
        };
        assert_eq!(call(number(2.5), number(-1.0)).unwrap(), expected);
        assert_eq!(call(number(2.5), bigint(-1)).unwrap(), expected);
        let error = |r: Result<Vec<String>>| format!("{}", r.err().unwrap());
        let e = error(call(number(2.5), number(-0.5)));
        assert!(e.contains("argument 2 (input2) of 'affine': given the number -0.5, but the signature wants the scalar i32"), "{e}");
        let e = error(call(number(2.5), bigint(1 << 40)));
        assert!(e.contains("given the integer 1099511627776, but the signature wants the scalar i32"), "{e}");
        let e = error(call(bigint(2), bigint(-1)));
        assert!(e.contains("argument 1 (input1) of 'affine': given the integer 2, but the signature wants the scalar f32"), "{e}");
        let words: Vec<u32> = number(1.0).into_iter().chain(number(2.5)).chain(number(-1.0)).collect();
        let e = format!("{}", p.call_inputs(index, read_args("affine", &words, &mut []).unwrap()).err().unwrap());
        assert!(e.contains("argument 0 (input0) of 'affine': given the number 1, but the signature wants tensor<4xf32>"), "{e}");
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
