//! NumPy `.npy` arrays, as `iree-run-module` reads them for `--input=@file.npy` and writes them
//! for `--output=@file.npy`.
//!
//! Supported: format versions 1, 2 and 3 on read (1, or 2 when the header needs it, on
//! write), little-endian or single-byte dtypes, C (row-major) order. dtype kinds map as IREE
//! maps them: `b` → boolean (`i1`), `i` → *signed* integer (`<i4` reads as `si32`), `u` →
//! unsigned, `f` → IEEE float, `c` → complex, `V` → opaque bytes. NumPy has no bf16 or 8-bit
//! float dtypes, so those element types cannot be written.
//!
//! A file may hold several arrays back to back (`+file.npy` appends): [`read_npy`] reads one
//! and advances its input past it.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::element_type::{ElementType, NumericalType};
use super::text_format::element_count;
use crate::{Error, ErrorKind, Result};

const MAGIC: &[u8; 6] = b"\x93NUMPY";

fn npy_error(message: impl Into<String>) -> Error {
    Error::invalid_argument(format!("npy: {}", message.into()))
}

/// Reads one array from the front of `input` and advances `input` past it. Returns its shape,
/// element type and dense row-major little-endian contents.
pub fn read_npy(input: &mut &[u8]) -> Result<(Vec<usize>, ElementType, Vec<u8>)> {
    let bytes = *input;
    if bytes.is_empty() {
        return Err(npy_error("end of file: expected another array"));
    }
    if bytes.len() < 10 || &bytes[..6] != MAGIC {
        return Err(npy_error(
            "not an .npy array: expected the magic bytes \\x93NUMPY at the start",
        ));
    }
    let major = bytes[6];
    let (header_length, header_start): (usize, usize) = match major {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 => {
            if bytes.len() < 12 {
                return Err(npy_error("file ends inside the header length"));
            }
            (u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize, 12)
        }
        _ => {
            return Err(npy_error(format!(
                "format version {major}.{} is not supported: expected version 1, 2 or 3",
                bytes[7]
            )))
        }
    };
    let header_end =
        header_start.checked_add(header_length).filter(|end| *end <= bytes.len()).ok_or_else(
            || npy_error(format!("header of {header_length} bytes runs past the end of the file")),
        )?;
    let header = core::str::from_utf8(&bytes[header_start..header_end])
        .map_err(|_| npy_error("header is not UTF-8 text"))?;
    let (shape, element_type) = parse_header(header)?;
    let count = element_count(&shape)
        .ok_or_else(|| npy_error("shape has more elements than memory can hold"))?;
    let data_length = count
        .checked_mul(element_type.byte_size())
        .ok_or_else(|| npy_error("array is larger than memory can hold"))?;
    let data_end = header_end
        .checked_add(data_length)
        .filter(|end| *end <= bytes.len())
        .ok_or_else(|| {
            npy_error(format!(
                "file holds {} data bytes, expected {data_length} for {count} elements of {element_type}",
                bytes.len() - header_end
            ))
        })?;
    let mut data = Vec::new();
    data.try_reserve_exact(data_length).map_err(|_| {
        Error::new(ErrorKind::OutOfMemory(format!("{data_length} bytes for an .npy array")))
    })?;
    data.extend_from_slice(&bytes[header_end..data_end]);
    *input = &bytes[data_end..];
    Ok((shape, element_type, data))
}

/// Parses `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
fn parse_header(header: &str) -> Result<(Vec<usize>, ElementType)> {
    let mut rest = header.trim();
    rest = rest.strip_prefix('{').unwrap_or(rest);
    rest = rest.strip_suffix('}').unwrap_or(rest).trim();
    let mut descr = None;
    let mut shape = None;
    let mut fortran_order = None;
    while !rest.is_empty() {
        let (key, after_key) = take_quoted(rest).ok_or_else(|| {
            npy_error(format!("malformed header `{header}`: expected a quoted key"))
        })?;
        let after_colon = after_key.trim_start().strip_prefix(':').ok_or_else(|| {
            npy_error(format!("malformed header `{header}`: expected `:` after '{key}'"))
        })?;
        let after_colon = after_colon.trim_start();
        let (value, after_value) = if let Some((text, after)) = take_quoted(after_colon) {
            (text, after)
        } else if let Some(inner) = after_colon.strip_prefix('(') {
            let close = inner.find(')').ok_or_else(|| {
                npy_error(format!("malformed header `{header}`: a `(` is never closed"))
            })?;
            (&inner[..close], &inner[close + 1..])
        } else if let Some(after) = after_colon.strip_prefix("True") {
            ("True", after)
        } else if let Some(after) = after_colon.strip_prefix("False") {
            ("False", after)
        } else {
            return Err(npy_error(format!(
                "malformed header `{header}`: the value of '{key}' is not a string, tuple or bool"
            )));
        };
        match key {
            "descr" => descr = Some(value),
            "shape" => shape = Some(value),
            "fortran_order" => fortran_order = Some(value),
            _ => {}
        }
        rest = after_value.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    if fortran_order == Some("True") {
        return Err(npy_error(
            "Fortran-order (column-major) arrays are not supported: expected fortran_order False",
        ));
    }
    let descr = descr.ok_or_else(|| npy_error(format!("header `{header}` has no 'descr'")))?;
    let shape = shape.ok_or_else(|| npy_error(format!("header `{header}` has no 'shape'")))?;
    Ok((parse_shape(shape)?, parse_descr(descr)?))
}

/// `'text'` or `"text"` at the start of `s`: (text, rest after the closing quote).
fn take_quoted(s: &str) -> Option<(&str, &str)> {
    let quote = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = &s[1..];
    let close = inner.find(quote)?;
    Some((&inner[..close], &inner[close + 1..]))
}

fn parse_shape(tuple: &str) -> Result<Vec<usize>> {
    let mut shape = Vec::new();
    for (index, dim) in tuple.split(',').map(str::trim).enumerate() {
        if dim.is_empty() {
            continue; // `(2,)` and `()`
        }
        // Python may write `2L` for long integers (NumPy before 1.x on Python 2).
        let digits = dim.strip_suffix('L').unwrap_or(dim);
        let value = digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse::<usize>().ok())
            .flatten()
            .ok_or_else(|| {
                npy_error(format!("shape ({tuple}): dimension {index} is `{dim}`, expected a non-negative integer"))
            })?;
        shape.push(value);
    }
    Ok(shape)
}

fn parse_descr(descr: &str) -> Result<ElementType> {
    let unsupported = |why: &str| {
        npy_error(format!(
            "dtype '{descr}' is not supported: {why}; expected a little-endian bool, int, uint, \
             float, complex or void dtype such as '<f4'"
        ))
    };
    let (order, body) = match descr.chars().next() {
        Some(c @ ('<' | '>' | '|' | '=')) => (c, &descr[1..]),
        _ => ('=', descr),
    };
    if order == '>' {
        return Err(unsupported("big-endian data"));
    }
    let mut chars = body.chars();
    let kind = chars.next().ok_or_else(|| unsupported("it has no kind"))?;
    let width_text = chars.as_str();
    let numerical = match kind {
        'b' => NumericalType::Boolean,
        'i' => NumericalType::IntegerSigned,
        'u' => NumericalType::IntegerUnsigned,
        'f' => NumericalType::FloatIeee,
        'c' => NumericalType::FloatComplex,
        'V' => NumericalType::Unknown,
        _ => return Err(unsupported("its kind is not one IREE reads")),
    };
    let width: u32 = if width_text.bytes().all(|b| b.is_ascii_digit()) {
        width_text.parse().map_err(|_| unsupported("its byte width is missing or invalid"))?
    } else {
        return Err(unsupported("its byte width is missing or invalid"));
    };
    let bits = width.checked_mul(8).filter(|bits| *bits <= 0xFF);
    let element_type = bits
        .map(|bits| ElementType::new(numerical, bits as u8))
        .filter(|element_type| element_type.is_known())
        .ok_or_else(|| unsupported("no IREE element type has that kind and width"))?;
    Ok(element_type)
}

/// Writes one array as `iree-run-module --output=@file.npy` does (byte for byte): version 1
/// (2 if the header needs it), `{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }`
/// padded with spaces to 64 bytes, then the data. `data` must hold at least the array's bytes;
/// extra bytes are not written. (The runtime writes no files; the tests check the format.)
#[cfg(feature = "internals")]
pub fn write_npy(shape: &[usize], element_type: ElementType, data: &[u8]) -> Result<Vec<u8>> {
    use core::fmt::Write as _;
    let size = element_type.byte_size();
    let kind = match element_type.numerical_type() {
        Some(NumericalType::Unknown) => 'V',
        Some(NumericalType::Boolean) => 'b',
        Some(NumericalType::Integer) | Some(NumericalType::IntegerSigned) => 'i',
        Some(NumericalType::IntegerUnsigned) => 'u',
        Some(NumericalType::FloatIeee) => 'f',
        Some(NumericalType::FloatComplex) => 'c',
        _ => {
            return Err(npy_error(format!(
                "{element_type} has no NumPy dtype: expected a bool, integer, IEEE float, \
                 complex or opaque element type"
            )))
        }
    };
    if size == 0 || !element_type.bit_count().is_multiple_of(8) {
        return Err(npy_error(format!(
            "{element_type} is not a whole number of bytes, which NumPy dtypes need"
        )));
    }
    let length = element_count(shape)
        .and_then(|count| count.checked_mul(size))
        .filter(|length| *length <= data.len())
        .ok_or_else(|| {
            npy_error(format!(
                "{} data bytes are too few for a {shape:?} array of {element_type}",
                data.len()
            ))
        })?;
    let mut dict = String::new();
    let order = if size == 1 { '|' } else { '<' };
    let _ = write!(dict, "{{'descr': '{order}{kind}{size}', 'fortran_order': False, 'shape': (");
    for (index, dim) in shape.iter().enumerate() {
        if index > 0 {
            dict.push_str(", ");
        }
        let _ = write!(dict, "{dim}");
    }
    if shape.len() == 1 {
        dict.push(',');
    }
    dict.push_str("), }");
    let version2 = dict.len() > 65535;
    let prefix_length = 8 + if version2 { 4 } else { 2 };
    let unpadded = prefix_length + dict.len() + 1;
    let padding = unpadded.next_multiple_of(64) - unpadded;
    let header_length = dict.len() + padding + 1;
    let mut out = Vec::with_capacity(unpadded + padding + length);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[if version2 { 2 } else { 1 }, 0]);
    if version2 {
        out.extend_from_slice(&(header_length as u32).to_le_bytes());
    } else {
        out.extend_from_slice(&(header_length as u16).to_le_bytes());
    }
    out.extend_from_slice(dict.as_bytes());
    out.resize(out.len() + padding, b' ');
    out.push(b'\n');
    out.extend_from_slice(&data[..length]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn round_trip() {
        let data: Vec<u8> = (0..24).collect();
        let file = write_npy(&[2, 3], ElementType::F32, &data).unwrap();
        assert_eq!((file.len() - 24) % 64, 0);
        let mut input = &file[..];
        let (shape, element_type, read) = read_npy(&mut input).unwrap();
        assert_eq!((shape, element_type, read), (alloc::vec![2, 3], ElementType::F32, data));
        assert!(input.is_empty());
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        let message = |header: &str| {
            let mut file = Vec::from(&MAGIC[..]);
            file.extend_from_slice(&[1, 0]);
            file.extend_from_slice(&(header.len() as u16).to_le_bytes());
            file.extend_from_slice(header.as_bytes());
            read_npy(&mut &file[..]).unwrap_err().to_string()
        };
        let m = message("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }");
        assert!(m.contains("'>f4'") && m.contains("big-endian"), "{m}");
        let m = message("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }");
        assert!(m.contains("Fortran"), "{m}");
        let m = message("{'descr': '<U8', 'fortran_order': False, 'shape': (1,), }");
        assert!(m.contains("'<U8'"), "{m}");
        let m = message("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }");
        assert!(m.contains("expected 12"), "{m}");
        let m = read_npy(&mut &b"PK\x03\x04 not npy"[..]).unwrap_err().to_string();
        assert!(m.contains("magic"), "{m}");
        let m = write_npy(&[1], ElementType::BF16, &[0, 0]).unwrap_err().to_string();
        assert!(m.contains("bf16"), "{m}");
    }
}
