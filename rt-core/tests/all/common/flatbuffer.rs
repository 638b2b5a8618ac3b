//! Test-side navigation of a `.vmfb`'s raw FlatBuffer, independent of the reader under test,
//! used to find the bytes a test corrupts.

/// A `.vmfb`'s FlatBuffer. Positions are absolute file offsets.
pub struct Raw<'a> {
    pub b: &'a [u8],
    /// Absolute offset of the FlatBuffer (after the size prefix).
    pub fb: usize,
}

impl<'a> Raw<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        let start = if b.starts_with(b"PK\x03\x04") {
            30 + u16::from_le_bytes([b[26], b[27]]) as usize
                + u16::from_le_bytes([b[28], b[29]]) as usize
        } else {
            0
        };
        Raw { b, fb: start + 4 }
    }

    pub fn u16(&self, at: usize) -> usize {
        u16::from_le_bytes(self.b[at..at + 2].try_into().unwrap()) as usize
    }

    pub fn u32(&self, at: usize) -> usize {
        u32::from_le_bytes(self.b[at..at + 4].try_into().unwrap()) as usize
    }

    pub fn root(&self) -> usize {
        self.fb + self.u32(self.fb)
    }

    pub fn vtable(&self, table: usize) -> usize {
        (table as i64 - i32::from_le_bytes(self.b[table..table + 4].try_into().unwrap()) as i64)
            as usize
    }

    /// Absolute position of a present field.
    pub fn field(&self, table: usize, slot: usize) -> usize {
        let vt = self.vtable(table);
        assert!(4 + 2 * slot < self.u16(vt), "slot {slot} beyond the vtable");
        let off = self.u16(vt + 4 + 2 * slot);
        assert_ne!(off, 0, "slot {slot} absent");
        table + off
    }

    /// Follows the uoffset in a field.
    pub fn deref(&self, at: usize) -> usize {
        at + self.u32(at)
    }

    /// Position of element `i` of the table vector in `slot` (the element's table).
    pub fn table_elem(&self, table: usize, slot: usize, i: usize) -> usize {
        let v = self.deref(self.field(table, slot));
        assert!(i < self.u32(v));
        self.deref(v + 4 + 4 * i)
    }
}
