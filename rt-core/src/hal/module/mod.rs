//! The `hal` host module (version 7) that every 3.13.0 tensor program imports.
//!
//! One table lists all 60 exports of the reference runtime's `hal` module with their exact
//! calling conventions and the handler that implements each. Handlers decode arguments with
//! `Args`, call the device, and push results. What this single synchronous device cannot have
//! (collective channels; writable files) fails with an error that says so.

mod args;

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;

use self::args::Args;
use super::buffer::{Allocator, Buffer};
use super::buffer_view::BufferView;
use super::command_buffer::{BufferRef, Command, CommandBuffer, TableEntry, Workgroups};
use super::device::Device;
use super::element_type::ElementType;
use super::executable::ExecutableObject;
use super::fence::{status, Fence, FenceState};
use super::file::File;
use crate::vm::{HostFlow, NativeFunction, NativeModule, Ref, Value};
use crate::{Error, ErrorKind, Result};

/// The module version 3.13.0 programs require.
pub const VERSION: u32 = 7;

/// The `hal` module over one device.
pub struct HalModule {
    device: Rc<Device>,
    calls: Rc<CallCounts>,
    trace: Option<TraceSink>,
}

/// Receives `hal.buffer_view.trace` calls: the key and the buffer views.
pub type TraceSink = Rc<dyn Fn(&str, &[Rc<BufferView>])>;

/// How often each export was called (shared with whoever created the module), so tests and
/// embedders can see which parts of the HAL a program used.
#[derive(Default)]
pub struct CallCounts(Vec<Cell<u64>>);

impl CallCounts {
    /// `(export name, calls)` for every export, in table order.
    pub fn snapshot(&self) -> Vec<(&'static str, u64)> {
        FUNCTIONS.iter().zip(&self.0).map(|(f, c)| (f.name, c.get())).collect()
    }
}

impl HalModule {
    pub fn new(device: Rc<Device>) -> HalModule {
        let calls = CallCounts(FUNCTIONS.iter().map(|_| Cell::new(0)).collect());
        HalModule { device, calls: Rc::new(calls), trace: None }
    }

    /// Sends `hal.buffer_view.trace` calls to `sink` (without one they are checked and dropped).
    pub fn with_trace_sink(mut self, sink: TraceSink) -> HalModule {
        self.trace = Some(sink);
        self
    }

    pub fn device(&self) -> &Rc<Device> {
        &self.device
    }

    pub fn call_counts(&self) -> Rc<CallCounts> {
        self.calls.clone()
    }
}

type Handler = fn(&HalModule, &mut Args<'_>, &mut Vec<Value>) -> Result<HostFlow>;

macro_rules! exports {
    ($($name:literal $cconv:literal => $handler:ident,)*) => {
        /// Every export: name, calling convention, handler (sorted by name, as upstream).
        pub const FUNCTIONS: &[NativeFunction] = &[$(NativeFunction { name: $name, cconv: $cconv },)*];
        const HANDLERS: &[Handler] = &[$($handler,)*];
    };
}

exports! {
    "allocator.allocate"               "0rIiiI_r"             => allocator_allocate,
    "allocator.import"                 "0riIiirII_r"          => allocator_import,
    "allocator.select"                 "0iiICrID_rI"          => allocator_select,
    "buffer.allocation.discard"        "0r_i"                 => buffer_allocation_discard,
    "buffer.allocation.is_terminal"    "0r_i"                 => buffer_allocation_is_terminal,
    "buffer.allocation.preserve"       "0r_v"                 => buffer_allocation_preserve,
    "buffer.assert"                    "0rrrIii_v"            => buffer_assert,
    "buffer.length"                    "0r_I"                 => buffer_length,
    "buffer.load"                      "0rIi_i"               => buffer_load,
    "buffer.store"                     "0irIi_v"              => buffer_store,
    "buffer.subspan"                   "0rII_r"               => buffer_subspan,
    "buffer_view.assert"               "0rriiCID_v"           => buffer_view_assert,
    "buffer_view.buffer"               "0r_r"                 => buffer_view_buffer,
    "buffer_view.create"               "0rIIiiCID_r"          => buffer_view_create,
    "buffer_view.dim"                  "0ri_I"                => buffer_view_dim,
    "buffer_view.element_type"         "0r_i"                 => buffer_view_element_type,
    "buffer_view.encoding_type"        "0r_i"                 => buffer_view_encoding_type,
    "buffer_view.rank"                 "0r_i"                 => buffer_view_rank,
    "buffer_view.trace"                "0rCrD_v"              => buffer_view_trace,
    "channel.create"                   "0rIIrrii_r"           => no_channels,
    "channel.rank_and_count"           "0r_ii"                => no_channels,
    "channel.split"                    "0riiI_r"              => no_channels,
    "command_buffer.advise_buffer"     "0rrIIIi_v"            => command_buffer_advise_buffer,
    "command_buffer.begin_debug_group" "0rr_v"                => command_buffer_begin_debug_group,
    "command_buffer.collective"        "0rriiiirrIIIII_v"     => no_channels,
    "command_buffer.copy_buffer"       "0riirIrIII_v"         => command_buffer_copy_buffer,
    "command_buffer.create"            "0riiIi_r"             => command_buffer_create,
    "command_buffer.dispatch"          "0rrIiiiICiDCiirIID_v" => command_buffer_dispatch,
    "command_buffer.dispatch.indirect" "0rrIirIICiDCiirIID_v" => command_buffer_dispatch_indirect,
    "command_buffer.end_debug_group"   "0r_v"                 => command_buffer_end_debug_group,
    "command_buffer.execution_barrier" "0riiI_v"              => command_buffer_execution_barrier,
    "command_buffer.fill_buffer"       "0rrIIiIiI_v"          => command_buffer_fill_buffer,
    "command_buffer.finalize"          "0r_v"                 => command_buffer_finalize,
    "command_buffer.flush_buffer"      "0rirII_v"             => command_buffer_flush_or_invalidate,
    "command_buffer.invalidate_buffer" "0rirII_v"             => command_buffer_flush_or_invalidate,
    "command_buffer.update_buffer"     "0rrIrIIiI_v"          => command_buffer_update_buffer,
    "device.allocator"                 "0r_r"                 => device_allocator,
    "device.query.i64"                 "0rrr_iI"              => device_query_i64,
    "device.queue.alloca"              "0rIrrIiiII_r"         => device_queue_alloca,
    "device.queue.barrier"             "0rIrrI_v"             => device_queue_barrier,
    "device.queue.copy"                "0rIrrrIrIII_v"        => device_queue_copy,
    "device.queue.dealloca"            "0rIrrrI_v"            => device_queue_dealloca,
    "device.queue.execute"             "0rIrrrI_v"            => device_queue_execute,
    "device.queue.execute.indirect"    "0rIrrrICrIID_v"       => device_queue_execute_indirect,
    "device.queue.fill"                "0rIrrrIIIiI_v"        => device_queue_fill,
    "device.queue.flush"               "0rI_v"                => device_queue_flush,
    "device.queue.read"                "0rIrrrIrIII_v"        => device_queue_read,
    "device.queue.update"              "0rIrrrIrIII_v"        => device_queue_update,
    "device.queue.write"               "0rIrrrIrIII_v"        => device_queue_write,
    "devices.count"                    "0v_i"                 => devices_count,
    "devices.get"                      "0i_r"                 => devices_get,
    "ex.file.from_memory"              "0rIirIIi_r"           => ex_file_from_memory,
    "executable.create"                "0rIrrr_r"             => executable_create,
    "executable.lookup.function"       "0rr_I"                => executable_lookup_function,
    "fence.await"                      "0iICrD_i"             => fence_await,
    "fence.create"                     "0rI_r"                => fence_create,
    "fence.fail"                       "0ri_v"                => fence_fail,
    "fence.join"                       "0ICrD_r"              => fence_join,
    "fence.query"                      "0r_i"                 => fence_query,
    "fence.signal"                     "0r_v"                 => fence_signal,
}

impl NativeModule for HalModule {
    fn name(&self) -> &str {
        "hal"
    }

    fn version(&self) -> u32 {
        VERSION
    }

    fn functions(&self) -> &[NativeFunction] {
        FUNCTIONS
    }

    fn call(&mut self, ordinal: usize, args: &[Value], results: &mut Vec<Value>) -> Result<HostFlow> {
        let (Some(f), Some(handler)) = (FUNCTIONS.get(ordinal), HANDLERS.get(ordinal)) else {
            return Err(Error::link(format!("hal module has no function {ordinal}")));
        };
        if let Some(c) = self.calls.0.get(ordinal) {
            c.set(c.get() + 1);
        }
        handler(self, &mut Args::new(args), results).map_err(|e| in_export(f.name, e))
    }
}

/// Prefixes an error with the export that raised it: `hal.buffer_view.assert: ...`.
fn in_export(name: &str, e: Error) -> Error {
    let prefix = |m: &String| format!("hal.{name}: {m}");
    Error::new(match e.kind() {
        ErrorKind::InvalidArgument(m) => ErrorKind::InvalidArgument(prefix(m)),
        ErrorKind::Link(m) => ErrorKind::Link(prefix(m)),
        ErrorKind::OutOfMemory(m) => ErrorKind::OutOfMemory(prefix(m)),
        ErrorKind::Trap { message, backtrace } => ErrorKind::Trap { message: prefix(message), backtrace: backtrace.clone() },
        other => other.clone(),
    })
}

fn done() -> Result<HostFlow> {
    Ok(HostFlow::Done)
}

fn object<T: crate::vm::Object>(value: Rc<T>) -> Value {
    Value::Ref(Some(Ref::Object(value)))
}

fn u32_arg(v: i32) -> u32 {
    v as u32
}

fn fence_arg(a: &mut Args<'_>) -> Result<Option<Rc<Fence>>> {
    a.object_or_null::<Fence>("hal.fence")
}

/// The device argument must be this module's device.
fn device_arg(m: &HalModule, a: &mut Args<'_>) -> Result<Rc<Device>> {
    let d = a.object::<Device>("hal.device")?;
    if !Rc::ptr_eq(&d, &m.device) {
        return Err(Error::invalid_argument("the device belongs to another hal module"));
    }
    Ok(d)
}

//===--- allocator ----------------------------------------------------------------------===//

fn allocator_allocate(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let allocator = a.object::<Allocator>("hal.allocator")?;
    let _queue_affinity = a.i64()?;
    let (memory_types, usage, size) = (u32_arg(a.i32()?), u32_arg(a.i32()?), a.u64()?);
    out.push(object(allocator.allocate(size, memory_types, usage)?));
    done()
}

fn allocator_import(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
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
        let len = if length == super::buffer::WHOLE_BUFFER { range.len() as u64 - offset.min(range.len() as u64) } else { length };
        whole.subspan(range.start as u64 + offset, len).map(Rc::new)
    })();
    match result {
        Ok(b) => out.push(object(b)),
        Err(_) if is_try => out.push(Value::Ref(None)),
        Err(e) => return Err(e),
    }
    done()
}

fn allocator_select(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
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
fn is_terminal(a: &mut Args<'_>) -> Result<bool> {
    let buffer = a.object::<Buffer>("hal.buffer")?;
    // Less the reference `buffer` itself holds.
    Ok(Rc::strong_count(&buffer) - 1 <= 2 && buffer.allocation_owners() == 1)
}

fn buffer_allocation_discard(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    // Memory returns to the heap when the last reference goes; a terminal buffer may go now.
    out.push(Value::I32(is_terminal(a)? as i32));
    done()
}

fn buffer_allocation_is_terminal(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(is_terminal(a)? as i32));
    done()
}

fn buffer_allocation_preserve(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    // Lifetime is reference counted: holding the ref preserves the allocation.
    a.object::<Buffer>("hal.buffer")?;
    done()
}

fn buffer_assert(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let b = a.object::<Buffer>("hal.buffer")?;
    let message = a.string()?;
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

fn buffer_length(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I64(a.object::<Buffer>("hal.buffer")?.len() as i64));
    done()
}

fn buffer_load(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
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

fn buffer_store(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let value = a.i32()?;
    let b = a.object::<Buffer>("hal.buffer")?;
    let (offset, length) = (a.u64()?, a.i32()?);
    if !(0..=4).contains(&length) {
        return Err(Error::invalid_argument(format!("store length byte count {length} exceeds max (4)")));
    }
    b.write(offset, &value.to_le_bytes()[..length as usize])?;
    done()
}

fn buffer_subspan(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let b = a.object::<Buffer>("hal.buffer")?;
    let (offset, length) = (a.u64()?, a.u64()?);
    out.push(object(Rc::new(b.subspan(offset, length)?)));
    done()
}

//===--- buffer_view --------------------------------------------------------------------===//

fn shape_span(a: &mut Args<'_>) -> Result<Vec<u64>> {
    let n = a.count()?;
    (0..n).map(|_| a.u64()).collect()
}

fn buffer_view_create(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let source = a.object::<Buffer>("hal.buffer")?;
    let (offset, length) = (a.u64()?, a.u64()?);
    let element_type = ElementType::from_u32(u32_arg(a.i32()?))?;
    let encoding = u32_arg(a.i32()?);
    let shape = shape_span(a)?;
    let buffer = if offset == 0 && length == source.len() as u64 { source } else { Rc::new(source.subspan(offset, length)?) };
    out.push(object(Rc::new(BufferView::new(buffer, shape, element_type, encoding))));
    done()
}

fn buffer_view_assert(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let view = a.object::<BufferView>("hal.buffer_view")?;
    let message = a.string()?;
    let (element_type, encoding) = (u32_arg(a.i32()?), u32_arg(a.i32()?));
    let shape = shape_span(a)?;
    check_buffer_view(&view, &message, element_type, encoding, &shape)?;
    done()
}

/// What `hal.buffer_view.assert` checks, in its order: encoding, element type, rank, dims.
pub fn check_buffer_view(view: &BufferView, message: &str, element_type: u32, encoding: u32, shape: &[u64]) -> Result<()> {
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

fn buffer_view_buffer(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(object(a.object::<BufferView>("hal.buffer_view")?.buffer.clone()));
    done()
}

fn buffer_view_dim(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let view = a.object::<BufferView>("hal.buffer_view")?;
    let index = a.i32()?;
    let dim = usize::try_from(index).ok().and_then(|i| view.shape.get(i)).ok_or_else(|| {
        Error::invalid_argument(format!("dimension index {index} is out of range for a buffer view of rank {}", view.shape.len()))
    })?;
    out.push(Value::I64(*dim as i64));
    done()
}

fn buffer_view_element_type(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(a.object::<BufferView>("hal.buffer_view")?.element_type.to_u32() as i32));
    done()
}

fn buffer_view_encoding_type(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(a.object::<BufferView>("hal.buffer_view")?.encoding as i32));
    done()
}

fn buffer_view_rank(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(a.object::<BufferView>("hal.buffer_view")?.shape.len() as i32));
    done()
}

/// Tracing goes to the module's sink if it has one; like the reference runtime without a
/// sink, it otherwise checks its arguments and drops them.
fn buffer_view_trace(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let key = a.string()?;
    let n = a.count()?;
    let views = (0..n).map(|_| a.object::<BufferView>("hal.buffer_view")).collect::<Result<Vec<_>>>()?;
    if let Some(sink) = &m.trace {
        sink(&key, &views);
    }
    done()
}

//===--- unavailable on this device -----------------------------------------------------===//

fn no_channels(_: &HalModule, _: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    Err(Error::invalid_argument(
        "collective channels are not available: Weft runs one local synchronous device with no peers \
         (compile the program without collectives / sharding)",
    ))
}

//===--- files --------------------------------------------------------------------------===//

fn ex_file_from_memory(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    device_arg(m, a)?;
    let _affinity = a.i64()?;
    let access = u32_arg(a.i32()?);
    let source = a.vm_buffer()?;
    let (offset, length, _flags) = (a.u64()?, a.u64()?, a.i32()?);
    out.push(object(Rc::new(File::from_memory(access, source, offset, length)?)));
    done()
}

fn device_queue_read(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let file = a.object::<File>("hal.file")?;
    let file_offset = a.u64()?;
    let target = a.object::<Buffer>("hal.buffer")?;
    let (target_offset, length, _flags) = (a.u64()?, a.u64()?, a.i64()?);
    d.queue_read(wait.as_deref(), signal.as_deref(), &file, file_offset, &target, target_offset, length)?;
    done()
}

/// Files exist only over read-only memory here (as in the reference runtime today).
fn device_queue_write(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    queue_prefix(m, a)?;
    a.object::<Buffer>("hal.buffer")?;
    a.u64()?;
    a.object::<File>("hal.file")?;
    Err(Error::invalid_argument(
        "cannot write to a HAL file: Weft's files wrap read-only memory (hal.ex.file.from_memory) and accept reads only",
    ))
}

//===--- command_buffer -----------------------------------------------------------------===//

fn command_buffer_create(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    device_arg(m, a)?;
    let (mode, categories, _affinity, capacity) = (u32_arg(a.i32()?), u32_arg(a.i32()?), a.i64()?, a.i32()?);
    let capacity = usize::try_from(capacity)
        .map_err(|_| Error::invalid_argument(format!("binding capacity {capacity} is negative")))?;
    out.push(object(Rc::new(CommandBuffer::new(mode, categories, capacity))));
    done()
}

fn command_buffer_finalize(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    a.object::<CommandBuffer>("hal.command_buffer")?.finalize()?;
    done()
}

fn command_buffer_begin_debug_group(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    a.string()?;
    cb.begin_debug_group()?;
    done()
}

fn command_buffer_end_debug_group(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    a.object::<CommandBuffer>("hal.command_buffer")?.end_debug_group()?;
    done()
}

fn command_buffer_execution_barrier(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let (_source_stages, _target_stages, _flags) = (a.i32()?, a.i32()?, a.i64()?);
    cb.record(Command::Barrier)?;
    done()
}

/// Memory advice is a hint; heap memory needs none.
fn command_buffer_advise_buffer(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
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
fn command_buffer_flush_or_invalidate(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let slot = u32_arg(a.i32()?);
    let buffer = a.object_or_null::<Buffer>("hal.buffer")?;
    let (offset, length) = (a.u64()?, a.u64()?);
    cb.record(Command::Coherence { target: BufferRef::new(buffer, slot, offset, length) })?;
    done()
}

fn command_buffer_fill_buffer(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
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

fn command_buffer_update_buffer(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
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

fn command_buffer_copy_buffer(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
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
fn constants_and_bindings(a: &mut Args<'_>) -> Result<(Vec<u32>, Vec<BufferRef>)> {
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

fn export_index(executable: &ExecutableObject, function_id: i64) -> Result<usize> {
    let count = executable.0.export_names().len();
    usize::try_from(function_id).ok().filter(|&i| i < count).ok_or_else(|| {
        Error::invalid_argument(format!("function id {function_id} is not one of the executable's {count} functions"))
    })
}

fn command_buffer_dispatch(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
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

fn command_buffer_dispatch_indirect(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
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

//===--- device -------------------------------------------------------------------------===//

fn device_allocator(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let d = device_arg(m, a)?;
    out.push(object(d.allocator().clone()));
    done()
}

fn device_query_i64(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
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
fn queue_prefix(m: &HalModule, a: &mut Args<'_>) -> Result<QueuePrefix> {
    let d = device_arg(m, a)?;
    let _affinity = a.i64()?;
    Ok((d, fence_arg(a)?, fence_arg(a)?))
}

fn device_queue_alloca(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let pool = a.i64()?;
    if pool != 0 {
        return Err(Error::invalid_argument(format!("allocation pool {pool} requested; only the default pool 0 exists")));
    }
    let (memory_types, usage, size, _flags) = (u32_arg(a.i32()?), u32_arg(a.i32()?), a.u64()?, a.i64()?);
    out.push(object(d.queue_alloca(wait.as_deref(), signal.as_deref(), memory_types, usage, size)?));
    done()
}

fn device_queue_dealloca(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let buffer = a.object::<Buffer>("hal.buffer")?;
    let _flags = a.i64()?;
    d.queue_dealloca(wait.as_deref(), signal.as_deref(), &buffer)?;
    done()
}

fn device_queue_barrier(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let _flags = a.i64()?;
    d.queue_barrier(wait.as_deref(), signal.as_deref())?;
    done()
}

fn device_queue_fill(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let target = a.object::<Buffer>("hal.buffer")?;
    let (offset, length, pattern, pattern_length, _flags) = (a.u64()?, a.u64()?, a.u64()?, a.i32()?, a.i64()?);
    d.queue_fill(wait.as_deref(), signal.as_deref(), &target, offset, length, pattern, pattern_length as usize)?;
    done()
}

fn device_queue_copy(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let source = a.object::<Buffer>("hal.buffer")?;
    let source_offset = a.u64()?;
    let target = a.object::<Buffer>("hal.buffer")?;
    let (target_offset, length, _flags) = (a.u64()?, a.u64()?, a.i64()?);
    d.queue_copy(wait.as_deref(), signal.as_deref(), &source, source_offset, &target, target_offset, length)?;
    done()
}

fn device_queue_update(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
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

fn device_queue_execute(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let (d, wait, signal) = queue_prefix(m, a)?;
    let cb = a.object::<CommandBuffer>("hal.command_buffer")?;
    let _flags = a.i64()?;
    d.queue_execute(wait.as_deref(), signal.as_deref(), &cb, &[])?;
    done()
}

fn device_queue_execute_indirect(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
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
fn device_queue_flush(m: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    device_arg(m, a)?;
    a.i64()?;
    done()
}

fn devices_count(_: &HalModule, _: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    out.push(Value::I32(1));
    done()
}

fn devices_get(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let index = a.i32()?;
    out.push(if index == 0 { object(m.device.clone()) } else { Value::Ref(None) });
    done()
}

//===--- executable ---------------------------------------------------------------------===//

fn executable_create(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
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

fn executable_lookup_function(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let executable = a.object::<ExecutableObject>("hal.executable")?;
    let name = a.string()?;
    let names = executable.0.export_names();
    let index = names.iter().position(|n| *n == name).ok_or_else(|| {
        Error::invalid_argument(format!("executable has no function '{name}'; it has: {}", names.join(", ")))
    })?;
    out.push(Value::I64(index as i64));
    done()
}

//===--- fence --------------------------------------------------------------------------===//

fn fence_create(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    device_arg(m, a)?;
    let _flags = a.i64()?;
    out.push(object(Rc::new(Fence::new_single())));
    done()
}

fn fence_join(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let _flags = a.i64()?;
    let n = a.count()?;
    let joined = Fence::default();
    for _ in 0..n {
        if let Some(f) = fence_arg(a)? {
            for (s, v) in f.timepoints() {
                joined.insert(s, v);
            }
        }
    }
    out.push(if joined.timepoint_count() == 0 { Value::Ref(None) } else { object(Rc::new(joined)) });
    done()
}

fn fence_query(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let code = match a.object::<Fence>("hal.fence")?.state() {
        FenceState::Reached => status::OK,
        FenceState::Pending { .. } => status::DEFERRED,
        FenceState::Failed { code, .. } => code,
    };
    out.push(Value::I32(code));
    done()
}

fn fence_signal(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    a.object::<Fence>("hal.fence")?.signal();
    done()
}

fn fence_fail(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let fence = a.object::<Fence>("hal.fence")?;
    let code = a.i32()? & 0x1F;
    fence.fail(code, format!("the program failed the fence with status code {code}"));
    done()
}

/// Returns 0 once every fence is reached. The device signals fences when work is submitted,
/// so a fence still pending now will never be reached: a finite timeout reports
/// DEADLINE_EXCEEDED as the reference does when its wait times out, and an infinite wait
/// fails instead of hanging.
fn fence_await(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let timeout_millis = u32_arg(a.i32()?);
    let _flags = a.i64()?;
    let n = a.count()?;
    let mut pending = None;
    for i in 0..n {
        let Some(f) = fence_arg(a)? else { continue };
        match f.state() {
            FenceState::Reached => {}
            FenceState::Failed { why, .. } => {
                return Err(Error::new(ErrorKind::Trap { message: format!("awaited fence {i} failed: {why}"), backtrace: String::new() }));
            }
            FenceState::Pending { value, waiting_for } => {
                pending.get_or_insert((i, value, waiting_for));
            }
        }
    }
    match pending {
        None => out.push(Value::I32(status::OK)),
        Some(_) if timeout_millis != u32::MAX => out.push(Value::I32(status::DEADLINE_EXCEEDED)),
        Some((i, value, waiting_for)) => {
            return Err(Error::new(ErrorKind::Trap {
                message: format!(
                    "waiting forever on fence {i} (semaphore at {value}, waiting for {waiting_for}), which nothing will \
                     signal: this device runs work synchronously when it is submitted"
                ),
                backtrace: String::new(),
            }))
        }
    }
    done()
}

/// A `hal` module over a fresh device with the given loaders (boxed for `Context`).
pub fn create(device: Rc<Device>) -> Box<dyn NativeModule> {
    Box::new(HalModule::new(device))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        assert_eq!(FUNCTIONS.len(), 60);
        assert_eq!(HANDLERS.len(), FUNCTIONS.len());
        for w in FUNCTIONS.windows(2) {
            assert!(w[0].name < w[1].name, "{} before {}", w[0].name, w[1].name);
        }
        for f in FUNCTIONS {
            crate::cconv::parse(f.cconv).unwrap();
        }
    }

    #[test]
    fn dense_byte_length_packs_sub_byte_types() {
        assert_eq!(crate::hal::buffer_view::dense_byte_length(&[3], ElementType::INT_4), Some(2));
        assert_eq!(crate::hal::buffer_view::dense_byte_length(&[2, 2], ElementType::F32), Some(16));
    }
}
