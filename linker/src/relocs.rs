//! Reads `__wasm_apply_data_relocs`, the function `wasm-ld --experimental-pic --shared`
//! generates to relocate a side module's data, so the planner can check that it only writes
//! inside the module's own data region.
//!
//! The init routine runs it once per memory, with the runtime's heap all around the region, so
//! a store anywhere else would corrupt the runtime. The function is generated code with one
//! fixed pattern per relocated word (lld's `InputChunk::generateRelocationCode` for wasm32):
//!
//! ```text
//! i32.const <offset>  global.get <base>  i32.add        ;; where: the region's start + offset
//! global.get <value> [i32.const <addend>  i32.add]      ;; what: a base or GOT entry (+ addend)
//! i32.store align=2 offset=0
//! ```
//!
//! Anything else (other instructions, locals, another store width or a memarg offset) is
//! refused.

use alloc::vec::Vec;
use wasmparser::{FunctionBody, Operator};

use crate::error::Error;

/// One relocated word: `global(value) + addend` stored at `global(base) + at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relocation {
    /// Byte offset of the entry's first instruction in the module (for messages).
    pub offset: u64,
    /// Offset of the stored word from global `base`.
    pub at: i32,
    /// Global whose value the store address is relative to (the planner requires
    /// `__memory_base`).
    pub base: u32,
    /// Global whose value is stored (a base or a GOT entry: the planner requires a global the
    /// linker binds), plus `addend`.
    pub value: u32,
    pub addend: i32,
}

/// The relocations of `body`, the relocation function; an error naming the first instruction
/// that departs from the generated pattern.
pub fn read(body: &FunctionBody<'_>) -> Result<Vec<Relocation>, Error> {
    let unexpected = |offset: u64, expected: &str| {
        Error::unsupported(
            "code",
            offset,
            alloc::format!("__wasm_apply_data_relocs is not the relocation code wasm-ld generates: expected {expected} here"),
        )
    };
    let malformed = |e: wasmparser::BinaryReaderError| Error::malformed("code", &e);
    if body.get_locals_reader().map_err(malformed)?.get_count() != 0 {
        return Err(unexpected(body.range().start, "no locals"));
    }
    let mut ops = body.get_operators_reader().map_err(malformed)?;
    let mut next = || -> Result<(u64, Operator<'_>), Error> {
        let at = ops.original_position();
        Ok((at, ops.read().map_err(malformed)?))
    };
    let mut relocations = Vec::new();
    loop {
        let (offset, op) = next()?;
        let at = match op {
            Operator::End => return Ok(relocations),
            Operator::I32Const { value } => value,
            _ => {
                return Err(unexpected(
                    offset,
                    "i32.const (the relocated word's offset) or the end",
                ))
            }
        };
        let base = match next()? {
            (_, Operator::GlobalGet { global_index }) => global_index,
            (o, _) => return Err(unexpected(o, "global.get __memory_base")),
        };
        match next()? {
            (_, Operator::I32Add) => {}
            (o, _) => return Err(unexpected(o, "i32.add")),
        }
        let value = match next()? {
            (_, Operator::GlobalGet { global_index }) => global_index,
            (o, _) => return Err(unexpected(o, "global.get of the value to store")),
        };
        let (mut o, mut op) = next()?;
        let mut addend = 0;
        if let Operator::I32Const { value } = op {
            addend = value;
            match next()? {
                (_, Operator::I32Add) => {}
                (o, _) => return Err(unexpected(o, "i32.add")),
            }
            (o, op) = next()?;
        }
        match op {
            Operator::I32Store { memarg }
                if memarg.offset == 0
                    && memarg.target == wasmparser::MemArgTarget::Memory(0)
                    && memarg.ordering.is_none() => {}
            _ => return Err(unexpected(o, "i32.store with offset 0")),
        }
        relocations.push(Relocation {
            offset,
            at,
            base,
            value,
            addend,
        });
    }
}
