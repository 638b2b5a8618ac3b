//! The test binary's global allocator: the system one, counting the bytes each thread has in
//! use, for the memory tests. Per thread, because the tests of the binary run in parallel
//! threads: a memory test does all its work on its own thread, and what the other tests (or
//! libtest) allocate meanwhile does not show up in its count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

#[global_allocator]
static GLOBAL: Counting = Counting;

thread_local! {
    // `const`: no lazy initialisation, so no allocation inside the allocator.
    static IN_USE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// Adds `delta` to this thread's count (`try_with`: nothing while the thread's locals are
/// being torn down).
fn count(delta: isize) {
    let _ = IN_USE.try_with(|in_use| {
        let now = in_use.get() + delta;
        in_use.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Bytes this thread allocated and has not freed.
pub fn in_use() -> isize {
    IN_USE.with(Cell::get)
}

/// The most bytes this thread had in use at once since its last `reset_peak`.
pub fn peak() -> isize {
    PEAK.with(Cell::get)
}

/// Starts a new peak measurement from the bytes in use now.
pub fn reset_peak() {
    PEAK.with(|peak| peak.set(in_use()));
}

/// Allowed growth: reused vectors may settle at a slightly larger capacity.
pub const SLACK: isize = 4096;
