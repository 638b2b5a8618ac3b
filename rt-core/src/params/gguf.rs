//! GGUF files (versions 2 and 3, as IREE 3.13.0 reads them): magic `GGUF`, version u32,
//! tensor count u64, metadata count u64, the metadata key/value pairs, the tensor infos
//! (name, dimensions, ggml type, offset), padding to the alignment (32, or the u32
//! `general.alignment`), then the tensor data. Strings are a u64 length and the bytes.
//!
//! GGUF does not store a tensor's size: it follows from the element count and the ggml
//! type's block size and bytes per block, for the types in IREE's table.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::index::{Entry, Storage};
use super::source::Reader;
use crate::Result;

const MAGIC: u32 = u32::from_le_bytes(*b"GGUF");
const DEFAULT_ALIGNMENT: u64 = 32;

/// (elements per block, bytes per block) of a ggml type; `None` for a type IREE does not
/// read (the retired Q4_2/Q4_3 and anything newer than I32).
fn ggml_block(ty: u32) -> Option<(u64, u64)> {
    Some(match ty {
        0 => (1, 4),      // F32
        1 => (1, 2),      // F16
        2 => (32, 18),    // Q4_0
        3 => (32, 20),    // Q4_1
        6 => (32, 22),    // Q5_0
        7 => (32, 24),    // Q5_1
        8 => (32, 34),    // Q8_0
        9 => (32, 40),    // Q8_1
        10 => (256, 84),  // Q2_K
        11 => (256, 110), // Q3_K
        12 => (256, 144), // Q4_K
        13 => (256, 176), // Q5_K
        14 => (256, 210), // Q6_K
        15 => (256, 292), // Q8_K
        16 => (1, 1),     // I8
        17 => (1, 2),     // I16
        18 => (1, 4),     // I32
        _ => return None,
    })
}

/// Bytes of a fixed-size metadata value type; `None` for strings (8) and arrays (9).
fn value_size(ty: u32) -> Option<u64> {
    match ty {
        0 | 1 | 7 => Some(1),
        2 | 3 => Some(2),
        4..=6 => Some(4),
        10..=12 => Some(8),
        _ => None,
    }
}

/// Reads the header front to back.
struct Cursor<'r, 'a> {
    reader: &'r mut Reader<'a>,
    at: u64,
}

impl Cursor<'_, '_> {
    fn u32(&mut self, what: &str) -> Result<u32> {
        let v = self.reader.u32(self.at, what)?;
        self.at += 4;
        Ok(v)
    }

    fn u64(&mut self, what: &str) -> Result<u64> {
        let v = self.reader.u64(self.at, what)?;
        self.at += 8;
        Ok(v)
    }

    fn skip(&mut self, bytes: Option<u64>, what: &str) -> Result<()> {
        let bytes = bytes.ok_or_else(|| self.reader.error(format!("{what} is too large")))?;
        self.reader.check(self.at, bytes, what)?;
        self.at += bytes;
        Ok(())
    }

    fn string(&mut self, what: &str) -> Result<String> {
        let length = self.u64(what)?;
        let text = self.reader.text(self.at, length, what)?;
        self.at += length;
        Ok(text)
    }

    fn skip_string(&mut self, what: &str) -> Result<()> {
        let length = self.u64(what)?;
        self.skip(Some(length), what)
    }
}

struct TensorInfo {
    name: String,
    elements: Option<u64>,
    ty: u32,
    offset: u64,
}

pub(super) fn parse(reader: &mut Reader<'_>) -> Result<Vec<Entry>> {
    let mut c = Cursor { reader, at: 0 };
    let magic = c.u32("the GGUF magic")?;
    if magic != MAGIC {
        return Err(c.reader.error(format!("not a GGUF file: the magic is {magic:08X}, expected {MAGIC:08X} (\"GGUF\")")));
    }
    let version = c.u32("the GGUF version")?;
    if !(2..=3).contains(&version) {
        return Err(c.reader.error(format!("GGUF version {version} is not supported; versions 2 and 3 are")));
    }
    let tensor_count = c.u64("the tensor count")?;
    let metadata_count = c.u64("the metadata count")?;
    if tensor_count == 0 {
        return Ok(Vec::new());
    }
    let mut alignment = DEFAULT_ALIGNMENT;
    for i in 0..metadata_count {
        let what = format!("metadata entry {i}");
        let key = c.string(&what)?;
        let ty = c.u32(&what)?;
        if key == "general.alignment" {
            if ty != 4 {
                return Err(c.reader.error(format!("general.alignment must be a uint32 (type 4), not type {ty}")));
            }
            alignment = c.u32(&what)? as u64;
            if !alignment.is_power_of_two() {
                return Err(c.reader.error(format!("general.alignment is {alignment}, not a power of two")));
            }
            continue;
        }
        match ty {
            8 => c.skip_string(&what)?,
            9 => {
                let element = c.u32(&what)?;
                let count = c.u64(&what)?;
                match element {
                    8 => {
                        for _ in 0..count {
                            c.skip_string(&what)?;
                        }
                    }
                    9 => return Err(c.reader.error(format!("{what} (`{key}`) is a nested array, which GGUF readers do not support"))),
                    _ => match value_size(element) {
                        Some(size) => c.skip(count.checked_mul(size), &what)?,
                        None => return Err(c.reader.error(format!("{what} (`{key}`) is an array of unknown type {element}"))),
                    },
                }
            }
            _ => match value_size(ty) {
                Some(size) => c.skip(Some(size), &what)?,
                None => return Err(c.reader.error(format!("{what} (`{key}`) has unknown value type {ty}"))),
            },
        }
    }
    // Tensor infos precede the data, whose start (aligned) is known only after them.
    let mut infos = Vec::new();
    for i in 0..tensor_count {
        let what = format!("tensor info {i}");
        let name = c.string(&what)?;
        let rank = c.u32(&what)?;
        let mut elements = Some(1u64);
        for _ in 0..rank {
            let d = c.u64(&what)?;
            elements = elements.and_then(|n| n.checked_mul(d));
        }
        let ty = c.u32(&what)?;
        let offset = c.u64(&what)?;
        infos.push(TensorInfo { name, elements, ty, offset });
    }
    let data_start = c.at.div_ceil(alignment) * alignment;
    let data_size = c.reader.len().saturating_sub(data_start);
    let reader = c.reader;
    infos
        .into_iter()
        .map(|t| {
            let bad = |what: String| reader.error(format!("tensor `{}`: {what}", t.name));
            let (per_block, block_bytes) = ggml_block(t.ty).ok_or_else(|| bad(format!("ggml type {} is not supported", t.ty)))?;
            let length = t.elements.and_then(|n| n.checked_mul(block_bytes)).map(|b| b / per_block);
            let end = length.and_then(|l| t.offset.checked_add(l));
            match (length, end) {
                (Some(length), Some(end)) if end <= data_size => {
                    Ok(Entry { key: t.name, length, storage: Storage::File { offset: data_start + t.offset } })
                }
                _ => Err(bad(format!(
                    "its data ({} bytes at offset {} of the tensor data) lies outside the file's {data_size} bytes of tensor data: \
                     the file is truncated or corrupt",
                    length.map_or_else(|| String::from("too many"), |l| format!("{l}")),
                    t.offset
                ))),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ParameterSource;
    use alloc::string::ToString;

    fn string(s: &str) -> Vec<u8> {
        [(s.len() as u64).to_le_bytes().to_vec(), s.as_bytes().to_vec()].concat()
    }

    /// A v3 file with an architecture string, a string array, an alignment of 64 and two
    /// tensors: `w` (F16, 2x3) at 0 and `q` (Q8_0, 64 elements: 2 blocks of 34) at 64.
    fn file() -> Vec<u8> {
        let mut f = b"GGUF".to_vec();
        f.extend_from_slice(&3u32.to_le_bytes());
        f.extend_from_slice(&2u64.to_le_bytes());
        f.extend_from_slice(&3u64.to_le_bytes());
        f.extend(string("general.architecture"));
        f.extend_from_slice(&8u32.to_le_bytes());
        f.extend(string("test"));
        f.extend(string("tokens"));
        f.extend_from_slice(&9u32.to_le_bytes());
        f.extend_from_slice(&8u32.to_le_bytes());
        f.extend_from_slice(&2u64.to_le_bytes());
        f.extend(string("a"));
        f.extend(string("bc"));
        f.extend(string("general.alignment"));
        f.extend_from_slice(&4u32.to_le_bytes());
        f.extend_from_slice(&64u32.to_le_bytes());
        for (name, dims, ty, offset) in [("w", &[3u64, 2][..], 1u32, 0u64), ("q", &[64][..], 8, 64)] {
            f.extend(string(name));
            f.extend_from_slice(&(dims.len() as u32).to_le_bytes());
            for d in dims {
                f.extend_from_slice(&d.to_le_bytes());
            }
            f.extend_from_slice(&ty.to_le_bytes());
            f.extend_from_slice(&offset.to_le_bytes());
        }
        f.resize(f.len().div_ceil(64) * 64 + 64 + 68, 0);
        f
    }

    fn parse_file(bytes: Vec<u8>) -> Result<Vec<Entry>> {
        parse(&mut Reader::new(&bytes as &dyn ParameterSource, "m.gguf"))
    }

    #[test]
    fn sizes_follow_the_ggml_type() {
        let f = file();
        let data_start = f.len() as u64 - 132;
        let entries = parse_file(f).unwrap();
        assert_eq!(entries[0], Entry { key: "w".into(), length: 12, storage: Storage::File { offset: data_start } });
        assert_eq!(entries[1], Entry { key: "q".into(), length: 68, storage: Storage::File { offset: data_start + 64 } });
    }

    #[test]
    fn corrupt_files_say_what_is_wrong() {
        let f = file();
        assert_eq!(
            parse_file(f[..f.len() - 1].to_vec()).unwrap_err().to_string(),
            "parameter file 'm.gguf': tensor `q`: its data (68 bytes at offset 64 of the tensor data) lies outside the file's 131 \
             bytes of tensor data: the file is truncated or corrupt"
        );
        assert!(parse_file(f[..40].to_vec()).unwrap_err().to_string().contains("metadata entry 0 (bytes 32..52) runs past the end"));
        let mut magic = f.clone();
        magic[0] = b'X';
        assert!(parse_file(magic).unwrap_err().to_string().contains("not a GGUF file: the magic is 46554758"));
        let mut version = f.clone();
        version[4] = 1;
        assert!(parse_file(version).unwrap_err().to_string().contains("GGUF version 1 is not supported"));
        let mut ty = f.clone();
        let q = [string("q"), 1u32.to_le_bytes().to_vec(), 64u64.to_le_bytes().to_vec()].concat();
        let at = f.windows(q.len()).position(|w| w == q).unwrap() + q.len();
        ty[at] = 4;
        assert_eq!(parse_file(ty).unwrap_err().to_string(), "parameter file 'm.gguf': tensor `q`: ggml type 4 is not supported");
    }
}
