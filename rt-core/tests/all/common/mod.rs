//! Helpers of rt-core's integration tests that need rt-core itself; what needs only the
//! repository's files (fixtures, directives, oracle records) is in the weft-test-support crate.

pub mod calls;
pub mod counting_alloc;
pub mod flatbuffer;
pub mod programs;
pub mod replay;

use weft_test_support::{fixtures, Fixture};

/// The programs the `.vmfb` reader tests read: the reader and smoke suites.
pub fn all_fixtures() -> Vec<Fixture> {
    let mut v = fixtures("reader");
    v.extend(fixtures("smoke"));
    v
}
