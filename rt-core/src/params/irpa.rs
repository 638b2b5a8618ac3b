//! IREE parameter archives (`.irpa`), as `iree.runtime.ParameterIndex.create_archive_file`
//! and `iree-create-parameters` write them (layout: IREE's `schemas/parameter_archive.h`).
//!
//! All integers are little-endian and the structures packed. A file holds one or more archive
//! headers chained by `next_header_offset`; every offset in a header is relative to it.
//!
//! | header (88 bytes, major version 0) | bytes |
//! | --- | --- |
//! | magic `IRPA`, version major u16, minor u16 | 0..8 |
//! | header size u64 (88), next header offset u64 (0: none), flags u64 | 8..32 |
//! | entry count u64, then (offset, length) u64 pairs of the entry, metadata and storage segments | 32..88 |
//!
//! Each entry starts at a 16-byte boundary of the entry segment with a 60-byte header: its
//! size u64, type u32, flags u64, name (offset, length) and metadata (offset, length) in the
//! metadata segment, minimum alignment u64. Types: 0 skip, 1 splat (+ length u64, pattern
//! [u8; 16], pattern length u8), 2 data (+ offset, length in the storage segment), 3 external
//! file, which the 3.13.0 runtime does not read either.

use alloc::format;
use alloc::vec::Vec;

use super::index::{Entry, Storage};
use super::source::Reader;
use crate::Result;

const MAGIC: u32 = u32::from_le_bytes(*b"IRPA");
const PREFIX_SIZE: u64 = 32;
const HEADER_V0_SIZE: u64 = 88;
const ENTRY_HEADER_SIZE: u64 = 60;
const SPLAT_ENTRY_SIZE: u64 = ENTRY_HEADER_SIZE + 8 + 16 + 1;
const DATA_ENTRY_SIZE: u64 = ENTRY_HEADER_SIZE + 16;
const ENTRY_ALIGNMENT: u64 = 16;

/// A segment of one archive: an absolute file offset and a length.
#[derive(Clone, Copy)]
struct Segment {
    offset: u64,
    length: u64,
}

impl Segment {
    /// The absolute position of `length` bytes at `offset` inside the segment.
    fn locate(self, reader: &Reader<'_>, offset: u64, length: u64, what: &str, segment: &str) -> Result<u64> {
        match offset.checked_add(length) {
            Some(end) if end <= self.length => Ok(self.offset + offset),
            _ => Err(reader.error(format!(
                "{what} (bytes {offset}..{} of the {segment} segment) lies outside that segment ({} bytes)",
                offset as u128 + length as u128,
                self.length
            ))),
        }
    }
}

/// Every entry of every archive in the file.
pub(super) fn parse(reader: &mut Reader<'_>) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut base = 0u64;
    loop {
        if reader.len().saturating_sub(base) < PREFIX_SIZE {
            return Err(reader.error(format!(
                "not an IREE parameter archive: {} bytes at offset {base} are too few for an IRPA header (at least {PREFIX_SIZE}); \
                 the file may be empty or truncated",
                reader.len().saturating_sub(base)
            )));
        }
        let magic = reader.u32(base, "the archive magic")?;
        if magic != MAGIC {
            return Err(reader.error(format!(
                "not an IREE parameter archive: the magic at offset {base} is {magic:08X}, expected {MAGIC:08X} (\"IRPA\")"
            )));
        }
        let version = reader.u32(base + 4, "the archive version")?;
        let (major, minor) = (version & 0xFFFF, version >> 16);
        if major != 0 || minor != 0 {
            return Err(reader.error(format!(
                "IRPA version {major}.{minor} is not supported: this runtime reads version 0.0, which IREE 3.13.0 writes"
            )));
        }
        let header_size = reader.u64(base + 8, "the header size")?;
        if header_size != HEADER_V0_SIZE {
            return Err(reader.error(format!("the IRPA v0 header must be {HEADER_V0_SIZE} bytes, but it says {header_size}")));
        }
        reader.check(base, header_size, "the archive header")?;
        let next = reader.u64(base + 16, "the next header offset")?;
        let count = reader.u64(base + 32, "the entry count")?;
        let segment = |reader: &mut Reader<'_>, at: u64, name: &str| -> Result<Segment> {
            let offset = reader.u64(base + at, name)?;
            let length = reader.u64(base + at + 8, name)?;
            let absolute = base.saturating_add(offset);
            if length > 0 {
                reader.check(absolute, length, &format!("the {name} segment"))?;
            }
            Ok(Segment { offset: absolute, length })
        };
        let table = segment(reader, 40, "entry")?;
        let metadata = segment(reader, 56, "metadata")?;
        let storage = segment(reader, 72, "storage")?;
        let mut at = 0u64;
        for i in 0..count {
            let what = |field: &str| format!("entry {i}'s {field}");
            let remaining = table.length.saturating_sub(at);
            if remaining < ENTRY_HEADER_SIZE {
                return Err(reader.error(format!("the entry table ends inside entry {i} of {count}: the archive is truncated")));
            }
            let position = table.offset + at;
            let size = reader.u64(position, &what("size"))?;
            if size < ENTRY_HEADER_SIZE || size > remaining {
                return Err(reader.error(format!(
                    "entry {i} says it is {size} bytes, but {remaining} bytes of the entry table are left (at least {ENTRY_HEADER_SIZE} needed)"
                )));
            }
            at += size.div_ceil(ENTRY_ALIGNMENT) * ENTRY_ALIGNMENT;
            let kind = reader.u32(position + 8, &what("type"))?;
            let (name_offset, name_length) = (reader.u64(position + 20, &what("name"))?, reader.u64(position + 28, &what("name"))?);
            let (meta_offset, meta_length) = (reader.u64(position + 36, &what("metadata"))?, reader.u64(position + 44, &what("metadata"))?);
            if meta_length > 0 {
                metadata.locate(reader, meta_offset, meta_length, &what("metadata"), "metadata")?;
            }
            let key = if name_length > 0 {
                let name_at = metadata.locate(reader, name_offset, name_length, &what("name"), "metadata")?;
                reader.text(name_at, name_length, &what("name"))?
            } else {
                alloc::string::String::new()
            };
            let undersized = |needed: u64| {
                reader.error(format!("entry {i} (`{key}`) is {size} bytes, too small for its type ({needed} bytes)"))
            };
            match kind {
                0 => {}
                1 => {
                    if size < SPLAT_ENTRY_SIZE {
                        return Err(undersized(SPLAT_ENTRY_SIZE));
                    }
                    let length = reader.u64(position + 60, &what("splat length"))?;
                    let bytes = reader.bytes(position + 68, 17, &what("splat pattern"))?;
                    let pattern_length = bytes[16];
                    if pattern_length > 16 {
                        return Err(reader.error(format!("splat `{key}` has a pattern of {pattern_length} bytes; at most 16 fit")));
                    }
                    let mut pattern = [0u8; 16];
                    pattern.copy_from_slice(&bytes[..16]);
                    entries.push(Entry { key, length, storage: Storage::Splat { pattern, pattern_length } });
                }
                2 => {
                    if size < DATA_ENTRY_SIZE {
                        return Err(undersized(DATA_ENTRY_SIZE));
                    }
                    let offset = reader.u64(position + 60, &what("data offset"))?;
                    let length = reader.u64(position + 68, &what("data length"))?;
                    let offset = if length > 0 { storage.locate(reader, offset, length, &format!("the data of `{key}`"), "storage")? } else { 0 };
                    entries.push(Entry { key, length, storage: Storage::File { offset } });
                }
                3 => {
                    return Err(reader.error(format!(
                        "entry `{key}` refers to an external file; archives with external entries are not supported (nor by IREE 3.13.0)"
                    )))
                }
                other => return Err(reader.error(format!("entry `{key}` has unknown type {other} (0 skip, 1 splat, 2 data)"))),
            }
        }
        if next == 0 {
            return Ok(entries);
        }
        // Offsets only grow, so a chain of headers ends.
        base = base.checked_add(next).ok_or_else(|| reader.error(format!("the next header offset {next} overflows")))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ParameterSource;
    use alloc::string::{String, ToString};

    /// An archive as IREE lays it out: header, entry table, names, storage at 64.
    fn archive(entries: &[(&str, u32, &[u8])]) -> Vec<u8> {
        let mut table = Vec::new();
        let mut names = Vec::new();
        let mut storage = Vec::new();
        for (key, kind, payload) in entries {
            let mut e = Vec::new();
            let tail: Vec<u8> = match kind {
                2 => {
                    while storage.len() % 64 != 0 {
                        storage.push(0);
                    }
                    let t = [(storage.len() as u64).to_le_bytes(), (payload.len() as u64).to_le_bytes()].concat();
                    storage.extend_from_slice(payload);
                    t
                }
                _ => payload.to_vec(),
            };
            e.extend_from_slice(&(60 + tail.len() as u64).to_le_bytes());
            e.extend_from_slice(&kind.to_le_bytes());
            e.extend_from_slice(&0u64.to_le_bytes());
            e.extend_from_slice(&(names.len() as u64).to_le_bytes());
            e.extend_from_slice(&(key.len() as u64).to_le_bytes());
            e.extend_from_slice(&[0u8; 16]);
            e.extend_from_slice(&64u64.to_le_bytes());
            e.extend_from_slice(&tail);
            names.extend_from_slice(key.as_bytes());
            while e.len() % 16 != 0 {
                e.push(0);
            }
            table.extend_from_slice(&e);
        }
        let table_at = 96u64;
        let names_at = table_at + table.len() as u64;
        let storage_at = (names_at + names.len() as u64).div_ceil(64) * 64;
        let mut file = b"IRPA".to_vec();
        file.extend_from_slice(&0u32.to_le_bytes());
        for v in [88, 0, 0, entries.len() as u64, table_at, table.len() as u64, names_at, names.len() as u64, storage_at, storage.len() as u64] {
            file.extend_from_slice(&v.to_le_bytes());
        }
        file.resize(table_at as usize, 0);
        file.extend_from_slice(&table);
        file.extend_from_slice(&names);
        file.resize(storage_at as usize, 0);
        file.extend_from_slice(&storage);
        file
    }

    fn parse_bytes(bytes: &[u8]) -> Result<Vec<Entry>> {
        let source = bytes.to_vec();
        parse(&mut Reader::new(&source as &dyn ParameterSource, "t.irpa"))
    }

    fn message(bytes: &[u8]) -> String {
        parse_bytes(bytes).unwrap_err().to_string()
    }

    #[test]
    fn data_and_splat_entries() {
        let mut splat = 12u64.to_le_bytes().to_vec();
        splat.extend_from_slice(&[0xAB, 0xCD]);
        splat.extend_from_slice(&[0; 14]);
        splat.push(2);
        let file = archive(&[("weight", 2, &[1, 2, 3, 4]), ("skipped", 0, &[]), ("s", 1, &splat), ("empty", 2, &[])]);
        let entries = parse_bytes(&file).unwrap();
        assert_eq!(entries.len(), 3);
        let storage_at = u64::from_le_bytes(file[72..80].try_into().unwrap());
        assert_eq!(entries[0], Entry { key: "weight".into(), length: 4, storage: Storage::File { offset: storage_at } });
        let Storage::Splat { pattern, pattern_length } = &entries[1].storage else { panic!() };
        assert_eq!((entries[1].length, &pattern[..2], *pattern_length), (12, &[0xAB, 0xCD][..], 2));
        assert_eq!(entries[2].length, 0);
    }

    #[test]
    fn corrupt_archives_say_what_is_wrong() {
        let file = archive(&[("weight", 2, &[7; 100])]);
        assert!(message(&file[..20]).contains("20 bytes at offset 0 are too few for an IRPA header"));
        let mut bad = file.clone();
        bad[0] = b'X';
        assert_eq!(
            message(&bad),
            "parameter file 't.irpa': not an IREE parameter archive: the magic at offset 0 is 41505258, expected 41505249 (\"IRPA\")"
        );
        // Cut inside the data: the storage segment runs past the end.
        assert_eq!(
            message(&file[..file.len() - 10]),
            format!(
                "parameter file 't.irpa': the storage segment (bytes {}..{}) runs past the end of the file ({} bytes): \
                 the file is truncated or corrupt",
                file.len() - 100,
                file.len(),
                file.len() - 10
            )
        );
        let mut version = file.clone();
        version[4] = 1;
        assert!(message(&version).contains("IRPA version 1.0 is not supported"));
        let mut kind = file.clone();
        kind[96 + 8] = 3;
        assert!(message(&kind).contains("entry `weight` refers to an external file"));
        let mut size = file.clone();
        size[96] = 200;
        assert!(message(&size).contains("entry 0 says it is 200 bytes, but 80 bytes of the entry table are left"));
        let mut count = file.clone();
        count[32] = 2;
        assert!(message(&count).contains("the entry table ends inside entry 1 of 2"));
        let mut data = file.clone();
        data[96 + 60] = 40; // data offset 40 + 100 bytes > the 100-byte segment
        assert!(message(&data).contains("the data of `weight` (bytes 40..140 of the storage segment) lies outside that segment (100 bytes)"));
        assert!(message(&[]).contains("the file may be empty or truncated"));
    }
}
