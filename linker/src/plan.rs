//! The link plan: what the runtime must reserve and provide before a side module can run.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use wasmparser::{TypeRef, ValType};

use crate::error::{Error, ErrorKind};
use crate::parse::{ModuleInfo, Signature};
use crate::regions;

/// Name of the export [`crate::link`] adds: `() -> ()`, copies the module's data into shared
/// memory and applies its relocations, once per memory, whichever instance calls it first.
pub const INIT_EXPORT: &str = "__weft_init";
/// The immutable `i32` global import a linked module that needs stack reads its initial stack
/// pointer from (the top of this instance's stack region; the stack grows down).
pub const STACK_TOP_IMPORT: (&str, &str) = ("env", "__weft_stack_top");
/// Stack the planner asks for when a module imports `__stack_pointer`. IREE's CPU codegen caps
/// a kernel's stack allocations at 32 KiB; the rest is headroom for spills and helper frames.
pub const DEFAULT_STACK_SIZE: u32 = 64 * 1024;
/// Names the 3.13.0 f16 helpers carry in the `name` section.
pub const F16_EXTEND: &str = "__extendhfsf2";
pub const F16_TRUNC: &str = "__truncsfhf2";

/// A block the runtime must reserve: `size` units aligned to `align` units (bytes for memory,
/// slots for the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub size: u32,
    pub align: u32,
}

/// How one import of the side module is satisfied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// `env.memory`: becomes an import of the runtime's shared memory (limits from the bindings).
    Memory,
    /// `env.__indirect_function_table`: the instance's own table (one per thread).
    Table,
    /// `env.__memory_base`: folded to `Bindings::memory_base`.
    MemoryBase,
    /// `env.__table_base`: folded to `Bindings::table_base`.
    TableBase,
    /// `env.__stack_pointer`: replaced by a per-instance mutable global initialised from
    /// [`STACK_TOP_IMPORT`].
    StackPointer,
    /// `GOT.mem.<symbol>`: the address of a data symbol, from `Bindings::got` or the module's own
    /// export of that symbol (relative to `memory_base`).
    GotMem(String),
    /// `GOT.func.<symbol>`: a table index, from `Bindings::got`.
    GotFunc(String),
    /// A function the runtime must provide (`env.fmaxf`, `env.memcpy`, a custom kernel, ...),
    /// bound by symbol name through `Bindings::functions`.
    Function {
        symbol: String,
        signature: Signature,
    },
}

impl Resolution {
    /// Whether `link` replaces this global import by a constant address (a base or a GOT
    /// entry): the only globals wasm-ld's relocation code stores.
    pub fn is_bound_address(&self) -> bool {
        matches!(self, Resolution::MemoryBase | Resolution::TableBase | Resolution::GotMem(_) | Resolution::GotFunc(_))
    }
}

/// One import and how it will be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedImport {
    pub module: String,
    pub name: String,
    pub resolution: Resolution,
}

/// The f16 defect of IREE 3.13.0 found in a module: function indices of the half conversions
/// that are defined with `(f32)->f32` types although their callers pass and expect `i32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct F16Defect {
    pub extend: Option<u32>,
    pub trunc: Option<u32>,
}

/// One export of the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedExport {
    pub name: String,
    /// The signature of an exported function (`None` for other kinds of export).
    pub signature: Option<Signature>,
}

/// Everything the runtime must arrange before linking and instantiating a side module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The module's name from its `name` section, if it has one (for messages).
    pub name: Option<String>,
    /// Shared-memory bytes to reserve at `memory_base`: the module's static data, then a 4-byte
    /// init flag at `init_flag_offset`. The region must be zero-filled when reserved.
    pub memory: Region,
    /// Bytes of static data (dylink `mem_size`).
    pub data_size: u32,
    /// Offset of the init flag from `memory_base` (0 = not run, 1 = running, 2 = done).
    pub init_flag_offset: u32,
    /// Table slots to reserve at `table_base` in every thread's table.
    pub table: Region,
    /// The signature of the function in each slot from `table_base` on once the module is
    /// instantiated (its element segments put them there); the remaining slots stay empty.
    pub slots: Vec<Signature>,
    /// Per-instance stack, when the module uses a stack pointer.
    pub stack: Option<Region>,
    /// Minimum pages the shared memory must have (the module's own memory import minimum).
    pub min_memory_pages: u32,
    /// Every import, in module order, with its resolution.
    pub imports: Vec<PlannedImport>,
    /// Exports (after linking [`INIT_EXPORT`] is added).
    pub exports: Vec<PlannedExport>,
    /// `dylink.0` needed libraries (none expected from IREE).
    pub needed: Vec<String>,
    /// `target_features`, e.g. `+simd128`.
    pub features: Vec<String>,
    /// The f16 defect, when present; `link` repairs it.
    pub f16: Option<F16Defect>,
}

impl Plan {
    /// The function symbols the runtime must supply.
    pub fn functions(&self) -> impl Iterator<Item = (&str, &Signature)> {
        self.imports.iter().filter_map(|i| match &i.resolution {
            Resolution::Function { symbol, signature } => Some((symbol.as_str(), signature)),
            _ => None,
        })
    }
}

/// Builds the plan from parsed module facts.
pub(crate) fn make_plan(info: &ModuleInfo) -> Result<Plan, Error> {
    let dylink = info.dylink.as_ref().ok_or_else(|| {
        Error::unsupported("dylink.0", 0, "no dylink.0 section: not a wasm side module")
    })?;
    let mut imports = Vec::new();
    let mut min_memory_pages = 0;
    let mut stack = None;
    let mut has_memory = false;
    for imp in &info.imports {
        let at = imp.offset;
        let unsupported = |what: &str| {
            Err(Error::unsupported(
                "import",
                at,
                alloc::format!("{}.{}: {what}", imp.module, imp.name),
            ))
        };
        let resolution = match (imp.module.as_str(), imp.name.as_str(), imp.ty) {
            ("env", "memory", TypeRef::Memory(mt)) => {
                if mt.memory64 {
                    return unsupported("64-bit memory");
                }
                has_memory = true;
                min_memory_pages = mt.initial as u32;
                Resolution::Memory
            }
            ("env", "__indirect_function_table", TypeRef::Table(_)) => Resolution::Table,
            ("env", "__memory_base", TypeRef::Global(g))
                if g.content_type == ValType::I32 && !g.mutable =>
            {
                Resolution::MemoryBase
            }
            ("env", "__table_base", TypeRef::Global(g))
                if g.content_type == ValType::I32 && !g.mutable =>
            {
                Resolution::TableBase
            }
            ("env", "__stack_pointer", TypeRef::Global(g))
                if g.content_type == ValType::I32 && g.mutable =>
            {
                stack = Some(Region {
                    size: DEFAULT_STACK_SIZE,
                    align: 16,
                });
                Resolution::StackPointer
            }
            ("GOT.mem", sym, TypeRef::Global(g)) if g.content_type == ValType::I32 => {
                Resolution::GotMem(sym.to_string())
            }
            ("GOT.func", sym, TypeRef::Global(g)) if g.content_type == ValType::I32 => {
                Resolution::GotFunc(sym.to_string())
            }
            ("env", sym, TypeRef::Func(t)) => {
                let signature = info.types.get(t as usize).cloned().ok_or_else(|| {
                    Error::new(
                        ErrorKind::Malformed,
                        "import",
                        at,
                        "function import of an unknown type",
                    )
                })?;
                Resolution::Function {
                    symbol: sym.to_string(),
                    signature,
                }
            }
            (_, _, TypeRef::Func(_)) => {
                return unsupported("function imported from a module other than env")
            }
            (_, _, TypeRef::Memory(_)) => return unsupported("a memory other than env.memory"),
            (_, _, TypeRef::Table(_)) => {
                return unsupported("a table other than env.__indirect_function_table")
            }
            (_, _, TypeRef::Global(_)) => {
                return unsupported("a global the dynamic-linking ABI does not define")
            }
            _ => return unsupported("an import kind side modules do not use"),
        };
        imports.push(PlannedImport {
            module: imp.module.clone(),
            name: imp.name.clone(),
            resolution,
        });
    }
    if !has_memory && dylink.memory_size > 0 {
        return Err(Error::unsupported(
            "import",
            0,
            "static data but no env.memory import",
        ));
    }
    let mem_align = 1u32 << dylink.memory_p2align;
    let data_size = dylink.memory_size;
    // The data, then the init flag at the next 4-byte boundary.
    let Some(init_flag_offset) = data_size.checked_next_multiple_of(4).filter(|o| *o <= u32::MAX - 4) else {
        return Err(Error::new(
            ErrorKind::Malformed,
            "dylink.0",
            0,
            alloc::format!("memory size {data_size} does not fit a 32-bit memory"),
        ));
    };
    let memory = Region {
        size: init_flag_offset + 4,
        align: mem_align.max(4),
    };
    let table = Region {
        size: dylink.table_size,
        align: 1u32 << dylink.table_p2align,
    };
    // Per global import (by global index): whether its value is an address the linker binds.
    let bound_addresses: Vec<bool> = info
        .imports
        .iter()
        .zip(&imports)
        .filter(|(imp, _)| matches!(imp.ty, TypeRef::Global(_)))
        .map(|(_, planned)| planned.resolution.is_bound_address())
        .collect();
    regions::check_data(info, data_size, &bound_addresses)?;
    let slots = regions::check_table(info, table.size)?;
    let f16 = detect_f16(info);
    Ok(Plan {
        name: info.name.clone(),
        memory,
        data_size,
        init_flag_offset,
        table,
        slots,
        stack,
        min_memory_pages,
        imports,
        exports: info
            .exports
            .iter()
            .map(|(name, kind, index)| PlannedExport {
                name: name.clone(),
                signature: (*kind == wasmparser::ExternalKind::Func)
                    .then(|| info.func_signature(*index).cloned())
                    .flatten(),
            })
            .collect(),
        needed: dylink.needed.clone(),
        features: info
            .target_features
            .iter()
            .map(|(p, n)| alloc::format!("{p}{n}"))
            .collect(),
        f16,
    })
}

/// Finds `__extendhfsf2`/`__truncsfhf2` defined with the float ABI `(f32)->f32`.
fn detect_f16(info: &ModuleInfo) -> Option<F16Defect> {
    let float_to_float = |idx: u32| {
        info.func_signature(idx)
            .is_some_and(|s| s.params == [ValType::F32] && s.results == [ValType::F32])
    };
    let extend = info
        .defined_func_named(F16_EXTEND)
        .filter(|&i| float_to_float(i));
    let trunc = info
        .defined_func_named(F16_TRUNC)
        .filter(|&i| float_to_float(i));
    (extend.is_some() || trunc.is_some()).then_some(F16Defect { extend, trunc })
}
