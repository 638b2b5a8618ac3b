//! Shared helpers for the `.vmfb` reader tests: locating the compiled fixtures, running
//! `iree-dump-module` (the oracle) and reading its JSON output.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub mod calls;
pub mod counting_alloc;
pub mod oracle;

pub const REBUILD: &str = "run `bash tests/scripts/build-fixtures.sh` from the repository root";

/// The repository root: the nearest ancestor of the test crate holding `rust-toolchain.toml`
/// (these helpers are shared by crates at different depths).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|d| d.join("rust-toolchain.toml").exists())
        .expect("the repository root holds rust-toolchain.toml")
        .to_path_buf()
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
        std::fs::read(&self.path).unwrap_or_else(|e| {
            panic!("cannot read fixture {}: {e}; {REBUILD}", self.path.display())
        })
    }
}

/// Every `.vmfb` the sources of `suite` declare (`// TARGETS:`, default vmvx). Panics with
/// instructions when one is missing or older than its source: tests never pass on a stale or
/// absent build.
pub fn fixtures(suite: &str) -> Vec<Fixture> {
    let root = repo_root();
    let src_dir = root.join("tests/programs").join(suite);
    let mut out = Vec::new();
    let mut sources: Vec<_> = std::fs::read_dir(&src_dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", src_dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "mlir"))
        .collect();
    sources.sort();
    assert!(!sources.is_empty(), "no programs in {}", src_dir.display());
    for src in sources {
        let text = std::fs::read_to_string(&src).unwrap();
        let targets = text
            .lines()
            .find_map(|l| l.strip_prefix("// TARGETS:"))
            .map(|t| t.split_whitespace().map(String::from).collect::<Vec<_>>())
            .unwrap_or_else(|| vec!["vmvx".to_string()]);
        let name = src.file_stem().unwrap().to_str().unwrap().to_string();
        for target in targets {
            let stem = format!("{name}.{target}");
            let path = root.join("tests/build").join(suite).join(format!("{stem}.vmfb"));
            let built = std::fs::metadata(&path).and_then(|m| m.modified());
            let Ok(built) = built else {
                panic!("fixture {} is missing; {REBUILD}", path.display());
            };
            let source_time = std::fs::metadata(&src).unwrap().modified().unwrap();
            assert!(
                built >= source_time,
                "fixture {} is older than {}; {REBUILD}",
                path.display(),
                src.display()
            );
            out.push(Fixture { suite: suite.to_string(), stem, target, path });
        }
    }
    out
}

pub fn all_fixtures() -> Vec<Fixture> {
    let mut v = fixtures("reader");
    v.extend(fixtures("smoke"));
    v
}

pub fn fixture(suite: &str, stem: &str) -> Fixture {
    fixtures(suite)
        .into_iter()
        .find(|f| f.stem == stem)
        .unwrap_or_else(|| panic!("no fixture {suite}/{stem}.vmfb declared by the sources"))
}

/// Runs `.venv/bin/iree-dump-module <args> <path>` and returns stdout.
pub fn dump_module(path: &Path, args: &[&str]) -> String {
    let tool = repo_root().join(".venv/bin/iree-dump-module");
    let out = Command::new(&tool).args(args).arg(path).output().unwrap_or_else(|e| {
        panic!("cannot run {}: {e}; {REBUILD} (it creates .venv)", tool.display())
    });
    assert!(
        out.status.success(),
        "{} {args:?} {} failed: {}",
        tool.display(),
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("iree-dump-module output is UTF-8")
}

/// The module as `iree-dump-module --output=flatbuffer-json` prints it.
pub fn dump_json(path: &Path) -> Json {
    let text = dump_module(path, &["--output=flatbuffer-json"]);
    Json::parse(&text)
}

/// A minimal JSON value; numbers keep their text so 64-bit integers stay exact.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    pub fn parse(text: &str) -> Json {
        let mut p = JsonParser { s: text.as_bytes(), i: 0 };
        let v = p.value();
        p.ws();
        assert_eq!(p.i, p.s.len(), "trailing data after JSON value");
        v
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.get(key),
            _ => panic!("not an object: {self:?}"),
        }
    }

    pub fn arr(&self, key: &str) -> &[Json] {
        match self.get(key) {
            Some(Json::Arr(v)) => v,
            None => &[],
            Some(other) => panic!("{key} is not an array: {other:?}"),
        }
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Json::Str(s)) => Some(s),
            None => None,
            Some(other) => panic!("{key} is not a string: {other:?}"),
        }
    }

    pub fn num(&self, key: &str) -> Option<i128> {
        match self.get(key) {
            Some(Json::Num(n)) => Some(n.parse().unwrap_or_else(|_| panic!("{key}: {n}"))),
            None => None,
            Some(other) => panic!("{key} is not a number: {other:?}"),
        }
    }

    /// A flatcc bit-flag field: names separated by spaces, or a number; absent = `default`.
    pub fn flags(&self, key: &str, names: &[(&str, u32)], default: u32) -> u32 {
        match self.get(key) {
            None => default,
            Some(Json::Num(n)) => n.parse().unwrap(),
            Some(Json::Str(s)) => s
                .split_whitespace()
                .map(|w| {
                    names
                        .iter()
                        .find(|(n, _)| *n == w)
                        .unwrap_or_else(|| panic!("unknown flag {w} in {key}"))
                        .1
                })
                .fold(0, |a, b| a | b),
            Some(other) => panic!("{key}: {other:?}"),
        }
    }

    pub fn as_u8(&self) -> u8 {
        match self {
            Json::Num(n) => n.parse().unwrap(),
            _ => panic!("not a byte: {self:?}"),
        }
    }
}

struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(self.s.get(self.i), Some(&c), "JSON: expected '{}' at {}", c as char, self.i);
        self.i += 1;
    }

    fn peek(&mut self) -> u8 {
        self.ws();
        *self.s.get(self.i).expect("JSON ended early")
    }

    fn value(&mut self) -> Json {
        match self.peek() {
            b'{' => {
                self.eat(b'{');
                let mut m = BTreeMap::new();
                if self.peek() == b'}' {
                    self.i += 1;
                    return Json::Obj(m);
                }
                loop {
                    let k = self.string();
                    self.eat(b':');
                    let v = self.value();
                    m.insert(k, v);
                    match self.peek() {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Json::Obj(m);
                        }
                        c => panic!("JSON: unexpected '{}' at {}", c as char, self.i),
                    }
                }
            }
            b'[' => {
                self.eat(b'[');
                let mut v = Vec::new();
                if self.peek() == b']' {
                    self.i += 1;
                    return Json::Arr(v);
                }
                loop {
                    v.push(self.value());
                    match self.peek() {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Json::Arr(v);
                        }
                        c => panic!("JSON: unexpected '{}' at {}", c as char, self.i),
                    }
                }
            }
            b'"' => Json::Str(self.string()),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            _ => {
                let start = self.i;
                while self.i < self.s.len() && b"+-0123456789.eE".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                assert!(self.i > start, "JSON: unexpected byte at {start}");
                Json::Num(std::str::from_utf8(&self.s[start..self.i]).unwrap().to_string())
            }
        }
    }

    fn word(&mut self, w: &str, v: Json) -> Json {
        assert!(self.s[self.i..].starts_with(w.as_bytes()), "JSON: expected {w}");
        self.i += w.len();
        v
    }

    fn hex4(&mut self) -> u32 {
        let h = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
        self.i += 4;
        u32::from_str_radix(h, 16).unwrap()
    }

    fn string(&mut self) -> String {
        self.eat(b'"');
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = self.s[self.i];
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.s[self.i];
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4();
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                assert_eq!(&self.s[self.i..self.i + 2], b"\\u");
                                self.i += 2;
                                let lo = self.hex4();
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).expect("JSON: bad \\u escape")
                        }
                        _ => panic!("JSON: bad escape \\{}", e as char),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(c),
            }
        }
        String::from_utf8(out).expect("JSON string is UTF-8")
    }
}

/// Test-side navigation of the raw FlatBuffer, independent of the reader under test, used to
/// find the bytes to corrupt. Positions are absolute file offsets.
pub struct Raw<'a> {
    pub b: &'a [u8],
    /// Absolute offset of the FlatBuffer (after the size prefix).
    pub fb: usize,
}

impl<'a> Raw<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        let start = if b.starts_with(b"PK\x03\x04") {
            30 + u16::from_le_bytes([b[26], b[27]]) as usize
                + u16::from_le_bytes([b[28], b[29]]) as usize
        } else {
            0
        };
        Raw { b, fb: start + 4 }
    }

    pub fn u16(&self, at: usize) -> usize {
        u16::from_le_bytes(self.b[at..at + 2].try_into().unwrap()) as usize
    }

    pub fn u32(&self, at: usize) -> usize {
        u32::from_le_bytes(self.b[at..at + 4].try_into().unwrap()) as usize
    }

    pub fn root(&self) -> usize {
        self.fb + self.u32(self.fb)
    }

    pub fn vtable(&self, table: usize) -> usize {
        (table as i64 - i32::from_le_bytes(self.b[table..table + 4].try_into().unwrap()) as i64)
            as usize
    }

    /// Absolute position of a present field.
    pub fn field(&self, table: usize, slot: usize) -> usize {
        let vt = self.vtable(table);
        assert!(4 + 2 * slot < self.u16(vt), "slot {slot} beyond the vtable");
        let off = self.u16(vt + 4 + 2 * slot);
        assert_ne!(off, 0, "slot {slot} absent");
        table + off
    }

    /// Follows the uoffset in a field.
    pub fn deref(&self, at: usize) -> usize {
        at + self.u32(at)
    }

    /// Position of element `i` of the table vector in `slot` (the element's table).
    pub fn table_elem(&self, table: usize, slot: usize, i: usize) -> usize {
        let v = self.deref(self.field(table, slot));
        assert!(i < self.u32(v));
        self.deref(v + 4 + 4 * i)
    }
}
