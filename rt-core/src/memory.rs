//! Byte storage shared by `vm.buffer`s and HAL buffers.
//!
//! A `Block` is a fixed-size, zero-initialised, 64-byte-aligned allocation on the runtime heap.
//! On wasm32 the heap is the linear memory kernels see, so a block's address can be handed to
//! a wasm kernel as a binding pointer. Rust code borrows its bytes through a `RefCell`, so
//! overlapping Rust borrows are caught; HAL buffers and `vm.buffer` views of the same memory
//! share one block.
//!
//! Each block has an id, unique in this runtime, and a generation that every mutable borrow
//! advances: a device that mirrors blocks elsewhere (the WebGPU device's GPU buffers) uploads a
//! block again only when its generation has moved since the last upload. Code that hands out a
//! block's address for someone else to write through calls [`Block::touch`].

use alloc::vec::Vec;
use core::cell::{Cell, Ref, RefCell, RefMut};
use core::sync::atomic::{AtomicU32, Ordering};

/// 64 bytes, 64-byte aligned: the unit blocks are allocated in, so every block is aligned
/// for SIMD kernels.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Line([u8; 64]);

pub struct Block {
    lines: RefCell<Vec<Line>>,
    len: usize,
    id: u32,
    generation: Cell<u32>,
}

/// The next block's id.
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

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
        Ok(Block { lines: RefCell::new(lines), len, id: NEXT_ID.fetch_add(1, Ordering::Relaxed), generation: Cell::new(0) })
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

    /// Its id, unique among the blocks of this runtime.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// How many times its bytes may have changed: 0 while it is still all zeros.
    pub fn generation(&self) -> u32 {
        self.generation.get()
    }

    /// Records that its bytes may have changed (for a write that does not borrow it).
    pub fn touch(&self) {
        self.generation.set(self.generation.get().wrapping_add(1));
    }

    pub fn borrow_mut(&self) -> RefMut<'_, [u8]> {
        self.touch();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_advance_the_generation_and_ids_differ() {
        let a = Block::zeroed(8).unwrap();
        let b = Block::from_bytes(&[1, 2]).unwrap();
        assert_ne!(a.id(), b.id());
        assert_eq!(a.generation(), 0, "a new block is all zeros");
        assert_ne!(b.generation(), 0, "its bytes were written");
        let _ = a.borrow();
        assert_eq!(a.generation(), 0, "reading does not count");
        a.borrow_mut()[0] = 1;
        a.touch();
        assert_eq!(a.generation(), 2);
    }
}
