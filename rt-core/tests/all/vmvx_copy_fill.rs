//! `copy.2d.x8/x16/x32/x64` and `fill.2d.x32` called directly on `vm.buffer`s against naive
//! loops, on random shapes and strides (transposes, padding, zero and one sizes), with
//! overlapping views and out-of-range errors.

use crate::Test;
use crate::vmvx_support;

use std::rc::Rc;

use rt_core::memory::Block;
use vmvx_support::*;

fn copies_match_the_reference_for_every_element_size() {
    for (name, size) in [
        ("copy.2d.x8", 1usize),
        ("copy.2d.x16", 2),
        ("copy.2d.x32", 4),
        ("copy.2d.x64", 8),
    ] {
        let mut rng = Rng::new(size as u64);
        for _ in 0..60 {
            let (s0, s1) = (rng.size(8), rng.size(8));
            let (in_off, out_off) = (rng.range(0, 4), rng.range(0, 4));
            // Input: any strides (including broadcast); output: row-major or transposed.
            let (in_s0, in_s1) = (rng.range(0, 12), rng.range(0, 3));
            let (out_s0, out_s1) = if rng.range(0, 1) == 0 {
                (s1 + rng.range(0, 2), 1)
            } else {
                (1, s0 + rng.range(0, 2))
            };
            let extent = |off: u64, a: u64, b: u64| {
                if s0 == 0 || s1 == 0 {
                    off
                } else {
                    off + (s0 - 1) * a + (s1 - 1) * b + 1
                }
            };
            let slack = rng.range(0, 3) as usize;
            let input = rng.bytes(extent(in_off, in_s0, in_s1) as usize * size + slack);
            let initial = rng.bytes(extent(out_off, out_s0, out_s1) as usize * size);
            let (ib, ob) = (buffer(&input), buffer(&initial));
            ok(
                name,
                &[
                    r(&ib),
                    i(in_off as i64),
                    i(in_s0 as i64),
                    i(in_s1 as i64),
                    r(&ob),
                    i(out_off as i64),
                    i(out_s0 as i64),
                    i(out_s1 as i64),
                    i(s0 as i64),
                    i(s1 as i64),
                ],
            );
            let mut want = initial.clone();
            for a in 0..s0 {
                for b in 0..s1 {
                    let from = (in_off + a * in_s0 + b * in_s1) as usize * size;
                    let to = (out_off + a * out_s0 + b * out_s1) as usize * size;
                    want[to..to + size].copy_from_slice(&input[from..from + size]);
                }
            }
            assert_eq!(bytes_of(&ob), want, "{name} sizes {s0}x{s1}");
        }
    }
}

fn copy_between_overlapping_views_reads_the_source_first() {
    // A memmove-like shift by one 16-bit element inside one block.
    let initial: Vec<u8> = (0..20).collect();
    let block = Rc::new(Block::from_bytes(&initial).unwrap());
    let src = view(&block, 0..16);
    let dst = view(&block, 2..18);
    ok(
        "copy.2d.x16",
        &[
            r(&src),
            i(0),
            i(4),
            i(1),
            r(&dst),
            i(0),
            i(4),
            i(1),
            i(2),
            i(4),
        ],
    );
    let mut want = initial.clone();
    want[2..18].copy_from_slice(&initial[0..16]);
    assert_eq!(block.borrow().to_vec(), want);
}

fn fill_matches_the_reference() {
    let mut rng = Rng::new(77);
    for _ in 0..60 {
        let (s0, s1) = (rng.size(8), rng.size(8));
        let offset = rng.range(0, 5);
        let stride0 = s1 + rng.range(0, 3);
        let value = rng.u32() as i32;
        let len = if s0 == 0 || s1 == 0 {
            offset
        } else {
            offset + (s0 - 1) * stride0 + s1
        } + rng.range(0, 3);
        let initial: Vec<u32> = (0..len).map(|_| rng.u32()).collect();
        let out = buffer(&from_u32s(&initial));
        ok(
            "fill.2d.x32",
            &[
                i32v(value),
                r(&out),
                i(offset as i64),
                i(stride0 as i64),
                i(s0 as i64),
                i(s1 as i64),
            ],
        );
        let mut want = initial.clone();
        for a in 0..s0 {
            for b in 0..s1 {
                want[(offset + a * stride0 + b) as usize] = value as u32;
            }
        }
        assert_eq!(u32s(&bytes_of(&out)), want);
    }
}

fn copy_and_fill_errors_name_the_operand_and_range() {
    let a = buffer(&[0; 16]);
    let out = zeroed(16);
    let message = trap(
        "copy.2d.x64",
        &[
            r(&a),
            i(0),
            i(1),
            i(1),
            r(&out),
            i(1),
            i(1),
            i(1),
            i(1),
            i(2),
        ],
    );
    assert!(
        message.starts_with("vmvx.copy.2d.x64: out region out of range"),
        "{message}"
    );
    assert!(
        message.contains("bytes 8..24 of a 16-byte buffer"),
        "{message}"
    );
    let message = trap(
        "copy.2d.x8",
        &[
            r(&a),
            i(0),
            i(-4),
            i(1),
            r(&out),
            i(0),
            i(1),
            i(1),
            i(1),
            i(2),
        ],
    );
    assert!(message.contains("in_stride0 is -4"), "{message}");
    let message = trap("fill.2d.x32", &[i32v(1), r(&out), i(0), i(3), i(2), i(2)]);
    assert!(
        message.starts_with("vmvx.fill.2d.x32: out region out of range"),
        "{message}"
    );
    ok("fill.2d.x32", &[i32v(1), r(&out), i(0), i(2), i(2), i(2)]);
    let constant = rodata(&[0; 16]);
    let message = trap(
        "fill.2d.x32",
        &[i32v(1), r(&constant), i(0), i(2), i(2), i(2)],
    );
    assert!(message.contains("read-only"), "{message}");
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("copies_match_the_reference_for_every_element_size", copies_match_the_reference_for_every_element_size),
    ("copy_between_overlapping_views_reads_the_source_first", copy_between_overlapping_views_reads_the_source_first),
    ("fill_matches_the_reference", fill_matches_the_reference),
    ("copy_and_fill_errors_name_the_operand_and_range", copy_and_fill_errors_name_the_operand_and_range),
];
