//! Finds the wasm executables a program embeds, so they can be linked and compiled (which is
//! asynchronous in JS) before the program's `__init` creates them synchronously.
//!
//! `hal.executable.create` takes its format string and its bytes from rodata segments: a
//! program with wasm kernels has a `system-wasm-wasm_32` string segment and one external
//! segment per executable that starts with the wasm magic.

use alloc::vec::Vec;
use rt_core::ModuleDef;

use crate::abi::FORMAT;

const WASM_MAGIC: &[u8] = b"\0asm";

/// One wasm executable: its rodata segment and bytes.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    pub segment: usize,
    pub bytes: &'a [u8],
}

/// Every wasm executable in `module`'s rodata, in segment order; empty when the program has
/// no `system-wasm-wasm_32` executables (scalar programs, VMVX programs).
pub fn wasm_executables<'a>(module: &ModuleDef<'a>) -> Vec<Found<'a>> {
    let segments = &module.rodata_segments;
    if !segments.iter().any(|s| *s == FORMAT.as_bytes()) {
        return Vec::new();
    }
    segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.starts_with(WASM_MAGIC))
        .map(|(segment, bytes)| Found { segment, bytes })
        .collect()
}

/// FNV-1a over the bytes: identifies a prepared executable when `hal.executable.create`
/// later hands the loader the same rodata (together with the length).
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use weft_test_support::fixture;

    #[test]
    fn finds_the_side_module_of_a_wasm32_program() {
        let bytes = fixture("linker", "matmul.wasm32").bytes();
        let def = rt_core::vmfb::parse(&bytes).unwrap();
        let found = wasm_executables(&def);
        assert_eq!(found.len(), 1);
        assert!(linker::plan(found[0].bytes).is_ok());
    }

    #[test]
    fn scalar_programs_have_none() {
        let bytes = fixture("vm", "i32_arith.vmvx").bytes();
        let def = rt_core::vmfb::parse(&bytes).unwrap();
        assert!(wasm_executables(&def).is_empty());
    }

    #[test]
    fn fingerprints_differ() {
        assert_ne!(fingerprint(b"\0asm\x01"), fingerprint(b"\0asm\x02"));
    }
}
