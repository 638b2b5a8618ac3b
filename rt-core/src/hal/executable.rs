//! Executables (compiled dispatch functions) and the loaders that create them.
//!
//! `hal.executable.create` hands a loader the executable's format string (`vmvx-bytecode-fb`,
//! `system-wasm-wasm_32`, ...) and its bytes from the program's rodata. A loaded executable
//! exposes its exports by name (`hal.executable.lookup.function`) and runs a workgroup grid
//! of one export with push constants and bindings, following the CPU executable library ABI
//! (each workgroup sees its id, the workgroup size and count, the constants and the bindings).

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use core::any::Any;

use crate::memory::Block;
use crate::vm::Object;
use crate::{Error, Result};

/// One binding of a dispatch: `length` bytes at `offset` of a heap block.
#[derive(Clone)]
pub struct Binding {
    pub block: Rc<Block>,
    pub offset: usize,
    pub length: usize,
}

impl Binding {
    /// The binding's first byte in linear memory, for executables that hand kernels raw
    /// addresses (the block counts as written: kernels write through it); unless its range lies
    /// inside its block, why not (naming it binding `index`), for the executable to report in
    /// its own words.
    pub fn address(&self, index: usize) -> core::result::Result<usize, String> {
        self.check(index)?;
        self.block.touch();
        Ok(self.block.address() + self.offset)
    }

    /// Unless the binding's range lies inside its block, why not (naming it binding `index`).
    pub fn check(&self, index: usize) -> core::result::Result<(), String> {
        if self.offset.checked_add(self.length).is_none_or(|end| end > self.block.len()) {
            return Err(format!(
                "binding {index} ({} bytes at offset {}) lies outside its {}-byte buffer",
                self.length,
                self.offset,
                self.block.len()
            ));
        }
        Ok(())
    }
}

/// One dispatch of one export.
pub struct Dispatch<'a> {
    pub workgroup_count: [u32; 3],
    pub constants: &'a [u32],
    pub bindings: &'a [Binding],
}

pub trait Executable {
    /// The format it was loaded from.
    fn format(&self) -> &str;
    /// Export names, in ordinal order.
    fn export_names(&self) -> &[String];
    /// Runs every workgroup of the grid for export `export`, or, on a device that runs them
    /// elsewhere (the GPU), may queue it until [`Executable::complete`].
    fn dispatch(&self, export: usize, dispatch: &Dispatch<'_>) -> Result<()>;
    /// Finishes the dispatches its device queued, their results on the heap. A command buffer
    /// calls it before it touches the heap itself and when it ends.
    fn complete(&self) -> Result<()> {
        Ok(())
    }
}

/// The `!hal.executable` object programs hold.
pub struct ExecutableObject(pub Rc<dyn Executable>);

impl Object for ExecutableObject {
    fn type_name(&self) -> &'static str {
        "hal.executable"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub trait ExecutableLoader {
    /// The formats it loads (also named in error messages).
    fn formats(&self) -> &[&str];
    /// Whether this loader can load executables of `format`.
    fn supports(&self, format: &str) -> bool {
        self.formats().contains(&format)
    }
    /// Loads `data`; `constants` are executable-level constants (none in 3.13.0 programs).
    fn load(&self, format: &str, data: &[u8], constants: &[u32]) -> Result<Rc<dyn Executable>>;
}

/// The error for an executable no registered loader accepts, naming what would work.
#[cold]
pub fn unsupported_format(format: &str, supported: &[&str]) -> Error {
    Error::unsupported(format!(
        "executable format '{format}' is not supported (this runtime loads: {}). \
         Compile the program for Weft with `weft compile` (the web target: llvm-cpu for \
         wasm32), or with --iree-hal-local-target-device-backends=vmvx for the portable \
         bytecode backend",
        supported.join(", ")
    ))
}
