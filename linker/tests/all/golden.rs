//! Rewrites as text: each `tests/golden/NAME.wat` is linked and the module after every pass is
//! compared with `tests/golden/NAME.N-PASS.wat` (wasmprinter output). `BLESS=1 cargo test -p
//! linker --test all golden::` rewrites the expected files.

use crate::common::*;
use std::path::Path;

fn check(name: &str, got: &str, expected: &Path) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(expected, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(expected).unwrap_or_else(|_| {
        panic!(
            "{} missing: run with BLESS=1 to create it",
            expected.display()
        )
    });
    if want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: output differs from {} at line {}:\n  want: {}\n  got:  {}\n(BLESS=1 to accept)",
            expected.display(),
            first + 1,
            want.lines().nth(first).unwrap_or(""),
            got.lines().nth(first).unwrap_or("")
        );
    }
}

fn golden(name: &str, bindings: linker::Bindings<'_>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let input = wat::parse_file(dir.join(format!("{name}.wat"))).unwrap();
    let plan = linker::plan(&input).unwrap();
    let steps =
        linker::link_steps(&input, &plan, &bindings).unwrap_or_else(|e| panic!("{name}: {e}"));
    for (i, (pass, bytes)) in steps.iter().enumerate() {
        linker::validate(bytes).unwrap_or_else(|e| panic!("{name} after {pass}: {e}"));
        check(
            name,
            &print(bytes),
            &dir.join(format!("{name}.{}-{pass}.wat", i + 1)),
        );
    }
    let last = &steps.last().unwrap().1;
    assert_eq!(print(&linker::passes::identity(last).unwrap()), print(last));
}

#[test]
fn side_module_rewrites() {
    let input =
        wat::parse_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/side.wat"))
            .unwrap();
    let plan = linker::plan(&input).unwrap();
    assert_eq!(
        plan.memory,
        linker::Region {
            size: 28,
            align: 16
        }
    );
    assert_eq!(
        plan.stack,
        Some(linker::Region {
            size: linker::DEFAULT_STACK_SIZE,
            align: 16
        })
    );
    assert!(plan
        .imports
        .iter()
        .any(|i| i.resolution == linker::Resolution::GotMem("counter".into())));
    assert!(plan
        .imports
        .iter()
        .any(|i| i.resolution == linker::Resolution::GotFunc("helper".into())));
    // GOT.func.helper has no binding: reported with the missing function.
    let err = linker::link(
        &input,
        &plan,
        &linker::Bindings {
            memory_base: 1024,
            table_base: 3,
            memory: linker::MemoryLimits {
                initial_pages: 1,
                maximum_pages: 16,
            },
            functions: &[],
            got: &[],
        },
    )
    .unwrap_err();
    assert_eq!(
        err.kind,
        linker::ErrorKind::Unresolved(vec![
            "GOT.func.helper (table index)".into(),
            "env.fmaxf (function)".into()
        ])
    );
    golden(
        "side",
        linker::Bindings {
            memory_base: 1024,
            table_base: 3,
            memory: linker::MemoryLimits {
                initial_pages: 1,
                maximum_pages: 16,
            },
            functions: &[linker::FunctionBinding {
                symbol: "fmaxf",
                module: "weft",
                name: "fmaxf",
            }],
            got: &[("helper", 7)],
        },
    );
}

#[test]
fn f16_rewrites() {
    golden(
        "f16",
        linker::Bindings {
            memory_base: 64,
            table_base: 0,
            memory: linker::MemoryLimits {
                initial_pages: 1,
                maximum_pages: 2,
            },
            functions: &[],
            got: &[],
        },
    );
}

#[test]
fn a_module_invalid_for_another_reason_is_reported_with_its_place() {
    let input = wat::parse_str(
        r#"(module
          (@dylink.0 (mem-info (memory 0 0) (table 0 0)))
          (import "env" "memory" (memory 1))
          (func $good (result i32) (i32.const 1))
          (func $bad (export "bad") (result i32) (i32.add (i32.const 1) (f32.const 2))))"#,
    )
    .unwrap();
    let plan = linker::plan(&input).unwrap();
    let err = linker::link(
        &input,
        &plan,
        &linker::Bindings {
            memory_base: 16,
            table_base: 0,
            memory: linker::MemoryLimits {
                initial_pages: 1,
                maximum_pages: 1,
            },
            functions: &[],
            got: &[],
        },
    )
    .unwrap_err();
    assert_eq!(err.kind, linker::ErrorKind::Invalid);
    assert_eq!(err.section, "code");
    assert!(
        err.message.contains("type mismatch") && err.message.contains("function 1 `bad`"),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("invalid module: code section at byte 0x"),
        "{err}"
    );
}

#[test]
fn a_module_without_dylink_is_not_a_side_module() {
    let err = linker::plan(&wat::parse_str("(module)").unwrap()).unwrap_err();
    assert_eq!(err.kind, linker::ErrorKind::Unsupported);
    assert_eq!(err.section, "dylink.0");
}

#[test]
fn unknown_dylink_subsections_are_skipped() {
    // dylink.0 with mem-info (memory 0, align 2^2, table 0, align 2^0), an unknown subsection 42
    // and a `needed` list.
    let mut payload = vec![8u8];
    payload.extend(b"dylink.0");
    payload.extend([1, 4, 0, 2, 0, 0]);
    payload.extend([42, 3, b'x', b'y', b'z']);
    payload.extend([2, 6, 1, 4, b'l', b'i', b'b', b'm']);
    let mut module = b"\0asm\x01\0\0\0".to_vec();
    module.push(0);
    module.push(payload.len() as u8);
    module.extend(&payload);
    let info = linker::parse(&module).unwrap();
    let dylink = info.dylink.unwrap();
    assert_eq!(dylink.skipped_subsections, [42]);
    assert_eq!(dylink.memory_p2align, 2);
    let plan = linker::plan(&module).unwrap();
    assert_eq!(plan.needed, ["libm"]);
    assert_eq!(plan.memory.align, 4);
    // An unknown subsection claiming more bytes than the section has: a dylink.0 error.
    let mut payload = vec![8u8];
    payload.extend(b"dylink.0");
    payload.extend([1, 4, 0, 2, 0, 0]);
    payload.extend([42, 10, b'x', b'y', b'z']);
    let mut bad = b"\0asm\x01\0\0\0".to_vec();
    bad.push(0);
    bad.push(payload.len() as u8);
    bad.extend(&payload);
    let err = linker::plan(&bad).unwrap_err();
    assert_eq!(err.kind, linker::ErrorKind::Malformed);
    assert!(err.offset > 8 && err.offset <= bad.len() as u64, "{err}");
    assert_eq!(err.section, "dylink.0", "{err}");
}
