//! The differential corpus (`tests/programs/corpus`): programs in StableHLO, TOSA, linalg and
//! imported from ONNX, each built for wasm32, host and vmvx. The oracle ran the host build
//! through the reference runtime; Weft runs the vmvx build of the same source and must give the
//! same results call for call (and print what iree-run-module printed). Programs the vmvx
//! compiler cannot express (`// VMVX-UNSUPPORTED:` in their header) have no vmvx build and are
//! compared through the glue's wasm32 loader only.
//!
//! `// VMVX-BUILD-DIFFERS: <function> result <n>: <why>` marks results where the vmvx build itself
//! computes something else than the host build the oracle ran (other math approximations,
//! subnormals kept, float->int rounding, remainder semantics). Those results are left out of the
//! host comparison and instead compared with the reference runtime running the same vmvx build
//! (`iree-run-module`, run here): printed output, byte for byte.
//!
//! `// KNOWN-WEFT-DIFFERENCE: <function>: <why>` marks a function whose calls Weft is known to get
//! wrong (found by this corpus and not yet fixed, or decided: README "Known differences"). They
//! are not counted as passing: the test requires each still to differ (and fails once it
//! matches, so the marker gets removed) and lists them.

use crate::common::programs::{self, all_calls_match};
use crate::common::replay;
use crate::Test;
use libtest_mimic::Trial;
use rt_core::session::{format_results, Session};
use std::process::Command;
use weft_test_support::oracle::{self, same_printed, Fields};
use weft_test_support as support;

/// Weft and the reference runtime on the same vmvx build, for every single-call run of
/// `function` the oracle recorded: what Weft prints must be what iree-run-module prints.
fn compare_with_reference_vmvx(program: &oracle::OracleProgram, function: &str) -> (Vec<String>, usize) {
    let root = support::repo_root();
    let (mut failures, mut compared) = (Vec::new(), 0);
    for run in program.oracle.arr("runs") {
        let calls = run.arr("calls");
        if calls.len() != 1 || calls[0].str("function") != Some(function) {
            continue;
        }
        let Some(irm) = calls[0].get("iree_run_module") else { continue };
        let argv: Vec<String> = irm
            .strs("argv")
            .into_iter()
            .map(|a| a.replace(".host.vmfb", ".vmvx.vmfb"))
            .collect();
        let out = Command::new(root.join(&argv[0])).args(&argv[1..]).current_dir(&root).output().unwrap();
        let reference = String::from_utf8_lossy(&out.stdout).into_owned();
        let inputs = calls[0].strs("inputs");
        let mut session = Session::new().unwrap();
        session.load_program(std::fs::read(&program.module).unwrap()).unwrap();
        let printed = match session.call_text(function, &inputs) {
            Ok(results) => format_results(function, &results).unwrap(),
            Err(e) => format!("(Weft failed: {e})"),
        };
        compared += 1;
        if !out.status.success() || !same_printed(&printed, &reference) {
            failures.push(format!(
                "{} {function}({}): Weft printed\n{printed}\nthe reference runtime printed for the vmvx build (exit {:?})\n{reference}{}",
                program.name,
                inputs.join(", "),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    (failures, compared)
}

/// One trial per corpus program with a vmvx build.
pub fn trials() -> Vec<Trial> {
    let list = || oracle::programs_for("corpus", "vmvx").into_iter().map(|p| (format!("corpus/{}.vmvx", p.name), p)).collect();
    programs::trials("corpus", "corpus", 80, list, program_matches_the_reference_runtime)
}

/// The program's calls against the host build's oracle, the results its vmvx build computes
/// differently against the reference on the vmvx build, and its known Weft differences still
/// there (a trial fails once one matches, so its marker gets removed).
fn program_matches_the_reference_runtime(mut program: oracle::OracleProgram) -> Result<(), String> {
    let differs = &program.directives.vmvx_build_differs;
    program.reference_defects.extend(differs.iter().map(|d| (d.function.clone(), d.result)));
    let (mut failures, calls) = replay::run(&program);
    let mut functions: Vec<&str> = differs.iter().map(|d| d.function.as_str()).collect();
    functions.dedup();
    for function in functions {
        let (vf, vn) = compare_with_reference_vmvx(&program, function);
        if vn == 0 {
            return Err(format!("VMVX-BUILD-DIFFERS names {function}, which no single-call RUN line calls"));
        }
        failures.extend(vf);
    }
    let mut stale_markers = Vec::new();
    for function in program.directives.known_weft_differences.iter().map(|d| &d.function) {
        let marker = format!(" {function}(");
        let (known, rest): (Vec<String>, Vec<String>) = failures.into_iter().partition(|m| m.contains(&marker));
        match known.first() {
            None => stale_markers.push(format!("{function} now matches the reference; remove its KNOWN-WEFT-DIFFERENCE line")),
            Some(first) => println!("known Weft difference, still present ({} of the differences):\n  {}", known.len(), first.lines().next().unwrap_or("")),
        }
        failures = rest;
    }
    failures.extend(stale_markers);
    all_calls_match((failures, calls))
}

/// Every corpus program lists the three targets, or says why the vmvx build is missing.
fn every_program_declares_its_targets() {
    let programs = support::programs("corpus");
    assert!(!programs.is_empty());
    for program in programs {
        let (path, targets) = (&program.source, &program.targets);
        let has = |t: &str| targets.iter().any(|x| x == t);
        assert!(has("wasm32") && has("host"), "{path}: TARGETS must include wasm32 and host");
        if !has("vmvx") {
            assert!(program.vmvx_unsupported.is_some(), "{path}: no vmvx target and no VMVX-UNSUPPORTED reason");
        }
        assert!(!program.runs.is_empty(), "{path}: no RUN line");
    }
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("every_program_declares_its_targets", every_program_declares_its_targets),
];
