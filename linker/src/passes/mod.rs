//! The rewrite passes. Each is a [`Reencode`] implementation that overrides only the hooks it
//! needs; [`run`] re-encodes a whole module through one of them.

use alloc::vec::Vec;
use core::fmt::Display;
use wasm_encoder::reencode::Reencode;
use wasm_encoder::SectionId;

use crate::error::{from_reencode, Error};

pub mod bind_imports;
pub mod f16_repair;
pub mod passive_data;
pub mod shared_memory;
pub mod stack_pointer;

/// Re-encodes `bytes` through `pass`, reporting failures under `name`.
pub fn run<R>(name: &str, pass: &mut R, bytes: &[u8]) -> Result<Vec<u8>, Error>
where
    R: Reencode,
    R::Error: Display,
{
    let mut module = wasm_encoder::Module::new();
    pass.parse_core_module(&mut module, wasmparser::Parser::new(0), bytes)
        .map_err(|e| from_reencode(name, e))?;
    Ok(module.finish())
}

/// Re-encodes `bytes` unchanged (through `wasm-encoder`'s identity re-encoder).
pub fn identity(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    run(
        "identity",
        &mut wasm_encoder::reencode::RoundtripReencoder,
        bytes,
    )
}

/// True when a section with id `before` (or the end of the module) comes after where a global
/// section belongs, i.e. a missing global section must be emitted before it.
pub(crate) fn is_after_globals(before: Option<SectionId>) -> bool {
    match before {
        None => true,
        Some(id) => matches!(
            id,
            SectionId::Export
                | SectionId::Start
                | SectionId::Element
                | SectionId::DataCount
                | SectionId::Code
                | SectionId::Data
        ),
    }
}

/// A memarg for 4-byte accesses to memory 0.
pub(crate) fn memarg4() -> wasm_encoder::MemArg {
    wasm_encoder::MemArg {
        offset: 0,
        align: 2,
        target: wasm_encoder::MemArgTarget::Memory(0),
        ordering: None,
    }
}

/// Rebuilds a `name` section global-name map through `map` (which may drop a global by
/// returning `None`), keeping the entries sorted by their new index as the format requires.
pub(crate) fn remap_global_names(
    names: &mut wasm_encoder::NameSection,
    map: wasmparser::NameMap<'_>,
    mut f: impl FnMut(u32) -> Option<u32>,
) -> Result<(), wasmparser::BinaryReaderError> {
    let mut entries = Vec::new();
    for naming in map {
        let naming = naming?;
        if let Some(index) = f(naming.index) {
            entries.push((index, naming.name));
        }
    }
    entries.sort_by_key(|(i, _)| *i);
    let mut out = wasm_encoder::NameMap::new();
    for (i, n) in entries {
        out.append(i, n);
    }
    names.globals(&out);
    Ok(())
}
