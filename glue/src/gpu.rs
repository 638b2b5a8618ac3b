//! The WebGPU device's executables (wasm32 only): IREE's `vulkan-spirv-fb` executables, run by
//! the JS object glue/js/gpu/device.mjs makes for a program loaded with `device: 'webgpu'`.
//!
//! The program's buffers stay on the runtime's heap, where the `hal` module reads, writes,
//! fills and copies them. JS translates each executable to WGSL compute pipelines when the
//! program's `__init` creates it; a dispatch hands JS the workgroup count, the push constants
//! and the heap ranges of its bindings, and returns once the GPU has run it and the bindings
//! it writes are back on the heap. The calls block this thread (JS waits on a GPU worker with
//! `Atomics.wait`), as the `hal` module's dispatches are synchronous.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;

use rt_core::{Dispatch, Error, ErrorKind, Executable, ExecutableLoader, Result};
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

    /// Runs pipeline `export` of executable `handle` over `x`×`y`×`z` workgroups with
    /// `constants`; `bindings` holds an [address, length] pair per binding.
    #[wasm_bindgen(method)]
    #[allow(clippy::too_many_arguments)]
    fn dispatch(this: &JsGpuDevice, handle: u32, export: u32, x: u32, y: u32, z: u32, constants: &[u32], bindings: &[u32]) -> u32;

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

/// Loads `vulkan-spirv-fb` executables onto one program's WebGPU device.
pub struct GpuLoader {
    device: Rc<JsGpuDevice>,
    next_handle: Cell<u32>,
}

impl GpuLoader {
    pub fn new(device: JsGpuDevice) -> GpuLoader {
        GpuLoader { device: Rc::new(device), next_handle: Cell::new(0) }
    }
}

impl ExecutableLoader for GpuLoader {
    fn formats(&self) -> &[&str] {
        &[FORMAT]
    }

    fn load(&self, _format: &str, data: &[u8], _constants: &[u32]) -> Result<Rc<dyn Executable>> {
        let handle = self.next_handle.get();
        self.next_handle.set(handle + 1);
        let address = data.as_ptr() as usize as u32;
        check(&self.device, self.device.create_executable(handle, address, data.len() as u32))?;
        let names = (0..).map_while(|ordinal| self.device.export_name(handle, ordinal)).collect();
        Ok(Rc::new(GpuExecutable { device: self.device.clone(), handle, names }))
    }
}

struct GpuExecutable {
    device: Rc<JsGpuDevice>,
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
        let mut ranges = Vec::with_capacity(dispatch.bindings.len() * 2);
        for (i, b) in dispatch.bindings.iter().enumerate() {
            let address = b.address(i).map_err(|why| Error::invalid_argument(alloc::format!("dispatch {why}")))?;
            ranges.push(address as u32);
            ranges.push(b.length as u32);
        }
        let [x, y, z] = dispatch.workgroup_count;
        check(&self.device, self.device.dispatch(self.handle, export as u32, x, y, z, dispatch.constants, &ranges))
    }
}

impl Drop for GpuExecutable {
    fn drop(&mut self) {
        self.device.release_executable(self.handle);
    }
}
