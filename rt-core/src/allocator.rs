//! The global allocator on wasm32: `dlmalloc` behind a spin lock.
//!
//! The runtime's memory is shared with worker threads (kernels run on several), so the heap
//! must be thread-safe from the first allocation. `dlmalloc`'s own `global` feature refuses
//! builds with atomics, hence this wrapper. Native builds use the system allocator.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, Ordering};

use dlmalloc::Dlmalloc;

pub struct WeftAllocator {
    locked: AtomicBool,
    heap: UnsafeCell<Dlmalloc>,
}

// SAFETY: every access to `heap` happens while `locked` is held.
unsafe impl Sync for WeftAllocator {}

impl WeftAllocator {
    pub const fn new() -> Self {
        WeftAllocator { locked: AtomicBool::new(false), heap: UnsafeCell::new(Dlmalloc::new()) }
    }

    fn with_heap<T>(&self, f: impl FnOnce(&mut Dlmalloc) -> T) -> T {
        while self.locked.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            core::hint::spin_loop();
        }
        // SAFETY: the lock gives this thread exclusive access until it is released below.
        let result = f(unsafe { &mut *self.heap.get() });
        self.locked.store(false, Ordering::Release);
        result
    }
}

impl Default for WeftAllocator {
    fn default() -> Self {
        Self::new()
    }
}

unsafe impl GlobalAlloc for WeftAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout, as GlobalAlloc requires.
        self.with_heap(|h| unsafe { h.malloc(layout.size(), layout.align()) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.with_heap(|h| unsafe { h.calloc(layout.size(), layout.align()) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.with_heap(|h| unsafe { h.free(ptr, layout.size(), layout.align()) })
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        self.with_heap(|h| unsafe { h.realloc(ptr, layout.size(), layout.align(), new_size) })
    }
}

#[global_allocator]
static GLOBAL: WeftAllocator = WeftAllocator::new();
