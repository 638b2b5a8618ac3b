//! The verifier rejects corrupted real modules with an error that names the function, the pc
//! and what was wrong, before any code runs; loading never panics on a truncated file.

use crate::Test;
use weft_test_support as support;

use rt_core::isa::{Op, IMPORT_BIT, REF_BIT};
use rt_core::vm::BytecodeModule;
use rt_core::{verify, vmfb, ErrorKind};

/// Absolute file offset of instruction `nth` with opcode `op` in export `function`.
fn find(bytes: &[u8], function: &str, op: Op, nth: usize) -> usize {
    let def = vmfb::parse(bytes).unwrap();
    let ordinal = def.exported_functions.iter().find(|e| e.local_name == function).unwrap().internal_ordinal as usize;
    let code = def.function_bytecode(ordinal).unwrap();
    let base = code.as_ptr() as usize - bytes.as_ptr() as usize;
    let pcs: Vec<usize> = verify::instructions(&def, ordinal)
        .unwrap()
        .into_iter()
        .filter(|&(_, o)| o == op)
        .map(|(pc, _)| pc)
        .collect();
    base + *pcs.get(nth).unwrap_or_else(|| panic!("{function} has no {} #{nth}", op.mnemonic()))
}

fn load_error(bytes: Vec<u8>) -> ErrorKind {
    match BytecodeModule::load(bytes) {
        Ok(_) => panic!("corrupted module was accepted"),
        Err(e) => e.kind().clone(),
    }
}

fn assert_verify_error(kind: ErrorKind, function: &str, needle: &str) {
    match &kind {
        ErrorKind::Verify { function: f, message, .. } => {
            assert_eq!(f, function);
            assert!(message.contains(needle), "message '{message}' lacks '{needle}'");
        }
        other => panic!("expected a verify error about '{needle}', got {other:?}"),
    }
}

fn loop_module() -> Vec<u8> {
    support::fixture("verify", "loop.vmvx").bytes()
}

fn the_unmodified_fixtures_verify() {
    for f in support::fixtures("verify").iter().chain(&support::fixtures("smoke")).filter(|f| f.target == "vmvx") {
        BytecodeModule::load(f.bytes()).unwrap_or_else(|e| panic!("{}: {e}", f.stem));
    }
}

fn register_out_of_range() {
    let mut bytes = loop_module();
    // add.i32 = opcode, lhs u16, rhs u16, result u16.
    let at = find(&bytes, "count_up", Op::AddI32, 0) + 5;
    bytes[at..at + 2].copy_from_slice(&0x0700u16.to_le_bytes());
    assert_verify_error(load_error(bytes), "count_up", "register i1792 out of range");
}

fn ref_register_where_an_i32_belongs() {
    let mut bytes = loop_module();
    let at = find(&bytes, "count_up", Op::AddI32, 0) + 1;
    bytes[at..at + 2].copy_from_slice(&REF_BIT.to_le_bytes());
    assert_verify_error(load_error(bytes), "count_up", "not a ref");
}

fn branch_into_the_middle_of_a_block() {
    let mut bytes = loop_module();
    let at = find(&bytes, "count_up", Op::Branch, 0) + 1;
    let target = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    bytes[at..at + 4].copy_from_slice(&(target + 1).to_le_bytes());
    assert_verify_error(load_error(bytes), "count_up", "is not the start of a block");
}

fn unknown_opcode() {
    let mut bytes = loop_module();
    let at = find(&bytes, "count_up", Op::AddI32, 0);
    bytes[at] = 0xA0;
    assert_verify_error(load_error(bytes), "count_up", "unknown opcode 0xa0");
}

fn import_ordinal_out_of_range() {
    let mut bytes = support::fixture("smoke", "tensor_abs.vmvx").bytes();
    let at = find(&bytes, "abs", Op::Call, 0) + 1;
    bytes[at..at + 4].copy_from_slice(&(IMPORT_BIT | 999).to_le_bytes());
    assert_verify_error(load_error(bytes), "abs", "import ordinal 999 out of range");
}

fn wrong_bytecode_version() {
    // The version field holds 17 << 16; rewriting it to 18.0 must be refused by name.
    let bytes = loop_module();
    let needle = 0x0011_0000u32.to_le_bytes();
    let mut refused = 0;
    for at in (0..bytes.len() - 3).filter(|&i| bytes[i..i + 4] == needle) {
        let mut copy = bytes.clone();
        copy[at..at + 4].copy_from_slice(&0x0012_0000u32.to_le_bytes());
        if let Err(e) = BytecodeModule::load(copy) {
            if let ErrorKind::UnsupportedVersion { found_major: 18, found_minor: 0 } = e.kind() {
                let text = e.to_string();
                assert!(text.contains("17.x") && text.contains("3.13.0"), "{text}");
                refused += 1;
            }
        }
    }
    assert_eq!(refused, 1, "exactly one u32 in the file is the bytecode version");
}

/// The end of the last byte a module needs: its FlatBuffer and every rodata segment (a ZIP
/// central directory after them may be cut without losing anything).
fn needed_len(bytes: &[u8]) -> usize {
    let end = |part: &[u8]| part.as_ptr() as usize - bytes.as_ptr() as usize + part.len();
    let archive = vmfb::split(bytes).unwrap();
    let def = vmfb::parse(bytes).unwrap();
    def.rodata_segments.iter().filter(|s| !s.is_empty()).map(|s| end(s)).fold(end(archive.flatbuffer), usize::max)
}

fn every_truncation_is_an_error_not_a_panic() {
    for fixture in [support::fixture("verify", "loop.vmvx"), support::fixture("smoke", "tensor_abs.vmvx")] {
        let bytes = fixture.bytes();
        let needed = needed_len(&bytes);
        for len in 0..bytes.len() {
            let loaded = BytecodeModule::load(bytes[..len].to_vec());
            assert_eq!(loaded.is_ok(), len >= needed, "{}: prefix of {len} bytes (module needs {needed})", fixture.stem);
        }
    }
}

/// File offsets of the (src, dst) registers of every branch operand remap in every function of
/// `bytes` (br: opcode, u32 target, then the list aligned to 2: u16 count, count pairs).
fn remap_pairs(bytes: &[u8]) -> Vec<(usize, usize)> {
    let def = vmfb::parse(bytes).unwrap();
    let mut out = Vec::new();
    for ordinal in 0..def.function_descriptors.len() {
        let code = def.function_bytecode(ordinal).unwrap();
        let base = code.as_ptr() as usize - bytes.as_ptr() as usize;
        for (pc, op) in verify::instructions(&def, ordinal).unwrap() {
            if op != Op::Branch {
                continue;
            }
            let list = (pc + 5 + 1) & !1;
            let count = u16::from_le_bytes([code[list], code[list + 1]]) as usize;
            for k in 0..count {
                let src = base + list + 2 + 4 * k;
                out.push((src, src + 2));
            }
        }
    }
    out
}

fn a_branch_remap_between_banks_is_refused() {
    // Campaign mutant (issue 13): a remap moving a ref register into an i32 register passed
    // the verifier (each register was in range for its own bank), and the branch then moved
    // the ref into the ref bank at the i32 register's index: an index-out-of-bounds panic.
    let mut refused = 0;
    for f in support::fixtures("smoke").iter().chain(&support::fixtures("verify")).filter(|f| f.target == "vmvx") {
        let original = f.bytes();
        for (src, dst) in remap_pairs(&original) {
            let reg = |at: usize| u16::from_le_bytes([original[at], original[at + 1]]);
            // Give the destination the source's other bank, keeping its index.
            let mut bytes = original.clone();
            let moved = reg(dst) ^ REF_BIT;
            bytes[dst..dst + 2].copy_from_slice(&moved.to_le_bytes());
            match BytecodeModule::load(bytes) {
                Ok(_) => panic!("{}: a remap of {:#06x} to {moved:#06x} was accepted", f.stem, reg(src)),
                Err(e) => {
                    let message = e.to_string();
                    refused += message.contains("one is a ref register and the other is not") as usize;
                }
            }
        }
    }
    assert!(refused > 0, "no remap pair of the fixtures could be moved across banks within range");
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("the_unmodified_fixtures_verify", the_unmodified_fixtures_verify),
    ("register_out_of_range", register_out_of_range),
    ("ref_register_where_an_i32_belongs", ref_register_where_an_i32_belongs),
    ("branch_into_the_middle_of_a_block", branch_into_the_middle_of_a_block),
    ("unknown_opcode", unknown_opcode),
    ("import_ordinal_out_of_range", import_ordinal_out_of_range),
    ("wrong_bytecode_version", wrong_bytecode_version),
    ("every_truncation_is_an_error_not_a_panic", every_truncation_is_an_error_not_a_panic),
    ("a_branch_remap_between_banks_is_refused", a_branch_remap_between_banks_is_refused),
];
