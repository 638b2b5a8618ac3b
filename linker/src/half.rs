//! IEEE 754 binary16 conversions: the wasm bodies the f16 repair substitutes for IREE 3.13.0's
//! broken `__extendhfsf2`/`__truncsfhf2`, and the same algorithms in Rust (the reference the
//! tests hold the wasm to, and usable by the runtime itself).
//!
//! Widening is exact (subnormal halves included; NaN payloads kept, quiet bit unchanged).
//! Narrowing rounds to nearest, ties to even, produces subnormals, overflows to infinity from
//! 65520 up, and turns every NaN into a quiet NaN keeping the top payload bits
//! (the default NaN becomes 0x7e00).

use wasm_encoder::{BlockType, Function, ValType};

/// f16 bits (low 16 bits of `h`) → f32.
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h as u32) & 0x8000) << 16;
    let exp = ((h as u32) >> 10) & 0x1f;
    let man = (h as u32) & 0x3ff;
    if exp == 0 {
        // 0 or subnormal: man * 2^-24, exact in f32.
        f32::from_bits((man as f32 * f32::from_bits(0x3380_0000)).to_bits() | sign)
    } else {
        let e = if exp == 0x1f { 0xff } else { exp + 112 };
        f32::from_bits(sign | (e << 23) | (man << 13))
    }
}

/// f32 → f16 bits, round to nearest even.
pub fn f32_to_f16(f: f32) -> u16 {
    let x = f.to_bits();
    let sign = (x >> 16) & 0x8000;
    let a = x & 0x7fff_ffff;
    let h = if a > 0x7f80_0000 {
        0x7e00 | ((a >> 13) & 0x3ff)
    } else if a >= 0x477f_f000 {
        0x7c00
    } else if a < 0x3880_0000 {
        // Below the smallest normal half: a multiple of 2^-24, rounded half to even.
        let scaled = f32::from_bits(a) * 16_777_216.0;
        round_ties_even(scaled) as u32
    } else {
        (a - 0x3800_0000 + 0xfff + ((a >> 13) & 1)) >> 13
    };
    (sign | h) as u16
}

fn round_ties_even(v: f32) -> f32 {
    // v is in [0, 1024]: integer and fractional parts are exact.
    let t = v as u32 as f32;
    let frac = v - t;
    if frac > 0.5 || (frac == 0.5 && (t as u32) & 1 == 1) {
        t + 1.0
    } else {
        t
    }
}

/// Body of `(i32) -> f32`: half bits in the low 16 bits of param 0.
pub fn extend_body() -> Function {
    // locals: 1 sign, 2 exp, 3 mantissa
    let mut f = Function::new([(3, ValType::I32)]);
    let mut s = f.instructions();
    s.local_get(0)
        .i32_const(0x8000)
        .i32_and()
        .i32_const(16)
        .i32_shl()
        .local_set(1);
    s.local_get(0)
        .i32_const(10)
        .i32_shr_u()
        .i32_const(0x1f)
        .i32_and()
        .local_set(2);
    s.local_get(0).i32_const(0x3ff).i32_and().local_set(3);
    s.local_get(2).i32_eqz();
    s.if_(BlockType::Result(ValType::F32));
    s.local_get(3)
        .f32_convert_i32_u()
        .f32_const(f32::from_bits(0x3380_0000).into())
        .f32_mul();
    s.i32_reinterpret_f32()
        .local_get(1)
        .i32_or()
        .f32_reinterpret_i32();
    s.else_();
    s.local_get(2).i32_const(0x1f).i32_eq();
    s.if_(BlockType::Result(ValType::I32));
    s.i32_const(0x7f80_0000);
    s.else_();
    s.local_get(2)
        .i32_const(112)
        .i32_add()
        .i32_const(23)
        .i32_shl();
    s.end();
    s.local_get(3)
        .i32_const(13)
        .i32_shl()
        .i32_or()
        .local_get(1)
        .i32_or()
        .f32_reinterpret_i32();
    s.end();
    s.end();
    f
}

/// Body of `(f32) -> i32`: returns half bits (zero-extended).
pub fn trunc_body() -> Function {
    // locals: 1 bits, 2 magnitude
    let mut f = Function::new([(2, ValType::I32)]);
    let mut s = f.instructions();
    s.local_get(0).i32_reinterpret_f32().local_tee(1);
    s.i32_const(0x7fff_ffff).i32_and().local_set(2);
    // sign, left on the stack for the final or
    s.local_get(1)
        .i32_const(16)
        .i32_shr_u()
        .i32_const(0x8000)
        .i32_and();
    s.local_get(2).i32_const(0x7f80_0000).i32_gt_u();
    s.if_(BlockType::Result(ValType::I32));
    s.local_get(2)
        .i32_const(13)
        .i32_shr_u()
        .i32_const(0x3ff)
        .i32_and()
        .i32_const(0x7e00)
        .i32_or();
    s.else_();
    s.local_get(2).i32_const(0x477f_f000).i32_ge_u();
    s.if_(BlockType::Result(ValType::I32));
    s.i32_const(0x7c00);
    s.else_();
    s.local_get(2).i32_const(0x3880_0000).i32_lt_u();
    s.if_(BlockType::Result(ValType::I32));
    s.local_get(2)
        .f32_reinterpret_i32()
        .f32_const(16_777_216.0f32.into())
        .f32_mul();
    s.f32_nearest().i32_trunc_f32_u();
    s.else_();
    s.local_get(2)
        .i32_const(0x3800_0000)
        .i32_sub()
        .i32_const(0xfff)
        .i32_add();
    s.local_get(2)
        .i32_const(13)
        .i32_shr_u()
        .i32_const(1)
        .i32_and()
        .i32_add();
    s.i32_const(13).i32_shr_u();
    s.end();
    s.end();
    s.end();
    s.i32_or();
    s.end();
    f
}
