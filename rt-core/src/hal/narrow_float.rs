//! Conversions between f32 and the narrow float formats a buffer view may hold (f16, bf16 and
//! the 8-bit kinds), with the exact results IREE's runtime produces.
//!
//! `iree-run-module` parses every narrow-float input as an f32 first and then narrows it, and
//! it prints a narrow float by widening it to f32. Matching its text byte for byte therefore
//! needs its rounding behaviour, including two quirks:
//! - narrowing rounds to nearest-even, except that a value below the target's smallest
//!   subnormal becomes zero even when it is nearer to that subnormal (f16: every `|x| < 2^-24`
//!   gives ±0, where IEEE rounding would give 2^-24 above 2^-25); f32 subnormals become a zero
//!   of the same sign unless the target keeps f32's exponent range (bf16), where they round;
//! - widening any NaN yields the positive quiet NaN (the sign of a NaN is dropped), and
//!   narrowing a NaN keeps its sign and sets every mantissa bit.

/// Shape of a narrow float format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NarrowFloat {
    pub exponent_bits: u32,
    pub mantissa_bits: u32,
    pub has_infinity: bool,
    pub has_nan: bool,
    /// Added to the IEEE-style bias `2^(exponent_bits-1) - 1` (1 for the FNUZ kinds).
    pub bias_adjust: i32,
    /// NaN is the bit pattern of negative zero (FNUZ kinds).
    pub nan_is_negative_zero: bool,
}

pub const F16: NarrowFloat = NarrowFloat::ieee(5, 10);
pub const BF16: NarrowFloat = NarrowFloat::ieee(8, 7);
pub const F8_E5M2: NarrowFloat = NarrowFloat::ieee(5, 2);
pub const F8_E4M3_FN: NarrowFloat = NarrowFloat {
    exponent_bits: 4,
    mantissa_bits: 3,
    has_infinity: false,
    has_nan: true,
    bias_adjust: 0,
    nan_is_negative_zero: false,
};
pub const F8_E5M2_FNUZ: NarrowFloat = NarrowFloat {
    exponent_bits: 5,
    mantissa_bits: 2,
    has_infinity: false,
    has_nan: true,
    bias_adjust: 1,
    nan_is_negative_zero: true,
};
pub const F8_E4M3_FNUZ: NarrowFloat = NarrowFloat {
    exponent_bits: 4,
    mantissa_bits: 3,
    has_infinity: false,
    has_nan: true,
    bias_adjust: 1,
    nan_is_negative_zero: true,
};

impl NarrowFloat {
    const fn ieee(exponent_bits: u32, mantissa_bits: u32) -> Self {
        NarrowFloat {
            exponent_bits,
            mantissa_bits,
            has_infinity: true,
            has_nan: true,
            bias_adjust: 0,
            nan_is_negative_zero: false,
        }
    }

    fn bias(&self) -> i32 {
        (1 << (self.exponent_bits - 1)) - 1 + self.bias_adjust
    }

    fn sign_bit(&self) -> u32 {
        1 << (self.exponent_bits + self.mantissa_bits)
    }

    fn mantissa_mask(&self) -> u32 {
        (1 << self.mantissa_bits) - 1
    }

    /// All exponent bits set, in place.
    fn exponent_mask(&self) -> u32 {
        ((1 << self.exponent_bits) - 1) << self.mantissa_bits
    }

    /// Widens the encoding in the low bits of `bits` to f32 (exact except for NaN's sign).
    pub fn to_f32(&self, bits: u32) -> f32 {
        let negative = bits & self.sign_bit() != 0;
        let exponent_field = (bits & self.exponent_mask()) >> self.mantissa_bits;
        let mantissa = bits & self.mantissa_mask();
        let max_field = (1 << self.exponent_bits) - 1;
        if exponent_field == max_field {
            if self.has_infinity {
                if self.has_nan && mantissa != 0 {
                    return f32::NAN;
                }
                return if negative { f32::NEG_INFINITY } else { f32::INFINITY };
            }
            if self.has_nan && !self.nan_is_negative_zero && mantissa == self.mantissa_mask() {
                return f32::NAN;
            }
        } else if self.has_nan && self.nan_is_negative_zero && bits == self.sign_bit() {
            return f32::NAN;
        }
        let (significand, exponent) = if exponent_field == 0 {
            (mantissa, 1 - self.bias() - self.mantissa_bits as i32)
        } else {
            (
                mantissa | (1 << self.mantissa_bits),
                exponent_field as i32 - self.bias() - self.mantissa_bits as i32,
            )
        };
        let magnitude = libm::ldexpf(significand as f32, exponent);
        if negative {
            -magnitude
        } else {
            magnitude
        }
    }

    /// Narrows `value`, rounding to nearest-even the way IREE's runtime does.
    pub fn from_f32(&self, value: f32) -> u32 {
        const F32_MANTISSA_BITS: u32 = 23;
        let raw = value.to_bits();
        let sign = if raw >> 31 != 0 { self.sign_bit() } else { 0 };
        let f32_exponent = (raw >> F32_MANTISSA_BITS) & 0xFF;
        let f32_mantissa = raw & ((1 << F32_MANTISSA_BITS) - 1);
        let drop = F32_MANTISSA_BITS - self.mantissa_bits;

        enum Special {
            Nan,
            Infinity,
        }
        let mut exponent_part = 0u32;
        let mut mantissa_part = 0u32;
        let mut special = None;
        if f32_exponent == 0xFF {
            special = Some(if f32_mantissa != 0 { Special::Nan } else { Special::Infinity });
        } else if f32_exponent == 0 {
            // Zero or an f32 subnormal: survives only where the target keeps f32's exponent
            // range (bf16); elsewhere it becomes a zero of the same sign.
            if self.exponent_bits == 8 {
                mantissa_part = round_shift_nearest_even(f32_mantissa, drop);
            }
        } else {
            let mut exponent = f32_exponent as i32 - 127;
            let max_exponent = (1 << (self.exponent_bits - 1)) - self.has_infinity as i32;
            if exponent > max_exponent {
                special = Some(Special::Infinity);
            } else if exponent + self.bias() <= 0 {
                // Becomes a subnormal (or zero) of the target.
                let shift = drop as i32 - exponent + (1 - self.bias());
                if (0..=F32_MANTISSA_BITS as i32).contains(&shift) {
                    let full = f32_mantissa | (1 << F32_MANTISSA_BITS);
                    mantissa_part = round_shift_nearest_even(full, shift as u32);
                }
            } else {
                let mut rounded = round_nearest_even_in_place(f32_mantissa, drop);
                if rounded > (1 << F32_MANTISSA_BITS) - 1 {
                    rounded = 0;
                    exponent += 1;
                }
                exponent_part = ((exponent + self.bias()) as u32) << self.mantissa_bits;
                mantissa_part = rounded >> drop;
                if !self.has_infinity && exponent_part > self.exponent_mask() {
                    special = Some(Special::Nan);
                }
            }
        }
        if let Some(Special::Infinity) = special {
            if self.has_infinity {
                return sign | self.exponent_mask();
            }
            if !self.has_nan {
                return sign | self.exponent_mask() | self.mantissa_mask();
            }
            special = Some(Special::Nan);
        }
        if let Some(Special::Nan) = special {
            if !self.has_nan {
                return 0;
            }
            if self.nan_is_negative_zero {
                return self.sign_bit();
            }
            return sign | self.exponent_mask() | self.mantissa_mask();
        }
        if self.nan_is_negative_zero && exponent_part == 0 && mantissa_part == 0 {
            return 0;
        }
        sign | exponent_part | mantissa_part
    }
}

/// Adds the round-to-nearest-even bias for dropping the low `shift` bits, without shifting.
fn round_nearest_even_in_place(value: u32, shift: u32) -> u32 {
    if shift == 0 {
        return value;
    }
    let half = 1u32 << (shift - 1);
    let keep_lsb = (value >> shift) & 1;
    value + half - 1 + keep_lsb
}

fn round_shift_nearest_even(value: u32, shift: u32) -> u32 {
    if shift >= 32 {
        return 0;
    }
    round_nearest_even_in_place(value, shift) >> shift
}

/// IREE's f8E8M0FNU: a bare biased exponent, 0xFF is NaN.
pub fn f8e8m0fnu_to_f32(bits: u8) -> f32 {
    if bits == 0xFF {
        f32::NAN
    } else {
        libm::ldexpf(1.0, bits as i32 - 127)
    }
}

/// Narrows to f8E8M0FNU: non-finite → NaN, non-positive → 0, else the exponent of the nearest
/// power of two (ties between 2^e and 2^(e+1) at 1.5·2^e go up), clamped to 0..=0xFF.
pub fn f32_to_f8e8m0fnu(value: f32) -> u8 {
    if !value.is_finite() {
        return 0xFF;
    }
    if value <= 0.0 {
        return 0;
    }
    let (normalized, exponent) = libm::frexpf(value);
    let rounded = exponent - (normalized < 0.75) as i32;
    (rounded + 127).clamp(0, 0xFF) as u8
}

pub fn f16_to_f32(bits: u16) -> f32 {
    F16.to_f32(bits as u32)
}

pub fn f32_to_f16(value: f32) -> u16 {
    F16.from_f32(value) as u16
}

pub fn bf16_to_f32(bits: u16) -> f32 {
    BF16.to_f32(bits as u32)
}

pub fn f32_to_bf16(value: f32) -> u16 {
    BF16.from_f32(value) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_every_encoding_round_trips() {
        for bits in 0..=u16::MAX {
            let wide = f16_to_f32(bits);
            if wide.is_nan() {
                assert_eq!(bits & 0x7C00, 0x7C00);
                continue;
            }
            assert_eq!(f32_to_f16(wide), bits, "{bits:#06x} -> {wide}");
        }
    }

    #[test]
    fn bf16_every_encoding_round_trips() {
        for bits in 0..=u16::MAX {
            let wide = bf16_to_f32(bits);
            if wide.is_nan() {
                continue;
            }
            assert_eq!(wide.to_bits() >> 16, bits as u32);
            assert_eq!(f32_to_bf16(wide), bits);
        }
    }

    #[test]
    fn f16_rounding() {
        assert_eq!(f32_to_f16(1.0), 0x3C00);
        assert_eq!(f32_to_f16(65504.0), 0x7BFF);
        assert_eq!(f32_to_f16(65520.0), 0x7C00); // rounds up into infinity
        assert_eq!(f32_to_f16(70000.0), 0x7C00);
        assert_eq!(f32_to_f16(-0.0), 0x8000);
        assert_eq!(f32_to_f16(f32::NAN), 0x7FFF);
        assert_eq!(f32_to_f16(-f32::NAN), 0xFFFF);
        assert_eq!(f32_to_f16(1.0 + 1.0 / 2048.0), 0x3C00); // tie to even
        assert_eq!(f32_to_f16(1.0 + 3.0 / 2048.0), 0x3C02); // tie to even, upward
        assert_eq!(f32_to_f16(libm::ldexpf(1.0, -24)), 0x0001);
        // IREE's quirk: below 2^-24 everything becomes zero, even 0.75·2^-24.
        assert_eq!(f32_to_f16(libm::ldexpf(1.5, -25)), 0x0000);
        assert_eq!(f32_to_f16(f32::from_bits(1)), 0x0000);
    }

    #[test]
    fn f8_kinds() {
        assert_eq!(F8_E4M3_FN.to_f32(0x7E), 448.0);
        assert!(F8_E4M3_FN.to_f32(0x7F).is_nan());
        assert_eq!(F8_E4M3_FN.from_f32(1000.0), 0x7F);
        assert!(F8_E5M2_FNUZ.to_f32(0x80).is_nan());
        assert_eq!(F8_E5M2_FNUZ.from_f32(-0.0), 0x00);
        assert_eq!(F8_E5M2.from_f32(1.0), 0x3C);
        assert_eq!(f32_to_f8e8m0fnu(1.0), 127);
        assert_eq!(f8e8m0fnu_to_f32(128), 2.0);
    }
}
