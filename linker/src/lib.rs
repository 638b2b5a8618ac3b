//! Weft's dynamic linker for the wasm side modules IREE's llvm-cpu backend embeds in a `.vmfb`
//! (executable format `system-wasm-wasm_32`, linked by `wasm-ld --experimental-pic --shared`).
//!
//! A side module cannot run as compiled: it expects a loader to place its data at
//! `__memory_base`, its functions at `__table_base`, to run its relocations and to supply a
//! stack pointer and any library functions it imports. This crate does that binding ahead of
//! instantiation, in Rust, so the JS glue only instantiates the bytes it is handed:
//!
//! ```text
//! let plan = linker::plan(&side_module)?;              // what to reserve and provide
//! // runtime: reserve plan.memory (zeroed, aligned) and plan.table slots in every table
//! let bytes = linker::link(&side_module, &plan, &Bindings {
//!     memory_base, table_base,
//!     memory: MemoryLimits { initial_pages, maximum_pages },
//!     functions: &[FunctionBinding { symbol: "fmaxf", module: "weft", name: "fmaxf" }],
//!     got: &[],
//! })?;
//! // glue, per worker: instantiate `bytes` with
//! //   env.memory                      the runtime's shared WebAssembly.Memory
//! //   env.__indirect_function_table   this worker's table
//! //   env.__weft_stack_top            top of this instance's stack region (plan.stack)
//! //   <module>.<name>                 each bound function
//! // then call the export `__weft_init` (safe in every worker; copies data and relocates once
//! // per memory) before `iree_hal_executable_library_query`.
//! ```
//!
//! [`plan()`] refuses a module that would initialise anything outside the regions it asks for:
//! every active data segment must sit at `__memory_base` and fit the `dylink.0` data size,
//! `__wasm_apply_data_relocs` must be the relocation code wasm-ld generates and store only
//! inside that data, and every active element segment must sit at `__table_base` and fit the
//! `dylink.0` table size (module `regions`). The runtime's heap and function table lie all
//! around those regions. `plan.slots` gives the type of each function the element segments put
//! in the table, so a runtime can check what it will call there.
//!
//! [`link`] applies, in order, one pass each (all in [`passes`], each a `wasm-encoder`
//! `Reencode` implementation): the f16 repair (3.13.0 defines its half conversions with the
//! wrong wasm types; see [`half`]), validation of the repaired input (an invalid module is an
//! [`ErrorKind::Invalid`] error saying what and where), shared memory limits, import binding
//! (memory/table base and GOT folded to constants, function imports renamed), the per-instance
//! stack pointer, passive data with the init routine, and a final validation of the output with
//! threads, SIMD and bulk memory enabled. Validation is the `validate` feature (on by default):
//! the wasm32 runtime leaves it off, because the engine validates the output anyway when it
//! compiles it, and the validator is a third of the runtime's size.
//!
//! The stack is not a binding: the same linked bytes serve every worker, so each instance reads
//! its initial stack pointer from the `env.__weft_stack_top` global it is instantiated with
//! (`plan.stack` says how much to reserve; the stack grows down from that top).
//!
//! `no_std` + `alloc`; all parsing goes through `wasmparser`, so malformed input is an [`Error`]
//! naming the section and byte offset, never a panic.
//!
//! Tests run on side modules IREE 3.13.0 compiles at test time: run
//! `bash tests/scripts/build-fixtures.sh linker` first, then `cargo test -p linker` (needs Node
//! for the execution tests; `BLESS=1` rewrites the golden texts in `tests/golden`).
//! `glue/target/wasm-ld-wrapper` is the compiler-side helper that lets kernels calling libm link.
#![no_std]

extern crate alloc;

pub mod error;
pub mod half;
pub mod parse;
pub mod passes;
pub mod plan;
mod regions;
pub mod relocs;
#[cfg(feature = "validate")]
mod validate;

use alloc::collections::BTreeMap;
use alloc::string::ToString;
use alloc::vec::Vec;
use wasmparser::TypeRef;

pub use error::{Error, ErrorKind};
pub use parse::{parse, ModuleInfo, Signature};
#[cfg(feature = "validate")]
pub use validate::{features, validate};
pub use plan::{
    F16Defect, Plan, PlannedExport, PlannedImport, Region, Resolution, DEFAULT_STACK_SIZE,
    INIT_EXPORT, STACK_TOP_IMPORT,
};

/// Size of a wasm page.
pub const PAGE_SIZE: u64 = 65536;

/// Limits of the runtime's shared memory, in 64 KiB pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryLimits {
    /// The import's declared minimum: the memory must have at least this many pages when the
    /// module is instantiated, and the reserved region must lie inside them.
    pub initial_pages: u32,
    /// The import's declared maximum: the shared memory's own maximum must not exceed it
    /// (simplest: pass the memory's maximum).
    pub maximum_pages: u32,
}

/// Binds a function symbol the module imports from `env` to an export the runtime provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionBinding<'a> {
    pub symbol: &'a str,
    pub module: &'a str,
    pub name: &'a str,
}

/// Where the runtime placed the module and what it provides.
#[derive(Debug, Clone, Copy)]
pub struct Bindings<'a> {
    /// Start of the reserved memory region (aligned to `plan.memory.align`).
    pub memory_base: u32,
    /// First reserved table slot (aligned to `plan.table.align`), the same in every thread.
    pub table_base: u32,
    pub memory: MemoryLimits,
    /// Function symbol → runtime export.
    pub functions: &'a [FunctionBinding<'a>],
    /// Values for `GOT.mem.*`/`GOT.func.*` symbols (absolute address or table index).
    pub got: &'a [(&'a str, u32)],
}

/// Reads a side module and plans its linking.
pub fn plan(bytes: &[u8]) -> Result<Plan, Error> {
    plan::make_plan(&parse::parse(bytes)?)
}

/// Repairs only the f16 defect (when present) and returns the module, still a side module.
pub fn repair_f16(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let info = parse::parse(bytes)?;
    let plan = plan::make_plan(&info)?;
    match plan.f16 {
        Some(defect) => passes::run(
            "f16 repair",
            &mut passes::f16_repair::F16Repair::new(
                defect,
                info.imported_funcs,
                info.types.len() as u32,
            ),
            bytes,
        ),
        None => Ok(bytes.to_vec()),
    }
}

fn check_bindings(plan: &Plan, b: &Bindings<'_>) -> Result<(), Error> {
    let m = &b.memory;
    if !b.memory_base.is_multiple_of(plan.memory.align) {
        return Err(Error::bindings(alloc::format!(
            "memory_base {:#x} is not aligned to {}",
            b.memory_base,
            plan.memory.align
        )));
    }
    if !b.table_base.is_multiple_of(plan.table.align) {
        return Err(Error::bindings(alloc::format!(
            "table_base {} is not aligned to {}",
            b.table_base,
            plan.table.align
        )));
    }
    if m.maximum_pages < m.initial_pages || m.maximum_pages as u64 > PAGE_SIZE {
        return Err(Error::bindings(alloc::format!(
            "memory limits {}..{} pages are not a valid shared memory",
            m.initial_pages,
            m.maximum_pages
        )));
    }
    if m.initial_pages < plan.min_memory_pages {
        return Err(Error::bindings(alloc::format!(
            "memory has {} pages, the module needs at least {}",
            m.initial_pages,
            plan.min_memory_pages
        )));
    }
    let end = b.memory_base as u64 + plan.memory.size as u64;
    if end > m.initial_pages as u64 * PAGE_SIZE {
        return Err(Error::bindings(alloc::format!(
            "memory region {:#x}..{end:#x} lies beyond the memory's {} pages",
            b.memory_base,
            m.initial_pages
        )));
    }
    if b.table_base.checked_add(plan.table.size).is_none() {
        return Err(Error::bindings("table region overflows"));
    }
    Ok(())
}

/// Links a side module: returns a module bound to the runtime's shared memory, table, stack and
/// functions per `bindings`, with the repairs and rewrites described in the crate docs. `plan`
/// must be `plan(bytes)`.
pub fn link(bytes: &[u8], plan: &Plan, bindings: &Bindings<'_>) -> Result<Vec<u8>, Error> {
    let mut steps = link_steps(bytes, plan, bindings)?;
    Ok(steps.pop().map(|(_, b)| b).unwrap_or_default())
}

/// [`link`], returning the module after every pass that ran, named (for tests and debugging);
/// the last entry is the linked module.
pub fn link_steps(
    bytes: &[u8],
    plan: &Plan,
    bindings: &Bindings<'_>,
) -> Result<Vec<(&'static str, Vec<u8>)>, Error> {
    let mut steps = Vec::new();
    let info = parse::parse(bytes)?;
    let fresh = plan::make_plan(&info)?;
    if &fresh != plan {
        return Err(Error::new(
            ErrorKind::PlanMismatch,
            "module",
            0,
            "the plan was not made from these bytes",
        ));
    }
    check_bindings(plan, bindings)?;

    // Resolve every import first, so all missing symbols are reported together.
    let mut unresolved = Vec::new();
    let mut renames = BTreeMap::new();
    let mut folded = Vec::new();
    let own_global = |sym: &str| -> Option<u32> {
        info.exports
            .iter()
            .find(|(n, k, _)| n == sym && *k == wasmparser::ExternalKind::Global)
            .and_then(|(_, _, g)| {
                let g = g.checked_sub(info.imported_globals)?;
                info.global_inits.get(g as usize).copied().flatten()
            })
    };
    let got = |sym: &str| {
        bindings
            .got
            .iter()
            .find(|(s, _)| *s == sym)
            .map(|(_, v)| *v)
    };
    for (imp, planned) in info.imports.iter().zip(&plan.imports) {
        let fold = match &planned.resolution {
            Resolution::MemoryBase => Some(bindings.memory_base as i32),
            Resolution::TableBase => Some(bindings.table_base as i32),
            Resolution::GotMem(sym) => {
                match got(sym)
                    .or_else(|| own_global(sym).map(|v| bindings.memory_base.wrapping_add(v)))
                {
                    Some(v) => Some(v as i32),
                    None => {
                        unresolved.push(alloc::format!(
                            "{}.{} (data address)",
                            imp.module,
                            imp.name
                        ));
                        Some(0)
                    }
                }
            }
            Resolution::GotFunc(sym) => match got(sym) {
                Some(v) => Some(v as i32),
                None => {
                    unresolved.push(alloc::format!("{}.{} (table index)", imp.module, imp.name));
                    Some(0)
                }
            },
            Resolution::Function { symbol, .. } => {
                match bindings.functions.iter().find(|f| f.symbol == symbol) {
                    Some(f) => {
                        renames.insert(
                            (imp.module.clone(), imp.name.clone()),
                            (f.module.to_string(), f.name.to_string()),
                        );
                    }
                    None => {
                        unresolved.push(alloc::format!("{}.{} (function)", imp.module, imp.name))
                    }
                }
                None
            }
            _ => None,
        };
        if let TypeRef::Global(_) = imp.ty {
            folded.push(fold);
        }
    }
    if !unresolved.is_empty() {
        return Err(Error::new(
            ErrorKind::Unresolved(unresolved),
            "import",
            0,
            "unresolved imports",
        ));
    }
    if info.has_start {
        return Err(Error::unsupported(
            "start",
            0,
            "a start function would run before the data is initialised",
        ));
    }

    // 1. f16 repair, then the input must be valid wasm.
    let mut bytes = repair_f16(bytes)?;
    #[cfg(feature = "validate")]
    validate(&bytes)?;
    if plan.f16.is_some() {
        steps.push(("f16_repair", bytes.clone()));
    }

    // 2. shared memory.
    let table_minimum = bindings.table_base as u64 + plan.table.size as u64;
    bytes = passes::run(
        "shared memory",
        &mut passes::shared_memory::SharedMemory {
            initial_pages: bindings.memory.initial_pages as u64,
            maximum_pages: bindings.memory.maximum_pages as u64,
            table_minimum,
        },
        &bytes,
    )?;
    steps.push(("shared_memory", bytes.clone()));

    // 3. bases, GOT and function imports.
    let total_globals = info.imported_globals + info.defined_globals;
    bytes = passes::run(
        "bind imports",
        &mut passes::bind_imports::BindImports::new(folded, renames, total_globals),
        &bytes,
    )?;
    steps.push(("bind_imports", bytes.clone()));

    // 4. per-instance stack pointer.
    let info = parse::parse(&bytes)?;
    if let Some(sp) = info.imported_global("env", "__stack_pointer") {
        bytes = passes::run(
            "stack pointer",
            &mut passes::stack_pointer::StackPointer::new(
                sp,
                info.imported_globals,
                info.defined_globals,
                info.defined_globals > 0 || info.has_global_section,
            ),
            &bytes,
        )?;
        steps.push(("stack_pointer", bytes.clone()));
    }

    // 5. passive data + init routine.
    let info = parse::parse(&bytes)?;
    let segments = info
        .data
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            d.active.map(|(_, place)| passes::passive_data::Segment {
                index: i as u32,
                place,
                len: d.len,
            })
        })
        .collect();
    let existing_unit = info
        .types
        .iter()
        .position(|t| t.params.is_empty() && t.results.is_empty())
        .map(|i| i as u32);
    bytes = passes::run(
        "passive data",
        &mut passes::passive_data::PassiveData {
            flag_addr: bindings.memory_base + plan.init_flag_offset,
            segments,
            data_count: info.data.len() as u32,
            has_data_count: info.has_data_count,
            relocs: info.exported_func("__wasm_apply_data_relocs"),
            init_type: existing_unit.unwrap_or(info.types.len() as u32),
            append_init_type: existing_unit.is_none(),
            init_func: info.imported_funcs + info.func_types.len() as u32,
        },
        &bytes,
    )?;

    #[cfg(feature = "validate")]
    validate(&bytes).map_err(|e| Error {
        message: alloc::format!("linker output: {}", e.message),
        ..e
    })?;
    steps.push(("passive_data", bytes));
    Ok(steps)
}
