//! Reader for `.vmfb` files: the archive container and the `BytecodeModuleDef` FlatBuffer.
//!
//! Layout (what `iree-compile` 3.13.0 writes):
//! ```text
//! [ZIP local file header, optional]   "PK\3\4", 30 bytes + file name + extra field
//! u32 size prefix                      FlatBuffer size in bytes
//! FlatBuffer                           root uoffset, then "IREE", then the module
//! padding to a 64-byte boundary        = rodata base (absolute in the file)
//! external rodata segments             at rodata base + external_data_offset
//! [ZIP central directory, optional]
//! ```
//! Everything is zero-copy over the caller's bytes and bounds-checked; malformed input yields
//! [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) with an absolute file offset.

mod archive;
pub mod flatbuffer;
pub mod module_def;

pub use archive::{split, Archive};
pub use module_def::{
    feature, flags, Attr, Dependency, ExportFunction, FunctionDescriptor, FunctionSignature,
    ImportFunction, ModuleDef,
};

use crate::Result;
use core::cell::Cell;

/// Parses a `.vmfb` (ZIP-prefixed or flat) into its module definition.
pub fn parse(bytes: &[u8]) -> Result<ModuleDef<'_>> {
    let archive = split(bytes)?;
    // Every legitimately stored vector element needs at least 4 bytes and every string byte
    // one byte, so 4x the FlatBuffer size is ample for real files (even with shared strings)
    // and keeps decoding linear for hostile ones that point many references at one object.
    let budget = Cell::new(archive.flatbuffer.len().saturating_mul(4).saturating_add(4096));
    let buf = flatbuffer::Buffer::new(archive.flatbuffer, archive.flatbuffer_offset, &budget);
    let rodata = module_def::Rodata { file: bytes, base: archive.rodata_base };
    module_def::read_module(buf, &rodata)
}
