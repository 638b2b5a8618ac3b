//! `weft-run --test`: runs every self-checking function of a program (tests/programs/checks),
//! prints PASS/FAIL per function and a summary, and exits 1 when any check failed.

use std::process::Command;
use weft_test_support::{fixture, repo_root};

fn weft_run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_weft-run")).args(args).current_dir(repo_root()).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn module(name: &str) -> String {
    fixture("checks", &format!("{name}.vmvx")).path.to_str().unwrap().to_string()
}

#[test]
fn passing_programs_exit_zero_with_a_pass_line_per_function() {
    for (name, functions) in [
        ("scalars", &["compare_ints", "nonzero_is_true"][..]),
        ("tensors", &["add_i32", "transpose_twice", "row_sums", "all_positive"][..]),
        ("floats", &["exp_tanh", "matmul", "softmax_sums_to_one"][..]),
        ("dtypes", &["i8_wraps", "i16_wraps", "round_even", "float_mask"][..]),
    ] {
        let m = module(name);
        let (code, stdout, stderr) = weft_run(&["--test", &format!("--module={m}")]);
        assert_eq!(code, 0, "{name}: {stdout}{stderr}");
        let want: String = functions.iter().map(|f| format!("PASS {f}\n")).collect::<String>() + &format!("{} passed, 0 failed\n", functions.len());
        assert_eq!(stdout, want, "{name}");
    }
}

#[test]
fn failing_checks_are_reported_and_exit_one() {
    let m = module("failing");
    let (code, stdout, stderr) = weft_run(&["--test", &format!("--module={m}")]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    for f in ["wrong_true", "wrong_false", "wrong_eq", "wrong_shape", "wrong_almost_eq", "wrong_all_true"] {
        assert!(stdout.contains(&format!("FAIL {f}: check.expect_")), "{f} not reported:\n{stdout}");
    }
    assert!(stdout.contains("PASS right_after_wrong\n"), "{stdout}");
    assert!(stdout.ends_with("1 passed, 6 failed\n"), "{stdout}");
    assert!(stdout.contains("4xi32=2 4 6 9"), "the values are shown:\n{stdout}");
    assert!(stderr.contains("some checks failed"), "{stderr}");

    // One function only.
    let (code, stdout, _) = weft_run(&["--test", &format!("--module={m}"), "--function=right_after_wrong"]);
    assert_eq!((code, stdout.as_str()), (0, "PASS right_after_wrong\n1 passed, 0 failed\n"));
    let (code, stdout, _) = weft_run(&["--test", &format!("--module={m}"), "--function=wrong_eq"]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("FAIL wrong_eq: check.expect_eq failed"), "{stdout}");
}

#[test]
fn test_mode_argument_errors() {
    let m = module("scalars");
    let (code, _, stderr) = weft_run(&["--test", &format!("--module={m}"), "--function=nope"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("'nope' is not an exported function without arguments"), "{stderr}");
    let (code, _, stderr) = weft_run(&["--test", &format!("--module={m}"), "--input=1"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("takes no --input"), "{stderr}");
    // A program whose functions all take arguments has nothing to test.
    let other = fixture("corpus", "mm_linalg.vmvx").path.to_str().unwrap().to_string();
    let (code, _, stderr) = weft_run(&["--test", &format!("--module={other}")]);
    assert_eq!(code, 1);
    assert!(stderr.contains("exports no function without arguments"), "{stderr}");
}
