//! The programs' header directives, read from `tests/build/programs.json`: the manifest
//! `tests/scripts/directives.py` (the one parser of the `// NAME:` lines, which documents each)
//! writes, first thing, when build-fixtures.sh runs.

use serde::Deserialize;
use std::sync::OnceLock;

use crate::{modified, repo_root, REBUILD};

/// One `tests/programs/<suite>/<name>.mlir` (only the directives the Rust tests read).
#[derive(Debug, Deserialize)]
pub struct Program {
    pub suite: String,
    pub name: String,
    /// The source, relative to the repository root.
    pub source: String,
    /// `// TARGETS:` (default `["vmvx"]`).
    pub targets: Vec<String>,
    /// One per `// RUN:` line; a program without any has no oracle file.
    pub runs: Vec<Run>,
    /// `// ULP: N`: units in the last place a float result may differ by (default 0: bit-exact).
    pub ulp: u64,
    /// `// ERRORS: exact`: a failing call's message must match the reference's, not only its
    /// status code.
    pub errors_exact: bool,
    /// `// REFERENCE-DEFECT: <function> result <n>: <why>`: results the reference gets wrong.
    pub reference_defects: Vec<ResultMark>,
    /// `// VMVX-BUILD-DIFFERS: <function> result <n>: <why>`: results the vmvx build computes
    /// differently from the host build the oracle ran.
    pub vmvx_build_differs: Vec<ResultMark>,
    /// `// KNOWN-WEFT-DIFFERENCE: <function>: <why>`.
    pub known_weft_differences: Vec<FunctionMark>,
    /// `// VMVX-UNSUPPORTED: <why>`.
    pub vmvx_unsupported: Option<String>,
    /// `// VULKAN-UNSUPPORTED: <why>`: the program has no `vulkan` build.
    pub vulkan_unsupported: Option<String>,
    /// `// EXPECT-FAIL: <function>[: <why>]`.
    pub expect_fail: Vec<FunctionMark>,
}

/// A `// RUN:` line: calls sharing one context.
#[derive(Debug, Deserialize)]
pub struct Run {
    pub calls: Vec<Call>,
}

#[derive(Debug, Deserialize)]
pub struct Call {
    pub function: String,
    pub inputs: Vec<String>,
}

/// A result of a function, and why it is marked.
#[derive(Debug, Deserialize)]
pub struct ResultMark {
    pub function: String,
    pub result: usize,
    pub why: String,
}

/// A function, and why it is marked (`None`: no reason given).
#[derive(Debug, Deserialize)]
pub struct FunctionMark {
    pub function: String,
    pub why: Option<String>,
}

#[derive(Deserialize)]
struct Manifest {
    programs: Vec<Program>,
}

/// Every program, read once per test process. The manifest must list exactly the sources there
/// are and be no older than any of them.
pub fn all_programs() -> &'static [Program] {
    static MANIFEST: OnceLock<Vec<Program>> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        let root = repo_root();
        let path = root.join("tests/build/programs.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}; {REBUILD}", path.display()));
        let manifest: Manifest = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}; {REBUILD}", path.display()));
        let written = modified(&path);
        let mut sources = Vec::new();
        for suite in std::fs::read_dir(root.join("tests/programs")).unwrap() {
            let suite = suite.unwrap().path();
            if suite.is_dir() {
                for file in std::fs::read_dir(&suite).unwrap() {
                    let file = file.unwrap().path();
                    if file.extension().is_some_and(|x| x == "mlir") {
                        assert!(modified(&file) <= written, "{} is older than {}; {REBUILD}", path.display(), file.display());
                        sources.push(file.strip_prefix(&root).unwrap().to_str().unwrap().to_string());
                    }
                }
            }
        }
        sources.sort();
        let mut listed: Vec<String> = manifest.programs.iter().map(|p| p.source.clone()).collect();
        listed.sort();
        assert_eq!(listed, sources, "{} does not list the programs there are; {REBUILD}", path.display());
        manifest.programs
    })
}

/// The programs of `suite`, by name.
pub fn programs(suite: &str) -> Vec<&'static Program> {
    all_programs().iter().filter(|p| p.suite == suite).collect()
}

pub fn program(suite: &str, name: &str) -> &'static Program {
    all_programs()
        .iter()
        .find(|p| p.suite == suite && p.name == name)
        .unwrap_or_else(|| panic!("no program tests/programs/{suite}/{name}.mlir"))
}
