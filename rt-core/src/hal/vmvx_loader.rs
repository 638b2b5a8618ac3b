//! The VMVX executable loader (`vmvx-bytecode-fb`).
//!
//! A VMVX executable is a complete nested `.vmfb` whose exports are dispatch functions with
//! the calling convention `0rrriiiiiiiii_v`: (local memory, constants, bindings list,
//! workgroup id x/y/z, workgroup size x/y/z, workgroup count x/y/z). Each executable runs in
//! its own VM context; bindings reach it as `vm.buffer` views of the HAL buffers' blocks, so
//! kernels read and write the caller's memory in place. Executables built with microkernels
//! import the `vmvx` host module, which the loader registers in each executable's context when
//! it was given one.

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::cell::RefCell;

use super::executable::{Dispatch, Executable, ExecutableLoader};
use crate::vm::list::ElementKind;
use crate::vm::{BytecodeModule, Context, Function, NativeModule, Ref, Value, VmBuffer, VmList};
use crate::{Error, ErrorKind, Result};

pub const FORMAT: &str = "vmvx-bytecode-fb";
/// The calling convention of every dispatch function.
const DISPATCH_CCONV: &str = "0rrriiiiiiiii_v";

/// Makes a fresh instance of a host module for an executable's context (e.g. `vmvx`).
pub type HostModuleFactory = Rc<dyn Fn() -> Box<dyn NativeModule>>;

#[derive(Clone)]
pub struct VmvxLoader {
    host_modules: Vec<HostModuleFactory>,
}

impl Default for VmvxLoader {
    fn default() -> Self {
        Self::new()
    }
}

impl VmvxLoader {
    /// A loader whose executables get the `vmvx` microkernel module, which programs
    /// compiled with `--iree-vmvx-enable-microkernels` import.
    pub fn new() -> VmvxLoader {
        let microkernels: HostModuleFactory = Rc::new(|| Box::new(crate::modules::vmvx::VmvxModule::new()));
        VmvxLoader { host_modules: alloc::vec![microkernels] }
    }

    /// Adds another host module every executable's context gets.
    pub fn with_host_module(mut self, factory: HostModuleFactory) -> VmvxLoader {
        self.host_modules.push(factory);
        self
    }
}

struct Export {
    name: String,
    function: Function,
    local_memory: usize,
    binding_count: usize,
}

pub struct VmvxExecutable {
    context: RefCell<Context>,
    exports: Vec<Export>,
    names: Vec<String>,
}

impl ExecutableLoader for VmvxLoader {
    fn formats(&self) -> &[&str] {
        &[FORMAT]
    }

    fn load(&self, format: &str, data: &[u8], constants: &[u32]) -> Result<Rc<dyn Executable>> {
        if format != FORMAT {
            return Err(super::executable::unsupported_format(format, self.formats()));
        }
        if !constants.is_empty() {
            return Err(Error::invalid_argument(format!(
                "VMVX executables take no executable-level constants, but {} were given",
                constants.len()
            )));
        }
        let module = BytecodeModule::load(data.to_vec()).map_err(|e| wrap("cannot load the VMVX executable", e))?;
        let mut context = Context::new();
        let mut provided = Vec::new();
        for factory in &self.host_modules {
            let host = factory();
            provided.push(String::from(host.name()));
            context.register_native(host)?;
        }
        if let Some(dep) = module.dependencies.iter().find(|d| !d.optional && !provided.contains(&d.name)) {
            return Err(Error::link(format!(
                "VMVX executable '{}' imports host module '{}' (version >= {}), which this runtime does not provide \
                 yet (it was compiled with --iree-vmvx-enable-microkernels; recompile without that flag)",
                module.name, dep.name, dep.minimum_version
            )));
        }
        context.register_bytecode(module.clone()).map_err(|e| wrap("cannot link the VMVX executable", e))?;
        let mut exports = Vec::new();
        for (name, ordinal) in module.exports.iter().filter(|(n, _)| !n.starts_with("__")) {
            let info = &module.functions[*ordinal];
            if info.cconv_text != DISPATCH_CCONV {
                return Err(Error::link(format!(
                    "VMVX export '{name}' has calling convention '{}', expected '{DISPATCH_CCONV}'",
                    info.cconv_text
                )));
            }
            let attr = |key: &str| -> Result<usize> {
                match info.attrs.iter().find(|(k, _)| k == key) {
                    None => Ok(0),
                    Some((_, v)) => v.parse().map_err(|_| {
                        Error::link(format!("VMVX export '{name}' attribute {key} = '{v}' is not a whole number"))
                    }),
                }
            };
            exports.push(Export {
                name: name.clone(),
                function: context.lookup(name)?,
                local_memory: attr("local_memory")?,
                binding_count: attr("binding_count")?,
            });
        }
        let names = exports.iter().map(|e| e.name.clone()).collect();
        Ok(Rc::new(VmvxExecutable { context: RefCell::new(context), exports, names }))
    }
}

fn wrap(what: &str, e: Error) -> Error {
    match e.kind() {
        ErrorKind::Link(m) => Error::link(format!("{what}: {m}")),
        _ => Error::link(format!("{what}: {e}")),
    }
}

impl Executable for VmvxExecutable {
    fn format(&self) -> &str {
        FORMAT
    }

    fn export_names(&self) -> &[String] {
        &self.names
    }

    fn dispatch(&self, export: usize, dispatch: &Dispatch<'_>) -> Result<()> {
        let e = self.exports.get(export).ok_or_else(|| {
            Error::invalid_argument(format!(
                "dispatch of function {export}, but the VMVX executable has {} functions",
                self.exports.len()
            ))
        })?;
        if dispatch.bindings.len() < e.binding_count {
            return Err(Error::invalid_argument(format!(
                "dispatch of '{}' with {} bindings, but it uses {}",
                e.name,
                dispatch.bindings.len(),
                e.binding_count
            )));
        }
        let trap = |m: String| Error::new(ErrorKind::Trap { message: m, backtrace: String::new() });
        let local_memory = VmBuffer::zeroed(e.local_memory).map_err(|t| trap(t.message))?;
        let constant_bytes: Vec<u8> = dispatch.constants.iter().flat_map(|c| c.to_le_bytes()).collect();
        let constant_len = constant_bytes.len();
        let constants = VmBuffer::rodata(Rc::from(constant_bytes), 0..constant_len);
        let bindings = VmList::new(ElementKind::Ref, dispatch.bindings.len()).map_err(|t| trap(t.message))?;
        for b in dispatch.bindings {
            let end = b.offset.checked_add(b.length).filter(|&end| end <= b.block.len()).ok_or_else(|| {
                Error::invalid_argument(format!(
                    "binding at offset {} + length {} exceeds its {}-byte allocation",
                    b.offset,
                    b.length,
                    b.block.len()
                ))
            })?;
            bindings.push(Value::Ref(Some(Ref::Buffer(Rc::new(VmBuffer::view(b.block.clone(), b.offset..end))))));
        }
        let (local_memory, constants, bindings) = (Rc::new(local_memory), Rc::new(constants), Rc::new(bindings));
        let [cx, cy, cz] = dispatch.workgroup_count;
        let mut context = self.context.borrow_mut();
        for z in 0..cz {
            for y in 0..cy {
                for x in 0..cx {
                    let args = vec![
                        Value::Ref(Some(Ref::Buffer(local_memory.clone()))),
                        Value::Ref(Some(Ref::Buffer(constants.clone()))),
                        Value::Ref(Some(Ref::List(bindings.clone()))),
                        Value::I32(x as i32),
                        Value::I32(y as i32),
                        Value::I32(z as i32),
                        // VMVX exports declare no workgroup size: the local HAL uses 1x1x1.
                        Value::I32(1),
                        Value::I32(1),
                        Value::I32(1),
                        Value::I32(cx as i32),
                        Value::I32(cy as i32),
                        Value::I32(cz as i32),
                    ];
                    context.call(e.function, args).map_err(|err| match err.kind() {
                        ErrorKind::Trap { message, backtrace } => Error::new(ErrorKind::Trap {
                            message: format!("dispatch '{}' workgroup ({x}, {y}, {z}) failed: {message}", e.name),
                            backtrace: backtrace.clone(),
                        }),
                        _ => err,
                    })?;
                }
            }
        }
        Ok(())
    }
}
