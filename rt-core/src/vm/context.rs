//! A context links bytecode modules to the host modules they import and runs their calls.
//!
//! Modules are registered in dependency order: host modules first, then programs. A program
//! is linked when it is registered: its dependencies must be present at their minimum
//! versions, every required import must exist with the same calling convention (all missing
//! ones are listed in one error), and its `__init` runs once. Calls run on one reusable stack;
//! a failed call leaves the context ready for the next.

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::bytecode_module::{BytecodeModule, FunctionInfo};
use super::exec::{Exit, Stack};
use super::native::NativeModule;
use super::value::{Ref, Value};
use crate::cconv::{Param, ValueType};
use crate::{Error, ErrorKind, Result};

// The most global storage one program may declare. Real programs keep a few scalars and one
// ref per device, executable, buffer or parameter they hold; a count beyond these comes from a
// corrupt or hostile file, and reserving it would take memory every program shares.
/// Bytes of scalar globals a program may declare.
pub const MAX_GLOBAL_BYTES: usize = 64 << 20;
/// Ref globals a program may declare.
pub const MAX_GLOBAL_REFS: usize = 1 << 20;

/// `count` globals set to `zero`. The count comes from the file, so too many, or more than the
/// allocator gives, is an error naming the module rather than an abort.
fn zeroed_globals<T: Clone>(module: &str, count: usize, limit: usize, what: &str, zero: T) -> Result<Vec<T>> {
    let refuse = |why: String| {
        Error::new(ErrorKind::OutOfMemory(format!("module '{module}' declares {count} {what} globals; {why}")))
    };
    if count > limit {
        return Err(refuse(format!("a program may declare at most {limit}")));
    }
    let mut globals = Vec::new();
    globals.try_reserve_exact(count).map_err(|_| refuse("the runtime's memory cannot hold them".into()))?;
    globals.resize(count, zero);
    Ok(globals)
}

/// Where an import of a program goes: a function of a host module.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ImportTarget {
    pub instance: usize,
    pub function: usize,
}

/// A program registered in a context, with its mutable state.
pub(crate) struct BytecodeInstance {
    pub module: Rc<BytecodeModule>,
    pub globals: Vec<u8>,
    pub global_refs: Vec<Option<Ref>>,
    /// Per import: its target, or `None` for an optional import nobody provides.
    pub imports: Vec<Option<ImportTarget>>,
}

pub(crate) enum Instance {
    Bytecode(BytecodeInstance),
    Native(Box<dyn NativeModule>),
}

impl Instance {
    fn name(&self) -> &str {
        match self {
            Instance::Bytecode(b) => &b.module.name,
            Instance::Native(n) => n.name(),
        }
    }

    fn version(&self) -> u32 {
        match self {
            Instance::Bytecode(b) => b.module.version,
            Instance::Native(n) => n.version(),
        }
    }
}

/// A function of a registered program, found with `Context::lookup`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    instance: usize,
    ordinal: usize,
}

/// Progress of a call started with `Context::begin`.
#[derive(Debug)]
pub enum Poll {
    Ready(Vec<Value>),
    /// The program yielded; call `resume` to continue it.
    Pending,
}

#[derive(Default)]
pub struct Context {
    instances: Vec<Instance>,
    stack: Stack,
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.instances.iter().rposition(|i| i.name() == name)
    }

    /// Registers a host module. Its name must not be taken.
    pub fn register_native(&mut self, module: Box<dyn NativeModule>) -> Result<()> {
        if self.find(module.name()).is_some() {
            return Err(Error::link(format!("a module named '{}' is already registered", module.name())));
        }
        self.instances.push(Instance::Native(module));
        Ok(())
    }

    /// Links a program against the registered modules and runs its `__init`.
    pub fn register_bytecode(&mut self, module: Rc<BytecodeModule>) -> Result<()> {
        if !self.stack.is_idle() {
            return Err(Error::link("cannot register a module while a call is suspended"));
        }
        if self.find(&module.name).is_some() {
            return Err(Error::link(format!("a module named '{}' is already registered", module.name)));
        }
        self.check_dependencies(&module)?;
        let imports = self.resolve_imports(&module)?;
        let globals = zeroed_globals(&module.name, module.global_bytes, MAX_GLOBAL_BYTES, "bytes of", 0u8)?;
        let global_refs = zeroed_globals(&module.name, module.global_refs, MAX_GLOBAL_REFS, "ref", None)?;
        let instance = BytecodeInstance { globals, global_refs, imports, module: module.clone() };
        self.instances.push(Instance::Bytecode(instance));
        if let Some(init) = module.export("__init") {
            let f = Function { instance: self.instances.len() - 1, ordinal: init };
            if let Err(e) = self.call(f, Vec::new()) {
                self.instances.pop();
                return Err(e);
            }
        }
        Ok(())
    }

    /// Removes the program called `name`, dropping its globals and everything they hold
    /// (buffers, executables). Host modules stay. Handles from `lookup` taken before are stale.
    pub fn unregister(&mut self, name: &str) -> Result<()> {
        if !self.stack.is_idle() {
            return Err(Error::invalid_argument("cannot unload a program while a call is suspended"));
        }
        let index = match self.find(name).map(|i| (i, &self.instances[i])) {
            Some((i, Instance::Bytecode(_))) => i,
            Some((_, Instance::Native(_))) => {
                return Err(Error::invalid_argument(format!("'{name}' is a host module, not a program; only programs unload")))
            }
            None => return Err(Error::invalid_argument(format!("no program named '{name}' is loaded"))),
        };
        self.instances.remove(index);
        // Instances after it moved down one place; so did the imports that point at them.
        for instance in &mut self.instances {
            if let Instance::Bytecode(b) = instance {
                for target in b.imports.iter_mut().flatten() {
                    if target.instance > index {
                        target.instance -= 1;
                    }
                }
            }
        }
        Ok(())
    }

    fn check_dependencies(&self, module: &BytecodeModule) -> Result<()> {
        for dep in &module.dependencies {
            match self.find(&dep.name) {
                Some(i) if self.instances[i].version() < dep.minimum_version => {
                    return Err(Error::link(format!(
                        "module '{}' version {} found, program '{}' requires >= {}",
                        dep.name,
                        self.instances[i].version(),
                        module.name,
                        dep.minimum_version
                    )));
                }
                None if !dep.optional => {
                    return Err(Error::link(format!(
                        "program '{}' requires module '{}' (version >= {}), which is not registered",
                        module.name, dep.name, dep.minimum_version
                    )));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn resolve_imports(&self, module: &BytecodeModule) -> Result<Vec<Option<ImportTarget>>> {
        let mut missing = Vec::new();
        let mut targets = Vec::with_capacity(module.imports.len());
        for import in &module.imports {
            let (module_name, function_name) = import.full_name.split_once('.').unwrap_or(("", &import.full_name));
            let target = match self.find(module_name).map(|i| (i, &self.instances[i])) {
                Some((i, Instance::Native(host))) => {
                    match host.functions().iter().position(|f| f.name == function_name) {
                        Some(ordinal) if host.functions()[ordinal].cconv == import.cconv_text => {
                            Some(ImportTarget { instance: i, function: ordinal })
                        }
                        Some(ordinal) => {
                            missing.push(format!(
                                "{} has calling convention '{}' but the program expects '{}'",
                                import.full_name,
                                host.functions()[ordinal].cconv,
                                import.cconv_text
                            ));
                            None
                        }
                        None => {
                            if !import.optional {
                                missing.push(format!("{} (not exported by module '{module_name}')", import.full_name));
                            }
                            None
                        }
                    }
                }
                Some((_, Instance::Bytecode(_))) => {
                    missing.push(format!(
                        "{} (module '{module_name}' is a bytecode module; programs may import host modules only)",
                        import.full_name
                    ));
                    None
                }
                None => {
                    if !import.optional {
                        missing.push(format!("{} (no module '{module_name}' is registered)", import.full_name));
                    }
                    None
                }
            };
            targets.push(target);
        }
        if !missing.is_empty() {
            return Err(Error::link(format!(
                "program '{}' has {} unresolved import(s): {}",
                module.name,
                missing.len(),
                missing.join("; ")
            )));
        }
        Ok(targets)
    }

    /// Finds an exported function: `module.name` in the program called `module`, or `name`
    /// in the most recently registered program.
    pub fn lookup(&self, name: &str) -> Result<Function> {
        let programs = || {
            self.instances.iter().enumerate().rev().filter_map(|(i, inst)| match inst {
                Instance::Bytecode(b) => Some((i, b)),
                Instance::Native(_) => None,
            })
        };
        let named = name.split_once('.').and_then(|(m, f)| programs().find(|(_, p)| p.module.name == m).map(|p| (p, f)));
        let ((instance, program), local) = match named {
            Some(found) => found,
            None => match programs().next() {
                Some(last) => (last, name),
                None => return Err(Error::not_found(format!("function '{name}' not found: no program is registered"))),
            },
        };
        if let Some(ordinal) = program.module.export(local) {
            return Ok(Function { instance, ordinal });
        }
        let exports: Vec<&str> =
            program.module.exports.iter().map(|(n, _)| n.as_str()).filter(|n| !n.starts_with("__")).collect();
        Err(Error::not_found(format!(
            "function '{local}' not found in module '{}'; it exports: {}",
            program.module.name,
            exports.join(", ")
        )))
    }

    /// The loaded function's description (name, calling convention, reflection attributes).
    pub fn info(&self, f: Function) -> &FunctionInfo {
        &self.program(f).module.functions[f.ordinal]
    }

    fn program(&self, f: Function) -> &BytecodeInstance {
        match &self.instances[f.instance] {
            Instance::Bytecode(b) => b,
            Instance::Native(_) => unreachable!("functions name bytecode instances"),
        }
    }

    /// Calls `f` and runs it to completion, continuing through yields.
    pub fn call(&mut self, f: Function, args: Vec<Value>) -> Result<Vec<Value>> {
        self.begin(f, args)?;
        loop {
            if let Poll::Ready(results) = self.resume()? {
                return Ok(results);
            }
        }
    }

    /// Starts a call without running it; `resume` runs it until it returns or yields.
    pub fn begin(&mut self, f: Function, args: Vec<Value>) -> Result<()> {
        if !self.stack.is_idle() {
            return Err(Error::invalid_argument("another call is still suspended in this context"));
        }
        check_arguments(self.info(f), &args)?;
        self.stack.enter(&self.instances, f.instance, f.ordinal, args)
    }

    pub fn resume(&mut self) -> Result<Poll> {
        if self.stack.is_idle() {
            return Err(Error::invalid_argument("no call is in progress"));
        }
        match self.stack.run(&mut self.instances)? {
            Exit::Returned(values) => Ok(Poll::Ready(values)),
            Exit::Yielded => Ok(Poll::Pending),
        }
    }

    /// Abandons a suspended call, releasing what it held.
    pub fn cancel(&mut self) {
        self.stack.reset();
    }
}

/// Arguments must match the function's calling convention in count and type.
fn check_arguments(info: &FunctionInfo, args: &[Value]) -> Result<()> {
    let Some(cconv) = &info.cconv else {
        return Err(Error::invalid_argument(format!("function '{}' has no calling convention to call it with", info.name)));
    };
    // The common case, checked without allocating; the messages below are for mismatches.
    let fits = cconv.args.len() == args.len()
        && cconv.args.iter().zip(args).all(|(p, a)| matches!(p, Param::Scalar(t) if t.code() == a.cconv_char()));
    if fits {
        return Ok(());
    }
    let expected: Vec<ValueType> = cconv
        .args
        .iter()
        .map(|p| match p {
            Param::Scalar(t) => Ok(*t),
            Param::Span(_) => Err(()),
        })
        .collect::<core::result::Result<_, ()>>()
        .map_err(|_| Error::invalid_argument(format!("function '{}' takes variadic arguments, which callers cannot pass", info.name)))?;
    let describe = |types: &[ValueType]| types.iter().map(|t| format!("{t}")).collect::<Vec<String>>().join(", ");
    if args.len() != expected.len() {
        return Err(Error::invalid_argument(format!(
            "function '{}' takes {} argument(s) ({}), but {} were given",
            info.name,
            expected.len(),
            describe(&expected),
            args.len()
        )));
    }
    for (i, (arg, ty)) in args.iter().zip(&expected).enumerate() {
        if arg.cconv_char() != ty.code() {
            return Err(Error::invalid_argument(format!(
                "argument {i} of function '{}' must be {ty}, but {} was given",
                info.name,
                value_kind(arg)
            )));
        }
    }
    Ok(())
}

fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::I32(_) => "i32",
        Value::I64(_) => "i64",
        Value::F32(_) => "f32",
        Value::F64(_) => "f64",
        Value::Ref(_) => "ref",
    }
}
