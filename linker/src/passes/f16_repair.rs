//! Repairs the IREE 3.13.0 f16 defect: `__extendhfsf2` and `__truncsfhf2` are defined in the
//! module with the C float ABI type `(f32)->f32` while their call sites pass the half as `i32`
//! (and store trunc's result with `i32.store16`), which makes the module invalid. The two
//! functions get the types `(i32)->f32` and `(f32)->i32` (appended to the type section, so no
//! other function's type changes) and bodies from [`crate::half`] that implement IEEE half
//! precision exactly (subnormals, infinities, NaN, round to nearest even).

use super::{Failure, Pass};

use crate::plan::F16Defect;

pub struct F16Repair {
    pub defect: F16Defect,
    pub imported_funcs: u32,
    /// Number of types in the input; `(i32)->f32` gets this index, `(f32)->i32` the next.
    pub type_count: u32,
    next_body: u32,
}

impl F16Repair {
    pub fn new(defect: F16Defect, imported_funcs: u32, type_count: u32) -> Self {
        F16Repair {
            defect,
            imported_funcs,
            type_count,
            next_body: 0,
        }
    }
}

impl Pass for F16Repair {
    fn after_types(&mut self, types: &mut wasm_encoder::TypeSection) {
        use wasm_encoder::ValType::{F32, I32};
        types.ty().function([I32], [F32]);
        types.ty().function([F32], [I32]);
    }

    fn function_section(
        &mut self,
        functions: &mut wasm_encoder::FunctionSection,
        section: wasmparser::FunctionSectionReader<'_>,
    ) -> Result<bool, Failure> {
        for (k, ty) in section.into_iter().enumerate() {
            let index = self.imported_funcs + k as u32;
            let ty = ty?;
            if Some(index) == self.defect.extend {
                functions.function(self.type_count);
            } else if Some(index) == self.defect.trunc {
                functions.function(self.type_count + 1);
            } else {
                functions.function(ty);
            }
        }
        Ok(true)
    }

    fn function_body(&mut self, code: &mut wasm_encoder::CodeSection) -> Result<bool, Failure> {
        let index = self.imported_funcs + self.next_body;
        self.next_body += 1;
        if Some(index) == self.defect.extend {
            code.function(&crate::half::extend_body());
            Ok(true)
        } else if Some(index) == self.defect.trunc {
            code.function(&crate::half::trunc_body());
            Ok(true)
        } else {
            Ok(false)
        }
    }
}
