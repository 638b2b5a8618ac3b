//! The interpreter: frames, the dispatch loop, and call/return between frames.
//!
//! One loop decodes an instruction, matches its layout to read its operands, and hands the
//! value semantics to the family modules (`arith` for scalars, `refs` for buffers, lists and
//! globals, `call` for argument marshalling). Frames live on one `Stack` whose register
//! storage is reused from call to call.

mod arith;
mod call;
mod reader;
mod refs;
mod regs;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use self::reader::{Reader, RemapList};
use self::regs::Regs;
use super::context::{Instance, BytecodeInstance};
use super::native::HostFlow;
use super::value::Value;
use super::{Status, Trap};
use crate::cconv::{CallingConvention, ValueType};
use super::BytecodeModule;
use crate::isa::{self, Layout, Op, Ty, IMPORT_BIT, REF_BIT};
use crate::{Error, ErrorKind, Result};

/// Frames deeper than this trap rather than exhausting memory on runaway recursion.
const MAX_FRAMES: usize = 4096;

struct Frame {
    instance: usize,
    function: usize,
    pc: usize,
    i32_base: usize,
    ref_base: usize,
    /// While this frame waits on an internal call: where its result register list starts.
    return_list: usize,
}

/// What ended a run of the loop.
pub enum Exit {
    Returned(Vec<Value>),
    /// `vm.yield` or a host call asked to suspend; `run` continues where it stopped.
    Yielded,
}

#[derive(Default)]
pub struct Stack {
    frames: Vec<Frame>,
    i32: Vec<u32>,
    refs: Vec<Option<super::Ref>>,
    entry_results: Vec<ValueType>,
    host_args: Vec<Value>,
    host_results: Vec<Value>,
}

impl Stack {
    pub fn is_idle(&self) -> bool {
        self.frames.is_empty()
    }

    /// Drops every frame and the refs they hold (after an error or an abandoned call).
    pub fn reset(&mut self) {
        self.frames.clear();
        self.i32.clear();
        self.refs.clear();
    }

    fn push_frame(&mut self, instances: &[Instance], instance: usize, function: usize) -> Result<(), Trap> {
        if self.frames.len() >= MAX_FRAMES {
            return Err(Trap::new(Status::ResourceExhausted, format!("stack overflow: more than {MAX_FRAMES} nested calls")));
        }
        let info = &bytecode(instances, instance).module.functions[function];
        let (i32_base, ref_base) = (self.i32.len(), self.refs.len());
        // One spare slot so an i64 read of the last register stays inside the frame.
        self.i32.resize(i32_base + info.i32_register_count + 1, 0);
        self.refs.resize_with(ref_base + info.ref_register_count, || None);
        self.frames.push(Frame { instance, function, pc: 0, i32_base, ref_base, return_list: 0 });
        Ok(())
    }

    fn pop_frame(&mut self) {
        if let Some(f) = self.frames.pop() {
            self.i32.truncate(f.i32_base);
            self.refs.truncate(f.ref_base);
        }
    }

    /// The registers of the top frame (the tail of the register storage).
    fn top_regs(&mut self) -> Regs<'_> {
        let f = &self.frames[self.frames.len() - 1];
        Regs { i32: &mut self.i32[f.i32_base..], refs: &mut self.refs[f.ref_base..] }
    }

    /// Enters `function` of bytecode `instance` from the host with `args` already checked
    /// against its calling convention.
    pub fn enter(&mut self, instances: &[Instance], instance: usize, function: usize, args: Vec<Value>) -> Result<()> {
        self.reset();
        let info = &bytecode(instances, instance).module.functions[function];
        self.entry_results = info.cconv.as_ref().map(|c| c.results.clone()).unwrap_or_default();
        self.push_frame(instances, instance, function).map_err(|t| self.trap(instances, t))?;
        let mut regs = self.top_regs();
        let (mut i32_reg, mut ref_reg) = (0u16, 0u16);
        for arg in args {
            match arg {
                Value::I32(v) => { regs.set_i32(i32_reg, v); i32_reg += 1; }
                Value::F32(v) => { regs.set_f32(i32_reg, v); i32_reg += 1; }
                // 64-bit values take an even-aligned pair of slots.
                Value::I64(v) => { i32_reg = (i32_reg + 1) & !1; regs.set_i64(i32_reg, v); i32_reg += 2; }
                Value::F64(v) => { i32_reg = (i32_reg + 1) & !1; regs.set_f64(i32_reg, v); i32_reg += 2; }
                Value::Ref(r) => { regs.set_ref(ref_reg | REF_BIT, r); ref_reg += 1; }
            }
        }
        Ok(())
    }

    /// Turns a trap into an error carrying the backtrace of the running frames, then drops
    /// the frames so the context can take the next call.
    fn trap(&mut self, instances: &[Instance], trap: Trap) -> Error {
        self.fail(instances, trap.text())
    }

    fn fail(&mut self, instances: &[Instance], message: String) -> Error {
        let backtrace = self.backtrace(instances);
        self.reset();
        Error::new(ErrorKind::Trap { message, backtrace })
    }

    fn backtrace(&self, instances: &[Instance]) -> String {
        let mut out = String::new();
        for frame in self.frames.iter().rev() {
            let module = &bytecode(instances, frame.instance).module;
            let name = &module.functions[frame.function].name;
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("  at {}.{name} (pc {:#x})", module.name, frame.pc));
        }
        out
    }

    /// Runs until the entry function returns, the program yields, or an error.
    pub fn run(&mut self, instances: &mut [Instance]) -> Result<Exit> {
        loop {
            match self.run_frame(instances) {
                Ok(Some(exit)) => return Ok(exit),
                Ok(None) => continue,
                Err(Fault::Trap(t)) => return Err(self.trap(instances, t)),
                Err(Fault::Host(e)) => {
                    let error = match e.kind() {
                        ErrorKind::Trap { message, backtrace } if backtrace.is_empty() => {
                            self.fail(instances, message.clone())
                        }
                        ErrorKind::KernelTrap { message, backtrace } if backtrace.is_empty() => {
                            let backtrace = self.backtrace(instances);
                            Error::new(ErrorKind::KernelTrap { message: message.clone(), backtrace })
                        }
                        _ => e,
                    };
                    self.reset();
                    return Err(error);
                }
            }
        }
    }

    /// Executes the top frame until it calls, returns or stops. `None`: continue with the
    /// (new) top frame.
    fn run_frame(&mut self, instances: &mut [Instance]) -> core::result::Result<Option<Exit>, Fault> {
        let top = self.frames.len() - 1;
        let (instance, function, pc, i32_base, ref_base) = {
            let f = &self.frames[top];
            (f.instance, f.function, f.pc, f.i32_base, f.ref_base)
        };
        let module = bytecode(instances, instance).module.clone();
        let code = module.code(function);
        let mut r = Reader::new(code, pc);
        loop {
            if r.at_end() {
                return Err(Trap::new(Status::Internal, "execution ran past the end of the function").into());
            }
            let start = r.pc;
            self.frames[top].pc = start;
            let op = r.op().map_err(|(set, code)| Trap::new(Status::Internal, format!("unknown opcode {code:#x} in {set:?}")))?;
            #[cfg(feature = "op-counts")]
            super::OP_COUNTS[op as usize].fetch_add(1, core::sync::atomic::Ordering::Relaxed);
            // Split borrows: the registers, the frame's pc and the host buffers are separate fields.
            let mut regs = Regs { i32: &mut self.i32[i32_base..], refs: &mut self.refs[ref_base..] };
            match op.layout() {
                Layout::Block => {}
                Layout::Unary(Ty::I32) => { let (a, d) = (r.reg(), r.reg()); let v = arith::unary_i32(op, regs.i32(a)); regs.set_i32(d, v); }
                Layout::Unary(Ty::I64) => { let (a, d) = (r.reg(), r.reg()); let v = arith::unary_i64(op, regs.i64(a)); regs.set_i64(d, v); }
                Layout::Unary(Ty::F32) => { let (a, d) = (r.reg(), r.reg()); let v = arith::unary_f32(op, regs.f32(a)); regs.set_f32(d, v); }
                Layout::Unary(Ty::F64) => { let (a, d) = (r.reg(), r.reg()); let v = arith::unary_f64(op, regs.f64(a)); regs.set_f64(d, v); }
                Layout::Binary(Ty::I32) => { let (a, b, d) = (r.reg(), r.reg(), r.reg()); let v = arith::binary_i32(op, regs.i32(a), regs.i32(b))?; regs.set_i32(d, v); }
                Layout::Binary(Ty::I64) => { let (a, b, d) = (r.reg(), r.reg(), r.reg()); let v = arith::binary_i64(op, regs.i64(a), regs.i64(b))?; regs.set_i64(d, v); }
                Layout::Binary(Ty::F32) => { let (a, b, d) = (r.reg(), r.reg(), r.reg()); let v = arith::binary_f32(op, regs.f32(a), regs.f32(b)); regs.set_f32(d, v); }
                Layout::Binary(Ty::F64) => { let (a, b, d) = (r.reg(), r.reg(), r.reg()); let v = arith::binary_f64(op, regs.f64(a), regs.f64(b)); regs.set_f64(d, v); }
                Layout::Ternary(Ty::I32) => { let (a, b, c, d) = (r.reg(), r.reg(), r.reg(), r.reg()); let v = arith::ternary_i32(op, regs.i32(a), regs.i32(b), regs.i32(c)); regs.set_i32(d, v); }
                Layout::Ternary(Ty::I64) => { let (a, b, c, d) = (r.reg(), r.reg(), r.reg(), r.reg()); let v = arith::ternary_i64(op, regs.i64(a), regs.i64(b), regs.i64(c)); regs.set_i64(d, v); }
                Layout::Ternary(Ty::F32) => { let (a, b, c, d) = (r.reg(), r.reg(), r.reg(), r.reg()); let v = arith::ternary_f32(op, regs.f32(a), regs.f32(b), regs.f32(c)); regs.set_f32(d, v); }
                Layout::Ternary(Ty::F64) => { let (a, b, c, d) = (r.reg(), r.reg(), r.reg(), r.reg()); let v = arith::ternary_f64(op, regs.f64(a), regs.f64(b), regs.f64(c)); regs.set_f64(d, v); }
                Layout::Shift(Ty::I32) => { let (a, n, d) = (r.reg(), r.reg(), r.reg()); let v = arith::shift_i32(op, regs.i32(a), regs.i32(n)); regs.set_i32(d, v); }
                Layout::Shift(Ty::I64) => { let (a, n, d) = (r.reg(), r.reg(), r.reg()); let v = arith::shift_i64(op, regs.i64(a), regs.i32(n)); regs.set_i64(d, v); }
                Layout::BinaryComparison(ty) => {
                    let (a, b, d) = (r.reg(), r.reg(), r.reg());
                    let v = match ty {
                        Ty::I32 => arith::cmp_i32(op, regs.i32(a), regs.i32(b)),
                        Ty::I64 => arith::cmp_i64(op, regs.i64(a), regs.i64(b)),
                        Ty::F32 => arith::cmp_f32(op, regs.f32(a), regs.f32(b)),
                        Ty::F64 => arith::cmp_f64(op, regs.f64(a), regs.f64(b)),
                        Ty::Ref => {
                            let same = match (regs.get_ref(a), regs.get_ref(b)) {
                                (None, None) => true,
                                (Some(x), Some(y)) => x.ptr_eq(y),
                                _ => false,
                            };
                            if op == Op::CmpEQRef { same } else { !same }
                        }
                    };
                    regs.set_i32(d, v as i32);
                }
                Layout::UnaryComparison(ty) => {
                    let (a, d) = (r.reg(), r.reg());
                    let v = match ty {
                        Ty::I32 => regs.i32(a) != 0,
                        Ty::I64 => regs.i64(a) != 0,
                        Ty::F32 => regs.f32(a).is_nan(),
                        Ty::F64 => regs.f64(a).is_nan(),
                        Ty::Ref => regs.get_ref(a).is_some(),
                    };
                    regs.set_i32(d, v as i32);
                }
                Layout::Conversion(from, to) => {
                    let (a, d) = (r.reg(), r.reg());
                    let bits = if from.slots() == 2 { regs.i64(a) as u64 } else { regs.i32(a) as u32 as u64 };
                    let out = arith::convert(op, bits);
                    if to.slots() == 2 { regs.set_i64(d, out as i64) } else { regs.set_i32(d, out as u32 as i32) }
                }
                Layout::ZeroConstant(ty) => {
                    let d = r.reg();
                    if ty.slots() == 2 { regs.set_i64(d, 0) } else { regs.set_i32(d, 0) }
                }
                Layout::Constant(ty) => {
                    if ty.slots() == 2 { let v = r.u64(); let d = r.reg(); regs.set_i64(d, v as i64) } else { let v = r.u32(); let d = r.reg(); regs.set_i32(d, v as i32) }
                }
                Layout::Select(ty) => {
                    let (c, a, b, d) = (r.reg(), r.reg(), r.reg(), r.reg());
                    let pick = if regs.i32(c) != 0 { a } else { b };
                    if ty.slots() == 2 { let v = regs.i64(pick); regs.set_i64(d, v) } else { let v = regs.i32(pick); regs.set_i32(d, v) }
                }
                Layout::Switch(ty) => {
                    let (index, default) = (regs.i32(r.reg()), r.reg());
                    let values = r.reg_list();
                    let d = r.reg();
                    let pick = if index >= 0 && (index as usize) < values.len() { values.get(index as usize) } else { default };
                    if ty.slots() == 2 { let v = regs.i64(pick); regs.set_i64(d, v) } else { let v = regs.i32(pick); regs.set_i32(d, v) }
                }
                Layout::SelectRef => {
                    let c = r.reg();
                    let type_id = r.u32() as usize;
                    let (a, b, d) = (r.reg(), r.reg(), r.reg());
                    let (pick, other) = if regs.i32(c) != 0 { (a, b) } else { (b, a) };
                    let value = regs.take_ref(pick);
                    refs::check_type(&module, type_id, value.as_ref(), op)?;
                    if other & isa::MOVE_BIT != 0 && other != pick { regs.release_ref(other); }
                    regs.set_ref(d, value);
                }
                Layout::SwitchRef => {
                    let index = regs.i32(r.reg());
                    let type_id = r.u32() as usize;
                    let default = r.reg();
                    let values = r.reg_list();
                    let d = r.reg();
                    let pick = if index >= 0 && (index as usize) < values.len() { values.get(index as usize) } else { default };
                    let value = regs.take_ref(pick);
                    refs::check_type(&module, type_id, value.as_ref(), op)?;
                    regs.set_ref(d, value);
                }
                Layout::GlobalLoad(_) | Layout::GlobalStore(_) | Layout::GlobalLoadIndirect(_) | Layout::GlobalStoreIndirect(_)
                | Layout::GlobalLoadRef | Layout::GlobalStoreRef | Layout::GlobalLoadIndirectRef | Layout::GlobalStoreIndirectRef => {
                    let state = bytecode_mut(instances, instance);
                    refs::global(op, &mut r, &mut regs, state)?;
                }
                Layout::ConstRefZero => regs.release_ref(r.reg()),
                Layout::ConstRefRodata => {
                    let ordinal = r.u32() as usize;
                    let d = r.reg();
                    regs.set_ref(d, Some(super::Ref::Buffer(module.rodata[ordinal].clone())));
                }
                Layout::AssignRef => { let (a, d) = (r.reg(), r.reg()); let v = regs.take_ref(a); regs.set_ref(d, v); }
                Layout::CastAnyRef => {
                    let a = r.reg();
                    let type_id = r.u32() as usize;
                    let d = r.reg();
                    let value = regs.take_ref(a);
                    refs::check_type(&module, type_id, value.as_ref(), op)?;
                    regs.set_ref(d, value);
                }
                Layout::DiscardRefs => {
                    for reg in r.reg_list().iter() { regs.release_ref(reg); }
                }
                Layout::ListAlloc | Layout::ListReserve | Layout::ListSize | Layout::ListResize | Layout::ListGet(_)
                | Layout::ListSet(_) | Layout::ListGetRef | Layout::ListSetRef => refs::list(op, &mut r, &mut regs, &module)?,
                Layout::BufferLoad(_) | Layout::BufferStore(_) | Layout::BufferFill(_) | Layout::BufferAlloc | Layout::BufferClone
                | Layout::BufferLength | Layout::BufferCopy | Layout::BufferCompare | Layout::BufferHash => refs::buffer(op, &mut r, &mut regs)?,
                Layout::Branch | Layout::ConditionalBreak => {
                    if op == Op::CondBreak {
                        // The condition only matters to a debugger; execution always branches.
                        r.reg();
                    }
                    let (target, remap) = r.branch();
                    r.pc = jump(&mut regs, target, remap);
                    if op == Op::Yield {
                        self.frames[top].pc = r.pc;
                        return Ok(Some(Exit::Yielded));
                    }
                }
                Layout::ConditionalBranch => {
                    let c = regs.i32(r.reg());
                    let (t, tl) = r.branch();
                    let (f, fl) = r.branch();
                    r.pc = if c != 0 { jump(&mut regs, t, tl) } else { jump(&mut regs, f, fl) };
                }
                Layout::BranchTable => {
                    let index = regs.i32(r.reg());
                    let (default, default_remap) = r.branch();
                    let size = r.u16() as i32;
                    let (mut target, mut remap) = (default, default_remap);
                    if (0..size).contains(&index) {
                        for _ in 0..index { r.branch(); }
                        (target, remap) = r.branch();
                    }
                    r.pc = jump(&mut regs, target, remap);
                }
                Layout::Fail => {
                    let status = regs.i32(r.reg());
                    let message = r.string();
                    if status != 0 {
                        return Err(Trap::new(Status::from_code(status), String::from_utf8_lossy(message)).into());
                    }
                }
                Layout::ImportResolved => {
                    let ordinal = r.u32();
                    let d = r.reg();
                    let resolved = bytecode(instances, instance).imports[(ordinal & !IMPORT_BIT) as usize].is_some();
                    regs.set_i32(d, resolved as i32);
                }
                Layout::Trace => {
                    r.string();
                    for reg in r.reg_list().iter() {
                        if reg & (REF_BIT | isa::MOVE_BIT) == REF_BIT | isa::MOVE_BIT { regs.release_ref(reg); }
                    }
                }
                Layout::Call | Layout::CallVariadic | Layout::YieldableCall | Layout::CallVariadicYieldable => {
                    let ordinal = r.u32();
                    let variadic = matches!(op.layout(), Layout::CallVariadic | Layout::CallVariadicYieldable);
                    let segments = variadic.then(|| r.reg_list());
                    let operands = r.reg_list();
                    let resume = matches!(op.layout(), Layout::YieldableCall | Layout::CallVariadicYieldable)
                        .then(|| r.u32() as usize + 1);
                    let results_at = r.pc;
                    let results = r.reg_list();
                    let next_pc = resume.unwrap_or(r.pc);
                    if ordinal & IMPORT_BIT != 0 {
                        let import = (ordinal & !IMPORT_BIT) as usize;
                        let flow = call::call_import(
                            instances, instance, import, segments, operands, results, &mut regs,
                            &mut self.host_args, &mut self.host_results,
                        )?;
                        if flow == HostFlow::Yield {
                            // Re-issued on resume: the frame's pc stays on this call.
                            return Ok(Some(Exit::Yielded));
                        }
                        r.pc = next_pc;
                    } else {
                        self.frames[top].pc = next_pc;
                        self.frames[top].return_list = results_at;
                        self.push_frame(instances, instance, ordinal as usize)?;
                        call::pass_arguments(self, top, operands, &signature(&module, ordinal as usize)?.args)?;
                        return Ok(None);
                    }
                }
                Layout::Return => {
                    let operands = r.reg_list();
                    if top == 0 {
                        let values = call::entry_results(&mut regs, operands, &self.entry_results)?;
                        self.pop_frame();
                        return Ok(Some(Exit::Returned(values)));
                    }
                    let types = &signature(&module, function)?.results;
                    call::return_to_caller(self, top, code_of(instances, &self.frames[top - 1]), operands, types)?;
                    self.pop_frame();
                    return Ok(None);
                }
                Layout::Unary(Ty::Ref) | Layout::Binary(Ty::Ref) | Layout::Ternary(Ty::Ref)
                | Layout::Shift(_) => unreachable!("no instruction has layout {:?}", op.layout()),
            }
        }
    }
}

/// Applies a branch's register remap and returns the pc just past the target block marker.
fn jump(regs: &mut Regs<'_>, target: usize, remap: RemapList<'_>) -> usize {
    if !remap.is_empty() {
        for (src, dst) in remap.pairs() {
            if src & REF_BIT != 0 {
                let v = regs.take_ref(src);
                regs.set_ref(dst, v);
            } else {
                let v = regs.i32(src);
                regs.set_i32(dst, v);
            }
        }
    }
    target + 1
}

/// An instruction failed (trap) or a host call returned an error of its own.
pub enum Fault {
    Trap(Trap),
    Host(Error),
}

impl From<Trap> for Fault {
    fn from(t: Trap) -> Fault {
        Fault::Trap(t)
    }
}

fn bytecode(instances: &[Instance], index: usize) -> &BytecodeInstance {
    match &instances[index] {
        Instance::Bytecode(b) => b,
        Instance::Native(_) => unreachable!("frames only run bytecode instances"),
    }
}

fn bytecode_mut(instances: &mut [Instance], index: usize) -> &mut BytecodeInstance {
    match &mut instances[index] {
        Instance::Bytecode(b) => b,
        Instance::Native(_) => unreachable!("frames only run bytecode instances"),
    }
}

/// The calling convention of internal function `ordinal` (the verifier checked every one).
fn signature(module: &BytecodeModule, ordinal: usize) -> Result<&CallingConvention, Trap> {
    module.functions[ordinal].cconv.as_ref().ok_or_else(|| {
        Trap::new(Status::Internal, format!("function {} has no calling convention", module.functions[ordinal].name))
    })
}

fn code_of<'i>(instances: &'i [Instance], frame: &Frame) -> &'i [u8] {
    bytecode(instances, frame.instance).module.code(frame.function)
}
