//! The rewrite passes. Each implements [`Pass`], overriding only the hooks it needs; [`run`]
//! re-encodes a whole module through one of them.
//!
//! The passes are not `Reencode` implementations themselves: `wasm-encoder` instantiates its
//! whole re-encoder (every instruction of every proposal) once per implementing type, which
//! made five copies of it the largest part of the runtime. [`Rewriter`] is the only
//! implementation, and forwards its hooks to a `dyn Pass`.

use alloc::vec::Vec;
use wasm_encoder::reencode::{utils, Error, Reencode};
use wasm_encoder::SectionId;

use crate::error::{from_reencode, Error as LinkError};

pub mod bind_imports;
pub mod f16_repair;
pub mod passive_data;
pub mod shared_memory;
pub mod stack_pointer;

/// A failure inside a pass.
pub type Failure = Error<&'static str>;

/// What a pass changes. Every hook's default leaves the module as it was; hooks returning
/// `Ok(true)` wrote their part themselves, `Ok(false)` leave it to the default re-encoding.
pub trait Pass {
    /// The new index of global `global`.
    fn global_index(&mut self, global: u32) -> Result<u32, Failure> {
        Ok(global)
    }

    /// A replacement for instruction `op`, if the pass rewrites it.
    fn instruction(&mut self, _op: &wasmparser::Operator<'_>) -> Option<wasm_encoder::Instruction<'static>> {
        None
    }

    /// The memory type to write instead of `ty`, if the pass changes it.
    fn memory_type(&mut self, _ty: wasmparser::MemoryType) -> Result<Option<wasm_encoder::MemoryType>, Failure> {
        Ok(None)
    }

    /// Adjusts a table type after its default re-encoding.
    fn table_type(&mut self, _ty: &mut wasm_encoder::TableType) -> Result<(), Failure> {
        Ok(())
    }

    fn import_section(
        &mut self,
        _imports: &mut wasm_encoder::ImportSection,
        _section: wasmparser::ImportSectionReader<'_>,
    ) -> Result<bool, Failure> {
        Ok(false)
    }

    fn function_section(
        &mut self,
        _functions: &mut wasm_encoder::FunctionSection,
        _section: wasmparser::FunctionSectionReader<'_>,
    ) -> Result<bool, Failure> {
        Ok(false)
    }

    /// Writes the body of the next defined function itself (`Ok(true)`), e.g. to replace it.
    fn function_body(&mut self, _code: &mut wasm_encoder::CodeSection) -> Result<bool, Failure> {
        Ok(false)
    }

    fn data(&mut self, _data: &mut wasm_encoder::DataSection, _datum: &wasmparser::Data<'_>) -> Result<bool, Failure> {
        Ok(false)
    }

    /// Writes the global-name subsection itself (it renumbers globals).
    fn global_names(&mut self, _names: &mut wasm_encoder::NameSection, _map: wasmparser::NameMap<'_>) -> Result<bool, Failure> {
        Ok(false)
    }

    /// Entries appended to a section after its own.
    fn after_types(&mut self, _types: &mut wasm_encoder::TypeSection) {}
    fn after_functions(&mut self, _functions: &mut wasm_encoder::FunctionSection) {}
    fn after_globals(&mut self, _globals: &mut wasm_encoder::GlobalSection) {}
    fn after_exports(&mut self, _exports: &mut wasm_encoder::ExportSection) {}
    fn after_code(&mut self, _code: &mut wasm_encoder::CodeSection) {}

    /// Called between sections (`before`: the next one, `None` at the end), to insert one.
    fn between_sections(&mut self, _module: &mut wasm_encoder::Module, _before: Option<SectionId>) {}
}

/// The one `Reencode` implementation: the default re-encoding with `pass`'s hooks.
pub struct Rewriter<'p> {
    pass: &'p mut dyn Pass,
}

impl Reencode for Rewriter<'_> {
    type Error = &'static str;

    fn global_index(&mut self, global: u32) -> Result<u32, Failure> {
        self.pass.global_index(global)
    }

    fn instruction<'a>(&mut self, op: wasmparser::Operator<'a>) -> Result<wasm_encoder::Instruction<'a>, Failure> {
        match self.pass.instruction(&op) {
            Some(replaced) => Ok(replaced),
            None => utils::instruction(self, op),
        }
    }

    fn memory_type(&mut self, ty: wasmparser::MemoryType) -> Result<wasm_encoder::MemoryType, Failure> {
        match self.pass.memory_type(ty)? {
            Some(changed) => Ok(changed),
            None => Ok(utils::memory_type(self, ty)),
        }
    }

    fn table_type(&mut self, ty: wasmparser::TableType) -> Result<wasm_encoder::TableType, Failure> {
        let mut out = utils::table_type(self, ty)?;
        self.pass.table_type(&mut out)?;
        Ok(out)
    }

    fn parse_import_section(
        &mut self,
        imports: &mut wasm_encoder::ImportSection,
        section: wasmparser::ImportSectionReader<'_>,
    ) -> Result<(), Failure> {
        if !self.pass.import_section(imports, section.clone())? {
            utils::parse_import_section(self, imports, section)?;
        }
        Ok(())
    }

    fn parse_type_section(
        &mut self,
        types: &mut wasm_encoder::TypeSection,
        section: wasmparser::TypeSectionReader<'_>,
    ) -> Result<(), Failure> {
        utils::parse_type_section(self, types, section)?;
        self.pass.after_types(types);
        Ok(())
    }

    fn parse_function_section(
        &mut self,
        functions: &mut wasm_encoder::FunctionSection,
        section: wasmparser::FunctionSectionReader<'_>,
    ) -> Result<(), Failure> {
        if !self.pass.function_section(functions, section.clone())? {
            utils::parse_function_section(self, functions, section)?;
        }
        self.pass.after_functions(functions);
        Ok(())
    }

    fn parse_global_section(
        &mut self,
        globals: &mut wasm_encoder::GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), Failure> {
        utils::parse_global_section(self, globals, section)?;
        self.pass.after_globals(globals);
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut wasm_encoder::ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), Failure> {
        utils::parse_export_section(self, exports, section)?;
        self.pass.after_exports(exports);
        Ok(())
    }

    fn parse_code_section(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        section: wasmparser::CodeSectionReader<'_>,
    ) -> Result<(), Failure> {
        utils::parse_code_section(self, code, section)?;
        self.pass.after_code(code);
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), Failure> {
        if !self.pass.function_body(code)? {
            utils::parse_function_body(self, code, func)?;
        }
        Ok(())
    }

    fn parse_data(&mut self, data: &mut wasm_encoder::DataSection, datum: wasmparser::Data<'_>) -> Result<(), Failure> {
        if !self.pass.data(data, &datum)? {
            utils::parse_data(self, data, datum)?;
        }
        Ok(())
    }

    fn parse_custom_name_subsection(
        &mut self,
        names: &mut wasm_encoder::NameSection,
        section: wasmparser::Name<'_>,
    ) -> Result<(), Failure> {
        if let wasmparser::Name::Global(map) = &section {
            if self.pass.global_names(names, map.clone())? {
                return Ok(());
            }
        }
        utils::parse_custom_name_subsection(self, names, section)
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        _after: Option<SectionId>,
        before: Option<SectionId>,
    ) -> Result<(), Failure> {
        self.pass.between_sections(module, before);
        Ok(())
    }
}

/// Re-encodes `bytes` through `pass`, reporting failures under `name`.
pub fn run(name: &str, pass: &mut dyn Pass, bytes: &[u8]) -> Result<Vec<u8>, LinkError> {
    let mut module = wasm_encoder::Module::new();
    Rewriter { pass }
        .parse_core_module(&mut module, wasmparser::Parser::new(0), bytes)
        .map_err(|e| from_reencode(name, e))?;
    Ok(module.finish())
}

/// Changes nothing: [`identity`]'s pass.
struct Identity;

impl Pass for Identity {}

/// Re-encodes `bytes` unchanged.
pub fn identity(bytes: &[u8]) -> Result<Vec<u8>, LinkError> {
    run("identity", &mut Identity, bytes)
}

/// The re-encoded form of import type `ty` (for passes that rewrite the import section).
pub(crate) fn entity_type(ty: wasmparser::TypeRef) -> Result<wasm_encoder::EntityType, Failure> {
    wasm_encoder::reencode::RoundtripReencoder.entity_type(ty).map_err(|e| match e {
        Error::ParseError(e) => Failure::ParseError(e),
        _ => Failure::UserError("an import type cannot be re-encoded"),
    })
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
) -> Result<(), Failure> {
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
