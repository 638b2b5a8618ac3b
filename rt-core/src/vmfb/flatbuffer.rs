//! A small, bounds-checked, zero-copy FlatBuffer reader.
//!
//! Only what a `.vmfb` needs: tables with vtables, scalars, strings, byte vectors, vectors of
//! tables and vectors of fixed-size structs. Every read is checked against the FlatBuffer's
//! bounds and reports the *absolute* file offset of the problem (`origin` is the position of the
//! FlatBuffer's first byte in the file). Nothing here panics on any input.
//!
//! Wire format reminders (all little-endian):
//! - uoffset: u32, relative to its own position, always forward.
//! - table: starts with an i32 soffset; its vtable lives at `table - soffset`.
//! - vtable: u16 vtable size in bytes, u16 table inline size, then one u16 per field slot
//!   (0 = field absent), each relative to the table start.
//! - vector / string: u32 element count, then the elements (strings add a NUL terminator).

use crate::{Error, Result};
use alloc::format;
use core::cell::Cell;

/// The FlatBuffer bytes plus where they sit in the file.
#[derive(Clone, Copy)]
pub struct Buffer<'a, 'b> {
    data: &'a [u8],
    origin: usize,
    budget: &'b Cell<usize>,
}

impl<'a, 'b> Buffer<'a, 'b> {
    /// `data` is the FlatBuffer (without size prefix), `origin` its absolute file offset.
    /// `budget` bounds the total number of vector elements and string bytes the schema layer
    /// may decode, so shared sub-objects in a hostile file cannot make decoding quadratic.
    pub fn new(data: &'a [u8], origin: usize, budget: &'b Cell<usize>) -> Self {
        Buffer { data, origin, budget }
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Absolute file offset of a position inside the FlatBuffer.
    pub fn abs(&self, pos: usize) -> usize {
        self.origin.saturating_add(pos)
    }

    fn err(&self, pos: usize, msg: impl Into<alloc::string::String>) -> Error {
        Error::malformed(self.abs(pos), msg)
    }

    /// Charges `units` against the decoding budget.
    pub fn charge(&self, pos: usize, units: usize, what: &str) -> Result<()> {
        let left = self.budget.get();
        if units > left {
            return Err(self.err(
                pos,
                format!(
                    "{what}: the FlatBuffer references more data than it contains (shared or \
                     overlapping objects); expected each object to be stored once"
                ),
            ));
        }
        self.budget.set(left - units);
        Ok(())
    }

    fn bytes_at(&self, pos: usize, n: usize, what: &str) -> Result<&'a [u8]> {
        match pos.checked_add(n) {
            Some(end) if end <= self.data.len() => Ok(&self.data[pos..end]),
            _ => Err(self.err(
                pos,
                format!(
                    "{what}: {n} bytes at FlatBuffer offset {pos:#x} extend past its end \
                     (size {:#x}); expected them inside the FlatBuffer",
                    self.data.len()
                ),
            )),
        }
    }

    pub fn u8_at(&self, pos: usize, what: &str) -> Result<u8> {
        Ok(self.bytes_at(pos, 1, what)?[0])
    }

    pub fn u16_at(&self, pos: usize, what: &str) -> Result<u16> {
        let b = self.bytes_at(pos, 2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    pub fn u32_at(&self, pos: usize, what: &str) -> Result<u32> {
        let b = self.bytes_at(pos, 4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn i32_at(&self, pos: usize, what: &str) -> Result<i32> {
        Ok(self.u32_at(pos, what)? as i32)
    }

    pub fn u64_at(&self, pos: usize, what: &str) -> Result<u64> {
        let b = self.bytes_at(pos, 8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// Follows the uoffset stored at `pos`; the target must lie inside the FlatBuffer.
    pub fn follow(&self, pos: usize, what: &str) -> Result<usize> {
        let rel = self.u32_at(pos, what)? as usize;
        match pos.checked_add(rel) {
            Some(target) if target < self.data.len() => Ok(target),
            _ => Err(self.err(
                pos,
                format!(
                    "{what}: offset {rel:#x} at FlatBuffer offset {pos:#x} points past the end \
                     (size {:#x}); expected a target inside the FlatBuffer",
                    self.data.len()
                ),
            )),
        }
    }

    /// The root table (uoffset at FlatBuffer offset 0).
    pub fn root(&self, what: &'static str) -> Result<Table<'a, 'b>> {
        let pos = self.follow(0, what)?;
        self.table_at(pos, what)
    }

    /// Reads and checks the table header and vtable of a table starting at `pos`.
    pub fn table_at(&self, pos: usize, what: &'static str) -> Result<Table<'a, 'b>> {
        let soffset = self.i32_at(pos, what)? as i64;
        let vt = pos as i64 - soffset;
        if vt < 0 || vt as u64 + 4 > self.data.len() as u64 {
            return Err(self.err(
                pos,
                format!(
                    "{what}: vtable offset {soffset} from table at {pos:#x} points outside the \
                     FlatBuffer (size {:#x}); expected a vtable inside it",
                    self.data.len()
                ),
            ));
        }
        let vt = vt as usize;
        let vt_len = self.u16_at(vt, what)? as usize;
        let tbl_len = self.u16_at(vt + 2, what)? as usize;
        if vt_len < 4 || !vt_len.is_multiple_of(2) || vt + vt_len > self.data.len() {
            return Err(self.err(
                vt,
                format!(
                    "{what}: vtable size {vt_len} is invalid or extends past the FlatBuffer; \
                     expected an even size of at least 4 bytes inside it"
                ),
            ));
        }
        if tbl_len < 4 || pos + tbl_len > self.data.len() {
            return Err(self.err(
                vt + 2,
                format!(
                    "{what}: table inline size {tbl_len} at {pos:#x} is invalid or extends past \
                     the FlatBuffer (size {:#x}); expected at least 4 bytes inside it",
                    self.data.len()
                ),
            ));
        }
        Ok(Table { buf: *self, pos, vt, vt_len, tbl_len, what })
    }
}

/// One table: its position, its vtable and its inline size, all already bounds-checked.
#[derive(Clone, Copy)]
pub struct Table<'a, 'b> {
    buf: Buffer<'a, 'b>,
    pos: usize,
    vt: usize,
    vt_len: usize,
    tbl_len: usize,
    what: &'static str,
}

impl<'a, 'b> Table<'a, 'b> {
    pub fn buffer(&self) -> Buffer<'a, 'b> {
        self.buf
    }

    /// Absolute file offset of the table start.
    pub fn abs_pos(&self) -> usize {
        self.buf.abs(self.pos)
    }

    /// Position of field `slot` if present; checks that `width` inline bytes fit the table.
    fn field(&self, slot: u16, width: usize, name: &str) -> Result<Option<usize>> {
        let entry = 4 + 2 * slot as usize;
        if entry + 2 > self.vt_len {
            return Ok(None);
        }
        // In bounds: the whole vtable was checked in `table_at`.
        let voff = self.buf.u16_at(self.vt + entry, name)? as usize;
        if voff == 0 {
            return Ok(None);
        }
        if voff < 4 || voff + width > self.tbl_len {
            return Err(self.buf.err(
                self.vt + entry,
                format!(
                    "{}.{name}: field offset {voff} with width {width} does not fit the table's \
                     inline size {}; expected the field between bytes 4 and {}",
                    self.what, self.tbl_len, self.tbl_len
                ),
            ));
        }
        Ok(Some(self.pos + voff))
    }

    pub fn u8(&self, slot: u16, name: &str, default: u8) -> Result<u8> {
        match self.field(slot, 1, name)? {
            Some(p) => self.buf.u8_at(p, name),
            None => Ok(default),
        }
    }

    pub fn u32(&self, slot: u16, name: &str, default: u32) -> Result<u32> {
        match self.field(slot, 4, name)? {
            Some(p) => self.buf.u32_at(p, name),
            None => Ok(default),
        }
    }

    pub fn i32(&self, slot: u16, name: &str, default: i32) -> Result<i32> {
        match self.field(slot, 4, name)? {
            Some(p) => self.buf.i32_at(p, name),
            None => Ok(default),
        }
    }

    /// An `int32` field that must not be negative.
    pub fn non_negative_i32(&self, slot: u16, name: &str) -> Result<u32> {
        match self.field(slot, 4, name)? {
            Some(p) => {
                let v = self.buf.i32_at(p, name)?;
                u32::try_from(v).map_err(|_| {
                    self.buf.err(
                        p,
                        format!("{}.{name} is {v}; expected a non-negative value", self.what),
                    )
                })
            }
            None => Ok(0),
        }
    }

    pub fn u64(&self, slot: u16, name: &str, default: u64) -> Result<u64> {
        match self.field(slot, 8, name)? {
            Some(p) => self.buf.u64_at(p, name),
            None => Ok(default),
        }
    }

    /// Absolute file offset of a field (for error messages), or of the table when absent.
    pub fn field_abs(&self, slot: u16) -> usize {
        match self.field(slot, 0, "") {
            Ok(Some(p)) => self.buf.abs(p),
            _ => self.abs_pos(),
        }
    }

    /// A sub-table.
    pub fn table(&self, slot: u16, name: &'static str) -> Result<Option<Table<'a, 'b>>> {
        match self.field(slot, 4, name)? {
            Some(p) => {
                let target = self.buf.follow(p, name)?;
                self.buf.table_at(target, name).map(Some)
            }
            None => Ok(None),
        }
    }

    /// A vector header: position of the first element and the element count.
    pub fn vector(
        &self,
        slot: u16,
        elem_size: usize,
        name: &str,
    ) -> Result<Option<Vector<'a, 'b>>> {
        let Some(p) = self.field(slot, 4, name)? else { return Ok(None) };
        let start = self.buf.follow(p, name)?;
        let count = self.buf.u32_at(start, name)? as usize;
        let first = start + 4;
        let fits = count
            .checked_mul(elem_size)
            .and_then(|n| first.checked_add(n))
            .is_some_and(|end| end <= self.buf.len());
        if !fits {
            return Err(self.buf.err(
                start,
                format!(
                    "{}.{name}: vector of {count} elements of {elem_size} bytes at {start:#x} \
                     extends past the end of the FlatBuffer (size {:#x}); expected it inside",
                    self.what,
                    self.buf.len()
                ),
            ));
        }
        Ok(Some(Vector { buf: self.buf, first, count, elem_size }))
    }

    /// A `[ubyte]` vector as a slice.
    pub fn bytes(&self, slot: u16, name: &str) -> Result<Option<&'a [u8]>> {
        match self.vector(slot, 1, name)? {
            Some(v) => v.buf.bytes_at(v.first, v.count, name).map(Some),
            None => Ok(None),
        }
    }

    /// A string: UTF-8, NUL-terminated, inside the FlatBuffer.
    pub fn string(&self, slot: u16, name: &str) -> Result<Option<&'a str>> {
        let Some(p) = self.field(slot, 4, name)? else { return Ok(None) };
        let start = self.buf.follow(p, name)?;
        let len = self.buf.u32_at(start, name)? as usize;
        let first = start + 4;
        let in_bounds = first.checked_add(len).is_some_and(|end| end < self.buf.len());
        if !in_bounds {
            return Err(self.buf.err(
                start,
                format!(
                    "{}.{name}: string of {len} bytes at {start:#x} extends past the end of the \
                     FlatBuffer (size {:#x}); expected it and its NUL terminator inside",
                    self.what,
                    self.buf.len()
                ),
            ));
        }
        self.buf.charge(start, len, name)?;
        let bytes = &self.buf.data[first..first + len];
        if self.buf.data[first + len] != 0 {
            return Err(self.buf.err(
                first + len,
                format!("{}.{name}: string is not NUL-terminated; expected a 0 byte", self.what),
            ));
        }
        match core::str::from_utf8(bytes) {
            Ok(s) => Ok(Some(s)),
            Err(e) => Err(self.buf.err(
                first + e.valid_up_to(),
                format!("{}.{name}: string is not valid UTF-8; expected UTF-8 text", self.what),
            )),
        }
    }

    /// A required string: absent is an error.
    pub fn required_string(&self, slot: u16, name: &str) -> Result<&'a str> {
        self.string(slot, name)?.ok_or_else(|| {
            self.buf.err(
                self.pos,
                format!(
                    "{}.{name} is missing; expected a string (the field is required)",
                    self.what
                ),
            )
        })
    }

    /// A vector of tables, each decoded by `f`.
    pub fn tables<T>(
        &self,
        slot: u16,
        name: &'static str,
        mut f: impl FnMut(Table<'a, 'b>) -> Result<T>,
    ) -> Result<alloc::vec::Vec<T>> {
        let Some(v) = self.vector(slot, 4, name)? else { return Ok(alloc::vec::Vec::new()) };
        v.buf.charge(v.first, v.count, name)?;
        let mut out = alloc::vec::Vec::with_capacity(v.count);
        for i in 0..v.count {
            let p = v.first + 4 * i;
            let target = v.buf.follow(p, name)?;
            out.push(f(v.buf.table_at(target, name)?)?);
        }
        Ok(out)
    }
}

/// A vector whose extent has been checked: `count * elem_size` bytes from `first`.
#[derive(Clone, Copy)]
pub struct Vector<'a, 'b> {
    buf: Buffer<'a, 'b>,
    first: usize,
    count: usize,
    elem_size: usize,
}

impl<'a, 'b> Vector<'a, 'b> {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// FlatBuffer position of element `i` (caller keeps `i < len()`).
    pub fn elem_pos(&self, i: usize) -> usize {
        self.first + i * self.elem_size
    }

    pub fn buffer(&self) -> Buffer<'a, 'b> {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use alloc::vec;
    use alloc::vec::Vec;

    /// Builds: root uoffset, vtable, table with one string field and one u32 field.
    fn sample() -> Vec<u8> {
        let mut b = vec![0u8; 0];
        b.extend_from_slice(&12u32.to_le_bytes()); // root -> table at 12
                                                   // vtable at 4: size 8, table size 12, slot0 at 4 (string), slot1 at 8 (u32)
        b.extend_from_slice(&8u16.to_le_bytes());
        b.extend_from_slice(&12u16.to_le_bytes());
        b.extend_from_slice(&4u16.to_le_bytes());
        b.extend_from_slice(&8u16.to_le_bytes());
        // table at 12: soffset = 12 - 4 = 8
        b.extend_from_slice(&8i32.to_le_bytes());
        b.extend_from_slice(&8u32.to_le_bytes()); // at 16 -> string at 24
        b.extend_from_slice(&7u32.to_le_bytes()); // at 20
        b.extend_from_slice(&2u32.to_le_bytes()); // string at 24
        b.extend_from_slice(b"hi\0\0");
        b
    }

    fn offset_of(e: &Error) -> usize {
        match e.kind() {
            ErrorKind::Malformed { offset, .. } => *offset,
            k => panic!("unexpected kind {k:?}"),
        }
    }

    #[test]
    fn reads_fields() {
        let data = sample();
        let budget = Cell::new(1000);
        let buf = Buffer::new(&data, 100, &budget);
        let t = buf.root("T").unwrap();
        assert_eq!(t.string(0, "s").unwrap(), Some("hi"));
        assert_eq!(t.u32(1, "n", 0).unwrap(), 7);
        assert_eq!(t.u32(2, "absent", 5).unwrap(), 5);
        assert!(t.table(5, "absent").unwrap().is_none());
    }

    #[test]
    fn bad_vtable_and_field() {
        let mut data = sample();
        data[12..16].copy_from_slice(&(-100i32).to_le_bytes());
        let budget = Cell::new(1000);
        let e = Buffer::new(&data, 100, &budget).root("T").err().unwrap();
        assert_eq!(offset_of(&e), 112);

        let mut data = sample();
        data[8..10].copy_from_slice(&10u16.to_le_bytes()); // slot0 width 4 at 10 > size 12
        let buf = Buffer::new(&data, 0, &budget);
        assert!(buf.root("T").unwrap().string(0, "s").is_err());

        let mut data = sample();
        data[16..20].copy_from_slice(&1000u32.to_le_bytes());
        let buf = Buffer::new(&data, 0, &budget);
        assert_eq!(offset_of(&buf.root("T").unwrap().string(0, "s").err().unwrap()), 16);
    }

    #[test]
    fn bad_strings() {
        let mut data = sample();
        data[30] = b'x'; // terminator
        let budget = Cell::new(1000);
        assert!(Buffer::new(&data, 0, &budget).root("T").unwrap().string(0, "s").is_err());
        let mut data = sample();
        data[29] = 0xFF;
        let e = Buffer::new(&data, 0, &budget).root("T").unwrap().string(0, "s").err().unwrap();
        assert_eq!(offset_of(&e), 29);
    }

    #[test]
    fn budget_is_enforced() {
        let data = sample();
        let budget = Cell::new(1);
        let buf = Buffer::new(&data, 0, &budget);
        assert!(buf.root("T").unwrap().string(0, "s").is_err());
    }
}
