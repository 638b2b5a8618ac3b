//! Binds the dynamic-linking globals and renames function imports.
//!
//! `env.__memory_base`, `env.__table_base` and `GOT.*` imports are removed and every
//! `global.get` of them (in code and in segment offsets) becomes an `i32.const` of the bound
//! value; the remaining globals are renumbered. Function imports are renamed to the runtime
//! export the bindings map their symbol to.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use super::{Failure, Pass};

pub struct BindImports {
    /// Per imported global (by global index): the folded constant, or `None` to keep it.
    pub folded: Vec<Option<i32>>,
    /// `(module, name)` of a function import → the `(module, name)` it is renamed to.
    pub renames: BTreeMap<(String, String), (String, String)>,
    /// Old global index → new index, computed from `folded` by [`BindImports::new`].
    remap: Vec<u32>,
}

impl BindImports {
    pub fn new(
        folded: Vec<Option<i32>>,
        renames: BTreeMap<(String, String), (String, String)>,
        total_globals: u32,
    ) -> Self {
        let mut remap = Vec::with_capacity(total_globals as usize);
        let mut next = 0;
        for g in 0..total_globals as usize {
            remap.push(next);
            if folded.get(g).copied().flatten().is_none() {
                next += 1;
            }
        }
        BindImports {
            folded,
            renames,
            remap,
        }
    }

    fn folded(&self, global: u32) -> Option<i32> {
        self.folded.get(global as usize).copied().flatten()
    }
}

impl Pass for BindImports {
    fn global_index(&mut self, global: u32) -> Result<u32, Failure> {
        if self.folded(global).is_some() {
            return Err(Failure::UserError(
                "a bound dynamic-linking global is used other than by global.get",
            ));
        }
        self.remap
            .get(global as usize)
            .copied()
            .ok_or(Failure::UserError("global index out of range"))
    }

    fn instruction(&mut self, op: &wasmparser::Operator<'_>) -> Option<wasm_encoder::Instruction<'static>> {
        match *op {
            wasmparser::Operator::GlobalGet { global_index } => {
                self.folded(global_index).map(wasm_encoder::Instruction::I32Const)
            }
            _ => None,
        }
    }

    fn global_names(&mut self, names: &mut wasm_encoder::NameSection, map: wasmparser::NameMap<'_>) -> Result<bool, Failure> {
        super::remap_global_names(names, map, |g| self.new_index(g))?;
        Ok(true)
    }

    fn import_section(
        &mut self,
        imports: &mut wasm_encoder::ImportSection,
        section: wasmparser::ImportSectionReader<'_>,
    ) -> Result<bool, Failure> {
        let mut global = 0u32;
        for import in section.into_imports() {
            let import = import?;
            if let wasmparser::TypeRef::Global(_) = import.ty {
                global += 1;
                if self.folded(global - 1).is_some() {
                    continue;
                }
            }
            let ty = super::entity_type(import.ty)?;
            let key = (String::from(import.module), String::from(import.name));
            match self.renames.get(&key) {
                Some((module, name)) if matches!(import.ty, wasmparser::TypeRef::Func(_)) => {
                    imports.import(module, name, ty);
                }
                _ => {
                    imports.import(import.module, import.name, ty);
                }
            }
        }
        Ok(true)
    }
}

impl BindImports {
    /// The new index of a global that is kept; `None` for a folded one.
    fn new_index(&self, global: u32) -> Option<u32> {
        if self.folded(global).is_some() {
            None
        } else {
            self.remap.get(global as usize).copied()
        }
    }
}
