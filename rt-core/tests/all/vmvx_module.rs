//! The `vmvx` module as a whole: its name, version and export table (names and calling
//! conventions exactly as upstream's `exports.inl`), `query_tile_sizes.2d`, call errors, and
//! the programs of `tests/programs/ukernels` compiled by iree-compile 3.13.0 for
//! `vmvx-ukernels`: their nested VMVX executables import only functions this module exports,
//! with the same calling conventions, and link against it in a `Context`.

use crate::Test;
use crate::vmvx_support;
use weft_test_support as support;

use std::collections::BTreeSet;
use std::rc::Rc;

use rt_core::modules::vmvx::VmvxModule;
use rt_core::vm::{BytecodeModule, Context, NativeModule, Value};
use rt_core::{vmfb, ErrorKind};
use vmvx_support::*;

/// Upstream's export table (runtime/src/iree/modules/vmvx/exports.inl), as `name cconv`.
const UPSTREAM: &[(&str, &str)] = &[
    ("abs.2d.f32", "0rIIIrIIIII_v"),
    ("add.2d.f32", "0rIIIrIIIrIIIII_v"),
    ("add.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("and.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("ceil.2d.f32", "0rIIIrIIIII_v"),
    ("copy.2d.x16", "0rIIIrIIIII_v"),
    ("copy.2d.x32", "0rIIIrIIIII_v"),
    ("copy.2d.x64", "0rIIIrIIIII_v"),
    ("copy.2d.x8", "0rIIIrIIIII_v"),
    ("ctlz.2d.i32", "0rIIIrIIIII_v"),
    ("div.2d.f32", "0rIIIrIIIrIIIII_v"),
    ("divs.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("divu.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("exp.2d.f32", "0rIIIrIIIII_v"),
    ("fill.2d.x32", "0irIIII_v"),
    ("floor.2d.f32", "0rIIIrIIIII_v"),
    ("log.2d.f32", "0rIIIrIIIII_v"),
    ("mmt4d", "0rIIrIIrIIIIIiiii_v"),
    ("mul.2d.f32", "0rIIIrIIIrIIIII_v"),
    ("mul.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("neg.2d.f32", "0rIIIrIIIII_v"),
    ("or.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("pack", "0rIIIrIIIIIIIIIIi_v"),
    ("query_tile_sizes.2d", "0IIi_II"),
    ("rsqrt.2d.f32", "0rIIIrIIIII_v"),
    ("shl.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("shrs.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("shru.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("sub.2d.f32", "0rIIIrIIIrIIIII_v"),
    ("sub.2d.i32", "0rIIIrIIIrIIIII_v"),
    ("unpack", "0rIIIrIIIIIIIIIi_v"),
    ("xor.2d.i32", "0rIIIrIIIrIIIII_v"),
];

fn exports_match_upstream() {
    let module = VmvxModule::new();
    assert_eq!(module.name(), "vmvx");
    assert_eq!(module.version(), 0);
    let ours: Vec<(&str, &str)> = module
        .functions()
        .iter()
        .map(|f| (f.name, f.cconv))
        .collect();
    assert_eq!(ours, UPSTREAM);
    for (_, cconv) in UPSTREAM {
        rt_core::cconv::parse(cconv).unwrap();
    }
}

fn query_tile_sizes_answers_the_generic_matmul_tile() {
    // (operation, role) -> tile sizes; every matmul kind gets M0 = 8, K0 = 4, N0 = 8.
    for operation in 1..=6u32 {
        for (role, want) in [(1u32, (8, 4)), (2, (8, 4)), (3, (8, 8))] {
            let flags = (operation << 8 | role) as i32;
            let results = ok(
                "query_tile_sizes.2d",
                &[i(13), i(-9223372036854775808), i32v(flags)],
            );
            assert_eq!(
                results,
                vec![Value::I64(want.0), Value::I64(want.1)],
                "flags {flags:#x}"
            );
        }
    }
    let message = trap("query_tile_sizes.2d", &[i(1), i(1), i32v(0x104)]);
    assert!(
        message.contains("operand role 0x4 (flags 0x104) is unknown"),
        "{message}"
    );
    let message = trap("query_tile_sizes.2d", &[i(1), i(1), i32v(0x701)]);
    assert!(
        message.contains("operation 0x700 (flags 0x701) is not a matmul"),
        "{message}"
    );
    let message = trap("query_tile_sizes.2d", &[i(1), i(1), i32v(0x10101)]);
    assert!(message.contains("unknown flag bits 0x10000"), "{message}");
}

fn a_bad_ordinal_is_an_error() {
    let mut module = VmvxModule::new();
    let e = module.call(99, &[], &mut Vec::new()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidArgument(_)), "{e}");
    assert!(
        e.to_string()
            .contains("ordinal 99 is out of range (the module has 32 functions)"),
        "{e}"
    );
}

/// The nested executables of a compiled program: rodata segments that are `.vmfb` files.
fn nested_executables(bytes: &[u8]) -> Vec<Vec<u8>> {
    let outer = vmfb::parse(bytes).unwrap();
    outer
        .rodata_segments
        .iter()
        .filter(|s| s.starts_with(b"PK\x03\x04") || s.get(8..12) == Some(b"IREE"))
        .map(|s| s.to_vec())
        .collect()
}

fn ukernel_programs_import_only_what_vmvx_exports() {
    let module = VmvxModule::new();
    let mut imported = BTreeSet::new();
    for fixture in support::fixtures("ukernels") {
        let executables = nested_executables(&fixture.bytes());
        assert!(
            !executables.is_empty(),
            "{}: no nested executables",
            fixture.stem
        );
        for exe in executables {
            let def = vmfb::parse(&exe).unwrap();
            assert!(
                !def.imported_functions.is_empty(),
                "{}: {} imports nothing",
                fixture.stem,
                def.name
            );
            for import in &def.imported_functions {
                let name = import.full_name.strip_prefix("vmvx.").unwrap_or_else(|| {
                    panic!(
                        "{}: import {} is not from vmvx",
                        fixture.stem, import.full_name
                    )
                });
                let export = module
                    .functions()
                    .iter()
                    .find(|f| f.name == name)
                    .unwrap_or_else(|| {
                        panic!(
                            "{}: imports vmvx.{name}, which vmvx does not export",
                            fixture.stem
                        )
                    });
                assert_eq!(
                    import.signature.calling_convention, export.cconv,
                    "{}: vmvx.{name}",
                    fixture.stem
                );
                imported.insert(name.to_string());
            }
            let dependency = def
                .dependencies
                .iter()
                .find(|d| d.name == "vmvx")
                .expect("a vmvx dependency");
            assert!(dependency.minimum_version <= module.version());

            // And the executable links against the module.
            let mut context = Context::new();
            context
                .register_native(Box::new(VmvxModule::new()))
                .unwrap();
            let loaded = BytecodeModule::load(Rc::<[u8]>::from(exe.into_boxed_slice())).unwrap();
            context
                .register_bytecode(loaded)
                .unwrap_or_else(|e| panic!("{}: {e}", fixture.stem));
        }
    }
    // Between them the programs use every export but `shru.2d.i32`: 3.13.0's VMVX microkernel
    // lowering (VMVXLowerLinalgMicrokernels) maps shli and shrsi but not shrui, so
    // `elementwise.mlir`'s arith.shrui stays a VM loop.
    let all: BTreeSet<String> = UPSTREAM
        .iter()
        .map(|(n, _)| n.to_string())
        .filter(|n| n != "shru.2d.i32")
        .collect();
    assert_eq!(
        imported,
        all,
        "exports no program imports: {:?}",
        all.difference(&imported).collect::<Vec<_>>()
    );
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("exports_match_upstream", exports_match_upstream),
    ("query_tile_sizes_answers_the_generic_matmul_tile", query_tile_sizes_answers_the_generic_matmul_tile),
    ("a_bad_ordinal_is_an_error", a_bad_ordinal_is_an_error),
    ("ukernel_programs_import_only_what_vmvx_exports", ukernel_programs_import_only_what_vmvx_exports),
];
