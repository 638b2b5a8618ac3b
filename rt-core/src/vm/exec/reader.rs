//! Little-endian operand decoding over one function's verified bytecode.
//!
//! The verifier has already walked every instruction with the same field rules, so reads here
//! stay inside the function; indexing still bounds-checks, which turns a verifier bug into a
//! panic at a known place rather than undefined behaviour.

use crate::isa::{OpSet, Op, PREFIX_EXT_F32, PREFIX_EXT_F64};

pub struct Reader<'a> {
    code: &'a [u8],
    pub pc: usize,
}

/// A u16 register list (operands, results, or segment sizes) located in the bytecode.
#[derive(Clone, Copy)]
pub struct RegList<'a> {
    bytes: &'a [u8],
}

impl<'a> RegList<'a> {
    pub fn len(&self) -> usize {
        self.bytes.len() / 2
    }

    pub fn get(&self, index: usize) -> u16 {
        u16::from_le_bytes([self.bytes[2 * index], self.bytes[2 * index + 1]])
    }

    pub fn iter(&self) -> impl Iterator<Item = u16> + 'a {
        self.bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]))
    }
}

/// Source/destination register pairs applied when a branch is taken.
#[derive(Clone, Copy)]
pub struct RemapList<'a> {
    bytes: &'a [u8],
}

impl<'a> RemapList<'a> {
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn pairs(&self) -> impl Iterator<Item = (u16, u16)> + 'a {
        self.bytes.chunks_exact(4).map(|c| {
            (u16::from_le_bytes([c[0], c[1]]), u16::from_le_bytes([c[2], c[3]]))
        })
    }
}

impl<'a> Reader<'a> {
    pub fn new(code: &'a [u8], pc: usize) -> Self {
        Reader { code, pc }
    }

    pub fn at_end(&self) -> bool {
        self.pc >= self.code.len()
    }

    /// Decodes the next opcode, following an extension prefix; `Err` carries the raw bytes.
    #[inline]
    pub fn op(&mut self) -> Result<Op, (OpSet, u8)> {
        let byte = self.u8();
        let (set, code) = match byte {
            PREFIX_EXT_F32 => (OpSet::F32, self.u8()),
            PREFIX_EXT_F64 => (OpSet::F64, self.u8()),
            _ => (OpSet::Core, byte),
        };
        Op::decode(set, code).ok_or((set, code))
    }

    #[inline]
    pub fn u8(&mut self) -> u8 {
        let v = self.code[self.pc];
        self.pc += 1;
        v
    }

    #[inline]
    pub fn u16(&mut self) -> u16 {
        let v = u16::from_le_bytes([self.code[self.pc], self.code[self.pc + 1]]);
        self.pc += 2;
        v
    }

    #[inline]
    pub fn u32(&mut self) -> u32 {
        let bytes: [u8; 4] = self.code[self.pc..self.pc + 4].try_into().unwrap_or([0; 4]);
        self.pc += 4;
        u32::from_le_bytes(bytes)
    }

    #[inline]
    pub fn u64(&mut self) -> u64 {
        let bytes: [u8; 8] = self.code[self.pc..self.pc + 8].try_into().unwrap_or([0; 8]);
        self.pc += 8;
        u64::from_le_bytes(bytes)
    }

    /// A register operand (u16, with the ref and move bits still in place).
    #[inline]
    pub fn reg(&mut self) -> u16 {
        self.u16()
    }

    pub fn string(&mut self) -> &'a [u8] {
        let len = self.u16() as usize;
        let s = &self.code[self.pc..self.pc + len];
        self.pc += len;
        s
    }

    fn align2(&mut self) {
        self.pc = (self.pc + 1) & !1;
    }

    /// A 2-aligned u16 count followed by that many u16 entries.
    pub fn reg_list(&mut self) -> RegList<'a> {
        self.align2();
        let count = self.u16() as usize;
        let bytes = &self.code[self.pc..self.pc + 2 * count];
        self.pc += 2 * count;
        RegList { bytes }
    }

    /// A 2-aligned u16 pair count followed by that many src/dst pairs.
    pub fn remap_list(&mut self) -> RemapList<'a> {
        self.align2();
        let count = self.u16() as usize;
        let bytes = &self.code[self.pc..self.pc + 4 * count];
        self.pc += 4 * count;
        RemapList { bytes }
    }

    /// A branch: target block pc (relative to the function) and its remap list.
    pub fn branch(&mut self) -> (usize, RemapList<'a>) {
        let target = self.u32() as usize;
        (target, self.remap_list())
    }
}
