//! HAL buffers and the heap allocator they come from.
//!
//! A buffer is a byte range of a heap `Block` (shared with `vm.buffer` views, so kernels and
//! the VM read the same bytes without copies). Every allocation is accounted to its
//! allocator while any buffer or subspan of it is alive; an optional limit turns an
//! allocation beyond it into an out-of-memory error naming the size.

use alloc::format;
use alloc::string::String;
use alloc::rc::Rc;
use core::any::Any;
use core::cell::Cell;
use core::fmt::Display;
use core::ops::Range;

use crate::memory::Block;
use crate::vm::Object;
use crate::{Error, ErrorKind, Result};

/// `iree_hal_memory_type_t` bits.
pub mod memory_type {
    pub const OPTIMAL: u32 = 1 << 0;
    pub const HOST_VISIBLE: u32 = 1 << 1;
    pub const HOST_COHERENT: u32 = 1 << 2;
    pub const HOST_CACHED: u32 = 1 << 3;
    pub const HOST_LOCAL: u32 = HOST_VISIBLE | HOST_COHERENT | (1 << 6);
    pub const DEVICE_VISIBLE: u32 = 1 << 4;
    pub const DEVICE_LOCAL: u32 = DEVICE_VISIBLE | (1 << 5);
    /// What memory on the runtime heap is: one memory both host and kernels address.
    pub const HEAP: u32 = OPTIMAL | HOST_LOCAL | HOST_CACHED | DEVICE_LOCAL;
}

/// `iree_hal_buffer_usage_t` bits.
pub mod usage {
    pub const TRANSFER: u32 = 0b11;
    pub const DISPATCH_INDIRECT_PARAMETERS: u32 = 1 << 8;
    pub const DISPATCH_UNIFORM_READ: u32 = 1 << 9;
    pub const DISPATCH_STORAGE: u32 = (1 << 10) | (1 << 11);
    pub const SHARING_IMMUTABLE: u32 = 1 << 19;
    pub const MAPPING: u32 = (1 << 24) | (1 << 25);
    /// Everything a heap buffer can be used for: the device reads and writes it in place.
    pub const HEAP: u32 = TRANSFER | DISPATCH_INDIRECT_PARAMETERS | DISPATCH_UNIFORM_READ | DISPATCH_STORAGE | MAPPING;
}

/// Bytes in use on a heap, with an optional ceiling.
pub struct Allocator {
    in_use: Cell<usize>,
    peak: Cell<usize>,
    limit: Option<usize>,
}

impl Object for Allocator {
    fn type_name(&self) -> &'static str {
        "hal.allocator"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Allocator {
    /// An allocator over the runtime heap; `limit` caps the bytes in use at once.
    pub fn new(limit: Option<usize>) -> Rc<Allocator> {
        Rc::new(Allocator { in_use: Cell::new(0), peak: Cell::new(0), limit })
    }

    pub fn bytes_in_use(&self) -> usize {
        self.in_use.get()
    }

    pub fn peak_bytes_in_use(&self) -> usize {
        self.peak.get()
    }

    pub fn limit(&self) -> Option<usize> {
        self.limit
    }

    /// A zeroed buffer of `size` bytes.
    pub fn allocate(self: &Rc<Self>, size: u64, memory_types: u32, usage_bits: u32) -> Result<Rc<Buffer>> {
        let size = usize::try_from(size).map_err(|_| self.out_of_memory(size, "it exceeds the address space"))?;
        let in_use = self.in_use.get();
        if let Some(limit) = self.limit {
            if in_use.saturating_add(size) > limit {
                return Err(self.out_of_memory(
                    size as u64,
                    &format!("{in_use} bytes are in use and the limit is {limit} bytes"),
                ));
            }
        }
        let block = Block::zeroed(size).map_err(|_| self.out_of_memory(size as u64, "the heap is exhausted"))?;
        Ok(Rc::new(self.adopt(Rc::new(block), memory_types, usage_bits)))
    }

    /// Wraps existing bytes (e.g. a `vm.buffer` the program imports) as a buffer accounted here.
    pub fn adopt(self: &Rc<Self>, block: Rc<Block>, memory_types: u32, usage_bits: u32) -> Buffer {
        let size = block.len();
        self.in_use.set(self.in_use.get() + size);
        self.peak.set(self.peak.get().max(self.in_use.get()));
        let allocation = Rc::new(Allocation { block, allocator: self.clone(), size });
        Buffer {
            range: 0..size,
            allocation,
            memory_type: memory_types | memory_type::HEAP,
            usage: usage_bits | usage::HEAP,
        }
    }

    #[cold]
    fn out_of_memory(&self, size: u64, why: &str) -> Error {
        Error::new(ErrorKind::OutOfMemory(format!("cannot allocate a HAL buffer of {size} bytes: {why}")))
    }
}

/// One allocation; returns its bytes to the allocator's count when the last buffer goes.
pub struct Allocation {
    block: Rc<Block>,
    allocator: Rc<Allocator>,
    size: usize,
}

impl Drop for Allocation {
    fn drop(&mut self) {
        self.allocator.in_use.set(self.allocator.in_use.get() - self.size);
    }
}

/// A HAL buffer: `range` of an allocation's block.
pub struct Buffer {
    allocation: Rc<Allocation>,
    range: Range<usize>,
    pub memory_type: u32,
    pub usage: u32,
}

impl Object for Buffer {
    fn type_name(&self) -> &'static str {
        "hal.buffer"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `IREE_HAL_WHOLE_BUFFER`: a length of -1 means "to the end".
pub const WHOLE_BUFFER: u64 = u64::MAX;

impl Buffer {
    pub fn len(&self) -> usize {
        self.range.len()
    }

    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }

    pub fn block(&self) -> &Rc<Block> {
        &self.allocation.block
    }

    /// Offset of this buffer within its block.
    pub fn block_offset(&self) -> usize {
        self.range.start
    }

    pub fn allocator(&self) -> &Rc<Allocator> {
        &self.allocation.allocator
    }

    /// How many buffers (this one, subspans, views' buffers) share this buffer's allocation.
    pub fn allocation_owners(&self) -> usize {
        Rc::strong_count(&self.allocation)
    }

    /// Whether two buffers share an allocation.
    pub fn same_allocation(&self, other: &Buffer) -> bool {
        Rc::ptr_eq(&self.allocation, &other.allocation)
    }

    /// Resolves `offset`/`length` (length may be `WHOLE_BUFFER`) to a range within this
    /// buffer, naming the numbers when it does not fit.
    pub fn range(&self, offset: u64, length: u64, what: &dyn Display) -> Result<Range<usize>> {
        let size = self.len() as u64;
        let length = if length == WHOLE_BUFFER { size.saturating_sub(offset) } else { length };
        match offset.checked_add(length) {
            Some(end) if end <= size => Ok(offset as usize..end as usize),
            // A trap with the reference's status code: programs reach this through the queue
            // and command-buffer operations they issue.
            _ => Err(Error::new(ErrorKind::Trap {
                message: format!("OUT_OF_RANGE; {what}: range offset {offset} + length {length} exceeds the buffer length {size}"),
                backtrace: String::new(),
            })),
        }
    }

    /// The same range of the block, as absolute block offsets.
    pub fn block_range(&self, offset: u64, length: u64, what: &dyn Display) -> Result<Range<usize>> {
        let r = self.range(offset, length, what)?;
        Ok(self.range.start + r.start..self.range.start + r.end)
    }

    /// A buffer over part of this one, sharing the allocation.
    pub fn subspan(&self, offset: u64, length: u64) -> Result<Buffer> {
        let r = self.block_range(offset, length, &"buffer subspan")?;
        Ok(Buffer { allocation: self.allocation.clone(), range: r, memory_type: self.memory_type, usage: self.usage })
    }

    /// Copies the bytes out.
    pub fn read(&self, offset: u64, out: &mut [u8]) -> Result<()> {
        let r = self.block_range(offset, out.len() as u64, &"buffer read")?;
        out.copy_from_slice(&self.block().borrow()[r]);
        Ok(())
    }

    pub fn write(&self, offset: u64, data: &[u8]) -> Result<()> {
        let r = self.block_range(offset, data.len() as u64, &"buffer write")?;
        self.block().borrow_mut()[r].copy_from_slice(data);
        Ok(())
    }

    /// The whole contents, copied.
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        self.block().borrow()[self.range.clone()].to_vec()
    }

    /// Fills `length` bytes at `offset` with a repeated pattern of 1, 2, 4 or 8 bytes.
    pub fn fill(&self, offset: u64, length: u64, pattern: u64, pattern_length: usize) -> Result<()> {
        if !matches!(pattern_length, 1 | 2 | 4 | 8) {
            return Err(Error::invalid_argument(format!(
                "fill pattern length {pattern_length} is not 1, 2, 4 or 8 bytes"
            )));
        }
        let r = self.block_range(offset, length, &"buffer fill")?;
        if r.len() % pattern_length != 0 || !offset.is_multiple_of(pattern_length as u64) {
            return Err(Error::invalid_argument(format!(
                "fill of {} bytes at offset {offset} is not aligned to its {pattern_length}-byte pattern",
                r.len()
            )));
        }
        let bytes = pattern.to_le_bytes();
        let mut block = self.block().borrow_mut();
        let target = &mut block[r];
        // Fills are hot (every zero-initialised tensor): a byte fill when the pattern is one
        // repeated byte, else fixed-width chunks the compiler can unroll.
        if bytes[..pattern_length].iter().all(|&b| b == bytes[0]) {
            target.fill(bytes[0]);
        } else {
            match pattern_length {
                2 => fill_with::<2>(target, &bytes),
                4 => fill_with::<4>(target, &bytes),
                _ => fill_with::<8>(target, &bytes),
            }
        }
        Ok(())
    }
}

fn fill_with<const N: usize>(target: &mut [u8], pattern: &[u8; 8]) {
    let mut unit = [0u8; N];
    unit.copy_from_slice(&pattern[..N]);
    for chunk in target.chunks_exact_mut(N) {
        chunk.copy_from_slice(&unit);
    }
}

/// Copies `length` bytes between buffers, which may share a block (the ranges may overlap).
pub fn copy(source: &Buffer, source_offset: u64, target: &Buffer, target_offset: u64, length: u64) -> Result<()> {
    let from = source.block_range(source_offset, length, &"buffer copy source")?;
    let to = target.block_range(target_offset, length, &"buffer copy target")?;
    if Rc::ptr_eq(source.block(), target.block()) {
        source.block().borrow_mut().copy_within(from, to.start);
    } else {
        let src = source.block().borrow();
        target.block().borrow_mut()[to].copy_from_slice(&src[from]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn accounting_follows_the_last_subspan() {
        let a = Allocator::new(Some(100));
        let b = a.allocate(64, 0, 0).unwrap();
        let s = b.subspan(8, 8).unwrap();
        assert_eq!(a.bytes_in_use(), 64);
        let err = a.allocate(40, 0, 0).err().unwrap().to_string();
        assert!(err.contains("40 bytes") && err.contains("limit is 100"), "{err}");
        drop(b);
        assert_eq!(a.bytes_in_use(), 64);
        drop(s);
        assert_eq!(a.bytes_in_use(), 0);
    }

    #[test]
    fn fill_copy_and_ranges() {
        let a = Allocator::new(None);
        let b = a.allocate(16, 0, 0).unwrap();
        b.fill(0, WHOLE_BUFFER, 0xAABB, 2).unwrap();
        assert_eq!(&b.to_vec()[..4], &[0xBB, 0xAA, 0xBB, 0xAA]);
        copy(&b, 0, &b, 2, 8).unwrap();
        assert!(b.range(8, 9, &"x").unwrap_err().to_string().contains("offset 8 + length 9 exceeds the buffer length 16"));
        assert!(b.fill(1, 4, 0, 2).is_err());
        assert!(b.fill(0, 4, 0, 3).is_err());
    }
}
