//! `weft-run` against `iree-run-module`: for every single-call run the oracle recorded (every
//! suite), the same flags give the same stdout byte for byte and success/failure alike; bad
//! flags and `.npy` inputs.

use std::process::Command;
use weft_test_support::oracle::{self, same_printed, Fields};
use weft_test_support::{repo_root, venv_tool};

fn weft_run(args: &[String]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_weft-run")).args(args).current_dir(repo_root()).output().unwrap()
}

#[test]
fn prints_what_iree_run_module_printed_for_every_recorded_single_call() {
    let root = repo_root();
    let mut compared = 0;
    let mut failures = Vec::new();
    let mut suites: Vec<_> = std::fs::read_dir(root.join("tests/programs")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    suites.sort();
    for suite in suites {
        // Only fixtures the sources declare and that are up to date (panics otherwise).
        let programs = oracle::programs(&suite);
        for p in programs {
            for run in p.oracle.arr("runs") {
                let calls = run.arr("calls");
                let Some(irm) = calls.first().and_then(|c| c.get("iree_run_module")) else { continue };
                if calls.len() != 1 {
                    continue;
                }
                // The oracle ran the reference build; Weft runs the vmvx build of the same source.
                let argv: Vec<String> = irm.strs("argv").into_iter().skip(1).map(|a| a.replace(".host.vmfb", ".vmvx.vmfb")).collect();
                let out = weft_run(&argv);
                compared += 1;
                let want_ok = irm.num("exit_code") == Some(0);
                let stdout = String::from_utf8_lossy(&out.stdout);
                let what = format!("{}/{} {}", suite, p.name, argv.join(" "));
                let want_stdout = irm.str("stdout").unwrap();
                let function = argv.iter().find_map(|a| a.strip_prefix("--function=")).unwrap_or("");
                // Results the reference computes wrongly, and (corpus) functions the vmvx build
                // computes differently from the host build the oracle ran, or where Weft is known
                // to differ: rt-core's corpus test compares those against the right reference.
                let d = p.directives;
                let marked = d.vmvx_build_differs.iter().any(|m| m.function == function)
                    || d.known_weft_differences.iter().any(|m| m.function == function);
                let reference_defect = marked || p.reference_defects.iter().any(|(f, _)| f == function);
                if want_ok && (!out.status.success() || !same_printed(&stdout, want_stdout)) && !reference_defect {
                    failures.push(format!(
                        "{what}:\nweft-run (exit {:?}) printed\n{stdout}{}\niree-run-module printed\n{}",
                        out.status.code(),
                        String::from_utf8_lossy(&out.stderr),
                        irm.str("stdout").unwrap()
                    ));
                } else if !want_ok && out.status.success() {
                    failures.push(format!("{what}: iree-run-module failed ({}) but weft-run succeeded", irm.str("stderr").unwrap_or("")));
                } else if !want_ok && out.stderr.is_empty() {
                    failures.push(format!("{what}: weft-run failed without a message"));
                }
            }
        }
    }
    println!("{compared} single-call runs compared with iree-run-module");
    assert!(compared >= 50, "only {compared} runs compared");
    assert!(failures.is_empty(), "{} of {compared} differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn bad_flags_and_missing_files_fail_with_a_message() {
    let cases: [(&[&str], &str); 6] = [
        (&["--function=abs"], "missing --module=FILE"),
        (&["--module=tests/build/hal/simple_abs.vmvx.vmfb"], "missing --function=NAME"),
        (&["--module=/nonexistent.vmfb", "--function=abs"], "cannot read module '/nonexistent.vmfb'"),
        (&["--module=tests/build/hal/simple_abs.vmvx.vmfb", "--function=abs", "--frobnicate"], "unknown argument '--frobnicate'"),
        (
            &["--module=tests/build/params/mlp.vmvx.vmfb", "--function=mlp", "--parameters=model=/nonexistent.irpa"],
            "cannot open parameter file '/nonexistent.irpa'",
        ),
        (
            &["--module=tests/build/params/mlp.vmvx.vmfb", "--function=mlp", "--parameters=model=tests/build/params/mlp.vmvx.vmfb"],
            "parameter file 'tests/build/params/mlp.vmvx.vmfb': unsupported file format `vmfb`",
        ),
    ];
    for (args, message) in cases {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let out = weft_run(&args);
        assert!(!out.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: stderr lacks `{message}`: {stderr}");
    }
    let out = weft_run(&["--module=tests/build/hal/simple_abs.vmvx.vmfb".into(), "--function=abs".into(), "--input=3xf32=1 2 3".into()]);
    assert!(!out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "EXEC @abs\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("argument 0 (input0) of 'abs': given a 3xf32 tensor"));
}

/// `--input=@file.npy` as iree-run-module reads it; the .npy is written by the reference
/// runtime's NumPy, and the printed result must match iree-run-module's on the same file.
#[test]
fn npy_inputs() {
    let root = repo_root();
    let dir = std::env::temp_dir().join(format!("weft-run-npy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.npy"), dir.join("b.npy"));
    let py = format!(
        "import numpy as np\nnp.save('{}', np.array([[1.5, -2], [3, 4.25]], dtype=np.float32))\nnp.save('{}', np.array([[0.5, 1], [-1, 2]], dtype=np.float32))",
        a.display(),
        b.display()
    );
    let status = Command::new(venv_tool("python")).args(["-c", &py]).status().unwrap();
    assert!(status.success());
    let args: Vec<String> = vec![
        "--module=tests/build/hal/matmul_dynamic.vmvx.vmfb".into(),
        "--function=matmul".into(),
        format!("--input=@{}", a.display()),
        format!("--input=@{}", b.display()),
    ];
    let reference = Command::new(venv_tool("iree-run-module")).args(&args).current_dir(&root).output().unwrap();
    assert!(reference.status.success(), "{}", String::from_utf8_lossy(&reference.stderr));
    let out = weft_run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&reference.stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}
