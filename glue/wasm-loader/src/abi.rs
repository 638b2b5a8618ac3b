//! IREE's CPU executable library ABI (version 6, as 3.13.0 wasm side modules report it), laid
//! out for wasm32: the structures a dispatch passes to a kernel, and a reader for the library
//! `iree_hal_executable_library_query` returns.
//!
//! Pointers are wasm32 addresses, so every structure is written with `u32` fields: the layout
//! is then the same on the host, where the reader is unit-tested against a byte vector.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The export every side module provides: `(max_version, environment*) -> library**`.
pub const QUERY_EXPORT: &str = "iree_hal_executable_library_query";
/// `IREE_HAL_EXECUTABLE_LIBRARY_VERSION_0_6`, the latest; 3.13.0 libraries report it.
pub const LIBRARY_VERSION: u32 = 6;
/// The executable format string of wasm32 llvm-cpu executables.
pub const FORMAT: &str = "system-wasm-wasm_32";
/// `IREE_HAL_EXECUTABLE_WORKGROUP_LOCAL_MEMORY_PAGE_SIZE`.
pub const LOCAL_MEMORY_PAGE_SIZE: u32 = 4096;
/// Dispatch attribute flag: the workgroup size is given per dispatch, not by the attributes.
pub const FLAG_WORKGROUP_SIZE_DYNAMIC: u64 = 2;

/// Whether `s` is the query export's type: `(max_version, environment*) -> library**`.
pub fn is_query(s: &linker::Signature) -> bool {
    s.params == [wasmparser::ValType::I32; 2] && s.results == [wasmparser::ValType::I32]
}

/// Whether `s` is a kernel's type: `(environment*, dispatch_state*, workgroup_state*) -> status`.
pub fn is_kernel(s: &linker::Signature) -> bool {
    s.params == [wasmparser::ValType::I32; 3] && s.results == [wasmparser::ValType::I32]
}

/// `iree_hal_executable_environment_v0_t` (80 bytes): no constants, no import thunk, zeroed
/// processor information (the kernels were compiled for the features they need).
#[repr(C)]
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Environment {
    pub constants: u32,
    pub import_thunk: u32,
    pub import_funcs: u32,
    pub import_contexts: u32,
    pub processor: [u64; 8],
}

/// `iree_hal_executable_dispatch_state_v0_t` (36 bytes).
#[repr(C)]
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct DispatchState {
    pub workgroup_size_x: u32,
    pub workgroup_size_y: u32,
    pub workgroup_size_z: u16,
    pub constant_count: u16,
    pub workgroup_count_x: u32,
    pub workgroup_count_y: u32,
    pub workgroup_count_z: u16,
    pub max_concurrency: u8,
    pub binding_count: u8,
    /// `const uint32_t*`
    pub constants: u32,
    /// `void* const*`
    pub binding_ptrs: u32,
    /// `const size_t*` (4-byte entries on wasm32)
    pub binding_lengths: u32,
}

/// `iree_hal_executable_workgroup_state_v0_t` (24 bytes).
#[repr(C)]
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkgroupState {
    pub workgroup_id_x: u32,
    pub workgroup_id_y: u32,
    pub workgroup_id_z: u16,
    pub reserved: u16,
    pub processor_id: u32,
    pub local_memory: u32,
    pub local_memory_size: u32,
}

// Checked against REFERENCES section 6 (verified by running 3.13.0 kernels in Node).
const _: () = assert!(core::mem::size_of::<Environment>() == 80);
const _: () = assert!(core::mem::size_of::<DispatchState>() == 36);
const _: () = assert!(core::mem::size_of::<WorkgroupState>() == 24);

/// `iree_hal_executable_dispatch_attrs_v0_t`, the fields a dispatch needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DispatchAttrs {
    pub flags: u64,
    pub local_memory_pages: u16,
    pub constant_count: u8,
    pub binding_count: u8,
    pub workgroup_size: [u32; 3],
}

/// One export of the library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The name from the library's name table, or `export<N>` when the library has none.
    pub name: String,
    /// The kernel's index in the function table (relocated to `__table_base + k`).
    pub function: u32,
    /// `None` when the library has no attribute table (then every field is zero and the
    /// workgroup size is 1x1x1).
    pub attrs: Option<DispatchAttrs>,
}

/// What the runtime needs from a queried library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Library {
    pub version: u32,
    pub name: String,
    pub exports: Vec<Export>,
    /// Symbols the library wants through the environment's import table.
    pub imports: Vec<String>,
    pub constant_count: u32,
}

/// Byte-addressed read access to the memory a library lives in.
pub trait Memory {
    /// Fills `out` from `addr`, or says why it cannot (out of bounds).
    fn read(&self, addr: u32, out: &mut [u8]) -> Result<(), String>;

    fn u8(&self, addr: u32) -> Result<u8, String> {
        let mut b = [0; 1];
        self.read(addr, &mut b)?;
        Ok(b[0])
    }
    fn u16(&self, addr: u32) -> Result<u16, String> {
        let mut b = [0; 2];
        self.read(addr, &mut b)?;
        Ok(u16::from_le_bytes(b))
    }
    fn u32(&self, addr: u32) -> Result<u32, String> {
        let mut b = [0; 4];
        self.read(addr, &mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&self, addr: u32) -> Result<u64, String> {
        let mut b = [0; 8];
        self.read(addr, &mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    /// A NUL-terminated string of at most `max` bytes.
    fn c_str(&self, addr: u32, max: u32) -> Result<String, String> {
        let mut bytes = Vec::new();
        for i in 0..max {
            match self.u8(addr.checked_add(i).ok_or("string runs past 4 GiB")?)? {
                0 => {
                    return String::from_utf8(bytes)
                        .map_err(|_| format!("string at {addr:#x} is not UTF-8"))
                }
                b => bytes.push(b),
            }
        }
        Err(format!(
            "string at {addr:#x} is longer than {max} bytes or not terminated"
        ))
    }
}

/// Plain bytes as a memory starting at address 0 (tests, and a snapshot of linear memory).
impl Memory for [u8] {
    fn read(&self, addr: u32, out: &mut [u8]) -> Result<(), String> {
        let start = addr as usize;
        let src = start
            .checked_add(out.len())
            .and_then(|end| self.get(start..end))
            .ok_or_else(|| {
                format!(
                    "read of {} bytes at {addr:#x} is outside memory ({} bytes)",
                    out.len(),
                    self.len()
                )
            })?;
        out.copy_from_slice(src);
        Ok(())
    }
}

/// Longest name read from a library (names are short mangled dispatch names).
const MAX_NAME: u32 = 4096;
/// More exports than any real library has; guards against reading garbage as a count.
const MAX_EXPORTS: u32 = 65536;

/// Reads the library `query` returned (`library` is the address of the `library_v0` struct,
/// whose first field points at the header).
pub fn read_library(mem: &(impl Memory + ?Sized), library: u32) -> Result<Library, String> {
    if library == 0 {
        return Err(format!("{QUERY_EXPORT} returned NULL (the library rejected version {LIBRARY_VERSION} or the environment)"));
    }
    let header = mem.u32(library)?;
    let version = mem.u32(header)?;
    if version != LIBRARY_VERSION {
        return Err(format!("the executable library has version {version}; Weft reads version {LIBRARY_VERSION} (IREE 3.13.0)"));
    }
    let name = match mem.u32(header + 4)? {
        0 => String::new(),
        p => mem.c_str(p, MAX_NAME)?,
    };
    let import_count = mem.u32(library + 4)?;
    let import_symbols = mem.u32(library + 8)?;
    let export_count = mem.u32(library + 12)?;
    if export_count > MAX_EXPORTS || import_count > MAX_EXPORTS {
        return Err(format!(
            "the executable library claims {export_count} exports and {import_count} imports"
        ));
    }
    let ptrs = mem.u32(library + 16)?;
    let attrs = mem.u32(library + 20)?;
    let names = mem.u32(library + 32)?;
    let constant_count = mem.u32(library + 52)?;
    let mut imports = Vec::new();
    for i in 0..import_count {
        let p = mem.u32(import_symbols + 4 * i)?;
        imports.push(if p == 0 {
            format!("import{i}")
        } else {
            mem.c_str(p, MAX_NAME)?
        });
    }
    let mut exports = Vec::new();
    for i in 0..export_count {
        let function = mem.u32(ptrs + 4 * i)?;
        let name = match names {
            0 => format!("export{i}"),
            n => match mem.u32(n + 4 * i)? {
                0 => format!("export{i}"),
                p => mem.c_str(p, MAX_NAME)?,
            },
        };
        let attrs = match attrs {
            0 => None,
            a => {
                let at = a + 64 * i;
                Some(DispatchAttrs {
                    flags: mem.u64(at)?,
                    local_memory_pages: mem.u16(at + 8)?,
                    constant_count: mem.u8(at + 10)?,
                    binding_count: mem.u8(at + 11)?,
                    workgroup_size: [
                        mem.u32(at + 12)?,
                        mem.u32(at + 16)?,
                        mem.u16(at + 20)? as u32,
                    ],
                })
            }
        };
        exports.push(Export {
            name,
            function,
            attrs,
        });
    }
    Ok(Library {
        version,
        name,
        exports,
        imports,
        constant_count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn put(m: &mut [u8], at: u32, v: &[u8]) {
        m[at as usize..at as usize + v.len()].copy_from_slice(v);
    }

    #[test]
    fn reads_a_library() {
        let mut m = vec![0u8; 1024];
        // library @64, header @16, name @200, ptrs @300, attrs @320, names @600
        put(&mut m, 64, &16u32.to_le_bytes());
        put(&mut m, 16, &6u32.to_le_bytes());
        put(&mut m, 20, &200u32.to_le_bytes());
        put(&mut m, 200, b"lib\0");
        put(&mut m, 64 + 12, &2u32.to_le_bytes());
        put(&mut m, 64 + 16, &300u32.to_le_bytes());
        put(&mut m, 64 + 20, &320u32.to_le_bytes());
        put(&mut m, 64 + 32, &600u32.to_le_bytes());
        put(&mut m, 300, &7u32.to_le_bytes());
        put(&mut m, 304, &8u32.to_le_bytes());
        put(&mut m, 320 + 64 + 10, &[3, 2]);
        put(&mut m, 320 + 64 + 12, &4u32.to_le_bytes());
        put(&mut m, 600, &500u32.to_le_bytes());
        put(&mut m, 604, &510u32.to_le_bytes());
        put(&mut m, 500, b"a\0");
        put(&mut m, 510, b"bb\0");
        let lib = read_library(&m[..], 64).unwrap();
        assert_eq!(lib.name, "lib");
        assert_eq!(lib.exports.len(), 2);
        assert_eq!(lib.exports[1].name, "bb");
        assert_eq!(lib.exports[1].function, 8);
        let a = lib.exports[1].attrs.unwrap();
        assert_eq!(
            (a.constant_count, a.binding_count, a.workgroup_size),
            (3, 2, [4, 0, 0])
        );
        assert!(lib.imports.is_empty());
    }

    #[test]
    fn rejects_null_other_versions_and_wild_pointers() {
        let mut m = vec![0u8; 256];
        assert!(read_library(&m[..], 0).unwrap_err().contains("NULL"));
        put(&mut m, 64, &16u32.to_le_bytes());
        put(&mut m, 16, &5u32.to_le_bytes());
        assert!(read_library(&m[..], 64).unwrap_err().contains("version 5"));
        put(&mut m, 64, &9000u32.to_le_bytes());
        assert!(read_library(&m[..], 64)
            .unwrap_err()
            .contains("outside memory"));
    }
}
