//! A loaded, verified bytecode module: the only form of a program the executor runs.
//!
//! Loading reads the container (`vmfb`), verifies every function (`verify`) and keeps what
//! execution needs: function bodies and rodata stay as ranges into the shared file bytes.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::ops::Range;

use super::buffer::VmBuffer;
use crate::cconv::CallingConvention;
use crate::reflect::FunctionDecl;
use crate::vmfb::{self, flags, ModuleDef};
use crate::{verify, Result};

/// A function the module imports, resolved by name when a context is created.
#[derive(Debug, Clone)]
pub struct Import {
    /// `module.function`, e.g. `hal.buffer_view.create`.
    pub full_name: String,
    pub cconv: CallingConvention,
    pub cconv_text: String,
    pub optional: bool,
}

/// A module the program depends on, with the minimum version it needs.
#[derive(Debug, Clone)]
pub struct Dependency {
    pub name: String,
    pub minimum_version: u32,
    pub optional: bool,
}

/// One function of the module.
#[derive(Debug, Clone)]
pub struct FunctionInfo {
    /// The export name, or `fn<ordinal>` for internal functions (used in backtraces).
    pub name: String,
    pub exported: bool,
    /// Body bytes within the file.
    pub code: Range<usize>,
    pub i32_register_count: usize,
    pub ref_register_count: usize,
    /// Parsed calling convention; `None` for internal functions the module gives none.
    pub cconv: Option<CallingConvention>,
    pub cconv_text: String,
    /// Signature attributes (reflection), e.g. `iree.abi.declaration`.
    pub attrs: Vec<(String, String)>,
    /// The `iree.abi.declaration`, parsed once at load (`None` when absent or not parseable:
    /// a declaration this runtime cannot read only loses the better argument messages).
    pub declaration: Option<FunctionDecl>,
}

impl FunctionInfo {
    /// Whether the function uses the coarse-fences ABI (`--iree-execution-model=async-external`,
    /// `iree.abi.model = coarse-fences`): it takes a wait and a signal fence after its arguments.
    pub fn is_coarse_fences(&self) -> bool {
        self.attrs.iter().any(|(k, v)| k == "iree.abi.model" && v == "coarse-fences")
    }

    /// Whether this is a self-checking test function, the kind `weft test` and `weft-run --test`
    /// run: exported, not internal (`__`), taking and returning nothing (iree-check programs).
    pub fn is_self_test(&self) -> bool {
        let nothing = |part: &str| matches!(part, "" | "v");
        let body = self.cconv_text.strip_prefix('0').unwrap_or(&self.cconv_text);
        self.exported
            && !self.name.starts_with("__")
            && body.split_once('_').is_some_and(|(args, results)| nothing(args) && nothing(results))
    }
}

pub struct BytecodeModule {
    pub name: String,
    pub version: u32,
    pub types: Vec<String>,
    pub dependencies: Vec<Dependency>,
    pub imports: Vec<Import>,
    pub functions: Vec<FunctionInfo>,
    /// Export name → internal ordinal, in export order.
    pub exports: Vec<(String, usize)>,
    pub global_bytes: usize,
    pub global_refs: usize,
    /// Rodata buffers, created once so every `const.ref.rodata` of a segment is the same ref.
    pub rodata: Vec<Rc<VmBuffer>>,
    bytes: Rc<[u8]>,
}

/// The byte range `part` occupies inside `whole` (both from the same file).
fn span_of(whole: &[u8], part: &[u8]) -> Range<usize> {
    if part.is_empty() {
        // Absent optional data may be a static empty slice, not a pointer into the file.
        return 0..0;
    }
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start..start + part.len()
}

impl BytecodeModule {
    /// Reads, verifies and loads a `.vmfb`. Rejected modules never reach the executor.
    pub fn load(bytes: impl Into<Rc<[u8]>>) -> Result<Rc<BytecodeModule>> {
        let bytes: Rc<[u8]> = bytes.into();
        let def = vmfb::parse(&bytes)?;
        verify::verify(&def)?;
        Ok(Rc::new(Self::from_verified(&def, &bytes)))
    }

    fn from_verified(def: &ModuleDef<'_>, bytes: &Rc<[u8]>) -> BytecodeModule {
        let mut functions: Vec<FunctionInfo> = def
            .function_descriptors
            .iter()
            .enumerate()
            .map(|(ordinal, d)| {
                let sig = def.function_signatures.get(ordinal);
                let cconv_text = sig.map(|s| s.calling_convention).unwrap_or("");
                let start = d.bytecode_offset as usize;
                let body = &def.bytecode_data[start..start + d.bytecode_length as usize];
                FunctionInfo {
                    name: format!("fn{ordinal}"),
                    exported: false,
                    code: span_of(bytes, body),
                    i32_register_count: d.i32_register_count as usize,
                    ref_register_count: d.ref_register_count as usize,
                    cconv: CallingConvention::parse(cconv_text).ok(),
                    cconv_text: cconv_text.to_string(),
                    attrs: sig
                        .map(|s| s.attrs.iter().map(|a| (a.key.to_string(), a.value.to_string())).collect())
                        .unwrap_or_default(),
                    declaration: sig.and_then(FunctionDecl::from_signature).and_then(|d| d.ok()),
                }
            })
            .collect();
        let exports: Vec<(String, usize)> = def
            .exported_functions
            .iter()
            .map(|e| (e.local_name.to_string(), e.internal_ordinal as usize))
            .collect();
        for (name, ordinal) in &exports {
            let f = &mut functions[*ordinal];
            f.name = name.clone();
            f.exported = true;
        }
        BytecodeModule {
            name: def.name.to_string(),
            version: def.version,
            types: def.types.iter().map(|t| t.to_string()).collect(),
            dependencies: def
                .dependencies
                .iter()
                .map(|d| Dependency {
                    name: d.name.to_string(),
                    minimum_version: d.minimum_version,
                    optional: d.flags & flags::OPTIONAL != 0,
                })
                .collect(),
            imports: def
                .imported_functions
                .iter()
                .map(|i| Import {
                    full_name: i.full_name.to_string(),
                    // The verifier parsed every import's convention already.
                    cconv: CallingConvention::parse(i.signature.calling_convention).unwrap_or_default(),
                    cconv_text: i.signature.calling_convention.to_string(),
                    optional: i.flags & flags::OPTIONAL != 0,
                })
                .collect(),
            functions,
            exports,
            global_bytes: def.global_bytes_capacity as usize,
            global_refs: def.global_ref_count as usize,
            rodata: def
                .rodata_segments
                .iter()
                .map(|seg| Rc::new(VmBuffer::rodata(bytes.clone(), span_of(bytes, seg))))
                .collect(),
            bytes: bytes.clone(),
        }
    }

    /// The bytecode of internal function `ordinal`.
    pub fn code(&self, ordinal: usize) -> &[u8] {
        &self.bytes[self.functions[ordinal].code.clone()]
    }

    /// The internal ordinal of the export called `name`.
    pub fn export(&self, name: &str) -> Option<usize> {
        self.exports.iter().find(|(n, _)| n == name).map(|&(_, o)| o)
    }

    /// The whole file, for readers of embedded data (executables inside rodata).
    pub fn file(&self) -> &Rc<[u8]> {
        &self.bytes
    }
}
