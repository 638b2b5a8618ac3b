//! Workgroups of one dispatch shared between the runtime thread and the pool workers (wasm32
//! only), and the one way any thread calls a kernel.
//!
//! Every thread runs its own instance of the runtime module on the same shared memory, so the
//! statics here (not thread-local) are one [`Control`] block all threads see. The runtime
//! thread publishes a job (kernel, environment, dispatch state, grid) and wakes the workers;
//! every participant, the runtime thread first, claims workgroup indices from one counter with
//! compare-and-swap and runs them with its own workgroup state and local memory; the runtime
//! thread then sleeps (`memory.atomic.wait32`) until the finished count reaches the total.
//! JS only parks workers (`Atomics.wait` on the control block's signal word) and calls [`work`]
//! when the signal moves; it also uses the signal to bring them back to their event loop for
//! messages (a program's kernels to instantiate or drop), which it counts in the mailbox word.
//!
//! The claim counter holds `(generation << 32) | next index`. Before the runtime thread
//! rewrites the job it moves the counter to the next generation with index [`CLOSED`], so a
//! late worker still holding the old generation can never claim from a half-written job.
//!
//! Kernels are called through a trampoline: a JS function placed in every thread's function
//! table at the same slot (glue/js/kernel-host.mjs). It catches a kernel's wasm trap, writes
//! the engine's message into the caller's [`TrapText`] and returns non-zero, so a trap becomes
//! an error naming the kernel and workgroup instead of unwinding through Rust.

use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering::SeqCst};

use alloc::string::String;
use rt_core::Block;

use crate::abi::{WorkgroupState, LOCAL_MEMORY_PAGE_SIZE};

/// Most threads a pool may have (the runtime thread included).
pub const MAX_THREADS: u32 = 64;
/// Claim index of a job being written: nothing can be claimed.
const CLOSED: u32 = u32::MAX;

/// The engine's message for a trapped kernel call, written by the trampoline.
#[repr(C)]
struct TrapText {
    len: u32,
    bytes: [u8; 124],
}

impl TrapText {
    const fn new() -> TrapText {
        TrapText {
            len: 0,
            bytes: [0; 124],
        }
    }

    fn text(&self) -> String {
        let n = (self.len as usize).min(self.bytes.len());
        String::from_utf8_lossy(&self.bytes[..n]).into_owned()
    }
}

/// Why a dispatch failed.
pub enum Failure {
    /// The kernel returned a non-zero status (`trap: None`) or trapped with that message.
    Workgroup {
        workgroup: [u32; 3],
        processor: u32,
        status: i32,
        trap: Option<String>,
    },
    /// A pool worker stopped without finishing the workgroups it claimed.
    PoolStopped,
}

/// The words of the control block JS touches, by i32 index (exported to JS as `ControlWord`;
/// the assertions below pin them to [`Control`]'s fields).
#[wasm_bindgen::prelude::wasm_bindgen]
#[derive(Clone, Copy)]
pub enum ControlWord {
    Signal = 0,
    Mailbox = 1,
    Broken = 2,
    Done = 3,
}

const _: () = {
    use core::mem::offset_of;
    assert!(offset_of!(Control, signal) == 4 * ControlWord::Signal as usize);
    assert!(offset_of!(Control, mailbox) == 4 * ControlWord::Mailbox as usize);
    assert!(offset_of!(Control, broken) == 4 * ControlWord::Broken as usize);
    assert!(offset_of!(Control, done) == 4 * ControlWord::Done as usize);
};

/// The shared block (JS reads and writes the words [`ControlWord`] names).
#[repr(C)]
pub struct Control {
    /// Workers park on this word; bumped by every job and by every message JS posts them.
    signal: AtomicU32,
    /// Messages posted to the workers (bumped by JS); a worker that sees it move returns to
    /// its event loop to read them.
    mailbox: AtomicU32,
    /// Set by JS when a worker's `work` threw: the runtime thread stops waiting.
    broken: AtomicU32,
    /// Workgroups of the current job finished (run, skipped after a failure, or failed).
    done: AtomicU32,
    claim: AtomicU64,
    function: AtomicU32,
    env: AtomicU32,
    state: AtomicU32,
    count_x: AtomicU32,
    count_y: AtomicU32,
    count_z: AtomicU32,
    local_pages: AtomicU32,
    /// `(workgroup index + 1) | processor << 32`: the first failure, 0 if none.
    failure: AtomicU64,
    failure_status: AtomicU32,
    /// Written only by the thread whose failure won `failure`, read after the job is done.
    failure_text: UnsafeCell<TrapText>,
}

// SAFETY: `failure_text` is written by exactly one thread (the winner of `failure`) before it
// counts its workgroup done, and read by the runtime thread only after every workgroup is.
unsafe impl Sync for Control {}

static CONTROL: Control = Control {
    signal: AtomicU32::new(0),
    mailbox: AtomicU32::new(0),
    broken: AtomicU32::new(0),
    done: AtomicU32::new(0),
    claim: AtomicU64::new(CLOSED as u64),
    function: AtomicU32::new(0),
    env: AtomicU32::new(0),
    state: AtomicU32::new(0),
    count_x: AtomicU32::new(0),
    count_y: AtomicU32::new(0),
    count_z: AtomicU32::new(0),
    local_pages: AtomicU32::new(0),
    failure: AtomicU64::new(0),
    failure_status: AtomicU32::new(0),
    failure_text: UnsafeCell::new(TrapText::new()),
};

/// Threads that run workgroups (1: the runtime thread alone).
static THREADS: AtomicU32 = AtomicU32::new(1);
/// Function table slot of the kernel trampoline (the same in every thread's table).
static TRAMPOLINE: AtomicU32 = AtomicU32::new(0);
/// Workgroups run per processor since the last `take_workgroup_counts` (tests).
#[cfg(feature = "workgroup-counts")]
static RUN_BY_PROCESSOR: [AtomicU32; MAX_THREADS as usize] =
    [const { AtomicU32::new(0) }; MAX_THREADS as usize];

/// Sets the pool size and the trampoline slot; returns the address of the control block.
pub fn configure(threads: u32, trampoline: u32) -> u32 {
    THREADS.store(threads.clamp(1, MAX_THREADS), SeqCst);
    TRAMPOLINE.store(trampoline, SeqCst);
    &CONTROL as *const Control as usize as u32
}

pub fn threads() -> u32 {
    THREADS.load(SeqCst)
}

/// Workgroups each processor ran since the last call (index = processor id), then zeroes them.
#[cfg(feature = "workgroup-counts")]
pub fn take_workgroup_counts() -> alloc::vec::Vec<u32> {
    (0..threads() as usize)
        .map(|p| RUN_BY_PROCESSOR[p].swap(0, SeqCst))
        .collect()
}

/// One dispatch's invariant part.
#[derive(Clone, Copy)]
pub struct Job {
    pub function: u32,
    pub env: u32,
    pub state: u32,
    pub count: [u32; 3],
    pub local_pages: u32,
}

impl Job {
    fn total(&self) -> u32 {
        // Wrapping: a worker may read a torn newer job, whose claims then fail.
        self.count[0]
            .wrapping_mul(self.count[1])
            .wrapping_mul(self.count[2])
    }

    fn workgroup(&self, index: u32) -> [u32; 3] {
        let [cx, cy, _] = self.count;
        [index % cx, (index / cx) % cy, index / (cx * cy)]
    }

    /// Runs workgroup `index` on processor `processor`.
    fn run(&self, index: u32, wg: &mut WorkgroupState, trap: &mut TrapText) -> Result<(), Failure> {
        let [x, y, z] = self.workgroup(index);
        wg.workgroup_id_x = x;
        wg.workgroup_id_y = y;
        wg.workgroup_id_z = z as u16;
        trap.len = 0;
        let status = call_kernel(self.function, self.env, self.state, wg, trap);
        #[cfg(feature = "workgroup-counts")]
        RUN_BY_PROCESSOR[wg.processor_id as usize].fetch_add(1, SeqCst);
        if status == 0 {
            return Ok(());
        }
        Err(Failure::Workgroup {
            workgroup: [x, y, z],
            processor: wg.processor_id,
            status,
            trap: (trap.len > 0).then(|| trap.text()),
        })
    }
}

/// Calls `function(env, state, workgroup)` through the trampoline.
fn call_kernel(
    function: u32,
    env: u32,
    state: u32,
    wg: &mut WorkgroupState,
    trap: &mut TrapText,
) -> i32 {
    // SAFETY: the trampoline slot holds, in every thread's table, a function of wasm type
    // (i32, i32, i32, i32, i32) -> i32 (kernel-host.mjs installs it before any dispatch), which
    // this signature lowers to; a wasm function pointer is its table index.
    let trampoline: extern "C" fn(u32, u32, u32, u32, u32) -> i32 =
        unsafe { core::mem::transmute(TRAMPOLINE.load(SeqCst) as usize) };
    trampoline(
        function,
        env,
        state,
        wg as *mut WorkgroupState as usize as u32,
        trap as *mut TrapText as usize as u32,
    )
}

/// This thread's local memory for a job (`pages` of it), or the failure to allocate it.
fn local_memory(pages: u32) -> Result<Option<Block>, ()> {
    if pages == 0 {
        return Ok(None);
    }
    Block::zeroed((pages * LOCAL_MEMORY_PAGE_SIZE) as usize)
        .map(Some)
        .map_err(|_| ())
}

fn workgroup_state(processor: u32, local: &Option<Block>, pages: u32) -> WorkgroupState {
    WorkgroupState {
        processor_id: processor,
        local_memory: local.as_ref().map_or(0, |b| b.address() as u32),
        local_memory_size: if local.is_some() {
            pages * LOCAL_MEMORY_PAGE_SIZE
        } else {
            0
        },
        ..WorkgroupState::default()
    }
}

/// Runs every workgroup of `job`: on this thread alone when the pool has one thread or the grid
/// one workgroup, otherwise together with the pool workers. This thread is processor 0 and
/// uses `local` as its local memory (`job.local_pages` pages, or none).
pub fn run(job: &Job, local: &Option<Block>) -> Result<(), Failure> {
    let total = job.total();
    let mut wg = workgroup_state(0, local, job.local_pages);
    let mut trap = TrapText::new();
    if threads() == 1 || total <= 1 {
        for index in 0..total {
            job.run(index, &mut wg, &mut trap)?;
        }
        return Ok(());
    }
    let c = &CONTROL;
    let generation = ((c.claim.load(SeqCst) >> 32) as u32).wrapping_add(1);
    c.claim.store(claim_word(generation, CLOSED), SeqCst);
    c.function.store(job.function, SeqCst);
    c.env.store(job.env, SeqCst);
    c.state.store(job.state, SeqCst);
    c.count_x.store(job.count[0], SeqCst);
    c.count_y.store(job.count[1], SeqCst);
    c.count_z.store(job.count[2], SeqCst);
    c.local_pages.store(job.local_pages, SeqCst);
    c.done.store(0, SeqCst);
    c.failure.store(0, SeqCst);
    c.claim.store(claim_word(generation, 0), SeqCst);
    c.signal.fetch_add(1, SeqCst);
    // SAFETY: a valid, aligned address in this memory; notify never traps on shared memory.
    unsafe { wasm32::memory_atomic_notify(c.signal.as_ptr().cast(), threads() - 1) };

    participate(job, generation, &mut wg, &mut trap);
    loop {
        let done = c.done.load(SeqCst);
        if done >= total {
            break;
        }
        if c.broken.load(SeqCst) != 0 {
            return Err(Failure::PoolStopped);
        }
        // SAFETY: as above; this thread may block (JS gives the pool only to threads that can).
        unsafe { wasm32::memory_atomic_wait32(c.done.as_ptr().cast(), done as i32, -1) };
    }
    match c.failure.load(SeqCst) {
        0 => Ok(()),
        f => {
            let index = (f as u32) - 1;
            // SAFETY: see `Control`'s Sync impl: the job is done, nobody writes it now.
            let text = unsafe { &*c.failure_text.get() };
            Err(Failure::Workgroup {
                workgroup: job.workgroup(index),
                processor: (f >> 32) as u32,
                status: c.failure_status.load(SeqCst) as i32,
                trap: (text.len > 0).then(|| text.text()),
            })
        }
    }
}

fn claim_word(generation: u32, index: u32) -> u64 {
    (generation as u64) << 32 | index as u64
}

/// Claims and runs workgroups of job `generation` until none is left or the job changed.
fn participate(job: &Job, generation: u32, wg: &mut WorkgroupState, trap: &mut TrapText) {
    let c = &CONTROL;
    let total = job.total();
    loop {
        let word = c.claim.load(SeqCst);
        let index = word as u32;
        if (word >> 32) as u32 != generation || index >= total {
            return;
        }
        if c.claim
            .compare_exchange(word, word + 1, SeqCst, SeqCst)
            .is_err()
        {
            continue;
        }
        // After a failure the rest is only counted, so the dispatch ends soon.
        if c.failure.load(SeqCst) == 0 {
            if let Err(f) = job.run(index, wg, trap) {
                record(index, &f, trap);
            }
        }
        if c.done.fetch_add(1, SeqCst) + 1 == total {
            // SAFETY: valid aligned address in shared memory.
            unsafe { wasm32::memory_atomic_notify(c.done.as_ptr().cast(), 1) };
        }
    }
}

fn record(index: u32, f: &Failure, trap: &TrapText) {
    let Failure::Workgroup {
        processor, status, ..
    } = f
    else {
        return;
    };
    let c = &CONTROL;
    let word = (index as u64 + 1) | (*processor as u64) << 32;
    if c.failure.compare_exchange(0, word, SeqCst, SeqCst).is_ok() {
        c.failure_status.store(*status as u32, SeqCst);
        // SAFETY: only the winner of `failure` writes the text (see `Control`).
        let text = unsafe { &mut *c.failure_text.get() };
        text.len = trap.len.min(text.bytes.len() as u32);
        text.bytes = trap.bytes;
    }
}

/// A pool worker's share of the current job (called by JS whenever the signal moved).
/// `handled`: the messages the worker has handled. A worker may be behind (still starting, or
/// instantiating a program's kernels); JS counts every message in the mailbox before it is
/// sent, so before any job that could use the kernels it brings, and a worker that has not
/// caught up with the mailbox stays out.
pub fn work(processor: u32, handled: u32) {
    let c = &CONTROL;
    let word = c.claim.load(SeqCst);
    let (generation, index) = ((word >> 32) as u32, word as u32);
    if index == CLOSED
        || processor == 0
        || processor >= threads()
        || c.mailbox.load(SeqCst) != handled
    {
        return;
    }
    // Fields of a newer job may be read half-written: then every claim below fails, because
    // the counter moved to that job's generation before its fields were written.
    let job = Job {
        function: c.function.load(SeqCst),
        env: c.env.load(SeqCst),
        state: c.state.load(SeqCst),
        count: [
            c.count_x.load(SeqCst),
            c.count_y.load(SeqCst),
            c.count_z.load(SeqCst),
        ],
        local_pages: c.local_pages.load(SeqCst),
    };
    let mut trap = TrapText::new();
    // Without local memory this worker leaves the job to the others.
    if let Ok(local) = local_memory(job.local_pages) {
        let mut wg = workgroup_state(processor, &local, job.local_pages);
        participate(&job, generation, &mut wg, &mut trap);
    }
}
