//! Linking programs to host modules: dependency versions, import names and calling
//! conventions are checked when a program is registered, with errors that say what was
//! found and what the program wants; host calls may suspend the invocation and resume it;
//! a failing host call leaves the context usable.

use crate::Test;
use weft_test_support as support;

use rt_core::vm::{BytecodeModule, Context, HostFlow, NativeFunction, NativeModule, Value};
use rt_core::vm::context::Poll;
use rt_core::{Error, ErrorKind};

/// A host module with a fixed name, version and function list; `twice` doubles its argument,
/// suspending first when asked to, and fails on negative input.
struct Host {
    name: &'static str,
    version: u32,
    functions: &'static [NativeFunction],
    suspend_next: bool,
    suspend_each_call: bool,
}

impl Host {
    fn custom(functions: &'static [NativeFunction]) -> Host {
        Host { name: "custom", version: 0, functions, suspend_next: false, suspend_each_call: false }
    }
}

impl NativeModule for Host {
    fn name(&self) -> &str {
        self.name
    }
    fn version(&self) -> u32 {
        self.version
    }
    fn functions(&self) -> &[NativeFunction] {
        self.functions
    }
    fn call(&mut self, _ordinal: usize, args: &[Value], results: &mut Vec<Value>) -> Result<HostFlow, Error> {
        if self.suspend_each_call && !self.suspend_next {
            self.suspend_next = true;
            return Ok(HostFlow::Yield);
        }
        self.suspend_next = false;
        match args {
            [Value::I32(x)] if *x >= 0 => {
                results.push(Value::I32(x * 2));
                Ok(HostFlow::Done)
            }
            _ => Err(Error::invalid_argument("custom.twice: negative input")),
        }
    }
}

const TWICE: &[NativeFunction] = &[NativeFunction { name: "twice", cconv: "0i_i" }];

fn program() -> std::rc::Rc<BytecodeModule> {
    BytecodeModule::load(support::fixture("linking", "host_import.vmvx").bytes()).unwrap()
}

fn link_error(ctx: &mut Context, module: std::rc::Rc<BytecodeModule>) -> String {
    match ctx.register_bytecode(module) {
        Ok(()) => panic!("linking should fail"),
        Err(e) => {
            assert!(matches!(e.kind(), ErrorKind::Link(_)), "{e}");
            e.to_string()
        }
    }
}

fn missing_module_is_named_with_the_version_wanted() {
    let message = link_error(&mut Context::new(), program());
    assert!(message.contains("requires module 'custom' (version >= 0), which is not registered"), "{message}");
}

fn old_hal_version_is_refused() {
    let mut ctx = Context::new();
    let hal = Host { name: "hal", version: 6, functions: &[], suspend_next: false, suspend_each_call: false };
    ctx.register_native(Box::new(hal)).unwrap();
    let tensor_program = BytecodeModule::load(support::fixture("smoke", "tensor_abs.vmvx").bytes()).unwrap();
    let message = link_error(&mut ctx, tensor_program);
    assert!(message.contains("module 'hal' version 6 found, program 'module' requires >= 7"), "{message}");
}

fn every_unresolved_import_is_listed_once() {
    let mut ctx = Context::new();
    let hal = Host { name: "hal", version: 7, functions: &[], suspend_next: false, suspend_each_call: false };
    ctx.register_native(Box::new(hal)).unwrap();
    let tensor_program = BytecodeModule::load(support::fixture("smoke", "tensor_abs.vmvx").bytes()).unwrap();
    let imports = tensor_program.imports.len();
    let message = link_error(&mut ctx, tensor_program);
    assert!(message.contains(&format!("{imports} unresolved import(s)")), "{message}");
    assert!(message.contains("hal.fence.await (not exported by module 'hal')"), "{message}");
}

fn calling_convention_mismatch_is_named() {
    let mut ctx = Context::new();
    const WRONG: &[NativeFunction] = &[NativeFunction { name: "twice", cconv: "0I_I" }];
    ctx.register_native(Box::new(Host::custom(WRONG))).unwrap();
    let message = link_error(&mut ctx, program());
    assert!(message.contains("custom.twice has calling convention '0I_I' but the program expects '0i_i'"), "{message}");
}

fn host_calls_suspend_and_resume() {
    let mut ctx = Context::new();
    let mut host = Host::custom(TWICE);
    host.suspend_each_call = true;
    ctx.register_native(Box::new(host)).unwrap();
    ctx.register_bytecode(program()).unwrap();
    let f = ctx.lookup("quadruple").unwrap();
    ctx.begin(f, vec![Value::I32(5)]).unwrap();
    let mut pending = 0;
    let results = loop {
        match ctx.resume().unwrap() {
            Poll::Pending => pending += 1,
            Poll::Ready(results) => break results,
        }
    };
    // Each of the two host calls suspends once before completing.
    assert_eq!(pending, 2);
    assert_eq!(results, vec![Value::I32(20)]);
}

fn a_failing_host_call_leaves_the_context_usable() {
    let mut ctx = Context::new();
    ctx.register_native(Box::new(Host::custom(TWICE))).unwrap();
    ctx.register_bytecode(program()).unwrap();
    let f = ctx.lookup("quadruple").unwrap();
    let err = ctx.call(f, vec![Value::I32(-1)]).unwrap_err();
    assert!(err.to_string().contains("custom.twice: negative input"), "{err}");
    assert_eq!(ctx.call(f, vec![Value::I32(3)]).unwrap(), vec![Value::I32(12)]);
    let err = ctx.lookup("nope").unwrap_err().to_string();
    assert!(err.contains("function 'nope' not found in module 'module'; it exports: quadruple"), "{err}");
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("missing_module_is_named_with_the_version_wanted", missing_module_is_named_with_the_version_wanted),
    ("old_hal_version_is_refused", old_hal_version_is_refused),
    ("every_unresolved_import_is_listed_once", every_unresolved_import_is_listed_once),
    ("calling_convention_mismatch_is_named", calling_convention_mismatch_is_named),
    ("host_calls_suspend_and_resume", host_calls_suspend_and_resume),
    ("a_failing_host_call_leaves_the_context_usable", a_failing_host_call_leaves_the_context_usable),
];
