//! The WebGPU device's executables (wasm32 only): IREE's `vulkan-spirv-fb` executables, run by
//! the JS object glue/js/gpu/device.mjs makes for a program loaded with `device: 'webgpu'`.
//!
//! The program's buffers live on the runtime's heap, where the `hal` module reads, writes,
//! fills and copies them; the GPU keeps a mirror of each heap block a dispatch binds. JS
//! translates each executable to WGSL compute pipelines when the program's `__init` creates it.
//! A dispatch hands JS the workgroup count, the push constants and, per binding, its block
//! (id, generation, address, length) and range; JS queues it. `complete` runs the queued
//! dispatches in one GPU submission: it uploads the blocks whose generation moved since their
//! last upload (rt-core `Block::generation`), and returns once the ranges the dispatches wrote
//! are back on the heap. It blocks this thread (JS waits on a GPU worker with `Atomics.wait`),
//! as the `hal` module's queue is synchronous. Blocks that died since the last `complete` are
//! named to it, so their mirrors go too.

use alloc::rc::{Rc, Weak};
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use rt_core::{Block, Dispatch, Error, ErrorKind, Executable, ExecutableLoader, Result};
use wasm_bindgen::prelude::*;

/// The executable format the WebGPU device runs.
pub const FORMAT: &str = "vulkan-spirv-fb";
/// What the device answers `hal.device.id` queries with: the compiler's `vulkan` target.
pub const DEVICE_ID: &str = "vulkan";

#[wasm_bindgen]
extern "C" {
    /// A program's WebGPU device, as glue/js/gpu/device.mjs implements it. No method throws:
    /// each that can fail returns a status (see [`check`]), and `errorMessage` the failure's
    /// message.
    pub type JsGpuDevice;

    /// Translates and builds the executable whose bytes are at `address` in linear memory,
    /// as executable `handle` of this program.
    #[wasm_bindgen(method, js_name = createExecutable)]
    fn create_executable(this: &JsGpuDevice, handle: u32, address: u32, length: u32) -> u32;

    /// The name of pipeline `ordinal` of executable `handle`; none past the last.
    #[wasm_bindgen(method, js_name = exportName)]
    fn export_name(this: &JsGpuDevice, handle: u32, ordinal: u32) -> Option<String>;

    /// Queues pipeline `export` of executable `handle` over `x`×`y`×`z` workgroups with
    /// `constants`; `bindings` holds, per binding, its block's [id, generation, address,
    /// length] and its [offset, length] in the block.
    #[wasm_bindgen(method)]
    #[allow(clippy::too_many_arguments)]
    fn dispatch(this: &JsGpuDevice, handle: u32, export: u32, x: u32, y: u32, z: u32, constants: &[u32], bindings: &[u32]);

    /// Runs the queued dispatches; forgets the mirrors of the blocks `dead` names.
    #[wasm_bindgen(method)]
    fn complete(this: &JsGpuDevice, dead: &[u32]) -> u32;

    /// Forgets the program: its mirrors and whatever is queued.
    #[wasm_bindgen(method)]
    fn close(this: &JsGpuDevice);

    #[wasm_bindgen(method, js_name = releaseExecutable)]
    fn release_executable(this: &JsGpuDevice, handle: u32);

    /// The message of the last failure.
    #[wasm_bindgen(method, js_name = errorMessage)]
    fn error_message(this: &JsGpuDevice) -> String;
}

/// How a call of [`JsGpuDevice`] ended: 0, or the WeftError code of its failure, as the rt-core
/// error that reports that code (weft-boundary's `Code::of`). JS numbers them in this order
/// (glue/js/gpu/device.mjs `STATUS`); anything else the GPU fails at is the dispatch's.
fn check(device: &JsGpuDevice, status: u32) -> Result<()> {
    let message = || device.error_message();
    Err(Error::new(match status {
        0 => return Ok(()),
        1 => ErrorKind::Malformed { offset: 0, message: message() },
        2 => ErrorKind::Unsupported(message()),
        3 => ErrorKind::InvalidArgument(message()),
        4 => ErrorKind::OutOfMemory(message()),
        _ => ErrorKind::KernelTrap { message: message(), backtrace: String::new() },
    }))
}

/// Executable formats the CPU device loads.
const CPU_FORMATS: [&str; 2] = [wasm_loader::abi::FORMAT, "vmvx-bytecode-fb"];

/// What the WebGPU device can do for a program (JS names them: glue/js/runtime.mjs `FITS`).
#[derive(Clone, Copy)]
#[repr(u32)]
pub enum Fit {
    /// The program creates no executables.
    Any = 0,
    /// Its executables are all for the CPU.
    Cpu = 1,
    /// It has executables for both.
    Gpu = 2,
    /// Only the GPU can run its executables.
    GpuOnly = 3,
}

pub fn fit(program: &rt_core::ModuleDef<'_>) -> Fit {
    // `hal.executable.create` takes the format from a rodata string.
    let has = |format: &str| program.rodata_segments.iter().any(|s| *s == format.as_bytes());
    if has(FORMAT) {
        if CPU_FORMATS.iter().any(|f| has(f)) { Fit::Gpu } else { Fit::GpuOnly }
    } else if program.imported_functions.iter().any(|f| f.full_name == "hal.executable.create") {
        Fit::Cpu
    } else {
        Fit::Any
    }
}

/// One program's WebGPU device: the JS object, and the blocks the GPU mirrors (with their
/// ids), so that it learns which of them died. A program binds few blocks (its constants, its
/// transients, a call's arguments and results), so a list serves.
struct Queue {
    device: JsGpuDevice,
    mirrored: RefCell<Vec<(u32, Weak<Block>)>>,
}

impl Queue {
    fn complete(&self) -> Result<()> {
        let mut dead = Vec::new();
        self.mirrored.borrow_mut().retain(|(id, block)| {
            let alive = block.strong_count() > 0;
            if !alive {
                dead.push(*id);
            }
            alive
        });
        check(&self.device, self.device.complete(&dead))
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        self.device.close();
    }
}

/// Loads `vulkan-spirv-fb` executables onto one program's WebGPU device.
pub struct GpuLoader {
    queue: Rc<Queue>,
    next_handle: Cell<u32>,
}

impl GpuLoader {
    pub fn new(device: JsGpuDevice) -> GpuLoader {
        GpuLoader { queue: Rc::new(Queue { device, mirrored: RefCell::new(Vec::new()) }), next_handle: Cell::new(0) }
    }
}

impl ExecutableLoader for GpuLoader {
    fn formats(&self) -> &[&str] {
        &[FORMAT]
    }

    fn load(&self, _format: &str, data: &[u8], _constants: &[u32]) -> Result<Rc<dyn Executable>> {
        let handle = self.next_handle.get();
        self.next_handle.set(handle + 1);
        let device = &self.queue.device;
        let address = data.as_ptr() as usize as u32;
        check(device, device.create_executable(handle, address, data.len() as u32))?;
        let names = (0..).map_while(|ordinal| device.export_name(handle, ordinal)).collect();
        Ok(Rc::new(GpuExecutable { queue: self.queue.clone(), handle, names }))
    }
}

struct GpuExecutable {
    queue: Rc<Queue>,
    handle: u32,
    names: Vec<String>,
}

impl Executable for GpuExecutable {
    fn format(&self) -> &str {
        FORMAT
    }

    fn export_names(&self) -> &[String] {
        &self.names
    }

    fn dispatch(&self, export: usize, dispatch: &Dispatch<'_>) -> Result<()> {
        let mut words = Vec::with_capacity(dispatch.bindings.len() * 6);
        let mut mirrored = self.queue.mirrored.borrow_mut();
        for (i, b) in dispatch.bindings.iter().enumerate() {
            b.check(i).map_err(|why| Error::invalid_argument(alloc::format!("dispatch {why}")))?;
            let block = &b.block;
            if !mirrored.iter().any(|(id, _)| *id == block.id()) {
                mirrored.push((block.id(), Rc::downgrade(block)));
            }
            words.extend([block.id(), block.generation(), block.address() as u32, block.len() as u32, b.offset as u32, b.length as u32]);
        }
        let [x, y, z] = dispatch.workgroup_count;
        self.queue.device.dispatch(self.handle, export as u32, x, y, z, dispatch.constants, &words);
        Ok(())
    }

    fn complete(&self) -> Result<()> {
        self.queue.complete()
    }
}

impl Drop for GpuExecutable {
    fn drop(&mut self) {
        self.queue.device.release_executable(self.handle);
    }
}
