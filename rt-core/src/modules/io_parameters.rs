//! The `io_parameters` host module (version 0): programs whose globals are
//! `#flow.parameter.named<"scope"::"key">` read them from parameter files with it, as IREE
//! 3.13.0's module does (`runtime/src/iree/modules/io/parameters/`).
//!
//! | export    | cconv            | what                                                           |
//! |-----------|------------------|----------------------------------------------------------------|
//! | `gather`  | `0rIrrrrrrr_v`   | reads parameters into ranges of one buffer the program made    |
//! | `load`    | `0rIrrrIiirrr_r` | allocates a buffer per parameter, reads it in, returns the list |
//! | `scatter` | `0rIrrrrrrr_v`   | writes ranges of a buffer into parameters of writable files    |
//!
//! Every export takes the device, a queue affinity, a wait and a signal fence; then `load` the
//! source scope (a `vm.buffer`, null for none), the target queue affinity, memory types and
//! buffer usage; `gather` the source scope and target buffer; `scatter` the source buffer and
//! target scope; and last three `vm.buffer`s describing n operations: a key table of n
//! `{u32 offset, u32 length}` into the key data, the key data, and n spans `{u64 parameter
//! offset, u64 buffer offset, u64 length}` (n is the spans' size / 24). Keys resolve in the
//! scope's index (`params::ParameterScopes`); a range past a parameter's end is an error, a
//! shorter one reads a prefix (or a slice), as upstream.
//!
//! The device runs the batch when it is called: the wait fence must be reached already, and the
//! signal fence is signalled after the last operation or failed with the error. `load` allocates
//! each buffer with the memory types and usage it is given; the queue affinities name the one
//! queue this device has. Parameters are always read into buffers (the reference also imports a
//! mapped file's memory as the buffer, a path that ignores a span's parameter offset). Errors carry
//! the reference's status codes (`NOT_FOUND; io_parameters.load: ...`) and name the scope,
//! the key and the file.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use crate::hal::buffer::Buffer;
use crate::hal::device::Device;
use crate::hal::fence::Fence;
use crate::hal::module::args::Args;
use crate::params::{Entry, ParameterFile, ParameterIndex, ParameterScopes, Storage};
use crate::vm::list::ElementKind;
use crate::vm::native::in_export;
use crate::vm::{HostFlow, NativeFunction, NativeModule, Ref, Status, Trap, Value, VmBuffer, VmList};
use crate::{Error, ErrorKind, Result};

pub const NAME: &str = "io_parameters";
pub const VERSION: u32 = 0;

const FUNCTIONS: [NativeFunction; 3] = [
    NativeFunction { name: "gather", cconv: "0rIrrrrrrr_v" },
    NativeFunction { name: "load", cconv: "0rIrrrIiirrr_r" },
    NativeFunction { name: "scatter", cconv: "0rIrrrrrrr_v" },
];

/// The exports that read parameters, with the argument positions of their source scope and
/// of the first of their three operation buffers (key table, key data, spans), as the table
/// above lays them out: for finding what a program reads without running it.
pub(crate) const READS: [(&str, usize, usize); 2] = [("gather", 4, 6), ("load", 4, 8)];

/// The `io_parameters` module over scopes its owner keeps adding files to (a session
/// registers it and shares the scopes).
pub struct IoParametersModule {
    scopes: Rc<RefCell<ParameterScopes>>,
}

impl IoParametersModule {
    pub fn new(scopes: Rc<RefCell<ParameterScopes>>) -> IoParametersModule {
        IoParametersModule { scopes }
    }
}

#[cold]
fn trap(status: Status, message: String) -> Error {
    Error::new(ErrorKind::Trap { message: Trap::new(status, message).text(), backtrace: String::new() })
}

/// One operation of a batch: `length` bytes at `parameter_offset` of parameter `key`, and
/// `buffer_offset` in the buffer.
pub(crate) struct Operation {
    pub key: String,
    pub parameter_offset: u64,
    pub buffer_offset: u64,
    pub length: u64,
}

const SPAN_SIZE: usize = 24;
const KEY_ENTRY_SIZE: usize = 8;

/// Decodes the key table, key data and spans into operations.
pub(crate) fn operations(key_table: &VmBuffer, key_data: &VmBuffer, spans: &VmBuffer) -> Result<Vec<Operation>> {
    let (table, data, spans) = (key_table.bytes(), key_data.bytes(), spans.bytes());
    if spans.len() % SPAN_SIZE != 0 {
        return Err(trap(
            Status::InvalidArgument,
            format!("the spans buffer is {} bytes, not a whole number of {SPAN_SIZE}-byte spans", spans.len()),
        ));
    }
    let count = spans.len() / SPAN_SIZE;
    if table.len() < count * KEY_ENTRY_SIZE {
        return Err(trap(
            Status::InvalidArgument,
            format!("the key table has {} bytes, too few for the {count} keys the spans ask for", table.len()),
        ));
    }
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let u64_at = |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    (0..count)
        .map(|i| {
            let (offset, length) = (u32_at(&table, i * 8) as usize, u32_at(&table, i * 8 + 4) as usize);
            let key = offset.checked_add(length).and_then(|end| data.get(offset..end)).ok_or_else(|| {
                trap(
                    Status::OutOfRange,
                    format!("key {i} (bytes {offset}..{}) lies outside the {}-byte key data", offset as u64 + length as u64, data.len()),
                )
            })?;
            let span = i * SPAN_SIZE;
            Ok(Operation {
                key: String::from_utf8_lossy(key).into_owned(),
                parameter_offset: u64_at(&spans, span),
                buffer_offset: u64_at(&spans, span + 8),
                length: u64_at(&spans, span + 16),
            })
        })
        .collect()
}

/// `scope 'model'`, or the unnamed scope.
fn describe_scope(scope: &str) -> String {
    if scope.is_empty() {
        String::from("the unnamed scope (files given without `scope=`)")
    } else {
        format!("scope '{scope}'")
    }
}

/// The index of `scope`, or an error naming the keys the program wanted from it.
fn index<'s>(scopes: &'s ParameterScopes, scope: &str, operations: &[Operation]) -> Result<&'s ParameterIndex> {
    scopes.index(scope).ok_or_else(|| {
        let keys: Vec<String> = operations.iter().take(3).map(|o| format!("`{}`", o.key)).collect();
        let more = if operations.len() > 3 { ", ..." } else { "" };
        let registered: Vec<String> = scopes.scope_names().iter().map(|s| format!("'{s}'")).collect();
        trap(
            Status::NotFound,
            format!(
                "the program reads {}{more} from {}, but no parameter file is registered for it (registered scopes: {})",
                keys.join(", "),
                describe_scope(scope),
                if registered.is_empty() { String::from("none") } else { registered.join(", ") }
            ),
        )
    })
}

/// Whether an operation reads or writes its parameter.
#[derive(Clone, Copy, PartialEq)]
enum Access {
    Read,
    Write,
}

/// The entry and file of `operation`'s key, checked for `access` and for the range.
fn resolve<'i>(index: &'i ParameterIndex, scope: &str, operation: &Operation, access: Access) -> Result<(&'i Entry, &'i ParameterFile)> {
    let Some((entry, file)) = index.lookup(&operation.key) else {
        return Err(trap(
            Status::NotFound,
            format!("no parameter `{}` in {} (files: {})", operation.key, describe_scope(scope), index.file_names().join(", ")),
        ));
    };
    let named = || format!("parameter `{}` of '{}'", operation.key, file.name);
    if access == Access::Write {
        let why = match entry.storage {
            Storage::Splat { .. } => Some("it is a splat, which has no storage to write"),
            Storage::File { .. } if !file.source.is_writable() => Some("the file is read-only"),
            Storage::File { .. } => None,
        };
        if let Some(why) = why {
            return Err(trap(Status::PermissionDenied, format!("{} cannot be written: {why}", named())));
        }
    }
    let fits = operation.parameter_offset.checked_add(operation.length).is_some_and(|end| end <= entry.length);
    if !fits {
        return Err(trap(
            Status::OutOfRange,
            format!(
                "{} holds {} bytes, but the program {} {} bytes at offset {}",
                named(),
                entry.length,
                if access == Access::Read { "reads" } else { "writes" },
                operation.length,
                operation.parameter_offset
            ),
        ));
    }
    Ok((entry, file))
}

/// Reads `operation`'s parameter into `target` at the operation's buffer offset: straight
/// from the source into the buffer's memory, or a fill for a splat.
fn read_into(entry: &Entry, file: &ParameterFile, operation: &Operation, target: &Buffer) -> Result<()> {
    match entry.storage {
        Storage::Splat { pattern, pattern_length } => {
            let n = pattern_length as usize;
            if !matches!(n, 1 | 2 | 4) {
                return Err(trap(
                    Status::InvalidArgument,
                    format!(
                        "parameter `{}` of '{}' is a splat of a {n}-byte pattern; fills take 1, 2 or 4 bytes, as in the reference runtime",
                        operation.key, file.name
                    ),
                ));
            }
            let mut value = [0u8; 8];
            value[..n].copy_from_slice(&pattern[..n]);
            target.fill(operation.buffer_offset, operation.length, u64::from_le_bytes(value), n)
        }
        Storage::File { offset } => {
            let range = target.block_range(operation.buffer_offset, operation.length, &"parameter target")?;
            if range.is_empty() {
                return Ok(());
            }
            // Inside the entry, which is inside the file: no overflow.
            let at = offset + operation.parameter_offset;
            let mut memory = target.block().borrow_mut();
            file.source.read_at(at, &mut memory[range]).map_err(|why| {
                trap(
                    Status::DataLoss,
                    format!("reading parameter `{}` ({} bytes at offset {at} of '{}') failed: {why}", operation.key, operation.length, file.name),
                )
            })
        }
    }
}

/// Writes `source`'s range into the (writable, file-backed) parameter.
fn write_from(entry: &Entry, file: &ParameterFile, operation: &Operation, source: &Buffer) -> Result<()> {
    let Storage::File { offset } = entry.storage else {
        unreachable!("resolve refuses to write splats");
    };
    let range = source.block_range(operation.buffer_offset, operation.length, &"parameter source")?;
    let at = offset + operation.parameter_offset;
    let memory = source.block().borrow();
    file.source.write_at(at, &memory[range]).map_err(|why| {
        trap(
            Status::DataLoss,
            format!("writing parameter `{}` ({} bytes at offset {at} of '{}') failed: {why}", operation.key, operation.length, file.name),
        )
    })
}

/// The arguments every export starts with: the device and its fences.
struct Queue {
    device: Rc<Device>,
    wait: Option<Rc<Fence>>,
    signal: Option<Rc<Fence>>,
}

fn queue(a: &mut Args<'_>) -> Result<Queue> {
    let device = a.object::<Device>("hal.device")?;
    let _affinity = a.i64()?;
    Ok(Queue { device, wait: a.object_or_null::<Fence>("hal.fence")?, signal: a.object_or_null::<Fence>("hal.fence")? })
}

/// A nullable scope buffer as text (null: the unnamed scope).
fn scope(a: &mut Args<'_>) -> Result<String> {
    Ok(a.vm_buffer_or_null()?.map(|b| String::from_utf8_lossy(&b.bytes()).into_owned()).unwrap_or_default())
}

fn operations_arg(a: &mut Args<'_>) -> Result<Vec<Operation>> {
    let (table, data, spans) = (a.vm_buffer()?, a.vm_buffer()?, a.vm_buffer()?);
    operations(&table, &data, &spans)
}

impl IoParametersModule {
    fn load(&self, a: &mut Args<'_>, results: &mut Vec<Value>) -> Result<()> {
        let q = queue(a)?;
        let scope = scope(a)?;
        let _target_affinity = a.i64()?;
        let (memory_types, usage) = (a.i32()? as u32, a.i32()? as u32);
        let operations = operations_arg(a)?;
        let scopes = self.scopes.borrow();
        let index = index(&scopes, &scope, &operations)?;
        let list = VmList::new(ElementKind::Ref, operations.len()).map_err(|t| trap(t.status, t.message))?;
        q.device.submit("io_parameters.load", q.wait.as_deref(), q.signal.as_deref(), || {
            for operation in &operations {
                let (entry, file) = resolve(index, &scope, operation, Access::Read)?;
                let buffer = q.device.allocator().allocate(operation.length, memory_types, usage)?;
                read_into(entry, file, operation, &buffer)?;
                list.push(Value::Ref(Some(Ref::Object(buffer))));
            }
            Ok(())
        })?;
        results.push(Value::Ref(Some(Ref::List(Rc::new(list)))));
        Ok(())
    }

    fn gather(&self, a: &mut Args<'_>) -> Result<()> {
        let q = queue(a)?;
        let scope = scope(a)?;
        let target = a.object::<Buffer>("hal.buffer")?;
        let operations = operations_arg(a)?;
        let scopes = self.scopes.borrow();
        let index = index(&scopes, &scope, &operations)?;
        q.device.submit("io_parameters.gather", q.wait.as_deref(), q.signal.as_deref(), || {
            for operation in &operations {
                let (entry, file) = resolve(index, &scope, operation, Access::Read)?;
                read_into(entry, file, operation, &target)?;
            }
            Ok(())
        })
    }

    fn scatter(&self, a: &mut Args<'_>) -> Result<()> {
        let q = queue(a)?;
        let source = a.object::<Buffer>("hal.buffer")?;
        let scope = scope(a)?;
        let operations = operations_arg(a)?;
        let scopes = self.scopes.borrow();
        let index = index(&scopes, &scope, &operations)?;
        q.device.submit("io_parameters.scatter", q.wait.as_deref(), q.signal.as_deref(), || {
            for operation in &operations {
                let (entry, file) = resolve(index, &scope, operation, Access::Write)?;
                write_from(entry, file, operation, &source)?;
            }
            Ok(())
        })
    }
}

impl NativeModule for IoParametersModule {
    fn name(&self) -> &str {
        NAME
    }

    fn version(&self) -> u32 {
        VERSION
    }

    fn functions(&self) -> &[NativeFunction] {
        &FUNCTIONS
    }

    fn call(&mut self, ordinal: usize, args: &[Value], results: &mut Vec<Value>) -> Result<HostFlow> {
        let mut a = Args::new(args);
        let outcome = match ordinal {
            0 => self.gather(&mut a),
            1 => self.load(&mut a, results),
            2 => self.scatter(&mut a),
            _ => return Err(Error::link(format!("io_parameters has no function {ordinal}"))),
        };
        outcome.map_err(|e| in_export(&format!("{NAME}.{}", FUNCTIONS[ordinal].name), e))?;
        Ok(HostFlow::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hal::buffer::Allocator;
    use alloc::boxed::Box;
    use alloc::string::ToString;
    use alloc::vec;

    fn scopes() -> Rc<RefCell<ParameterScopes>> {
        // One safetensors file: `w` holds 8 bytes 1..=8.
        let header = br#"{"w":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}"#;
        let mut file = (header.len() as u64).to_le_bytes().to_vec();
        file.extend_from_slice(header);
        file.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let mut scopes = ParameterScopes::default();
        scopes.add_file("model", "m.safetensors", Box::new(file)).unwrap();
        Rc::new(RefCell::new(scopes))
    }

    fn vm(bytes: &[u8]) -> Value {
        Value::Ref(Some(Ref::Buffer(Rc::new(VmBuffer::from_bytes(bytes).unwrap()))))
    }

    /// `load` arguments for one key and span.
    fn load_args(device: &Rc<Device>, signal: &Rc<Fence>, scope: Option<&str>, key: &str, span: [u64; 3]) -> Vec<Value> {
        let table = [0u32.to_le_bytes(), (key.len() as u32).to_le_bytes()].concat();
        let spans: Vec<u8> = span.iter().flat_map(|v| v.to_le_bytes()).collect();
        vec![
            Value::Ref(Some(Ref::Object(device.clone()))),
            Value::I64(-1),
            Value::Ref(None),
            Value::Ref(Some(Ref::Object(signal.clone()))),
            scope.map_or(Value::Ref(None), |s| vm(s.as_bytes())),
            Value::I64(-1),
            Value::I32(0),
            Value::I32(0),
            vm(&table),
            vm(key.as_bytes()),
            vm(&spans),
        ]
    }

    fn loaded(results: &[Value]) -> Vec<u8> {
        let Some(Value::Ref(Some(Ref::List(list)))) = results.first() else { panic!("no list") };
        let Value::Ref(Some(buffer)) = list.get(0, "test").unwrap() else { panic!("no buffer") };
        buffer.object::<Buffer>().unwrap().to_vec()
    }

    #[test]
    fn load_reads_slices_and_signals() {
        let device = Rc::new(Device::new(Allocator::new(None), Vec::new()));
        let mut module = IoParametersModule::new(scopes());
        let signal = Rc::new(Fence::new_single());
        let mut results = Vec::new();
        module.call(1, &load_args(&device, &signal, Some("model"), "w", [2, 0, 4]), &mut results).unwrap();
        assert_eq!(loaded(&results), [3, 4, 5, 6]);
        assert_eq!(signal.state(), crate::hal::fence::FenceState::Reached);
    }

    #[test]
    fn errors_name_scope_key_and_file_and_fail_the_fence() {
        let device = Rc::new(Device::new(Allocator::new(None), Vec::new()));
        let mut module = IoParametersModule::new(scopes());
        let mut error = |scope: Option<&str>, key: &str, span: [u64; 3]| {
            let signal = Rc::new(Fence::new_single());
            let e = module.call(1, &load_args(&device, &signal, scope, key, span), &mut Vec::new()).unwrap_err().to_string();
            (e, signal.state())
        };
        let (e, _) = error(None, "w", [0, 0, 8]);
        assert_eq!(
            e,
            "NOT_FOUND; io_parameters.load: the program reads `w` from the unnamed scope (files given without `scope=`), but no \
             parameter file is registered for it (registered scopes: 'model')"
        );
        let (e, state) = error(Some("model"), "b", [0, 0, 8]);
        assert_eq!(e, "NOT_FOUND; io_parameters.load: no parameter `b` in scope 'model' (files: m.safetensors)");
        assert!(matches!(state, crate::hal::fence::FenceState::Failed { .. }));
        let (e, _) = error(Some("model"), "w", [4, 0, 8]);
        assert_eq!(
            e,
            "OUT_OF_RANGE; io_parameters.load: parameter `w` of 'm.safetensors' holds 8 bytes, but the program reads 8 bytes at offset 4"
        );
    }

    #[test]
    fn scatter_needs_a_writable_file() {
        let device = Rc::new(Device::new(Allocator::new(None), Vec::new()));
        let source = device.allocator().allocate(8, 0, 0).unwrap();
        let mut module = IoParametersModule::new(scopes());
        let table = [0u32.to_le_bytes(), 1u32.to_le_bytes()].concat();
        let spans: Vec<u8> = [0u64, 0, 8].iter().flat_map(|v| v.to_le_bytes()).collect();
        let args = vec![
            Value::Ref(Some(Ref::Object(device.clone()))),
            Value::I64(-1),
            Value::Ref(None),
            Value::Ref(None),
            Value::Ref(Some(Ref::Object(source))),
            vm(b"model"),
            vm(&table),
            vm(b"w"),
            vm(&spans),
        ];
        let e = module.call(2, &args, &mut Vec::new()).unwrap_err().to_string();
        assert_eq!(e, "PERMISSION_DENIED; io_parameters.scatter: parameter `w` of 'm.safetensors' cannot be written: the file is read-only");
    }

    #[test]
    fn malformed_operation_buffers() {
        let key = |table: &[u8], data: &[u8], spans: &[u8]| {
            operations(&VmBuffer::from_bytes(table).unwrap(), &VmBuffer::from_bytes(data).unwrap(), &VmBuffer::from_bytes(spans).unwrap())
                .err()
                .map(|e| e.to_string())
        };
        assert_eq!(key(&[], &[], &[0; 23]).unwrap(), "INVALID_ARGUMENT; the spans buffer is 23 bytes, not a whole number of 24-byte spans");
        assert_eq!(key(&[0; 4], &[], &[0; 24]).unwrap(), "INVALID_ARGUMENT; the key table has 4 bytes, too few for the 1 keys the spans ask for");
        let table = [2u32.to_le_bytes(), 5u32.to_le_bytes()].concat();
        assert_eq!(key(&table, b"abc", &[0; 24]).unwrap(), "OUT_OF_RANGE; key 0 (bytes 2..7) lies outside the 3-byte key data");
    }
}
