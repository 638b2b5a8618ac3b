//! HAL files over memory (`hal.ex.file.from_memory`): 3.13.0 programs upload constant data by
//! wrapping a rodata range as a file and reading it into a device buffer with
//! `hal.device.queue.read`. Only read access exists, as in the reference runtime.

use alloc::format;
use alloc::rc::Rc;
use core::any::Any;
use core::ops::Range;

use crate::vm::{Object, VmBuffer};
use crate::{Error, Result};

/// `IREE_HAL_MEMORY_ACCESS_READ`.
pub const ACCESS_READ: u32 = 1;

pub struct File {
    source: Rc<VmBuffer>,
    range: Range<usize>,
}

impl Object for File {
    fn type_name(&self) -> &'static str {
        "hal.file"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl File {
    /// A read-only file over `length` bytes at `offset` of `source` (retained, not copied).
    pub fn from_memory(access: u32, source: Rc<VmBuffer>, offset: u64, length: u64) -> Result<File> {
        if access & !ACCESS_READ != 0 {
            return Err(Error::invalid_argument(format!(
                "only read-only memory can be accessed via a file handle; access {access:#x} was requested"
            )));
        }
        let range = source.check_range(offset, length).map_err(|t| Error::invalid_argument(t.message))?;
        Ok(File { source, range })
    }

    pub fn len(&self) -> usize {
        self.range.len()
    }

    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }

    /// Copies `out.len()` bytes at `offset` of the file.
    pub fn read(&self, offset: u64, out: &mut [u8]) -> Result<()> {
        let size = self.len() as u64;
        let end = offset.checked_add(out.len() as u64).filter(|&e| e <= size).ok_or_else(|| {
            Error::invalid_argument(format!(
                "file read of {} bytes at offset {offset} exceeds the file's {size} bytes",
                out.len()
            ))
        })?;
        let start = self.range.start + offset as usize;
        out.copy_from_slice(&self.source.bytes()[start..self.range.start + end as usize]);
        Ok(())
    }
}
