//! The `hal` host module (version 7) that every 3.13.0 tensor program imports.
//!
//! One table lists all 60 exports of the reference runtime's `hal` module with their exact
//! calling conventions and the handler that implements each. Handlers decode arguments with
//! `Args`, call the device, and push results. What this single synchronous device cannot have
//! (collective channels; writable files) fails with an error that says so.

pub(crate) mod args;
mod buffers;
mod commands;
mod fences;
mod queue;

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;

use self::args::Args;
use self::buffers::*;
use self::commands::*;
use self::fences::*;
use self::queue::*;
// The handler files (`buffers`, `commands`, `fences`, `queue`) share these through `use super::*`.
use super::buffer::{Allocator, Buffer};
use super::buffer_view::BufferView;
use super::command_buffer::{BufferRef, Command, CommandBuffer, TableEntry, Workgroups};
use super::device::Device;
use super::element_type::ElementType;
use super::executable::ExecutableObject;
use super::fence::{status, Fence, FenceState};
use super::file::File;
use crate::vm::native::in_export;
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

    #[cfg(feature = "internals")]
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
        handler(self, &mut Args::new(args), results).map_err(|e| in_export(&format!("hal.{}", f.name), e))
    }
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
