//! Scalar semantics of the arithmetic, bitwise, comparison and conversion instructions.
//!
//! Each function maps an `Op` of one layout family to its value semantics; the dispatch loop
//! decodes registers by layout and calls the function of that family. Semantics follow the
//! reference runtime (IREE's `vm/ops.h`) including its quirks, noted where they surprise:
//! `rem.f32` is IEEE `remainder` (not `fmod`), float→int casts round half away from zero,
//! `fma` is an unfused multiply-add, and float `min`/`max` return the left operand when either
//! is NaN.

use crate::isa::Op;
use crate::vm::{Status, Trap};

pub fn unary_i32(op: Op, a: i32) -> i32 {
    match op {
        Op::NotI32 => !a,
        Op::CtlzI32 => a.leading_zeros() as i32,
        Op::AbsI32 => a.wrapping_abs(),
        Op::TruncI32I8 => a as u8 as i32,
        Op::TruncI32I16 => a as u16 as i32,
        Op::ExtI8I32S => a as i8 as i32,
        Op::ExtI8I32U => a as u8 as i32,
        Op::ExtI16I32S => a as i16 as i32,
        Op::ExtI16I32U => a as u16 as i32,
        _ => unreachable!("{} is not an i32 unary op", op.mnemonic()),
    }
}

pub fn unary_i64(op: Op, a: i64) -> i64 {
    match op {
        Op::NotI64 => !a,
        Op::CtlzI64 => a.leading_zeros() as i64,
        Op::AbsI64 => a.wrapping_abs(),
        _ => unreachable!("{} is not an i64 unary op", op.mnemonic()),
    }
}

pub fn binary_i32(op: Op, a: i32, b: i32) -> Result<i32, Trap> {
    Ok(match op {
        Op::AddI32 => a.wrapping_add(b),
        Op::SubI32 => a.wrapping_sub(b),
        Op::MulI32 => a.wrapping_mul(b),
        Op::DivI32S => divisible(op, a == i32::MIN, b)?.then(|| a / b),
        Op::DivI32U => nonzero(op, b)?.then(|| ((a as u32) / (b as u32)) as i32),
        Op::RemI32S => divisible(op, a == i32::MIN, b)?.then(|| a % b),
        Op::RemI32U => nonzero(op, b)?.then(|| ((a as u32) % (b as u32)) as i32),
        Op::AndI32 => a & b,
        Op::OrI32 => a | b,
        Op::XorI32 => a ^ b,
        Op::MinI32S => a.min(b),
        Op::MinI32U => (a as u32).min(b as u32) as i32,
        Op::MaxI32S => a.max(b),
        Op::MaxI32U => (a as u32).max(b as u32) as i32,
        _ => unreachable!("{} is not an i32 binary op", op.mnemonic()),
    })
}

pub fn binary_i64(op: Op, a: i64, b: i64) -> Result<i64, Trap> {
    Ok(match op {
        Op::AddI64 => a.wrapping_add(b),
        Op::SubI64 => a.wrapping_sub(b),
        Op::MulI64 => a.wrapping_mul(b),
        Op::DivI64S => divisible(op, a == i64::MIN, b)?.then(|| a / b),
        Op::DivI64U => nonzero(op, b)?.then(|| ((a as u64) / (b as u64)) as i64),
        Op::RemI64S => divisible(op, a == i64::MIN, b)?.then(|| a % b),
        Op::RemI64U => nonzero(op, b)?.then(|| ((a as u64) % (b as u64)) as i64),
        Op::AndI64 => a & b,
        Op::OrI64 => a | b,
        Op::XorI64 => a ^ b,
        Op::MinI64S => a.min(b),
        Op::MinI64U => (a as u64).min(b as u64) as i64,
        Op::MaxI64S => a.max(b),
        Op::MaxI64U => (a as u64).max(b as u64) as i64,
        _ => unreachable!("{} is not an i64 binary op", op.mnemonic()),
    })
}

/// Integer division and remainder by zero trap instead of taking the process down (the
/// reference runtime dies of SIGFPE).
fn nonzero<T: PartialEq + Default + Copy>(op: Op, divisor: T) -> Result<Always, Trap> {
    if divisor == T::default() {
        Err(Trap::new(Status::InvalidArgument, alloc::format!("{}: division by zero", op.mnemonic())))
    } else {
        Ok(Always)
    }
}

/// Signed division also traps on MIN / -1, whose quotient does not fit (SIGFPE in the
/// reference runtime as well).
fn divisible<T: PartialEq + Default + From<i8> + Copy>(op: Op, dividend_is_min: bool, divisor: T) -> Result<Always, Trap> {
    nonzero(op, divisor)?;
    if dividend_is_min && divisor == T::from(-1) {
        return Err(Trap::new(Status::InvalidArgument, alloc::format!("{}: integer overflow (minimum value divided by -1)", op.mnemonic())));
    }
    Ok(Always)
}

/// Lets `nonzero(..)?.then(|| ..)` read as "if the divisor is fine, compute".
struct Always;
impl Always {
    fn then<T>(self, f: impl FnOnce() -> T) -> T {
        f()
    }
}

pub fn ternary_i32(op: Op, a: i32, b: i32, c: i32) -> i32 {
    match op {
        Op::FmaI32 => a.wrapping_mul(b).wrapping_add(c),
        _ => unreachable!("{} is not an i32 ternary op", op.mnemonic()),
    }
}

pub fn ternary_i64(op: Op, a: i64, b: i64, c: i64) -> i64 {
    match op {
        Op::FmaI64 => a.wrapping_mul(b).wrapping_add(c),
        _ => unreachable!("{} is not an i64 ternary op", op.mnemonic()),
    }
}

/// Shift amounts are masked to the operand width, as the reference runtime does.
pub fn shift_i32(op: Op, a: i32, amount: i32) -> i32 {
    let n = (amount & 31) as u32;
    match op {
        Op::ShlI32 => a << n,
        Op::ShrI32S => a >> n,
        Op::ShrI32U => ((a as u32) >> n) as i32,
        _ => unreachable!("{} is not an i32 shift", op.mnemonic()),
    }
}

pub fn shift_i64(op: Op, a: i64, amount: i32) -> i64 {
    let n = (amount & 63) as u32;
    match op {
        Op::ShlI64 => a << n,
        Op::ShrI64S => a >> n,
        Op::ShrI64U => ((a as u64) >> n) as i64,
        _ => unreachable!("{} is not an i64 shift", op.mnemonic()),
    }
}

pub fn cmp_i32(op: Op, a: i32, b: i32) -> bool {
    match op {
        Op::CmpEQI32 => a == b,
        Op::CmpNEI32 => a != b,
        Op::CmpLTI32S => a < b,
        Op::CmpLTI32U => (a as u32) < (b as u32),
        _ => unreachable!("{} is not an i32 comparison", op.mnemonic()),
    }
}

pub fn cmp_i64(op: Op, a: i64, b: i64) -> bool {
    match op {
        Op::CmpEQI64 => a == b,
        Op::CmpNEI64 => a != b,
        Op::CmpLTI64S => a < b,
        Op::CmpLTI64U => (a as u64) < (b as u64),
        _ => unreachable!("{} is not an i64 comparison", op.mnemonic()),
    }
}

/// Float math shared by f32 and f64 through this trait, so each op is written once.
pub trait Float: Copy + PartialOrd + core::ops::Add<Output = Self> + core::ops::Mul<Output = Self>
    + core::ops::Sub<Output = Self> + core::ops::Div<Output = Self> + core::ops::Neg<Output = Self>
{
    const ONE: Self;
    fn abs(self) -> Self;
    fn ceil(self) -> Self;
    fn floor(self) -> Self;
    fn round(self) -> Self;
    fn round_even(self) -> Self;
    fn sqrt(self) -> Self;
    fn atan(self) -> Self;
    fn atan2(self, x: Self) -> Self;
    fn cos(self) -> Self;
    fn sin(self) -> Self;
    fn exp(self) -> Self;
    fn exp2(self) -> Self;
    fn expm1(self) -> Self;
    fn ln(self) -> Self;
    fn log10(self) -> Self;
    fn ln_1p(self) -> Self;
    fn log2(self) -> Self;
    fn pow(self, y: Self) -> Self;
    fn tanh(self) -> Self;
    fn erf(self) -> Self;
    fn remainder(self, y: Self) -> Self;
    fn is_nan(self) -> bool;
}

macro_rules! impl_float {
    ($t:ty, $one:expr, $abs:ident, $ceil:ident, $floor:ident, $round:ident, $rint:ident,
     $sqrt:ident, $atan:ident, $atan2:ident, $cos:ident, $sin:ident, $exp:ident, $exp2:ident,
     $expm1:ident, $log:ident, $log10:ident, $log1p:ident, $log2:ident, $pow:ident,
     $tanh:ident, $erf:ident, $remainder:ident) => {
        impl Float for $t {
            const ONE: Self = $one;
            fn abs(self) -> Self { libm::$abs(self) }
            fn ceil(self) -> Self { libm::$ceil(self) }
            fn floor(self) -> Self { libm::$floor(self) }
            fn round(self) -> Self { libm::$round(self) }
            fn round_even(self) -> Self { libm::$rint(self) }
            fn sqrt(self) -> Self { libm::$sqrt(self) }
            fn atan(self) -> Self { libm::$atan(self) }
            fn atan2(self, x: Self) -> Self { libm::$atan2(self, x) }
            fn cos(self) -> Self { libm::$cos(self) }
            fn sin(self) -> Self { libm::$sin(self) }
            fn exp(self) -> Self { libm::$exp(self) }
            fn exp2(self) -> Self { libm::$exp2(self) }
            fn expm1(self) -> Self { libm::$expm1(self) }
            fn ln(self) -> Self { libm::$log(self) }
            fn log10(self) -> Self { libm::$log10(self) }
            fn ln_1p(self) -> Self { libm::$log1p(self) }
            fn log2(self) -> Self { libm::$log2(self) }
            fn pow(self, y: Self) -> Self { libm::$pow(self, y) }
            fn tanh(self) -> Self { libm::$tanh(self) }
            fn erf(self) -> Self { libm::$erf(self) }
            fn remainder(self, y: Self) -> Self { libm::$remainder(self, y) }
            fn is_nan(self) -> bool { self != self }
        }
    };
}

impl_float!(f32, 1.0, fabsf, ceilf, floorf, roundf, rintf, sqrtf, atanf, atan2f, cosf, sinf,
    expf, exp2f, expm1f, logf, log10f, log1pf, log2f, powf, tanhf, erff, remainderf);
impl_float!(f64, 1.0, fabs, ceil, floor, round, rint, sqrt, atan, atan2, cos, sin, exp, exp2,
    expm1, log, log10, log1p, log2, pow, tanh, erf, remainder);

/// Which float operation an op denotes, independent of its width.
fn float_unary<F: Float>(op: Op, a: F) -> F {
    use Op::*;
    match op {
        AbsF32 | AbsF64 => a.abs(),
        NegF32 | NegF64 => -a,
        CeilF32 | CeilF64 => a.ceil(),
        FloorF32 | FloorF64 => a.floor(),
        RoundF32 | RoundF64 => a.round(),
        RoundF32Even | RoundF64Even => a.round_even(),
        AtanF32 | AtanF64 => a.atan(),
        CosF32 | CosF64 => a.cos(),
        SinF32 | SinF64 => a.sin(),
        ExpF32 | ExpF64 => a.exp(),
        Exp2F32 | Exp2F64 => a.exp2(),
        ExpM1F32 | ExpM1F64 => a.expm1(),
        LogF32 | LogF64 => a.ln(),
        Log10F32 | Log10F64 => a.log10(),
        Log1pF32 | Log1pF64 => a.ln_1p(),
        Log2F32 | Log2F64 => a.log2(),
        RsqrtF32 | RsqrtF64 => F::ONE / a.sqrt(),
        SqrtF32 | SqrtF64 => a.sqrt(),
        TanhF32 | TanhF64 => a.tanh(),
        ErfF32 | ErfF64 => a.erf(),
        _ => unreachable!("{} is not a float unary op", op.mnemonic()),
    }
}


fn float_binary<F: Float>(op: Op, a: F, b: F) -> F {
    use Op::*;
    match op {
        AddF32 | AddF64 => a + b,
        SubF32 | SubF64 => a - b,
        MulF32 | MulF64 => a * b,
        DivF32 | DivF64 => a / b,
        RemF32 | RemF64 => a.remainder(b),
        Atan2F32 | Atan2F64 => a.atan2(b),
        PowF32 | PowF64 => a.pow(b),
        MinF32 | MinF64 => if b < a { b } else { a },
        MaxF32 | MaxF64 => if a < b { b } else { a },
        _ => unreachable!("{} is not a float binary op", op.mnemonic()),
    }
}

fn float_cmp<F: Float>(op: Op, a: F, b: F) -> bool {
    use Op::*;
    let unordered = a.is_nan() || b.is_nan();
    match op {
        CmpEQF32O | CmpEQF64O => a == b,
        CmpEQF32U | CmpEQF64U => unordered || a == b,
        // The reference evaluates C's `!=`, which is true for NaN despite the `.o` name.
        CmpNEF32O | CmpNEF64O => a != b,
        CmpNEF32U | CmpNEF64U => unordered || a != b,
        CmpLTF32O | CmpLTF64O => a < b,
        CmpLTF32U | CmpLTF64U => unordered || a < b,
        CmpLTEF32O | CmpLTEF64O => a <= b,
        CmpLTEF32U | CmpLTEF64U => unordered || a <= b,
        _ => unreachable!("{} is not a float comparison", op.mnemonic()),
    }
}

pub fn unary_f32(op: Op, a: f32) -> f32 {
    float_unary(op, a)
}
pub fn unary_f64(op: Op, a: f64) -> f64 {
    float_unary(op, a)
}
pub fn binary_f32(op: Op, a: f32, b: f32) -> f32 {
    float_binary(op, a, b)
}
pub fn binary_f64(op: Op, a: f64, b: f64) -> f64 {
    float_binary(op, a, b)
}
pub fn cmp_f32(op: Op, a: f32, b: f32) -> bool {
    float_cmp(op, a, b)
}
pub fn cmp_f64(op: Op, a: f64, b: f64) -> bool {
    float_cmp(op, a, b)
}

/// `fma` is a*b+c with two roundings: the reference build has no fused multiply-add.
pub fn ternary_f32(op: Op, a: f32, b: f32, c: f32) -> f32 {
    match op {
        Op::FmaF32 => a * b + c,
        _ => unreachable!("{} is not an f32 ternary op", op.mnemonic()),
    }
}

pub fn ternary_f64(op: Op, a: f64, b: f64, c: f64) -> f64 {
    match op {
        Op::FmaF64 => a * b + c,
        _ => unreachable!("{} is not an f64 ternary op", op.mnemonic()),
    }
}

/// 2^63, the first float past the i64 range.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// x86-64's float-to-i64 truncation: NaN and out-of-range inputs give the "integer
/// indefinite" value i64::MIN.
fn truncate_like_x86(v: f64) -> i64 {
    if (-TWO_63..TWO_63).contains(&v) {
        v as i64
    } else {
        i64::MIN
    }
}

/// C's `llround` as the x86-64 reference computes it: half away from zero, then truncation.
fn llround(x: f64) -> i64 {
    truncate_like_x86(libm::round(x))
}

/// C's `(uint64_t)` of a float as x86-64 compiles it: below 2^63 a signed truncation, at or
/// past 2^63 a truncation of `r - 2^63` with the top bit set (so 2^64 and beyond give
/// 2^63, as the reference returns).
fn to_u64_like_x86(r: f64) -> u64 {
    if r >= TWO_63 {
        (truncate_like_x86(r - TWO_63) as u64) | (1u64 << 63)
    } else {
        truncate_like_x86(r) as u64
    }
}

/// Conversions between banks; the value travels as raw 64-bit register contents.
pub fn convert(op: Op, bits: u64) -> u64 {
    use Op::*;
    let i32v = bits as u32 as i32;
    let i64v = bits as i64;
    let f32v = f32::from_bits(bits as u32);
    let f64v = f64::from_bits(bits);
    let from_i32 = |v: i32| v as u32 as u64;
    let from_f32 = |v: f32| v.to_bits() as u64;
    match op {
        TruncI64I32 => from_i32(i64v as i32),
        ExtI32I64S => i32v as i64 as u64,
        ExtI32I64U => i32v as u32 as u64,
        CastSI32F32 => from_f32(i32v as f32),
        CastUI32F32 => from_f32(i32v as u32 as f32),
        CastF32SI32 => from_i32(llround(f32v as f64) as i32),
        CastF32UI32 => from_i32(llround(f32v as f64) as u32 as i32),
        BitcastI32F32 | BitcastF32I32 => bits & 0xFFFF_FFFF,
        CastF32SI64 => llround(f32v as f64) as u64,
        CastF32UI64 => to_u64_like_x86(libm::roundf(f32v) as f64),
        CastSI64F32 => from_f32(i64v as f32),
        CastUI64F32 => from_f32(i64v as u64 as f32),
        TruncF64F32 => from_f32(f64v as f32),
        ExtF32F64 => (f32v as f64).to_bits(),
        CastSI32F64 => (i32v as f64).to_bits(),
        CastUI32F64 => (i32v as u32 as f64).to_bits(),
        // The reference narrows to float before rounding (`lroundf(double)`).
        CastF64SI32 => from_i32(llround((f64v as f32) as f64) as i32),
        CastF64UI32 => from_i32(llround((f64v as f32) as f64) as u32 as i32),
        CastSI64F64 => (i64v as f64).to_bits(),
        CastUI64F64 => (i64v as u64 as f64).to_bits(),
        CastF64SI64 => llround(f64v) as u64,
        CastF64UI64 => llround(f64v) as u64,
        BitcastI64F64 | BitcastF64I64 => bits,
        _ => unreachable!("{} is not a conversion", op.mnemonic()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::{Layout, Ty, ALL_OPS};

    /// Every op of an arithmetic layout has semantics here: none reaches `unreachable!`.
    #[test]
    fn every_arithmetic_op_has_semantics() {
        for &op in ALL_OPS {
            match op.layout() {
                Layout::Unary(Ty::I32) => drop(unary_i32(op, 5)),
                Layout::Unary(Ty::I64) => drop(unary_i64(op, 5)),
                Layout::Unary(Ty::F32) => drop(unary_f32(op, 0.5)),
                Layout::Unary(Ty::F64) => drop(unary_f64(op, 0.5)),
                Layout::Binary(Ty::I32) => drop(binary_i32(op, 7, 2)),
                Layout::Binary(Ty::I64) => drop(binary_i64(op, 7, 2)),
                Layout::Binary(Ty::F32) => drop(binary_f32(op, 7.0, 2.0)),
                Layout::Binary(Ty::F64) => drop(binary_f64(op, 7.0, 2.0)),
                Layout::Ternary(Ty::I32) => drop(ternary_i32(op, 1, 2, 3)),
                Layout::Ternary(Ty::I64) => drop(ternary_i64(op, 1, 2, 3)),
                Layout::Ternary(Ty::F32) => drop(ternary_f32(op, 1.0, 2.0, 3.0)),
                Layout::Ternary(Ty::F64) => drop(ternary_f64(op, 1.0, 2.0, 3.0)),
                Layout::Shift(Ty::I32) => drop(shift_i32(op, 1, 3)),
                Layout::Shift(Ty::I64) => drop(shift_i64(op, 1, 3)),
                Layout::BinaryComparison(Ty::I32) => drop(cmp_i32(op, 1, 2)),
                Layout::BinaryComparison(Ty::I64) => drop(cmp_i64(op, 1, 2)),
                Layout::BinaryComparison(Ty::F32) => drop(cmp_f32(op, 1.0, 2.0)),
                Layout::BinaryComparison(Ty::F64) => drop(cmp_f64(op, 1.0, 2.0)),
                Layout::Conversion(..) => drop(convert(op, 0x4000_0000)),
                _ => {}
            }
        }
    }

    #[test]
    fn integer_edge_cases() {
        assert_eq!(binary_i32(Op::AddI32, i32::MAX, 1), Ok(i32::MIN));
        assert_eq!(binary_i64(Op::MulI64, i64::MAX, 2), Ok(-2));
        assert!(binary_i32(Op::DivI32S, i32::MIN, -1).is_err());
        assert!(binary_i64(Op::RemI64S, i64::MIN, -1).is_err());
        assert_eq!(binary_i32(Op::DivI32S, i32::MIN, 1), Ok(i32::MIN));
        let err = binary_i32(Op::DivI32S, 1, 0).unwrap_err();
        assert!(err.message.contains("div.i32.s: division by zero"), "{}", err.message);
        assert!(binary_i64(Op::RemI64U, 1, 0).is_err());
        assert_eq!(shift_i32(Op::ShlI32, 1, 33), 2);
        assert_eq!(shift_i64(Op::ShrI64S, -8, 65), -4);
        assert_eq!(unary_i32(Op::CtlzI32, 0), 32);
        assert_eq!(unary_i32(Op::ExtI8I32S, 0xFF), -1);
    }

    #[test]
    fn float_edge_cases() {
        let nan = f32::NAN;
        assert!(!cmp_f32(Op::CmpEQF32O, nan, nan));
        assert!(cmp_f32(Op::CmpEQF32U, nan, 1.0));
        assert!(cmp_f32(Op::CmpNEF32O, nan, 1.0));
        assert!(cmp_f32(Op::CmpNEF32U, nan, 1.0));
        assert!(binary_f32(Op::MinF32, nan, 1.0).is_nan());
        assert_eq!(binary_f32(Op::MinF32, 1.0, nan), 1.0);
        assert_eq!(binary_f32(Op::RemF32, 5.0, 3.0), -1.0);
        assert_eq!(convert(Op::CastF32SI32, 2.5f32.to_bits() as u64) as i32, 3);
        assert_eq!(convert(Op::CastF32SI32, (-2.5f32).to_bits() as u64) as i32, -3);
        assert_eq!(convert(Op::CastF32SI32, f32::NAN.to_bits() as u64) as i32, 0);
        assert_eq!(unary_f32(Op::RoundF32Even, 2.5), 2.0);
        assert_eq!(unary_f32(Op::RoundF32, 2.5), 3.0);
    }
}
