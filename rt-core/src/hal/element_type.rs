//! HAL element types, encoded the way IREE encodes them.
//!
//! An element type is a `u32`: the numerical type in the top byte, the bit count in the low
//! byte, the two middle bytes reserved (zero). `0x21000020` is an IEEE float of 32 bits, `f32`.
//! The compiler bakes these values into `hal.buffer_view.create` / `hal.buffer_view.assert`
//! calls, so the numbers here must match `iree-compile` 3.13.0 exactly.
//!
//! The text names (`f32`, `i8`, `ui16`, `bf16`, `i1`, `f8E4M3FN`, ...) are the ones
//! `iree-run-module` reads in `--input=` and prints in results.

use alloc::format;
use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Result};

/// The numerical interpretation of an element: the top byte of an [`ElementType`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum NumericalType {
    /// Opaque bytes; only the width is known.
    Unknown = 0x00,
    /// Signless integer (`i8`, `i32`, ...): the operation decides how to read it.
    Integer = 0x10,
    /// Signed integer (`si8`, ...).
    IntegerSigned = 0x11,
    /// Unsigned integer (`ui8`, ...).
    IntegerUnsigned = 0x12,
    /// Boolean stored in an integer; IREE stores `i1` as one byte.
    Boolean = 0x13,
    /// IEEE 754 binary float (`f16`, `f32`, `f64`).
    FloatIeee = 0x21,
    /// Brain float (`bf16`).
    FloatBrain = 0x22,
    /// Complex number: a (real, imaginary) pair of floats (`cf64` = two f32).
    FloatComplex = 0x23,
    /// 8-bit float, 5 exponent bits, 2 mantissa bits, with infinities.
    Float8E5M2 = 0x24,
    /// 8-bit float, 4 exponent bits, 3 mantissa bits, finite, one NaN pattern.
    Float8E4M3FN = 0x25,
    /// 8-bit float E5M2 with exponent bias 16, no infinities, NaN encoded as negative zero.
    Float8E5M2FNUZ = 0x26,
    /// 8-bit float E4M3 with exponent bias 8, no infinities, NaN encoded as negative zero.
    Float8E4M3FNUZ = 0x27,
    /// 8-bit scale type: exponent only, no sign, no zero.
    Float8E8M0FNU = 0x28,
}

impl NumericalType {
    /// What the type is, in words, for messages.
    pub const fn description(self) -> &'static str {
        match self {
            Self::Unknown => "opaque",
            Self::Integer => "signless integer",
            Self::IntegerSigned => "signed integer",
            Self::IntegerUnsigned => "unsigned integer",
            Self::Boolean => "boolean",
            Self::FloatIeee => "IEEE float",
            Self::FloatBrain => "brain float",
            Self::FloatComplex => "complex float",
            Self::Float8E5M2 => "f8E5M2",
            Self::Float8E4M3FN => "f8E4M3FN",
            Self::Float8E5M2FNUZ => "f8E5M2FNUZ",
            Self::Float8E4M3FNUZ => "f8E4M3FNUZ",
            Self::Float8E8M0FNU => "f8E8M0FNU",
        }
    }

    /// The numerical type with IREE's code `code`, if IREE defines one.
    pub const fn from_u8(code: u8) -> Option<Self> {
        Some(match code {
            0x00 => Self::Unknown,
            0x10 => Self::Integer,
            0x11 => Self::IntegerSigned,
            0x12 => Self::IntegerUnsigned,
            0x13 => Self::Boolean,
            0x21 => Self::FloatIeee,
            0x22 => Self::FloatBrain,
            0x23 => Self::FloatComplex,
            0x24 => Self::Float8E5M2,
            0x25 => Self::Float8E4M3FN,
            0x26 => Self::Float8E5M2FNUZ,
            0x27 => Self::Float8E4M3FNUZ,
            0x28 => Self::Float8E8M0FNU,
            _ => return None,
        })
    }
}

/// A HAL element type: `(numerical type << 24) | bit count`, exactly IREE's encoding.
///
/// Construct one from the associated constants, [`ElementType::new`], a name
/// ([`ElementType::parse`] / `str::parse`) or a value read from a program
/// ([`ElementType::from_u32`]). `Display` prints the name `iree-run-module` prints.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ElementType(u32);

impl ElementType {
    pub const NONE: Self = Self::new(NumericalType::Unknown, 0);
    pub const OPAQUE_8: Self = Self::new(NumericalType::Unknown, 8);
    pub const OPAQUE_16: Self = Self::new(NumericalType::Unknown, 16);
    pub const OPAQUE_32: Self = Self::new(NumericalType::Unknown, 32);
    pub const OPAQUE_64: Self = Self::new(NumericalType::Unknown, 64);
    /// `i1`: IREE stores booleans one per byte.
    pub const BOOL_8: Self = Self::new(NumericalType::Boolean, 8);
    pub const INT_4: Self = Self::new(NumericalType::Integer, 4);
    pub const SINT_4: Self = Self::new(NumericalType::IntegerSigned, 4);
    pub const UINT_4: Self = Self::new(NumericalType::IntegerUnsigned, 4);
    pub const INT_8: Self = Self::new(NumericalType::Integer, 8);
    pub const SINT_8: Self = Self::new(NumericalType::IntegerSigned, 8);
    pub const UINT_8: Self = Self::new(NumericalType::IntegerUnsigned, 8);
    pub const INT_16: Self = Self::new(NumericalType::Integer, 16);
    pub const SINT_16: Self = Self::new(NumericalType::IntegerSigned, 16);
    pub const UINT_16: Self = Self::new(NumericalType::IntegerUnsigned, 16);
    pub const INT_32: Self = Self::new(NumericalType::Integer, 32);
    pub const SINT_32: Self = Self::new(NumericalType::IntegerSigned, 32);
    pub const UINT_32: Self = Self::new(NumericalType::IntegerUnsigned, 32);
    pub const INT_64: Self = Self::new(NumericalType::Integer, 64);
    pub const SINT_64: Self = Self::new(NumericalType::IntegerSigned, 64);
    pub const UINT_64: Self = Self::new(NumericalType::IntegerUnsigned, 64);
    pub const FLOAT_16: Self = Self::new(NumericalType::FloatIeee, 16);
    pub const FLOAT_32: Self = Self::new(NumericalType::FloatIeee, 32);
    pub const FLOAT_64: Self = Self::new(NumericalType::FloatIeee, 64);
    pub const BFLOAT_16: Self = Self::new(NumericalType::FloatBrain, 16);
    /// `cf64`: a complex number made of two f32.
    pub const COMPLEX_FLOAT_64: Self = Self::new(NumericalType::FloatComplex, 64);
    /// `cf128`: a complex number made of two f64.
    pub const COMPLEX_FLOAT_128: Self = Self::new(NumericalType::FloatComplex, 128);
    pub const FLOAT_8_E5M2: Self = Self::new(NumericalType::Float8E5M2, 8);
    pub const FLOAT_8_E4M3_FN: Self = Self::new(NumericalType::Float8E4M3FN, 8);
    pub const FLOAT_8_E5M2_FNUZ: Self = Self::new(NumericalType::Float8E5M2FNUZ, 8);
    pub const FLOAT_8_E4M3_FNUZ: Self = Self::new(NumericalType::Float8E4M3FNUZ, 8);
    pub const FLOAT_8_E8M0_FNU: Self = Self::new(NumericalType::Float8E8M0FNU, 8);

    /// Short aliases in MLIR spelling.
    pub const I1: Self = Self::BOOL_8;
    pub const I8: Self = Self::INT_8;
    pub const I16: Self = Self::INT_16;
    pub const I32: Self = Self::INT_32;
    pub const I64: Self = Self::INT_64;
    pub const SI8: Self = Self::SINT_8;
    pub const SI16: Self = Self::SINT_16;
    pub const SI32: Self = Self::SINT_32;
    pub const SI64: Self = Self::SINT_64;
    pub const UI8: Self = Self::UINT_8;
    pub const UI16: Self = Self::UINT_16;
    pub const UI32: Self = Self::UINT_32;
    pub const UI64: Self = Self::UINT_64;
    pub const F16: Self = Self::FLOAT_16;
    pub const BF16: Self = Self::BFLOAT_16;
    pub const F32: Self = Self::FLOAT_32;
    pub const F64: Self = Self::FLOAT_64;

    /// IREE's `IREE_HAL_ELEMENT_TYPE_VALUE(numerical_type, bit_count)`.
    pub const fn new(numerical_type: NumericalType, bit_count: u8) -> Self {
        ElementType(((numerical_type as u32) << 24) | bit_count as u32)
    }

    /// Accepts the encoded value `value` if it is an element type IREE defines; see
    /// [`ElementType::is_known`] for the exact set.
    pub fn from_u32(value: u32) -> Result<Self> {
        let candidate = ElementType(value);
        if candidate.is_known() {
            return Ok(candidate);
        }
        let code = (value >> 24) as u8;
        let bits = value & 0xFF;
        let why = if value & 0x00FF_FF00 != 0 {
            format!("its reserved bits 8..24 are {:#06x}, expected zero", (value >> 8) & 0xFFFF)
        } else if let Some(numerical) = NumericalType::from_u8(code) {
            format!(
                "{} elements of {bits} bits do not exist, expected {}",
                numerical.description(),
                expected_widths(numerical)
            )
        } else {
            format!(
                "numerical type {code:#04x} is not one IREE defines (0x00 opaque, \
                 0x10-0x13 integers and bool, 0x21-0x28 floats)"
            )
        };
        Err(Error::invalid_argument(format!("unknown element type {value:#010x}: {why}")))
    }

    /// The encoded value, as the compiler and IREE's C API use it.
    pub const fn to_u32(self) -> u32 {
        self.0
    }

    /// Whether this value is an element type IREE 3.13.0 can produce: what the compiler's
    /// `hal.element_type` lowering emits (integers of any width, with signless `i1` encoded
    /// as the 8-bit boolean; f16/f32/f64/f128; bf16; complex of 32/64/128 bits; the 8-bit
    /// floats) plus the opaque widths of `iree_hal_element_types_t`.
    pub fn is_known(self) -> bool {
        if self.0 & 0x00FF_FF00 != 0 {
            return false;
        }
        let bits = self.bit_count();
        match self.numerical_type() {
            None => false,
            Some(NumericalType::Unknown) => matches!(bits, 0 | 8 | 16 | 32 | 64),
            Some(NumericalType::Integer) => bits >= 2,
            Some(NumericalType::IntegerSigned) | Some(NumericalType::IntegerUnsigned) => bits >= 1,
            Some(NumericalType::Boolean) => bits == 8,
            Some(NumericalType::FloatIeee) => matches!(bits, 16 | 32 | 64 | 128),
            Some(NumericalType::FloatBrain) => bits == 16,
            Some(NumericalType::FloatComplex) => matches!(bits, 32 | 64 | 128),
            Some(_) => bits == 8,
        }
    }

    /// The numerical type (top byte), or `None` for a code IREE does not define.
    pub const fn numerical_type(self) -> Option<NumericalType> {
        NumericalType::from_u8((self.0 >> 24) as u8)
    }

    /// Bits per element (low byte). `i1` reports 8: IREE stores it in a byte.
    pub const fn bit_count(self) -> u32 {
        self.0 & 0xFF
    }

    /// Bytes one element occupies in a dense buffer: the bit count rounded up to whole bytes.
    pub const fn byte_size(self) -> usize {
        (self.bit_count() as usize).div_ceil(8)
    }

    pub fn is_integer(self) -> bool {
        (self.0 >> 24) & 0xF0 == 0x10
    }

    pub fn is_boolean(self) -> bool {
        self.numerical_type() == Some(NumericalType::Boolean)
    }

    /// Any float, including bf16, complex and the 8-bit kinds.
    pub fn is_float(self) -> bool {
        (self.0 >> 24) & 0xF0 == 0x20
    }

    /// Parses an IREE element type name: `i1`, `i8`..`i64`, `si8`.., `ui8`.., `f16`, `f32`,
    /// `f64`, `bf16`, `cf64`, `cf128`, `f8E5M2`, `f8E4M3FN`, `f8E5M2FNUZ`, `f8E4M3FNUZ`,
    /// `f8E8M0FNU`, and the opaque `x8`/`*8`.. forms.
    pub fn parse(name: &str) -> Result<Self> {
        let special = match name {
            "i1" => Some(Self::BOOL_8),
            "f8E5M2" => Some(Self::FLOAT_8_E5M2),
            "f8E4M3FN" => Some(Self::FLOAT_8_E4M3_FN),
            "f8E5M2FNUZ" => Some(Self::FLOAT_8_E5M2_FNUZ),
            "f8E4M3FNUZ" => Some(Self::FLOAT_8_E4M3_FNUZ),
            "f8E8M0FNU" => Some(Self::FLOAT_8_E8M0_FNU),
            _ => None,
        };
        if let Some(element_type) = special {
            return Ok(element_type);
        }
        // Longest prefixes first where one is a prefix of another ("si" before "i" is not
        // needed since "si" does not start with "i", but "bf"/"cf" must not read as "f").
        let prefixes: [(&str, NumericalType); 8] = [
            ("si", NumericalType::IntegerSigned),
            ("ui", NumericalType::IntegerUnsigned),
            ("i", NumericalType::Integer),
            ("bf", NumericalType::FloatBrain),
            ("cf", NumericalType::FloatComplex),
            ("f", NumericalType::FloatIeee),
            ("x", NumericalType::Unknown),
            ("*", NumericalType::Unknown),
        ];
        let unknown = || {
            Error::invalid_argument(format!(
                "unknown element type `{name}`: expected an IREE element type name such as \
                 i1, i8, i16, i32, i64, si32, ui8, f16, bf16, f32, f64, cf64 or f8E4M3FN"
            ))
        };
        let (numerical, digits) = prefixes
            .iter()
            .find_map(|(prefix, numerical)| {
                name.strip_prefix(prefix).map(|rest| (*numerical, rest))
            })
            .ok_or_else(unknown)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 3 {
            return Err(unknown());
        }
        let bits: u32 = digits.parse().map_err(|_| unknown())?;
        if bits > 0xFF {
            return Err(unknown());
        }
        let element_type = Self::new(numerical, bits as u8);
        if !element_type.is_known() {
            return Err(Error::invalid_argument(format!(
                "unknown element type `{name}`: {} elements of {bits} bits do not exist, \
                 expected {}",
                numerical.description(),
                expected_widths(numerical)
            )));
        }
        Ok(element_type)
    }

    /// The name `iree-run-module` prints for this type (`f32`, `i1`, `bf16`, ...).
    pub fn name(self) -> String {
        format!("{self}")
    }
}

fn expected_widths(numerical: NumericalType) -> &'static str {
    match numerical {
        NumericalType::Unknown => "a width of 8, 16, 32 or 64 bits",
        NumericalType::Integer => "a width of 2 to 255 bits (signless i1 is the 8-bit boolean)",
        NumericalType::IntegerSigned | NumericalType::IntegerUnsigned => "a width of 1 to 255 bits",
        NumericalType::Boolean => "8 bits (i1 is stored in a byte)",
        NumericalType::FloatIeee => "16, 32, 64 or 128 bits",
        NumericalType::FloatBrain => "16 bits",
        NumericalType::FloatComplex => "32, 64 or 128 bits",
        _ => "8 bits",
    }
}

impl fmt::Display for ElementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bits = self.bit_count();
        match self.numerical_type() {
            Some(NumericalType::Float8E5M2) => f.write_str("f8E5M2"),
            Some(NumericalType::Float8E4M3FN) => f.write_str("f8E4M3FN"),
            Some(NumericalType::Float8E5M2FNUZ) => f.write_str("f8E5M2FNUZ"),
            Some(NumericalType::Float8E4M3FNUZ) => f.write_str("f8E4M3FNUZ"),
            Some(NumericalType::Float8E8M0FNU) => f.write_str("f8E8M0FNU"),
            // IREE prints any boolean as i1, whatever its storage width.
            Some(NumericalType::Boolean) => f.write_str("i1"),
            Some(NumericalType::Integer) => write!(f, "i{bits}"),
            Some(NumericalType::IntegerSigned) => write!(f, "si{bits}"),
            Some(NumericalType::IntegerUnsigned) => write!(f, "ui{bits}"),
            Some(NumericalType::FloatIeee) => write!(f, "f{bits}"),
            Some(NumericalType::FloatBrain) => write!(f, "bf{bits}"),
            Some(NumericalType::FloatComplex) => write!(f, "cf{bits}"),
            Some(NumericalType::Unknown) | None => write!(f, "*{bits}"),
        }
    }
}

impl fmt::Debug for ElementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}({:#010x})", self.0)
    }
}

impl FromStr for ElementType {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self> {
        Self::parse(name)
    }
}

impl TryFrom<u32> for ElementType {
    type Error = Error;
    fn try_from(value: u32) -> Result<Self> {
        Self::from_u32(value)
    }
}

impl From<ElementType> for u32 {
    fn from(element_type: ElementType) -> u32 {
        element_type.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn encodings_match_iree() {
        assert_eq!(ElementType::F32.to_u32(), 0x2100_0020);
        assert_eq!(ElementType::F16.to_u32(), 0x2100_0010);
        assert_eq!(ElementType::BF16.to_u32(), 0x2200_0010);
        assert_eq!(ElementType::I1.to_u32(), 0x1300_0008);
        assert_eq!(ElementType::I32.to_u32(), 0x1000_0020);
        assert_eq!(ElementType::SI8.to_u32(), 0x1100_0008);
        assert_eq!(ElementType::UI64.to_u32(), 0x1200_0040);
        assert_eq!(ElementType::COMPLEX_FLOAT_128.to_u32(), 0x2300_0080);
        assert_eq!(ElementType::FLOAT_8_E8M0_FNU.to_u32(), 0x2800_0008);
    }

    #[test]
    fn names_round_trip() {
        for name in [
            "i1",
            "i4",
            "i8",
            "i16",
            "i32",
            "i64",
            "si8",
            "si16",
            "si32",
            "si64",
            "ui8",
            "ui16",
            "ui32",
            "ui64",
            "f16",
            "bf16",
            "f32",
            "f64",
            "cf64",
            "cf128",
            "f8E5M2",
            "f8E4M3FN",
            "f8E5M2FNUZ",
            "f8E4M3FNUZ",
            "f8E8M0FNU",
            "*8",
            "*32",
        ] {
            let element_type = ElementType::parse(name).unwrap();
            assert_eq!(element_type.to_string(), name);
            assert_eq!(ElementType::from_u32(element_type.to_u32()).unwrap(), element_type);
        }
        assert_eq!(ElementType::parse("x16").unwrap(), ElementType::OPAQUE_16);
    }

    #[test]
    fn byte_sizes() {
        assert_eq!(ElementType::I1.byte_size(), 1);
        assert_eq!(ElementType::INT_4.byte_size(), 1);
        assert_eq!(ElementType::BF16.byte_size(), 2);
        assert_eq!(ElementType::F64.byte_size(), 8);
        assert_eq!(ElementType::COMPLEX_FLOAT_128.byte_size(), 16);
    }

    #[test]
    fn rejects_unknown() {
        let err = ElementType::from_u32(0x2100_0018).unwrap_err().to_string();
        assert!(err.contains("0x21000018") && err.contains("16, 32, 64 or 128"), "{err}");
        let err = ElementType::from_u32(0x5500_0020).unwrap_err().to_string();
        assert!(err.contains("numerical type 0x55"), "{err}");
        let err = ElementType::from_u32(0x2100_0120).unwrap_err().to_string();
        assert!(err.contains("reserved"), "{err}");
        let err = ElementType::parse("f33").unwrap_err().to_string();
        assert!(err.contains("`f33`") && err.contains("16, 32, 64 or 128"), "{err}");
        let err = ElementType::parse("float").unwrap_err().to_string();
        assert!(err.contains("`float`") && err.contains("f32"), "{err}");
        assert!(ElementType::parse("i").is_err());
        assert!(ElementType::parse("i0").is_err());
        assert!(ElementType::parse("i256").is_err());
        assert!(ElementType::from_u32(0x1000_0001).is_err());
        assert!(ElementType::parse("I32").is_err());
    }
}
