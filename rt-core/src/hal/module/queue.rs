//! `hal` exports over the device: queries, queue operations, executables, memory files,
//! and the collective channels this device cannot have.

use super::*;

//===--- device -------------------------------------------------------------------------===//

pub(super) fn device_allocator(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let d = device_arg(m, a)?;
    out.push(object(d.allocator().clone()));
    done()
}

pub(super) fn device_query_i64(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let d = device_arg(m, a)?;
    let (category, key) = (a.string()?, a.string()?);
    let value = d.query_i64(&category, &key);
    out.push(Value::I32(value.is_some() as i32));
    out.push(Value::I64(value.unwrap_or(0)));
    done()
}

/// The device and the wait and signal fences every queue operation starts with.
type QueuePrefix = (Rc<Device>, Option<Rc<Fence>>, Option<Rc<Fence>>);

/// Reads (device, affinity, wait fence, signal fence), the prefix of every queue operation.
pub(super) fn queue_prefix(m: &HalModule, a: &mut Args<'_>) -> Result<QueuePrefix> {
    let d = device_arg(m, a)?;
    let _affinity = a.i64()?;
    Ok((d, fence_arg(a)?, fence_arg(a)?))
}

pub(super) fn device_queue_alloca(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let pool = a.i64()?;
    if pool != 0 {
        return Err(Error::invalid_argument(format!("allocation pool {pool} requested; only the default pool 0 exists")));
    }
    let (memory_types, usage, size, _flags) = (u32_arg(a.i32()?), u32_arg(a.i32()?), a.u64()?, a.i64()?);
    out.push(object(d.queue_alloca(wait.as_deref(), signal.as_deref(), memory_types, usage, size)?));
    done()
}

pub(super) fn device_queue_dealloca(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let buffer = a.object::<Buffer>("hal.buffer")?;
    let _flags = a.i64()?;
    d.queue_dealloca(wait.as_deref(), signal.as_deref(), &buffer)?;
    done()
}

pub(super) fn device_queue_barrier(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let _flags = a.i64()?;
    d.queue_barrier(wait.as_deref(), signal.as_deref())?;
    done()
}

pub(super) fn device_queue_fill(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let target = a.object::<Buffer>("hal.buffer")?;
    let (offset, length, pattern, pattern_length, _flags) = (a.u64()?, a.u64()?, a.u64()?, a.i32()?, a.i64()?);
    d.queue_fill(wait.as_deref(), signal.as_deref(), &target, offset, length, pattern, pattern_length as usize)?;
    done()
}

pub(super) fn device_queue_copy(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let source = a.object::<Buffer>("hal.buffer")?;
    let source_offset = a.u64()?;
    let target = a.object::<Buffer>("hal.buffer")?;
    let (target_offset, length, _flags) = (a.u64()?, a.u64()?, a.i64()?);
    d.queue_copy(wait.as_deref(), signal.as_deref(), &source, source_offset, &target, target_offset, length)?;
    done()
}

pub(super) fn device_queue_update(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let source = a.vm_buffer()?;
    let source_offset = a.u64()?;
    let target = a.object::<Buffer>("hal.buffer")?;
    let (target_offset, length, _flags) = (a.u64()?, a.u64()?, a.i64()?);
    let range = source.check_range(source_offset, length).map_err(|t| Error::invalid_argument(t.message))?;
    let data = source.bytes()[range].to_vec();
    d.queue_update(wait.as_deref(), signal.as_deref(), &data, &target, target_offset)?;
    done()
}

pub(super) fn device_queue_execute(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let _flags = a.i64()?;
    d.queue_execute(wait.as_deref(), signal.as_deref(), &cb, &[])?;
    done()
}

pub(super) fn device_queue_execute_indirect(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let _flags = a.i64()?;
    let n = a.count()?;
    let mut table = Vec::with_capacity(n);
    for _ in 0..n {
        let buffer = a.object_or_null::<Buffer>("hal.buffer")?;
        table.push(TableEntry { buffer, offset: a.u64()?, length: a.u64()? });
    }
    d.queue_execute(wait.as_deref(), signal.as_deref(), &cb, &table)?;
    done()
}

/// Submissions run when they are made; there is nothing queued to flush.
pub(super) fn device_queue_flush(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    device_arg(m, a)?;
    a.i64()?;
    done()
}

pub(super) fn devices_count(_: &HalModule, _: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(1));
    done()
}

pub(super) fn devices_get(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let index = a.i32()?;
    out.push(if index == 0 { object(m.device.clone()) } else { Value::Ref(None) });
    done()
}

//===--- executable ---------------------------------------------------------------------===//

pub(super) fn executable_create(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let d = device_arg(m, a)?;
    let _affinity = a.i64()?;
    let format = a.string()?;
    let data = a.vm_buffer()?;
    let constants = match a.vm_buffer_or_null()? {
        None => Vec::new(),
        Some(c) => {
            let bytes = c.bytes();
            if bytes.len() % 4 != 0 {
                return Err(Error::invalid_argument(format!(
                    "constant buffer data must contain 4-byte elements but data length is {}",
                    bytes.len()
                )));
            }
            bytes.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect()
        }
    };
    let executable = d.create_executable(&format, &data.bytes(), &constants)?;
    out.push(object(Rc::new(ExecutableObject(executable))));
    done()
}

pub(super) fn executable_lookup_function(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let executable = a.object::<ExecutableObject>("hal.executable")?;
    let name = a.string()?;
    let names = executable.0.export_names();
    let index = names.iter().position(|n| *n == name).ok_or_else(|| {
        Error::invalid_argument(format!("executable has no function '{name}'; it has: {}", names.join(", ")))
    })?;
    out.push(Value::I64(index as i64));
    done()
}

//===--- unavailable on this device -----------------------------------------------------===//

pub(super) fn no_channels(_: &HalModule, _: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    Err(Error::invalid_argument(
        "collective channels are not available: Weft runs one local synchronous device with no peers \
         (compile the program without collectives / sharding)",
    ))
}

//===--- files --------------------------------------------------------------------------===//

pub(super) fn ex_file_from_memory(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    device_arg(m, a)?;
    let _affinity = a.i64()?;
    let access = u32_arg(a.i32()?);
    let source = a.vm_buffer()?;
    let (offset, length, _flags) = (a.u64()?, a.u64()?, a.i32()?);
    out.push(object(Rc::new(File::from_memory(access, source, offset, length)?)));
    done()
}

pub(super) fn device_queue_read(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let file = a.object::<File>("hal.file")?;
    let file_offset = a.u64()?;
    let target = a.object::<Buffer>("hal.buffer")?;
    let (target_offset, length, _flags) = (a.u64()?, a.u64()?, a.i64()?);
    d.queue_read(wait.as_deref(), signal.as_deref(), &file, file_offset, &target, target_offset, length)?;
    done()
}

/// Files exist only over read-only memory here (as in the reference runtime today).
pub(super) fn device_queue_write(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    queue_prefix(m, a)?;
    a.object::<Buffer>("hal.buffer")?;
    a.u64()?;
    a.object::<File>("hal.file")?;
    Err(Error::invalid_argument(
        "cannot write to a HAL file: Weft's files wrap read-only memory (hal.ex.file.from_memory) and accept reads only",
    ))
}
