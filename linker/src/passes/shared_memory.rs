//! `env.memory` becomes the runtime's shared memory: flags shared + has-max, with the runtime's
//! limits (V8 refuses to link a non-shared import to a shared memory, and a shared memory without
//! a maximum). The table import's minimum grows to cover `table_base + table_size`, so
//! instantiating against a table that is too small fails early with a link error.

use super::{Failure, Pass};

pub struct SharedMemory {
    pub initial_pages: u64,
    pub maximum_pages: u64,
    pub table_minimum: u64,
}

impl Pass for SharedMemory {
    fn memory_type(&mut self, ty: wasmparser::MemoryType) -> Result<Option<wasm_encoder::MemoryType>, Failure> {
        if ty.memory64 {
            return Err(Failure::UserError("64-bit memories are not supported"));
        }
        Ok(Some(wasm_encoder::MemoryType {
            minimum: self.initial_pages,
            maximum: Some(self.maximum_pages),
            memory64: false,
            shared: true,
            page_size_log2: ty.page_size_log2,
        }))
    }

    fn table_type(&mut self, out: &mut wasm_encoder::TableType) -> Result<(), Failure> {
        out.minimum = out.minimum.max(self.table_minimum);
        if let Some(max) = out.maximum {
            if max < out.minimum {
                return Err(Failure::UserError("table maximum below table_base + table_size"));
            }
        }
        Ok(())
    }
}
