//! safetensors files: an 8-byte little-endian header length, a JSON header
//! `{"key": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}` (an optional
//! `__metadata__` member holds strings), then the data; offsets count from the data's start.
//!
//! Beyond what IREE 3.13.0 checks (offsets inside the data), an entry's dtype and shape must
//! account for exactly its bytes when the dtype is a known one: a file where they disagree is
//! corrupt, and loading it would hand the program data of the wrong type or size.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::index::{Entry, Storage};
use super::json::{self, Json};
use super::source::Reader;
use crate::Result;

/// The largest header read, as the reference `safetensors` library allows.
const MAX_HEADER: u64 = 100_000_000;

/// Bits per element of each dtype the format defines; others are indexed unchecked.
fn dtype_bits(dtype: &str) -> Option<u64> {
    Some(match dtype {
        "F4" => 4,
        "F6_E2M3" | "F6_E3M2" => 6,
        "BOOL" | "U8" | "I8" | "F8_E5M2" | "F8_E4M3" | "F8_E8M0" | "E8M0" => 8,
        "U16" | "I16" | "F16" | "BF16" => 16,
        "U32" | "I32" | "F32" => 32,
        "U64" | "I64" | "F64" | "C64" => 64,
        _ => return None,
    })
}

pub(super) fn parse(reader: &mut Reader<'_>) -> Result<Vec<Entry>> {
    let header_length = reader.u64(0, "the safetensors header length")?;
    if header_length > MAX_HEADER {
        return Err(reader.error(format!(
            "the safetensors header says it is {header_length} bytes, more than the {MAX_HEADER} the format allows: the file is corrupt"
        )));
    }
    let header = reader.bytes(8, header_length, "the safetensors header")?;
    let header = json::parse(header).map_err(|why| reader.error(format!("the safetensors header is not valid JSON: {why}")))?;
    let data_start = 8 + header_length;
    let data_size = reader.len() - data_start;
    let Json::Object(members) = header else {
        return Err(reader.error("the safetensors header is not a JSON object"));
    };
    let mut entries = Vec::with_capacity(members.len());
    for (key, info) in &members {
        if key == "__metadata__" {
            continue;
        }
        let bad = |what: String| reader.error(format!("tensor `{key}`: {what}"));
        let offsets = match info.get("data_offsets") {
            Some(Json::Array(pair)) if pair.len() == 2 => (pair[0].as_u64(), pair[1].as_u64()),
            _ => (None, None),
        };
        let (Some(begin), Some(end)) = offsets else {
            return Err(bad(String::from("`data_offsets` is missing or not a pair of non-negative integers")));
        };
        if begin > end || end > data_size {
            return Err(bad(format!(
                "its data (bytes {begin}..{end} after the header) lies outside the file's {data_size} bytes of data: the file is truncated or corrupt"
            )));
        }
        let Some(Json::String(dtype)) = info.get("dtype") else {
            return Err(bad(String::from("`dtype` is missing or not a string")));
        };
        let shape: Option<Vec<u64>> = match info.get("shape") {
            Some(Json::Array(dims)) => dims.iter().map(Json::as_u64).collect(),
            _ => None,
        };
        let Some(shape) = shape else {
            return Err(bad(String::from("`shape` is missing or not a list of non-negative integers")));
        };
        if let Some(bits) = dtype_bits(dtype) {
            let elements = shape.iter().try_fold(1u128, |n, &d| n.checked_mul(d as u128));
            let expected = elements.and_then(|n| n.checked_mul(bits as u128)).map(|b| b.div_ceil(8));
            if expected != Some((end - begin) as u128) {
                return Err(bad(format!(
                    "a {dtype} tensor of shape {shape:?} is {} bytes, but its data_offsets [{begin}, {end}] hold {}",
                    expected.map_or_else(|| String::from("too many"), |b| format!("{b}")),
                    end - begin
                )));
            }
        }
        entries.push(Entry { key: key.clone(), length: end - begin, storage: Storage::File { offset: data_start + begin } });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ParameterSource;
    use alloc::string::ToString;
    use alloc::vec;

    fn file(header: &str, data: usize) -> Vec<u8> {
        let mut f = (header.len() as u64).to_le_bytes().to_vec();
        f.extend_from_slice(header.as_bytes());
        f.resize(f.len() + data, 0);
        f
    }

    fn parse_file(bytes: Vec<u8>) -> Result<Vec<Entry>> {
        parse(&mut Reader::new(&bytes as &dyn ParameterSource, "m.safetensors"))
    }

    fn message(header: &str, data: usize) -> String {
        parse_file(file(header, data)).unwrap_err().to_string()
    }

    #[test]
    fn entries_start_after_the_header() {
        let header = r#"{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[3],"data_offsets":[48,60]},"w":{"dtype":"BF16","shape":[4,3],"data_offsets":[0,24]},"q":{"dtype":"Q9","shape":[],"data_offsets":[24,25]}}  "#;
        let entries = parse_file(file(header, 60)).unwrap();
        let at = 8 + header.len() as u64;
        assert_eq!(entries[0], Entry { key: "b".into(), length: 12, storage: Storage::File { offset: at + 48 } });
        assert_eq!(entries[1], Entry { key: "w".into(), length: 24, storage: Storage::File { offset: at } });
        assert_eq!(entries[2].length, 1);
    }

    #[test]
    fn corrupt_headers_name_the_tensor() {
        let w = |offsets: &str, dtype: &str| format!(r#"{{"w":{{"dtype":"{dtype}","shape":[4,3],"data_offsets":{offsets}}}}}"#);
        assert_eq!(
            message(&w("[0,48]", "F32"), 40),
            "parameter file 'm.safetensors': tensor `w`: its data (bytes 0..48 after the header) lies outside the file's 40 \
             bytes of data: the file is truncated or corrupt"
        );
        assert_eq!(
            message(&w("[0,48]", "F16"), 48),
            "parameter file 'm.safetensors': tensor `w`: a F16 tensor of shape [4, 3] is 24 bytes, but its data_offsets [0, 48] hold 48"
        );
        assert!(message(&w("[0]", "F32"), 48).contains("`data_offsets` is missing or not a pair"));
        assert!(message(r#"{"w":{"shape":[1],"data_offsets":[0,1]}}"#, 1).contains("`dtype` is missing"));
        assert!(message(r#"{"w":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#, 1).contains("`shape` is missing or not a list"));
        assert!(message("[1]", 0).contains("the safetensors header is not a JSON object"));
        assert!(message("{\"w\":", 0).contains("the safetensors header is not valid JSON: the text ends where a value should be at byte 5"));
        let mut f = file("{}", 0);
        f[0] = 200;
        assert_eq!(
            parse_file(f).unwrap_err().to_string(),
            "parameter file 'm.safetensors': the safetensors header (bytes 8..208) runs past the end of the file (10 bytes): \
             the file is truncated or corrupt"
        );
        assert!(parse_file(vec![1, 2, 3]).unwrap_err().to_string().contains("the safetensors header length (bytes 0..8) runs past the end"));
        let mut huge = file("{}", 0);
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(parse_file(huge).unwrap_err().to_string().contains("more than the 100000000 the format allows"));
    }
}
