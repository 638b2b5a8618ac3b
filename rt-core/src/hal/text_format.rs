//! The text form of buffer views and VM scalars that `iree-run-module` reads and prints.
//!
//! Inputs (`--input=`):
//! - `2x3xf32=1 2 3 4 5 6`: shape, element type, then the elements in row-major order. Spaces,
//!   tabs, newlines, commas and brackets all separate elements; brackets carry no structure,
//!   so `2x3xf32=[1 2 3][4 5 6]` reads the same.
//! - `4xf32=7`: a single element fills the whole tensor (splat).
//! - `4xf32` or `4xf32=`: no elements, the tensor is zero-filled.
//! - `f32=1.5`: a rank-0 tensor. `0xf32`: an empty tensor.
//! - Integers are read like C's `strtol(s, &end, 0)`: decimal, `0x` hexadecimal or, with a
//!   leading `0`, octal (`010` is 8). A signless `i8`/`i16`/`i32` accepts both the signed and
//!   the unsigned range (`255` and `-1` are the same i8); `si*` only the signed and `ui*` only
//!   the unsigned range; `i64` the signed range. Floats are read like `strtof`/`strtod`,
//!   including `inf`, `infinity`, `nan` and hexadecimal floats (`0x1.8p3`); a nonzero literal
//!   that rounds to zero (`1e-50` as f32) is rejected, as IREE does. f16, bf16 and the 8-bit
//!   floats are read as f32 and then narrowed (see [`super::narrow_float`]).
//! - `i1` and every type without a numeric form (opaque `*8`, `i4`, complex) are written as
//!   hexadecimal bytes in memory order, two digits per byte: `2xi1=01 00`.
//! - Scalars (VM `i32`/`i64`/`f32`/`f64` arguments) are a bare number: `4`, `0.5`.
//!
//! Outputs: `2x3xf32=[1 2 3][4 5 6]`: every dimension but the last is bracketed. Integers print
//! in decimal, floats (widened to f64) with C's `%G` (six significant digits, trailing zeros
//! removed, exponent form `1.5E+20` when the exponent is below -4 or at least 6, `INF`, `NAN`,
//! `-0`), hex types as uppercase hex. At most `max_element_count` elements print (1024 in
//! `iree-run-module`, its `--output_max_element_count`): the budget is spent row by row and each
//! innermost row that ran out ends with `...` (`3x4xf32=[1 2 3 4][5...][...]`). VM scalars
//! print as `i32=7`, `f32=0.1` with C's lowercase `%g` (`f32=1e+20`, `f32=nan`).
//!
//! Where `iree-run-module` accepts malformed text (trailing junk after a number, `08`, an
//! `i32` beyond 32 bits, which it silently truncates), this parser rejects it with an error
//! naming the element and what was expected.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write as _};

use super::element_type::ElementType;
use super::narrow_float;
use crate::{Error, ErrorKind, Result};

/// `iree-run-module`'s default `--output_max_element_count`.
pub const DEFAULT_MAX_ELEMENT_COUNT: usize = 1024;

/// Highest rank accepted in text, as in IREE.
pub const MAX_RANK: usize = 128;

//===------------------------------------------------------------------------------------===//
// Parsing
//===------------------------------------------------------------------------------------===//

/// Parses a buffer view the way `iree-run-module --input=` does, returning its shape, element
/// type and dense row-major little-endian contents.
pub fn parse_buffer_view(text: &str) -> Result<(Vec<usize>, ElementType, Vec<u8>)> {
    let value = strip_quotes(text.trim());
    if value.is_empty() {
        return Err(Error::invalid_argument(
            "empty buffer view text: expected a shape and element type such as `2x3xf32=1 2 3 4 5 6`",
        ));
    }
    if !value.contains('=') && !value.contains('x') {
        return Err(Error::invalid_argument(format!(
            "`{}` is not a buffer view: expected a shape and element type before the values, \
             such as `4x2xf32=...` (or `f32=...` for a rank-0 tensor)",
            excerpt(value)
        )));
    }
    let (metadata, data) = match value.split_once('=') {
        Some((metadata, data)) => (metadata, data),
        None => (value, ""),
    };
    let (shape, element_type) = parse_shape_and_element_type(metadata)?;
    let element_count = element_count(&shape).ok_or_else(|| {
        Error::invalid_argument(format!(
            "shape `{}` has more elements than memory can hold",
            shape_text(&shape)
        ))
    })?;
    let bytes =
        parse_elements(data, element_type, element_count).map_err(|error| match error.kind() {
            ErrorKind::InvalidArgument(message) => {
                Error::invalid_argument(format!("in `{}`: {message}", excerpt(value)))
            }
            _ => error,
        })?;
    Ok((shape, element_type, bytes))
}

/// Parses the part before `=`: `2x3xf32` → ([2, 3], f32); `f32` → ([], f32).
pub fn parse_shape_and_element_type(metadata: &str) -> Result<(Vec<usize>, ElementType)> {
    let metadata = metadata.trim();
    let (shape_text, type_text) = match metadata.rfind('x') {
        Some(at) => (&metadata[..at], &metadata[at + 1..]),
        None => ("", metadata),
    };
    let shape = parse_shape(shape_text)?;
    let element_type = ElementType::parse(type_text.trim())?;
    if element_type.byte_size() == 0 {
        return Err(Error::invalid_argument(format!(
            "element type `{}` has no size: expected a type with a bit width such as f32",
            type_text.trim()
        )));
    }
    Ok((shape, element_type))
}

/// Parses `2x3x4` into dimensions; the empty string is rank 0.
pub fn parse_shape(text: &str) -> Result<Vec<usize>> {
    let text = text.trim();
    let mut shape = Vec::new();
    if text.is_empty() {
        return Ok(shape);
    }
    for (index, dim) in text.split('x').enumerate() {
        let dim = dim.trim();
        let is_decimal = !dim.is_empty() && dim.bytes().all(|b| b.is_ascii_digit());
        let value = if is_decimal { dim.parse::<usize>().ok() } else { None };
        if is_decimal && value.is_none() {
            return Err(Error::invalid_argument(format!(
                "shape `{text}`: dimension {index} is {dim}, expected at most {}",
                usize::MAX
            )));
        }
        match value {
            Some(value) if shape.len() < MAX_RANK => shape.push(value),
            Some(_) => {
                return Err(Error::invalid_argument(format!(
                    "shape `{text}` has more than {MAX_RANK} dimensions"
                )))
            }
            None => {
                return Err(Error::invalid_argument(format!(
                    "shape `{text}`: dimension {index} is `{dim}`, expected a non-negative \
                     decimal integer (dimensions are separated by `x`, as in `2x3xf32`)"
                )))
            }
        }
    }
    Ok(shape)
}

/// Number of elements of `shape`, `None` on overflow.
pub fn element_count(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |count, &dim| count.checked_mul(dim))
}

/// Parses the element text after `=` into `element_count` dense elements of `element_type`:
/// empty text → zeros, one element → splat, otherwise exactly `element_count` elements.
pub fn parse_elements(
    data: &str,
    element_type: ElementType,
    element_count: usize,
) -> Result<Vec<u8>> {
    let size = element_type.byte_size();
    if size == 0 {
        return Err(Error::invalid_argument(format!("element type {element_type} has no size")));
    }
    let byte_count = element_count.checked_mul(size).ok_or_else(|| {
        Error::invalid_argument(format!(
            "{element_count} elements of {element_type} do not fit in memory"
        ))
    })?;
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(byte_count).map_err(|_| {
        Error::new(ErrorKind::OutOfMemory(format!(
            "{byte_count} bytes for {element_count} elements of {element_type}"
        )))
    })?;
    bytes.resize(byte_count, 0);
    if data.is_empty() {
        return Ok(bytes);
    }
    let given = data.split(is_element_separator).filter(|token| !token.is_empty()).count();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if given != element_count && !(given == 1 && element_count > 1) {
        return Err(Error::invalid_argument(format!(
            "got {given} element{}, expected {element_count} {element_type} element{} to fill \
             the shape{}",
            plural(given),
            plural(element_count),
            if element_count > 1 { " (or a single one to fill the tensor with it)" } else { "" },
        )));
    }
    let tokens = data.split(is_element_separator).filter(|token| !token.is_empty());
    for (index, token) in tokens.enumerate() {
        parse_element(token, element_type, &mut bytes[index * size..(index + 1) * size]).map_err(
            |expected| {
                Error::invalid_argument(format!(
                    "element {index} `{}` is not a valid {element_type}: {expected}",
                    excerpt(token)
                ))
            },
        )?;
    }
    if given == 1 && element_count > 1 {
        let (first, rest) = bytes.split_at_mut(size);
        for chunk in rest.chunks_exact_mut(size) {
            chunk.copy_from_slice(first);
        }
    }
    Ok(bytes)
}

/// Parses one element into `out` (its `byte_size()` bytes, little-endian).
/// On failure returns what was expected instead.
pub fn parse_element(token: &str, element_type: ElementType, out: &mut [u8]) -> Result<(), String> {
    use ElementType as T;
    let integer_range: Option<(i128, i128)> = match element_type {
        T::INT_8 => Some((-(1 << 7), (1 << 8) - 1)),
        T::SINT_8 => Some((-(1 << 7), (1 << 7) - 1)),
        T::UINT_8 => Some((0, (1 << 8) - 1)),
        T::INT_16 => Some((-(1 << 15), (1 << 16) - 1)),
        T::SINT_16 => Some((-(1 << 15), (1 << 15) - 1)),
        T::UINT_16 => Some((0, (1 << 16) - 1)),
        T::INT_32 => Some((-(1 << 31), (1 << 32) - 1)),
        T::SINT_32 => Some((-(1 << 31), (1 << 31) - 1)),
        T::UINT_32 => Some((0, (1 << 32) - 1)),
        T::INT_64 | T::SINT_64 => Some((i64::MIN as i128, i64::MAX as i128)),
        T::UINT_64 => Some((0, u64::MAX as i128)),
        _ => None,
    };
    if let Some((min, max)) = integer_range {
        let value = parse_c_integer(token).map_err(String::from)?;
        if value < min || value > max {
            return Err(format!("out of range, expected an integer from {min} to {max}"));
        }
        out.copy_from_slice(&(value as u128).to_le_bytes()[..out.len()]);
        return Ok(());
    }
    let narrow = |out: &mut [u8], bits: u32| out.copy_from_slice(&bits.to_le_bytes()[..out.len()]);
    match element_type {
        T::FLOAT_32 => out.copy_from_slice(&parse_c_f32(token)?.to_le_bytes()),
        T::FLOAT_64 => out.copy_from_slice(&parse_c_f64(token)?.to_le_bytes()),
        T::FLOAT_16 => narrow(out, narrow_float::F16.from_f32(parse_c_f32(token)?)),
        T::BFLOAT_16 => narrow(out, narrow_float::BF16.from_f32(parse_c_f32(token)?)),
        T::FLOAT_8_E5M2 => narrow(out, narrow_float::F8_E5M2.from_f32(parse_c_f32(token)?)),
        T::FLOAT_8_E4M3_FN => narrow(out, narrow_float::F8_E4M3_FN.from_f32(parse_c_f32(token)?)),
        T::FLOAT_8_E5M2_FNUZ => {
            narrow(out, narrow_float::F8_E5M2_FNUZ.from_f32(parse_c_f32(token)?))
        }
        T::FLOAT_8_E4M3_FNUZ => {
            narrow(out, narrow_float::F8_E4M3_FNUZ.from_f32(parse_c_f32(token)?))
        }
        T::FLOAT_8_E8M0_FNU => out[0] = narrow_float::f32_to_f8e8m0fnu(parse_c_f32(token)?),
        _ => parse_hex_bytes(token, out)?,
    }
    Ok(())
}

fn is_element_separator(c: char) -> bool {
    // C's isspace plus the separators IREE skips.
    matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r' | ',' | '[' | ']')
}

fn strip_quotes(value: &str) -> &str {
    let value = value.strip_prefix('"').unwrap_or(value);
    value.strip_suffix('"').unwrap_or(value)
}

/// At most 60 characters of `text`, for error messages.
fn excerpt(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => String::from(text),
    }
}

fn parse_hex_bytes(token: &str, out: &mut [u8]) -> Result<(), String> {
    let digit_count = out.len() * 2;
    let expected = || {
        format!(
            "expected {digit_count} hexadecimal digits (this type is written as its raw bytes \
             in memory order, e.g. `01` for a true i1)"
        )
    };
    if token.len() != digit_count || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(expected());
    }
    for (byte, pair) in out.iter_mut().zip(token.as_bytes().chunks_exact(2)) {
        let text = core::str::from_utf8(pair).map_err(|_| expected())?;
        *byte = u8::from_str_radix(text, 16).map_err(|_| expected())?;
    }
    Ok(())
}

/// Reads an integer like C's `strtol(text, &end, 0)` but requires the whole token to be used.
fn parse_c_integer(token: &str) -> Result<i128, &'static str> {
    const EXPECTED: &str =
        "expected an integer (decimal, 0x-prefixed hexadecimal or 0-prefixed octal)";
    let (negative, unsigned) = match token.as_bytes().first() {
        Some(b'-') => (true, &token[1..]),
        Some(b'+') => (false, &token[1..]),
        _ => (false, token),
    };
    let (radix, digits) =
        if let Some(hex) = unsigned.strip_prefix("0x").or_else(|| unsigned.strip_prefix("0X")) {
            (16, hex)
        } else if unsigned.len() > 1 && unsigned.starts_with('0') {
            (8, &unsigned[1..])
        } else {
            (10, unsigned)
        };
    if digits.is_empty() {
        return Err(EXPECTED);
    }
    let mut magnitude: i128 = 0;
    for c in digits.chars() {
        let digit = c.to_digit(radix).ok_or(EXPECTED)?;
        magnitude = magnitude
            .checked_mul(radix as i128)
            .and_then(|m| m.checked_add(digit as i128))
            .filter(|m| *m <= u64::MAX as i128)
            .ok_or("out of range, expected an integer that fits in 64 bits")?;
    }
    Ok(if negative { -magnitude } else { magnitude })
}

const FLOAT_EXPECTED: &str = "expected a number such as 1, -2.5, 1e-3, inf or nan";

/// Reads an f32 like C's `strtof`, requiring the whole token to be used.
fn parse_c_f32(token: &str) -> Result<f32, String> {
    if let Some((negative, mantissa, exponent, sticky)) = split_hex_float(token)? {
        let bits = compose_binary_float(mantissa, exponent, sticky, 23, 8) as u32;
        let value = f32::from_bits(bits | ((negative as u32) << 31));
        return check_underflow(value == 0.0, mantissa != 0 || sticky, token, "f32").map(|_| value);
    }
    check_decimal_float_syntax(token)?;
    let value: f32 = token.parse().map_err(|_| String::from(FLOAT_EXPECTED))?;
    check_underflow(value == 0.0, decimal_mantissa_is_nonzero(token), token, "f32")?;
    Ok(value)
}

/// Reads an f64 like C's `strtod`, requiring the whole token to be used.
fn parse_c_f64(token: &str) -> Result<f64, String> {
    if let Some((negative, mantissa, exponent, sticky)) = split_hex_float(token)? {
        let bits = compose_binary_float(mantissa, exponent, sticky, 52, 11);
        let value = f64::from_bits(bits | ((negative as u64) << 63));
        return check_underflow(value == 0.0, mantissa != 0 || sticky, token, "f64").map(|_| value);
    }
    check_decimal_float_syntax(token)?;
    let value: f64 = token.parse().map_err(|_| String::from(FLOAT_EXPECTED))?;
    check_underflow(value == 0.0, decimal_mantissa_is_nonzero(token), token, "f64")?;
    Ok(value)
}

fn check_underflow(
    is_zero: bool,
    literal_nonzero: bool,
    token: &str,
    ty: &str,
) -> Result<(), String> {
    if is_zero && literal_nonzero {
        return Err(format!(
            "`{token}` is too small for {ty} and would round to zero (IREE rejects such \
             values); expected 0 or a magnitude the type can hold"
        ));
    }
    Ok(())
}

/// Rejects what Rust's float parser accepts but `strtof` would not read fully.
fn check_decimal_float_syntax(token: &str) -> Result<(), String> {
    // Rust accepts exactly the decimal / inf / infinity / nan forms strtof does (without
    // `nan(...)` payloads), so only the underscore-free character set needs checking.
    if token.is_empty() || token.contains('_') {
        return Err(String::from(FLOAT_EXPECTED));
    }
    Ok(())
}

fn decimal_mantissa_is_nonzero(token: &str) -> bool {
    token.bytes().take_while(|b| !matches!(b, b'e' | b'E')).any(|b| matches!(b, b'1'..=b'9'))
}

/// Splits `[+-]0x<hex>[.<hex>][p[+-]<dec>]` into (negative, top 64 significant bits, binary
/// exponent of their last bit, whether nonzero bits were cut). `Ok(None)` if not hexadecimal.
#[allow(clippy::type_complexity)]
fn split_hex_float(token: &str) -> Result<Option<(bool, u64, i64, bool)>, String> {
    let (negative, rest) = match token.as_bytes().first() {
        Some(b'-') => (true, &token[1..]),
        Some(b'+') => (false, &token[1..]),
        _ => (false, token),
    };
    let Some(rest) = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) else {
        return Ok(None);
    };
    let expected = || {
        String::from("expected a hexadecimal float such as 0x1.8p3 (hex digits, optional `.`, optional p exponent)")
    };
    let (digits, exponent_text) = match rest.find(['p', 'P']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if integer.is_empty() && fraction.is_empty() {
        return Err(expected());
    }
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut sticky = false;
    for (c, in_fraction) in
        integer.chars().map(|c| (c, false)).chain(fraction.chars().map(|c| (c, true)))
    {
        let digit = c.to_digit(16).ok_or_else(expected)? as u64;
        if mantissa >> 60 == 0 {
            mantissa = (mantissa << 4) | digit;
            if in_fraction {
                exponent -= 4;
            }
        } else {
            sticky |= digit != 0;
            if !in_fraction {
                exponent += 4;
            }
        }
    }
    if let Some(text) = exponent_text {
        let (exp_negative, exp_digits) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        if exp_digits.is_empty() || !exp_digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(expected());
        }
        // Saturate: anything beyond ±100000 is already zero or infinity for f64.
        let magnitude = exp_digits.parse::<i64>().unwrap_or(i64::MAX).min(100_000);
        exponent += if exp_negative { -magnitude } else { magnitude };
    }
    Ok(Some((negative, mantissa, exponent, sticky)))
}

/// Rounds `mantissa · 2^exponent` (plus a sliver if `sticky`) to nearest-even in a binary
/// float with `mantissa_bits` stored bits and `exponent_bits` exponent bits; returns the bits
/// without sign.
fn compose_binary_float(
    mantissa: u64,
    exponent: i64,
    sticky: bool,
    mantissa_bits: u32,
    exponent_bits: u32,
) -> u64 {
    if mantissa == 0 {
        return 0;
    }
    let bias = (1i64 << (exponent_bits - 1)) - 1;
    let precision = mantissa_bits as i64 + 1;
    let top = 63 - mantissa.leading_zeros() as i64; // bit index of the leading 1
    let mut unbiased = exponent + top; // value in [2^unbiased, 2^(unbiased+1))
    let min_normal = 1 - bias;
    // Number of low bits of `mantissa` to drop to keep `precision` bits (more if subnormal).
    let mut drop = top + 1 - precision;
    if unbiased < min_normal {
        drop += min_normal - unbiased;
    }
    let infinity = ((1u64 << exponent_bits) - 1) << mantissa_bits;
    let (mut kept, round_up) = if drop <= 0 {
        ((mantissa as u128) << (-drop) as u32, false)
    } else if drop > 64 {
        (0u128, false)
    } else {
        let kept = if drop == 64 { 0 } else { mantissa >> drop };
        let half = 1u128 << (drop - 1);
        let remainder = (mantissa as u128) & ((1u128 << drop) - 1);
        let above = remainder > half || (remainder == half && sticky);
        let tie = remainder == half && !sticky;
        (kept as u128, above || (tie && kept & 1 == 1))
    };
    if round_up {
        kept += 1;
    }
    if unbiased < min_normal {
        // Subnormal result; a carry into bit `mantissa_bits` makes it the smallest normal,
        // which the bit layout expresses by itself.
        return kept as u64;
    }
    if kept >> precision != 0 {
        kept >>= 1;
        unbiased += 1;
    }
    if unbiased > bias {
        return infinity;
    }
    (((unbiased + bias) as u64) << mantissa_bits) | ((kept as u64) & ((1u64 << mantissa_bits) - 1))
}

//===------------------------------------------------------------------------------------===//
// Formatting
//===------------------------------------------------------------------------------------===//

/// Formats a buffer view the way `iree-run-module` prints it: `2x3xf32=[1 2 3][4 5 6]`.
/// `data` holds the dense row-major contents (it may be longer than needed, as a mapped buffer
/// can be); at most `max_element_count` elements print, the rest elided with `...`.
pub fn format_buffer_view(
    shape: &[usize],
    element_type: ElementType,
    data: &[u8],
    max_element_count: usize,
) -> Result<String> {
    let mut out = String::new();
    for (index, dim) in shape.iter().enumerate() {
        if index > 0 {
            out.push('x');
        }
        let _ = write!(out, "{dim}");
    }
    if !shape.is_empty() {
        out.push('x');
    }
    let _ = write!(out, "{element_type}=");
    format_elements_into(&mut out, shape, element_type, data, max_element_count)?;
    Ok(out)
}

/// Appends only the elements part (after `=`) of [`format_buffer_view`].
pub fn format_elements_into(
    out: &mut String,
    shape: &[usize],
    element_type: ElementType,
    data: &[u8],
    max_element_count: usize,
) -> Result<()> {
    let size = element_type.byte_size();
    if size == 0 {
        return Err(Error::invalid_argument(format!("element type {element_type} has no size")));
    }
    let needed = element_count(shape).and_then(|count| count.checked_mul(size));
    match needed {
        Some(needed) if needed <= data.len() => {}
        _ => {
            return Err(Error::invalid_argument(format!(
            "buffer of {} bytes is too small for a {} tensor of {element_type}: expected {} bytes",
            data.len(),
            shape_text(shape),
            needed.map_or_else(|| String::from("more than memory"), |n| format!("{n}")),
        )))
        }
    }
    let mut budget = max_element_count;
    if shape.is_empty() {
        format_row(out, data, 1, element_type, &mut budget);
    } else {
        format_nested(out, data, shape, element_type, &mut budget);
    }
    Ok(())
}

fn shape_text(shape: &[usize]) -> String {
    if shape.is_empty() {
        return String::from("rank-0");
    }
    let mut text = String::new();
    for (index, dim) in shape.iter().enumerate() {
        if index > 0 {
            text.push('x');
        }
        let _ = write!(text, "{dim}");
    }
    text
}

fn format_nested(
    out: &mut String,
    data: &[u8],
    shape: &[usize],
    element_type: ElementType,
    budget: &mut usize,
) {
    if shape.len() == 1 {
        format_row(out, data, shape[0], element_type, budget);
        return;
    }
    // Every product is bounded by the total checked by the caller.
    let stride = shape[1..].iter().product::<usize>() * element_type.byte_size();
    for index in 0..shape[0] {
        out.push('[');
        format_nested(out, &data[index * stride..], &shape[1..], element_type, budget);
        out.push(']');
    }
}

fn format_row(
    out: &mut String,
    data: &[u8],
    length: usize,
    element_type: ElementType,
    budget: &mut usize,
) {
    let shown = length.min(*budget);
    *budget -= shown;
    let size = element_type.byte_size();
    for (index, element) in data.chunks_exact(size).take(shown).enumerate() {
        if index > 0 {
            out.push(' ');
        }
        format_element_into(out, element_type, element);
    }
    if shown < length {
        out.push_str("...");
    }
}

/// Appends one element as IREE prints it inside a buffer view. `bytes` holds at least
/// `element_type.byte_size()` bytes, little-endian.
pub fn format_element_into(out: &mut String, element_type: ElementType, bytes: &[u8]) {
    use ElementType as T;
    let mut word = [0u8; 8];
    let size = element_type.byte_size().min(8).min(bytes.len());
    word[..size].copy_from_slice(&bytes[..size]);
    let raw = u64::from_le_bytes(word);
    let float = match element_type {
        T::FLOAT_32 => Some(f32::from_bits(raw as u32) as f64),
        T::FLOAT_64 => Some(f64::from_bits(raw)),
        T::FLOAT_16 => Some(narrow_float::F16.to_f32(raw as u32) as f64),
        T::BFLOAT_16 => Some(narrow_float::BF16.to_f32(raw as u32) as f64),
        T::FLOAT_8_E5M2 => Some(narrow_float::F8_E5M2.to_f32(raw as u32) as f64),
        T::FLOAT_8_E4M3_FN => Some(narrow_float::F8_E4M3_FN.to_f32(raw as u32) as f64),
        T::FLOAT_8_E5M2_FNUZ => Some(narrow_float::F8_E5M2_FNUZ.to_f32(raw as u32) as f64),
        T::FLOAT_8_E4M3_FNUZ => Some(narrow_float::F8_E4M3_FNUZ.to_f32(raw as u32) as f64),
        T::FLOAT_8_E8M0_FNU => Some(narrow_float::f8e8m0fnu_to_f32(raw as u8) as f64),
        _ => None,
    };
    if let Some(value) = float {
        write_printf_g(out, value, true);
        return;
    }
    let _ = match element_type {
        T::INT_8 | T::SINT_8 => write!(out, "{}", raw as u8 as i8),
        T::UINT_8 => write!(out, "{}", raw as u8),
        T::INT_16 | T::SINT_16 => write!(out, "{}", raw as u16 as i16),
        T::UINT_16 => write!(out, "{}", raw as u16),
        T::INT_32 | T::SINT_32 => write!(out, "{}", raw as u32 as i32),
        T::UINT_32 => write!(out, "{}", raw as u32),
        T::INT_64 | T::SINT_64 => write!(out, "{}", raw as i64),
        T::UINT_64 => write!(out, "{raw}"),
        _ => {
            // No numeric form (i1, opaque, i4, complex): raw bytes in uppercase hex.
            for byte in &bytes[..element_type.byte_size().min(bytes.len())] {
                let _ = write!(out, "{byte:02X}");
            }
            Ok(())
        }
    };
}

/// Appends `value` as C's `printf("%G")` (`uppercase`) or `printf("%g")` prints it with the
/// default precision of 6 and glibc's exact round-half-even decimal conversion.
pub fn write_printf_g(out: &mut String, value: f64, uppercase: bool) {
    const PRECISION: i32 = 6;
    if value.is_sign_negative() {
        out.push('-');
    }
    if value.is_nan() {
        out.push_str(if uppercase { "NAN" } else { "nan" });
        return;
    }
    if value.is_infinite() {
        out.push_str(if uppercase { "INF" } else { "inf" });
        return;
    }
    // Six significant digits, correctly rounded (ties to even), and the decimal exponent of
    // the rounded value.
    let mut digits = [b'0'; PRECISION as usize];
    let mut exponent = 0i32;
    if value != 0.0 {
        let mut scientific = StackText::new();
        let _ = write!(scientific, "{:.*e}", (PRECISION - 1) as usize, value.abs());
        let text = scientific.as_bytes();
        let e_at = text.iter().position(|&b| b == b'e').unwrap_or(text.len());
        let mut count = 0;
        for &b in &text[..e_at] {
            if b.is_ascii_digit() && count < digits.len() {
                digits[count] = b;
                count += 1;
            }
        }
        exponent = core::str::from_utf8(&text[(e_at + 1).min(text.len())..])
            .ok()
            .and_then(|e| e.parse().ok())
            .unwrap_or(0);
    }
    // Trailing zeros go (no `#` flag); at least one digit stays.
    let significant = digits.iter().rposition(|&d| d != b'0').map_or(1, |last| last + 1);
    let digits = &digits[..significant];
    let push = |out: &mut String, bytes: &[u8]| {
        for &b in bytes {
            out.push(b as char);
        }
    };
    if (-4..PRECISION).contains(&exponent) {
        if exponent >= 0 {
            let integer_len = exponent as usize + 1;
            let integer = &digits[..integer_len.min(digits.len())];
            push(out, integer);
            for _ in integer.len()..integer_len {
                out.push('0');
            }
            if digits.len() > integer_len {
                out.push('.');
                push(out, &digits[integer_len..]);
            }
        } else {
            out.push_str("0.");
            for _ in 0..(-exponent - 1) {
                out.push('0');
            }
            push(out, digits);
        }
    } else {
        push(out, &digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            push(out, &digits[1..]);
        }
        out.push(if uppercase { 'E' } else { 'e' });
        out.push(if exponent < 0 { '-' } else { '+' });
        let _ = write!(out, "{:02}", exponent.unsigned_abs());
    }
}

/// A fixed-size text buffer, enough for `{:.5e}` of any f64.
struct StackText {
    bytes: [u8; 40],
    len: usize,
}

impl StackText {
    fn new() -> Self {
        StackText { bytes: [0; 40], len: 0 }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

//===------------------------------------------------------------------------------------===//
// VM scalars
//===------------------------------------------------------------------------------------===//

/// A VM value as `iree-run-module` prints it in a result line (`result[0]: i32=7`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
}

impl fmt::Display for Scalar {
    /// `i32=7`, `i64=-7`, `f32=0.1`, `f32=1e+20`, `f64=nan`: integers in decimal, floats with
    /// C's lowercase `%g`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Scalar::I8(v) => write!(f, "i8={v}"),
            Scalar::I16(v) => write!(f, "i16={v}"),
            Scalar::I32(v) => write!(f, "i32={v}"),
            Scalar::I64(v) => write!(f, "i64={v}"),
            Scalar::F32(v) => {
                let mut text = String::from("f32=");
                write_printf_g(&mut text, v as f64, false);
                f.write_str(&text)
            }
            Scalar::F64(v) => {
                let mut text = String::from("f64=");
                write_printf_g(&mut text, v, false);
                f.write_str(&text)
            }
        }
    }
}

/// The text of a scalar result: `i32=7`, `f32=0.1`.
pub fn format_scalar(value: Scalar) -> String {
    format!("{value}")
}

/// Parses a scalar (VM value) argument as `iree-run-module` does: a bare number read as the
/// callee's argument type (`element_type` is i32, i64, f32 or f64; si/ui spellings accepted).
/// `(null)` and `(ignored)` give zero.
pub fn parse_scalar(text: &str, element_type: ElementType) -> Result<Scalar> {
    use ElementType as T;
    let token = text.trim();
    let zero = token == "(null)" || token == "(ignored)";
    let bad = |expected: String| {
        Error::invalid_argument(format!(
            "scalar `{}` is not a valid {element_type}: {expected}",
            excerpt(token)
        ))
    };
    if token.is_empty() {
        return Err(Error::invalid_argument(format!(
            "no value given for an argument of type {element_type}: expected a number"
        )));
    }
    let integer = |min: i128, max: i128| -> Result<i128> {
        if zero {
            return Ok(0);
        }
        let value = parse_c_integer(token).map_err(|e| bad(String::from(e)))?;
        if value < min || value > max {
            return Err(bad(format!("out of range, expected an integer from {min} to {max}")));
        }
        Ok(value)
    };
    Ok(match element_type {
        T::INT_32 => Scalar::I32(integer(i32::MIN as i128, u32::MAX as i128)? as u32 as i32),
        T::SINT_32 => Scalar::I32(integer(i32::MIN as i128, i32::MAX as i128)? as i32),
        T::UINT_32 => Scalar::I32(integer(0, u32::MAX as i128)? as u32 as i32),
        T::INT_64 | T::SINT_64 => Scalar::I64(integer(i64::MIN as i128, i64::MAX as i128)? as i64),
        T::UINT_64 => Scalar::I64(integer(0, u64::MAX as i128)? as u64 as i64),
        T::FLOAT_32 => Scalar::F32(if zero { 0.0 } else { parse_c_f32(token).map_err(bad)? }),
        T::FLOAT_64 => Scalar::F64(if zero { 0.0 } else { parse_c_f64(token).map_err(bad)? }),
        _ => {
            return Err(Error::invalid_argument(format!(
                "a scalar argument cannot be {element_type}: VM scalars are i32, i64, f32 or f64"
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(value: f64) -> String {
        let mut text = String::new();
        write_printf_g(&mut text, value, true);
        text
    }

    #[test]
    fn printf_g_matches_glibc() {
        // What glibc's printf("%G") gives; tests/all/hal_text_format.rs checks each of these values
        // against iree-run-module itself.
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (0.1f32 as f64, "0.1"),
            (1e-7f32 as f64, "1E-07"),
            (1e20f32 as f64, "1E+20"),
            (123456789.0, "1.23457E+08"),
            (1234565.0, "1.23456E+06"),
            (999999.5, "1E+06"),
            (999999.4, "999999"),
            (100000.0, "100000"),
            (0.0001, "0.0001"),
            (0.00001, "1E-05"),
            (0.000123456789, "0.000123457"),
            (1e300, "1E+300"),
            (f64::INFINITY, "INF"),
            (f64::NEG_INFINITY, "-INF"),
            (f64::NAN, "NAN"),
            (-f64::NAN, "-NAN"),
            (1.5, "1.5"),
            (-2.25, "-2.25"),
        ];
        for (value, expected) in cases {
            assert_eq!(g(*value), *expected, "{value:e}");
        }
    }

    #[test]
    fn hex_floats() {
        assert_eq!(parse_c_f32("0x1p3").unwrap(), 8.0);
        assert_eq!(parse_c_f32("-0x1.8").unwrap(), -1.5);
        assert_eq!(parse_c_f32("0x.8p1").unwrap(), 1.0);
        assert_eq!(parse_c_f32("0x1p-149").unwrap(), f32::from_bits(1));
        assert!(parse_c_f32("0x1p-150").is_err()); // a tie that rounds to zero: underflow
        assert_eq!(parse_c_f32("0x1.8p-149").unwrap(), f32::from_bits(2)); // tie → even
        assert_eq!(parse_c_f32("0x1p128").unwrap(), f32::INFINITY);
        assert_eq!(parse_c_f32("0x1.fffffffp127").unwrap(), f32::INFINITY);
        assert_eq!(parse_c_f32("0x1.000001p0").unwrap(), 1.0); // tie → even
        assert_eq!(parse_c_f32("0x1.000003p0").unwrap(), f32::from_bits(0x3F80_0002));
        assert_eq!(
            parse_c_f64("0x1.0000000000000fffffp0").unwrap(),
            f64::from_bits(0x3FF0_0000_0000_0001)
        );
        assert_eq!(parse_c_f64("0x1p-1074").unwrap(), f64::from_bits(1));
        assert_eq!(parse_c_f64("0x0").unwrap(), 0.0);
        assert!(parse_c_f32("0x").is_err());
        assert!(parse_c_f32("0x1q").is_err());
    }

    #[test]
    fn c_integers() {
        assert_eq!(parse_c_integer("010"), Ok(8));
        assert_eq!(parse_c_integer("0x10"), Ok(16));
        assert_eq!(parse_c_integer("-0X1f"), Ok(-31));
        assert_eq!(parse_c_integer("+7"), Ok(7));
        assert_eq!(parse_c_integer("0"), Ok(0));
        assert!(parse_c_integer("08").is_err());
        assert!(parse_c_integer("1.5").is_err());
        assert!(parse_c_integer("-").is_err());
        assert!(parse_c_integer("99999999999999999999").is_err());
    }
}
