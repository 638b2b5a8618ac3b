//! `env.__stack_pointer` (an imported mutable global, which JS would have to create per
//! instance and which several instances could end up sharing) becomes a global defined inside
//! the module, so every instance owns its stack pointer. It starts at the immutable import
//! [`crate::STACK_TOP_IMPORT`], which the glue sets per instance to the top of that instance's
//! stack region. The import keeps its slot (renamed, made immutable); every use of the old
//! index moves to the new global, appended after the module's own globals.

use super::{Failure, Pass};
use wasm_encoder::SectionId;

pub struct StackPointer {
    /// Global index of the `env.__stack_pointer` import.
    pub sp: u32,
    /// Index the new defined global gets (imported + defined globals before it).
    pub new_index: u32,
    /// Whether the input has a global section (if not, one is inserted).
    pub has_global_section: bool,
    emitted: bool,
}

impl StackPointer {
    pub fn new(
        sp: u32,
        imported_globals: u32,
        defined_globals: u32,
        has_global_section: bool,
    ) -> Self {
        StackPointer {
            sp,
            new_index: imported_globals + defined_globals,
            has_global_section,
            emitted: false,
        }
    }

    fn add_global(&mut self, globals: &mut wasm_encoder::GlobalSection) {
        globals.global(
            wasm_encoder::GlobalType {
                val_type: wasm_encoder::ValType::I32,
                mutable: true,
                shared: false,
            },
            &wasm_encoder::ConstExpr::global_get(self.sp),
        );
        self.emitted = true;
    }
}

impl Pass for StackPointer {
    fn global_index(&mut self, global: u32) -> Result<u32, Failure> {
        Ok(if global == self.sp { self.new_index } else { global })
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
                if global - 1 == self.sp {
                    let (module, name) = crate::plan::STACK_TOP_IMPORT;
                    imports.import(
                        module,
                        name,
                        wasm_encoder::GlobalType {
                            val_type: wasm_encoder::ValType::I32,
                            mutable: false,
                            shared: false,
                        },
                    );
                    continue;
                }
            }
            imports.import(import.module, import.name, super::entity_type(import.ty)?);
        }
        Ok(true)
    }

    fn after_globals(&mut self, globals: &mut wasm_encoder::GlobalSection) {
        self.add_global(globals);
    }

    fn between_sections(&mut self, module: &mut wasm_encoder::Module, before: Option<SectionId>) {
        if !self.has_global_section && !self.emitted && super::is_after_globals(before) {
            let mut globals = wasm_encoder::GlobalSection::new();
            self.add_global(&mut globals);
            module.section(&globals);
        }
    }

    fn global_names(&mut self, names: &mut wasm_encoder::NameSection, map: wasmparser::NameMap<'_>) -> Result<bool, Failure> {
        let (sp, new_index) = (self.sp, self.new_index);
        super::remap_global_names(names, map, |g| Some(if g == sp { new_index } else { g }))?;
        Ok(true)
    }
}
