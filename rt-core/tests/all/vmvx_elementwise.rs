//! The x32 elementwise exports of `vmvx` called directly on `vm.buffer`s: every unary and
//! binary op against a naive reference (f64 arithmetic rounded to f32 for floats; bit-exact
//! where IEEE rounding makes it exact, within 1 ulp for exp/log/rsqrt), on random shapes and
//! layouts (row-major with padding, transposed, broadcast, zero and one sizes), in-place and
//! overlapping views of one block, and argument errors.

use crate::Test;
use crate::vmvx_support;

use vmvx_support::*;

const UNARY: &[&str] = &[
    "abs.2d.f32",
    "ceil.2d.f32",
    "ctlz.2d.i32",
    "exp.2d.f32",
    "floor.2d.f32",
    "log.2d.f32",
    "neg.2d.f32",
    "rsqrt.2d.f32",
];
const BINARY: &[&str] = &[
    "add.2d.f32",
    "add.2d.i32",
    "and.2d.i32",
    "div.2d.f32",
    "divs.2d.i32",
    "divu.2d.i32",
    "mul.2d.f32",
    "mul.2d.i32",
    "or.2d.i32",
    "shl.2d.i32",
    "shrs.2d.i32",
    "shru.2d.i32",
    "sub.2d.f32",
    "sub.2d.i32",
    "xor.2d.i32",
];

/// Element offset and strides of one operand.
#[derive(Clone, Copy, Debug)]
struct Layout {
    offset: u64,
    stride0: u64,
    stride1: u64,
}

impl Layout {
    fn index(&self, i: u64, j: u64) -> usize {
        (self.offset + i * self.stride0 + j * self.stride1) as usize
    }

    /// Elements a buffer needs to hold the region.
    fn extent(&self, size0: u64, size1: u64) -> u64 {
        if size0 == 0 || size1 == 0 {
            return self.offset;
        }
        self.offset + (size0 - 1) * self.stride0 + (size1 - 1) * self.stride1 + 1
    }
}

/// A random layout; inputs may broadcast (zero strides), outputs never overlap themselves.
fn layout(rng: &mut Rng, size0: u64, size1: u64, input: bool) -> Layout {
    let offset = rng.range(0, 5);
    match rng.range(0, if input { 3 } else { 2 }) {
        0 => {
            let stride1 = rng.range(1, 3);
            Layout {
                offset,
                stride0: size1 * stride1 + rng.range(0, 3),
                stride1,
            }
        }
        1 => Layout {
            offset,
            stride0: 1,
            stride1: size0 + rng.range(0, 2),
        },
        2 => Layout {
            offset,
            stride0: size1,
            stride1: 1,
        },
        _ => match rng.range(0, 2) {
            0 => Layout {
                offset,
                stride0: 0,
                stride1: 1,
            },
            1 => Layout {
                offset,
                stride0: 1,
                stride1: 0,
            },
            _ => Layout {
                offset,
                stride0: 0,
                stride1: 0,
            },
        },
    }
}

/// Random 32-bit inputs suited to `op`: specials for exact float ops, a sane range for
/// transcendental ones, non-zero divisors, shift amounts of any size.
fn value(rng: &mut Rng, op: &str, operand: usize) -> u32 {
    const SPECIAL: &[f32] = &[
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -2.5,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        1e-40,
        -3e38,
        16777217.0,
    ];
    match op {
        "exp.2d.f32" => rng.f32(80.0).to_bits(),
        "log.2d.f32" | "rsqrt.2d.f32" => (rng.f32(1000.0).abs() + 1e-30).to_bits(),
        "divs.2d.i32" | "divu.2d.i32" if operand == 1 => loop {
            let v = rng.u32() >> rng.range(0, 31);
            let v = if rng.range(0, 1) == 0 {
                v
            } else {
                v.wrapping_neg()
            };
            if v != 0 && v != u32::MAX {
                break v;
            }
        },
        "ctlz.2d.i32" => {
            rng.u32() >> rng.range(0, 32).min(31) & if rng.range(0, 9) == 0 { 0 } else { u32::MAX }
        }
        _ if op.ends_with("f32") && rng.range(0, 4) == 0 => {
            SPECIAL[rng.range(0, SPECIAL.len() as u64 - 1) as usize].to_bits()
        }
        _ if op.ends_with("f32") => rng.f32(100.0).to_bits(),
        _ => rng.u32(),
    }
}

fn unary_reference(op: &str, a: u32) -> u32 {
    let x = f32::from_bits(a);
    let f = |v: f64| (v as f32).to_bits();
    match op {
        "abs.2d.f32" => x.abs().to_bits(),
        "neg.2d.f32" => (-x).to_bits(),
        "ceil.2d.f32" => x.ceil().to_bits(),
        "floor.2d.f32" => x.floor().to_bits(),
        "exp.2d.f32" => f((x as f64).exp()),
        "log.2d.f32" => f((x as f64).ln()),
        "rsqrt.2d.f32" => f(1.0 / (x as f64).sqrt()),
        "ctlz.2d.i32" => a.leading_zeros(),
        _ => unreachable!(),
    }
}

fn binary_reference(op: &str, a: u32, b: u32) -> u32 {
    let (x, y) = (f32::from_bits(a) as f64, f32::from_bits(b) as f64);
    let f = |v: f64| (v as f32).to_bits();
    let (sa, sb) = (a as i32 as i64, b as i32 as i64);
    match op {
        "add.2d.f32" => f(x + y),
        "sub.2d.f32" => f(x - y),
        "mul.2d.f32" => f(x * y),
        "div.2d.f32" => f(x / y),
        "add.2d.i32" => (a as u64 + b as u64) as u32,
        "sub.2d.i32" => (sa - sb) as u32,
        "mul.2d.i32" => (sa * sb) as u32,
        "and.2d.i32" => a & b,
        "or.2d.i32" => a | b,
        "xor.2d.i32" => a ^ b,
        "shl.2d.i32" => ((a as u64) << (b % 32)) as u32,
        "shrs.2d.i32" => (sa >> (b % 32)) as u32,
        "shru.2d.i32" => a >> (b % 32),
        "divs.2d.i32" => (sa / sb) as u32,
        "divu.2d.i32" => a / b,
        _ => unreachable!(),
    }
}

/// Compares one output element; transcendental results may differ by one ulp.
fn check(op: &str, got: u32, want: u32, at: (u64, u64)) {
    let loose = matches!(op, "exp.2d.f32" | "log.2d.f32" | "rsqrt.2d.f32");
    if loose {
        let (g, w) = (f32::from_bits(got), f32::from_bits(want));
        assert!(ulps(g, w) <= 1, "{op} at {at:?}: got {g:e}, want {w:e}");
    } else if op.ends_with("f32") && f32::from_bits(want).is_nan() {
        assert!(
            f32::from_bits(got).is_nan(),
            "{op} at {at:?}: got {got:#x}, want NaN"
        );
    } else {
        assert_eq!(got, want, "{op} at {at:?}: got {got:#x}, want {want:#x}");
    }
}

struct Operand {
    layout: Layout,
    data: Vec<u32>,
}

fn operand(rng: &mut Rng, op: &str, index: usize, size0: u64, size1: u64, input: bool) -> Operand {
    let layout = layout(rng, size0, size1, input);
    let len = layout.extent(size0, size1) + rng.range(0, 4);
    let data = (0..len).map(|_| value(rng, op, index)).collect();
    Operand { layout, data }
}

fn args_of(
    buffers: &[(&std::rc::Rc<rt_core::vm::VmBuffer>, Layout)],
    size0: u64,
    size1: u64,
) -> Vec<rt_core::vm::Value> {
    let mut args = Vec::new();
    for (b, l) in buffers {
        args.extend([
            r(b),
            i(l.offset as i64),
            i(l.stride0 as i64),
            i(l.stride1 as i64),
        ]);
    }
    args.extend([i(size0 as i64), i(size1 as i64)]);
    args
}

fn unary_ops_match_the_reference_on_random_shapes() {
    for (n, op) in UNARY.iter().enumerate() {
        let mut rng = Rng::new(100 + n as u64);
        for _ in 0..40 {
            let (size0, size1) = (rng.size(9), rng.size(9));
            let a = operand(&mut rng, op, 0, size0, size1, true);
            let o = operand(&mut rng, op, 2, size0, size1, false);
            let (ab, ob) = (buffer(&from_u32s(&a.data)), buffer(&from_u32s(&o.data)));
            ok(
                op,
                &args_of(&[(&ab, a.layout), (&ob, o.layout)], size0, size1),
            );
            let mut want = o.data.clone();
            for i0 in 0..size0 {
                for j in 0..size1 {
                    want[o.layout.index(i0, j)] =
                        unary_reference(op, a.data[a.layout.index(i0, j)]);
                }
            }
            let got = u32s(&bytes_of(&ob));
            for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                check(op, *g, *w, (k as u64, 0));
            }
        }
    }
}

fn binary_ops_match_the_reference_on_random_shapes() {
    for (n, op) in BINARY.iter().enumerate() {
        let mut rng = Rng::new(200 + n as u64);
        for _ in 0..40 {
            let (size0, size1) = (rng.size(9), rng.size(9));
            let a = operand(&mut rng, op, 0, size0, size1, true);
            let b = operand(&mut rng, op, 1, size0, size1, true);
            let o = operand(&mut rng, op, 2, size0, size1, false);
            let (ab, bb, ob) = (
                buffer(&from_u32s(&a.data)),
                buffer(&from_u32s(&b.data)),
                buffer(&from_u32s(&o.data)),
            );
            ok(
                op,
                &args_of(
                    &[(&ab, a.layout), (&bb, b.layout), (&ob, o.layout)],
                    size0,
                    size1,
                ),
            );
            let mut want = o.data.clone();
            for i0 in 0..size0 {
                for j in 0..size1 {
                    let (x, y) = (a.data[a.layout.index(i0, j)], b.data[b.layout.index(i0, j)]);
                    want[o.layout.index(i0, j)] = binary_reference(op, x, y);
                }
            }
            let got = u32s(&bytes_of(&ob));
            for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                check(op, *g, *w, (k as u64, 0));
            }
        }
    }
}

fn operands_may_share_a_block_and_overlap() {
    use rt_core::memory::Block;
    use std::rc::Rc;
    // 16 f32 elements; lhs = elements 0..8, rhs = 4..12 (overlapping lhs), out = 2..10
    // (overlapping both). Inputs are read as they were before the call.
    let initial: Vec<f32> = (0..16).map(|v| v as f32).collect();
    let block = Rc::new(Block::from_bytes(&from_f32s(&initial)).unwrap());
    let lhs = view(&block, 0..32);
    let rhs = view(&block, 16..48);
    let out = view(&block, 8..40);
    ok(
        "add.2d.f32",
        &[
            r(&lhs),
            i(0),
            i(4),
            i(1),
            r(&rhs),
            i(0),
            i(4),
            i(1),
            r(&out),
            i(0),
            i(4),
            i(1),
            i(2),
            i(4),
        ],
    );
    let got: Vec<f32> = u32s(&block.borrow())
        .iter()
        .map(|b| f32::from_bits(*b))
        .collect();
    let mut want = initial.clone();
    for k in 0..8 {
        want[2 + k] = initial[k] + initial[4 + k];
    }
    assert_eq!(got, want);

    // In place on one buffer, and an input in the same block but beside the output.
    let block = Rc::new(Block::from_bytes(&from_u32s(&(0..12).collect::<Vec<u32>>())).unwrap());
    let whole = view(&block, 0..48);
    ok(
        "mul.2d.i32",
        &[
            r(&whole),
            i(0),
            i(3),
            i(1),
            r(&whole),
            i(9),
            i(0),
            i(1),
            r(&whole),
            i(0),
            i(3),
            i(1),
            i(3),
            i(3),
        ],
    );
    assert_eq!(
        u32s(&block.borrow()),
        vec![0, 10, 22, 27, 40, 55, 54, 70, 88, 9, 10, 11]
    );
}

fn integer_division_by_zero_and_overflow_trap_naming_the_element() {
    let a = buffer(&from_u32s(&[7, 8, i32::MIN as u32, 9]));
    let b = buffer(&from_u32s(&[1, 0, u32::MAX, 1]));
    let out = zeroed(16);
    let args = |s1: i64| {
        [
            r(&a),
            i(0),
            i(2),
            i(1),
            r(&b),
            i(0),
            i(2),
            i(1),
            r(&out),
            i(0),
            i(2),
            i(1),
            i(2),
            i(s1),
        ]
    };
    let message = trap("divs.2d.i32", &args(2));
    assert!(
        message.starts_with("vmvx.divs.2d.i32: integer division by zero at element [0, 1]"),
        "{message}"
    );
    let message = trap("divu.2d.i32", &args(2));
    assert!(
        message.contains("division by zero at element [0, 1]"),
        "{message}"
    );
    let b2 = buffer(&from_u32s(&[1, 1, u32::MAX, 1]));
    let message = trap(
        "divs.2d.i32",
        &[
            r(&a),
            i(0),
            i(2),
            i(1),
            r(&b2),
            i(0),
            i(2),
            i(1),
            r(&out),
            i(0),
            i(2),
            i(1),
            i(2),
            i(2),
        ],
    );
    assert!(
        message.contains("overflow") && message.contains("[1, 0]"),
        "{message}"
    );
    // Unsigned division of the same bits is fine.
    ok(
        "divu.2d.i32",
        &[
            r(&a),
            i(0),
            i(2),
            i(1),
            r(&b2),
            i(0),
            i(2),
            i(1),
            r(&out),
            i(0),
            i(2),
            i(1),
            i(2),
            i(2),
        ],
    );
    assert_eq!(u32s(&bytes_of(&out)), vec![7, 8, 0, 9]);
}

fn out_of_range_regions_and_bad_arguments_are_errors() {
    let a = buffer(&[0; 40]);
    let out = zeroed(40);
    let unary = |ao: i64, as0: i64, oo: i64, s0: i64, s1: i64| {
        vec![
            r(&a),
            i(ao),
            i(as0),
            i(1),
            r(&out),
            i(oo),
            i(s1),
            i(1),
            i(s0),
            i(s1),
        ]
    };
    // 10 elements fit, the 11th does not.
    ok("abs.2d.f32", &unary(0, 5, 0, 2, 5));
    let message = trap("abs.2d.f32", &unary(1, 5, 0, 2, 5));
    assert!(
        message.starts_with("vmvx.abs.2d.f32: in region out of range"),
        "{message}"
    );
    assert!(
        message.contains("bytes 4..44 of a 40-byte buffer"),
        "{message}"
    );
    let message = trap("abs.2d.f32", &unary(0, 5, 1, 2, 5));
    assert!(message.contains("out region out of range"), "{message}");
    // Huge strides and offsets do not overflow into a small range.
    let message = trap("abs.2d.f32", &unary(0, i64::MAX, 0, 2, 5));
    assert!(message.contains("out of range"), "{message}");
    let message = trap("abs.2d.f32", &unary(i64::MAX, 5, 0, 2, 5));
    assert!(message.contains("out of range"), "{message}");
    // Negative values are named.
    let message = trap("abs.2d.f32", &unary(-1, 5, 0, 2, 5));
    assert!(
        message.contains("in_offset is -1; expected a non-negative value"),
        "{message}"
    );
    let message = trap("abs.2d.f32", &unary(0, 5, 0, -2, 5));
    assert!(message.contains("size0 is -2"), "{message}");
    // Empty regions touch nothing, wherever they point.
    ok("abs.2d.f32", &unary(1000, 5, 1000, 0, 5));
    ok("abs.2d.f32", &unary(1000, 5, 1000, 3, 0));
    // Null buffers, rodata outputs.
    let null = rt_core::vm::Value::Ref(None);
    let message = trap(
        "neg.2d.f32",
        &[
            null,
            i(0),
            i(1),
            i(1),
            r(&out),
            i(0),
            i(1),
            i(1),
            i(1),
            i(1),
        ],
    );
    assert!(message.contains("in buffer is null"), "{message}");
    let constant = rodata(&[0; 16]);
    ok(
        "neg.2d.f32",
        &[
            r(&constant),
            i(0),
            i(1),
            i(1),
            r(&out),
            i(0),
            i(1),
            i(1),
            i(2),
            i(2),
        ],
    );
    let message = trap(
        "neg.2d.f32",
        &[
            r(&a),
            i(0),
            i(1),
            i(1),
            r(&constant),
            i(0),
            i(1),
            i(1),
            i(2),
            i(2),
        ],
    );
    assert!(message.contains("output buffer is read-only"), "{message}");
}

fn a_signature_mismatch_is_an_invalid_argument() {
    let a = buffer(&[0; 16]);
    let e = call(
        "abs.2d.f32",
        &[r(&a), i(0), i(1), i(1), r(&a), i(0), i(1), i(1), i(1)],
    )
    .unwrap_err();
    assert!(
        matches!(e.kind(), rt_core::ErrorKind::InvalidArgument(_)),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("'rIIIrIIII' do not match the calling convention '0rIIIrIIIII_v'"),
        "{e}"
    );
    let e = call(
        "abs.2d.f32",
        &[
            r(&a),
            i(0),
            i(1),
            i(1),
            r(&a),
            i(0),
            i(1),
            i(1),
            i(1),
            i32v(1),
        ],
    )
    .unwrap_err();
    assert!(
        matches!(e.kind(), rt_core::ErrorKind::InvalidArgument(_)),
        "{e}"
    );
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("unary_ops_match_the_reference_on_random_shapes", unary_ops_match_the_reference_on_random_shapes),
    ("binary_ops_match_the_reference_on_random_shapes", binary_ops_match_the_reference_on_random_shapes),
    ("operands_may_share_a_block_and_overlap", operands_may_share_a_block_and_overlap),
    ("integer_division_by_zero_and_overflow_trap_naming_the_element", integer_division_by_zero_and_overflow_trap_naming_the_element),
    ("out_of_range_regions_and_bad_arguments_are_errors", out_of_range_regions_and_bad_arguments_are_errors),
    ("a_signature_mismatch_is_an_invalid_argument", a_signature_mismatch_is_an_invalid_argument),
];
