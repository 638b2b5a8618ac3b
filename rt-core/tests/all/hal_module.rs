//! The `hal` module's exports called directly with VM values: the ones no test program calls
//! (or only calls where the reference runtime crashes), and the error paths of the rest.
//! The export table itself is compared with the reference runtime's `hal` module.

use crate::Test;
use weft_test_support as support;

use std::cell::RefCell;
use std::rc::Rc;

use rt_core::hal::buffer::{Allocator, Buffer};
use rt_core::hal::buffer_view::BufferView;
use rt_core::hal::command_buffer::CommandBuffer;
use rt_core::hal::device::Device;
use rt_core::hal::executable::{Dispatch, Executable, ExecutableObject};
use rt_core::hal::fence::Fence;
use rt_core::hal::module::{HalModule, FUNCTIONS, VERSION};
use rt_core::hal::vmvx_loader::VmvxLoader;
use rt_core::hal::ElementType;
use rt_core::vm::{NativeModule, Object, Ref, Value, VmBuffer};

struct Hal {
    module: HalModule,
    device: Rc<Device>,
}

fn obj<T: Object>(o: &Rc<T>) -> Value {
    Value::Ref(Some(Ref::Object(o.clone())))
}

fn text(s: &str) -> Value {
    Value::Ref(Some(Ref::Buffer(Rc::new(VmBuffer::from_bytes(s.as_bytes()).unwrap()))))
}

const NULL: Value = Value::Ref(None);

fn get<T: Object>(v: &Value) -> Rc<T> {
    match v {
        Value::Ref(Some(Ref::Object(o))) => (o.clone() as Rc<dyn std::any::Any>).downcast::<T>().ok().expect("wrong object type"),
        other => panic!("not an object: {other:?}"),
    }
}

impl Hal {
    fn new() -> Hal {
        let device = Rc::new(Device::new(Allocator::new(None), vec![Box::new(VmvxLoader::new())]));
        Hal { module: HalModule::new(device.clone()), device }
    }

    fn call(&mut self, name: &str, args: Vec<Value>) -> rt_core::Result<Vec<Value>> {
        let ordinal = FUNCTIONS.iter().position(|f| f.name == name).unwrap_or_else(|| panic!("no export {name}"));
        let mut out = Vec::new();
        self.module.call(ordinal, &args, &mut out)?;
        Ok(out)
    }

    fn ok(&mut self, name: &str, args: Vec<Value>) -> Vec<Value> {
        self.call(name, args).unwrap_or_else(|e| panic!("hal.{name}: {e}"))
    }

    fn err(&mut self, name: &str, args: Vec<Value>) -> String {
        match self.call(name, args) {
            Ok(v) => panic!("hal.{name} succeeded with {v:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn dev(&self) -> Value {
        obj(&self.device)
    }

    fn buffer(&mut self, bytes: &[u8]) -> Rc<Buffer> {
        let b = self.device.allocator().allocate(bytes.len() as u64, 0, 0).unwrap();
        b.write(0, bytes).unwrap();
        b
    }

    fn fence(&mut self) -> Rc<Fence> {
        let d = self.dev();
        get(&self.ok("fence.create", vec![d, Value::I64(0)])[0])
    }
}

fn has(message: &str, parts: &[&str]) {
    for p in parts {
        assert!(message.contains(p), "`{p}` missing from: {message}");
    }
}

fn the_export_table_is_the_reference_runtimes() {
    let python = support::repo_root().join(".venv/bin/python");
    let out = std::process::Command::new(&python)
        .args(["-c", "import iree.runtime as rt\ni=rt.VmInstance(); m=rt.create_hal_module(i, rt.get_device('local-sync'))\nprint(m.version)\nfor n in m.function_names: print(n, repr(m.lookup_function(n)).split('(')[1].split(')')[0])"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; {}", python.display(), support::REBUILD));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap().parse::<u32>().unwrap(), VERSION);
    let reference: Vec<(String, String)> = lines.map(|l| { let (n, c) = l.split_once(' ').unwrap(); (n.to_string(), c.to_string()) }).collect();
    let ours: Vec<(String, String)> = FUNCTIONS.iter().map(|f| (f.name.to_string(), f.cconv.to_string())).collect();
    assert_eq!(ours, reference);
    assert_eq!(ours.len(), 60);
}

fn buffers_store_load_subspan_and_allocation_queries() {
    let mut h = Hal::new();
    let d = h.dev();
    let alloc = h.ok("device.allocator", vec![d])[0].clone();
    let b = h.ok("allocator.allocate", vec![alloc.clone(), Value::I64(-1), Value::I32(0x56), Value::I32(3075), Value::I64(16)])[0].clone();
    assert_eq!(h.ok("buffer.length", vec![b.clone()]), vec![Value::I64(16)]);
    h.ok("buffer.store", vec![Value::I32(0x01020304), b.clone(), Value::I64(4), Value::I32(4)]);
    h.ok("buffer.store", vec![Value::I32(-1), b.clone(), Value::I64(9), Value::I32(1)]);
    assert_eq!(h.ok("buffer.load", vec![b.clone(), Value::I64(4), Value::I32(4)]), vec![Value::I32(0x01020304)]);
    assert_eq!(h.ok("buffer.load", vec![b.clone(), Value::I64(8), Value::I32(2)]), vec![Value::I32(0xFF00)]);
    let e = h.err("buffer.load", vec![b.clone(), Value::I64(14), Value::I32(4)]);
    has(&e, &["hal.buffer.load", "offset 14 + length 4 exceeds the buffer length 16"]);
    has(&h.err("buffer.store", vec![Value::I32(0), b.clone(), Value::I64(0), Value::I32(8)]), &["store length byte count 8 exceeds max"]);
    let s = h.ok("buffer.subspan", vec![b.clone(), Value::I64(4), Value::I64(8)])[0].clone();
    assert_eq!(h.ok("buffer.length", vec![s.clone()]), vec![Value::I64(8)]);
    assert_eq!(h.ok("buffer.load", vec![s.clone(), Value::I64(0), Value::I32(4)]), vec![Value::I32(0x01020304)]);
    has(&h.err("buffer.subspan", vec![b.clone(), Value::I64(12), Value::I64(8)]), &["offset 12 + length 8 exceeds the buffer length 16"]);
    // `b` shares its allocation with the subspan `s`: neither is terminal.
    h.ok("buffer.allocation.preserve", vec![b.clone()]);
    assert_eq!(h.ok("buffer.allocation.is_terminal", vec![b.clone()]), vec![Value::I32(0)]);
    let t = h.ok("allocator.allocate", vec![alloc.clone(), Value::I64(-1), Value::I32(0), Value::I32(0), Value::I64(4)])[0].clone();
    assert_eq!(h.ok("buffer.allocation.is_terminal", vec![t.clone()]), vec![Value::I32(1)]);
    assert_eq!(h.ok("buffer.allocation.discard", vec![t.clone()]), vec![Value::I32(1)]);
    let extra = t.clone();
    assert_eq!(h.ok("buffer.allocation.is_terminal", vec![t.clone()]), vec![Value::I32(0)]);
    drop((extra, t));
    // Wrong argument types name the argument and the expected type.
    has(&h.err("buffer.length", vec![alloc.clone()]), &["argument 0 must be !hal.buffer, got !hal.allocator"]);
    has(&h.err("buffer.length", vec![NULL]), &["argument 0 must be !hal.buffer, got null"]);
    assert_eq!(h.device.allocator().bytes_in_use(), 16);
    drop((b, s));
    assert_eq!(h.device.allocator().bytes_in_use(), 0);
}

fn allocator_select_and_import() {
    let mut h = Hal::new();
    let d = h.dev();
    let out = h.ok("allocator.select", vec![Value::I32(0), Value::I32(0), Value::I64(0), Value::I32(1), d.clone(), Value::I64(5)]);
    assert_eq!(out, vec![d.clone(), Value::I64(5)]);
    has(&h.err("allocator.select", vec![Value::I32(0), Value::I32(0), Value::I64(0), Value::I32(0)]), &["at least one device"]);
    let alloc = h.ok("device.allocator", vec![d])[0].clone();
    // A heap vm.buffer is imported in place: writes through the HAL buffer show in it.
    let heap = Rc::new(VmBuffer::from_bytes(&[0; 8]).unwrap());
    let vm = Value::Ref(Some(Ref::Buffer(heap.clone())));
    let b = h.ok("allocator.import", vec![alloc.clone(), Value::I32(0), Value::I64(-1), Value::I32(0), Value::I32(3), vm, Value::I64(4), Value::I64(4)])[0].clone();
    h.ok("buffer.store", vec![Value::I32(0x7f), b, Value::I64(0), Value::I32(1)]);
    assert_eq!(&heap.bytes()[..], &[0, 0, 0, 0, 0x7f, 0, 0, 0]);
    // Rodata cannot be imported: `try` gives null, otherwise an error says why.
    let file: Rc<[u8]> = Rc::from(vec![1u8, 2, 3, 4]);
    let ro = Value::Ref(Some(Ref::Buffer(Rc::new(VmBuffer::rodata(file, 0..4)))));
    let args = |is_try| vec![alloc.clone(), Value::I32(is_try), Value::I64(-1), Value::I32(0), Value::I32(3), ro.clone(), Value::I64(0), Value::I64(4)];
    assert_eq!(h.ok("allocator.import", args(1)), vec![NULL]);
    has(&h.err("allocator.import", args(0)), &["read-only rodata vm.buffer cannot be imported"]);
}

/// An executable that records what it was asked to run.
#[derive(Default)]
struct Recorder {
    names: Vec<String>,
    seen: RefCell<Vec<([u32; 3], Vec<u32>, Vec<Vec<u8>>)>>,
}

impl Executable for Recorder {
    fn format(&self) -> &str {
        "test-recorder"
    }
    fn export_names(&self) -> &[String] {
        &self.names
    }
    fn dispatch(&self, _: usize, d: &Dispatch<'_>) -> rt_core::Result<()> {
        let bindings = d.bindings.iter().map(|b| b.block.borrow()[b.offset..b.offset + b.length].to_vec()).collect();
        self.seen.borrow_mut().push((d.workgroup_count, d.constants.to_vec(), bindings));
        Ok(())
    }
}

fn command_buffers_record_once_and_replay_with_binding_tables() {
    let mut h = Hal::new();
    let d = h.dev();
    let cb = h.ok("command_buffer.create", vec![d.clone(), Value::I32(0), Value::I32(3), Value::I64(-1), Value::I32(3)])[0].clone();
    let recorder = Rc::new(Recorder { names: vec!["only".into()], ..Recorder::default() });
    let exe = Rc::new(ExecutableObject(recorder.clone()));
    let counts = h.buffer(&[2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0]);
    h.ok("command_buffer.begin_debug_group", vec![cb.clone(), text("group")]);
    // update slot 0 bytes 0..4 from a vm.buffer, fill slot 1, copy slot 0 -> slot 1.
    h.ok("command_buffer.update_buffer", vec![cb.clone(), text("abcdef"), Value::I64(1), NULL, Value::I64(0), Value::I64(4), Value::I32(0), Value::I64(0)]);
    h.ok("command_buffer.fill_buffer", vec![cb.clone(), NULL, Value::I64(0), Value::I64(-1), Value::I32(1), Value::I64(0x2E), Value::I32(1), Value::I64(0)]);
    h.ok("command_buffer.execution_barrier", vec![cb.clone(), Value::I32(28), Value::I32(13), Value::I64(0)]);
    h.ok("command_buffer.copy_buffer", vec![cb.clone(), Value::I32(0), Value::I32(1), NULL, Value::I64(1), NULL, Value::I64(2), Value::I64(2), Value::I64(0)]);
    h.ok("command_buffer.advise_buffer", vec![cb.clone(), NULL, Value::I64(0), Value::I64(0), Value::I64(0), Value::I32(0)]);
    h.ok("command_buffer.flush_buffer", vec![cb.clone(), Value::I32(1), NULL, Value::I64(0), Value::I64(-1)]);
    h.ok("command_buffer.invalidate_buffer", vec![cb.clone(), Value::I32(1), NULL, Value::I64(0), Value::I64(-1)]);
    h.ok("command_buffer.end_debug_group", vec![cb.clone()]);
    // An indirect dispatch reads its workgroup count from slot 2 when it runs; constants and a
    // direct binding.
    h.ok("command_buffer.dispatch.indirect", vec![
        cb.clone(), obj(&exe), Value::I64(0), Value::I32(2), NULL, Value::I64(0), Value::I64(0),
        Value::I32(2), Value::I32(7), Value::I32(-1),
        Value::I32(2), Value::I32(0), Value::I32(1), NULL, Value::I64(0), Value::I64(6), Value::I32(0), Value::I32(0), obj(&counts), Value::I64(8), Value::I64(4),
    ]);
    h.ok("command_buffer.dispatch", vec![
        cb.clone(), obj(&exe), Value::I64(0), Value::I32(4), Value::I32(1), Value::I32(1), Value::I64(0), Value::I32(0), Value::I32(0),
    ]);
    has(&h.err("command_buffer.dispatch", vec![cb.clone(), obj(&exe), Value::I64(1), Value::I32(1), Value::I32(1), Value::I32(1), Value::I64(0), Value::I32(0), Value::I32(0)]), &["function id 1 is not one of the executable's 1 functions"]);
    has(&h.err("command_buffer.fill_buffer", vec![cb.clone(), NULL, Value::I64(0), Value::I64(4), Value::I32(3), Value::I64(0), Value::I32(1), Value::I64(0)]), &["binding slot 3", "binding capacity of 3"]);
    // Submitting before finalize fails; finalize twice fails.
    let (a, b) = (h.buffer(&[0; 8]), h.buffer(&[0; 6]));
    let table = |a: &Rc<Buffer>, b: &Rc<Buffer>, c: &Rc<Buffer>| vec![Value::I32(3), obj(a), Value::I64(0), Value::I64(-1), obj(b), Value::I64(0), Value::I64(6), obj(c), Value::I64(0), Value::I64(12)];
    let submit = |h: &mut Hal, tbl: Vec<Value>| {
        let mut args = vec![h.dev(), Value::I64(-1), NULL, NULL, cb.clone(), Value::I64(0)];
        args.extend(tbl);
        h.call("device.queue.execute.indirect", args)
    };
    has(&submit(&mut h, table(&a, &b, &counts)).err().unwrap().to_string(), &["before hal.command_buffer.finalize"]);
    h.ok("command_buffer.finalize", vec![cb.clone()]);
    has(&h.err("command_buffer.finalize", vec![cb.clone()]), &["already finalized"]);
    has(&h.err("command_buffer.fill_buffer", vec![cb.clone(), NULL, Value::I64(0), Value::I64(4), Value::I32(0), Value::I64(0), Value::I32(1), Value::I64(0)]), &["finalized"]);
    submit(&mut h, table(&a, &b, &counts)).unwrap();
    assert_eq!(a.to_vec(), b"bcde\0\0\0\0");
    assert_eq!(b.to_vec(), b"..cd..");
    let seen = recorder.seen.borrow().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], ([2, 3, 1], vec![7, u32::MAX], vec![b"..cd..".to_vec(), vec![1, 0, 0, 0]]));
    assert_eq!(seen[1].0, [4, 1, 1]);
    // Replaying with a table that lacks slot 2 fails naming the slot.
    let short = vec![Value::I32(2), obj(&a), Value::I64(0), Value::I64(-1), obj(&b), Value::I64(0), Value::I64(6)];
    has(&submit(&mut h, short).err().unwrap().to_string(), &["binding slot 2", "has 2 entries"]);
    // A command buffer recorded without slots runs with queue.execute.
    let cb2: Rc<CommandBuffer> = get(&h.ok("command_buffer.create", vec![d.clone(), Value::I32(1), Value::I32(1), Value::I64(-1), Value::I32(0)])[0]);
    h.ok("command_buffer.fill_buffer", vec![obj(&cb2), obj(&a), Value::I64(0), Value::I64(8), Value::I32(0), Value::I64(0x0102), Value::I32(2), Value::I64(0)]);
    h.ok("command_buffer.finalize", vec![obj(&cb2)]);
    h.ok("device.queue.execute", vec![d.clone(), Value::I64(-1), NULL, NULL, obj(&cb2), Value::I64(0)]);
    assert_eq!(a.to_vec(), [2, 1, 2, 1, 2, 1, 2, 1]);
    // Unbalanced debug groups are reported.
    let cb3 = h.ok("command_buffer.create", vec![d.clone(), Value::I32(1), Value::I32(1), Value::I64(-1), Value::I32(0)])[0].clone();
    has(&h.err("command_buffer.end_debug_group", vec![cb3.clone()]), &["without a matching begin_debug_group"]);
    h.ok("command_buffer.begin_debug_group", vec![cb3.clone(), text("open")]);
    has(&h.err("command_buffer.finalize", vec![cb3]), &["1 debug group(s) still open"]);
}

fn queue_operations_wait_and_signal_fences() {
    let mut h = Hal::new();
    let d = h.dev();
    let target = h.buffer(&[0; 8]);
    let (wait, signal) = (h.fence(), h.fence());
    // Waiting on a fence nothing will signal fails at once and fails the signal fence too.
    let e = h.err("device.queue.barrier", vec![d.clone(), Value::I64(-1), obj(&wait), obj(&signal), Value::I64(0)]);
    has(&e, &["hal.device.queue.barrier", "wait fence is not signalled (semaphore at 0, waiting for 1)", "nothing will signal it"]);
    assert_eq!(h.ok("fence.query", vec![obj(&signal)]), vec![Value::I32(10)]);
    h.ok("fence.signal", vec![obj(&wait)]);
    let done = h.fence();
    h.ok("device.queue.update", vec![d.clone(), Value::I64(-1), obj(&wait), obj(&done), text("xyz"), Value::I64(1), obj(&target), Value::I64(2), Value::I64(2), Value::I64(0)]);
    assert_eq!(target.to_vec(), b"\0\0yz\0\0\0\0");
    assert_eq!(h.ok("fence.query", vec![obj(&done)]), vec![Value::I32(0)]);
    h.ok("device.queue.barrier", vec![d.clone(), Value::I64(-1), obj(&done), NULL, Value::I64(0)]);
    h.ok("device.queue.flush", vec![d.clone(), Value::I64(-1)]);
    // Files wrap read-only memory: reads work, writes are refused.
    let file = h.ok("ex.file.from_memory", vec![d.clone(), Value::I64(-1), Value::I32(1), text("0123456789"), Value::I64(2), Value::I64(6), Value::I32(0)])[0].clone();
    h.ok("device.queue.read", vec![d.clone(), Value::I64(-1), NULL, NULL, file.clone(), Value::I64(1), obj(&target), Value::I64(0), Value::I64(4), Value::I64(0)]);
    assert_eq!(&target.to_vec()[..4], b"3456");
    has(&h.err("device.queue.read", vec![d.clone(), Value::I64(-1), NULL, NULL, file.clone(), Value::I64(4), obj(&target), Value::I64(0), Value::I64(4), Value::I64(0)]), &["exceeds the file's 6 bytes"]);
    has(&h.err("device.queue.write", vec![d.clone(), Value::I64(-1), NULL, NULL, obj(&target), Value::I64(0), file, Value::I64(0), Value::I64(4), Value::I64(0)]), &["cannot write to a HAL file"]);
    has(&h.err("ex.file.from_memory", vec![d.clone(), Value::I64(-1), Value::I32(3), text("x"), Value::I64(0), Value::I64(1), Value::I32(0)]), &["only read-only memory"]);
    has(&h.err("device.queue.alloca", vec![d, Value::I64(-1), NULL, NULL, Value::I64(3), Value::I32(0), Value::I32(0), Value::I64(4), Value::I64(0)]), &["pool 3"]);
}

fn fences_await_join_and_fail() {
    let mut h = Hal::new();
    let (a, b) = (h.fence(), h.fence());
    let joined = h.ok("fence.join", vec![Value::I64(0), Value::I32(3), obj(&a), NULL, obj(&b)])[0].clone();
    assert_eq!(get::<Fence>(&joined).timepoint_count(), 2);
    assert_eq!(h.ok("fence.join", vec![Value::I64(0), Value::I32(1), NULL]), vec![NULL]);
    assert_eq!(h.ok("fence.query", vec![joined.clone()]), vec![Value::I32(17)]);
    // A finite timeout reports DEADLINE_EXCEEDED; an infinite wait fails instead of hanging.
    assert_eq!(h.ok("fence.await", vec![Value::I32(0), Value::I64(0), Value::I32(1), joined.clone()]), vec![Value::I32(4)]);
    let e = h.err("fence.await", vec![Value::I32(-1), Value::I64(0), Value::I32(2), NULL, joined.clone()]);
    has(&e, &["hal.fence.await", "waiting forever on fence 1", "nothing will"]);
    h.ok("fence.signal", vec![obj(&a)]);
    h.ok("fence.signal", vec![obj(&b)]);
    assert_eq!(h.ok("fence.await", vec![Value::I32(-1), Value::I64(0), Value::I32(1), joined.clone()]), vec![Value::I32(0)]);
    assert_eq!(h.ok("fence.await", vec![Value::I32(-1), Value::I64(0), Value::I32(0)]), vec![Value::I32(0)]);
    // A failed fence reports its status code and fails waits on it.
    let c = h.fence();
    h.ok("fence.fail", vec![obj(&c), Value::I32(10)]);
    assert_eq!(h.ok("fence.query", vec![obj(&c)]), vec![Value::I32(10)]);
    has(&h.err("fence.await", vec![Value::I32(-1), Value::I64(0), Value::I32(1), obj(&c)]), &["awaited fence 0 failed", "status code 10"]);
}

fn device_queries_and_unavailable_features() {
    let mut h = Hal::new();
    let d = h.dev();
    assert_eq!(h.ok("devices.count", vec![]), vec![Value::I32(1)]);
    assert_eq!(h.ok("devices.get", vec![Value::I32(0)]), vec![d.clone()]);
    assert_eq!(h.ok("devices.get", vec![Value::I32(1)]), vec![NULL]);
    let q = |h: &mut Hal, c: &str, k: &str| h.ok("device.query.i64", vec![h.dev(), text(c), text(k)]);
    assert_eq!(q(&mut h, "hal.device.id", "local*"), vec![Value::I32(1), Value::I64(1)]);
    assert_eq!(q(&mut h, "hal.device.id", "cuda*"), vec![Value::I32(1), Value::I64(0)]);
    assert_eq!(q(&mut h, "hal.executable.format", "vmvx-bytecode-fb"), vec![Value::I32(1), Value::I64(1)]);
    assert_eq!(q(&mut h, "hal.executable.format", "embedded-elf-x86_64"), vec![Value::I32(1), Value::I64(0)]);
    assert_eq!(q(&mut h, "hal.dispatch", "concurrency"), vec![Value::I32(1), Value::I64(1)]);
    assert_eq!(q(&mut h, "hal.device", "concurrency"), vec![Value::I32(1), Value::I64(1)]);
    assert_eq!(q(&mut h, "hal.device", "no.such.key"), vec![Value::I32(0), Value::I64(0)]);
    let e = h.err("executable.create", vec![d.clone(), Value::I64(-1), text("embedded-elf-x86_64"), text("\x7fELF"), NULL]);
    has(&e, &["executable format 'embedded-elf-x86_64' is not supported", "vmvx-bytecode-fb"]);
    let e = h.err("executable.create", vec![d.clone(), Value::I64(-1), text("vmvx-bytecode-fb"), text("not a vmfb"), NULL]);
    has(&e, &["cannot load the VMVX executable"]);
    has(&h.err("executable.create", vec![d.clone(), Value::I64(-1), text("vmvx-bytecode-fb"), text("x"), text("abc")]), &["4-byte elements but data length is 3"]);
    for (name, args) in [
        ("channel.create", vec![d.clone(), Value::I64(-1), Value::I64(0), text(""), text(""), Value::I32(0), Value::I32(1)]),
        ("channel.split", vec![NULL, Value::I32(0), Value::I32(0), Value::I64(0)]),
        ("channel.rank_and_count", vec![NULL]),
        ("command_buffer.collective", vec![NULL; 13]),
    ] {
        has(&h.err(name, args), &["collective channels are not available", "one local synchronous device"]);
    }
}

fn buffer_views_and_trace() {
    let traced: Rc<RefCell<Vec<String>>> = Rc::default();
    let sink = traced.clone();
    let device = Rc::new(Device::new(Allocator::new(None), vec![]));
    let module = HalModule::new(device.clone()).with_trace_sink(Rc::new(move |key: &str, views: &[Rc<BufferView>]| {
        sink.borrow_mut().push(rt_core::hal::buffer_view::format_trace(key, views).unwrap());
    }));
    let mut h = Hal { module, device };
    let b = h.buffer(&[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0]);
    let et = ElementType::I32.to_u32() as i32;
    let v = h.ok("buffer_view.create", vec![obj(&b), Value::I64(4), Value::I64(12), Value::I32(et), Value::I32(1), Value::I32(2), Value::I64(1), Value::I64(3)])[0].clone();
    assert_eq!(h.ok("buffer_view.rank", vec![v.clone()]), vec![Value::I32(2)]);
    assert_eq!(h.ok("buffer_view.dim", vec![v.clone(), Value::I32(1)]), vec![Value::I64(3)]);
    has(&h.err("buffer_view.dim", vec![v.clone(), Value::I32(2)]), &["dimension index 2 is out of range for a buffer view of rank 2"]);
    assert_eq!(h.ok("buffer_view.element_type", vec![v.clone()]), vec![Value::I32(et)]);
    assert_eq!(h.ok("buffer_view.encoding_type", vec![v.clone()]), vec![Value::I32(1)]);
    h.ok("buffer_view.assert", vec![v.clone(), text("input0"), Value::I32(ElementType::SI32.to_u32() as i32), Value::I32(1), Value::I32(2), Value::I64(1), Value::I64(3)]);
    let e = h.err("buffer_view.assert", vec![v.clone(), text("input0"), Value::I32(ElementType::F32.to_u32() as i32), Value::I32(1), Value::I32(2), Value::I64(1), Value::I64(3)]);
    has(&e, &["input0 element type mismatch; expected f32 (21000020) but have i32 (10000020)"]);
    let e = h.err("buffer_view.assert", vec![v.clone(), text("input0"), Value::I32(et), Value::I32(1), Value::I32(2), Value::I64(3), Value::I64(1)]);
    has(&e, &["input0 shape dimension 0 mismatch; expected 3 but have 1", "expected shape `3x1`, actual shape `1x3`"]);
    let e = h.err("buffer_view.assert", vec![v.clone(), text("input0"), Value::I32(et), Value::I32(1), Value::I32(0)]);
    has(&e, &["input0 shape rank mismatch; expected 0 (scalar) but have 2"]);
    let e = h.err("buffer.assert", vec![obj(&b), text("tensor"), obj(h.device.allocator()), Value::I64(32), Value::I32(0), Value::I32(0)]);
    has(&e, &["tensor buffer byte length 16 less than expected minimum 32"]);
    h.ok("buffer_view.trace", vec![text("key"), Value::I32(1), v.clone()]);
    assert_eq!(traced.borrow().as_slice(), ["=== key ===\n1x3xi32=[2 3 4]\n\n"]);
    let e = h.err("buffer_view.create", vec![obj(&b), Value::I64(0), Value::I64(4), Value::I32(0x7777), Value::I32(1), Value::I32(0)]);
    has(&e, &["unknown element type 0x00007777"]);
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("the_export_table_is_the_reference_runtimes", the_export_table_is_the_reference_runtimes),
    ("buffers_store_load_subspan_and_allocation_queries", buffers_store_load_subspan_and_allocation_queries),
    ("allocator_select_and_import", allocator_select_and_import),
    ("command_buffers_record_once_and_replay_with_binding_tables", command_buffers_record_once_and_replay_with_binding_tables),
    ("queue_operations_wait_and_signal_fences", queue_operations_wait_and_signal_fences),
    ("fences_await_join_and_fail", fences_await_join_and_fail),
    ("device_queries_and_unavailable_features", device_queries_and_unavailable_features),
    ("buffer_views_and_trace", buffer_views_and_trace),
];
