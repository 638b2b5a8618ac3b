//! Moving values across calls: into host functions, between bytecode frames, and back to the
//! host at the end of an invocation.

use alloc::format;
use alloc::vec::Vec;

use super::reader::{Reader, RegList};
use super::regs::Regs;
use super::{bytecode, Fault, Stack};
use crate::cconv::{Param, ValueType};
use crate::isa::REF_BIT;
use crate::vm::context::Instance;
use crate::vm::native::HostFlow;
use crate::vm::value::Value;
use crate::vm::{Status, Trap};

fn read_value(regs: &mut Regs<'_>, reg: u16, ty: ValueType) -> Value {
    match ty {
        ValueType::I32 => Value::I32(regs.i32(reg)),
        ValueType::I64 => Value::I64(regs.i64(reg)),
        ValueType::F32 => Value::F32(regs.f32(reg)),
        ValueType::F64 => Value::F64(regs.f64(reg)),
        ValueType::Ref => Value::Ref(regs.take_ref(reg)),
    }
}

/// Calls import `import` of bytecode `instance`: flattens the operands as the import's
/// calling convention says, calls the host, and writes its results to `results`.
#[allow(clippy::too_many_arguments)]
pub fn call_import(
    instances: &mut [Instance],
    instance: usize,
    import: usize,
    segments: Option<RegList<'_>>,
    operands: RegList<'_>,
    results: RegList<'_>,
    regs: &mut Regs<'_>,
    args: &mut Vec<Value>,
    out: &mut Vec<Value>,
) -> Result<HostFlow, Fault> {
    let caller = bytecode(instances, instance);
    let module = caller.module.clone();
    let decl = &module.imports[import];
    let Some(target) = caller.imports[import] else {
        return Err(Trap::new(
            Status::NotFound,
            format!("optional import '{}' (ordinal {import}) is not provided by any registered module", decl.full_name),
        )
        .into());
    };
    args.clear();
    out.clear();
    let mut next = operands.iter();
    for (arg_index, param) in decl.cconv.args.iter().enumerate() {
        match param {
            Param::Scalar(ty) => {
                let reg = next.next().unwrap_or_default();
                args.push(read_value(regs, reg, *ty));
            }
            Param::Span(types) => {
                let count = segments.map_or(0, |s| s.get(arg_index)) as usize;
                args.push(Value::I32(count as i32));
                for _ in 0..count {
                    for ty in types {
                        let reg = next.next().unwrap_or_default();
                        args.push(read_value(regs, reg, *ty));
                    }
                }
            }
        }
    }
    let Instance::Native(host) = &mut instances[target.instance] else {
        unreachable!("imports resolve to host modules only");
    };
    let flow = host.call(target.function, args, out).map_err(Fault::Host);
    // Arguments are borrowed by the call; release any refs now.
    args.clear();
    if flow? == HostFlow::Yield {
        return Ok(HostFlow::Yield);
    }
    if out.len() != decl.cconv.results.len() {
        return Err(Trap::new(Status::Internal, format!(
            "host function '{}' returned {} values; its convention '{}' declares {}",
            decl.full_name,
            out.len(),
            decl.cconv_text,
            decl.cconv.results.len()
        ))
        .into());
    }
    for ((value, ty), reg) in out.drain(..).zip(&decl.cconv.results).zip(results.iter()) {
        match (value, ty) {
            (Value::I32(v), ValueType::I32) => regs.set_i32(reg, v),
            (Value::I64(v), ValueType::I64) => regs.set_i64(reg, v),
            (Value::F32(v), ValueType::F32) => regs.set_f32(reg, v),
            (Value::F64(v), ValueType::F64) => regs.set_f64(reg, v),
            (Value::Ref(v), ValueType::Ref) => regs.set_ref(reg, v),
            (value, ty) => {
                return Err(Trap::new(Status::Internal, format!(
                    "host function '{}' returned {:?} where its convention declares {ty}",
                    decl.full_name, value
                ))
                .into())
            }
        }
    }
    Ok(HostFlow::Done)
}

/// Copies the caller's operands into the new top frame's first registers, as the callee's
/// calling convention types them: refs to r0, r1.., 32-bit values to the next slot and 64-bit
/// values to the next even-aligned pair, from i0 on (each operand names one register), the
/// layout the host's entry into a function uses too.
pub fn pass_arguments(stack: &mut Stack, caller: usize, operands: RegList<'_>, params: &[Param]) -> Result<(), Trap> {
    let callee = &stack.frames[caller + 1];
    let caller_frame = &stack.frames[caller];
    let (caller_i32, callee_i32) = stack.i32.split_at_mut(callee.i32_base);
    let (caller_refs, callee_refs) = stack.refs.split_at_mut(callee.ref_base);
    let mut from = Regs { i32: &mut caller_i32[caller_frame.i32_base..], refs: &mut caller_refs[caller_frame.ref_base..] };
    // The last slot of a frame is padding, not a declared register.
    let declared = callee_i32.len() - 1;
    let mut to = Regs { i32: &mut callee_i32[..declared], refs: callee_refs };
    let (mut i, mut r) = (0u16, 0u16);
    for (reg, ty) in operands.iter().zip(params.iter().filter_map(Param::scalar)) {
        let slots = ty.slots();
        if ty == ValueType::Ref {
            if r as usize >= to.refs.len() {
                return Err(too_many("ref", to.refs.len()));
            }
            let v = from.take_ref(reg);
            to.set_ref(r | REF_BIT, v);
            r += 1;
        } else {
            if slots == 2 {
                i = (i + 1) & !1;
            }
            if i as usize + slots > declared {
                return Err(too_many("i32", declared));
            }
            copy_value(&from, reg, &mut to, i, slots);
            i += slots as u16;
        }
    }
    Ok(())
}

/// Copies a 32-bit value (one slot) or a 64-bit value (two) between register files.
fn copy_value(from: &Regs<'_>, src: u16, to: &mut Regs<'_>, dst: u16, slots: usize) {
    if slots == 2 {
        to.set_i64(dst, from.i64(src));
    } else {
        to.set_i32(dst, from.i32(src));
    }
}

#[cold]
fn too_many(bank: &str, declared: usize) -> Trap {
    Trap::new(Status::FailedPrecondition, format!("call passes more {bank} arguments than the callee's {declared} registers"))
}

/// Copies the returning frame's operands into the caller's result registers, one or two
/// slots each as the callee's result types say.
pub fn return_to_caller(
    stack: &mut Stack,
    top: usize,
    caller_code: &[u8],
    operands: RegList<'_>,
    types: &[ValueType],
) -> Result<(), Trap> {
    let caller = &stack.frames[top - 1];
    let callee = &stack.frames[top];
    let targets = Reader::new(caller_code, caller.return_list).reg_list();
    if operands.len() > targets.len() {
        return Err(Trap::new(Status::FailedPrecondition, format!(
            "function returns {} values but its caller expects {}",
            operands.len(),
            targets.len()
        )));
    }
    let (caller_i32, callee_i32) = stack.i32.split_at_mut(callee.i32_base);
    let (caller_refs, callee_refs) = stack.refs.split_at_mut(callee.ref_base);
    let mut from = Regs { i32: callee_i32, refs: callee_refs };
    let mut to = Regs { i32: &mut caller_i32[caller.i32_base..], refs: &mut caller_refs[caller.ref_base..] };
    for ((src, dst), ty) in operands.iter().zip(targets.iter()).zip(types) {
        if *ty == ValueType::Ref {
            let v = from.take_ref(src);
            to.set_ref(dst, v);
        } else {
            copy_value(&from, src, &mut to, dst, ty.slots());
        }
    }
    Ok(())
}

/// Reads the entry function's results as its calling convention types them.
pub fn entry_results(regs: &mut Regs<'_>, operands: RegList<'_>, types: &[ValueType]) -> Result<Vec<Value>, Trap> {
    if operands.len() != types.len() {
        return Err(Trap::new(Status::FailedPrecondition, format!(
            "function returned {} values but its signature declares {}",
            operands.len(),
            types.len()
        )));
    }
    Ok(operands.iter().zip(types).map(|(reg, ty)| read_value(regs, reg, *ty)).collect())
}
