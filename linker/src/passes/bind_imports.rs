//! Binds the dynamic-linking globals and renames function imports.
//!
//! `env.__memory_base`, `env.__table_base` and `GOT.*` imports are removed and every
//! `global.get` of them (in code and in segment offsets) becomes an `i32.const` of the bound
//! value; the remaining globals are renumbered. Function imports are renamed to the runtime
//! export the bindings map their symbol to.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use wasm_encoder::reencode::{utils, Error, Reencode};

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

impl Reencode for BindImports {
    type Error = &'static str;

    fn global_index(&mut self, global: u32) -> Result<u32, Error<Self::Error>> {
        if self.folded(global).is_some() {
            return Err(Error::UserError(
                "a bound dynamic-linking global is used other than by global.get",
            ));
        }
        self.remap
            .get(global as usize)
            .copied()
            .ok_or(Error::UserError("global index out of range"))
    }

    fn instruction<'a>(
        &mut self,
        op: wasmparser::Operator<'a>,
    ) -> Result<wasm_encoder::Instruction<'a>, Error<Self::Error>> {
        if let wasmparser::Operator::GlobalGet { global_index } = op {
            if let Some(value) = self.folded(global_index) {
                return Ok(wasm_encoder::Instruction::I32Const(value));
            }
        }
        utils::instruction(self, op)
    }

    fn parse_custom_name_subsection(
        &mut self,
        names: &mut wasm_encoder::NameSection,
        section: wasmparser::Name<'_>,
    ) -> Result<(), Error<Self::Error>> {
        name_subsection(self, names, section)
    }

    fn parse_import_section(
        &mut self,
        imports: &mut wasm_encoder::ImportSection,
        section: wasmparser::ImportSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        let mut global = 0u32;
        for import in section.into_imports() {
            let import = import?;
            if let wasmparser::TypeRef::Global(_) = import.ty {
                global += 1;
                if self.folded(global - 1).is_some() {
                    continue;
                }
            }
            let ty = self.entity_type(import.ty)?;
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
        Ok(())
    }
}

impl BindImports {
    fn new_index(&self, global: u32) -> Option<u32> {
        if self.folded(global).is_some() {
            None
        } else {
            self.remap.get(global as usize).copied()
        }
    }
}

/// Global names of folded imports are dropped; the rest follow their renumbered globals.
pub(crate) fn name_subsection(
    pass: &mut BindImports,
    names: &mut wasm_encoder::NameSection,
    section: wasmparser::Name<'_>,
) -> Result<(), Error<&'static str>> {
    match section {
        wasmparser::Name::Global(map) => {
            super::remap_global_names(names, map, |g| pass.new_index(g))?;
            Ok(())
        }
        other => utils::parse_custom_name_subsection(pass, names, other),
    }
}
