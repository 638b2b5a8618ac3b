//! A side module may only initialise the memory and table regions the runtime reserves for it
//! (`dylink.0`). Each test takes a real 3.13.0 side module (tests/build/linker), changes one
//! thing the way the mutation campaign (tests/robustness/mutate.mjs) did when it found the
//! runtime's heap corrupted, and checks the planner refuses it, naming what was wrong. Before
//! these checks every one of them planned and linked, and its init routine wrote outside.

use crate::common::*;
use linker::ErrorKind;
use wasmparser::{Operator, Parser, Payload};

/// Every fixture's side module (matmul's relocations have two-byte offsets, which one test
/// needs; the others have the same shape).
fn modules() -> Vec<(&'static str, Vec<u8>)> {
    FIXTURES.iter().map(|n| (*n, side_module(n))).collect()
}

/// Global indices of `env.__memory_base` and `env.__table_base`.
fn bases(module: &[u8]) -> (u8, u8) {
    let info = linker::parse(module).unwrap();
    let index = |name| info.imported_global("env", name).unwrap() as u8;
    (index("__memory_base"), index("__table_base"))
}

fn with_byte(module: &[u8], at: usize, value: u8) -> Vec<u8> {
    let mut m = module.to_vec();
    m[at] = value;
    m
}

/// The planner's refusal of `module`, which must be an `OutsideRegion` error saying `what`.
fn refused(name: &str, module: &[u8], kind: ErrorKind, what: &str) {
    match linker::plan(module) {
        Ok(_) => panic!("{name}: planned, expected a refusal saying '{what}'"),
        Err(e) => {
            assert_eq!(e.kind, kind, "{name}: {e}");
            assert!(
                e.to_string().contains(what),
                "{name}: '{e}' does not say '{what}'"
            );
        }
    }
}

fn uleb(b: &[u8], mut at: usize) -> (u32, usize) {
    let (mut v, mut shift) = (0u32, 0);
    loop {
        let byte = b[at];
        v |= ((byte & 0x7f) as u32) << shift;
        at += 1;
        if byte & 0x80 == 0 {
            return (v, at);
        }
        shift += 7;
    }
}

/// Offsets of the `dylink.0` MEM_INFO subsection's id byte and of its four fields
/// (memory size, memory alignment, table size, table alignment).
fn mem_info(module: &[u8]) -> (usize, [usize; 4]) {
    for p in Parser::new(0).parse_all(module) {
        if let Payload::CustomSection(c) = p.unwrap() {
            if c.name() == "dylink.0" {
                let id = c.data_offset() as usize;
                assert_eq!(
                    module[id], 1,
                    "the first dylink.0 subsection is not MEM_INFO"
                );
                let (_, mut at) = uleb(module, id + 1);
                let mut fields = [0; 4];
                for f in &mut fields {
                    *f = at;
                    at = uleb(module, at).1;
                }
                return (id, fields);
            }
        }
    }
    panic!("no dylink.0 section");
}

/// Offset of the first operator of the first data / element segment's offset expression.
fn segment_offset_expr(module: &[u8], data: bool) -> usize {
    for p in Parser::new(0).parse_all(module) {
        match p.unwrap() {
            Payload::DataSection(r) if data => {
                if let wasmparser::DataKind::Active { offset_expr, .. } =
                    r.into_iter().next().unwrap().unwrap().kind
                {
                    return offset_expr.get_binary_reader().original_position() as usize;
                }
            }
            Payload::ElementSection(r) if !data => {
                if let wasmparser::ElementKind::Active { offset_expr, .. } =
                    r.into_iter().next().unwrap().unwrap().kind
                {
                    return offset_expr.get_binary_reader().original_position() as usize;
                }
            }
            _ => {}
        }
    }
    panic!("no active segment");
}

/// The operators of `__wasm_apply_data_relocs` with their offsets.
fn relocation_code(module: &[u8]) -> Vec<(usize, Operator<'_>)> {
    let info = linker::parse(module).unwrap();
    let relocs = info
        .exported_func("__wasm_apply_data_relocs")
        .expect("no relocation function");
    let mut index = info.imported_funcs;
    for p in Parser::new(0).parse_all(module) {
        if let Payload::CodeSectionEntry(body) = p.unwrap() {
            if index == relocs {
                let mut ops = body.get_operators_reader().unwrap();
                let mut out = Vec::new();
                while !ops.eof() {
                    let at = ops.original_position() as usize;
                    out.push((at, ops.read().unwrap()));
                }
                return out;
            }
            index += 1;
        }
    }
    panic!("relocation function not found");
}

#[test]
fn the_real_side_modules_stay_inside_their_regions() {
    for (name, m) in modules() {
        let plan = linker::plan(&m).unwrap_or_else(|e| panic!("{name}: {e}"));
        let info = linker::parse(&m).unwrap();
        let relocations = info.relocations.unwrap().unwrap();
        assert!(!relocations.is_empty(), "{name}: no relocations");
        for r in &relocations {
            assert!(
                r.at >= 0 && r.at as u32 + 4 <= plan.data_size,
                "{name}: {r:?}"
            );
        }
        assert_eq!(plan.slots.len(), 1, "{name}: one kernel");
    }
}

#[test]
fn data_without_a_reserved_region_is_refused() {
    // Campaign mutant: the MEM_INFO subsection id 1 -> 63, an unknown subsection the reader
    // skips, so dylink.0 reserves nothing; the data went to __memory_base anyway.
    for (name, m) in modules() {
        let (id, _) = mem_info(&m);
        let data = linker::parse(&m).unwrap().data[0].len;
        refused(
            name,
            &with_byte(&m, id, 63),
            ErrorKind::OutsideRegion,
            &format!("data segment 0 has {data} bytes, but dylink.0 reserves 0 bytes for the module's data"),
        );
    }
}

#[test]
fn a_memory_size_smaller_than_the_data_is_refused() {
    // Campaign mutant: the memory size's first LEB byte set to 127 (its value ends there: 127
    // bytes, less than any fixture's data).
    for (name, m) in modules() {
        let (_, [size, ..]) = mem_info(&m);
        refused(
            name,
            &with_byte(&m, size, 127),
            ErrorKind::OutsideRegion,
            "but dylink.0 reserves 127 bytes",
        );
    }
}

#[test]
fn a_data_segment_at_an_absolute_address_is_refused() {
    // `global.get __memory_base` -> `i32.const <its index>`: the data would go to that address.
    for (name, m) in modules() {
        let (memory_base, _) = bases(&m);
        let at = segment_offset_expr(&m, true);
        assert_eq!(
            &m[at..at + 2],
            [0x23, memory_base],
            "{name}: global.get __memory_base"
        );
        refused(
            name,
            &with_byte(&m, at, 0x41),
            ErrorKind::OutsideRegion,
            &format!("data segment 0 is placed at the absolute address {memory_base}, not at global.get __memory_base"),
        );
    }
}

#[test]
fn a_relocation_outside_the_data_is_refused() {
    for (name, m) in modules() {
        let ops = relocation_code(&m);
        let (first, _) = ops[0];
        // The first relocated word's offset: an `i32.const` whose LEB is 2 bytes in every
        // fixture. Last byte 0x3f: a positive offset past the data; 0x7f: a negative one.
        let Operator::I32Const { value } = ops[0].1 else {
            panic!("{name}: {:?}", ops[0].1)
        };
        assert_eq!(
            ops[1].0 - first,
            3,
            "{name}: offset {value} is not a 2-byte LEB"
        );
        let data_size = linker::plan(&m).unwrap().data_size;
        let high = (value & 0x7f) + (0x3f << 7);
        refused(
            name,
            &with_byte(&m, first + 2, 0x3f),
            ErrorKind::OutsideRegion,
            &format!("stores 4 bytes at __memory_base + {high}, outside the {data_size} bytes"),
        );
        let low = (value & 0x7f) - (1 << 7);
        refused(
            name,
            &with_byte(&m, first + 2, 0x7f),
            ErrorKind::OutsideRegion,
            &format!("stores 4 bytes at __memory_base + {low}, outside"),
        );
    }
}

#[test]
fn a_relocation_relative_to_another_global_is_refused() {
    // The address's `global.get __memory_base` -> `global.get __table_base`.
    for (name, m) in modules() {
        let (memory_base, table_base) = bases(&m);
        let ops = relocation_code(&m);
        assert_eq!(
            ops[1].1,
            Operator::GlobalGet {
                global_index: memory_base as u32
            },
            "{name}"
        );
        refused(
            name,
            &with_byte(&m, ops[1].0 + 1, table_base),
            ErrorKind::OutsideRegion,
            &format!("__wasm_apply_data_relocs stores relative to global {table_base}, not to __memory_base"),
        );
    }
}

#[test]
fn a_relocation_storing_an_unbound_global_is_refused() {
    // The stored value's `global.get` -> `global.get __stack_pointer`: valid wasm that writes
    // inside the data, but not wasm-ld's code (found by fuzzing, where the linked module then
    // held a store the init check could not follow).
    let mut tried = 0;
    for (name, m) in modules() {
        let Some(sp) = linker::parse(&m).unwrap().imported_global("env", "__stack_pointer") else {
            continue;
        };
        let ops = relocation_code(&m);
        assert!(matches!(ops[3].1, Operator::GlobalGet { .. }), "{name}: {:?}", ops[3].1);
        refused(
            name,
            &with_byte(&m, ops[3].0 + 1, sp as u8),
            ErrorKind::Unsupported,
            &format!("__wasm_apply_data_relocs stores the value of global {sp}, which is not __memory_base, __table_base or a GOT entry"),
        );
        tried += 1;
    }
    assert!(tried > 0, "no fixture imports __stack_pointer");
}

#[test]
fn relocation_code_of_another_shape_is_refused() {
    for (name, m) in modules() {
        let ops = relocation_code(&m);
        // The address's `i32.add` -> `i32.sub`: valid wasm, but not wasm-ld's pattern.
        assert_eq!(ops[2].1, Operator::I32Add, "{name}");
        refused(
            name,
            &with_byte(&m, ops[2].0, 0x6b),
            ErrorKind::Unsupported,
            "__wasm_apply_data_relocs is not the relocation code wasm-ld generates: expected i32.add here",
        );
        // The store -> `i32.store16`.
        let store = ops
            .iter()
            .position(|(_, op)| matches!(op, Operator::I32Store { .. }))
            .unwrap();
        refused(
            name,
            &with_byte(&m, ops[store].0, 0x3b),
            ErrorKind::Unsupported,
            "expected i32.store with offset 0 here",
        );
    }
}

#[test]
fn kernels_beyond_the_reserved_table_slots_are_refused() {
    for (name, m) in modules() {
        // dylink.0 table size 1 -> 0.
        let (_, [_, _, table_size, _]) = mem_info(&m);
        assert_eq!(m[table_size], 1, "{name}");
        refused(
            name,
            &with_byte(&m, table_size, 0),
            ErrorKind::OutsideRegion,
            "element segment 0 fills 1 table slots, but dylink.0 reserves 0",
        );
        // `global.get __table_base` -> `i32.const <its index>`: the kernel would replace that
        // slot of the runtime's table.
        let (_, table_base) = bases(&m);
        let at = segment_offset_expr(&m, false);
        assert_eq!(
            &m[at..at + 2],
            [0x23, table_base],
            "{name}: global.get __table_base"
        );
        refused(
            name,
            &with_byte(&m, at, 0x41),
            ErrorKind::OutsideRegion,
            &format!("element segment 0 fills table 0 at the absolute address {table_base}, not env.__indirect_function_table at global.get __table_base"),
        );
    }
}

#[test]
fn slots_report_each_kernels_type() {
    // The kernel's first parameter i32 -> i64 (the poisoning mutant: a call from JS then
    // failed inside the runtime). The plan reports the type; the runtime refuses it.
    for (name, m) in modules() {
        let mut types = None;
        for p in Parser::new(0).parse_all(&m) {
            if let Payload::TypeSection(r) = p.unwrap() {
                types = Some(r.range().start as usize..r.range().end as usize);
            }
        }
        let types = types.unwrap();
        let kernel = m[types.clone()]
            .windows(6)
            .position(|w| w == [0x60, 3, 0x7f, 0x7f, 0x7f, 1])
            .map(|p| types.start + p)
            .unwrap_or_else(|| panic!("{name}: no (i32, i32, i32) -> i32 type"));
        let plan = linker::plan(&with_byte(&m, kernel + 2, 0x7e)).unwrap();
        let slots: Vec<_> = plan.slots.iter().map(|s| s.to_string()).collect();
        assert_eq!(slots, ["(i64, i32, i32) -> (i32)"], "{name}");
    }
}

fn uleb_bytes(mut v: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

#[test]
fn a_memory_size_that_overflows_with_the_init_flag_is_refused() {
    // dylink.0 rewritten with a memory size of 2^32 - 2: the data and the init flag after it
    // do not fit 32 bits (the flag's offset wrapped around to 0 in a release build).
    for (name, m) in modules() {
        let (id, [_, align, ..]) = mem_info(&m);
        let (length, body) = uleb(&m, id + 1);
        let subsection_end = body + length as usize;
        let mut fields = uleb_bytes(u32::MAX - 1);
        fields.extend_from_slice(&m[align..subsection_end]);
        let content = Parser::new(0)
            .parse_all(&m)
            .find_map(|p| match p.unwrap() {
                Payload::CustomSection(c) if c.name() == "dylink.0" => Some(c.range()),
                _ => None,
            })
            .unwrap();
        let (start, end) = (content.start as usize, content.end as usize);
        let header = 1 + uleb_bytes((end - start) as u32).len();
        let mut payload = m[start..id].to_vec(); // the section's name
        payload.push(1);
        payload.extend(uleb_bytes(fields.len() as u32));
        payload.extend(fields);
        payload.extend_from_slice(&m[subsection_end..end]);
        let mut out = m[..start - header].to_vec();
        out.push(0);
        out.extend(uleb_bytes(payload.len() as u32));
        out.extend(payload);
        out.extend_from_slice(&m[end..]);
        refused(
            name,
            &out,
            ErrorKind::Malformed,
            "memory size 4294967294 does not fit a 32-bit memory",
        );
    }
}
