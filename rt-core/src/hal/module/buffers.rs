//! `hal` exports over the allocator, buffers and buffer views.

use super::*;

//===--- allocator ----------------------------------------------------------------------===//

pub(super) fn allocator_allocate(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let allocator = a.object::<Allocator>("hal.allocator")?;
    let _queue_affinity = a.i64()?;
    let (memory_types, usage, size) = (u32_arg(a.i32()?), u32_arg(a.i32()?), a.u64()?);
    out.push(object(allocator.allocate(size, memory_types, usage)?));
    done()
}

pub(super) fn allocator_import(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let allocator = a.object::<Allocator>("hal.allocator")?;
    let is_try = a.i32()? != 0;
    let _queue_affinity = a.i64()?;
    let (memory_types, usage) = (u32_arg(a.i32()?), u32_arg(a.i32()?));
    let source = a.vm_buffer()?;
    let (offset, length) = (a.u64()?, a.u64()?);
    let result = (|| {
        // Heap-backed vm.buffers are imported in place; rodata cannot be written by
        // kernels, so it is refused and the program falls back to allocate + copy.
        let Some((block, range)) = source.heap() else {
            return Err(Error::invalid_argument("a read-only rodata vm.buffer cannot be imported as a HAL buffer"));
        };
        let whole = allocator.adopt(block.clone(), memory_types, usage);
        let len = if length == crate::hal::buffer::WHOLE_BUFFER { range.len() as u64 - offset.min(range.len() as u64) } else { length };
        whole.subspan(range.start as u64 + offset, len).map(Rc::new)
    })();
    match result {
        Ok(b) => out.push(object(b)),
        Err(_) if is_try => out.push(Value::Ref(None)),
        Err(e) => return Err(e),
    }
    done()
}

pub(super) fn allocator_select(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let (_memory_types, _usage, _flags) = (a.i32()?, a.i32()?, a.i64()?);
    let n = a.count()?;
    if n == 0 {
        return Err(Error::invalid_argument("at least one device/queue affinity pair must be provided"));
    }
    // One device: the first pair is the choice.
    let device = a.object::<Device>("hal.device")?;
    let affinity = a.i64()?;
    out.push(object(device));
    out.push(Value::I64(affinity));
    done()
}

//===--- buffer -------------------------------------------------------------------------===//

/// Whether the caller holds the only reference to the buffer's allocation: the buffer is
/// referenced by the caller and by the argument list only, and no other buffer (subspan or
/// buffer view's buffer) shares its allocation.
pub(super) fn is_terminal(a: &mut Args<'_>) -> Result<bool> {
    let buffer = a.object::<Buffer>("hal.buffer")?;
    // Less the reference `buffer` itself holds.
    Ok(Rc::strong_count(&buffer) - 1 <= 2 && buffer.allocation_owners() == 1)
}

pub(super) fn buffer_allocation_discard(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    // Memory returns to the heap when the last reference goes; a terminal buffer may go now.
    out.push(Value::I32(is_terminal(a)? as i32));
    done()
}

pub(super) fn buffer_allocation_is_terminal(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(is_terminal(a)? as i32));
    done()
}

pub(super) fn buffer_allocation_preserve(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    // Lifetime is reference counted: holding the ref preserves the allocation.
    a.object::<Buffer>("hal.buffer")?;
    done()
}

pub(super) fn buffer_assert(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let b = a.object::<Buffer>("hal.buffer")?;
    let message = a.message()?;
    let _allocator = a.object::<Allocator>("hal.allocator")?;
    let (minimum_length, memory_types, usage) = (a.u64()?, u32_arg(a.i32()?), u32_arg(a.i32()?));
    if (b.len() as u64) < minimum_length {
        return Err(Error::invalid_argument(format!(
            "{message} buffer byte length {} less than expected minimum {minimum_length}",
            b.len()
        )));
    }
    if b.memory_type & memory_types != memory_types {
        return Err(Error::invalid_argument(format!(
            "{message} buffer memory type is not compatible; buffer has {:08X}, operation requires {memory_types:08X}",
            b.memory_type
        )));
    }
    if b.usage & usage != usage {
        return Err(Error::invalid_argument(format!(
            "{message} requested usage was not specified when the buffer was allocated; buffer allows {:08X}, operation requires {usage:08X}",
            b.usage
        )));
    }
    done()
}

pub(super) fn buffer_length(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I64(a.object::<Buffer>("hal.buffer")?.len() as i64));
    done()
}

pub(super) fn buffer_load(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let b = a.object::<Buffer>("hal.buffer")?;
    let (offset, length) = (a.u64()?, a.i32()?);
    if !(0..=4).contains(&length) {
        return Err(Error::invalid_argument(format!("load length byte count {length} exceeds max (4)")));
    }
    let mut raw = [0u8; 4];
    b.read(offset, &mut raw[..length as usize])?;
    out.push(Value::I32(i32::from_le_bytes(raw)));
    done()
}

pub(super) fn buffer_store(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let value = a.i32()?;
    let b = a.object::<Buffer>("hal.buffer")?;
    let (offset, length) = (a.u64()?, a.i32()?);
    if !(0..=4).contains(&length) {
        return Err(Error::invalid_argument(format!("store length byte count {length} exceeds max (4)")));
    }
    b.write(offset, &value.to_le_bytes()[..length as usize])?;
    done()
}

pub(super) fn buffer_subspan(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let b = a.object::<Buffer>("hal.buffer")?;
    let (offset, length) = (a.u64()?, a.u64()?);
    out.push(object(Rc::new(b.subspan(offset, length)?)));
    done()
}

//===--- buffer_view --------------------------------------------------------------------===//

pub(super) fn shape_span(a: &mut Args<'_>) -> Result<Vec<u64>> {
    let n = a.count()?;
    (0..n).map(|_| a.u64()).collect()
}

pub(super) fn buffer_view_create(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let source = a.object::<Buffer>("hal.buffer")?;
    let (offset, length) = (a.u64()?, a.u64()?);
    let element_type = ElementType::from_u32(u32_arg(a.i32()?))?;
    let encoding = u32_arg(a.i32()?);
    let shape = shape_span(a)?;
    let buffer = if offset == 0 && length == source.len() as u64 { source } else { Rc::new(source.subspan(offset, length)?) };
    out.push(object(Rc::new(BufferView::new(buffer, shape, element_type, encoding))));
    done()
}

pub(super) fn buffer_view_assert(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let view = a.object::<BufferView>("hal.buffer_view")?;
    let message = a.message()?;
    let (element_type, encoding) = (u32_arg(a.i32()?), u32_arg(a.i32()?));
    let shape = shape_span(a)?;
    check_buffer_view(&view, &message, element_type, encoding, &shape)?;
    done()
}

/// What `hal.buffer_view.assert` checks, in its order: encoding, element type, rank, dims.
pub fn check_buffer_view(view: &BufferView, message: &dyn core::fmt::Display, element_type: u32, encoding: u32, shape: &[u64]) -> Result<()> {
    const OPAQUE_ENCODING: u32 = 0;
    if view.encoding != OPAQUE_ENCODING && view.encoding != encoding {
        return Err(Error::invalid_argument(format!(
            "{message} encoding mismatch; expected {encoding:08X} but have {:08X}",
            view.encoding
        )));
    }
    let actual = view.element_type.to_u32();
    let opaque = actual >> 24 == 0;
    let integers = |t: u32| matches!(t >> 24, 0x10..=0x12);
    let same_width_ints = integers(actual) && integers(element_type) && (actual & 0xFF) == (element_type & 0xFF);
    if !(opaque || same_width_ints || actual == element_type) {
        let name = |t: u32| ElementType::from_u32(t).map(|e| format!("{e}")).unwrap_or_else(|_| String::from("?"));
        return Err(Error::invalid_argument(format!(
            "{message} element type mismatch; expected {} ({element_type:08X}) but have {} ({actual:08X})",
            name(element_type),
            name(actual)
        )));
    }
    let expected_shape = || shape.iter().map(|d| format!("{d}")).collect::<Vec<_>>().join("x");
    let actual_shape = || view.shape.iter().map(|d| format!("{d}")).collect::<Vec<_>>().join("x");
    if view.shape.len() != shape.len() {
        let scalar = |n: usize| if n == 0 { " (scalar)" } else { "" };
        return Err(Error::invalid_argument(format!(
            "{message} shape rank mismatch; expected {}{} but have {}{}; expected shape `{}`, actual shape `{}`",
            shape.len(),
            scalar(shape.len()),
            view.shape.len(),
            scalar(view.shape.len()),
            expected_shape(),
            actual_shape()
        )));
    }
    for (i, (want, have)) in shape.iter().zip(&view.shape).enumerate() {
        if want != have {
            return Err(Error::invalid_argument(format!(
                "{message} shape dimension {i} mismatch; expected {want} but have {have}; expected shape `{}`, actual shape `{}`",
                expected_shape(),
                actual_shape()
            )));
        }
    }
    Ok(())
}

pub(super) fn buffer_view_buffer(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(object(a.object::<BufferView>("hal.buffer_view")?.buffer.clone()));
    done()
}

pub(super) fn buffer_view_dim(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let view = a.object::<BufferView>("hal.buffer_view")?;
    let index = a.i32()?;
    let dim = usize::try_from(index).ok().and_then(|i| view.shape.get(i)).ok_or_else(|| {
        Error::invalid_argument(format!("dimension index {index} is out of range for a buffer view of rank {}", view.shape.len()))
    })?;
    out.push(Value::I64(*dim as i64));
    done()
}

pub(super) fn buffer_view_element_type(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(a.object::<BufferView>("hal.buffer_view")?.element_type.to_u32() as i32));
    done()
}

pub(super) fn buffer_view_encoding_type(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(a.object::<BufferView>("hal.buffer_view")?.encoding as i32));
    done()
}

pub(super) fn buffer_view_rank(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(a.object::<BufferView>("hal.buffer_view")?.shape.len() as i32));
    done()
}

/// Tracing goes to the module's sink if it has one; like the reference runtime without a
/// sink, it otherwise checks its arguments and drops them.
pub(super) fn buffer_view_trace(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let key = a.string()?;
    let n = a.count()?;
    let views = (0..n).map(|_| a.object::<BufferView>("hal.buffer_view")).collect::<Result<Vec<_>>>()?;
    if let Some(sink) = &m.trace {
        sink(&key, &views);
    }
    done()
}
