//! The `#[wasm_bindgen]` API the JS glue drives (wasm32 only). One `Runtime` per worker.
//!
//! Loading a program is a conversation, because compiling wasm is asynchronous in JS:
//! `prepare` → per executable `table_slots`, (JS: find free slots) `set_table_base`, `link`, (JS: compile, instantiate,
//! `__weft_init`, query) `set_library` → `finish`. Programs are then called by id. Every
//! failure is a JS `Error` with the runtime's message and leaves the runtime usable.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use rt_core::hal::executable::{Binding, Dispatch, ExecutableLoader};
use rt_core::hal::buffer::Buffer;
use rt_core::hal::memory::Block;
use wasm_bindgen::prelude::*;

use crate::abi::FORMAT;
use crate::frame;
use crate::loader::{Prepared, SharedLoader, WasmLoader};
use crate::pool;
use crate::scan;
use crate::session::{self, Arg, Program};

fn err(e: impl core::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A pending program's bytes and, if it has wasm executables, their loader.
type Taken = (Rc<[u8]>, Rc<WasmLoader>);

/// A program between `prepare` and `finish`.
struct Pending {
    bytes: Rc<[u8]>,
    executables: Vec<Prepared>,
}

#[wasm_bindgen]
pub struct Runtime {
    maximum_pages: u32,
    next_id: u32,
    pending: BTreeMap<u32, Pending>,
    programs: BTreeMap<u32, Program>,
    /// Kernels prepared without a program (`debug_kernels`): bytes and their loader.
    kernels: BTreeMap<u32, (Rc<[u8]>, Rc<WasmLoader>)>,
    /// Input buffers JS filled for the next `invoke`, by staging order.
    staged: Vec<Option<Rc<Buffer>>>,
    /// The call frame JS writes arguments to and reads results from (see [`frame`]).
    frame: Vec<u32>,
    /// The last `invoke`'s results, alive until `release_results`.
    results: frame::Results,
}

/// The runtime's function table; JS grows it for kernels. (The memory is the one JS created.)
#[wasm_bindgen]
pub fn runtime_function_table() -> JsValue {
    wasm_bindgen::function_table()
}

/// Sets how many threads run workgroups (this one included) and the function table slot of
/// the kernel trampoline; returns the address of the pool's control block. Called once per
/// thread's runtime module, before any program is prepared.
#[wasm_bindgen]
pub fn pool_configure(threads: u32, trampoline: u32) -> u32 {
    pool::configure(threads, trampoline)
}

/// A pool worker's share of the current dispatch (`processor` ≥ 1, `handled`: messages it has
/// handled); JS calls it whenever the pool's signal word moved.
#[wasm_bindgen]
pub fn pool_work(processor: u32, handled: u32) {
    pool::work(processor, handled)
}

/// Test entry: workgroups each thread ran since the last call (index = processor id).
#[wasm_bindgen]
pub fn debug_workgroup_counts() -> Vec<u32> {
    pool::take_workgroup_counts()
}

/// Bytes of the runtime heap in use (this thread's runtime module and every Runtime in it).
#[wasm_bindgen]
pub fn heap_bytes_in_use() -> usize {
    rt_core::heap_in_use()
}

/// The code of element type `name` (`f32`, `i1`, ...) in the call frame.
#[wasm_bindgen]
pub fn element_type_code(name: &str) -> Result<u32, JsError> {
    frame::element_type_code(name).map_err(err)
}

/// The name of element type `code`.
#[wasm_bindgen]
pub fn element_type_name(code: u32) -> Result<String, JsError> {
    frame::element_type_name(code).map_err(err)
}

/// Describes a program without running it (works for programs this build cannot run).
#[wasm_bindgen]
pub fn inspect_program(bytes: Vec<u8>) -> Result<String, JsError> {
    let module = rt_core::vm::BytecodeModule::load(bytes).map_err(err)?;
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
            kernels: BTreeMap::new(),
            staged: Vec::new(),
            frame: Vec::new(),
            results: frame::Results::default(),
        }
    }

    /// Reads a `.vmfb`, finds its wasm executables and reserves their memory. Returns the id
    /// of the pending program.
    pub fn prepare(&mut self, bytes: Vec<u8>) -> Result<u32, JsError> {
        let bytes: Rc<[u8]> = bytes.into();
        let def = rt_core::vmfb::parse(&bytes).map_err(err)?;
        let executables = scan::wasm_executables(&def)
            .into_iter()
            .map(Prepared::new)
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        drop(def);
        let id = self.next_id;
        self.next_id += 1;
        self.pending.insert(id, Pending { bytes, executables });
        Ok(id)
    }

    fn executable(&mut self, id: u32, index: u32) -> Result<&mut Prepared, JsError> {
        let pending = self
            .pending
            .get_mut(&id)
            .ok_or_else(|| err(format!("no program is being loaded with id {id}")))?;
        let count = pending.executables.len();
        pending
            .executables
            .get_mut(index as usize)
            .ok_or_else(|| err(format!("executable {index} of {count}")))
    }

    pub fn executable_count(&self, id: u32) -> Result<u32, JsError> {
        let pending = self
            .pending
            .get(&id)
            .ok_or_else(|| err(format!("no program is being loaded with id {id}")))?;
        Ok(pending.executables.len() as u32)
    }

    /// Function table slots executable `index` needs: [count, alignment].
    pub fn table_slots(&mut self, id: u32, index: u32) -> Result<Vec<u32>, JsError> {
        let (size, align) = self.executable(id, index)?.table_slots();
        Ok(alloc::vec![size, align])
    }

    /// Where JS reserved executable `index`'s table slots (never slot 0).
    pub fn set_table_base(&mut self, id: u32, index: u32, base: u32) -> Result<(), JsError> {
        self.executable(id, index)?
            .set_table_base(base)
            .map_err(err)
    }

    /// The linked side module, ready for `WebAssembly.compile`.
    pub fn link(&mut self, id: u32, index: u32) -> Result<Vec<u8>, JsError> {
        let maximum_pages = self.maximum_pages;
        self.executable(id, index)?.link(maximum_pages).map_err(err)
    }

    /// `env.__weft_stack_top` for the instance on thread `processor` (0: the runtime's
    /// thread); 0 when the module needs no stack.
    pub fn stack_top(&mut self, id: u32, index: u32, processor: u32) -> Result<u32, JsError> {
        Ok(self.executable(id, index)?.stack_top(processor))
    }

    /// The environment address to pass to `iree_hal_executable_library_query`.
    pub fn environment(&mut self, id: u32, index: u32) -> Result<u32, JsError> {
        Ok(self.executable(id, index)?.environment())
    }

    /// Records the library the query returned (address in linear memory).
    pub fn set_library(&mut self, id: u32, index: u32, library: u32) -> Result<(), JsError> {
        self.executable(id, index)?
            .set_library(library)
            .map_err(err)
    }

    pub fn export_names(&mut self, id: u32, index: u32) -> Result<Vec<String>, JsError> {
        Ok(self.executable(id, index)?.export_names())
    }

    fn take_loader(&mut self, id: u32) -> Result<Taken, JsError> {
        let pending = self
            .pending
            .remove(&id)
            .ok_or_else(|| err(format!("no program is being loaded with id {id}")))?;
        // Always a loader, even with no executables: a wasm32 program's `__init` asks the
        // device whether it runs `system-wasm-wasm_32` before it creates any.
        let ready = pending
            .executables
            .into_iter()
            .map(Prepared::finish)
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        Ok((pending.bytes, Rc::new(WasmLoader::new(ready))))
    }

    /// Links the program to the host modules and runs its `__init`. On failure the pending
    /// program is gone (JS drops its instances).
    pub fn finish(&mut self, id: u32) -> Result<(), JsError> {
        let (bytes, loader) = self.take_loader(id)?;
        let loaders: Vec<alloc::boxed::Box<dyn ExecutableLoader>> = alloc::vec![alloc::boxed::Box::new(SharedLoader(loader))];
        let program = Program::load(bytes, loaders).map_err(err)?;
        self.programs.insert(id, program);
        Ok(())
    }

    /// Forgets a program, pending or loaded, and frees its memory.
    pub fn unload(&mut self, id: u32) -> bool {
        self.pending.remove(&id).is_some()
            | self.programs.remove(&id).is_some()
            | self.kernels.remove(&id).is_some()
    }

    fn program(&mut self, id: u32) -> Result<&mut Program, JsError> {
        self.programs.get_mut(&id).ok_or_else(|| {
            err(format!(
                "no program with id {id} is loaded (unloaded already?)"
            ))
        })
    }

    pub fn name(&mut self, id: u32) -> Result<String, JsError> {
        Ok(self.program(id)?.name().to_string())
    }

    /// Exported functions with their types, as JSON.
    pub fn functions(&mut self, id: u32) -> Result<String, JsError> {
        Ok(self.program(id)?.functions_json())
    }

    pub fn inspect(&mut self, id: u32) -> Result<String, JsError> {
        Ok(self.program(id)?.inspect())
    }

    /// Index of function `name` of program `id` for `invoke` (an error if there is none).
    pub fn function_index(&mut self, id: u32, name: &str) -> Result<u32, JsError> {
        self.program(id)?.function_index(name).map_err(err)
    }

    /// Allocates an input tensor's buffer for the next `invoke`; returns its address in linear
    /// memory, where JS writes the bytes.
    pub fn stage_tensor(&mut self, id: u32, byte_length: usize) -> Result<u32, JsError> {
        let buffer = self.program(id)?.stage(byte_length).map_err(err)?;
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
    pub fn invoke(&mut self, id: u32, index: u32, words: usize) -> Result<u32, JsError> {
        self.results = frame::Results::default();
        let mut staged = core::mem::take(&mut self.staged);
        let args = self.frame.get(..words).ok_or_else(|| err(format!("the call frame has {} words, not {words}", self.frame.len())))?;
        let program = self.programs.get_mut(&id).ok_or_else(|| err(format!("no program with id {id} is loaded (unloaded already?)")))?;
        let function = program.function_name(index).map_err(err)?;
        let inputs = frame::read_args(function, args, &mut staged).map_err(err)?;
        drop(staged);
        let outputs = program.call_inputs(index, inputs).map_err(err)?;
        frame::write_results(outputs, &mut self.frame, &mut self.results).map_err(err)?;
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

    /// Calls `name` with `iree-run-module` inputs (encoded as for `call`); each result as `iree-run-module` prints it
    /// after `result[i]: ` (`seed` = false) or as the seed sample's `ireeCallFunction` did.
    pub fn call_text(
        &mut self,
        id: u32,
        name: &str,
        inputs: Vec<String>,
        data: Vec<u8>,
        seed: bool,
    ) -> Result<Vec<String>, JsError> {
        let decoded = decode_args(name, inputs, &data)?;
        let outputs = self.program(id)?.call(name, decoded).map_err(err)?;
        outputs
            .iter()
            .enumerate()
            .map(|(i, o)| {
                if seed {
                    session::format_result_seed(o)
                } else {
                    session::format_result(o, i)
                }
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)
    }

    /// What `hal.buffer_view.trace` printed during the program's last call.
    pub fn take_trace(&mut self, id: u32) -> Result<String, JsError> {
        Ok(self.program(id)?.take_trace())
    }

    /// Test entry: makes the executables of a pending program ready without running the
    /// program (which needs the HAL), so their kernels can be dispatched directly.
    pub fn debug_kernels(&mut self, id: u32) -> Result<(), JsError> {
        let (bytes, loader) = self.take_loader(id)?;
        self.kernels.insert(id, (bytes, loader));
        Ok(())
    }

    /// Test entry: dispatches export `export` of wasm executable `index` through
    /// `WasmLoader::load` and `Executable::dispatch`, the path `hal.executable.create` and
    /// `hal.command_buffer.dispatch` take. `data` holds the bindings back to back
    /// (`lengths` each); returns them after the dispatch.
    #[allow(clippy::too_many_arguments)]
    pub fn debug_dispatch(
        &mut self,
        id: u32,
        index: u32,
        export: u32,
        workgroup_count: Vec<u32>,
        constants: Vec<u32>,
        data: Vec<u8>,
        lengths: Vec<u32>,
    ) -> Result<Vec<u8>, JsError> {
        let (bytes, loader) = self
            .kernels
            .get(&id)
            .ok_or_else(|| err(format!("no kernels prepared with id {id}")))?;
        let def = rt_core::vmfb::parse(bytes).map_err(err)?;
        let found = scan::wasm_executables(&def);
        let exe = found
            .get(index as usize)
            .ok_or_else(|| err(format!("executable {index} of {}", found.len())))?;
        let executable = loader.load(FORMAT, exe.bytes, &[]).map_err(err)?;
        let grid: [u32; 3] = workgroup_count
            .try_into()
            .map_err(|_| err("workgroup_count must have 3 entries"))?;
        let mut bindings = Vec::new();
        let mut at = 0usize;
        for len in &lengths {
            let len = *len as usize;
            let chunk = data
                .get(at..at + len)
                .ok_or_else(|| err("binding lengths exceed the data"))?;
            let block = Block::from_bytes(chunk)
                .map_err(|e| err(format!("cannot allocate {} bytes", e.size)))?;
            bindings.push(Binding {
                block: Rc::new(block),
                offset: 0,
                length: len,
            });
            at += len;
        }
        executable
            .dispatch(
                export as usize,
                &Dispatch {
                    workgroup_count: grid,
                    constants: &constants,
                    bindings: &bindings,
                },
            )
            .map_err(err)?;
        let mut out = Vec::with_capacity(at);
        for b in &bindings {
            out.extend_from_slice(&b.block.borrow());
        }
        Ok(out)
    }
}

/// Decodes `call_text`'s input encoding: `s:<text>` or `n:<bytes>` (a `.npy` file's bytes
/// next in `data`).
fn decode_args(name: &str, args: Vec<String>, data: &[u8]) -> Result<Vec<Arg>, JsError> {
    let mut at = 0usize;
    let mut decoded = Vec::with_capacity(args.len());
    for (i, a) in args.into_iter().enumerate() {
        let bad = || {
            err(format!(
                "argument {i} of '{name}' is not encoded as the glue expects: {a}"
            ))
        };
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
