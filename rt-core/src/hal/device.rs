//! The synchronous device: one heap, the executable loaders it was given, and a queue that
//! runs each submission to completion before returning, then signals its fence. On the CPU it
//! is `local-sync`; the WebGPU device is the same with a loader whose dispatches run on the GPU.

use alloc::boxed::Box;
use alloc::string::ToString;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::any::Any;
use core::cell::RefCell;

use super::buffer::{self, Allocator, Buffer};
use super::command_buffer::{CommandBuffer, TableEntry};
use super::executable::{unsupported_format, Executable, ExecutableLoader};
use super::fence::Fence;
use super::file::File;
use crate::vm::Object;
use crate::Result;

pub struct Device {
    id: String,
    allocator: Rc<Allocator>,
    loaders: Vec<Box<dyn ExecutableLoader>>,
    /// Executable formats programs asked about, and whether a loader supports each: when a
    /// program gives up because none is supported, this says why.
    format_queries: RefCell<Vec<(String, bool)>>,
}

impl Object for Device {
    fn type_name(&self) -> &'static str {
        "hal.device"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Device {
    /// A device named `local-sync` (what `hal.device.id` patterns such as `local*` match).
    pub fn new(allocator: Rc<Allocator>, loaders: Vec<Box<dyn ExecutableLoader>>) -> Device {
        Device::with_id("local-sync", allocator, loaders)
    }

    /// A device answering `hal.device.id` queries as `id`.
    pub fn with_id(id: &str, allocator: Rc<Allocator>, loaders: Vec<Box<dyn ExecutableLoader>>) -> Device {
        Device { id: String::from(id), allocator, loaders, format_queries: RefCell::new(Vec::new()) }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn allocator(&self) -> &Rc<Allocator> {
        &self.allocator
    }

    /// `hal.device.query.i64`: `Some(value)` for a key this device knows, `None` otherwise.
    pub fn query_i64(&self, category: &str, key: &str) -> Option<i64> {
        match (category, key) {
            ("hal.device.id", pattern) => Some(match_pattern(&self.id, pattern) as i64),
            ("hal.executable.format", format) => {
                let supported = self.loaders.iter().any(|l| l.supports(format));
                self.format_queries.borrow_mut().push((String::from(format), supported));
                Some(supported as i64)
            }
            ("hal.device", "concurrency") | ("hal.dispatch", "concurrency") => Some(1),
            _ => None,
        }
    }

    /// Takes the record of `hal.executable.format` queries made since the last call.
    pub fn take_format_queries(&self) -> Vec<(String, bool)> {
        core::mem::take(&mut *self.format_queries.borrow_mut())
    }

    /// Formats every loader accepts, for error messages.
    pub fn formats(&self) -> Vec<&str> {
        self.loaders.iter().flat_map(|l| l.formats().iter().copied()).collect()
    }

    pub fn create_executable(&self, format: &str, data: &[u8], constants: &[u32]) -> Result<Rc<dyn Executable>> {
        match self.loaders.iter().find(|l| l.supports(format)) {
            Some(loader) => loader.load(format, data, constants),
            None => Err(unsupported_format(format, &self.formats())),
        }
    }

    /// Runs `work` once `wait` is reached, then signals `signal` (or fails it on error).
    pub(crate) fn submit<T>(&self, operation: &str, wait: Option<&Fence>, signal: Option<&Fence>, work: impl FnOnce() -> Result<T>) -> Result<T> {
        if let Err(e) = Fence::check_reached(wait, operation) {
            if let Some(f) = signal {
                f.fail(super::fence::status::ABORTED, e.to_string());
            }
            return Err(e);
        }
        match work() {
            Ok(v) => {
                if let Some(f) = signal {
                    f.signal();
                }
                Ok(v)
            }
            Err(e) => {
                if let Some(f) = signal {
                    f.fail(super::fence::status::ABORTED, e.to_string());
                }
                Err(e)
            }
        }
    }

    pub fn queue_alloca(&self, wait: Option<&Fence>, signal: Option<&Fence>, memory_types: u32, usage: u32, size: u64) -> Result<Rc<Buffer>> {
        self.submit("hal.device.queue.alloca", wait, signal, || self.allocator.allocate(size, memory_types, usage))
    }

    /// The memory returns to the heap when the last reference to the buffer goes.
    pub fn queue_dealloca(&self, wait: Option<&Fence>, signal: Option<&Fence>, _buffer: &Buffer) -> Result<()> {
        self.submit("hal.device.queue.dealloca", wait, signal, || Ok(()))
    }

    pub fn queue_barrier(&self, wait: Option<&Fence>, signal: Option<&Fence>) -> Result<()> {
        self.submit("hal.device.queue.barrier", wait, signal, || Ok(()))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn queue_fill(&self, wait: Option<&Fence>, signal: Option<&Fence>, target: &Buffer, offset: u64, length: u64, pattern: u64, pattern_length: usize) -> Result<()> {
        self.submit("hal.device.queue.fill", wait, signal, || target.fill(offset, length, pattern, pattern_length))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn queue_copy(&self, wait: Option<&Fence>, signal: Option<&Fence>, source: &Buffer, source_offset: u64, target: &Buffer, target_offset: u64, length: u64) -> Result<()> {
        self.submit("hal.device.queue.copy", wait, signal, || buffer::copy(source, source_offset, target, target_offset, length))
    }

    pub fn queue_update(&self, wait: Option<&Fence>, signal: Option<&Fence>, data: &[u8], target: &Buffer, target_offset: u64) -> Result<()> {
        self.submit("hal.device.queue.update", wait, signal, || target.write(target_offset, data))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn queue_read(&self, wait: Option<&Fence>, signal: Option<&Fence>, source: &File, source_offset: u64, target: &Buffer, target_offset: u64, length: u64) -> Result<()> {
        self.submit("hal.device.queue.read", wait, signal, || {
            let range = target.block_range(target_offset, length, &"queue read target")?;
            let mut bytes = target.block().borrow_mut();
            source.read(source_offset, &mut bytes[range])
        })
    }

    pub fn queue_execute(&self, wait: Option<&Fence>, signal: Option<&Fence>, command_buffer: &CommandBuffer, table: &[TableEntry]) -> Result<()> {
        self.submit("hal.device.queue.execute", wait, signal, || command_buffer.execute(table))
    }
}

/// IREE's device-id pattern match: `*` any run of characters, `?` any one character.
pub fn match_pattern(value: &str, pattern: &str) -> bool {
    fn go(v: &[u8], p: &[u8]) -> bool {
        match p.split_first() {
            None => v.is_empty(),
            Some((b'*', rest)) => (0..=v.len()).any(|i| go(&v[i..], rest)),
            Some((b'?', rest)) => !v.is_empty() && go(&v[1..], rest),
            Some((c, rest)) => v.first() == Some(c) && go(&v[1..], rest),
        }
    }
    go(value.as_bytes(), pattern.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(match_pattern("local-sync", "local*"));
        assert!(match_pattern("local-sync", "*sync"));
        assert!(match_pattern("local-sync", "local-syn?"));
        assert!(!match_pattern("local-sync", "vulkan*"));
        assert!(!match_pattern("local-sync", "local"));
    }

    #[test]
    fn queries_and_formats() {
        let d = Device::new(Allocator::new(None), alloc::vec![Box::new(super::super::vmvx_loader::VmvxLoader::new())]);
        assert_eq!(d.query_i64("hal.device.id", "local*"), Some(1));
        assert_eq!(d.query_i64("hal.executable.format", "vmvx-bytecode-fb"), Some(1));
        assert_eq!(d.query_i64("hal.executable.format", "embedded-elf-x86_64"), Some(0));
        assert_eq!(d.query_i64("hal.device", "concurrency"), Some(1));
        assert_eq!(d.query_i64("hal.device", "nonsense"), None);
        let err = d.create_executable("embedded-elf-x86_64", &[], &[]).err().unwrap().to_string();
        assert!(err.contains("'embedded-elf-x86_64' is not supported") && err.contains("vmvx-bytecode-fb"), "{err}");
    }
}
