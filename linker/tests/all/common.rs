//! Test helpers: fixtures compiled by IREE 3.13.0 at test time, a ZIP reader for `.vmfb`
//! files, bindings for the plans, and runners for Node and the reference runtime.

use std::path::PathBuf;
use std::process::Command;
pub use weft_test_support::{repo_root, scratch_dir, venv_tool, REBUILD};

/// Path of a compiled fixture of tests/programs/linker (checked to be up to date with its
/// program); a wasm32 build must also be newer than the wrapper that linked it.
pub fn fixture_path(name: &str, target: &str) -> PathBuf {
    let p = weft_test_support::fixture("linker", &format!("{name}.{target}")).path;
    if target == "wasm32" {
        let wrapper = repo_root().join("glue/target/wasm-ld-wrapper");
        let changed = |f: &PathBuf| std::fs::metadata(f).unwrap().modified().unwrap();
        assert!(changed(&p) >= changed(&wrapper), "fixture {} is older than {}; {REBUILD}", p.display(), wrapper.display());
    }
    p
}

/// The fixtures of tests/programs/linker (every one has a wasm32 build).
pub const FIXTURES: &[&str] = &["elementwise", "matmul", "softmax", "half", "libm", "fmod"];

/// The wasm side modules stored in a fixture's `.vmfb`, as (file name, bytes).
pub fn side_modules(name: &str) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(fixture_path(name, "wasm32")).unwrap();
    let mods: Vec<_> = zip_entries(&bytes)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".wasm"))
        .collect();
    assert!(!mods.is_empty(), "{name}.wasm32.vmfb holds no .wasm file");
    mods
}

/// The single side module of a fixture.
pub fn side_module(name: &str) -> Vec<u8> {
    let mut m = side_modules(name);
    assert_eq!(m.len(), 1, "{name}: expected one side module");
    m.pop().unwrap().1
}

fn u16le(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}
fn u32le(b: &[u8], at: usize) -> u64 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as u64
}
fn u64le(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// Reads a stored (uncompressed) ZIP or ZIP64 archive's entries through its central directory.
pub fn zip_entries(b: &[u8]) -> Vec<(String, Vec<u8>)> {
    let eocd = (0..=b.len() - 22)
        .rev()
        .find(|&i| u32le(b, i) == 0x0605_4b50)
        .expect("no ZIP end record");
    let (mut count, mut cd) = (u16le(b, eocd + 10) as u64, u32le(b, eocd + 16));
    if count == 0xffff || cd == 0xffff_ffff {
        let loc = eocd - 20;
        assert_eq!(u32le(b, loc), 0x0706_4b50, "no ZIP64 locator");
        let z = u64le(b, loc + 8) as usize;
        assert_eq!(u32le(b, z), 0x0606_4b50, "no ZIP64 end record");
        count = u64le(b, z + 32);
        cd = u64le(b, z + 48);
    }
    let mut at = cd as usize;
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(u32le(b, at), 0x0201_4b50, "bad central directory entry");
        assert_eq!(u16le(b, at + 10), 0, "compressed ZIP entry");
        let (name_len, extra_len, comment_len) =
            (u16le(b, at + 28), u16le(b, at + 30), u16le(b, at + 32));
        let name = String::from_utf8(b[at + 46..at + 46 + name_len].to_vec()).unwrap();
        let mut size = u32le(b, at + 24);
        let mut local = u32le(b, at + 42);
        // ZIP64 extra field: the 0xffffffff fields follow in order.
        let mut e = at + 46 + name_len;
        let end = e + extra_len;
        while e + 4 <= end {
            let (id, len) = (u16le(b, e), u16le(b, e + 2));
            if id == 1 {
                let mut f = e + 4;
                if size == 0xffff_ffff {
                    size = u64le(b, f);
                    f += 8;
                }
                if u32le(b, at + 20) == 0xffff_ffff {
                    f += 8;
                }
                if local == 0xffff_ffff {
                    local = u64le(b, f);
                }
            }
            e += 4 + len;
        }
        let l = local as usize;
        assert_eq!(u32le(b, l), 0x0403_4b50, "bad local header for {name}");
        let data = l + 30 + u16le(b, l + 26) + u16le(b, l + 28);
        out.push((name, b[data..data + size as usize].to_vec()));
        at = end + comment_len;
    }
    out
}

/// Runtime exports the tests bind libm symbols to (module `weft`, same names).
pub const LIBM: &[&str] = &[
    "fmaxf", "fminf", "fmodf", "roundf", "log10f", "expf", "memcpy", "memset",
];

pub fn libm_bindings() -> Vec<linker::FunctionBinding<'static>> {
    LIBM.iter()
        .map(|s| linker::FunctionBinding {
            symbol: s,
            module: "weft",
            name: s,
        })
        .collect()
}

/// Typical bindings: memory at 64 KiB, table base 1, 4..256 pages.
pub fn link_default(bytes: &[u8]) -> (linker::Plan, Vec<u8>) {
    let plan = linker::plan(bytes).expect("plan");
    let functions = libm_bindings();
    let out = linker::link(
        bytes,
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
    )
    .unwrap_or_else(|e| panic!("link: {e}"));
    (plan, out)
}

/// (module, name, kind) of every import, kind as in wasmparser's TypeRef debug name.
pub fn imports_of(bytes: &[u8]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for p in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::ImportSection(r) = p.unwrap() {
            for i in r.into_imports() {
                let i = i.unwrap();
                let kind = match i.ty {
                    wasmparser::TypeRef::Func(_) => "func".to_string(),
                    wasmparser::TypeRef::Memory(m) => format!(
                        "memory {}..{:?}{}",
                        m.initial,
                        m.maximum,
                        if m.shared { " shared" } else { "" }
                    ),
                    wasmparser::TypeRef::Table(t) => format!("table {}", t.initial),
                    wasmparser::TypeRef::Global(g) => {
                        format!(
                            "global {}{:?}",
                            if g.mutable { "mut " } else { "" },
                            g.content_type
                        )
                    }
                    other => format!("{other:?}"),
                };
                out.push((i.module.to_string(), i.name.to_string(), kind));
            }
        }
    }
    out
}

pub fn print(bytes: &[u8]) -> String {
    wasmprinter::print_bytes(bytes).expect("wasmprinter")
}


pub fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}


/// Compiler flags of a build-fixtures.sh target.
pub fn target_flags(target: &str) -> Vec<String> {
    let out = run(Command::new("bash")
        .arg(repo_root().join("tests/scripts/build-fixtures.sh"))
        .args(["--flags", target]));
    out.split_whitespace().map(String::from).collect()
}

/// The single dispatch of a program as the compiler plans it for wasm32: workgroup count and
/// the byte length of every binding, read from `--compile-to=hal` output.
pub struct Dispatch {
    pub workgroups: [u32; 3],
    pub binding_lengths: Vec<u32>,
}

pub fn dispatch_of(program: &str) -> Dispatch {
    let src = repo_root()
        .join("tests/programs/linker")
        .join(format!("{program}.mlir"));
    let dir = scratch_dir(&format!("hal-{program}"));
    let hal = dir.join("hal.mlir");
    run(Command::new(venv_tool("iree-compile"))
        .args(target_flags("wasm32"))
        .arg("--compile-to=hal")
        .arg(&src)
        .arg("-o")
        .arg(&hal));
    let text = std::fs::read_to_string(&hal).unwrap();
    let dispatches: Vec<_> = text.match_indices("hal.command_buffer.dispatch<").collect();
    assert_eq!(
        dispatches.len(),
        1,
        "{program}: expected exactly one dispatch in the HAL IR"
    );
    let rest = &text[dispatches[0].0..];
    let constant = |name: &str| -> u32 {
        let name = name.trim();
        let digits = name
            .strip_prefix("%c")
            .unwrap_or_else(|| panic!("{program}: non-constant {name}"));
        let digits = digits.split('_').next().unwrap();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("{program}: cannot read {name}"))
    };
    let wg = &rest[rest.find("workgroups([").unwrap() + 12..];
    let wg: Vec<u32> = wg[..wg.find("])").unwrap()]
        .split(',')
        .map(constant)
        .collect();
    let b = &rest[rest.find("bindings([").unwrap() + 10..];
    let b = &b[..b.find("])").unwrap()];
    let mut binding_lengths = Vec::new();
    // entries: (%cK : index)[%offset, %length]
    for entry in b.split(']').filter(|s| s.contains('[')) {
        let range = &entry[entry.find('[').unwrap() + 1..];
        let mut parts = range.split(',');
        assert_eq!(
            constant(parts.next().unwrap()),
            0,
            "{program}: binding at a nonzero offset"
        );
        binding_lengths.push(constant(parts.next().unwrap()));
    }
    Dispatch {
        workgroups: [wg[0], wg[1], wg[2]],
        binding_lengths,
    }
}

/// Deterministic pseudo-random f32 values in [lo, hi).
pub fn values(n: usize, seed: u32, lo: f32, hi: f32) -> Vec<f32> {
    let mut s = seed.wrapping_mul(2654435761).wrapping_add(12345);
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            lo + (hi - lo) * ((s >> 8) as f32 / (1u32 << 24) as f32)
        })
        .collect()
}

pub fn f32_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// Runs `function` of a fixture's reference build (`host` or `vmvx`) with iree-run-module on
/// raw inputs `(type, bytes)` and returns the raw bytes of its single output.
pub fn oracle(program: &str, target: &str, function: &str, inputs: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let dir = scratch_dir(&format!("oracle-{program}"));
    let mut cmd = Command::new(venv_tool("iree-run-module"));
    cmd.arg(format!(
        "--module={}",
        fixture_path(program, target).display()
    ))
    .arg("--device=local-sync")
    .arg(format!("--function={function}"));
    for (i, (ty, bytes)) in inputs.iter().enumerate() {
        let p = dir.join(format!("in{i}.bin"));
        std::fs::write(&p, bytes).unwrap();
        cmd.arg(format!("--input={ty}=@{}", p.display()));
    }
    let out = dir.join("out.bin");
    cmd.arg(format!("--output=@{}", out.display()));
    run(&mut cmd);
    std::fs::read(out).unwrap()
}
