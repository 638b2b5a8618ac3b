//! The embedder API: a runtime session that loads a program and calls its functions with
//! inputs given as text (`4xf32=1 2 3 4`, `7`) or as typed bytes, returning buffer views and
//! scalars that format exactly as `iree-run-module` prints them.
//!
//! Arguments are checked against the function's calling convention and, when the program
//! carries one, its `iree.abi.declaration` (element type, rank, static dimensions) before the
//! call, so a mistake is reported as "argument 0 (input0) ... given X, the signature wants Y"
//! and the session stays usable for the next call.

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use crate::cconv::{Param, ValueType};
use crate::hal::buffer::{memory_type, usage};
use crate::hal::buffer_view::{self, BufferView, DENSE_ROW_MAJOR};
use crate::hal::device::Device;
use crate::hal::element_type::ElementType;
use crate::hal::executable::{unsupported_format, ExecutableLoader};
use crate::hal::fence::{Fence, FenceState};
use crate::hal::text_format::{self, Scalar};
use crate::hal::vmvx_loader::{HostModuleFactory, VmvxLoader};
use crate::hal::buffer::Allocator;
use crate::hal::module::{CallCounts, HalModule, TraceSink};
use crate::modules::io_parameters::IoParametersModule;
use crate::params::{ParameterScopes, ParameterSource};
use crate::reflect::{DeclType, FunctionDecl};
use crate::vm::{BytecodeModule, Context, Function, Ref, Value};
use crate::{Error, Result};

/// How a session is set up.
#[derive(Default, Clone)]
pub struct SessionOptions {
    /// Bytes HAL buffers may use at once; beyond it allocations fail naming the size.
    pub memory_limit: Option<usize>,
    /// Host modules VMVX executables may import besides the built-in `vmvx` microkernels.
    pub vmvx_host_modules: Vec<HostModuleFactory>,
    /// Where `hal.buffer_view.trace` output goes (see `buffer_view::format_trace`).
    pub trace: Option<TraceSink>,
    /// The id the device answers `hal.device.id` queries with (the compiler's device target a
    /// program looks for, e.g. `vulkan` for a device running SPIR-V executables); `None`:
    /// `local-sync`, the CPU device.
    pub device_id: Option<&'static str>,
}

/// One argument of a call.
#[derive(Clone, Debug)]
pub enum Input {
    /// As `iree-run-module --input=` takes it: `2x2xf32=1 2 3 4`, `f32=1`, or a bare scalar `7`.
    Text(String),
    /// A dense row-major tensor.
    Tensor { shape: Vec<usize>, element_type: ElementType, data: Vec<u8> },
    /// A VM scalar (`I32`, `I64`, `F32` or `F64`).
    Scalar(Value),
    /// A buffer view from an earlier result, passed on without a copy.
    BufferView(Rc<BufferView>),
    /// A scalar of the embedder's own kind (glue: a JavaScript number or bigint), converted to
    /// the scalar type the signature wants by the embedder's rules.
    Loose(Rc<dyn LooseScalar>),
}

/// A scalar whose type the function's signature decides. `Display` names what was given
/// ("the number 2.5"), for errors that say what the signature wanted instead.
pub trait LooseScalar: core::fmt::Display + core::fmt::Debug {
    /// The value as scalar type `ty`, or None when it does not convert exactly.
    fn convert(&self, ty: ValueType) -> Option<Value>;
}

/// One result of a call.
#[derive(Clone)]
pub enum Output {
    Scalar(Scalar),
    BufferView(Rc<BufferView>),
    /// A null reference.
    Null,
    /// Some other reference (a list, a buffer); its VM type name.
    Other(&'static str),
}

impl Output {
    /// The value as `iree-run-module` prints it after `result[i]: `, without the type line:
    /// `i32=7`, `4xf32=1 2 3 4`, `(null)`.
    pub fn format(&self, max_element_count: usize) -> Result<String> {
        match self {
            Output::Scalar(s) => Ok(text_format::format_scalar(*s)),
            Output::BufferView(v) => v.format(max_element_count),
            Output::Null => Ok(String::from("(null)")),
            Output::Other(_) => Ok(String::from("(no printer)")),
        }
    }

    /// The exact lines `iree-run-module` prints for result `index`, with the final newline.
    pub fn format_result(&self, index: usize, max_element_count: usize) -> Result<String> {
        Ok(match self {
            Output::BufferView(_) => format!("result[{index}]: hal.buffer_view\n{}\n", self.format(max_element_count)?),
            Output::Other(name) => format!("result[{index}]: {name}\n(no printer)\n"),
            _ => format!("result[{index}]: {}\n", self.format(max_element_count)?),
        })
    }
}

/// Everything `iree-run-module --function=NAME` prints on success: `EXEC @NAME` and one
/// entry per result.
pub fn format_results(function: &str, results: &[Output]) -> Result<String> {
    let mut out = format!("EXEC @{function}\n");
    for (i, r) in results.iter().enumerate() {
        out.push_str(&r.format_result(i, text_format::DEFAULT_MAX_ELEMENT_COUNT)?);
    }
    Ok(out)
}

/// A call whose arguments are checked and converted ([`Session::prepare`]), ready to invoke.
pub struct PreparedCall {
    name: String,
    function: Function,
    args: Vec<Value>,
}

/// A context with the `hal` module over a local synchronous device, the `io_parameters`
/// module over the session's parameter files, and loaded programs.
pub struct Session {
    context: Context,
    device: Rc<Device>,
    hal_calls: Rc<CallCounts>,
    parameters: Rc<RefCell<ParameterScopes>>,
}

impl Session {
    /// A session with the VMVX loader and no memory limit.
    pub fn new() -> Result<Session> {
        Session::with_options(SessionOptions::default())
    }

    pub fn with_options(options: SessionOptions) -> Result<Session> {
        Session::with_loaders(options, Vec::new())
    }

    /// A session whose device also loads executables with `loaders` (tried after VMVX), e.g.
    /// the glue's `system-wasm-wasm_32` loader.
    pub fn with_loaders(options: SessionOptions, loaders: Vec<Box<dyn ExecutableLoader>>) -> Result<Session> {
        let mut vmvx = VmvxLoader::new();
        for m in options.vmvx_host_modules {
            vmvx = vmvx.with_host_module(m);
        }
        let mut loaders = loaders;
        loaders.insert(0, Box::new(vmvx));
        let allocator = Allocator::new(options.memory_limit);
        let device = Rc::new(match options.device_id {
            Some(id) => Device::with_id(id, allocator, loaders),
            None => Device::new(allocator, loaders),
        });
        let mut context = Context::new();
        let mut hal = HalModule::new(device.clone());
        if let Some(sink) = options.trace {
            hal = hal.with_trace_sink(sink);
        }
        let hal_calls = hal.call_counts();
        context.register_native(Box::new(hal))?;
        let parameters = Rc::new(RefCell::new(ParameterScopes::default()));
        context.register_native(Box::new(IoParametersModule::new(parameters.clone())))?;
        Ok(Session { context, device, hal_calls, parameters })
    }

    /// Makes the parameters of a file available to programs as `scope`, as
    /// `iree-run-module --parameters=scope=FILE` does (`scope` empty: `--parameters=FILE`, for
    /// parameters named without a scope). `name` names the file in messages, and its extension
    /// says the format: `.irpa`, `.safetensors` or `.gguf`. The file's index is read now (a
    /// corrupt or truncated file is an error here, and adds nothing); its parameters are read
    /// when a program asks for them, usually while it loads. Several files may serve a scope:
    /// a key resolves to the first file that has it. Returns the number of parameters added.
    pub fn add_parameters(&mut self, scope: &str, name: &str, source: Box<dyn ParameterSource>) -> Result<usize> {
        self.parameters.borrow_mut().add_file(scope, name, source)
    }

    /// Replaces the session's parameter files with `scopes`, files indexed before the session
    /// was made (the glue indexes them while a program's executables are still being
    /// prepared, so a bad file fails before the program links). Takes effect for programs
    /// loaded afterwards and for later `io_parameters` calls of loaded ones.
    pub fn set_parameters(&mut self, scopes: ParameterScopes) {
        *self.parameters.borrow_mut() = scopes;
    }

    pub fn device(&self) -> &Rc<Device> {
        &self.device
    }

    /// `(hal export, calls)` for every export of the `hal` module, counted since creation.
    pub fn hal_call_counts(&self) -> Vec<(&'static str, u64)> {
        self.hal_calls.snapshot()
    }

    pub fn context(&mut self) -> &mut Context {
        &mut self.context
    }

    /// Loads, verifies and links a `.vmfb` and runs its initializer.
    ///
    /// A program compiled for a device this runtime does not have (e.g. an llvm-cpu x86 build,
    /// format `embedded-elf-x86_64`) fails in its initializer after asking the device which
    /// executable formats it supports; that failure is reported as the unsupported format.
    pub fn load_program(&mut self, bytes: impl Into<Rc<[u8]>>) -> Result<Rc<BytecodeModule>> {
        let module = BytecodeModule::load(bytes)?;
        self.device.take_format_queries();
        let linked = self.context.register_bytecode(module.clone());
        let queries = self.device.take_format_queries();
        if let Err(e) = linked {
            let unsupported = queries.iter().find(|(_, supported)| !supported);
            if let (Some((format, _)), false) = (unsupported, queries.iter().any(|(_, s)| *s)) {
                return Err(unsupported_format(format, &self.device.formats()));
            }
            return Err(e);
        }
        Ok(module)
    }

    /// Unloads the program called `name` (its module name): its globals, executables and
    /// buffers are freed; the session and its other programs stay usable.
    pub fn unload_program(&mut self, name: &str) -> Result<()> {
        self.context.unregister(name)
    }

    /// The declaration of `function` (from `iree.abi.declaration`), if the program has one.
    pub fn declaration(&self, function: &str) -> Result<Option<FunctionDecl>> {
        let f = self.context.lookup(function)?;
        Ok(self.context.info(f).declaration.clone())
    }

    /// Calls `function` with text inputs (as `iree-run-module --input=` takes them).
    pub fn call_text(&mut self, function: &str, inputs: &[&str]) -> Result<Vec<Output>> {
        self.call(function, inputs.iter().map(|t| Input::Text(String::from(*t))).collect())
    }

    /// Calls `function`, checking every input against its signature first.
    ///
    /// Functions compiled with `--iree-execution-model=async-external` (the coarse-fences ABI)
    /// take a wait and a signal fence after their arguments; the session passes no wait fence
    /// and a fresh signal fence, and checks the function signalled it, as `iree-run-module`
    /// does.
    pub fn call(&mut self, function: &str, inputs: Vec<Input>) -> Result<Vec<Output>> {
        let call = self.prepare(function, inputs)?;
        self.invoke(&call)
    }

    /// Checks the inputs against `function`'s signature and converts them (text parsed, tensors
    /// staged in device buffers) once, for [`Session::invoke`] to call it with any number of times.
    pub fn prepare(&self, function: &str, inputs: Vec<Input>) -> Result<PreparedCall> {
        let f = self.context.lookup(function)?;
        let args = self.arguments(f, function, inputs)?;
        Ok(PreparedCall { name: String::from(function), function: f, args })
    }

    /// Calls a prepared call's function with its arguments (see [`Session::call`]). Fails if the
    /// function's program was unloaded or replaced since.
    pub fn invoke(&mut self, call: &PreparedCall) -> Result<Vec<Output>> {
        let function = call.name.as_str();
        let f = self.context.lookup(function)?;
        if f != call.function {
            return Err(Error::invalid_argument(format!(
                "the call of '{function}' was prepared for a program that has been unloaded or replaced since"
            )));
        }
        let mut args = call.args.clone();
        let signal = self.context.info(f).is_coarse_fences().then(|| Rc::new(Fence::new_single()));
        if let Some(fence) = &signal {
            args.push(Value::Ref(None));
            args.push(Value::Ref(Some(Ref::Object(fence.clone()))));
        }
        let results = self.context.call(f, args)?;
        if let Some(fence) = signal {
            match fence.state() {
                FenceState::Reached => {}
                FenceState::Failed { why, .. } => {
                    return Err(Error::invalid_argument(format!("async function '{function}' failed its signal fence: {why}")))
                }
                FenceState::Pending { .. } => {
                    return Err(Error::invalid_argument(format!(
                        "async function '{function}' returned without signalling its fence, and nothing else will"
                    )))
                }
            }
        }
        Ok(results.into_iter().map(output).collect())
    }

    fn arguments(&self, f: Function, function: &str, inputs: Vec<Input>) -> Result<Vec<Value>> {
        let info = self.context.info(f);
        let cconv = info
            .cconv
            .as_ref()
            .ok_or_else(|| Error::invalid_argument(format!("function '{function}' has no calling convention")))?;
        let decl = info.declaration.as_ref();
        // The coarse-fences ABI's two trailing fences are the session's to pass.
        let fences = if self.context.info(f).is_coarse_fences() { 2 } else { 0 };
        let types: Vec<ValueType> = cconv.args[..cconv.args.len().saturating_sub(fences)]
            .iter()
            .map(|p| match p {
                Param::Scalar(t) => Ok(*t),
                Param::Span(_) => Err(Error::invalid_argument(format!("function '{function}' takes variadic arguments"))),
            })
            .collect::<Result<_>>()?;
        let signature = || match decl {
            Some(d) => format!("{d}"),
            None => format!("{function} with calling convention {}", info.cconv_text),
        };
        if inputs.len() != types.len() {
            return Err(Error::invalid_argument(format!(
                "function '{function}' takes {} argument(s) but {} were given; its signature is {}",
                types.len(),
                inputs.len(),
                signature()
            )));
        }
        let mut args = Vec::with_capacity(inputs.len());
        for (i, (input, ty)) in inputs.into_iter().zip(types).enumerate() {
            let declared = decl.and_then(|d| d.args.get(i));
            let label = || match declared {
                Some(a) if !a.name.is_empty() => format!("argument {i} ({}) of '{function}'", a.name.trim_start_matches('%')),
                _ => format!("argument {i} of '{function}'"),
            };
            let value = self
                .argument(input, ty, declared.map(|a| &a.ty))
                .map_err(|why| Error::invalid_argument(format!("{}: {why}", label())))?;

            args.push(value);
        }
        Ok(args)
    }

    /// Converts one input; errors say what was given and what the signature wants.
    fn argument(&self, input: Input, ty: ValueType, declared: Option<&DeclType>) -> core::result::Result<Value, String> {
        let wants = || match declared {
            Some(d) => format!("{d}"),
            None => format!("{ty}"),
        };
        match (ty, input) {
            (ValueType::Ref, Input::BufferView(v)) => {
                check_tensor(&v.shape, v.element_type, declared)?;
                Ok(Value::Ref(Some(Ref::Object(v))))
            }
            (ValueType::Ref, Input::Tensor { shape, element_type, data }) => self.tensor(shape, element_type, data, declared),
            (ValueType::Ref, Input::Text(text)) => {
                let (shape, element_type, data) =
                    text_format::parse_buffer_view(&text).map_err(|e| format!("{}; the signature wants {}", message(&e), wants()))?;
                self.tensor(shape, element_type, data, declared)
            }
            (ValueType::Ref, Input::Scalar(v)) => {
                Err(format!("given the scalar {v:?}, but the signature wants {}", wants()))
            }
            (ValueType::Ref, Input::Loose(x)) => Err(format!("given {x}, but the signature wants {}", wants())),
            (_, Input::Loose(x)) => x.convert(ty).ok_or_else(|| format!("given {x}, but the signature wants the scalar {}", wants())),
            (_, Input::Scalar(v)) if v.cconv_char() == ty.code() => Ok(v),
            (_, Input::Scalar(v)) => Err(format!("given the scalar {v:?}, but the signature wants {}", wants())),
            (_, Input::Text(text)) => {
                let t = text.trim();
                let bare = match t.split_once('=') {
                    Some((prefix, rest)) if ElementType::parse(prefix).is_ok() && !prefix.contains('x') => rest,
                    Some(_) => return Err(format!("given the tensor `{t}`, but the signature wants the scalar {}", wants())),
                    None => t,
                };
                let et = match ty {
                    ValueType::I32 => ElementType::I32,
                    ValueType::I64 => ElementType::I64,
                    ValueType::F32 => ElementType::F32,
                    _ => ElementType::F64,
                };
                Ok(match text_format::parse_scalar(bare, et).map_err(|e| message(&e))? {
                    Scalar::I32(v) => Value::I32(v),
                    Scalar::I64(v) => Value::I64(v),
                    Scalar::F32(v) => Value::F32(v),
                    Scalar::F64(v) => Value::F64(v),
                    Scalar::I8(v) => Value::I32(v as i32),
                    Scalar::I16(v) => Value::I32(v as i32),
                })
            }
            (_, Input::Tensor { shape, element_type, .. }) => Err(format!(
                "given a {} tensor, but the signature wants the scalar {}",
                buffer_view::describe(&shape.iter().map(|&d| d as u64).collect::<Vec<_>>(), element_type),
                wants()
            )),
            (_, Input::BufferView(v)) => {
                Err(format!("given a {} tensor, but the signature wants the scalar {}", v.describe(), wants()))
            }
        }
    }

    fn tensor(&self, shape: Vec<usize>, element_type: ElementType, data: Vec<u8>, declared: Option<&DeclType>) -> core::result::Result<Value, String> {
        let shape: Vec<u64> = shape.iter().map(|&d| d as u64).collect();
        check_tensor(&shape, element_type, declared)?;
        let needed = buffer_view::dense_byte_length(&shape, element_type).ok_or("the tensor's byte size overflows")?;
        if data.len() as u64 != needed {
            return Err(format!(
                "a {} tensor holds {needed} bytes, but {} bytes of data were given",
                buffer_view::describe(&shape, element_type),
                data.len()
            ));
        }
        let buffer = self
            .device
            .allocator()
            .allocate(needed, memory_type::DEVICE_LOCAL | memory_type::HOST_VISIBLE, usage::HEAP)
            .map_err(|e| format!("{e}"))?;
        buffer.write(0, &data).map_err(|e| format!("{e}"))?;
        Ok(Value::Ref(Some(Ref::Object(Rc::new(BufferView::new(buffer, shape, element_type, DENSE_ROW_MAJOR))))))
    }
}

/// An error's text without the "invalid argument: " its kind adds (it is re-wrapped).
fn message(e: &Error) -> String {
    match e.kind() {
        crate::ErrorKind::InvalidArgument(m) => m.clone(),
        _ => format!("{e}"),
    }
}

/// Checks a tensor against a declared `tensor<...>` type: element type, rank, static dims.
fn check_tensor(shape: &[u64], element_type: ElementType, declared: Option<&DeclType>) -> core::result::Result<(), String> {
    let given = || buffer_view::describe(shape, element_type);
    match declared {
        None => Ok(()),
        Some(DeclType::Tensor { dims, element }) => {
            let want = || declared.map(|d| format!("{d}")).unwrap_or_default();
            let expected = ElementType::parse(element).ok();
            let compatible = match expected {
                Some(e) => {
                    e == element_type
                        || (e.is_integer() && element_type.is_integer() && e.bit_count() == element_type.bit_count())
                }
                None => true,
            };
            if !compatible {
                return Err(format!("given a {} tensor, but the signature wants {} (element type {element})", given(), want()));
            }
            if dims.len() != shape.len() {
                return Err(format!(
                    "given a {} tensor (rank {}), but the signature wants {} (rank {})",
                    given(),
                    shape.len(),
                    want(),
                    dims.len()
                ));
            }
            for (i, (d, s)) in dims.iter().zip(shape).enumerate() {
                if let Some(d) = d {
                    if d != s {
                        return Err(format!("given a {} tensor, but the signature wants {} (dimension {i} must be {d}, not {s})", given(), want()));
                    }
                }
            }
            Ok(())
        }
        Some(DeclType::Scalar(s)) => Err(format!("given a {} tensor, but the signature wants the scalar {s}", given())),
        Some(DeclType::Other(_)) => Ok(()),
    }
}

fn output(value: Value) -> Output {
    match value {
        Value::I32(v) => Output::Scalar(Scalar::I32(v)),
        Value::I64(v) => Output::Scalar(Scalar::I64(v)),
        Value::F32(v) => Output::Scalar(Scalar::F32(v)),
        Value::F64(v) => Output::Scalar(Scalar::F64(v)),
        Value::Ref(None) => Output::Null,
        Value::Ref(Some(r)) => match r {
            Ref::Object(o) => match (o.clone() as Rc<dyn core::any::Any>).downcast::<BufferView>() {
                Ok(v) => Output::BufferView(v),
                Err(_) => Output::Other(o.type_name()),
            },
            other => Output::Other(other.type_name()),
        },
    }
}
