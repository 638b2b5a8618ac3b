//! The archive container around the FlatBuffer: optional ZIP local header, size prefix,
//! file identifier and the 64-byte aligned rodata base.

use crate::{Error, Result};
use alloc::format;

/// `PK\3\4`: a ZIP local file header signature.
const ZIP_LOCAL_HEADER_MAGIC: [u8; 4] = *b"PK\x03\x04";
/// Fixed part of a ZIP local file header.
const ZIP_LOCAL_HEADER_SIZE: usize = 30;
/// FlatBuffer file identifier of `BytecodeModuleDef`, at FlatBuffer offset 4.
pub const FILE_IDENTIFIER: [u8; 4] = *b"IREE";
/// External rodata starts at the first multiple of this after the FlatBuffer.
pub const SEGMENT_ALIGNMENT: usize = 64;
/// Root uoffset + identifier + the smallest possible table and vtable.
const MIN_FLATBUFFER_SIZE: usize = 16;

/// Where the parts of a `.vmfb` are in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Archive<'a> {
    /// The FlatBuffer (without its size prefix).
    pub flatbuffer: &'a [u8],
    /// Absolute file offset of `flatbuffer[0]`.
    pub flatbuffer_offset: usize,
    /// Absolute file offset external rodata offsets are relative to.
    pub rodata_base: usize,
    /// Whether the file started with a ZIP local header.
    pub zip: bool,
}

fn u16_le(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

/// Locates the FlatBuffer and the rodata base in a `.vmfb`.
pub fn split(bytes: &[u8]) -> Result<Archive<'_>> {
    let zip = bytes.len() >= 4 && bytes[..4] == ZIP_LOCAL_HEADER_MAGIC;
    let start = if zip {
        if bytes.len() < ZIP_LOCAL_HEADER_SIZE {
            return Err(Error::malformed(
                bytes.len(),
                format!(
                    "file starts with a ZIP signature but has only {} bytes; expected a \
                     {ZIP_LOCAL_HEADER_SIZE}-byte ZIP local file header",
                    bytes.len()
                ),
            ));
        }
        let name_len = u16_le(bytes, 26) as usize;
        let extra_len = u16_le(bytes, 28) as usize;
        let end = ZIP_LOCAL_HEADER_SIZE + name_len + extra_len;
        if end > bytes.len() {
            return Err(Error::malformed(
                26,
                format!(
                    "ZIP local header declares a {name_len}-byte name and a {extra_len}-byte \
                     extra field, ending at {end:#x} past the end of the file (size {:#x}); \
                     expected the module to follow inside the file",
                    bytes.len()
                ),
            ));
        }
        end
    } else {
        0
    };

    let Some(prefix) = bytes.get(start..start + 4) else {
        return Err(Error::malformed(
            start,
            format!(
                "file ends at {:#x} before the FlatBuffer size prefix; expected a 4-byte size \
                 at {start:#x}",
                bytes.len()
            ),
        ));
    };
    let size = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]) as usize;
    let fb_start = start + 4;
    let available = bytes.len() - fb_start;
    if size > available {
        return Err(Error::malformed(
            start,
            format!(
                "FlatBuffer size prefix is {size} bytes but only {available} follow; expected \
                 the whole FlatBuffer inside the file (truncated file?)"
            ),
        ));
    }
    if size < MIN_FLATBUFFER_SIZE {
        return Err(Error::malformed(
            start,
            format!(
                "FlatBuffer size prefix is {size} bytes; expected at least {MIN_FLATBUFFER_SIZE}"
            ),
        ));
    }
    let flatbuffer = &bytes[fb_start..fb_start + size];
    if flatbuffer[4..8] != FILE_IDENTIFIER {
        let what = if zip { "" } else { " (and no ZIP header: not a .vmfb?)" };
        return Err(Error::malformed(
            fb_start + 4,
            format!("FlatBuffer identifier is {:02x?}{what}; expected \"IREE\"", &flatbuffer[4..8]),
        ));
    }
    // `fb_start + size <= bytes.len()`, so this cannot overflow.
    let rodata_base = (fb_start + size).next_multiple_of(SEGMENT_ALIGNMENT);
    Ok(Archive { flatbuffer, flatbuffer_offset: fb_start, rodata_base, zip })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

    fn flat(size: u32) -> Vec<u8> {
        let mut b = size.to_le_bytes().to_vec();
        b.extend_from_slice(&[0; 4]);
        b.extend_from_slice(b"IREE");
        b.resize(4 + size as usize, 0);
        b
    }

    #[test]
    fn flat_archive() {
        let b = flat(100);
        let a = split(&b).unwrap();
        assert_eq!(a.flatbuffer_offset, 4);
        assert_eq!(a.flatbuffer.len(), 100);
        assert_eq!(a.rodata_base, 128);
        assert!(!a.zip);
    }

    #[test]
    fn zip_archive() {
        let mut b = vec![0u8; 30];
        b[..4].copy_from_slice(b"PK\x03\x04");
        b[26] = 9;
        b[28] = 25;
        b.extend_from_slice(b"module.fb");
        b.extend_from_slice(&[0; 25]);
        b.extend_from_slice(&flat(64));
        let a = split(&b).unwrap();
        assert_eq!(a.flatbuffer_offset, 0x44);
        assert_eq!(a.rodata_base, 0x40 + 4 + 64 + 60);
        assert!(a.zip);
    }

    #[test]
    fn errors() {
        assert!(split(&[]).is_err());
        assert!(split(b"PK\x03\x04").is_err());
        let mut b = flat(100);
        b[8] = b'X';
        let e = split(&b).err().unwrap();
        assert!(matches!(e.kind(), crate::ErrorKind::Malformed { offset: 8, .. }));
        let b = flat(100);
        assert!(split(&b[..50]).is_err());
        assert!(split(&flat(8)).is_err());
    }
}
