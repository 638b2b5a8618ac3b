//! `hal` exports that record command buffers.

use super::*;

//===--- command_buffer -----------------------------------------------------------------===//

pub(super) fn command_buffer_create(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    device_arg(m, a)?;
    let (mode, categories, _affinity, capacity) = (u32_arg(a.i32()?), u32_arg(a.i32()?), a.i64()?, a.i32()?);
    let capacity = usize::try_from(capacity)
        .map_err(|_| Error::invalid_argument(format!("binding capacity {capacity} is negative")))?;
    out.push(object(Rc::new(CommandBuffer::new(mode, categories, capacity))));
    done()
}

pub(super) fn command_buffer_finalize(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    a.object::<CommandBuffer>("hal.command_buffer")?.finalize()?;
    done()
}

pub(super) fn command_buffer_begin_debug_group(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    a.string()?;
    cb.begin_debug_group()?;
    done()
}

pub(super) fn command_buffer_end_debug_group(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    a.object::<CommandBuffer>("hal.command_buffer")?.end_debug_group()?;
    done()
}

pub(super) fn command_buffer_execution_barrier(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let (_source_stages, _target_stages, _flags) = (a.i32()?, a.i32()?, a.i64()?);
    cb.record(Command::Barrier)?;
    done()
}

/// Memory advice is a hint; heap memory needs none.
pub(super) fn command_buffer_advise_buffer(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    a.object_or_null::<Buffer>("hal.buffer")?;
    let (_flags, _arg0, _arg1, _slot) = (a.i64()?, a.i64()?, a.i64()?, a.i32()?);
    if cb.is_finalized() {
        return Err(Error::invalid_argument("command buffer is finalized; no more commands can be recorded"));
    }
    done()
}

/// Heap memory is coherent between host and kernels: flushes and invalidations only check,
/// when the command buffer runs, that their range exists.
pub(super) fn command_buffer_flush_or_invalidate(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let slot = u32_arg(a.i32()?);
    let buffer = a.object_or_null::<Buffer>("hal.buffer")?;
    let (offset, length) = (a.u64()?, a.u64()?);
    cb.record(Command::Coherence { target: BufferRef::new(buffer, slot, offset, length) })?;
    done()
}

pub(super) fn command_buffer_fill_buffer(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let buffer = a.object_or_null::<Buffer>("hal.buffer")?;
    let (offset, length, slot, pattern, pattern_length, _flags) =
        (a.u64()?, a.u64()?, u32_arg(a.i32()?), a.u64()?, a.i32()?, a.i64()?);
    if !matches!(pattern_length, 1 | 2 | 4 | 8) {
        return Err(Error::invalid_argument(format!("fill pattern length {pattern_length} is not 1, 2, 4 or 8 bytes")));
    }
    cb.record(Command::Fill { target: BufferRef::new(buffer, slot, offset, length), pattern, pattern_length: pattern_length as usize })?;
    done()
}

pub(super) fn command_buffer_update_buffer(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let source = a.vm_buffer()?;
    let source_offset = a.u64()?;
    let target = a.object_or_null::<Buffer>("hal.buffer")?;
    let (target_offset, length, slot, _flags) = (a.u64()?, a.u64()?, u32_arg(a.i32()?), a.i64()?);
    let range = source.check_range(source_offset, length).map_err(|t| Error::invalid_argument(t.message))?;
    let data = source.bytes()[range].to_vec();
    cb.record(Command::Update { data, target: BufferRef::new(target, slot, target_offset, length) })?;
    done()
}

pub(super) fn command_buffer_copy_buffer(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let (source_slot, target_slot) = (u32_arg(a.i32()?), u32_arg(a.i32()?));
    let source = a.object_or_null::<Buffer>("hal.buffer")?;
    let source_offset = a.u64()?;
    let target = a.object_or_null::<Buffer>("hal.buffer")?;
    let (target_offset, length, _flags) = (a.u64()?, a.u64()?, a.i64()?);
    cb.record(Command::Copy {
        source: BufferRef::new(source, source_slot, source_offset, length),
        target: BufferRef::new(target, target_slot, target_offset, length),
    })?;
    done()
}

/// The constants and bindings spans both dispatch forms end with.
pub(super) fn constants_and_bindings(a: &mut Args<'_>) -> Result<(Vec<u32>, Vec<BufferRef>)> {
    let n = a.count()?;
    let constants = (0..n).map(|_| a.i32().map(u32_arg)).collect::<Result<Vec<_>>>()?;
    let n = a.count()?;
    let mut bindings = Vec::with_capacity(n);
    for _ in 0..n {
        let _reserved = a.i32()?;
        let slot = u32_arg(a.i32()?);
        let buffer = a.object_or_null::<Buffer>("hal.buffer")?;
        let (offset, length) = (a.u64()?, a.u64()?);
        bindings.push(BufferRef::new(buffer, slot, offset, length));
    }
    Ok((constants, bindings))
}

pub(super) fn export_index(executable: &ExecutableObject, function_id: i64) -> Result<usize> {
    let count = executable.0.export_names().len();
    usize::try_from(function_id).ok().filter(|&i| i < count).ok_or_else(|| {
        Error::invalid_argument(format!("function id {function_id} is not one of the executable's {count} functions"))
    })
}

pub(super) fn command_buffer_dispatch(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let executable = a.object::<ExecutableObject>("hal.executable")?;
    let export = export_index(&executable, a.i64()?)?;
    let workgroups = [u32_arg(a.i32()?), u32_arg(a.i32()?), u32_arg(a.i32()?)];
    let _flags = a.i64()?;
    let (constants, bindings) = constants_and_bindings(a)?;
    cb.record(Command::Dispatch {
        executable: executable.0.clone(),
        export,
        workgroups: Workgroups::Static(workgroups),
        constants,
        bindings,
    })?;
    done()
}

pub(super) fn command_buffer_dispatch_indirect(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let executable = a.object::<ExecutableObject>("hal.executable")?;
    let export = export_index(&executable, a.i64()?)?;
    let slot = u32_arg(a.i32()?);
    let buffer = a.object_or_null::<Buffer>("hal.buffer")?;
    let offset = a.u64()?;
    let _flags = a.i64()?;
    let (constants, bindings) = constants_and_bindings(a)?;
    cb.record(Command::Dispatch {
        executable: executable.0.clone(),
        export,
        workgroups: Workgroups::Indirect(BufferRef::new(buffer, slot, offset, 12)),
        constants,
        bindings,
    })?;
    done()
}
