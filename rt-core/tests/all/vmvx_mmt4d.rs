//! `vmvx.mmt4d` called directly on `vm.buffer`s against a naive reference: every element type
//! combination (f32, i8, f16, bf16, i16, i4 operands), with and without `ACCUMULATE` and
//! `SKIP_INTERMEDIATE_ROUNDINGS`, on random sizes including zero, one and padded row strides;
//! integers exactly, floats against an f64 sum within the rounding bound of the output type.

use crate::Test;
use crate::vmvx_support;

use rt_core::hal::narrow_float::{bf16_to_f32, f16_to_f32, f32_to_bf16, f32_to_f16};
use rt_core::modules::vmvx::{MMT4D_ACCUMULATE, MMT4D_SKIP_INTERMEDIATE_ROUNDINGS};
use vmvx_support::*;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Ty {
    F32,
    F16,
    Bf16,
    I32,
    I16,
    I8,
    S4,
    U4,
}

impl Ty {
    fn bits(self) -> u64 {
        match self {
            Ty::F32 | Ty::I32 => 32,
            Ty::F16 | Ty::Bf16 | Ty::I16 => 16,
            Ty::I8 => 8,
            Ty::S4 | Ty::U4 => 4,
        }
    }

    fn is_float(self) -> bool {
        matches!(self, Ty::F32 | Ty::F16 | Ty::Bf16)
    }

    /// Decodes element `index` (little-endian, 4-bit elements low nibble first).
    fn get(self, bytes: &[u8], index: usize) -> f64 {
        let u16_at = |k: usize| u16::from_le_bytes([bytes[2 * k], bytes[2 * k + 1]]);
        match self {
            Ty::F32 => {
                f32::from_le_bytes(bytes[4 * index..4 * index + 4].try_into().unwrap()) as f64
            }
            Ty::I32 => {
                i32::from_le_bytes(bytes[4 * index..4 * index + 4].try_into().unwrap()) as f64
            }
            Ty::F16 => f16_to_f32(u16_at(index)) as f64,
            Ty::Bf16 => bf16_to_f32(u16_at(index)) as f64,
            Ty::I16 => u16_at(index) as i16 as f64,
            Ty::I8 => bytes[index] as i8 as f64,
            Ty::S4 | Ty::U4 => {
                let nibble = (bytes[index / 2] >> (4 * (index % 2))) & 0xF;
                if self == Ty::S4 && nibble >= 8 {
                    nibble as f64 - 16.0
                } else {
                    nibble as f64
                }
            }
        }
    }

    /// Random element bytes: floats in [-2, 2) (exactly representable after encoding), any
    /// integer bits.
    fn random(self, rng: &mut Rng, count: usize) -> Vec<u8> {
        match self {
            Ty::F32 => (0..count)
                .flat_map(|_| rng.f32(2.0).to_le_bytes())
                .collect(),
            Ty::F16 => (0..count)
                .flat_map(|_| f32_to_f16(rng.f32(2.0)).to_le_bytes())
                .collect(),
            Ty::Bf16 => (0..count)
                .flat_map(|_| f32_to_bf16(rng.f32(2.0)).to_le_bytes())
                .collect(),
            _ => rng.bytes((count as u64 * self.bits()).div_ceil(8) as usize),
        }
    }
}

/// (flag value, lhs, rhs, out).
const COMBOS: &[(u32, Ty, Ty, Ty)] = &[
    (1, Ty::F32, Ty::F32, Ty::F32),
    (2, Ty::I8, Ty::I8, Ty::I32),
    (3, Ty::F16, Ty::F16, Ty::F32),
    (4, Ty::F16, Ty::F16, Ty::F16),
    (5, Ty::Bf16, Ty::Bf16, Ty::F32),
    (6, Ty::Bf16, Ty::Bf16, Ty::Bf16),
    (7, Ty::I16, Ty::I16, Ty::I32),
    (8, Ty::I16, Ty::U4, Ty::I32),
    (9, Ty::I16, Ty::I8, Ty::I32),
    (10, Ty::I8, Ty::S4, Ty::I32),
];

/// Relative precision of each rounding to `ty`.
fn epsilon(ty: Ty) -> f64 {
    match ty {
        Ty::F32 => f64::powi(2.0, -23),
        Ty::F16 => f64::powi(2.0, -10),
        Ty::Bf16 => f64::powi(2.0, -7),
        _ => 0.0,
    }
}

/// Element offsets must start on a byte for 4-bit types.
fn aligned(rng: &mut Rng, ty: Ty, max: u64) -> u64 {
    let v = rng.range(0, max);
    if ty.bits() == 4 {
        v & !1
    } else {
        v
    }
}

fn run_case(rng: &mut Rng, flags_type: u32, lhs_t: Ty, rhs_t: Ty, out_t: Ty) {
    let (m, n, k) = (rng.size(4), rng.size(4), rng.size(5));
    let (m0, n0, k0) = (rng.range(1, 5), rng.range(1, 5), rng.range(1, 6));
    let accumulate = rng.range(0, 1) == 1;
    let skip = rng.range(0, 1) == 1;
    let mut flags = flags_type | if accumulate { MMT4D_ACCUMULATE } else { 0 };
    if skip {
        flags |= MMT4D_SKIP_INTERMEDIATE_ROUNDINGS;
    }
    let lhs_row = k * m0 * k0;
    let rhs_row = k * n0 * k0;
    let out_row = n * m0 * n0;
    let (lhs_off, rhs_off, out_off) = (
        aligned(rng, lhs_t, 5),
        aligned(rng, rhs_t, 5),
        rng.range(0, 5),
    );
    let lhs_stride = lhs_row + aligned(rng, lhs_t, 3);
    let rhs_stride = rhs_row + aligned(rng, rhs_t, 3);
    let out_stride = out_row + rng.range(0, 3);
    let lhs_len = lhs_off + m * lhs_stride + 2;
    let rhs_len = rhs_off + n * rhs_stride + 2;
    let out_len = out_off + m * out_stride + 1;
    let lhs = lhs_t.random(rng, lhs_len as usize);
    let rhs = rhs_t.random(rng, rhs_len as usize);
    let out_init = out_t.random(rng, out_len as usize);
    let (lb, rb, ob) = (buffer(&lhs), buffer(&rhs), buffer(&out_init));
    ok(
        "mmt4d",
        &[
            r(&lb),
            i(lhs_off as i64),
            i(lhs_stride as i64),
            r(&rb),
            i(rhs_off as i64),
            i(rhs_stride as i64),
            r(&ob),
            i(out_off as i64),
            i(out_stride as i64),
            i(m as i64),
            i(n as i64),
            i(k as i64),
            i32v(m0 as i32),
            i32v(n0 as i32),
            i32v(k0 as i32),
            i32v(flags as i32),
        ],
    );
    let got = bytes_of(&ob);
    let context =
        format!("type {flags_type} flags {flags:#x} M{m} N{n} K{k} M0 {m0} N0 {n0} K0 {k0}");
    let mut written = vec![false; out_len as usize];
    for a in 0..m {
        for b in 0..n {
            for a0 in 0..m0 {
                for b0 in 0..n0 {
                    let o = (out_off + a * out_stride + b * m0 * n0 + a0 * n0 + b0) as usize;
                    written[o] = true;
                    let initial = if accumulate {
                        out_t.get(&out_init, o)
                    } else {
                        0.0
                    };
                    let (mut sum, mut magnitude) = (initial, initial.abs());
                    for c in 0..k {
                        for c0 in 0..k0 {
                            let l = lhs_t.get(
                                &lhs,
                                (lhs_off + a * lhs_stride + c * m0 * k0 + a0 * k0 + c0) as usize,
                            );
                            let r = rhs_t.get(
                                &rhs,
                                (rhs_off + b * rhs_stride + c * n0 * k0 + b0 * k0 + c0) as usize,
                            );
                            sum += l * r;
                            magnitude += (l * r).abs();
                        }
                    }
                    let value = out_t.get(&got, o);
                    if out_t.is_float() {
                        let terms = (k * k0) as f64 + 1.0;
                        let per_step = if out_t == Ty::F32 || skip {
                            epsilon(Ty::F32)
                        } else {
                            epsilon(out_t)
                        };
                        let bound = magnitude * (terms * per_step + epsilon(out_t)) + 1e-30;
                        assert!(
                            (value - sum).abs() <= bound,
                            "{context} at {o}: got {value}, want {sum} (bound {bound})"
                        );
                    } else {
                        let want = (sum as i64) as i32;
                        assert_eq!(value as i32, want, "{context} at {o}");
                    }
                }
            }
        }
    }
    // Only the tiles are written (when accumulating with K = 0, nothing is).
    let size = (out_t.bits() / 8) as usize;
    for (o, w) in written.iter().enumerate() {
        if !w || (accumulate && k == 0) {
            assert_eq!(
                got[o * size..o * size + size],
                out_init[o * size..o * size + size],
                "{context}: element {o} changed"
            );
        }
    }
}

fn every_type_combination_matches_the_reference() {
    for &(flags, lhs, rhs, out) in COMBOS {
        let mut rng = Rng::new(1000 + flags as u64);
        for _ in 0..60 {
            run_case(&mut rng, flags, lhs, rhs, out);
        }
    }
}

fn generic_fallback_flag_is_accepted() {
    let a = buffer(&from_f32s(&[1.0, 2.0]));
    let b = buffer(&from_f32s(&[3.0, 4.0]));
    let out = zeroed(4);
    ok(
        "mmt4d",
        &[
            r(&a),
            i(0),
            i(2),
            r(&b),
            i(0),
            i(2),
            r(&out),
            i(0),
            i(1),
            i(1),
            i(1),
            i(1),
            i32v(1),
            i32v(1),
            i32v(2),
            i32v(0x201),
        ],
    );
    assert_eq!(bytes_of(&out), from_f32s(&[11.0]));
}

fn mmt4d_argument_errors() {
    let a = buffer(&[0; 64]);
    let out = zeroed(64);
    let args = |m: i64, k: i64, m0: i32, flags: i32| {
        vec![
            r(&a),
            i(0),
            i(k * 4),
            r(&a),
            i(0),
            i(k * 4),
            r(&out),
            i(0),
            i(4),
            i(m),
            i(1),
            i(k),
            i32v(m0),
            i32v(2),
            i32v(2),
            i32v(flags),
        ]
    };
    ok("mmt4d", &args(2, 2, 2, 1));
    let message = trap("mmt4d", &args(2, 2, 2, 0));
    assert!(
        message.contains("element type 0x0 (flags 0x0) is not an mmt4d type"),
        "{message}"
    );
    let message = trap("mmt4d", &args(2, 2, 2, 11));
    assert!(message.contains("element type 0xb"), "{message}");
    let message = trap("mmt4d", &args(2, 2, 2, 0x801));
    assert!(message.contains("unknown flag bits 0x800"), "{message}");
    let message = trap("mmt4d", &args(2, 2, -1, 1));
    assert!(
        message.contains("M0 is -1; expected a tile size in 0..=32767"),
        "{message}"
    );
    let message = trap("mmt4d", &args(3, 2, 2, 1));
    assert!(
        message.starts_with("vmvx.mmt4d: lhs region out of range"),
        "{message}"
    );
    let message = trap("mmt4d", &args(2, 3, 2, 1));
    assert!(message.contains("region out of range"), "{message}");
    let message = trap("mmt4d", &args(1 << 40, 2, 2, 1));
    assert!(
        message.contains("M is 1099511627776; expected at most 2147483647"),
        "{message}"
    );
    // 4-bit operands must start on a byte.
    let message = trap(
        "mmt4d",
        &[
            r(&a),
            i(0),
            i(4),
            r(&a),
            i(1),
            i(4),
            r(&out),
            i(0),
            i(4),
            i(1),
            i(1),
            i(1),
            i32v(2),
            i32v(2),
            i32v(2),
            i32v(10),
        ],
    );
    assert!(
        message.contains("rhs offset 1 of 4-bit elements does not start on a byte"),
        "{message}"
    );
}

fn sixteen_bit_outputs_round_every_step_unless_told_to_skip() {
    // Products 2048 (f16) / 256 (bf16), then 1 and 1: the ulp there is 2, so adding 1 rounds
    // back down (ties to even) at every step, while an f32 accumulator reaches big + 2.
    for (flags, big, encode, decode) in [
        (
            4u32,
            2048.0f32,
            f32_to_f16 as fn(f32) -> u16,
            f16_to_f32 as fn(u16) -> f32,
        ),
        (6, 256.0, f32_to_bf16, bf16_to_f32),
    ] {
        let halves = |v: &[f32]| {
            v.iter()
                .flat_map(|x| encode(*x).to_le_bytes())
                .collect::<Vec<u8>>()
        };
        let lhs = buffer(&halves(&[1.0, 1.0, 1.0]));
        let rhs = buffer(&halves(&[big, 1.0, 1.0]));
        for (extra, want) in [(0, big), (MMT4D_SKIP_INTERMEDIATE_ROUNDINGS, big + 2.0)] {
            let out = zeroed(2);
            ok(
                "mmt4d",
                &[
                    r(&lhs),
                    i(0),
                    i(3),
                    r(&rhs),
                    i(0),
                    i(3),
                    r(&out),
                    i(0),
                    i(1),
                    i(1),
                    i(1),
                    i(1),
                    i32v(1),
                    i32v(1),
                    i32v(3),
                    i32v((flags | extra) as i32),
                ],
            );
            let got = decode(u16::from_le_bytes(bytes_of(&out).try_into().unwrap()));
            assert_eq!(got, want, "flags {:#x}", flags | extra);
        }
    }
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("every_type_combination_matches_the_reference", every_type_combination_matches_the_reference),
    ("generic_fallback_flag_is_accepted", generic_fallback_flag_is_accepted),
    ("mmt4d_argument_errors", mmt4d_argument_errors),
    ("sixteen_bit_outputs_round_every_step_unless_told_to_skip", sixteen_bit_outputs_round_every_step_unless_told_to_skip),
];
