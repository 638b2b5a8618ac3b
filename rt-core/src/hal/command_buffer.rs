//! Command buffers: dispatches, fills, copies, updates and barriers recorded once and
//! replayed on submit. A command names its buffers directly or by binding-table slot
//! ("indirect"), so one recording serves every call with different buffers.

use alloc::format;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::any::Any;
use core::cell::{Cell, RefCell};
use core::fmt::Display;

use super::buffer::{self, Buffer, WHOLE_BUFFER};
use super::executable::{Binding, Dispatch, Executable};
use crate::vm::Object;
use crate::{Error, Result};

/// A buffer range a command uses: a buffer, or a slot of the binding table given at submit.
#[derive(Clone)]
pub enum BufferRef {
    Direct { buffer: Rc<Buffer>, offset: u64, length: u64 },
    Slot { slot: u32, offset: u64, length: u64 },
}

impl BufferRef {
    /// `buffer` when not null, else the slot (how the `hal` module passes both).
    pub fn new(buffer: Option<Rc<Buffer>>, slot: u32, offset: u64, length: u64) -> BufferRef {
        match buffer {
            Some(buffer) => BufferRef::Direct { buffer, offset, length },
            None => BufferRef::Slot { slot, offset, length },
        }
    }
}

/// One entry of a submit's binding table.
#[derive(Clone)]
pub struct TableEntry {
    pub buffer: Option<Rc<Buffer>>,
    pub offset: u64,
    pub length: u64,
}

pub enum Workgroups {
    Static([u32; 3]),
    /// Three u32 counts read from a buffer when the dispatch runs.
    Indirect(BufferRef),
}

pub enum Command {
    Dispatch {
        executable: Rc<dyn Executable>,
        export: usize,
        workgroups: Workgroups,
        constants: Vec<u32>,
        bindings: Vec<BufferRef>,
    },
    Fill { target: BufferRef, pattern: u64, pattern_length: usize },
    Copy { source: BufferRef, target: BufferRef },
    Update { data: Vec<u8>, target: BufferRef },
    /// Work is done in order, so barriers only keep the recording faithful.
    Barrier,
    /// A flush or invalidate of a range: heap memory is coherent, so running it only checks
    /// that the range exists.
    Coherence { target: BufferRef },
}

pub struct CommandBuffer {
    pub mode: u32,
    pub categories: u32,
    pub binding_capacity: usize,
    commands: RefCell<Vec<Command>>,
    finalized: Cell<bool>,
    debug_depth: Cell<u32>,
}

impl Object for CommandBuffer {
    fn type_name(&self) -> &'static str {
        "hal.command_buffer"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl CommandBuffer {
    pub fn new(mode: u32, categories: u32, binding_capacity: usize) -> CommandBuffer {
        CommandBuffer {
            mode,
            categories,
            binding_capacity,
            commands: RefCell::new(Vec::new()),
            finalized: Cell::new(false),
            debug_depth: Cell::new(0),
        }
    }

    pub fn is_finalized(&self) -> bool {
        self.finalized.get()
    }

    pub fn command_count(&self) -> usize {
        self.commands.borrow().len()
    }

    /// Records a command; slots must fit the capacity the buffer was created with.
    pub fn record(&self, command: Command) -> Result<()> {
        if self.finalized.get() {
            return Err(Error::invalid_argument("command buffer is finalized; no more commands can be recorded"));
        }
        let check = |r: &BufferRef| match r {
            BufferRef::Slot { slot, .. } if *slot as usize >= self.binding_capacity => Err(Error::invalid_argument(format!(
                "command uses binding slot {slot} but the command buffer was created with a binding capacity of {}",
                self.binding_capacity
            ))),
            _ => Ok(()),
        };
        match &command {
            Command::Dispatch { bindings, workgroups, .. } => {
                bindings.iter().try_for_each(check)?;
                if let Workgroups::Indirect(r) = workgroups {
                    check(r)?;
                }
            }
            Command::Fill { target, .. } | Command::Update { target, .. } | Command::Coherence { target } => check(target)?,
            Command::Copy { source, target } => {
                check(source)?;
                check(target)?;
            }
            Command::Barrier => {}
        }
        self.commands.borrow_mut().push(command);
        Ok(())
    }

    pub fn finalize(&self) -> Result<()> {
        if self.finalized.replace(true) {
            return Err(Error::invalid_argument("command buffer is already finalized"));
        }
        if self.debug_depth.get() != 0 {
            return Err(Error::invalid_argument(format!(
                "command buffer finalized with {} debug group(s) still open",
                self.debug_depth.get()
            )));
        }
        Ok(())
    }

    pub fn begin_debug_group(&self) -> Result<()> {
        self.debug_depth.set(self.debug_depth.get() + 1);
        Ok(())
    }

    pub fn end_debug_group(&self) -> Result<()> {
        match self.debug_depth.get() {
            0 => Err(Error::invalid_argument("end_debug_group without a matching begin_debug_group")),
            n => {
                self.debug_depth.set(n - 1);
                Ok(())
            }
        }
    }

    /// Runs every command in order, resolving slots through `table`. Dispatches an executable
    /// queued are completed before a command that reads or writes the heap itself, and at the
    /// end, also when a command fails (the work before it is done, as on a real queue).
    pub fn execute(&self, table: &[TableEntry]) -> Result<()> {
        if !self.finalized.get() {
            return Err(Error::invalid_argument("command buffer submitted before hal.command_buffer.finalize"));
        }
        let commands = self.commands.borrow();
        let mut queued: Option<&dyn Executable> = None;
        let mut result = Ok(());
        for command in commands.iter() {
            if !matches!(command, Command::Barrier | Command::Dispatch { workgroups: Workgroups::Static(_), .. }) {
                if let Some(executable) = queued.take() {
                    result = executable.complete();
                }
            }
            if result.is_ok() {
                result = run(command, table);
            }
            if let Command::Dispatch { executable, .. } = command {
                queued = Some(&**executable);
            }
            if result.is_err() {
                break;
            }
        }
        match queued {
            Some(executable) => result.and(executable.complete()),
            None => result,
        }
    }
}

/// A resolved range: the buffer and absolute offset/length within it.
/// `what` names the range in errors; it is formatted only for one, so a dispatch does not
/// build a string per binding.
fn resolve(r: &BufferRef, table: &[TableEntry], what: &dyn Display) -> Result<(Rc<Buffer>, u64, u64)> {
    match r {
        BufferRef::Direct { buffer, offset, length } => {
            let range = buffer.range(*offset, *length, what)?;
            Ok((buffer.clone(), range.start as u64, range.len() as u64))
        }
        BufferRef::Slot { slot, offset, length } => {
            let entry = table.get(*slot as usize).ok_or_else(|| {
                Error::invalid_argument(format!(
                    "{what} uses binding slot {slot} but the submit's binding table has {} entries",
                    table.len()
                ))
            })?;
            let buffer = entry.buffer.clone().ok_or_else(|| {
                Error::invalid_argument(format!("{what} uses binding slot {slot}, which the binding table leaves null"))
            })?;
            let base = buffer.range(entry.offset, entry.length, what)?;
            let within = base.len() as u64;
            let length = if *length == WHOLE_BUFFER { within.saturating_sub(*offset) } else { *length };
            if offset.checked_add(length).is_none_or(|end| end > within) {
                return Err(Error::invalid_argument(format!(
                    "{what}: offset {offset} + length {length} exceeds binding slot {slot}'s {within} bytes"
                )));
            }
            Ok((buffer, base.start as u64 + offset, length))
        }
    }
}

fn run(command: &Command, table: &[TableEntry]) -> Result<()> {
    match command {
        Command::Dispatch { executable, export, workgroups, constants, bindings } => {
            let workgroup_count = match workgroups {
                Workgroups::Static(c) => *c,
                Workgroups::Indirect(r) => {
                    let (b, off, _) = resolve(r, table, &"indirect dispatch workgroup count")?;
                    let mut raw = [0u8; 12];
                    b.read(off, &mut raw)?;
                    let word = |i: usize| u32::from_le_bytes([raw[4 * i], raw[4 * i + 1], raw[4 * i + 2], raw[4 * i + 3]]);
                    [word(0), word(1), word(2)]
                }
            };
            let mut resolved = Vec::with_capacity(bindings.len());
            for (i, r) in bindings.iter().enumerate() {
                let (b, off, len) = resolve(r, table, &format_args!("dispatch binding {i}"))?;
                resolved.push(Binding {
                    block: b.block().clone(),
                    offset: b.block_offset() + off as usize,
                    length: len as usize,
                });
            }
            executable.dispatch(*export, &Dispatch { workgroup_count, constants, bindings: &resolved })
        }
        Command::Fill { target, pattern, pattern_length } => {
            let (b, off, len) = resolve(target, table, &"fill target")?;
            b.fill(off, len, *pattern, *pattern_length)
        }
        Command::Copy { source, target } => {
            let (s, soff, slen) = resolve(source, table, &"copy source")?;
            let (t, toff, tlen) = resolve(target, table, &"copy target")?;
            if slen != tlen {
                return Err(Error::invalid_argument(format!("copy of {slen} source bytes into {tlen} target bytes")));
            }
            buffer::copy(&s, soff, &t, toff, slen)
        }
        Command::Update { data, target } => {
            let (b, off, len) = resolve(target, table, &"update target")?;
            if len as usize != data.len() {
                return Err(Error::invalid_argument(format!("update of {} bytes into {len} target bytes", data.len())));
            }
            b.write(off, data)
        }
        Command::Barrier => Ok(()),
        Command::Coherence { target } => resolve(target, table, &"flush/invalidate range").map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hal::buffer::Allocator;
    use alloc::string::{String, ToString};

    /// An executable that queues its dispatches and logs when it runs them, as the GPU's does.
    struct Deferring {
        names: Vec<String>,
        log: Rc<RefCell<Vec<&'static str>>>,
        fail_complete: bool,
    }

    impl Executable for Deferring {
        fn format(&self) -> &str {
            "deferring"
        }
        fn export_names(&self) -> &[String] {
            &self.names
        }
        fn dispatch(&self, _: usize, _: &Dispatch<'_>) -> Result<()> {
            self.log.borrow_mut().push("queue");
            Ok(())
        }
        fn complete(&self) -> Result<()> {
            self.log.borrow_mut().push("complete");
            if self.fail_complete { Err(Error::invalid_argument("the queued work failed")) } else { Ok(()) }
        }
    }

    /// Two dispatches with a barrier between, a fill, and a third dispatch.
    fn recorded(executable: &Rc<dyn Executable>) -> (CommandBuffer, Rc<Buffer>) {
        let buffer = Allocator::new(None).allocate(16, 0, 0).unwrap();
        let direct = BufferRef::Direct { buffer: buffer.clone(), offset: 0, length: 16 };
        let dispatch = || Command::Dispatch {
            executable: executable.clone(),
            export: 0,
            workgroups: Workgroups::Static([1, 1, 1]),
            constants: Vec::new(),
            bindings: alloc::vec![direct.clone()],
        };
        let cb = CommandBuffer::new(0, 0, 0);
        cb.record(dispatch()).unwrap();
        cb.record(Command::Barrier).unwrap();
        cb.record(dispatch()).unwrap();
        cb.record(Command::Fill { target: direct.clone(), pattern: 7, pattern_length: 1 }).unwrap();
        cb.record(dispatch()).unwrap();
        cb.finalize().unwrap();
        (cb, buffer)
    }

    #[test]
    fn queued_dispatches_complete_before_the_heap_is_touched_and_at_the_end() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let executable: Rc<dyn Executable> = Rc::new(Deferring { names: Vec::new(), log: log.clone(), fail_complete: false });
        let (cb, buffer) = recorded(&executable);
        cb.execute(&[]).unwrap();
        assert_eq!(*log.borrow(), ["queue", "queue", "complete", "queue", "complete"]);
        assert_eq!(buffer.to_vec(), [7; 16]);
    }

    #[test]
    fn a_failure_of_queued_work_fails_the_submission() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let executable: Rc<dyn Executable> = Rc::new(Deferring { names: Vec::new(), log: log.clone(), fail_complete: true });
        let (cb, buffer) = recorded(&executable);
        let err = cb.execute(&[]).unwrap_err().to_string();
        assert!(err.contains("the queued work failed"), "{err}");
        // The fill after the failed work did not run.
        assert_eq!(*log.borrow(), ["queue", "queue", "complete"]);
        assert_eq!(buffer.to_vec(), [0; 16]);
    }
}
