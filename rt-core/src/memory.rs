//! Byte storage shared by `vm.buffer`s and HAL buffers.
//!
//! A `Block` is a fixed-size, zero-initialised, 64-byte-aligned allocation on the runtime heap.
//! On wasm32 the heap is the linear memory kernels see, so a block's address can be handed to
//! a wasm kernel as a binding pointer. Rust code borrows its bytes through a `RefCell`, so
//! overlapping Rust borrows are caught; HAL buffers and `vm.buffer` views of the same memory
//! share one block.

use alloc::vec::Vec;
use core::cell::{Ref, RefCell, RefMut};

/// 64 bytes, 64-byte aligned: the unit blocks are allocated in, so every block is aligned
/// for SIMD kernels.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Line([u8; 64]);

pub struct Block {
    lines: RefCell<Vec<Line>>,
    len: usize,
}

/// The allocation could not be made; `size` is what was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocationFailed {
    pub size: usize,
}

impl Block {
    pub fn zeroed(len: usize) -> Result<Block, AllocationFailed> {
        let count = len.div_ceil(64);
        let mut lines = Vec::new();
        lines.try_reserve_exact(count).map_err(|_| AllocationFailed { size: len })?;
        lines.resize(count, Line([0; 64]));
        Ok(Block { lines: RefCell::new(lines), len })
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Block, AllocationFailed> {
        let block = Block::zeroed(bytes.len())?;
        block.borrow_mut().copy_from_slice(bytes);
        Ok(block)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn borrow(&self) -> Ref<'_, [u8]> {
        let len = self.len;
        // SAFETY: `Line` is plain bytes without padding; the vector holds at least `len` bytes.
        Ref::map(self.lines.borrow(), |lines| unsafe { core::slice::from_raw_parts(lines.as_ptr().cast::<u8>(), len) })
    }

    pub fn borrow_mut(&self) -> RefMut<'_, [u8]> {
        let len = self.len;
        // SAFETY: as in `borrow`, with the exclusive borrow the RefCell grants.
        RefMut::map(self.lines.borrow_mut(), |lines| unsafe {
            core::slice::from_raw_parts_mut(lines.as_mut_ptr().cast::<u8>(), len)
        })
    }

    /// The block's address, stable for its lifetime (wasm kernels receive it as a pointer).
    pub fn address(&self) -> usize {
        // SAFETY: reading the vector's pointer; no reference to its contents is created.
        unsafe { (*self.lines.as_ptr()).as_ptr() as usize }
    }
}
