//! glue/target/wasm-ld-wrapper: 3.13.0 cannot link softmax's kernel (libm's fmaxf is
//! undefined); through the wrapper the side module imports env.fmaxf instead.

use crate::common::*;
use std::process::Command;

fn compile(flags: &[String], out: &std::path::Path) -> std::process::Output {
    let src = repo_root().join("tests/programs/linker/softmax.mlir");
    Command::new(venv_tool("iree-compile"))
        .args(flags)
        .arg(&src)
        .arg("-o")
        .arg(out)
        .output()
        .expect("cannot run iree-compile")
}

#[test]
fn softmax_compiles_through_the_wrapper_and_imports_fmaxf() {
    let dir = scratch_dir("wrapper");
    let flags = target_flags("wasm32");
    let wrapper = repo_root().join("glue/target/wasm-ld-wrapper");
    assert!(
        flags
            .iter()
            .any(|f| *f == format!("--iree-llvmcpu-wasm-linker-path={}", wrapper.display())),
        "build-fixtures.sh's wasm32 target does not use the wrapper: {flags:?}"
    );

    // Without the wrapper (the compiler's own lld): the link fails on fmaxf.
    let plain: Vec<String> = flags
        .iter()
        .filter(|f| !f.starts_with("--iree-llvmcpu-wasm-linker-path"))
        .cloned()
        .collect();
    let out = compile(&plain, &dir.join("plain.vmfb"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("undefined symbol: fmaxf"),
        "expected the 3.13.0 link failure:\n{stderr}"
    );

    // With it: a module whose only extra import is env.fmaxf, which plans and links.
    let vmfb = dir.join("wrapped.vmfb");
    let out = compile(&flags, &vmfb);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entries = zip_entries(&std::fs::read(&vmfb).unwrap());
    let (_, wasm) = entries
        .iter()
        .find(|(n, _)| n.ends_with(".wasm"))
        .expect("no side module");
    let plan = linker::plan(wasm).unwrap();
    let symbols: Vec<_> = plan.functions().map(|(s, _)| s).collect();
    assert_eq!(symbols, ["fmaxf"]);
    let (_, linked) = link_default(wasm);
    assert!(imports_of(&linked)
        .iter()
        .any(|(m, n, _)| m == "weft" && n == "fmaxf"));
}
