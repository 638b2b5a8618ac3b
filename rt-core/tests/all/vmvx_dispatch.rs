//! The VMVX executables of `tests/programs/ukernels`, compiled by iree-compile 3.13.0 with
//! `--iree-vmvx-enable-microkernels`, run directly (no HAL yet): each dispatch function is
//! called through a `Context` holding the `vmvx` module, with bindings laid out as the
//! program's HAL code lays them out (slots = arguments, result, transients; one 1x1x1
//! workgroup each, read from `--compile-to=hal`). Outputs are checked against references
//! computed here, so this exercises the compiler's calling conventions (element offsets,
//! strides, flags, packed operands sharing one transient buffer) end to end.

use crate::Test;
use crate::vmvx_support;
use weft_test_support as support;

use std::rc::Rc;

use rt_core::vm::list::ElementKind;
use rt_core::vm::{Context, Ref, Value, VmBuffer, VmList};
use vmvx_support::dispatch::{self, read, run, run_with_constants, slots};
use vmvx_support::*;

/// A context with `vmvx` and the VMVX executable of program `name` of the ukernels suite.
fn load(name: &str) -> Context {
    load_recording(name).0
}

/// `load`, also returning the names of the `vmvx` exports called so far.
fn load_recording(name: &str) -> (Context, dispatch::Called) {
    let fixture = support::fixture("ukernels", &format!("{name}.vmvx-ukernels"));
    dispatch::load_executable(&fixture.bytes())
}

fn f32s(bytes: &[u8]) -> Vec<f32> {
    u32s(bytes).iter().map(|b| f32::from_bits(*b)).collect()
}

fn i32s(bytes: &[u8]) -> Vec<i32> {
    u32s(bytes).iter().map(|b| *b as i32).collect()
}

fn random_f32s(rng: &mut Rng, n: usize, scale: f32) -> Vec<f32> {
    (0..n).map(|_| rng.f32(scale)).collect()
}

/// `a (m x k) * b (k x n)` in f64, and the sum of |terms| per element (the rounding bound).
fn matmul_f64(a: &[f64], b: &[f64], m: usize, k: usize, n: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut c, mut mag) = (vec![0.0; m * n], vec![0.0; m * n]);
    for i in 0..m {
        for j in 0..n {
            for p in 0..k {
                c[i * n + j] += a[i * k + p] * b[p * n + j];
                mag[i * n + j] += (a[i * k + p] * b[p * n + j]).abs();
            }
        }
    }
    (c, mag)
}

fn assert_close(got: &[f32], want: &[f64], magnitude: &[f64], terms: usize, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (k, ((g, w), m)) in got.iter().zip(want).zip(magnitude).enumerate() {
        let bound = m * (terms as f64 + 1.0) * f64::powi(2.0, -23) + 1e-30;
        assert!(
            (*g as f64 - w).abs() <= bound,
            "{what}[{k}]: got {g}, want {w}"
        );
    }
}

fn data_tiled_f32_matmul() {
    let mut rng = Rng::new(1);
    let (mut context, called) = load_recording("matmul_f32");
    let (m, k, n) = (13, 17, 11);
    let (a, b) = (
        random_f32s(&mut rng, m * k, 2.0),
        random_f32s(&mut rng, k * n, 2.0),
    );
    let s = slots(&[from_f32s(&a), from_f32s(&b)], &[572, 2560]);
    run(
        &mut context,
        &[
            ("_encoding_0_encode_13x17xf32_to_13x17xf32", &[0, 3]),
            ("_encoding_1_encode_17x11xf32_to_17x11xf32", &[1, 3]),
            ("matmul_f32_dispatch_0_matmul_13x11x17_f32", &[3, 2]),
        ],
        &s,
    );
    let to64 = |v: &[f32]| v.iter().map(|x| *x as f64).collect::<Vec<_>>();
    let (want, mag) = matmul_f64(&to64(&a), &to64(&b), m, k, n);
    assert_close(&f32s(&read(&s[2], 0, 572)), &want, &mag, k, "matmul_f32");
    assert_eq!(
        called
            .borrow()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["mmt4d", "pack", "unpack"]
    );
}

fn data_tiled_f32_matmul_accumulating_into_an_argument() {
    let mut rng = Rng::new(2);
    let (mut context, called) = load_recording("matmul_f32");
    let (m, k, n) = (9, 20, 7);
    let (a, b, c) = (
        random_f32s(&mut rng, m * k, 2.0),
        random_f32s(&mut rng, k * n, 2.0),
        random_f32s(&mut rng, m * n, 10.0),
    );
    let s = slots(&[from_f32s(&a), from_f32s(&b), from_f32s(&c)], &[252, 2432]);
    run(
        &mut context,
        &[
            ("_encoding_2_encode_9x20xf32_to_9x20xf32", &[0, 4]),
            ("_encoding_3_encode_20x7xf32_to_20x7xf32", &[1, 4]),
            ("_encoding_4_encode_9x7xf32_to_9x7xf32", &[2, 4]),
            ("matmul_f32_acc_dispatch_0_matmul_9x7x20_f32", &[4, 3]),
        ],
        &s,
    );
    let to64 = |v: &[f32]| v.iter().map(|x| *x as f64).collect::<Vec<_>>();
    let (mut want, mut mag) = matmul_f64(&to64(&a), &to64(&b), m, k, n);
    for (idx, v) in c.iter().enumerate() {
        want[idx] += *v as f64;
        mag[idx] += v.abs() as f64;
    }
    assert_close(
        &f32s(&read(&s[3], 0, 252)),
        &want,
        &mag,
        k,
        "matmul_f32_acc",
    );
    assert_eq!(
        called
            .borrow()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["mmt4d", "pack", "unpack"]
    );
}

fn data_tiled_dynamic_f32_matmul_asks_for_tile_sizes_at_run_time() {
    // The host code sizes the packed operands for tiles of up to 16 (ceil(dim / 16) * 16) and
    // passes the dimensions as push constants (i64 as lo, hi); the executables call
    // vmvx.query_tile_sizes.2d and pack with what it answers (8x4 lhs, 8x4 rhs). Below 1024
    // rows and columns every grid is 1x1x1.
    let mut rng = Rng::new(7);
    for (m, k, n) in [
        (19usize, 23usize, 5usize),
        (1, 1, 1),
        (33, 8, 17),
        (4, 40, 9),
    ] {
        let (mut context, called) = load_recording("matmul_f32");
        let (a, b) = (
            random_f32s(&mut rng, m * k, 2.0),
            random_f32s(&mut rng, k * n, 2.0),
        );
        let lhs_bytes = m.div_ceil(16) * 16 * k.div_ceil(16) * 16 * 4;
        let rhs_bytes = k.div_ceil(16) * 16 * n.div_ceil(16) * 16 * 4;
        let s = slots(
            &[from_f32s(&a), from_f32s(&b)],
            &[m * n * 4, lhs_bytes + rhs_bytes],
        );
        let c = |v: usize| [v as u32, (v as u64 >> 32) as u32];
        let cat = |parts: &[[u32; 2]]| parts.concat();
        let (c1, c2, c3) = (
            cat(&[c(m), c(k)]),
            cat(&[c(lhs_bytes), c(k), c(n)]),
            cat(&[c(lhs_bytes), c(m), c(n), c(k), c(k)]),
        );
        run_with_constants(
            &mut context,
            &[
                ("_encoding_5_encode_DxDxf32_to_DxDxf32", &[0, 3], &c1),
                ("_encoding_6_encode_DxDxf32_to_DxDxf32", &[1, 3], &c2),
                (
                    "matmul_f32_dynamic_dispatch_0_matmul_DxDxD_f32",
                    &[3, 2],
                    &c3,
                ),
            ],
            &s,
        );
        let to64 = |v: &[f32]| v.iter().map(|x| *x as f64).collect::<Vec<_>>();
        let (want, mag) = matmul_f64(&to64(&a), &to64(&b), m, k, n);
        assert_close(
            &f32s(&read(&s[2], 0, m * n * 4)),
            &want,
            &mag,
            k,
            &format!("matmul_f32_dynamic {m}x{k}x{n}"),
        );
        let called: Vec<String> = called.borrow().iter().cloned().collect();
        // The result is written by the dispatch itself: no unpack call.
        assert_eq!(called, ["mmt4d", "pack", "query_tile_sizes.2d"]);
    }
}

fn data_tiled_i8_matmul() {
    let mut rng = Rng::new(3);
    let (mut context, called) = load_recording("matmul_i8");
    let (m, k, n) = (10, 33, 6);
    let (a, b) = (rng.bytes(m * k), rng.bytes(k * n));
    let s = slots(&[a.clone(), b.clone()], &[240, 896]);
    run(
        &mut context,
        &[
            ("_encoding_0_encode_10x33xi8_to_10x33xi8", &[0, 3]),
            ("_encoding_1_encode_33x6xi8_to_33x6xi8", &[1, 3]),
            ("matmul_i8_dispatch_0_matmul_10x6x33_i8xi8xi32", &[3, 2]),
        ],
        &s,
    );
    let mut want = vec![0i32; m * n];
    for i0 in 0..m {
        for j in 0..n {
            for p in 0..k {
                want[i0 * n + j] += (a[i0 * k + p] as i8 as i32) * (b[p * n + j] as i8 as i32);
            }
        }
    }
    assert_eq!(i32s(&read(&s[2], 0, 240)), want);
    assert_eq!(
        called
            .borrow()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["mmt4d", "pack", "unpack"]
    );
}

fn pack_and_unpack_programs() {
    let mut rng = Rng::new(4);
    let (mut context, called) = load_recording("pack");

    let a = random_f32s(&mut rng, 70, 5.0);
    let s = slots(&[from_f32s(&a)], &[384]);
    run(
        &mut context,
        &[("pack_f32_dispatch_0_pack_f32", &[0, 1])],
        &s,
    );
    let mut want = vec![-1.5f32; 96];
    for (p, w) in want.iter_mut().enumerate() {
        let (p0, p1, p2, p3) = (p / 48, p / 16 % 3, p / 4 % 4, p % 4);
        let (i0, j) = (p0 * 4 + p2, p1 * 4 + p3);
        if i0 < 7 && j < 10 {
            *w = a[i0 * 10 + j];
        }
    }
    assert_eq!(f32s(&read(&s[1], 0, 384)), want, "pack_f32");

    let a8 = rng.bytes(45);
    let s = slots(std::slice::from_ref(&a8), &[72]);
    run(
        &mut context,
        &[("pack_i8_transposed_dispatch_0_pack_i8", &[0, 1])],
        &s,
    );
    // 9x5 -> 3x3x2x4: dim 1 tiled by 2, dim 0 by 4, outer dims swapped.
    let mut want = vec![3u8; 72];
    for (p, w) in want.iter_mut().enumerate() {
        let (p0, p1, p2, p3) = (p / 24, p / 8 % 3, p / 4 % 2, p % 4);
        let (i0, j) = (p1 * 4 + p3, p0 * 2 + p2);
        if i0 < 9 && j < 5 {
            *w = a8[i0 * 5 + j];
        }
    }
    assert_eq!(read(&s[1], 0, 72), want, "pack_i8_transposed");

    let a32: Vec<u32> = (0..36).map(|_| rng.u32()).collect();
    let s = slots(&[from_u32s(&a32)], &[144]);
    run(
        &mut context,
        &[("pack_i32_inner_transposed_dispatch_0_pack_i32", &[0, 1])],
        &s,
    );
    // 6x6 -> 2x3x2x3: dim 0 tiled by 3, dim 1 by 2, tile dims swapped.
    let want: Vec<u32> = (0..36)
        .map(|p| {
            let (p0, p1, p2, p3) = (p / 18, p / 6 % 3, p / 3 % 2, p % 3);
            a32[(p0 * 3 + p3) * 6 + p1 * 2 + p2]
        })
        .collect();
    assert_eq!(
        u32s(&read(&s[1], 0, 144)),
        want,
        "pack_i32_inner_transposed"
    );

    let t = random_f32s(&mut rng, 96, 5.0);
    let s = slots(&[from_f32s(&t)], &[280]);
    run(
        &mut context,
        &[("unpack_f32_dispatch_0_unpack_f32", &[0, 1])],
        &s,
    );
    let want: Vec<f32> = (0..70)
        .map(|x| (x / 10, x % 10))
        .map(|(i0, j)| t[(i0 / 4) * 48 + (j / 4) * 16 + (i0 % 4) * 4 + j % 4])
        .collect();
    assert_eq!(f32s(&read(&s[1], 0, 280)), want, "unpack_f32");

    let t32: Vec<u32> = (0..48).map(|_| rng.u32()).collect();
    let s = slots(&[from_u32s(&t32)], &[160]);
    run(
        &mut context,
        &[("unpack_i32_transposed_dispatch_0_unpack_i32", &[0, 1])],
        &s,
    );
    // 3x2x2x4 -> 8x5: outer dims swapped, dim 1 tiled by 2 and dim 0 by 4, tile dims swapped.
    let want: Vec<u32> = (0..40)
        .map(|x| (x / 5, x % 5))
        .map(|(i0, j)| t32[(j / 2) * 16 + (i0 / 4) * 8 + (j % 2) * 4 + i0 % 4])
        .collect();
    assert_eq!(u32s(&read(&s[1], 0, 160)), want, "unpack_i32_transposed");
    assert_eq!(
        called
            .borrow()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["pack", "unpack"]
    );
}

fn fills_matmuls_and_copies_without_data_tiling() {
    let mut rng = Rng::new(5);
    let (mut context, called) = load_recording("fill_copy");

    let (a, b) = (
        random_f32s(&mut rng, 30, 2.0),
        random_f32s(&mut rng, 20, 2.0),
    );
    let s = slots(&[from_f32s(&a), from_f32s(&b)], &[96]);
    run(
        &mut context,
        &[("matmul_fill_dispatch_0_matmul_6x4x5_f32", &[0, 1, 2])],
        &s,
    );
    let to64 = |v: &[f32]| v.iter().map(|x| *x as f64).collect::<Vec<_>>();
    let (want, mag) = matmul_f64(&to64(&a), &to64(&b), 6, 5, 4);
    assert_close(&f32s(&read(&s[2], 0, 96)), &want, &mag, 5, "matmul_fill");

    let (ai, bi): (Vec<u32>, Vec<u32>) = (
        (0..24).map(|_| rng.u32()).collect(),
        (0..36).map(|_| rng.u32()).collect(),
    );
    let s = slots(&[from_u32s(&ai), from_u32s(&bi)], &[96]);
    run(
        &mut context,
        &[("fill_i32_dispatch_0_matmul_4x6x6_i32", &[0, 1, 2])],
        &s,
    );
    let want: Vec<u32> = (0..24)
        .map(|x| (x / 6, x % 6))
        .map(|(i0, j)| {
            (0..6).fold(11u32, |acc, p| {
                acc.wrapping_add(ai[i0 * 6 + p].wrapping_mul(bi[p * 6 + j]))
            })
        })
        .collect();
    assert_eq!(u32s(&read(&s[2], 0, 96)), want, "fill_i32");

    // Strided slices [0, 0] [3, 3] [2, 2] of 7x6: rows and columns 0, 2, 4.
    let slice = |a: &[u8], size: usize, first_row: usize| {
        let mut want = Vec::new();
        for i0 in 0..3 {
            for j in 0..3 {
                let from = ((first_row + 2 * i0) * 6 + 2 * j) * size;
                want.extend_from_slice(&a[from..from + size]);
            }
        }
        want
    };
    for (name, size) in [("i8", 1usize), ("i16", 2), ("i32", 4), ("i64", 8)] {
        let a = rng.bytes(42 * size);
        let s = slots(std::slice::from_ref(&a), &[9 * size]);
        let export = format!("slice_{name}_dispatch_0_slow_memcpy");
        run(&mut context, &[(&export, &[0, 1])], &s);
        assert_eq!(read(&s[1], 0, 9 * size), slice(&a, size, 0), "{export}");
    }
    // The same slice from [1, 0]: 3.13.0 passes the copy element offset 12 instead of 6, and
    // the reference runtime returns rows 2, 4, 6; so does Weft.
    let a = rng.bytes(42 * 4);
    let s = slots(std::slice::from_ref(&a), &[36]);
    run(
        &mut context,
        &[("slice_offset_i32_dispatch_0_slow_memcpy", &[0, 1])],
        &s,
    );
    assert_eq!(read(&s[1], 0, 36), slice(&a, 4, 2), "slice_offset_i32");
    assert_eq!(
        called
            .borrow()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        [
            "copy.2d.x16",
            "copy.2d.x32",
            "copy.2d.x64",
            "copy.2d.x8",
            "fill.2d.x32"
        ]
    );
}

fn a_miscompiled_transpose_fails_like_the_reference_runtime() {
    // 3.13.0 calls copy.2d.x32 with sizes [3, 5] and output strides [1, 5] on a 60-byte
    // output; iree-run-module reports OUT_OF_RANGE (length 92, buffer length 60).
    let mut context = load("fill_copy");
    let s = slots(&[vec![0; 60]], &[60]);
    let function = context
        .lookup("transpose_out_permuted_i32_dispatch_0_transpose_5x3_i32")
        .unwrap();
    let list = VmList::new(ElementKind::Ref, 2).unwrap();
    for slot in &s {
        list.push(Value::Ref(Some(Ref::Buffer(Rc::new(VmBuffer::view(
            slot.clone(),
            0..60,
        ))))));
    }
    let mut args = vec![
        r(&zeroed(0)),
        r(&rodata(&[])),
        Value::Ref(Some(Ref::List(Rc::new(list)))),
    ];
    args.extend([0, 0, 0, 1, 1, 1, 1, 1, 1].map(Value::I32));
    let e = context.call(function, args).unwrap_err();
    let message = e.to_string();
    assert!(
        message.starts_with("vmvx.copy.2d.x32: out region out of range"),
        "{message}"
    );
    assert!(
        message.contains("sizes [3, 5]")
            && message.contains("need bytes 0..92 of a 60-byte buffer"),
        "{message}"
    );
    assert!(
        message.contains("at linked_module.transpose_out_permuted_i32"),
        "{message}"
    );
}

fn elementwise_programs() {
    let mut rng = Rng::new(6);
    let (mut context, called) = load_recording("elementwise");

    // f32_binary: 5x7, results add/sub/mul/div at 0, 192, 384, 576 of the transient.
    let (a, b) = (
        random_f32s(&mut rng, 35, 10.0),
        random_f32s(&mut rng, 35, 10.0),
    );
    let s = slots(&[from_f32s(&a), from_f32s(&b)], &[768]);
    let d: Vec<String> = (0..4)
        .map(|k| format!("f32_binary_dispatch_{k}_elementwise_35_f32"))
        .collect();
    run(
        &mut context,
        &d.iter()
            .map(|n| (n.as_str(), &[0usize, 1, 2][..]))
            .collect::<Vec<_>>(),
        &s,
    );
    let ops: [fn(f32, f32) -> f32; 4] = [|x, y| x + y, |x, y| x - y, |x, y| x * y, |x, y| x / y];
    for (k, op) in ops.iter().enumerate() {
        let want: Vec<f32> = a.iter().zip(&b).map(|(x, y)| op(*x, *y)).collect();
        assert_eq!(
            f32s(&read(&s[2], 192 * k, 140)),
            want,
            "f32_binary result {k}"
        );
    }

    // f32_unary: 6x3; abs, ceil, floor, exp, log(abs), neg, rsqrt(abs).
    let a = random_f32s(&mut rng, 18, 20.0);
    let s = slots(&[from_f32s(&a)], &[896]);
    let d: Vec<String> = (0..6)
        .map(|k| format!("f32_unary_dispatch_{k}_elementwise_18_f32"))
        .collect();
    let bindings: [&[usize]; 6] = [&[0, 1], &[0, 1], &[0, 1], &[0, 1, 1], &[0, 1], &[1, 1]];
    run(
        &mut context,
        &d.iter()
            .zip(bindings)
            .map(|(n, b)| (n.as_str(), b))
            .collect::<Vec<_>>(),
        &s,
    );
    type Reference = fn(f32) -> f64;
    let unary: [(usize, Reference); 7] = [
        (384, |x| x.abs() as f64),
        (0, |x| x.ceil() as f64),
        (128, |x| x.floor() as f64),
        (256, |x| (x as f64).exp()),
        (512, |x| (x.abs() as f64).ln()),
        (640, |x| -x as f64),
        (768, |x| 1.0 / (x.abs() as f64).sqrt()),
    ];
    for (k, (offset, op)) in unary.iter().enumerate() {
        let got = f32s(&read(&s[1], *offset, 72));
        for (g, x) in got.iter().zip(&a) {
            let w = op(*x) as f32;
            assert!(
                ulps(*g, w) <= 1,
                "f32_unary result {k} of {x}: got {g}, want {w}"
            );
        }
    }

    // i32_binary: 4x9; add, sub, mul, and, or, xor at multiples of 192.
    let (a, b): (Vec<u32>, Vec<u32>) = (
        (0..36).map(|_| rng.u32()).collect(),
        (0..36).map(|_| rng.u32()).collect(),
    );
    let s = slots(&[from_u32s(&a), from_u32s(&b)], &[1152]);
    let d: Vec<String> = (0..6)
        .map(|k| format!("i32_binary_dispatch_{k}_elementwise_36_i32"))
        .collect();
    run(
        &mut context,
        &d.iter()
            .map(|n| (n.as_str(), &[0usize, 1, 2][..]))
            .collect::<Vec<_>>(),
        &s,
    );
    let ops: [fn(u32, u32) -> u32; 6] = [
        u32::wrapping_add,
        u32::wrapping_sub,
        u32::wrapping_mul,
        |x, y| x & y,
        |x, y| x | y,
        |x, y| x ^ y,
    ];
    for (k, op) in ops.iter().enumerate() {
        let want: Vec<u32> = a.iter().zip(&b).map(|(x, y)| op(*x, *y)).collect();
        assert_eq!(
            u32s(&read(&s[2], 192 * k, 144)),
            want,
            "i32_binary result {k}"
        );
    }

    // i32_shifts_div: shl, shrs, shru, divs, divu, ctlz; shift amounts below 32, non-zero
    // divisors (and no MIN / -1).
    let a: Vec<u32> = (0..36)
        .map(|k| {
            if k == 0 {
                0
            } else {
                rng.u32() >> rng.range(0, 31)
            }
        })
        .collect();
    let b: Vec<u32> = (0..36).map(|_| rng.range(1, 31) as u32).collect();
    let s = slots(&[from_u32s(&a), from_u32s(&b)], &[1152]);
    let d: Vec<String> = (0..6)
        .map(|k| format!("i32_shifts_div_dispatch_{k}_elementwise_36_i32"))
        .collect();
    let bindings: [&[usize]; 6] = [
        &[0, 1, 2],
        &[0, 1, 2],
        &[0, 1, 2],
        &[0, 1, 2],
        &[0, 1, 2],
        &[0, 2],
    ];
    run(
        &mut context,
        &d.iter()
            .zip(bindings)
            .map(|(n, b)| (n.as_str(), b))
            .collect::<Vec<_>>(),
        &s,
    );
    let ops: [fn(u32, u32) -> u32; 6] = [
        |x, y| x << y,
        |x, y| ((x as i32) >> y) as u32,
        |x, y| x >> y,
        |x, y| ((x as i32) / (y as i32)) as u32,
        |x, y| x / y,
        |x, _| x.leading_zeros(),
    ];
    for (k, op) in ops.iter().enumerate() {
        let want: Vec<u32> = a.iter().zip(&b).map(|(x, y)| op(*x, *y)).collect();
        assert_eq!(
            u32s(&read(&s[2], 192 * k, 144)),
            want,
            "i32_shifts_div result {k}"
        );
    }

    // transpose_add: a + a^T (8x8); fill_add: a + 7 (3x5).
    let a = random_f32s(&mut rng, 64, 10.0);
    let s = slots(&[from_f32s(&a)], &[256]);
    run(
        &mut context,
        &[(
            "transpose_add_dispatch_0_elementwise_transpose_8x8_f32",
            &[0, 1],
        )],
        &s,
    );
    let want: Vec<f32> = (0..64).map(|x| a[x] + a[(x % 8) * 8 + x / 8]).collect();
    assert_eq!(f32s(&read(&s[1], 0, 256)), want, "transpose_add");
    let a: Vec<u32> = (0..15).map(|_| rng.u32()).collect();
    let s = slots(&[from_u32s(&a)], &[60]);
    run(
        &mut context,
        &[("fill_add_dispatch_0_elementwise_15_i32", &[0, 1])],
        &s,
    );
    assert_eq!(
        u32s(&read(&s[1], 0, 60)),
        a.iter().map(|x| x.wrapping_add(7)).collect::<Vec<_>>(),
        "fill_add"
    );
    // Every elementwise export but shru.2d.i32 (3.13.0 keeps arith.shrui a VM loop).
    let want: Vec<&str> = vec![
        "abs.2d.f32",
        "add.2d.f32",
        "add.2d.i32",
        "and.2d.i32",
        "ceil.2d.f32",
        "ctlz.2d.i32",
        "div.2d.f32",
        "divs.2d.i32",
        "divu.2d.i32",
        "exp.2d.f32",
        "floor.2d.f32",
        "log.2d.f32",
        "mul.2d.f32",
        "mul.2d.i32",
        "neg.2d.f32",
        "or.2d.i32",
        "rsqrt.2d.f32",
        "shl.2d.i32",
        "shrs.2d.i32",
        "sub.2d.f32",
        "sub.2d.i32",
        "xor.2d.i32",
    ];
    assert_eq!(
        called
            .borrow()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        want
    );
}

fn data_tiled_16_bit_float_matmuls_the_reference_runtime_rejects() {
    use rt_core::hal::narrow_float::{bf16_to_f32, f16_to_f32, f32_to_bf16, f32_to_f16};
    let mut rng = Rng::new(8);
    let (mut context, called) = load_recording("matmul_16bit");
    let halves = |v: &[u16]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let decode = |b: &[u8], f: fn(u16) -> f32| -> Vec<f64> {
        b.chunks_exact(2)
            .map(|c| f(u16::from_le_bytes([c[0], c[1]])) as f64)
            .collect()
    };

    // f16 x f16 -> f32, 5x6 * 6x3: exact inputs, f32 accumulation.
    let a: Vec<u16> = (0..30).map(|_| f32_to_f16(rng.f32(2.0))).collect();
    let b: Vec<u16> = (0..18).map(|_| f32_to_f16(rng.f32(2.0))).collect();
    let s = slots(&[halves(&a), halves(&b)], &[60, 192]);
    run(
        &mut context,
        &[
            ("_encoding_0_encode_5x6xf16_to_5x6xf16", &[0, 3]),
            ("_encoding_1_encode_6x3xf16_to_6x3xf16", &[1, 3]),
            ("matmul_f16_dispatch_0_matmul_5x3x6_f16xf16xf32", &[3, 2]),
        ],
        &s,
    );
    let (want, mag) = matmul_f64(
        &decode(&halves(&a), f16_to_f32),
        &decode(&halves(&b), f16_to_f32),
        5,
        6,
        3,
    );
    assert_close(&f32s(&read(&s[2], 0, 60)), &want, &mag, 6, "matmul_f16");

    // bf16 x bf16 -> bf16, 4x9 * 9x7: within bf16 rounding of every step.
    let a: Vec<u16> = (0..36).map(|_| f32_to_bf16(rng.f32(2.0))).collect();
    let b: Vec<u16> = (0..63).map(|_| f32_to_bf16(rng.f32(2.0))).collect();
    let s = slots(&[halves(&a), halves(&b)], &[56, 320]);
    run(
        &mut context,
        &[
            ("_encoding_2_encode_4x9xbf16_to_4x9xbf16", &[0, 3]),
            ("_encoding_3_encode_9x7xbf16_to_9x7xbf16", &[1, 3]),
            ("matmul_bf16_dispatch_0_matmul_4x7x9_bf16", &[3, 2]),
        ],
        &s,
    );
    let (want, mag) = matmul_f64(
        &decode(&halves(&a), bf16_to_f32),
        &decode(&halves(&b), bf16_to_f32),
        4,
        9,
        7,
    );
    let got = decode(&read(&s[2], 0, 56), bf16_to_f32);
    for (k, ((g, w), m)) in got.iter().zip(&want).zip(&mag).enumerate() {
        let bound = m * 10.0 * f64::powi(2.0, -7) + 1e-30;
        assert!(
            (g - w).abs() <= bound,
            "matmul_bf16[{k}]: got {g}, want {w}"
        );
    }
    assert_eq!(
        called
            .borrow()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["mmt4d", "pack", "unpack"]
    );
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("data_tiled_f32_matmul", data_tiled_f32_matmul),
    ("data_tiled_f32_matmul_accumulating_into_an_argument", data_tiled_f32_matmul_accumulating_into_an_argument),
    ("data_tiled_dynamic_f32_matmul_asks_for_tile_sizes_at_run_time", data_tiled_dynamic_f32_matmul_asks_for_tile_sizes_at_run_time),
    ("data_tiled_i8_matmul", data_tiled_i8_matmul),
    ("pack_and_unpack_programs", pack_and_unpack_programs),
    ("fills_matmuls_and_copies_without_data_tiling", fills_matmuls_and_copies_without_data_tiling),
    ("a_miscompiled_transpose_fails_like_the_reference_runtime", a_miscompiled_transpose_fails_like_the_reference_runtime),
    ("elementwise_programs", elementwise_programs),
    ("data_tiled_16_bit_float_matmuls_the_reference_runtime_rejects", data_tiled_16_bit_float_matmuls_the_reference_runtime_rejects),
];
