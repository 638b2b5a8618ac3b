//! `vm.buffer`: a byte range of a heap block (its own, or a HAL buffer's), or a read-only
//! view of a module's rodata.

use alloc::rc::Rc;
use core::cell::{Ref as CellRef, RefMut};
use core::ops::Range;

use super::{Status, Trap};
use crate::memory::Block;

enum Storage {
    Heap { block: Rc<Block>, range: Range<usize> },
    /// A window into the module file: constants are never copied.
    Rodata { file: Rc<[u8]>, range: Range<usize> },
}

pub struct VmBuffer {
    storage: Storage,
}

/// Bytes borrowed from a buffer for reading.
pub enum Bytes<'a> {
    Heap(CellRef<'a, [u8]>),
    Rodata(&'a [u8]),
}

impl core::ops::Deref for Bytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Heap(b) => b,
            Bytes::Rodata(b) => b,
        }
    }
}

impl VmBuffer {
    pub fn zeroed(length: usize) -> Result<VmBuffer, Trap> {
        let block = Block::zeroed(length)
            .map_err(|_| Trap::new(Status::ResourceExhausted, alloc::format!("vm.buffer.alloc: cannot allocate {length} bytes")))?;
        Ok(Self::view(Rc::new(block), 0..length))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<VmBuffer, Trap> {
        let block = Block::from_bytes(bytes)
            .map_err(|_| Trap::new(Status::ResourceExhausted, alloc::format!("vm.buffer: cannot allocate {} bytes", bytes.len())))?;
        Ok(Self::view(Rc::new(block), 0..bytes.len()))
    }

    /// A buffer over `range` of a block it shares (e.g. a HAL buffer's memory).
    pub fn view(block: Rc<Block>, range: Range<usize>) -> VmBuffer {
        debug_assert!(range.end <= block.len());
        VmBuffer { storage: Storage::Heap { block, range } }
    }

    pub fn rodata(file: Rc<[u8]>, range: Range<usize>) -> VmBuffer {
        VmBuffer { storage: Storage::Rodata { file, range } }
    }

    pub fn len(&self) -> usize {
        match &self.storage {
            Storage::Heap { range, .. } | Storage::Rodata { range, .. } => range.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_mutable(&self) -> bool {
        matches!(self.storage, Storage::Heap { .. })
    }

    pub fn bytes(&self) -> Bytes<'_> {
        match &self.storage {
            Storage::Heap { block, range } => {
                let range = range.clone();
                Bytes::Heap(CellRef::map(block.borrow(), |b| &b[range]))
            }
            Storage::Rodata { file, range } => Bytes::Rodata(&file[range.clone()]),
        }
    }

    pub fn bytes_mut(&self) -> Result<RefMut<'_, [u8]>, Trap> {
        match &self.storage {
            Storage::Heap { block, range } => {
                let range = range.clone();
                Ok(RefMut::map(block.borrow_mut(), |b| &mut b[range]))
            }
            Storage::Rodata { .. } => Err(Trap::new(Status::PermissionDenied, "vm.buffer: write to a read-only rodata buffer")),
        }
    }

    /// The heap block and range behind this buffer, when it is not rodata.
    pub fn heap(&self) -> Option<(&Rc<Block>, Range<usize>)> {
        match &self.storage {
            Storage::Heap { block, range } => Some((block, range.clone())),
            Storage::Rodata { .. } => None,
        }
    }

    /// Checks that `[offset, offset + length)` lies inside the buffer; names both on failure.
    pub fn check_range(&self, offset: u64, length: u64) -> Result<Range<usize>, Trap> {
        let size = self.len() as u64;
        match offset.checked_add(length) {
            Some(end) if end <= size => Ok(offset as usize..end as usize),
            _ => Err(Trap::new(Status::OutOfRange, alloc::format!(
                "out-of-bounds buffer access: offset {offset} + length {length} exceeds buffer length {size}"
            ))),
        }
    }

    /// Reads `N` little-endian bytes at element index `index` (elements of size `N`).
    pub fn load<const N: usize>(&self, index: u64) -> Result<[u8; N], Trap> {
        let range = self.check_range(index.saturating_mul(N as u64), N as u64)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&self.bytes()[range]);
        Ok(out)
    }

    /// Writes `N` bytes at element index `index`.
    pub fn store<const N: usize>(&self, index: u64, value: [u8; N]) -> Result<(), Trap> {
        let range = self.check_range(index.saturating_mul(N as u64), N as u64)?;
        self.bytes_mut()?[range].copy_from_slice(&value);
        Ok(())
    }

    /// Fills `count` elements of size `N` starting at element `index` with `value`.
    pub fn fill<const N: usize>(&self, index: u64, count: u64, value: [u8; N]) -> Result<(), Trap> {
        let n = N as u64;
        let range = self.check_range(index.saturating_mul(n), count.saturating_mul(n))?;
        for chunk in self.bytes_mut()?[range].chunks_exact_mut(N) {
            chunk.copy_from_slice(&value);
        }
        Ok(())
    }
}

/// Copies bytes between buffers (or within one), as `vm.buffer.copy` does.
pub fn copy(
    source: &VmBuffer,
    source_offset: u64,
    target: &VmBuffer,
    target_offset: u64,
    length: u64,
) -> Result<(), Trap> {
    let from = source.check_range(source_offset, length)?;
    let to = target.check_range(target_offset, length)?;
    if let (Some((a, ar)), Some((b, br))) = (source.heap(), target.heap()) {
        if Rc::ptr_eq(a, b) {
            // Views of one block: one borrow, and the ranges may overlap.
            let (from, to) = (ar.start + from.start..ar.start + from.end, br.start + to.start);
            a.borrow_mut().copy_within(from, to);
            return Ok(());
        }
    }
    {
        let src = source.bytes();
        target.bytes_mut()?[to].copy_from_slice(&src[from]);
    }
    Ok(())
}

/// SipHash-2-4 with the key 00 01 .. 0f, the hash `vm.buffer.hash` is defined to compute.
pub fn siphash24(data: &[u8]) -> u64 {
    let k0 = u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7]);
    let k1 = u64::from_le_bytes([8, 9, 10, 11, 12, 13, 14, 15]);
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }
    let compress = |v: &mut [u64; 4], m: u64, rounds: usize| {
        v[3] ^= m;
        for _ in 0..rounds {
            round(v);
        }
        v[0] ^= m;
    };
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let m = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        compress(&mut v, m, 2);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let m = u64::from_le_bytes(last) | ((data.len() as u64) << 56);
    compress(&mut v, m, 2);
    v[2] ^= 0xff;
    for _ in 0..4 {
        round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siphash_matches_the_published_vectors() {
        // Vectors from the SipHash paper's reference key 00..0f: empty input and 00..0e.
        assert_eq!(siphash24(&[]), 0x726f_db47_dd0e_0e31);
        let input: alloc::vec::Vec<u8> = (0u8..15).collect();
        assert_eq!(siphash24(&input), 0xa129_ca61_49be_45e5);
    }

    #[test]
    fn out_of_bounds_names_offset_and_length() {
        let b = VmBuffer::zeroed(8).unwrap();
        let err = b.load::<4>(2).unwrap_err();
        assert!(err.message.contains("offset 8 + length 4 exceeds buffer length 8"), "{}", err.message);
        assert!(b.store::<8>(0, [1; 8]).is_ok());
        assert!(copy(&b, 0, &b, 2, 6).is_ok());
    }
}
