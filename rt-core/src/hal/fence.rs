//! Semaphores (timeline values) and fences (a set of semaphore timepoints).
//!
//! The device runs work when it is submitted, so a timepoint is either reached when its
//! submission returns or never: nothing signals a semaphore later on its own. Waits on an
//! unreached timepoint therefore fail (or time out) instead of blocking forever.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::any::Any;
use core::cell::{Cell, RefCell};

use crate::vm::Object;
use crate::{Error, Result};

/// `iree_status_code_t` values fences report.
pub mod status {
    pub const OK: i32 = 0;
    pub const DEADLINE_EXCEEDED: i32 = 4;
    pub const ABORTED: i32 = 10;
    pub const DEFERRED: i32 = 17;
}

#[derive(Default)]
pub struct Semaphore {
    value: Cell<u64>,
    /// Set when a fence over this semaphore was failed: the status code and why.
    failure: RefCell<Option<(i32, String)>>,
}

impl Semaphore {
    pub fn new(initial: u64) -> Rc<Semaphore> {
        Rc::new(Semaphore { value: Cell::new(initial), failure: RefCell::new(None) })
    }

    pub fn value(&self) -> u64 {
        self.value.get()
    }

    pub fn signal(&self, value: u64) {
        self.value.set(self.value.get().max(value));
    }

    pub fn fail(&self, code: i32, why: String) {
        self.failure.borrow_mut().get_or_insert((code, why));
    }

    pub fn failure(&self) -> Option<(i32, String)> {
        self.failure.borrow().clone()
    }
}

/// The state of a fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FenceState {
    Reached,
    Pending { value: u64, waiting_for: u64 },
    Failed { code: i32, why: String },
}

#[derive(Default)]
pub struct Fence {
    timepoints: RefCell<Vec<(Rc<Semaphore>, u64)>>,
}

impl Object for Fence {
    fn type_name(&self) -> &'static str {
        "hal.fence"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Fence {
    /// A fence over one new semaphore at 0, reached at 1 (what `hal.fence.create` makes).
    pub fn new_single() -> Fence {
        let f = Fence::default();
        f.insert(Semaphore::new(0), 1);
        f
    }

    /// Adds a timepoint; one semaphore appears once, at the larger value.
    pub fn insert(&self, semaphore: Rc<Semaphore>, value: u64) {
        let mut tps = self.timepoints.borrow_mut();
        match tps.iter_mut().find(|(s, _)| Rc::ptr_eq(s, &semaphore)) {
            Some((_, v)) => *v = (*v).max(value),
            None => tps.push((semaphore, value)),
        }
    }

    pub fn timepoint_count(&self) -> usize {
        self.timepoints.borrow().len()
    }

    pub fn timepoints(&self) -> Vec<(Rc<Semaphore>, u64)> {
        self.timepoints.borrow().clone()
    }

    pub fn state(&self) -> FenceState {
        let mut pending = None;
        for (s, v) in self.timepoints.borrow().iter() {
            if let Some((code, why)) = s.failure() {
                return FenceState::Failed { code, why };
            }
            if s.value() < *v && pending.is_none() {
                pending = Some(FenceState::Pending { value: s.value(), waiting_for: *v });
            }
        }
        pending.unwrap_or(FenceState::Reached)
    }

    pub fn signal(&self) {
        for (s, v) in self.timepoints.borrow().iter() {
            s.signal(*v);
        }
    }

    pub fn fail(&self, code: i32, why: String) {
        for (s, _) in self.timepoints.borrow().iter() {
            s.fail(code, why.clone());
        }
    }

    /// Checks a fence a queue operation waits on: it must be reached already, since nothing
    /// will signal it while this submission waits.
    pub fn check_reached(fence: Option<&Fence>, operation: &str) -> Result<()> {
        match fence.map(Fence::state) {
            None | Some(FenceState::Reached) => Ok(()),
            Some(FenceState::Failed { why, .. }) => {
                Err(Error::invalid_argument(format!("{operation}: its wait fence failed: {why}")))
            }
            Some(FenceState::Pending { value, waiting_for }) => Err(Error::invalid_argument(format!(
                "{operation}: its wait fence is not signalled (semaphore at {value}, waiting for {waiting_for}) \
                 and nothing will signal it: this device runs work synchronously when it is submitted"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn join_keeps_the_larger_timepoint() {
        let s = Semaphore::new(0);
        let f = Fence::default();
        f.insert(s.clone(), 1);
        f.insert(s.clone(), 3);
        assert_eq!(f.timepoint_count(), 1);
        s.signal(2);
        assert_eq!(f.state(), FenceState::Pending { value: 2, waiting_for: 3 });
        f.signal();
        assert_eq!(f.state(), FenceState::Reached);
        assert!(Fence::check_reached(Some(&f), "x").is_ok());
        let g = Fence::new_single();
        assert!(Fence::check_reached(Some(&g), "queue.execute").unwrap_err().to_string().contains("nothing will signal it"));
        g.fail(status::ABORTED, "boom".into());
        assert!(matches!(g.state(), FenceState::Failed { code: 10, .. }));
    }
}
