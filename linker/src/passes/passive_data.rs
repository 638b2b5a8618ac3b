//! Active data segments become passive, and an exported init function copies them into memory
//! and applies the module's relocations exactly once per memory, however many instances (one
//! per worker) share it.
//!
//! With active segments every instantiation re-copies the unrelocated data over the live,
//! already relocated copy another thread may be reading. The init function instead claims a
//! 4-byte flag in shared memory with `i32.atomic.rmw.cmpxchg 0 → 1`; the winner runs
//! `memory.init` + `data.drop` for each segment, calls `__wasm_apply_data_relocs`, stores 2
//! and notifies. Losers spin on an atomic load until the flag reads 2 (a spin, not
//! `memory.atomic.wait32`, because browsers forbid blocking waits on the main thread and the
//! winner's work is a few hundred bytes of copying).

use alloc::vec::Vec;
use super::{Failure, Pass};
use wasm_encoder::SectionId;

use crate::parse::Placement;

/// One originally active segment: its data index and where it goes.
pub struct Segment {
    pub index: u32,
    pub place: Placement,
    pub len: u32,
}

pub struct PassiveData {
    /// Absolute address of the init flag.
    pub flag_addr: u32,
    /// Segments to copy (the originally active ones).
    pub segments: Vec<Segment>,
    /// Total data segments (for the DataCount section).
    pub data_count: u32,
    /// Whether the input already has a DataCount section.
    pub has_data_count: bool,
    /// Function called after copying (`__wasm_apply_data_relocs`), if the module has one.
    pub relocs: Option<u32>,
    /// Type index of the init function's `() -> ()` type.
    pub init_type: u32,
    /// Whether that type must be appended to the type section (the module has none yet).
    pub append_init_type: bool,
    /// Function index the init function will get.
    pub init_func: u32,
}

impl PassiveData {
    fn init_body(&self) -> wasm_encoder::Function {
        let flag = self.flag_addr as i32;
        let atomic = super::memarg4();
        let mut f = wasm_encoder::Function::new([]);
        let mut s = f.instructions();
        s.block(wasm_encoder::BlockType::Empty); // $done
        s.block(wasm_encoder::BlockType::Empty); // $claimed
        s.i32_const(flag)
            .i32_const(0)
            .i32_const(1)
            .i32_atomic_rmw_cmpxchg(atomic);
        s.i32_eqz().br_if(0);
        // Someone else claimed it: wait until it reads 2.
        s.loop_(wasm_encoder::BlockType::Empty);
        s.i32_const(flag)
            .i32_atomic_load(atomic)
            .i32_const(2)
            .i32_ne()
            .br_if(0);
        s.end();
        s.br(1);
        s.end();
        // Claimed: copy, drop, relocate, publish.
        for seg in &self.segments {
            match seg.place {
                Placement::I32Const(v) => s.i32_const(v),
                Placement::GlobalGet(g) => s.global_get(g),
            };
            s.i32_const(0)
                .i32_const(seg.len as i32)
                .memory_init(0, seg.index)
                .data_drop(seg.index);
        }
        if let Some(relocs) = self.relocs {
            s.call(relocs);
        }
        s.i32_const(flag).i32_const(2).i32_atomic_store(atomic);
        s.i32_const(flag)
            .i32_const(-1)
            .memory_atomic_notify(atomic)
            .drop();
        s.end();
        s.end();
        f
    }
}

impl Pass for PassiveData {
    fn after_types(&mut self, types: &mut wasm_encoder::TypeSection) {
        if self.append_init_type {
            types.ty().function([], []);
        }
    }

    fn after_functions(&mut self, functions: &mut wasm_encoder::FunctionSection) {
        functions.function(self.init_type);
    }

    fn after_exports(&mut self, exports: &mut wasm_encoder::ExportSection) {
        exports.export(crate::plan::INIT_EXPORT, wasm_encoder::ExportKind::Func, self.init_func);
    }

    fn after_code(&mut self, code: &mut wasm_encoder::CodeSection) {
        code.function(&self.init_body());
    }

    fn data(&mut self, data: &mut wasm_encoder::DataSection, datum: &wasmparser::Data<'_>) -> Result<bool, Failure> {
        data.passive(datum.data.iter().copied());
        Ok(true)
    }

    fn between_sections(&mut self, module: &mut wasm_encoder::Module, before: Option<SectionId>) {
        if !self.has_data_count && before == Some(SectionId::Code) {
            module.section(&wasm_encoder::DataCountSection { count: self.data_count });
        }
    }
}
