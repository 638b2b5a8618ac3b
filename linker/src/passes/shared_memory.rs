//! `env.memory` becomes the runtime's shared memory: flags shared + has-max, with the runtime's
//! limits (V8 refuses to link a non-shared import to a shared memory, and a shared memory without
//! a maximum). The table import's minimum grows to cover `table_base + table_size`, so
//! instantiating against a table that is too small fails early with a link error.

use wasm_encoder::reencode::{Error, Reencode};

pub struct SharedMemory {
    pub initial_pages: u64,
    pub maximum_pages: u64,
    pub table_minimum: u64,
}

impl Reencode for SharedMemory {
    type Error = &'static str;

    fn memory_type(
        &mut self,
        ty: wasmparser::MemoryType,
    ) -> Result<wasm_encoder::MemoryType, Error<Self::Error>> {
        if ty.memory64 {
            return Err(Error::UserError("64-bit memories are not supported"));
        }
        Ok(wasm_encoder::MemoryType {
            minimum: self.initial_pages,
            maximum: Some(self.maximum_pages),
            memory64: false,
            shared: true,
            page_size_log2: ty.page_size_log2,
        })
    }

    fn table_type(
        &mut self,
        ty: wasmparser::TableType,
    ) -> Result<wasm_encoder::TableType, Error<Self::Error>> {
        let mut out = wasm_encoder::reencode::utils::table_type(self, ty)?;
        out.minimum = out.minimum.max(self.table_minimum);
        if let Some(max) = out.maximum {
            if max < out.minimum {
                return Err(Error::UserError(
                    "table maximum below table_base + table_size",
                ));
            }
        }
        Ok(out)
    }
}
