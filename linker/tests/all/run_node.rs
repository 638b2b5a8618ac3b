//! Runs linked kernels in Node (shared memory, two instances as two workers would have) on the
//! memory layout the plan asks for, and compares with the reference runtime (iree-run-module on
//! the same program's host or vmvx build).

use crate::common::*;
use std::process::Command;

struct Case {
    program: &'static str,
    function: &'static str,
    oracle_target: &'static str,
    /// (iree type, bytes) per input, in argument order.
    inputs: Vec<(&'static str, Vec<u8>)>,
    /// Compare as f16 (`true`) or f32 elements, with this relative tolerance.
    half: bool,
    tolerance: f32,
    /// 0: two instances in one thread; N: N worker threads, `iterations` instances each.
    threads: u32,
    iterations: u32,
}

fn align(v: u32, a: u32) -> u32 {
    v.div_ceil(a) * a
}

fn run_case(case: Case) {
    let module = side_module(case.program);
    let plan = linker::plan(&module).unwrap();
    let dispatch = dispatch_of(case.program);
    let in_lengths: Vec<u32> = case.inputs.iter().map(|(_, b)| b.len() as u32).collect();
    assert_eq!(
        dispatch.binding_lengths[..in_lengths.len()],
        in_lengths[..],
        "{}: dispatch bindings are not the inputs in order",
        case.program
    );
    assert_eq!(
        dispatch.binding_lengths.len(),
        in_lengths.len() + 1,
        "{}: expected one output binding",
        case.program
    );
    let out_len = *dispatch.binding_lengths.last().unwrap();

    // Layout: [0, 64 KiB) left free; the module's region at 64 KiB; then per slot (instance) a
    // stack and the ABI structures and output; then the shared inputs.
    let memory_base = align(65536, plan.memory.align);
    let mut at = memory_base + plan.memory.size;
    let stack = plan.stack.map(|s| (s.size, s.align)).unwrap_or((0, 16));
    let n = dispatch.binding_lengths.len() as u32;
    let mut take = |size: u32, a: u32| {
        let start = align(at, a);
        at = start + size;
        start
    };
    let mut slots = Vec::new();
    for _ in 0..case.threads.max(2) {
        let stack_top = take(stack.0, stack.1) + stack.0;
        slots.push(format!(
            r#"{{"stack_top":{stack_top},"env_addr":{},"dispatch_state_addr":{},"workgroup_state_addr":{},
"binding_ptrs_addr":{},"binding_lengths_addr":{},"output_addr":{}}}"#,
            take(80, 64),
            take(36, 64),
            take(24, 64),
            take(4 * n, 64),
            take(4 * n, 64),
            take(out_len, 64)
        ));
    }
    let barrier_addr = take(4, 4);
    let dir = scratch_dir(&format!("node-{}-{}", case.program, case.threads));
    let mut inputs = Vec::new();
    for (i, (_, bytes)) in case.inputs.iter().enumerate() {
        let p = dir.join(format!("in{i}.bin"));
        std::fs::write(&p, bytes).unwrap();
        inputs.push(format!(
            r#"{{"addr":{},"size":{},"path":"{}"}}"#,
            take(bytes.len() as u32, 64),
            bytes.len(),
            p.display()
        ));
    }
    let initial_pages = at.div_ceil(65536) + 1;
    let functions = libm_bindings();
    let linked = linker::link(
        &module,
        &plan,
        &linker::Bindings {
            memory_base,
            table_base: 1,
            memory: linker::MemoryLimits {
                initial_pages,
                maximum_pages: 1024,
            },
            functions: &functions,
            got: &[],
        },
    )
    .unwrap_or_else(|e| panic!("{}: {e}", case.program));
    let wasm = dir.join("linked.wasm");
    std::fs::write(&wasm, &linked).unwrap();
    let output = dir.join("out.bin");
    let config = format!(
        r#"{{"wasm":"{}","initial_pages":{initial_pages},"maximum_pages":1024,"table_base":1,"table_size":{},
"flag_addr":{},"export_ordinal":0,"workgroups":[{},{},{}],"threads":{},"iterations":{},"rereads":{},"barrier_addr":{barrier_addr},
"slots":[{}],"inputs":[{}],"output_size":{out_len},"output":"{}"}}"#,
        wasm.display(),
        plan.table.size,
        memory_base + plan.init_flag_offset,
        dispatch.workgroups[0],
        dispatch.workgroups[1],
        dispatch.workgroups[2],
        case.threads,
        case.iterations,
        if case.threads > 0 { 400 } else { 0 },
        slots.join(","),
        inputs.join(","),
        output.display()
    );
    let cfg = dir.join("config.json");
    std::fs::write(&cfg, config).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/dispatch.cjs");
    let report = run(Command::new("node").arg(script).arg(&cfg));
    assert!(
        report.contains(r#""flag":2"#),
        "{}: init flag not 2: {report}",
        case.program
    );
    if case.threads == 0 {
        assert!(
            report.contains(r#""version":6"#),
            "{}: library version: {report}",
            case.program
        );
    } else {
        assert!(
            report.contains(r#""mismatches":0"#),
            "{}: {report}",
            case.program
        );
    }
    let got = std::fs::read(&output).unwrap();
    let want = oracle(
        case.program,
        case.oracle_target,
        case.function,
        &case.inputs,
    );
    assert_eq!(got.len(), want.len(), "{}: output size", case.program);
    let decode = |b: &[u8]| -> Vec<f32> {
        if case.half {
            b.chunks(2)
                .map(|c| linker::half::f16_to_f32(u16::from_le_bytes([c[0], c[1]])))
                .collect()
        } else {
            b.chunks(4)
                .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
                .collect()
        }
    };
    let (got, want) = (decode(&got), decode(&want));
    let mut bad = 0;
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        let ok = (g.is_nan() && w.is_nan()) || (g - w).abs() <= case.tolerance * w.abs().max(1.0);
        if !ok {
            bad += 1;
            if bad < 10 {
                eprintln!("{}[{i}]: got {g}, reference {w}", case.program);
            }
        }
    }
    assert_eq!(
        bad,
        0,
        "{}: {bad} of {} elements differ from the reference runtime",
        case.program,
        got.len()
    );
    eprintln!(
        "{}: {} elements match; node report {report}",
        case.program,
        got.len()
    );
}

#[test]
fn elementwise_matches_reference() {
    run_case(Case {
        program: "elementwise",
        function: "fma",
        oracle_target: "host",
        inputs: vec![
            ("16xf32", f32_bytes(&values(16, 1, -4.0, 4.0))),
            ("16xf32", f32_bytes(&values(16, 2, -4.0, 4.0))),
        ],
        half: false,
        tolerance: 1e-6,
        threads: 0,
        iterations: 0,
    });
}

#[test]
fn matmul_matches_reference() {
    run_case(Case {
        program: "matmul",
        function: "matmul",
        oracle_target: "host",
        inputs: vec![
            ("32x24xf32", f32_bytes(&values(32 * 24, 3, -1.0, 1.0))),
            ("24x16xf32", f32_bytes(&values(24 * 16, 4, -1.0, 1.0))),
        ],
        half: false,
        tolerance: 1e-5,
        threads: 0,
        iterations: 0,
    });
}

#[test]
fn softmax_with_imported_fmaxf_matches_reference() {
    run_case(Case {
        program: "softmax",
        function: "softmax",
        oracle_target: "host",
        inputs: vec![("4x32xf32", f32_bytes(&values(128, 5, -6.0, 6.0)))],
        half: false,
        tolerance: 1e-5,
        threads: 0,
        iterations: 0,
    });
}

#[test]
fn libm_imports_match_reference() {
    run_case(Case {
        program: "libm",
        function: "libm",
        oracle_target: "vmvx",
        inputs: vec![
            ("8xf32", f32_bytes(&values(8, 6, -6.0, 6.0))),
            ("8xf32", f32_bytes(&values(8, 7, -30.0, 30.0))),
        ],
        half: false,
        tolerance: 1e-6,
        threads: 0,
        iterations: 0,
    });
}

#[test]
fn repaired_f16_kernel_matches_reference() {
    let halves = |seed| -> Vec<u8> {
        values(64, seed, -30.0, 30.0)
            .iter()
            .flat_map(|v| linker::half::f32_to_f16(*v).to_le_bytes())
            .collect()
    };
    run_case(Case {
        program: "half",
        function: "half",
        oracle_target: "host",
        inputs: vec![("64xf16", halves(8)), ("64xf16", halves(9))],
        half: true,
        tolerance: 1e-3,
        threads: 0,
        iterations: 0,
    });
}

/// Four workers instantiate the matmul module 25 times each while the others dispatch from
/// their instances: the data is initialised once, never rewritten, and every run is right.
#[test]
fn matmul_in_four_racing_workers() {
    run_case(Case {
        program: "matmul",
        function: "matmul",
        oracle_target: "host",
        inputs: vec![
            ("32x24xf32", f32_bytes(&values(32 * 24, 3, -1.0, 1.0))),
            ("24x16xf32", f32_bytes(&values(24 * 16, 4, -1.0, 1.0))),
        ],
        half: false,
        tolerance: 1e-5,
        threads: 4,
        iterations: 25,
    });
}

/// The f16 kernel uses its stack: two workers, each instance on its own stack.
#[test]
fn half_in_two_workers_on_their_own_stacks() {
    let halves = |seed| -> Vec<u8> {
        values(64, seed, -30.0, 30.0)
            .iter()
            .flat_map(|v| linker::half::f32_to_f16(*v).to_le_bytes())
            .collect()
    };
    run_case(Case {
        program: "half",
        function: "half",
        oracle_target: "host",
        inputs: vec![("64xf16", halves(10)), ("64xf16", halves(11))],
        half: true,
        tolerance: 1e-3,
        threads: 2,
        iterations: 25,
    });
}
