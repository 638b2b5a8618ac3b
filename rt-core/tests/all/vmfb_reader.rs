//! The `.vmfb` reader on real files compiled by iree-compile 3.13.0, checked field by field
//! against what `iree-dump-module` (from the same release) prints for the same file, plus
//! truncated and corrupted files that must fail with an offset instead of panicking.

use crate::Test;
use crate::common::all_fixtures;
use crate::common::flatbuffer::Raw;
use rt_core::vmfb::{self, feature, flags, ModuleDef};
use rt_core::ErrorKind;
use serde_json::Value as Json;
use std::path::Path;
use std::process::Command;
use weft_test_support::oracle::{parse, Fields};
use weft_test_support::{fixture, fixtures, venv_tool};

const FEATURES: &[(&str, u32)] = &[
    ("EXT_F32", feature::EXT_F32),
    ("EXT_F64", feature::EXT_F64),
    ("YIELD", feature::YIELD),
    ("UNWIND", feature::UNWIND),
];
const FLAGS: &[(&str, u32)] = &[("REQUIRED", flags::REQUIRED), ("OPTIONAL", flags::OPTIONAL)];

/// Runs `iree-dump-module <args> <path>` (the oracle) and returns stdout.
fn dump_module(path: &Path, args: &[&str]) -> String {
    let tool = venv_tool("iree-dump-module");
    let out = Command::new(&tool).args(args).arg(path).output().unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.display()));
    assert!(out.status.success(), "{} {args:?} {} failed: {}", tool.display(), path.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("iree-dump-module output is UTF-8")
}

/// The module as `iree-dump-module --output=flatbuffer-json` prints it.
fn dump_json(path: &Path) -> Json {
    parse(&dump_module(path, &["--output=flatbuffer-json"]), &format!("iree-dump-module --output=flatbuffer-json {}", path.display()))
}

/// A flatcc bit-flag field: names separated by spaces, or a number; absent = `default`.
fn flag_bits(j: &Json, key: &str, names: &[(&str, u32)], default: u32) -> u32 {
    match j.get(key) {
        None => default,
        Some(Json::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or_else(|| panic!("{key}: {n}")),
        Some(Json::String(s)) => s
            .split_whitespace()
            .map(|w| names.iter().find(|(n, _)| *n == w).unwrap_or_else(|| panic!("unknown flag {w} in {key}")).1)
            .fold(0, |a, b| a | b),
        Some(other) => panic!("{key}: {other}"),
    }
}

fn byte(j: &Json) -> u8 {
    j.as_u64().and_then(|b| u8::try_from(b).ok()).unwrap_or_else(|| panic!("not a byte: {j}"))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn attrs_of(j: &Json) -> Vec<(String, String)> {
    j.arr("attrs")
        .iter()
        .map(|a| (a.str("key").unwrap().to_string(), a.str("value").unwrap_or("").to_string()))
        .collect()
}

fn our_attrs(a: &[vmfb::Attr<'_>]) -> Vec<(String, String)> {
    a.iter().map(|a| (a.key.to_string(), a.value.to_string())).collect()
}

/// Compares every field of `m` (parsed from `bytes`, stored at `path`) with the oracle.
fn check_against_oracle(m: &ModuleDef<'_>, bytes: &[u8], path: &Path) {
    let ctx = path.display().to_string();
    let j = dump_json(path);

    assert_eq!(m.name, j.str("name").unwrap(), "{ctx}: name");
    assert_eq!(m.version as i128, j.num("version").unwrap_or(0), "{ctx}: version");
    assert_eq!(m.requirements, flag_bits(&j, "requirements", FEATURES, 0), "{ctx}: requirements");
    assert_eq!(our_attrs(&m.attrs), attrs_of(&j), "{ctx}: attrs");
    let types: Vec<&str> = j.arr("types").iter().map(|t| t.str("full_name").unwrap()).collect();
    assert_eq!(m.types, types, "{ctx}: types");

    let deps = j.arr("dependencies");
    assert_eq!(m.dependencies.len(), deps.len(), "{ctx}: dependency count");
    for (d, jd) in m.dependencies.iter().zip(deps) {
        assert_eq!(d.name, jd.str("name").unwrap(), "{ctx}: dependency name");
        assert_eq!(d.minimum_version as i128, jd.num("minimum_version").unwrap_or(0), "{ctx}");
        assert_eq!(d.flags, flag_bits(jd, "flags", FLAGS, flags::REQUIRED), "{ctx}: {}", d.name);
    }

    let imports = j.arr("imported_functions");
    assert_eq!(m.imported_functions.len(), imports.len(), "{ctx}: import count");
    for (f, jf) in m.imported_functions.iter().zip(imports) {
        assert_eq!(f.full_name, jf.str("full_name").unwrap(), "{ctx}: import name");
        let sig = jf.get("signature").expect("import signature");
        assert_eq!(f.signature.calling_convention, sig.str("calling_convention").unwrap_or(""));
        assert_eq!(our_attrs(&f.signature.attrs), attrs_of(sig), "{ctx}: {}", f.full_name);
        assert_eq!(f.flags, flag_bits(jf, "flags", FLAGS, flags::REQUIRED), "{ctx}: {}", f.full_name);
    }

    let exports = j.arr("exported_functions");
    assert_eq!(m.exported_functions.len(), exports.len(), "{ctx}: export count");
    for (e, je) in m.exported_functions.iter().zip(exports) {
        assert_eq!(e.local_name, je.str("local_name").unwrap(), "{ctx}: export name");
        assert_eq!(e.internal_ordinal as i128, je.num("internal_ordinal").unwrap_or(0), "{ctx}");
    }

    let sigs = j.arr("function_signatures");
    assert_eq!(m.function_signatures.len(), sigs.len(), "{ctx}: signature count");
    for (s, js) in m.function_signatures.iter().zip(sigs) {
        assert_eq!(s.calling_convention, js.str("calling_convention").unwrap_or(""), "{ctx}");
        assert_eq!(our_attrs(&s.attrs), attrs_of(js), "{ctx}: signature attrs");
    }

    let archive = vmfb::split(bytes).unwrap();
    let rodata = j.arr("rodata_segments");
    assert_eq!(m.rodata_segments.len(), rodata.len(), "{ctx}: rodata count");
    for (i, (seg, js)) in m.rodata_segments.iter().zip(rodata).enumerate() {
        let at = seg.as_ptr() as usize - bytes.as_ptr() as usize;
        match js.get("embedded_data") {
            Some(Json::Array(data)) => {
                let want: Vec<u8> = data.iter().map(byte).collect();
                assert_eq!(*seg, &want[..], "{ctx}: embedded rodata[{i}]");
                let fb_range =
                    archive.flatbuffer_offset..archive.flatbuffer_offset + archive.flatbuffer.len();
                assert!(
                    fb_range.contains(&at) || seg.is_empty(),
                    "{ctx}: rodata[{i}] in FlatBuffer"
                );
            }
            _ => {
                let off = js.num("external_data_offset").unwrap_or(0) as usize;
                let len = js.num("external_data_length").unwrap_or(0) as usize;
                assert_eq!(seg.len(), len, "{ctx}: external rodata[{i}] length");
                if len > 0 {
                    assert_eq!(at, archive.rodata_base + off, "{ctx}: external rodata[{i}] offset");
                }
            }
        }
    }

    let rw: Vec<i128> =
        j.arr("rwdata_segments").iter().map(|r| r.num("byte_size").unwrap_or(0)).collect();
    assert_eq!(m.rwdata_segments.iter().map(|&s| s as i128).collect::<Vec<_>>(), rw, "{ctx}");
    let state = j.get("module_state");
    let state_field = |k: &str| state.and_then(|s| s.num(k)).unwrap_or(0);
    assert_eq!(m.global_bytes_capacity as i128, state_field("global_bytes_capacity"), "{ctx}");
    assert_eq!(m.global_ref_count as i128, state_field("global_ref_count"), "{ctx}");

    let descs = j.arr("function_descriptors");
    assert_eq!(m.function_descriptors.len(), descs.len(), "{ctx}: descriptor count");
    for (d, jd) in m.function_descriptors.iter().zip(descs) {
        let n = |k: &str| jd.num(k).unwrap_or(0);
        assert_eq!(d.bytecode_offset as i128, n("bytecode_offset"), "{ctx}");
        assert_eq!(d.bytecode_length as i128, n("bytecode_length"), "{ctx}");
        assert_eq!(d.requirements, flag_bits(jd, "requirements", FEATURES, 0), "{ctx}");
        assert_eq!(d.block_count as i128, n("block_count"), "{ctx}");
        assert_eq!(d.i32_register_count as i128, n("i32_register_count"), "{ctx}");
        assert_eq!(d.ref_register_count as i128, n("ref_register_count"), "{ctx}");
    }
    assert_eq!(m.bytecode_version as i128, j.num("bytecode_version").unwrap_or(0), "{ctx}");
    let code: Vec<u8> = j.arr("bytecode_data").iter().map(byte).collect();
    assert_eq!(m.bytecode_data, &code[..], "{ctx}: bytecode_data");

    // The text dump: requirements, FlatBuffer size, full rodata contents, export attributes.
    let text = dump_module(path, &[]);
    let line = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix))
            .unwrap_or_else(|| panic!("{ctx}: no '{prefix}' line in the dump"))
            .trim()
            .to_string()
    };
    // "Requirements: EXT_F32 | 00000008": extension names, then the other bits in hex; the
    // line is left out when no bit is set.
    let has_requirements = text.lines().any(|l| l.starts_with("Requirements:"));
    let dumped_requirements = if has_requirements {
        line("Requirements:").split('|').map(str::trim).fold(0, |acc, part| {
            acc | FEATURES
                .iter()
                .find(|(n, _)| *n == part)
                .map(|f| f.1)
                .unwrap_or_else(|| u32::from_str_radix(part, 16).unwrap())
        })
    } else {
        0
    };
    assert_eq!(dumped_requirements, m.requirements, "{ctx}: requirements in the text dump");
    assert_eq!(line("FlatBuffer:"), format!("{} bytes", archive.flatbuffer.len()), "{ctx}");
    for (i, seg) in m.rodata_segments.iter().enumerate() {
        let dumped = line(&format!("vm.rodata[{i}] ="));
        assert_eq!(hex(seg), dumped, "{ctx}: contents of rodata[{i}]");
    }
    let exports_text = text
        .split("Exported Functions:")
        .nth(1)
        .map(|t| t.split("//===").next().unwrap())
        .unwrap_or("");
    let mut dumped: Vec<Vec<(String, String)>> = Vec::new();
    for l in exports_text.lines() {
        if l.trim_start().starts_with('[') {
            dumped.push(Vec::new());
        } else if let (Some(cur), Some((k, v))) = (dumped.last_mut(), l.trim().split_once(": ")) {
            cur.push((k.to_string(), v.to_string()));
        }
    }
    assert_eq!(dumped.len(), m.exported_functions.len(), "{ctx}: exports in the text dump");
    for (i, attrs) in dumped.iter().enumerate() {
        let sig = m.export_signature(i).unwrap();
        assert_eq!(&our_attrs(&sig.attrs), attrs, "{ctx}: attributes of export {i}");
    }
}

fn every_fixture_matches_iree_dump_module() {
    let all = all_fixtures();
    assert!(all.len() >= 10, "expected the reader and smoke fixtures");
    for f in &all {
        let bytes = f.bytes();
        let m = vmfb::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
        check_against_oracle(&m, &bytes, &f.path);
        // Every 3.13.0 user module: named "module", bytecode 17.0, needs at least UNWIND-free
        // core; every function body lies in bytecode_data (checked by the reader).
        assert_eq!(m.name, "module");
        assert_eq!(m.bytecode_version, 17 << 16);
        for (i, d) in m.function_descriptors.iter().enumerate() {
            let body = m.function_bytecode(i).unwrap();
            assert_eq!(body.len(), d.bytecode_length as usize);
        }
    }
}

/// VMVX executables are complete `.vmfb` files nested in rodata; read them the same way.
fn nested_vmvx_modules_match_iree_dump_module() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vmfb_nested");
    std::fs::create_dir_all(&dir).unwrap();
    let mut seen = 0;
    for f in all_fixtures().iter().filter(|f| f.target == "vmvx") {
        let bytes = f.bytes();
        let m = vmfb::parse(&bytes).unwrap();
        for (i, seg) in m.rodata_segments.iter().enumerate() {
            // A nested module: ZIP-prefixed, or flat ("IREE" after size prefix and root).
            let flat = seg.len() > 12 && &seg[8..12] == b"IREE";
            if !seg.starts_with(b"PK\x03\x04") && !flat {
                continue;
            }
            let nested = vmfb::parse(seg).unwrap_or_else(|e| panic!("{} rodata[{i}]: {e}", f.stem));
            let path = dir.join(format!("{}.{}.{i}.vmfb", f.suite, f.stem));
            std::fs::write(&path, seg).unwrap();
            check_against_oracle(&nested, seg, &path);
            assert!(nested.requirements & feature::EXT_F32 != 0);
            assert!(nested.imported_functions.is_empty());
            for e in 0..nested.exported_functions.len() {
                let cc = nested.export_signature(e).unwrap().calling_convention;
                assert_eq!(cc, "0rrriiiiiiiii_v", "{}: VMVX dispatch calling convention", f.stem);
            }
            seen += 1;
        }
    }
    assert!(seen >= 3, "expected nested VMVX modules in the vmvx fixtures, saw {seen}");
}

/// wasm32 builds carry each executable as external rodata holding a raw wasm module.
fn wasm32_executables_are_external_raw_wasm() {
    let mut seen = 0;
    for f in all_fixtures().iter().filter(|f| f.target == "wasm32") {
        let bytes = f.bytes();
        let m = vmfb::parse(&bytes).unwrap();
        let archive = vmfb::split(&bytes).unwrap();
        // 3.13.0 writes ZIP-prefixed archives unless told --iree-vm-emit-polyglot-zip=false.
        assert_eq!(archive.zip, !f.stem.starts_with("flat."), "{}: ZIP prefix", f.stem);
        assert_eq!(archive.rodata_base % 64, 0);
        for seg in m.rodata_segments.iter().filter(|s| s.starts_with(b"\0asm")) {
            let at = seg.as_ptr() as usize - bytes.as_ptr() as usize;
            assert!(at >= archive.rodata_base, "{}: wasm is external rodata", f.stem);
            assert_eq!(&seg[4..8], &[1, 0, 0, 0], "{}: wasm version 1", f.stem);
            seen += 1;
        }
        let wants_executable =
            m.imported_functions.iter().any(|i| i.full_name == "hal.executable.create");
        assert_eq!(
            wants_executable,
            m.rodata_segments.iter().any(|s| s.starts_with(b"\0asm")),
            "{}",
            f.stem
        );
    }
    assert!(seen >= 2, "expected wasm executables in the wasm32 fixtures, saw {seen}");
}

fn malformed_offset(r: rt_core::Result<ModuleDef<'_>>) -> usize {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => match e.kind() {
            ErrorKind::Malformed { offset, message } => {
                assert!(message.contains("expected"), "message says what was expected: {message}");
                *offset
            }
            k => panic!("expected Malformed, got {k:?}"),
        },
    }
}

/// The last byte the module needs: the FlatBuffer end or the end of the last external segment.
fn required_len(bytes: &[u8], m: &ModuleDef<'_>) -> usize {
    let a = vmfb::split(bytes).unwrap();
    let mut end = a.flatbuffer_offset + a.flatbuffer.len();
    for seg in &m.rodata_segments {
        if !seg.is_empty() {
            end = end.max(seg.as_ptr() as usize - bytes.as_ptr() as usize + seg.len());
        }
    }
    end
}

fn truncation_at_every_prefix_fails_cleanly() {
    let files =
        [("smoke", "scalar_add.vmvx"), ("smoke", "tensor_abs.wasm32"), ("reader", "flat.wasm32")];
    for (suite, stem) in files {
        let bytes = fixture(suite, stem).bytes();
        let full = vmfb::parse(&bytes).unwrap();
        let needed = required_len(&bytes, &full);
        if vmfb::split(&bytes).unwrap().zip {
            assert!(needed < bytes.len(), "{stem}: a ZIP central directory follows the module");
        } else {
            assert_eq!(needed, bytes.len(), "{stem}: a flat archive ends with its last segment");
        }
        for len in 0..bytes.len() {
            // Copy so that no read can stray into the original allocation unnoticed.
            let prefix = bytes[..len].to_vec();
            let r = vmfb::parse(&prefix);
            if len < needed {
                let off = malformed_offset(r);
                assert!(off <= len.max(64), "{stem}[..{len}]: error offset {off} past the data");
            } else {
                // Only the ZIP trailer is missing: the module itself is complete.
                let m = r.unwrap_or_else(|e| panic!("{stem}[..{len}]: {e}"));
                assert_eq!(m.bytecode_data, full.bytecode_data);
                assert_eq!(m.rodata_segments, full.rodata_segments);
            }
        }
    }
}

fn set_u32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

fn set_u16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_le_bytes());
}

fn container_errors_carry_offsets() {
    let bytes = fixture("smoke", "tensor_abs.wasm32").bytes();
    let raw = Raw::new(&bytes);
    let prefix_at = raw.fb - 4;

    // Wrong magic: not a ZIP, so the first four bytes are read as a (huge) size prefix.
    let mut b = bytes.clone();
    b[..4].copy_from_slice(b"XK\x03\x04");
    assert_eq!(malformed_offset(vmfb::parse(&b)), 0);

    // Wrong file identifier.
    let mut b = bytes.clone();
    b[raw.fb + 4..raw.fb + 8].copy_from_slice(b"IREF");
    assert_eq!(malformed_offset(vmfb::parse(&b)), raw.fb + 4);

    // Size prefix larger than the file.
    let mut b = bytes.clone();
    set_u32(&mut b, prefix_at, bytes.len() as u32);
    assert_eq!(malformed_offset(vmfb::parse(&b)), prefix_at);

    // ZIP header whose extra field runs past the end.
    let mut b = bytes.clone();
    set_u16(&mut b, 28, 0xFFFF);
    b.truncate(1000);
    assert_eq!(malformed_offset(vmfb::parse(&b)), 26);

    // A flat archive (no ZIP header) is read the same way as the ZIP one.
    let flat = bytes[prefix_at..].to_vec();
    let m = vmfb::parse(&flat).unwrap();
    let z = vmfb::parse(&bytes).unwrap();
    assert_eq!(m.function_descriptors, z.function_descriptors);
    assert_eq!(m.exported_functions, z.exported_functions);
    assert_eq!(m.rodata_segments.len(), z.rodata_segments.len());
    // ... but external rodata moves with the base: the prefix removed 0x40 bytes, which is a
    // whole alignment unit, so every segment still resolves to the same contents.
    assert_eq!(m.rodata_segments, z.rodata_segments);
}

fn flatbuffer_errors_carry_offsets() {
    let bytes = fixture("smoke", "tensor_abs.wasm32").bytes();
    let raw = Raw::new(&bytes);
    let root = raw.root();
    let vt = raw.vtable(root);

    // Root offset pointing outside the FlatBuffer.
    let mut b = bytes.clone();
    set_u32(&mut b, raw.fb, 0x7FFF_0000);
    assert_eq!(malformed_offset(vmfb::parse(&b)), raw.fb);

    // Root table's vtable offset pointing before the start.
    let mut b = bytes.clone();
    set_u32(&mut b, root, 0x7FFF_FFFF);
    assert_eq!(malformed_offset(vmfb::parse(&b)), root);

    // Corrupted vtable: odd size, size past the end, tiny inline size.
    let mut b = bytes.clone();
    set_u16(&mut b, vt, 3);
    assert_eq!(malformed_offset(vmfb::parse(&b)), vt);
    let mut b = bytes.clone();
    set_u16(&mut b, vt, 0xFFFE);
    assert_eq!(malformed_offset(vmfb::parse(&b)), vt);
    let mut b = bytes.clone();
    set_u16(&mut b, vt + 2, 2);
    assert_eq!(malformed_offset(vmfb::parse(&b)), vt + 2);

    // A field offset beyond the table's inline size (slot 0, the name).
    let mut b = bytes.clone();
    set_u16(&mut b, vt + 4, 0xFFF0);
    assert_eq!(malformed_offset(vmfb::parse(&b)), vt + 4);

    // Missing required name.
    let mut b = bytes.clone();
    set_u16(&mut b, vt + 4, 0);
    let off = malformed_offset(vmfb::parse(&b));
    assert_eq!(off, root);

    // Name string: length past the end, invalid UTF-8, missing terminator.
    let name_field = raw.field(root, 0);
    let name = raw.deref(name_field);
    let mut b = bytes.clone();
    set_u32(&mut b, name, 0x00FF_FFFF);
    assert_eq!(malformed_offset(vmfb::parse(&b)), name);
    let mut b = bytes.clone();
    b[name + 5] = 0xC3; // "m" + lone lead byte followed by 'd'
    assert_eq!(malformed_offset(vmfb::parse(&b)), name + 5);
    let mut b = bytes.clone();
    b[name + 4 + raw.u32(name)] = b'!';
    assert_eq!(malformed_offset(vmfb::parse(&b)), name + 4 + raw.u32(name));

    // Vector count past the end (types, slot 4).
    let types = raw.deref(raw.field(root, 4));
    let mut b = bytes.clone();
    set_u32(&mut b, types, 0x4000_0000);
    assert_eq!(malformed_offset(vmfb::parse(&b)), types);

    // A vector element (uoffset) pointing outside.
    let mut b = bytes.clone();
    set_u32(&mut b, types + 4, 0x7000_0000);
    assert_eq!(malformed_offset(vmfb::parse(&b)), types + 4);
}

fn schema_errors_carry_offsets() {
    let bytes = fixture("smoke", "tensor_abs.wasm32").bytes();
    let raw = Raw::new(&bytes);
    let root = raw.root();
    let full = vmfb::parse(&bytes).unwrap();

    // External rodata outside the file: offset, length and u64 overflow.
    let ext = full.rodata_segments.iter().position(|s| s.starts_with(b"\0asm")).unwrap();
    let seg = raw.table_elem(root, 9, ext);
    let off_field = raw.field(seg, 3);
    let len_field = raw.field(seg, 4);
    for (field, value) in [
        (off_field, bytes.len() as u64),
        (len_field, bytes.len() as u64),
        (off_field, u64::MAX - 8),
        (len_field, u64::MAX),
    ] {
        let mut b = bytes.clone();
        b[field..field + 8].copy_from_slice(&value.to_le_bytes());
        assert_eq!(malformed_offset(vmfb::parse(&b)), off_field, "field {field:#x} = {value:#x}");
    }

    // Unknown compression type. 3.13.0 writes no union tag, so alias the tag slot (0) of
    // segment 0's vtable onto the first byte of its embedded_data uoffset (slot 2), a
    // non-zero byte that is not a known tag.
    let seg0 = raw.table_elem(root, 9, 0);
    let vt0 = raw.vtable(seg0);
    assert!(raw.u16(vt0) >= 6, "rodata vtable has a slot for the union tag");
    let data_voff = raw.u16(vt0 + 4 + 2 * 2);
    assert!(data_voff != 0 && raw.b[seg0 + data_voff] > 1);
    let mut b = bytes.clone();
    set_u16(&mut b, vt0 + 4, data_voff as u16);
    assert_eq!(malformed_offset(vmfb::parse(&b)), seg0 + data_voff);

    // Function descriptor range outside bytecode_data.
    let descs = raw.deref(raw.field(root, 12));
    let mut b = bytes.clone();
    set_u32(&mut b, descs + 4 + 4, 0x10_0000); // descriptor 0, bytecode_length
    assert_eq!(malformed_offset(vmfb::parse(&b)), descs + 4);
    let mut b = bytes.clone();
    set_u32(&mut b, descs + 4 + 20, 0xFFFF_FFF0); // descriptor 1, negative offset
    assert_eq!(malformed_offset(vmfb::parse(&b)), descs + 4 + 20);

    // Export naming an internal function that does not exist.
    let export0 = raw.table_elem(root, 7, 0);
    let ord = raw.field(export0, 1);
    let mut b = bytes.clone();
    set_u32(&mut b, ord, 99);
    malformed_offset(vmfb::parse(&b));
    let mut b = bytes.clone();
    set_u32(&mut b, ord, -1i32 as u32);
    assert_eq!(malformed_offset(vmfb::parse(&b)), ord);

    // An import without a signature.
    let import0 = raw.table_elem(root, 6, 0);
    let ivt = raw.vtable(import0);
    let mut b = bytes.clone();
    set_u16(&mut b, ivt + 4 + 2, 0);
    assert_eq!(malformed_offset(vmfb::parse(&b)), import0);
}

/// Deterministic random corruption of the FlatBuffer: the reader may accept or reject each
/// file but must never panic, hang or return slices outside the input.
fn random_corruption_never_panics() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (suite, stem) in [("smoke", "tensor_abs.wasm32"), ("reader", "names.vmvx")] {
        let bytes = fixture(suite, stem).bytes();
        let raw = Raw::new(&bytes);
        let fb_len = raw.u32(raw.fb - 4);
        let (mut ok, mut err) = (0, 0);
        for _ in 0..3000 {
            let mut b = bytes.clone();
            for _ in 0..1 + next() % 4 {
                let at = raw.fb + (next() as usize % fb_len);
                match next() % 3 {
                    0 => b[at] = next() as u8,
                    1 => b[at] ^= 1 << (next() % 8),
                    _ => b[at] = if next() % 2 == 0 { 0 } else { 0xFF },
                }
            }
            match vmfb::parse(&b) {
                Ok(m) => {
                    ok += 1;
                    let range = b.as_ptr() as usize..b.as_ptr() as usize + b.len() + 1;
                    for s in m.rodata_segments.iter().chain([&m.bytecode_data]) {
                        assert!(range.contains(&(s.as_ptr() as usize)) || s.is_empty());
                    }
                }
                Err(e) => {
                    err += 1;
                    assert!(matches!(e.kind(), ErrorKind::Malformed { .. }), "{e}");
                }
            }
        }
        assert!(err > 0 && ok > 0, "{stem}: {ok} accepted, {err} rejected");
    }
}

/// Every calling convention in every fixture parses and prints back unchanged.
fn every_calling_convention_parses() {
    use rt_core::cconv::CallingConvention;
    let mut count = 0;
    for f in all_fixtures() {
        let bytes = f.bytes();
        let m = vmfb::parse(&bytes).unwrap();
        let sigs =
            m.function_signatures.iter().chain(m.imported_functions.iter().map(|i| &i.signature));
        for s in sigs {
            let cc = CallingConvention::parse(s.calling_convention)
                .unwrap_or_else(|e| panic!("{}: {e}", f.stem));
            assert_eq!(cc.to_string(), s.calling_convention);
            count += 1;
        }
    }
    assert!(count > 50);
}

fn fixture_list_covers_reader_programs() {
    let reader = fixtures("reader");
    for stem in ["scalars.vmvx", "scalars.wasm32", "tensors.vmvx", "tensors.wasm32", "refs.vmvx"] {
        assert!(reader.iter().any(|f| f.stem == stem), "missing {stem}");
    }
}
/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("every_fixture_matches_iree_dump_module", every_fixture_matches_iree_dump_module),
    ("nested_vmvx_modules_match_iree_dump_module", nested_vmvx_modules_match_iree_dump_module),
    ("wasm32_executables_are_external_raw_wasm", wasm32_executables_are_external_raw_wasm),
    ("truncation_at_every_prefix_fails_cleanly", truncation_at_every_prefix_fails_cleanly),
    ("container_errors_carry_offsets", container_errors_carry_offsets),
    ("flatbuffer_errors_carry_offsets", flatbuffer_errors_carry_offsets),
    ("schema_errors_carry_offsets", schema_errors_carry_offsets),
    ("random_corruption_never_panics", random_corruption_never_panics),
    ("every_calling_convention_parses", every_calling_convention_parses),
    ("fixture_list_covers_reader_programs", fixture_list_covers_reader_programs),
];
