//! Checks that a side module initialises only the regions the runtime reserves for it: its
//! data segments and relocations stay inside the `dylink.0` data size at `__memory_base`, its
//! element segments inside the `dylink.0` table size at `__table_base`.
//!
//! The runtime's heap and function table surround those regions, and the init routine runs
//! before anything else could notice: a segment or relocation aimed elsewhere would overwrite
//! the runtime's own data or functions. Kernel code itself is not checked (it computes its
//! addresses at run time from the bindings it is given).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind};
use crate::parse::{ModuleInfo, Placement, Signature, DATA_RELOCS_EXPORT};

fn outside(section: &str, offset: u64, message: String) -> Error {
    Error::new(ErrorKind::OutsideRegion, section, offset, message)
}

fn placement(p: Placement) -> String {
    match p {
        Placement::I32Const(v) => format!("the absolute address {v}"),
        Placement::GlobalGet(g) => format!("global {g}"),
    }
}

/// Checks the data segments and the relocation function against `data_size` bytes at
/// `__memory_base`; `bound_addresses[g]` says whether global import `g` is an address the
/// linker binds (the planner's resolution of it).
pub(crate) fn check_data(info: &ModuleInfo, data_size: u32, bound_addresses: &[bool]) -> Result<(), Error> {
    let memory_base = info.imported_global("env", "__memory_base");
    for (i, seg) in info.data.iter().enumerate() {
        let Some((mem, place)) = seg.active else {
            continue;
        };
        if mem != 0 {
            return Err(Error::unsupported(
                "data",
                seg.offset,
                "segment for a memory other than 0",
            ));
        }
        if memory_base.is_none_or(|g| place != Placement::GlobalGet(g)) {
            return Err(outside(
                "data",
                seg.offset,
                format!(
                    "data segment {i} is placed at {}, not at global.get __memory_base",
                    placement(place)
                ),
            ));
        }
        if seg.len > data_size {
            return Err(outside(
                "data",
                seg.offset,
                format!("data segment {i} has {} bytes, but dylink.0 reserves {data_size} bytes for the module's data", seg.len),
            ));
        }
    }
    let Some(relocs) = info.exported_func(DATA_RELOCS_EXPORT) else {
        return Ok(());
    };
    let unit = Signature {
        params: Vec::new(),
        results: Vec::new(),
    };
    let Some(relocations) = info
        .relocations
        .as_ref()
        .filter(|_| info.func_signature(relocs) == Some(&unit))
    else {
        return Err(Error::unsupported(
            "export",
            0,
            format!(
                "{DATA_RELOCS_EXPORT} is not a function of type () -> () defined in the module"
            ),
        ));
    };
    let relocations = relocations.as_ref().map_err(Clone::clone)?;
    for r in relocations {
        if Some(r.base) != memory_base {
            return Err(outside(
                "code",
                r.offset,
                format!(
                    "{DATA_RELOCS_EXPORT} stores relative to global {}, not to __memory_base",
                    r.base
                ),
            ));
        }
        if !bound_addresses.get(r.value as usize).copied().unwrap_or(false) {
            return Err(Error::unsupported(
                "code",
                r.offset,
                format!(
                    "{DATA_RELOCS_EXPORT} stores the value of global {}, which is not __memory_base, __table_base or a GOT entry (the addresses the linker binds)",
                    r.value
                ),
            ));
        }
        let end = r.at as i64 + 4;
        if r.at < 0 || end > data_size as i64 {
            return Err(outside(
                "code",
                r.offset,
                format!(
                    "{DATA_RELOCS_EXPORT} stores 4 bytes at __memory_base + {}, outside the {data_size} bytes dylink.0 reserves for the module's data",
                    r.at
                ),
            ));
        }
    }
    Ok(())
}

/// Checks the element segments against `table_size` slots at `__table_base`; returns the
/// signature of the function each slot from `__table_base` on holds once they are applied.
pub(crate) fn check_table(info: &ModuleInfo, table_size: u32) -> Result<Vec<Signature>, Error> {
    let table_base = info.imported_global("env", "__table_base");
    let mut slots = Vec::new();
    for (i, seg) in info.elements.iter().enumerate() {
        let Some((table, place)) = seg.active else {
            continue;
        };
        if table != 0 || table_base.is_none_or(|g| place != Placement::GlobalGet(g)) {
            return Err(outside(
                "element",
                seg.offset,
                format!(
                    "element segment {i} fills table {table} at {}, not env.__indirect_function_table at global.get __table_base",
                    placement(place)
                ),
            ));
        }
        if seg.count > table_size {
            return Err(outside(
                "element",
                seg.offset,
                format!(
                    "element segment {i} fills {} table slots, but dylink.0 reserves {table_size}",
                    seg.count
                ),
            ));
        }
        let Some(functions) = &seg.functions else {
            return Err(Error::unsupported(
                "element",
                seg.offset,
                format!("element segment {i} lists expressions, not functions"),
            ));
        };
        for (k, &f) in functions.iter().enumerate() {
            let signature = info.func_signature(f).cloned().ok_or_else(|| {
                Error::new(
                    ErrorKind::Malformed,
                    "element",
                    seg.offset,
                    format!("element segment {i} lists function {f}, which does not exist"),
                )
            })?;
            match slots.get_mut(k) {
                Some(slot) => *slot = signature,
                None => slots.push(signature),
            }
        }
    }
    Ok(slots)
}
