//! The `#[wasm_bindgen]` API the JS glue drives (wasm32 only). One `Runtime` per worker.
//!
//! Loading a program is a conversation, because compiling wasm is asynchronous in JS:
//! `prepare` → per executable `table_layout`, (JS: kernel handles) `set_kernel_handles`,
//! `link`, (JS: compile, instantiate with a table of the module's own, `__weft_init`, query)
//! `set_library` → per parameter file `add_parameters` → `finish`. Programs are then called by id. Every failure is a
//! [`CoreError`] (a code and the runtime's message) and leaves the runtime usable; anything
//! else that escapes (a panic) means the runtime must not be used again.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use alloc::boxed::Box;
use rt_core::Buffer;
use rt_core::ParameterScopes;
use wasm_bindgen::prelude::*;
use wasm_loader::abi::{LIBRARY_VERSION, QUERY_EXPORT};
use wasm_loader::loader::{Prepared, SharedLoader, WasmLoader};
use wasm_loader::{pool, scan};

use crate::errors::Code;
use crate::frame;
use crate::gpu::{self, GpuLoader, JsGpuDevice};
use crate::parameters::{self, JsParameterFile};
use crate::session::{self, Arg, Program};

#[cfg(feature = "debug-exports")]
mod debug;

/// An error of the runtime core as JS receives it: a stable code and the message. JS turns it
/// into a `WeftError` (glue/js/errors.mjs); anything else thrown out of the runtime is a bug.
#[wasm_bindgen]
pub struct CoreError {
    code: Code,
    message: String,
}

#[wasm_bindgen]
impl CoreError {
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        self.code.as_str().to_string()
    }

    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.message.clone()
    }
}

impl From<rt_core::Error> for CoreError {
    fn from(e: rt_core::Error) -> CoreError {
        CoreError { code: Code::of(&e), message: e.to_string() }
    }
}

type Result<T> = core::result::Result<T, CoreError>;

fn fail(code: Code, message: impl core::fmt::Display) -> CoreError {
    CoreError { code, message: message.to_string() }
}

fn no_program(id: u32) -> CoreError {
    fail(Code::Unloaded, format!("no program with id {id} is loaded (unloaded already?)"))
}

fn not_loading(id: u32) -> CoreError {
    fail(Code::Unloaded, format!("no program is being loaded with id {id}"))
}

/// A pending program's bytes, the loader of its wasm executables and its parameter files.
type Taken = (Rc<[u8]>, Rc<WasmLoader>, ParameterScopes);

/// A program between `prepare` and `finish`.
struct Pending {
    bytes: Rc<[u8]>,
    executables: Vec<Prepared>,
    /// What the WebGPU device can do for it.
    gpu_fit: gpu::Fit,
    /// The parameter files given with the load, indexed.
    parameters: ParameterScopes,
}

#[wasm_bindgen]
pub struct Runtime {
    maximum_pages: u32,
    next_id: u32,
    pending: BTreeMap<u32, Pending>,
    programs: BTreeMap<u32, Program>,
    /// Kernels prepared without a program (`debug_kernels`): bytes and their loader.
    #[cfg(feature = "debug-exports")]
    kernels: BTreeMap<u32, (Rc<[u8]>, Rc<WasmLoader>)>,
    /// Input buffers JS filled for the next `invoke`, by staging order.
    staged: Vec<Option<Rc<Buffer>>>,
    /// The call frame JS writes arguments to and reads results from (see [`frame`]).
    frame: Vec<u32>,
    /// The last `invoke`'s results, alive until `release_results`.
    results: frame::Results,
}

#[wasm_bindgen]
extern "C" {
    /// The clock `call_text` times calls with (pages, Workers and Node all have it).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// What `Runtime::call_text` returns: the last call's results as text, and the calls' time.
#[wasm_bindgen(getter_with_clone)]
pub struct TextCall {
    pub results: Vec<String>,
    pub invoke_ms: f64,
}

/// The runtime's function table; JS puts the kernel trampoline in it. (The memory is the one
/// JS created.)
#[wasm_bindgen]
pub fn runtime_function_table() -> JsValue {
    wasm_bindgen::function_table()
}

/// The export a side module's executable library is queried through, and the library version
/// Weft reads (JS calls the query on the instance it made).
#[wasm_bindgen]
pub fn library_query_export() -> String {
    QUERY_EXPORT.to_string()
}

#[wasm_bindgen]
pub fn library_version() -> u32 {
    LIBRARY_VERSION
}

/// Every error code the runtime core reports (glue/js/errors.mjs checks it knows each).
#[wasm_bindgen]
pub fn core_error_codes() -> Vec<String> {
    Code::ALL.iter().map(|c| c.as_str().to_string()).collect()
}

/// Sets how many threads run workgroups (this one included) and the function table slot of
/// the kernel trampoline; returns the address of the pool's control block. Called once per
/// thread's runtime module, before any program is prepared.
#[wasm_bindgen]
pub fn pool_configure(threads: u32, trampoline: u32) -> u32 {
    pool::configure(threads, trampoline)
}

/// Most threads a pool may have, the runtime's own included.
#[wasm_bindgen]
pub fn pool_max_threads() -> u32 {
    pool::MAX_THREADS
}

/// A pool worker's share of the current dispatch (`processor` ≥ 1, `handled`: messages it has
/// handled); JS calls it whenever the pool's signal word moved.
#[wasm_bindgen]
pub fn pool_work(processor: u32, handled: u32) {
    pool::work(processor, handled)
}

/// Bytes of the runtime heap in use (this thread's runtime module and every Runtime in it).
#[wasm_bindgen]
pub fn heap_bytes_in_use() -> usize {
    crate::allocator::heap_in_use()
}

/// The code of element type `name` (`f32`, `i1`, ...) in the call frame.
#[wasm_bindgen]
pub fn element_type_code(name: &str) -> Result<u32> {
    Ok(frame::element_type_code(name)?)
}

/// The name of element type `code`.
#[wasm_bindgen]
pub fn element_type_name(code: u32) -> Result<String> {
    Ok(frame::element_type_name(code)?)
}

/// Describes a program without running it (works for programs this build cannot run).
#[wasm_bindgen]
pub fn inspect_program(bytes: Vec<u8>) -> Result<String> {
    let module = rt_core::BytecodeModule::load(bytes)?;
    Ok(crate::reflection::inspect(&module))
}

#[wasm_bindgen]
impl Runtime {
    /// `maximum_pages`: the maximum of the shared memory the runtime was instantiated with
    /// (kernels are linked to import a memory with that maximum).
    #[wasm_bindgen(constructor)]
    pub fn new(maximum_pages: u32) -> Runtime {
        Runtime {
            maximum_pages,
            next_id: 1,
            pending: BTreeMap::new(),
            programs: BTreeMap::new(),
            #[cfg(feature = "debug-exports")]
            kernels: BTreeMap::new(),
            staged: Vec::new(),
            frame: Vec::new(),
            results: frame::Results::default(),
        }
    }

    /// Reads a `.vmfb`, finds its wasm executables and reserves their memory. Returns the id
    /// of the pending program (ids are never reused).
    pub fn prepare(&mut self, bytes: Vec<u8>) -> Result<u32> {
        let bytes: Rc<[u8]> = bytes.into();
        let def = rt_core::vmfb::parse(&bytes)?;
        let executables = scan::wasm_executables(&def)
            .into_iter()
            .map(Prepared::new)
            .collect::<rt_core::Result<Vec<_>>>()?;
        let gpu_fit = gpu::fit(&def);
        drop(def);
        let id = self.next_id;
        self.next_id += 1;
        self.pending.insert(id, Pending { bytes, executables, gpu_fit, parameters: ParameterScopes::default() });
        Ok(id)
    }

    fn executable(&mut self, id: u32, index: u32) -> Result<&mut Prepared> {
        let pending = self.pending.get_mut(&id).ok_or_else(|| not_loading(id))?;
        let count = pending.executables.len();
        pending
            .executables
            .get_mut(index as usize)
            .ok_or_else(|| fail(Code::NotFound, format!("executable {index} of {count}")))
    }

    /// What the WebGPU device can do for pending program `id` (a `gpu::Fit`; `Any` for an id
    /// that is not pending, which JS never asks about).
    pub fn gpu_fit(&self, id: u32) -> u32 {
        self.pending.get(&id).map_or(gpu::Fit::Any, |p| p.gpu_fit) as u32
    }

    pub fn executable_count(&self, id: u32) -> Result<u32> {
        let pending = self.pending.get(&id).ok_or_else(|| not_loading(id))?;
        Ok(pending.executables.len() as u32)
    }

    /// The module's own function table: [first kernel slot, kernel count] (JS makes a table of
    /// `first + count` slots per instance).
    pub fn table_layout(&mut self, id: u32, index: u32) -> Result<Vec<u32>> {
        let (base, count) = self.executable(id, index)?.table_layout();
        Ok(alloc::vec![base, count])
    }

    /// The first of the handles JS assigned the module's kernels (the same on every thread).
    pub fn set_kernel_handles(&mut self, id: u32, index: u32, first: u32) -> Result<()> {
        Ok(self.executable(id, index)?.set_kernel_handles(first)?)
    }

    /// The linked side module, ready for `WebAssembly.compile`.
    pub fn link(&mut self, id: u32, index: u32) -> Result<Vec<u8>> {
        let maximum_pages = self.maximum_pages;
        Ok(self.executable(id, index)?.link(maximum_pages)?)
    }

    /// `env.__weft_stack_top` for the instance on thread `processor` (0: the runtime's
    /// thread); 0 when the module needs no stack.
    pub fn stack_top(&mut self, id: u32, index: u32, processor: u32) -> Result<u32> {
        Ok(self.executable(id, index)?.stack_top(processor))
    }

    /// The environment address to pass to `iree_hal_executable_library_query`.
    pub fn environment(&mut self, id: u32, index: u32) -> Result<u32> {
        Ok(self.executable(id, index)?.environment())
    }

    /// Records the library the query returned (address in linear memory).
    pub fn set_library(&mut self, id: u32, index: u32, library: u32) -> Result<()> {
        Ok(self.executable(id, index)?.set_library(library)?)
    }

    pub fn export_names(&mut self, id: u32, index: u32) -> Result<Vec<String>> {
        Ok(self.executable(id, index)?.export_names())
    }

    fn take_loader(&mut self, id: u32) -> Result<Taken> {
        let pending = self.pending.remove(&id).ok_or_else(|| not_loading(id))?;
        // Always a loader, even with no executables: a wasm32 program's `__init` asks the
        // device whether it runs `system-wasm-wasm_32` before it creates any.
        let ready = pending
            .executables
            .into_iter()
            .map(Prepared::finish)
            .collect::<rt_core::Result<Vec<_>>>()?;
        Ok((pending.bytes, Rc::new(WasmLoader::new(ready)), pending.parameters))
    }

    /// Indexes a parameter file for pending program `id` as `scope` (empty: the unnamed
    /// scope), named `name` in messages (its extension says the format: `.irpa`,
    /// `.safetensors`, `.gguf`); its header is read now, its parameters when the program's
    /// initializer asks for them. Returns the bytes its parameters store.
    pub fn add_parameters(&mut self, id: u32, scope: &str, name: &str, file: JsParameterFile) -> Result<f64> {
        let pending = self.pending.get_mut(&id).ok_or_else(|| not_loading(id))?;
        Ok(parameters::add(&mut pending.parameters, scope, name, file)?)
    }

    /// Links the program to the host modules and runs its `__init`, on the CPU or, given
    /// `gpu`, on that WebGPU device (glue/js/gpu/device.mjs). On failure the pending program
    /// is gone (JS drops its instances).
    pub fn finish(&mut self, id: u32, gpu: Option<JsGpuDevice>) -> Result<()> {
        let (bytes, loader, parameters) = self.take_loader(id)?;
        let (device_id, loader): (_, Box<dyn rt_core::ExecutableLoader>) = match gpu {
            Some(device) => (Some(gpu::DEVICE_ID), Box::new(GpuLoader::new(device))),
            None => (None, Box::new(SharedLoader(loader))),
        };
        let program = Program::load(bytes, device_id, alloc::vec![loader], parameters)?;
        self.programs.insert(id, program);
        Ok(())
    }

    /// Forgets a program, pending or loaded, and frees its memory.
    pub fn unload(&mut self, id: u32) -> bool {
        #[cfg(feature = "debug-exports")]
        if self.kernels.remove(&id).is_some() {
            return true;
        }
        self.pending.remove(&id).is_some() | self.programs.remove(&id).is_some()
    }

    fn program(&mut self, id: u32) -> Result<&mut Program> {
        self.programs.get_mut(&id).ok_or_else(|| no_program(id))
    }

    pub fn name(&mut self, id: u32) -> Result<String> {
        Ok(self.program(id)?.name().to_string())
    }

    /// Exported functions with their types, as JSON.
    pub fn functions(&mut self, id: u32) -> Result<String> {
        Ok(self.program(id)?.functions_json())
    }

    pub fn inspect(&mut self, id: u32) -> Result<String> {
        Ok(self.program(id)?.inspect())
    }

    /// Index of function `name` of program `id` for `invoke` (an error if there is none).
    pub fn function_index(&mut self, id: u32, name: &str) -> Result<u32> {
        Ok(self.program(id)?.function_index(name)?)
    }

    /// Allocates an input tensor's buffer for the next `invoke`; returns its address in linear
    /// memory, where JS writes the bytes.
    pub fn stage_tensor(&mut self, id: u32, byte_length: usize) -> Result<u32> {
        let buffer = self.program(id)?.stage(byte_length)?;
        // JS writes the bytes through the address, not through the block.
        buffer.block().touch();
        let address = buffer.block().address() + buffer.block_offset();
        self.staged.push(Some(buffer));
        Ok(address as u32)
    }

    /// Frees tensors staged for a call that will not happen (JS failed while staging).
    pub fn discard_staged(&mut self) {
        self.staged.clear();
    }

    /// The call frame's address with room for `words` words (JS writes the arguments there).
    pub fn frame(&mut self, words: usize) -> u32 {
        self.frame.clear();
        self.frame.resize(words, 0);
        self.frame.as_ptr() as usize as u32
    }

    /// Calls function `index` of program `id` with the first `words` words of the frame as
    /// arguments and the staged tensors (see [`frame`]); writes the results to the frame and
    /// returns its address. Result tensors stay alive until `release_results`.
    pub fn invoke(&mut self, id: u32, index: u32, words: usize) -> Result<u32> {
        self.results = frame::Results::default();
        let mut staged = core::mem::take(&mut self.staged);
        let args = self.frame.get(..words).ok_or_else(|| {
            fail(Code::BadArgument, format!("the call frame has {} words, not {words}", self.frame.len()))
        })?;
        let program = self.programs.get_mut(&id).ok_or_else(|| no_program(id))?;
        let function = program.function_name(index)?;
        let inputs = frame::read_args(function, args, &mut staged)?;
        drop(staged);
        let outputs = program.call_inputs(index, inputs)?;
        frame::write_results(outputs, &mut self.frame, &mut self.results)?;
        Ok(self.frame.as_ptr() as usize as u32)
    }

    /// Name of the reference type of the last results' `REF k` entry.
    pub fn result_ref_name(&self, k: usize) -> String {
        self.results.ref_names.get(k).copied().unwrap_or("?").to_string()
    }

    /// Frees the last `invoke`'s results (JS has copied their bytes out).
    pub fn release_results(&mut self) {
        self.results = frame::Results::default();
    }

    /// Calls `name` `iterations` times (at least once) with `iree-run-module` inputs (encoded as
    /// for `call`), parsed and staged once, as the seed sample's `call_function` did. Returns
    /// the last call's results, each as `iree-run-module` prints it after `result[i]: `
    /// (`seed` = false) or as the seed sample formatted it, and the milliseconds the calls
    /// took, timed around the calls alone.
    pub fn call_text(&mut self, id: u32, name: &str, inputs: Vec<String>, data: Vec<u8>, seed: bool, iterations: u32) -> Result<TextCall> {
        if iterations == 0 {
            return Err(fail(Code::BadArgument, "iterations must be at least 1"));
        }
        let decoded = decode_args(name, inputs, &data)?;
        let program = self.program(id)?;
        let call = program.prepare(name, decoded)?;
        let start = performance_now();
        let mut outputs = program.invoke(&call)?;
        for _ in 1..iterations {
            outputs = program.invoke(&call)?;
        }
        let invoke_ms = performance_now() - start;
        let results = outputs
            .iter()
            .enumerate()
            .map(|(i, o)| if seed { session::format_result_seed(o) } else { session::format_result(o, i) })
            .collect::<rt_core::Result<Vec<_>>>()?;
        Ok(TextCall { results, invoke_ms })
    }

    /// What `hal.buffer_view.trace` printed during the program's last call.
    pub fn take_trace(&mut self, id: u32) -> Result<String> {
        Ok(self.program(id)?.take_trace())
    }
}

/// Decodes `call_text`'s input encoding: `s:<text>` or `n:<bytes>` (a `.npy` file's bytes
/// next in `data`).
fn decode_args(name: &str, args: Vec<String>, data: &[u8]) -> Result<Vec<Arg>> {
    let mut at = 0usize;
    let mut decoded = Vec::with_capacity(args.len());
    for (i, a) in args.into_iter().enumerate() {
        let bad = || fail(Code::BadArgument, format!("argument {i} of '{name}' is not encoded as the glue expects: {a}"));
        if let Some(text) = a.strip_prefix("s:") {
            decoded.push(Arg::Text(text.to_string()));
        } else if let Some(len) = a.strip_prefix("n:") {
            let len: usize = len.parse().map_err(|_| bad())?;
            let bytes = data.get(at..at + len).ok_or_else(bad)?.to_vec();
            at += len;
            decoded.push(Arg::Npy(bytes));
        } else {
            return Err(bad());
        }
    }
    Ok(decoded)
}
