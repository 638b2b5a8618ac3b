//! Test entries of the `#[wasm_bindgen]` API, built only with the `debug-exports` feature
//! (`WEFT_DEBUG_EXPORTS=1 bash glue/build.sh`, as tests/run-all.sh does), so the runtime users
//! get, and the npm package, carries none of them.

use alloc::format;
use alloc::rc::Rc;
use alloc::vec::Vec;

use rt_core::{Binding, Block, Dispatch, ExecutableLoader};
use wasm_bindgen::prelude::*;
use wasm_loader::abi::FORMAT;
use wasm_loader::{pool, scan};

use super::{fail, Result, Runtime};
use crate::errors::Code;

/// Test entry: workgroups each thread ran since the last call (index = processor id).
#[wasm_bindgen]
pub fn debug_workgroup_counts() -> Vec<u32> {
    pool::take_workgroup_counts()
}

#[wasm_bindgen]
impl Runtime {
    /// Test entry: makes the executables of a pending program ready without running the
    /// program (which needs the HAL), so their kernels can be dispatched directly.
    pub fn debug_kernels(&mut self, id: u32) -> Result<()> {
        let (bytes, loader, _) = self.take_loader(id)?;
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
    ) -> Result<Vec<u8>> {
        let (bytes, loader) = self
            .kernels
            .get(&id)
            .ok_or_else(|| fail(Code::Unloaded, format!("no kernels prepared with id {id}")))?;
        let def = rt_core::vmfb::parse(bytes)?;
        let found = scan::wasm_executables(&def);
        let exe = found
            .get(index as usize)
            .ok_or_else(|| fail(Code::NotFound, format!("executable {index} of {}", found.len())))?;
        let executable = loader.load(FORMAT, exe.bytes, &[])?;
        let grid: [u32; 3] = workgroup_count
            .try_into()
            .map_err(|_| fail(Code::BadArgument, "workgroup_count must have 3 entries"))?;
        let mut bindings = Vec::new();
        let mut at = 0usize;
        for len in &lengths {
            let len = *len as usize;
            let chunk = data
                .get(at..at + len)
                .ok_or_else(|| fail(Code::BadArgument, "binding lengths exceed the data"))?;
            let block = Block::from_bytes(chunk)
                .map_err(|e| fail(Code::OutOfMemory, format!("cannot allocate {} bytes", e.size)))?;
            bindings.push(Binding { block: Rc::new(block), offset: 0, length: len });
            at += len;
        }
        executable.dispatch(export as usize, &Dispatch { workgroup_count: grid, constants: &constants, bindings: &bindings })?;
        let mut out = Vec::with_capacity(at);
        for b in &bindings {
            out.extend_from_slice(&b.block.borrow());
        }
        Ok(out)
    }
}

