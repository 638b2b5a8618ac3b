//! What the workspace's tests share: where the repository is, the compiled test programs
//! (`tests/build/<suite>/<name>.<target>.vmfb`), their header directives (the manifest
//! `tests/scripts/directives.py` writes) and the reference runtime's oracle files.
//! Every lookup panics with what to run when its file is missing or older than its source:
//! tests never pass on a stale or absent build.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub mod directives;
pub mod oracle;

pub use directives::{program, programs, Program};

pub const REBUILD: &str = "run `bash tests/scripts/build-fixtures.sh` from the repository root";

/// The repository root (this crate is `tests/support`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("tests/support is two levels down").to_path_buf()
}

/// A tool of the repository's Python environment, `.venv/bin/<name>` (IREE 3.13.0's compiler and
/// reference runtime, and the Python that has its packages).
pub fn venv_tool(name: &str) -> PathBuf {
    let tool = repo_root().join(".venv/bin").join(name);
    assert!(tool.exists(), "{} is missing: run `bash tests/scripts/setup-python.sh` (installs IREE 3.13.0 into .venv)", tool.display());
    tool
}

/// A new empty directory `weft-<name>-<pid>-<n>` in the system's temporary one: unique to the
/// call, as tests run in parallel.
pub fn scratch_dir(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("weft-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// A compiled test program.
pub struct Fixture {
    pub suite: String,
    /// `<name>.<target>`
    pub stem: String,
    pub target: String,
    pub path: PathBuf,
}

impl Fixture {
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}; {REBUILD}", self.path.display()))
    }
}

/// Every `.vmfb` the programs of `suite` declare (`// TARGETS:`, default vmvx), checked to be
/// present and no older than its source.
pub fn fixtures(suite: &str) -> Vec<Fixture> {
    let programs = programs(suite);
    assert!(!programs.is_empty(), "no programs in tests/programs/{suite}");
    programs.iter().flat_map(|p| p.targets.iter().map(move |t| built(p, t))).collect()
}

/// The `vulkan` build of every program without a `// VULKAN-UNSUPPORTED:` line.
pub fn vulkan_fixtures() -> Vec<Fixture> {
    let programs = directives::all_programs().iter().filter(|p| p.vulkan_unsupported.is_none());
    programs.map(|p| built(p, "vulkan")).collect()
}

/// The build of `program` for `target`, checked to be present and no older than its source.
fn built(program: &Program, target: &str) -> Fixture {
    let root = repo_root();
    let stem = format!("{}.{target}", program.name);
    let path = root.join("tests/build").join(&program.suite).join(format!("{stem}.vmfb"));
    let Ok(built) = std::fs::metadata(&path).and_then(|m| m.modified()) else {
        panic!("fixture {} is missing; {REBUILD}", path.display());
    };
    assert!(built >= modified(&root.join(&program.source)), "fixture {} is older than {}; {REBUILD}", path.display(), program.source);
    Fixture { suite: program.suite.clone(), stem, target: target.to_string(), path }
}

/// The fixture `<suite>/<stem>.vmfb`, `stem` being `<name>.<target>`.
pub fn fixture(suite: &str, stem: &str) -> Fixture {
    fixtures(suite)
        .into_iter()
        .find(|f| f.stem == stem)
        .unwrap_or_else(|| panic!("no fixture {suite}/{stem}.vmfb declared by the sources"))
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).and_then(|m| m.modified()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
