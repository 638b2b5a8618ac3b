//! Plans and links the real side modules IREE 3.13.0 compiled for tests/programs/linker.

use crate::common::*;
use linker::{ErrorKind, Resolution};

fn function_symbols(plan: &linker::Plan) -> Vec<&str> {
    plan.functions().map(|(s, _)| s).collect()
}

#[test]
fn every_fixture_plans_links_and_validates() {
    for name in FIXTURES {
        let module = side_module(name);
        let (plan, linked) = link_default(&module);
        // dylink.0: 16-byte aligned data, one table slot per kernel, the flag after the data.
        assert!(plan.data_size > 0, "{name}: no static data");
        assert_eq!(plan.memory.align, 16, "{name}");
        assert_eq!(
            plan.init_flag_offset,
            plan.data_size.div_ceil(4) * 4,
            "{name}"
        );
        assert_eq!(plan.memory.size, plan.init_flag_offset + 4, "{name}");
        assert_eq!(plan.table, linker::Region { size: 1, align: 1 }, "{name}");
        assert_eq!(plan.min_memory_pages, 1, "{name}");
        assert!(plan.needed.is_empty(), "{name}");
        assert!(
            plan.features.iter().any(|f| f == "+simd128"),
            "{name}: {:?}",
            plan.features
        );
        let exports: Vec<_> = plan
            .exports
            .iter()
            .map(|e| (e.name.as_str(), e.signature.as_ref().map(|s| s.to_string())))
            .collect();
        assert_eq!(
            exports,
            [
                (
                    "iree_hal_executable_library_query",
                    Some("(i32, i32) -> (i32)".to_string())
                ),
                ("__wasm_apply_data_relocs", Some("() -> ()".to_string()))
            ],
            "{name}"
        );
        // One kernel, at table_base.
        let slots: Vec<_> = plan.slots.iter().map(|s| s.to_string()).collect();
        assert_eq!(slots, ["(i32, i32, i32) -> (i32)"], "{name}");
        let kinds: Vec<_> = plan.imports.iter().map(|i| i.resolution.clone()).collect();
        for want in [
            Resolution::Memory,
            Resolution::Table,
            Resolution::MemoryBase,
            Resolution::TableBase,
        ] {
            assert_eq!(
                kinds.iter().filter(|k| **k == want).count(),
                1,
                "{name}: {want:?} in {kinds:?}"
            );
        }
        assert!(!plan
            .imports
            .iter()
            .any(|i| matches!(i.resolution, Resolution::GotMem(_) | Resolution::GotFunc(_))));

        // The output validates (threads, SIMD, bulk memory) and has the rewritten imports.
        linker::validate(&linked).unwrap_or_else(|e| panic!("{name}: {e}"));
        let imports = imports_of(&linked);
        assert_eq!(
            imports[0],
            (
                "env".into(),
                "memory".into(),
                "memory 4..Some(256) shared".into()
            ),
            "{name}"
        );
        assert_eq!(
            imports[1],
            (
                "env".into(),
                "__indirect_function_table".into(),
                "table 2".into()
            ),
            "{name}"
        );
        let rest: Vec<_> = imports[2..]
            .iter()
            .map(|(m, n, k)| format!("{m}.{n}:{k}"))
            .collect();
        let mut want: Vec<String> = Vec::new();
        if plan.stack.is_some() {
            want.push("env.__weft_stack_top:global I32".into());
        }
        want.extend(
            function_symbols(&plan)
                .iter()
                .map(|s| format!("weft.{s}:func")),
        );
        assert_eq!(rest, want, "{name}: linked imports");

        let info = linker::parse(&linked).unwrap();
        assert!(
            info.data.iter().all(|d| d.active.is_none()),
            "{name}: active data left"
        );
        assert!(info.has_data_count, "{name}: no DataCount section");
        assert!(
            info.exported_func(linker::INIT_EXPORT).is_some(),
            "{name}: no init export"
        );
        assert!(info.dylink.is_some(), "{name}: dylink.0 dropped");
        let original = linker::parse(&module).unwrap().dylink.unwrap();
        assert_eq!(
            original.skipped_subsections,
            [6],
            "{name}: expected only the target-arch subsection"
        );
        eprintln!(
            "{name}: data {} B, imports {:?}",
            plan.data_size,
            imports_of(&module)
        );
    }
}

#[test]
fn import_lists_per_fixture() {
    let plan = |n| linker::plan(&side_module(n)).unwrap();
    for name in ["elementwise", "matmul"] {
        let p = plan(name);
        assert_eq!(p.imports.len(), 4, "{name}: {:?}", p.imports);
        assert!(p.stack.is_none() && p.f16.is_none(), "{name}");
    }
    assert_eq!(function_symbols(&plan("softmax")), ["fmaxf"]);
    assert_eq!(
        function_symbols(&plan("libm")),
        ["log10f", "roundf", "fminf"]
    );
    assert_eq!(function_symbols(&plan("fmod")), ["fmodf"]);
    for (sym, sig) in plan("softmax").functions().chain(plan("fmod").functions()) {
        assert_eq!(sig.params, [wasmparser::ValType::F32; 2], "{sym}");
        assert_eq!(sig.results, [wasmparser::ValType::F32], "{sym}");
    }
    let half = plan("half");
    assert_eq!(
        half.stack,
        Some(linker::Region {
            size: linker::DEFAULT_STACK_SIZE,
            align: 16
        })
    );
    assert!(half
        .imports
        .iter()
        .any(|i| i.resolution == Resolution::StackPointer));
    let f16 = half.f16.expect("half: f16 defect not detected");
    assert!(f16.extend.is_some() && f16.trunc.is_some(), "{f16:?}");
}

#[test]
fn the_f16_fixture_is_invalid_until_repaired() {
    let module = side_module("half");
    let err =
        linker::validate(&module).expect_err("3.13.0's f16 module validated: the defect is gone?");
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(err.section, "code");
    assert!(err.offset > 0);
    assert!(
        err.message.contains("type mismatch") && err.message.contains("in function"),
        "{err}"
    );
    eprintln!("unrepaired: {err}");
    let repaired = linker::repair_f16(&module).unwrap();
    linker::validate(&repaired).unwrap();
    // Only the two helpers changed type: their callers now type-check.
    let info = linker::parse(&repaired).unwrap();
    let f16 = linker::plan(&module).unwrap().f16.unwrap();
    let sig = |i| info.func_signature(i).unwrap().clone();
    use wasmparser::ValType::{F32, I32};
    assert_eq!(
        (
            sig(f16.extend.unwrap()).params,
            sig(f16.extend.unwrap()).results
        ),
        (vec![I32], vec![F32])
    );
    assert_eq!(
        (
            sig(f16.trunc.unwrap()).params,
            sig(f16.trunc.unwrap()).results
        ),
        (vec![F32], vec![I32])
    );
}

#[test]
fn unresolved_functions_are_listed_together() {
    let module = side_module("libm");
    let plan = linker::plan(&module).unwrap();
    let err = linker::link(
        &module,
        &plan,
        &linker::Bindings {
            memory_base: 65536,
            table_base: 1,
            memory: linker::MemoryLimits {
                initial_pages: 2,
                maximum_pages: 16,
            },
            functions: &[linker::FunctionBinding {
                symbol: "log10f",
                module: "weft",
                name: "log10f",
            }],
            got: &[],
        },
    )
    .unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Unresolved(vec![
            "env.roundf (function)".into(),
            "env.fminf (function)".into()
        ])
    );
    assert_eq!(
        err.to_string(),
        "unresolved imports (2): env.roundf (function), env.fminf (function)"
    );
}

#[test]
fn bad_bindings_are_refused() {
    let module = side_module("elementwise");
    let plan = linker::plan(&module).unwrap();
    let try_link = |memory_base, initial_pages, maximum_pages| {
        linker::link(
            &module,
            &plan,
            &linker::Bindings {
                memory_base,
                table_base: 1,
                memory: linker::MemoryLimits {
                    initial_pages,
                    maximum_pages,
                },
                functions: &[],
                got: &[],
            },
        )
    };
    assert!(try_link(65536, 2, 16).is_ok());
    for (base, init, max, what) in [
        (65544, 2, 16, "aligned"),
        (65536, 1, 16, "beyond"),
        (65536, 4, 2, "valid shared"),
        (0, 0, 16, "at least"),
    ] {
        let err = try_link(base, init, max).unwrap_err();
        assert_eq!(err.kind, ErrorKind::BadBindings, "{err}");
        assert!(err.message.contains(what), "{err}");
    }
    let other = linker::plan(&side_module("matmul")).unwrap();
    let err = linker::link(
        &module,
        &other,
        &linker::Bindings {
            memory_base: 65536,
            table_base: 1,
            memory: linker::MemoryLimits {
                initial_pages: 2,
                maximum_pages: 16,
            },
            functions: &[],
            got: &[],
        },
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::PlanMismatch);
}

#[test]
fn identity_reencoding_keeps_every_fixture() {
    for name in FIXTURES {
        let module = side_module(name);
        let once = linker::passes::identity(&module).unwrap();
        // wasm-ld pads some LEBs, so bytes may shrink; the meaning must not change.
        assert_eq!(
            print(&once),
            print(&module),
            "{name}: identity re-encoding changed the module"
        );
        let twice = linker::passes::identity(&once).unwrap();
        assert_eq!(
            twice, once,
            "{name}: identity re-encoding is not a fixed point"
        );
        assert_eq!(
            linker::parse(&once).unwrap().dylink,
            linker::parse(&module).unwrap().dylink
        );
    }
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    let module = side_module("softmax");
    // Every truncation inside a section: an error that names a section and an offset inside
    // the input. (A cut between sections leaves a well-formed shorter module.)
    let mut boundaries = vec![8u64];
    for p in wasmparser::Parser::new(0).parse_all(&module) {
        if let Some((_, range)) = p.unwrap().as_section() {
            boundaries.push(range.end);
        }
    }
    let mut sections = std::collections::BTreeSet::new();
    for len in 0..module.len() {
        let cut = &module[..len];
        let err = match linker::plan(cut) {
            Err(e) => e,
            Ok(_) => {
                assert!(
                    boundaries.contains(&(len as u64)),
                    "module cut at {len} planned"
                );
                continue;
            }
        };
        assert!(
            err.offset <= len as u64 + 8,
            "offset {} beyond cut {len}: {err}",
            err.offset
        );
        assert!(!err.section.is_empty());
        sections.insert(err.section.clone());
    }
    for s in ["header", "type", "import", "code", "dylink.0"] {
        assert!(
            sections.contains(s),
            "no truncation reported in {s}: {sections:?}"
        );
    }
    // Corrupt single bytes: plan and link may succeed or fail, but never panic.
    let functions = libm_bindings();
    for at in (8..module.len()).step_by(7) {
        for v in [0x00u8, 0xff, 0x80] {
            let mut bad = module.clone();
            bad[at] = v;
            if let Ok(plan) = linker::plan(&bad) {
                let _ = linker::link(
                    &bad,
                    &plan,
                    &linker::Bindings {
                        memory_base: 65536,
                        table_base: 1,
                        memory: linker::MemoryLimits {
                            initial_pages: 4,
                            maximum_pages: 256,
                        },
                        functions: &functions,
                        got: &[],
                    },
                );
            }
        }
    }
    let err = linker::plan(b"\0asm\x01\0\0\0\x00\x05\x08dylink").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Malformed);
    eprintln!("example: {err}");
}
