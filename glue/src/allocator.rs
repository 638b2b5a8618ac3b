//! The runtime's global allocator: `dlmalloc` behind a spin lock. It is chosen here, in the
//! cdylib, because the allocator belongs to the final binary: rt-core stays a library that
//! allocates through `alloc`, and its host tests use the system allocator.
//!
//! The runtime's memory is shared with worker threads (kernels run on several), so the heap
//! must be thread-safe from the first allocation. `dlmalloc`'s own `global` feature refuses
//! builds with atomics, hence this wrapper.
//!
//! A panic inside `dlmalloc` (its size checks fail on a corrupted heap) leaves the lock held:
//! the panic becomes a JS exception that unwinds past the release. The next allocation on the
//! same thread would then wait for itself forever, so a thread that still holds the lock
//! panics instead, saying the heap is unusable.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use dlmalloc::Dlmalloc;

struct WeftAllocator {
    locked: AtomicBool,
    heap: UnsafeCell<Dlmalloc>,
    /// Bytes allocated and not yet freed (what the memory tests report).
    in_use: AtomicUsize,
}

// SAFETY: every access to `heap` happens while `locked` is held.
unsafe impl Sync for WeftAllocator {}

/// Whether this thread holds the heap lock (per thread where there are threads).
#[cfg_attr(target_feature = "atomics", thread_local)]
static HOLDING: AtomicBool = AtomicBool::new(false);

impl WeftAllocator {
    const fn new() -> Self {
        WeftAllocator { locked: AtomicBool::new(false), heap: UnsafeCell::new(Dlmalloc::new()), in_use: AtomicUsize::new(0) }
    }

    fn with_heap<T>(&self, f: impl FnOnce(&mut Dlmalloc) -> T) -> T {
        if HOLDING.load(Ordering::Relaxed) {
            panic!("the runtime's heap is unusable: an earlier failure inside the allocator on this thread left it locked (a corrupted heap?); create a new runtime in a new worker");
        }
        while self.locked.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            core::hint::spin_loop();
        }
        HOLDING.store(true, Ordering::Relaxed);
        // SAFETY: the lock gives this thread exclusive access until it is released below.
        let result = f(unsafe { &mut *self.heap.get() });
        HOLDING.store(false, Ordering::Relaxed);
        self.locked.store(false, Ordering::Release);
        result
    }
}

unsafe impl GlobalAlloc for WeftAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout, as GlobalAlloc requires.
        let p = self.with_heap(|h| unsafe { h.malloc(layout.size(), layout.align()) });
        self.counted(p, 0, layout.size())
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = self.with_heap(|h| unsafe { h.calloc(layout.size(), layout.align()) });
        self.counted(p, 0, layout.size())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.with_heap(|h| unsafe { h.free(ptr, layout.size(), layout.align()) });
        self.in_use.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = self.with_heap(|h| unsafe { h.realloc(ptr, layout.size(), layout.align(), new_size) });
        self.counted(p, layout.size(), new_size)
    }
}

impl WeftAllocator {
    /// Accounts a successful (re)allocation from `old` to `new` bytes; a failed one changes nothing.
    fn counted(&self, p: *mut u8, old: usize, new: usize) -> *mut u8 {
        if !p.is_null() {
            self.in_use.fetch_add(new, Ordering::Relaxed);
            self.in_use.fetch_sub(old, Ordering::Relaxed);
        }
        p
    }
}

/// Bytes of the runtime heap allocated and not yet freed, across threads.
pub fn heap_in_use() -> usize {
    GLOBAL.in_use.load(Ordering::Relaxed)
}

#[global_allocator]
static GLOBAL: WeftAllocator = WeftAllocator::new();
