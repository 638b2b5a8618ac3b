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
use core::cell::{Cell, UnsafeCell};
use core::sync::atomic::{AtomicBool, Ordering};

use dlmalloc::Dlmalloc;

struct WeftAllocator {
    locked: AtomicBool,
    heap: UnsafeCell<Heap>,
}

/// What the lock guards. The byte count lives here rather than in an atomic so that an
/// allocation costs one atomic exchange to lock and one store to unlock, nothing more: wasm
/// has only sequentially consistent atomics, each a locked instruction on the host, and a
/// tiny call allocates a few dozen times.
struct Heap {
    dlmalloc: Dlmalloc,
    /// Bytes allocated and not yet freed (what the memory tests report).
    in_use: usize,
}

// SAFETY: every access to `heap` happens while `locked` is held.
unsafe impl Sync for WeftAllocator {}

/// Whether this thread holds the heap lock. A plain cell, not an atomic: only its own thread
/// reads or writes it.
struct Holding(Cell<bool>);
// SAFETY: with atomics the static is `#[thread_local]`, one per thread; without, there is one
// thread.
unsafe impl Sync for Holding {}

#[cfg_attr(target_feature = "atomics", thread_local)]
static HOLDING: Holding = Holding(Cell::new(false));

impl WeftAllocator {
    const fn new() -> Self {
        WeftAllocator { locked: AtomicBool::new(false), heap: UnsafeCell::new(Heap { dlmalloc: Dlmalloc::new(), in_use: 0 }) }
    }

    fn with_heap<T>(&self, f: impl FnOnce(&mut Heap) -> T) -> T {
        if HOLDING.0.get() {
            panic!("the runtime's heap is unusable: an earlier failure inside the allocator on this thread left it locked (a corrupted heap?); create a new runtime in a new worker");
        }
        while self.locked.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            core::hint::spin_loop();
        }
        HOLDING.0.set(true);
        // SAFETY: the lock gives this thread exclusive access until it is released below.
        let result = f(unsafe { &mut *self.heap.get() });
        HOLDING.0.set(false);
        self.locked.store(false, Ordering::Release);
        result
    }
}

unsafe impl GlobalAlloc for WeftAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout, as GlobalAlloc requires.
        self.with_heap(|h| {
            let p = unsafe { h.dlmalloc.malloc(layout.size(), layout.align()) };
            h.counted(p, 0, layout.size())
        })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.with_heap(|h| {
            let p = unsafe { h.dlmalloc.calloc(layout.size(), layout.align()) };
            h.counted(p, 0, layout.size())
        })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.with_heap(|h| {
            unsafe { h.dlmalloc.free(ptr, layout.size(), layout.align()) };
            h.in_use -= layout.size();
        })
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        self.with_heap(|h| {
            let p = unsafe { h.dlmalloc.realloc(ptr, layout.size(), layout.align(), new_size) };
            h.counted(p, layout.size(), new_size)
        })
    }
}

impl Heap {
    /// Accounts a successful (re)allocation from `old` to `new` bytes; a failed one changes nothing.
    fn counted(&mut self, p: *mut u8, old: usize, new: usize) -> *mut u8 {
        if !p.is_null() {
            self.in_use = self.in_use - old + new;
        }
        p
    }
}

/// Bytes of the runtime heap allocated and not yet freed, across threads.
pub fn heap_in_use() -> usize {
    GLOBAL.with_heap(|h| h.in_use)
}

#[global_allocator]
static GLOBAL: WeftAllocator = WeftAllocator::new();
