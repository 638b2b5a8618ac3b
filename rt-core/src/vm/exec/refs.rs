//! Instructions on references: globals, `vm.list` and `vm.buffer`.

use alloc::format;
use alloc::rc::Rc;

use super::reader::Reader;
use super::regs::Regs;
use crate::isa::{Layout, Op, Ty};
use crate::vm::buffer::{self, siphash24, VmBuffer};
use crate::vm::context::BytecodeInstance;
use crate::vm::list::{ElementKind, VmList};
use crate::vm::value::{Ref, Value};
use crate::vm::{BytecodeModule, Status, Trap};

/// Refs stored or loaded with a type must be null or of that type.
pub fn check_type(module: &BytecodeModule, type_id: usize, value: Option<&Ref>, op: Op) -> Result<(), Trap> {
    let expected = &module.types[type_id];
    match value {
        Some(v) if !v.matches_type(expected) => Err(Trap::new(Status::InvalidArgument, format!(
            "{}: expected a ref of type {expected}, got !{}",
            op.mnemonic(),
            v.type_name()
        ))),
        _ => Ok(()),
    }
}

fn global_range(state: &BytecodeInstance, offset: u32, size: usize, op: Op) -> Result<core::ops::Range<usize>, Trap> {
    let start = offset as usize;
    if start + size > state.globals.len() {
        return Err(Trap::new(Status::OutOfRange, format!(
            "{}: global byte offset {start} out of range ({} bytes of globals)",
            op.mnemonic(),
            state.globals.len()
        )));
    }
    Ok(start..start + size)
}

fn global_ref_index(state: &BytecodeInstance, ordinal: u32, op: Op) -> Result<usize, Trap> {
    let index = ordinal as usize;
    if index >= state.global_refs.len() {
        return Err(Trap::new(Status::OutOfRange, format!(
            "{}: global ref ordinal {index} out of range ({} ref globals)",
            op.mnemonic(),
            state.global_refs.len()
        )));
    }
    Ok(index)
}

pub fn global(op: Op, r: &mut Reader<'_>, regs: &mut Regs<'_>, state: &mut BytecodeInstance) -> Result<(), Trap> {
    match op.layout() {
        Layout::GlobalLoad(ty) | Layout::GlobalLoadIndirect(ty) => {
            let offset = if matches!(op.layout(), Layout::GlobalLoad(_)) { r.u32() } else { regs.i32(r.reg()) as u32 };
            let d = r.reg();
            let range = global_range(state, offset, 4 * ty.slots(), op)?;
            let bytes = &state.globals[range];
            if ty.slots() == 2 {
                regs.set_i64(d, i64::from_le_bytes(bytes.try_into().unwrap_or([0; 8])));
            } else {
                regs.set_i32(d, i32::from_le_bytes(bytes.try_into().unwrap_or([0; 4])));
            }
        }
        Layout::GlobalStore(ty) | Layout::GlobalStoreIndirect(ty) => {
            let offset = if matches!(op.layout(), Layout::GlobalStore(_)) { r.u32() } else { regs.i32(r.reg()) as u32 };
            let v = r.reg();
            let range = global_range(state, offset, 4 * ty.slots(), op)?;
            if ty.slots() == 2 {
                state.globals[range].copy_from_slice(&regs.i64(v).to_le_bytes());
            } else {
                state.globals[range].copy_from_slice(&regs.i32(v).to_le_bytes());
            }
        }
        Layout::GlobalLoadRef | Layout::GlobalLoadIndirectRef => {
            let ordinal = if op == Op::GlobalLoadRef { r.u32() } else { regs.i32(r.reg()) as u32 };
            let type_id = r.u32() as usize;
            let d = r.reg();
            let index = global_ref_index(state, ordinal, op)?;
            let value = state.global_refs[index].clone();
            check_type(&state.module, type_id, value.as_ref(), op)?;
            regs.set_ref(d, value);
        }
        Layout::GlobalStoreRef | Layout::GlobalStoreIndirectRef => {
            let ordinal = if op == Op::GlobalStoreRef { r.u32() } else { regs.i32(r.reg()) as u32 };
            let type_id = r.u32() as usize;
            let v = r.reg();
            let index = global_ref_index(state, ordinal, op)?;
            let value = regs.take_ref(v);
            check_type(&state.module, type_id, value.as_ref(), op)?;
            state.global_refs[index] = value;
        }
        _ => unreachable!("{} is not a global op", op.mnemonic()),
    }
    Ok(())
}

fn list_operand<'r>(regs: &'r Regs<'_>, reg: u16, op: Op) -> Result<&'r VmList, Trap> {
    match regs.get_ref(reg) {
        Some(Ref::List(l)) => Ok(l),
        Some(other) => Err(Trap::new(Status::InvalidArgument, format!("{}: expected a !vm.list, got !{}", op.mnemonic(), other.type_name()))),
        None => Err(Trap::new(Status::InvalidArgument, format!("{}: list is null", op.mnemonic()))),
    }
}

pub fn list(op: Op, r: &mut Reader<'_>, regs: &mut Regs<'_>, module: &BytecodeModule) -> Result<(), Trap> {
    let name = op.mnemonic();
    match op.layout() {
        Layout::ListAlloc => {
            let type_id = r.u32() as usize;
            let capacity = regs.i32(r.reg()).max(0) as usize;
            let d = r.reg();
            let list = VmList::new(ElementKind::from_type_name(&module.types[type_id]), capacity)?;
            regs.set_ref(d, Some(Ref::List(Rc::new(list))));
        }
        Layout::ListReserve => {
            let l = r.reg();
            let n = regs.i32(r.reg()).max(0) as usize;
            list_operand(regs, l, op)?.reserve(n)?;
        }
        Layout::ListResize => {
            let l = r.reg();
            let n = regs.i32(r.reg());
            if n < 0 {
                return Err(Trap::new(Status::OutOfRange, format!("{name}: negative size {n}")));
            }
            list_operand(regs, l, op)?.resize(n as usize)?;
        }
        Layout::ListSize => {
            let l = r.reg();
            let d = r.reg();
            let len = list_operand(regs, l, op)?.len() as i32;
            regs.set_i32(d, len);
        }
        Layout::ListGet(ty) => {
            let (l, i, d) = (r.reg(), r.reg(), r.reg());
            let value = list_operand(regs, l, op)?.get(regs.i32(i), name)?;
            match (ty, value) {
                (Ty::I32, Value::I32(v)) => regs.set_i32(d, v),
                (Ty::I32, Value::I64(v)) => regs.set_i32(d, v as i32),
                (Ty::I64, Value::I64(v)) => regs.set_i64(d, v),
                (Ty::I64, Value::I32(v)) => regs.set_i64(d, v as i64),
                (Ty::F32, Value::F32(v)) => regs.set_f32(d, v),
                (Ty::F64, Value::F64(v)) => regs.set_f64(d, v),
                (Ty::F64, Value::F32(v)) => regs.set_f64(d, v as f64),
                (_, other) => {
                    return Err(Trap::new(Status::InvalidArgument, format!("{name}: element is {other:?}, not {ty:?}")));
                }
            }
        }
        Layout::ListSet(ty) => {
            let (l, i, v) = (r.reg(), r.reg(), r.reg());
            let value = match ty {
                Ty::I64 => Value::I64(regs.i64(v)),
                Ty::F32 => Value::F32(regs.f32(v)),
                Ty::F64 => Value::F64(regs.f64(v)),
                _ => Value::I32(regs.i32(v)),
            };
            list_operand(regs, l, op)?.set(regs.i32(i), value, name)?;
        }
        Layout::ListGetRef => {
            let (l, i) = (r.reg(), r.reg());
            let type_id = r.u32() as usize;
            let d = r.reg();
            let value = match list_operand(regs, l, op)?.get(regs.i32(i), name)? {
                Value::Ref(v) => v,
                other => return Err(Trap::new(Status::InvalidArgument, format!("{name}: element is {other:?}, not a ref"))),
            };
            check_type(module, type_id, value.as_ref(), op)?;
            regs.set_ref(d, value);
        }
        Layout::ListSetRef => {
            let (l, i, v) = (r.reg(), r.reg(), r.reg());
            let index = regs.i32(i);
            let value = regs.take_ref(v);
            list_operand(regs, l, op)?.set(index, Value::Ref(value), name)?;
        }
        _ => unreachable!("{name} is not a list op"),
    }
    Ok(())
}

fn buffer_operand<'r>(regs: &'r Regs<'_>, reg: u16, op: Op) -> Result<&'r VmBuffer, Trap> {
    match regs.get_ref(reg) {
        Some(Ref::Buffer(b)) => Ok(b),
        Some(other) => Err(Trap::new(Status::InvalidArgument, format!("{}: expected a !vm.buffer, got !{}", op.mnemonic(), other.type_name()))),
        None => Err(Trap::new(Status::InvalidArgument, format!("{}: buffer is null", op.mnemonic()))),
    }
}

/// A non-negative i64 operand used as a size or offset.
fn size(regs: &Regs<'_>, reg: u16, op: Op) -> Result<u64, Trap> {
    let v = regs.i64(reg);
    u64::try_from(v).map_err(|_| Trap::new(Status::OutOfRange, format!("{}: negative offset or length {v}", op.mnemonic())))
}

pub fn buffer(op: Op, r: &mut Reader<'_>, regs: &mut Regs<'_>) -> Result<(), Trap> {
    match op.layout() {
        Layout::BufferLoad(ty) => {
            let (b, o, d) = (r.reg(), r.reg(), r.reg());
            let (buf, index) = (buffer_operand(regs, b, op)?, size(regs, o, op)?);
            match op {
                Op::BufferLoadI8U => { let v = buf.load::<1>(index)?[0] as i32; regs.set_i32(d, v) }
                Op::BufferLoadI8S => { let v = buf.load::<1>(index)?[0] as i8 as i32; regs.set_i32(d, v) }
                Op::BufferLoadI16U => { let v = u16::from_le_bytes(buf.load::<2>(index)?) as i32; regs.set_i32(d, v) }
                Op::BufferLoadI16S => { let v = i16::from_le_bytes(buf.load::<2>(index)?) as i32; regs.set_i32(d, v) }
                _ if ty.slots() == 2 => { let v = i64::from_le_bytes(buf.load::<8>(index)?); regs.set_i64(d, v) }
                _ => { let v = i32::from_le_bytes(buf.load::<4>(index)?); regs.set_i32(d, v) }
            }
        }
        Layout::BufferStore(ty) => {
            let (b, o, v) = (r.reg(), r.reg(), r.reg());
            let (buf, index) = (buffer_operand(regs, b, op)?, size(regs, o, op)?);
            match op {
                Op::BufferStoreI8 => buf.store(index, [regs.i32(v) as u8])?,
                Op::BufferStoreI16 => buf.store(index, (regs.i32(v) as u16).to_le_bytes())?,
                _ if ty.slots() == 2 => buf.store(index, regs.i64(v).to_le_bytes())?,
                _ => buf.store(index, regs.i32(v).to_le_bytes())?,
            }
        }
        Layout::BufferFill(ty) => {
            let (b, o, n, v) = (r.reg(), r.reg(), r.reg(), r.reg());
            let buf = buffer_operand(regs, b, op)?;
            let (index, count) = (size(regs, o, op)?, size(regs, n, op)?);
            match op {
                Op::BufferFillI8 => buf.fill(index, count, [regs.i32(v) as u8])?,
                Op::BufferFillI16 => buf.fill(index, count, (regs.i32(v) as u16).to_le_bytes())?,
                _ if ty.slots() == 2 => buf.fill(index, count, regs.i64(v).to_le_bytes())?,
                _ => buf.fill(index, count, regs.i32(v).to_le_bytes())?,
            }
        }
        Layout::BufferAlloc => {
            let (n, _alignment, d) = (r.reg(), r.reg(), r.reg());
            let buf = VmBuffer::zeroed(size(regs, n, op)? as usize)?;
            regs.set_ref(d, Some(Ref::Buffer(Rc::new(buf))));
        }
        Layout::BufferClone => {
            let (b, o, n, _alignment, d) = (r.reg(), r.reg(), r.reg(), r.reg(), r.reg());
            let source = buffer_operand(regs, b, op)?;
            let range = source.check_range(size(regs, o, op)?, size(regs, n, op)?)?;
            let copy = VmBuffer::from_bytes(&source.bytes()[range])?;
            regs.set_ref(d, Some(Ref::Buffer(Rc::new(copy))));
        }
        Layout::BufferLength => {
            let (b, d) = (r.reg(), r.reg());
            let len = buffer_operand(regs, b, op)?.len() as i64;
            regs.set_i64(d, len);
        }
        Layout::BufferCopy => {
            let (s, so, t, to, n) = (r.reg(), r.reg(), r.reg(), r.reg(), r.reg());
            let (source, target) = (buffer_operand(regs, s, op)?, buffer_operand(regs, t, op)?);
            buffer::copy(source, size(regs, so, op)?, target, size(regs, to, op)?, size(regs, n, op)?)?;
        }
        Layout::BufferCompare => {
            let (a, ao, b, bo, n, d) = (r.reg(), r.reg(), r.reg(), r.reg(), r.reg(), r.reg());
            let length = size(regs, n, op)?;
            let (lhs, rhs) = (buffer_operand(regs, a, op)?, buffer_operand(regs, b, op)?);
            let lr = lhs.check_range(size(regs, ao, op)?, length)?;
            let rr = rhs.check_range(size(regs, bo, op)?, length)?;
            // Two shared borrows of one block are fine, so views of the same memory compare.
            let equal = lhs.bytes()[lr] == rhs.bytes()[rr];
            regs.set_i32(d, equal as i32);
        }
        Layout::BufferHash => {
            let (b, o, n, d) = (r.reg(), r.reg(), r.reg(), r.reg());
            let buf = buffer_operand(regs, b, op)?;
            let range = buf.check_range(size(regs, o, op)?, size(regs, n, op)?)?;
            let hash = siphash24(&buf.bytes()[range]) as i64;
            regs.set_i64(d, hash);
        }
        _ => unreachable!("{} is not a buffer op", op.mnemonic()),
    }
    Ok(())
}
