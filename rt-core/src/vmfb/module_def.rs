//! The `iree.vm.BytecodeModuleDef` schema (`bytecode_module_def.fbs`) read through
//! [`flatbuffer`](super::flatbuffer). One function per schema table; slot numbers are the
//! schema's field order (a union takes two slots: type byte, then value).

use super::flatbuffer::{Buffer, Table};
use crate::{Error, Result};
use alloc::format;
use alloc::vec::Vec;

/// `FeatureBits` of `BytecodeModuleDef.requirements` and `FunctionDescriptor.requirements`.
pub mod feature {
    pub const EXT_F32: u32 = 1;
    pub const EXT_F64: u32 = 2;
    pub const YIELD: u32 = 4;
    pub const UNWIND: u32 = 8;
}

/// `ModuleDependencyFlagBits` / `ImportFlagBits`.
pub mod flags {
    pub const REQUIRED: u32 = 1;
    pub const OPTIONAL: u32 = 2;
}

/// A decoded module. Strings and byte slices borrow the caller's file bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleDef<'a> {
    pub name: &'a str,
    /// Module version (0 for user modules), not the bytecode version.
    pub version: u32,
    /// [`feature`] bits the module needs.
    pub requirements: u32,
    pub attrs: Vec<Attr<'a>>,
    /// `TypeDef.full_name`, e.g. `i32`, `!hal.buffer`, `!vm.list<?>`.
    pub types: Vec<&'a str>,
    pub dependencies: Vec<Dependency<'a>>,
    pub imported_functions: Vec<ImportFunction<'a>>,
    pub exported_functions: Vec<ExportFunction<'a>>,
    /// One per internal function, indexed by internal ordinal.
    pub function_signatures: Vec<FunctionSignature<'a>>,
    /// Contents of each rodata segment, embedded or external, resolved against the file.
    pub rodata_segments: Vec<&'a [u8]>,
    /// Byte size of each rwdata segment.
    pub rwdata_segments: Vec<u32>,
    pub global_bytes_capacity: u32,
    pub global_ref_count: u32,
    /// One per internal function; each range lies inside `bytecode_data`.
    pub function_descriptors: Vec<FunctionDescriptor>,
    /// `major << 16 | minor`; not checked here.
    pub bytecode_version: u32,
    pub bytecode_data: &'a [u8],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    pub key: &'a str,
    pub value: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dependency<'a> {
    pub name: &'a str,
    pub minimum_version: u32,
    /// [`flags`] bits; defaults to `REQUIRED`.
    pub flags: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFunction<'a> {
    /// `module.function`, e.g. `hal.buffer_view.create`.
    pub full_name: &'a str,
    pub signature: FunctionSignature<'a>,
    /// [`flags`] bits; defaults to `REQUIRED`.
    pub flags: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportFunction<'a> {
    pub local_name: &'a str,
    /// Index into `function_signatures` and `function_descriptors`.
    pub internal_ordinal: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FunctionSignature<'a> {
    /// E.g. `0rr_r`; empty when the module omits it. Parse with [`crate::CallingConvention::parse`].
    pub calling_convention: &'a str,
    pub attrs: Vec<Attr<'a>>,
}

impl<'a> FunctionSignature<'a> {
    /// Value of the first attribute named `key` (e.g. `iree.abi.declaration`).
    pub fn attr(&self, key: &str) -> Option<&'a str> {
        self.attrs.iter().find(|a| a.key == key).map(|a| a.value)
    }
}

/// The 20-byte `FunctionDescriptor` struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionDescriptor {
    /// Offset of the function body within `bytecode_data`.
    pub bytecode_offset: u32,
    pub bytecode_length: u32,
    /// [`feature`] bits the function needs.
    pub requirements: u32,
    pub block_count: u16,
    pub i32_register_count: u16,
    pub ref_register_count: u16,
}

impl<'a> ModuleDef<'a> {
    /// Signature of export `export_index`: `function_signatures[internal_ordinal]`.
    pub fn export_signature(&self, export_index: usize) -> Option<&FunctionSignature<'a>> {
        let export = self.exported_functions.get(export_index)?;
        self.function_signatures.get(export.internal_ordinal as usize)
    }

    /// Index of the export named `name`.
    pub fn export_index(&self, name: &str) -> Option<usize> {
        self.exported_functions.iter().position(|e| e.local_name == name)
    }

    /// Value of the module-level attribute named `key`.
    pub fn attr(&self, key: &str) -> Option<&'a str> {
        self.attrs.iter().find(|a| a.key == key).map(|a| a.value)
    }

    /// Bytecode of internal function `ordinal` (its range was checked by the reader).
    pub fn function_bytecode(&self, ordinal: usize) -> Option<&'a [u8]> {
        let d = self.function_descriptors.get(ordinal)?;
        let start = d.bytecode_offset as usize;
        self.bytecode_data.get(start..start + d.bytecode_length as usize)
    }
}

// Slots of BytecodeModuleDef.
const MODULE_NAME: u16 = 0;
const MODULE_VERSION: u16 = 1;
const MODULE_REQUIREMENTS: u16 = 2;
const MODULE_ATTRS: u16 = 3;
const MODULE_TYPES: u16 = 4;
const MODULE_DEPENDENCIES: u16 = 5;
const MODULE_IMPORTED_FUNCTIONS: u16 = 6;
const MODULE_EXPORTED_FUNCTIONS: u16 = 7;
const MODULE_FUNCTION_SIGNATURES: u16 = 8;
const MODULE_RODATA_SEGMENTS: u16 = 9;
const MODULE_RWDATA_SEGMENTS: u16 = 10;
const MODULE_MODULE_STATE: u16 = 11;
const MODULE_FUNCTION_DESCRIPTORS: u16 = 12;
const MODULE_BYTECODE_VERSION: u16 = 13;
const MODULE_BYTECODE_DATA: u16 = 14;
// Slot 15, debug_database, is not read.

/// Size of the `FunctionDescriptor` struct.
const FUNCTION_DESCRIPTOR_SIZE: usize = 20;

/// Where external rodata lives: the whole file and the absolute rodata base offset.
pub struct Rodata<'a> {
    pub file: &'a [u8],
    pub base: usize,
}

/// Decodes the root `BytecodeModuleDef` of `buf`.
pub fn read_module<'a>(buf: Buffer<'a, '_>, rodata: &Rodata<'a>) -> Result<ModuleDef<'a>> {
    let m = buf.root("BytecodeModuleDef")?;
    let name = m.required_string(MODULE_NAME, "name")?;
    let version = m.u32(MODULE_VERSION, "version", 0)?;
    let requirements = m.u32(MODULE_REQUIREMENTS, "requirements", 0)?;
    let attrs = m.tables(MODULE_ATTRS, "attrs", read_attr)?;
    let types = m.tables(MODULE_TYPES, "types", |t| t.required_string(0, "full_name"))?;
    let dependencies = m.tables(MODULE_DEPENDENCIES, "dependencies", read_dependency)?;
    let imported_functions =
        m.tables(MODULE_IMPORTED_FUNCTIONS, "imported_functions", read_import)?;
    let exported_functions =
        m.tables(MODULE_EXPORTED_FUNCTIONS, "exported_functions", read_export)?;
    let function_signatures =
        m.tables(MODULE_FUNCTION_SIGNATURES, "function_signatures", read_signature)?;
    let rodata_segments =
        m.tables(MODULE_RODATA_SEGMENTS, "rodata_segments", |t| read_rodata(t, rodata))?;
    let rwdata_segments = m.tables(MODULE_RWDATA_SEGMENTS, "rwdata_segments", |t| {
        t.non_negative_i32(0, "byte_size")
    })?;
    let (global_bytes_capacity, global_ref_count) =
        match m.table(MODULE_MODULE_STATE, "module_state")? {
            Some(s) => (
                s.non_negative_i32(0, "global_bytes_capacity")?,
                s.non_negative_i32(1, "global_ref_count")?,
            ),
            None => (0, 0),
        };
    let bytecode_version = m.u32(MODULE_BYTECODE_VERSION, "bytecode_version", 0)?;
    let bytecode_data = m.bytes(MODULE_BYTECODE_DATA, "bytecode_data")?.unwrap_or(&[]);
    let bytecode_abs = match m.vector(MODULE_BYTECODE_DATA, 1, "bytecode_data")? {
        Some(v) => v.buffer().abs(v.elem_pos(0)),
        None => m.abs_pos(),
    };
    let function_descriptors = read_descriptors(&m, bytecode_data, bytecode_abs)?;

    if function_signatures.len() != function_descriptors.len() {
        return Err(Error::malformed(
            m.field_abs(MODULE_FUNCTION_SIGNATURES),
            format!(
                "{} function signatures but {} function descriptors; expected one signature per \
                 internal function",
                function_signatures.len(),
                function_descriptors.len()
            ),
        ));
    }
    for (i, e) in exported_functions.iter().enumerate() {
        if e.internal_ordinal as usize >= function_descriptors.len() {
            return Err(Error::malformed(
                m.field_abs(MODULE_EXPORTED_FUNCTIONS),
                format!(
                    "export {i} ('{}') names internal function {} but the module has {}; \
                     expected an internal ordinal in range",
                    e.local_name,
                    e.internal_ordinal,
                    function_descriptors.len()
                ),
            ));
        }
    }

    Ok(ModuleDef {
        name,
        version,
        requirements,
        attrs,
        types,
        dependencies,
        imported_functions,
        exported_functions,
        function_signatures,
        rodata_segments,
        rwdata_segments,
        global_bytes_capacity,
        global_ref_count,
        function_descriptors,
        bytecode_version,
        bytecode_data,
    })
}

fn read_attr<'a>(t: Table<'a, '_>) -> Result<Attr<'a>> {
    Ok(Attr { key: t.required_string(0, "key")?, value: t.string(1, "value")?.unwrap_or("") })
}

fn read_dependency<'a>(t: Table<'a, '_>) -> Result<Dependency<'a>> {
    Ok(Dependency {
        name: t.required_string(0, "name")?,
        minimum_version: t.u32(1, "minimum_version", 0)?,
        flags: t.u32(2, "flags", flags::REQUIRED)?,
    })
}

fn read_signature<'a>(t: Table<'a, '_>) -> Result<FunctionSignature<'a>> {
    Ok(FunctionSignature {
        calling_convention: t.string(0, "calling_convention")?.unwrap_or(""),
        attrs: t.tables(1, "attrs", read_attr)?,
    })
}

fn read_import<'a>(t: Table<'a, '_>) -> Result<ImportFunction<'a>> {
    let full_name = t.required_string(0, "full_name")?;
    let signature = match t.table(1, "signature")? {
        Some(s) => read_signature(s)?,
        None => {
            return Err(Error::malformed(
                t.abs_pos(),
                format!("import '{full_name}' has no signature; expected a FunctionSignatureDef"),
            ))
        }
    };
    Ok(ImportFunction { full_name, signature, flags: t.u32(2, "flags", flags::REQUIRED)? })
}

fn read_export<'a>(t: Table<'a, '_>) -> Result<ExportFunction<'a>> {
    Ok(ExportFunction {
        local_name: t.required_string(0, "local_name")?,
        internal_ordinal: t.non_negative_i32(1, "internal_ordinal")?,
    })
}

// Slots of RodataSegmentDef: the compression_type union uses 0 (type) and 1 (value).
const RODATA_COMPRESSION_TYPE: u16 = 0;
const RODATA_EMBEDDED_DATA: u16 = 2;
const RODATA_EXTERNAL_OFFSET: u16 = 3;
const RODATA_EXTERNAL_LENGTH: u16 = 4;
/// Union tags of `CompressionTypeDef`: NONE and `UncompressedDataDef`.
const COMPRESSION_NONE: u8 = 0;
const COMPRESSION_UNCOMPRESSED: u8 = 1;

fn read_rodata<'a>(t: Table<'a, '_>, rodata: &Rodata<'a>) -> Result<&'a [u8]> {
    let compression = t.u8(RODATA_COMPRESSION_TYPE, "compression_type_type", COMPRESSION_NONE)?;
    if compression != COMPRESSION_NONE && compression != COMPRESSION_UNCOMPRESSED {
        return Err(Error::malformed(
            t.field_abs(RODATA_COMPRESSION_TYPE),
            format!(
                "rodata segment compression type {compression} is unknown; expected 0 (none) or \
                 1 (uncompressed)"
            ),
        ));
    }
    if let Some(data) = t.bytes(RODATA_EMBEDDED_DATA, "embedded_data")? {
        return Ok(data);
    }
    let offset = t.u64(RODATA_EXTERNAL_OFFSET, "external_data_offset", 0)?;
    let length = t.u64(RODATA_EXTERNAL_LENGTH, "external_data_length", 0)?;
    if length == 0 {
        return Ok(&[]);
    }
    let file_len = rodata.file.len() as u64;
    let start = (rodata.base as u64).checked_add(offset);
    let end = start.and_then(|s| s.checked_add(length));
    match (start, end) {
        (Some(s), Some(e)) if e <= file_len => Ok(&rodata.file[s as usize..e as usize]),
        _ => Err(Error::malformed(
            t.field_abs(RODATA_EXTERNAL_OFFSET),
            format!(
                "external rodata segment at offset {offset:#x} (+ rodata base {:#x}) with length \
                 {length:#x} extends past the end of the file (size {file_len:#x}); expected it \
                 inside the file",
                rodata.base
            ),
        )),
    }
}

fn read_descriptors(
    m: &Table<'_, '_>,
    bytecode: &[u8],
    bytecode_abs: usize,
) -> Result<Vec<FunctionDescriptor>> {
    let Some(v) =
        m.vector(MODULE_FUNCTION_DESCRIPTORS, FUNCTION_DESCRIPTOR_SIZE, "function_descriptors")?
    else {
        return Ok(Vec::new());
    };
    let buf = v.buffer();
    buf.charge(v.elem_pos(0), v.len(), "function_descriptors")?;
    let mut out = Vec::with_capacity(v.len());
    for i in 0..v.len() {
        let p = v.elem_pos(i);
        let what = "function_descriptors";
        let offset = buf.i32_at(p, what)?;
        let length = buf.i32_at(p + 4, what)?;
        let requirements = buf.u32_at(p + 8, what)?;
        let counts =
            [buf.u16_at(p + 14, what)?, buf.u16_at(p + 16, what)?, buf.u16_at(p + 18, what)?];
        let in_range = offset >= 0
            && length >= 0
            && (offset as usize).checked_add(length as usize).is_some_and(|e| e <= bytecode.len());
        if !in_range {
            return Err(Error::malformed(
                buf.abs(p),
                format!(
                    "function {i}: bytecode range offset {offset} length {length} is outside \
                     bytecode_data (at {bytecode_abs:#x}, {} bytes); expected a range inside it",
                    bytecode.len()
                ),
            ));
        }
        for (name, c) in
            ["block_count", "i32_register_count", "ref_register_count"].iter().zip(counts)
        {
            if c > i16::MAX as u16 {
                return Err(Error::malformed(
                    buf.abs(p),
                    format!("function {i}: {name} is {}; expected a non-negative value", c as i16),
                ));
            }
        }
        out.push(FunctionDescriptor {
            bytecode_offset: offset as u32,
            bytecode_length: length as u32,
            requirements,
            block_count: counts[0],
            i32_register_count: counts[1],
            ref_register_count: counts[2],
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::ErrorKind;
    use alloc::string::ToString;
    use alloc::vec::Vec;

    fn put_u16(b: &mut Vec<u8>, v: u16) {
        b.extend_from_slice(&v.to_le_bytes());
    }

    fn put_u32(b: &mut Vec<u8>, v: u32) {
        b.extend_from_slice(&v.to_le_bytes());
    }

    /// Writes a uoffset at `at` pointing to `target` (both FlatBuffer positions).
    fn patch(b: &mut [u8], fb: usize, at: usize, target: usize) {
        b[fb + at..fb + at + 4].copy_from_slice(&((target - at) as u32).to_le_bytes());
    }

    /// n function signatures that all share one table whose attrs vector holds n references
    /// to one AttrDef: n^2 attributes from O(n) bytes.
    fn amplified(n: usize) -> Vec<u8> {
        let mut b = Vec::new();
        put_u32(&mut b, 0); // size prefix, patched below
        let fb = b.len();
        let pos = |b: &Vec<u8>| b.len() - fb;
        put_u32(&mut b, 0); // root uoffset
        b.extend_from_slice(b"IREE");
        // Root vtable: 9 slots, name (0) at 4, function_signatures (8) at 8.
        let root_vt = pos(&b);
        put_u16(&mut b, 4 + 2 * 9);
        put_u16(&mut b, 12);
        for slot in 0..9 {
            put_u16(&mut b, [4, 0, 0, 0, 0, 0, 0, 0, 8][slot]);
        }
        let root = pos(&b);
        put_u32(&mut b, (root - root_vt) as u32);
        put_u32(&mut b, 0); // name
        put_u32(&mut b, 0); // function_signatures
        let name = pos(&b);
        put_u32(&mut b, 1);
        b.extend_from_slice(b"m\0\0\0");
        // Everything points forward: sigs vector, shared signature, attrs vector, shared attr.
        let vector = |b: &mut Vec<u8>| {
            let at = b.len() - fb;
            put_u32(b, n as u32);
            for _ in 0..n {
                put_u32(b, 0);
            }
            at
        };
        let sigs = vector(&mut b);
        // Signature vtable: slot 1 (attrs) at 4.
        let sig_vt = pos(&b);
        put_u16(&mut b, 8);
        put_u16(&mut b, 8);
        put_u16(&mut b, 0);
        put_u16(&mut b, 4);
        let sig = pos(&b);
        put_u32(&mut b, (sig - sig_vt) as u32);
        put_u32(&mut b, 0); // attrs
        let attrs = vector(&mut b);
        // Attr vtable: slot 0 (key) at 4.
        let attr_vt = pos(&b);
        put_u16(&mut b, 6);
        put_u16(&mut b, 8);
        put_u16(&mut b, 4);
        put_u16(&mut b, 0);
        let attr = pos(&b);
        put_u32(&mut b, (attr - attr_vt) as u32);
        put_u32(&mut b, 0); // key
        let key = pos(&b);
        put_u32(&mut b, 1);
        b.extend_from_slice(b"k\0\0\0");
        for i in 0..n {
            patch(&mut b, fb, sigs + 4 + 4 * i, sig);
            patch(&mut b, fb, attrs + 4 + 4 * i, attr);
        }
        patch(&mut b, fb, 0, root);
        patch(&mut b, fb, root + 4, name);
        patch(&mut b, fb, root + 8, sigs);
        patch(&mut b, fb, sig + 4, attrs);
        patch(&mut b, fb, attr + 4, key);
        let size = (b.len() - fb) as u32;
        b[..4].copy_from_slice(&size.to_le_bytes());
        b
    }

    #[test]
    fn shared_objects_cannot_make_decoding_quadratic() {
        // Small n: decodes (then fails for having no function descriptors).
        let small = amplified(4);
        let e = super::super::parse(&small).err().unwrap();
        assert!(e.to_string().contains("4 function signatures but 0"), "{e}");
        // Large n: the budget stops it long before n^2 = 4M attributes.
        let big = amplified(2000);
        let e = super::super::parse(&big).err().unwrap();
        assert!(matches!(e.kind(), ErrorKind::Malformed { .. }));
        assert!(e.to_string().contains("more data than it contains"), "{e}");
    }
}
