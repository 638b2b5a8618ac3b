//! The `system-wasm-wasm_32` executable loader (wasm32 only).
//!
//! Kernels are IREE side modules. Compiling wasm is asynchronous in JS, but
//! `hal.executable.create` runs synchronously inside the program's `__init`, so loading is
//! split in two:
//!
//! 1. At program load ([`Prepared`], driven by the JS glue): for every wasm executable in the
//!    program's rodata, plan it, reserve its data region, stack and environment on the heap
//!    (the heap *is* the shared linear memory), let JS reserve table slots, link it
//!    ([`linker::link`]), and let JS compile and instantiate the result against the runtime's
//!    memory and table, run `__weft_init` and `iree_hal_executable_library_query`. The
//!    library is then read from linear memory ([`Prepared::set_library`]).
//! 2. [`WasmLoader::load`] (the `ExecutableLoader`) finds the prepared executable with the same
//!    bytes and hands back a [`WasmExecutable`], whose `dispatch` calls the kernel for each
//!    workgroup through the function table.

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use rt_core::{Block, Dispatch, Error, ErrorKind, Executable, ExecutableLoader, Result};

use crate::abi::{self, DispatchState, Environment, Library, Memory, FORMAT};
use crate::kernels;
use crate::libm;
use crate::pool;
use crate::scan;

/// The largest alignment [`Block`] guarantees.
const BLOCK_ALIGN: u32 = 64;
/// The largest table alignment (in slots) a module may ask for.
const MAX_TABLE_ALIGN: u32 = 64;
/// Most push constants and bindings a dispatch may have (the library ABI's limits).
const MAX_CONSTANTS: usize = 64;
const MAX_BINDINGS: usize = 64;

/// The runtime's linear memory, read through raw pointers with bounds checks.
pub struct LinearMemory;

impl LinearMemory {
    pub fn size() -> usize {
        core::arch::wasm32::memory_size(0) * linker::PAGE_SIZE as usize
    }
    pub fn pages() -> u32 {
        core::arch::wasm32::memory_size(0) as u32
    }
}

impl Memory for LinearMemory {
    fn read(&self, addr: u32, out: &mut [u8]) -> core::result::Result<(), String> {
        let end = addr as usize + out.len();
        if addr == 0 || end > LinearMemory::size() {
            return Err(format!(
                "read of {} bytes at {addr:#x} is outside linear memory",
                out.len()
            ));
        }
        // SAFETY: the range is inside linear memory (checked above) and not address 0; other
        // threads may write it, which a byte copy tolerates.
        unsafe {
            core::ptr::copy_nonoverlapping(addr as usize as *const u8, out.as_mut_ptr(), out.len())
        };
        Ok(())
    }
}

fn link_error(message: impl Into<String>) -> Error {
    Error::link(message)
}

/// "wasm executable 'name' in rodata segment N" (the name from the module's name section).
fn describe(name: Option<&str>, segment: usize) -> String {
    match name {
        Some(name) => format!("wasm executable '{name}' in rodata segment {segment}"),
        None => format!("wasm executable in rodata segment {segment}"),
    }
}

/// One wasm executable of a program being loaded, with the memory it was given.
pub struct Prepared {
    /// Identifies the rodata `hal.executable.create` will pass: (fingerprint, length).
    key: (u64, usize),
    /// Rodata segment it came from (for messages).
    pub segment: usize,
    bytes: Vec<u8>,
    plan: linker::Plan,
    /// `plan.memory`, zeroed: the module's data and init flag live here.
    region: Block,
    /// One stack per thread's instance (`plan.stack`; index = processor id), when the module
    /// needs one; empty otherwise.
    stacks: Vec<Block>,
    env: Box<Environment>,
    /// First of the module's kernel handles (see [`Prepared::set_kernel_handles`]).
    handle_base: Option<u32>,
    library: Option<Library>,
}

impl Prepared {
    /// Plans `bytes` and reserves its memory region, stack and environment.
    pub fn new(found: scan::Found<'_>) -> Result<Prepared> {
        let plan = linker::plan(found.bytes).map_err(|e| {
            // Name the module in the message even though it cannot be planned.
            let name = linker::parse(found.bytes).ok().and_then(|i| i.name);
            link_error(format!("{}: {e}", describe(name.as_deref(), found.segment)))
        })?;
        let what = describe(plan.name.as_deref(), found.segment);
        match plan.exports.iter().find(|e| e.name == abi::QUERY_EXPORT) {
            Some(e) if e.signature.as_ref().is_some_and(abi::is_query) => {}
            Some(e) => {
                return Err(link_error(format!(
                    "{what}: its export {} is {}; the library query must be a function of type (i32, i32) -> (i32)",
                    abi::QUERY_EXPORT,
                    e.signature.as_ref().map_or("not a function".to_string(), |s| format!("of type {s}"))
                )))
            }
            None => {
                return Err(link_error(format!(
                    "{what}: it does not export {}, so it is not an IREE executable library",
                    abi::QUERY_EXPORT
                )))
            }
        }
        // The module's own table (one per instance, on every thread) holds exactly the kernels
        // it puts there (wasm-ld reserves that many) after a small alignment. A large one would
        // make every instance's table that big (an alignment of 2^16 made a load take seconds).
        if plan.table.align > MAX_TABLE_ALIGN {
            return Err(link_error(format!(
                "{what}: wants its table slots aligned to {}; Weft aligns them to at most {MAX_TABLE_ALIGN}",
                plan.table.align
            )));
        }
        if plan.table.size as usize > plan.slots.len() {
            return Err(link_error(format!(
                "{what}: dylink.0 reserves {} table slots, but the module fills only {}",
                plan.table.size,
                plan.slots.len()
            )));
        }
        if plan.memory.align > BLOCK_ALIGN {
            return Err(link_error(format!(
                "{what}: wants its data aligned to {} bytes; Weft aligns to {BLOCK_ALIGN}",
                plan.memory.align
            )));
        }
        let region = Block::zeroed(plan.memory.size as usize).map_err(|e| {
            Error::new(ErrorKind::OutOfMemory(format!(
                "{what}: {} bytes for its data",
                e.size
            )))
        })?;
        let stacks = match plan.stack {
            Some(s) if s.align > BLOCK_ALIGN => {
                return Err(link_error(format!(
                    "{what}: wants its stack aligned to {} bytes",
                    s.align
                )))
            }
            Some(s) => (0..pool::threads())
                .map(|_| {
                    Block::zeroed(s.size as usize).map_err(|e| {
                        Error::new(ErrorKind::OutOfMemory(format!(
                            "{what}: {} bytes of stack",
                            e.size
                        )))
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            None => Vec::new(),
        };
        Ok(Prepared {
            key: (scan::fingerprint(found.bytes), found.bytes.len()),
            segment: found.segment,
            bytes: found.bytes.to_vec(),
            plan,
            region,
            stacks,
            env: Box::default(),
            handle_base: None,
            library: None,
        })
    }

    /// The module's kernels sit in a function table of its own (one per instance, on every
    /// thread), from this slot on: the first slot aligned as the module asks, never slot 0
    /// (a null function pointer). A table per module, rather than slots in the runtime's
    /// table, lets an unloaded program's instances be collected (V8 keeps every instance that
    /// imports a table alive as long as the table lives).
    pub fn table_base(&self) -> u32 {
        self.plan.table.align.max(1)
    }

    /// Slots of the module's own table: (first kernel slot, kernel count).
    pub fn table_layout(&self) -> (u32, u32) {
        (self.table_base(), self.plan.table.size)
    }

    /// Records the kernel handles JS assigned to the module's table slots: the kernel in slot
    /// `table_base() + k` is called through the trampoline as `first + k`, on every thread.
    pub fn set_kernel_handles(&mut self, first: u32) -> Result<()> {
        if first == 0 || first.checked_add(self.plan.table.size).is_none() {
            return Err(link_error(format!("kernel handles from {first} are not usable")));
        }
        self.handle_base = Some(first);
        Ok(())
    }

    /// Links the module to this runtime: its region, table slots, the memory's limits, the
    /// runtime's libm exports and Weft's kernel module. Returns the bytes JS compiles.
    pub fn link(&mut self, maximum_pages: u32) -> Result<Vec<u8>> {
        let what = describe(self.plan.name.as_deref(), self.segment);
        let table_base = self.table_base();
        let mut functions = Vec::new();
        let mut errors = Vec::new();
        for (symbol, sig) in self.plan.functions() {
            if kernels::is_kernel(symbol) {
                match kernels::find(symbol, &sig.params, &sig.results) {
                    Ok(name) => functions.push(linker::FunctionBinding {
                        symbol: name,
                        module: kernels::IMPORT_MODULE,
                        name,
                    }),
                    Err(e) => errors.push(e),
                }
                continue;
            }
            match libm::find(symbol, &sig.params, &sig.results) {
                Some(Ok(f)) => functions.push(linker::FunctionBinding {
                    symbol: f.symbol,
                    module: libm::IMPORT_MODULE,
                    name: f.export,
                }),
                Some(Err(e)) => errors.push(e),
                None => {} // reported by the linker with every other unresolved import
            }
        }
        if !errors.is_empty() {
            return Err(link_error(format!("{what}: {}", errors.join("; "))));
        }
        let bindings = linker::Bindings {
            memory_base: self.region.address() as u32,
            table_base,
            memory: linker::MemoryLimits {
                initial_pages: LinearMemory::pages(),
                maximum_pages,
            },
            functions: &functions,
            got: &[],
        };
        linker::link(&self.bytes, &self.plan, &bindings).map_err(|e| {
            let available: Vec<&str> = libm::FUNCTIONS.iter().map(|f| f.symbol).collect();
            let hint = if matches!(e.kind, linker::ErrorKind::Unresolved(_)) {
                format!(" (Weft provides: {})", available.join(", "))
            } else {
                String::new()
            };
            link_error(format!("{what}: {e}{hint}"))
        })
    }

    /// Initial stack pointer of the instance on thread `processor` (`env.__weft_stack_top`);
    /// 0 when the module needs no stack or there is no such thread.
    pub fn stack_top(&self, processor: u32) -> u32 {
        self.stacks
            .get(processor as usize)
            .map_or(0, |s| (s.address() + s.len()) as u32)
    }

    /// Address of the environment passed to the query and to every kernel call.
    pub fn environment(&self) -> u32 {
        &*self.env as *const Environment as usize as u32
    }

    /// Reads the library the instance's query returned and checks Weft can run it.
    pub fn set_library(&mut self, library: u32) -> Result<()> {
        let what = describe(self.plan.name.as_deref(), self.segment);
        let lib = abi::read_library(&LinearMemory, library)
            .map_err(|e| link_error(format!("{what}: {e}")))?;
        if !lib.imports.is_empty() {
            return Err(Error::unsupported(format!(
                "{what}: its kernels import {} through the executable import table, which Weft does not provide yet",
                lib.imports.join(", ")
            )));
        }
        if lib.constant_count != 0 {
            return Err(Error::unsupported(format!(
                "{what}: the library wants {} executable-level constants, which Weft does not provide yet",
                lib.constant_count
            )));
        }
        let table_base = self.table_base();
        for e in &lib.exports {
            if e.function < table_base || e.function >= table_base + self.plan.table.size {
                return Err(link_error(format!(
                    "{what}: export '{}' points at table slot {}, outside the slots {}..{} reserved for it (data not relocated?)",
                    e.name,
                    e.function,
                    table_base,
                    table_base + self.plan.table.size
                )));
            }
            // Kernels are called as (i32, i32, i32) -> i32; any other type would fail inside
            // the call, with the runtime in the middle of a dispatch.
            let slot = self.plan.slots.get((e.function - table_base) as usize);
            if !slot.is_some_and(abi::is_kernel) {
                let found = slot.map_or("an empty table slot".to_string(), |s| format!("a function of type {s}"));
                return Err(link_error(format!(
                    "{what}: export '{}' is {found}; a kernel must be (i32, i32, i32) -> (i32)",
                    e.name
                )));
            }
        }
        self.library = Some(lib);
        Ok(())
    }

    /// The export names once the library is read.
    pub fn export_names(&self) -> Vec<String> {
        self.library
            .as_ref()
            .map(|l| l.exports.iter().map(|e| e.name.clone()).collect())
            .unwrap_or_default()
    }

    /// The ready executable; an error if the JS side never delivered its library.
    pub fn finish(self) -> Result<Rc<WasmExecutable>> {
        let table_base = self.table_base();
        let (Some(mut library), Some(first)) = (self.library, self.handle_base) else {
            return Err(link_error(format!(
                "{} was not instantiated",
                describe(self.plan.name.as_deref(), self.segment)
            )));
        };
        // From here on an export's `function` is the handle the trampoline calls it by
        // (`set_library` checked that every slot lies in the module's range).
        for e in &mut library.exports {
            e.function = first + (e.function - table_base);
        }
        let names = library.exports.iter().map(|e| e.name.clone()).collect();
        Ok(Rc::new(WasmExecutable {
            key: self.key,
            library,
            names,
            env: self.env,
            _region: self.region,
            _stacks: self.stacks,
        }))
    }
}

/// A loaded wasm executable: its library, and the memory its instance uses (freed with it).
pub struct WasmExecutable {
    key: (u64, usize),
    library: Library,
    names: Vec<String>,
    env: Box<Environment>,
    _region: Block,
    _stacks: Vec<Block>,
}

impl Executable for WasmExecutable {
    fn format(&self) -> &str {
        FORMAT
    }

    fn export_names(&self) -> &[String] {
        &self.names
    }

    fn dispatch(&self, export: usize, d: &Dispatch<'_>) -> Result<()> {
        let Some(e) = self.library.exports.get(export) else {
            return Err(Error::invalid_argument(format!(
                "export ordinal {export} is out of range: the executable has {} exports",
                self.library.exports.len()
            )));
        };
        let fail = |message: String| {
            Error::invalid_argument(format!("dispatch of '{}': {message}", e.name))
        };
        let attrs = e.attrs;
        if let Some(a) = attrs {
            if d.constants.len() != a.constant_count as usize {
                return Err(fail(format!(
                    "{} push constants given, the kernel takes {}",
                    d.constants.len(),
                    a.constant_count
                )));
            }
            if d.bindings.len() != a.binding_count as usize {
                return Err(fail(format!(
                    "{} bindings given, the kernel takes {}",
                    d.bindings.len(),
                    a.binding_count
                )));
            }
            if a.flags & abi::FLAG_WORKGROUP_SIZE_DYNAMIC != 0 {
                return Err(Error::unsupported(format!(
                    "dispatch of '{}': the kernel asks for a dynamic workgroup size, which Weft does not support yet",
                    e.name
                )));
            }
        }
        if d.constants.len() > MAX_CONSTANTS || d.bindings.len() > MAX_BINDINGS {
            return Err(fail(format!(
                "{} constants and {} bindings exceed the ABI's 64 each",
                d.constants.len(),
                d.bindings.len()
            )));
        }
        let [cx, cy, cz] = d.workgroup_count;
        if cz > u16::MAX as u32 {
            return Err(fail(format!("workgroup count z = {cz} exceeds 65535")));
        }
        // On the stack, as `state` is: the kernels read both through their addresses in the
        // shared memory while `pool::run` below waits for them, and a dispatch is on every
        // call's path.
        let mut ptrs = [0u32; MAX_BINDINGS];
        let mut lengths = [0u32; MAX_BINDINGS];
        for (i, b) in d.bindings.iter().enumerate() {
            ptrs[i] = b.address(i).map_err(fail)? as u32;
            lengths[i] = b.length as u32;
        }
        let pages = attrs.map_or(0, |a| a.local_memory_pages as u32);
        let local = Block::zeroed((pages * abi::LOCAL_MEMORY_PAGE_SIZE) as usize).map_err(|e| {
            Error::new(ErrorKind::OutOfMemory(format!(
                "{} bytes of workgroup local memory",
                e.size
            )))
        })?;
        let size = attrs.map_or([1, 1, 1], |a| a.workgroup_size.map(|s| s.max(1)));
        let state = DispatchState {
            workgroup_size_x: size[0],
            workgroup_size_y: size[1],
            workgroup_size_z: size[2] as u16,
            constant_count: d.constants.len() as u16,
            workgroup_count_x: cx,
            workgroup_count_y: cy,
            workgroup_count_z: cz as u16,
            max_concurrency: pool::threads().min(u8::MAX as u32) as u8,
            binding_count: d.bindings.len() as u8,
            constants: d.constants.as_ptr() as usize as u32,
            binding_ptrs: ptrs.as_ptr() as usize as u32,
            binding_lengths: lengths.as_ptr() as usize as u32,
        };
        let job = pool::Job {
            function: e.function,
            env: self.env_address(),
            state: &state as *const DispatchState as usize as u32,
            count: [cx, cy, cz],
            local_pages: pages,
        };
        pool::run(&job, &(pages > 0).then_some(local)).map_err(|f| match f {
            pool::Failure::Workgroup { workgroup: [x, y, z], processor, status, trap } => {
                let what = match trap {
                    Some(trap) => format!("trapped ({trap})"),
                    None => format!("failed with status {status}"),
                };
                Error::new(ErrorKind::KernelTrap {
                    message: format!("kernel '{}' {what} in workgroup ({x}, {y}, {z}) on thread {processor}", e.name),
                    backtrace: String::new(),
                })
            }
            pool::Failure::PoolStopped => Error::new(ErrorKind::KernelTrap {
                message: format!("kernel '{}': a pool worker stopped in the middle of the dispatch; create a new runtime", e.name),
                backtrace: String::new(),
            }),
        })?;
        Ok(())
    }
}

impl WasmExecutable {
    fn env_address(&self) -> u32 {
        &*self.env as *const Environment as usize as u32
    }
}

/// The `ExecutableLoader` of one program: the wasm executables prepared at its load.
pub struct WasmLoader {
    executables: Vec<Rc<WasmExecutable>>,
}

impl WasmLoader {
    pub fn new(executables: Vec<Rc<WasmExecutable>>) -> WasmLoader {
        WasmLoader { executables }
    }

    pub fn executables(&self) -> &[Rc<WasmExecutable>] {
        &self.executables
    }
}

impl ExecutableLoader for WasmLoader {
    fn formats(&self) -> &[&str] {
        &[FORMAT]
    }

    fn load(&self, format: &str, data: &[u8], constants: &[u32]) -> Result<Rc<dyn Executable>> {
        if format != FORMAT {
            return Err(rt_core::unsupported_format(
                format,
                self.formats(),
            ));
        }
        if !constants.is_empty() {
            return Err(Error::unsupported(format!(
                "the wasm executable comes with {} executable constants, which Weft does not provide yet",
                constants.len()
            )));
        }
        let key = (scan::fingerprint(data), data.len());
        match self.executables.iter().find(|e| e.key == key) {
            Some(e) => Ok(e.clone() as Rc<dyn Executable>),
            None => Err(link_error(format!(
                "a {}-byte wasm executable was not prepared when the program was loaded; \
                 Weft compiles kernels found in the program's rodata at load time",
                data.len()
            ))),
        }
    }
}

/// A program's [`WasmLoader`] as the `Box<dyn ExecutableLoader>` a device takes, shared with
/// whoever else holds it.
pub struct SharedLoader(pub Rc<WasmLoader>);

impl ExecutableLoader for SharedLoader {
    fn formats(&self) -> &[&str] {
        self.0.formats()
    }

    fn load(&self, format: &str, data: &[u8], constants: &[u32]) -> Result<Rc<dyn Executable>> {
        self.0.load(format, data, constants)
    }
}
