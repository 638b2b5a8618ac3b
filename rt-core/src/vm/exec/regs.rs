//! The register file of one frame: 32-bit slots (i64/f64 use a pair) and ref slots.

use super::super::value::Ref;
use crate::isa::{I32_INDEX_MASK, MOVE_BIT, REF_INDEX_MASK};

pub struct Regs<'s> {
    pub i32: &'s mut [u32],
    pub refs: &'s mut [Option<Ref>],
}

impl Regs<'_> {
    #[inline]
    pub fn i32(&self, reg: u16) -> i32 {
        self.i32[(reg & I32_INDEX_MASK) as usize] as i32
    }

    #[inline]
    pub fn set_i32(&mut self, reg: u16, value: i32) {
        self.i32[(reg & I32_INDEX_MASK) as usize] = value as u32;
    }

    #[inline]
    pub fn i64(&self, reg: u16) -> i64 {
        let i = (reg & I32_INDEX_MASK) as usize;
        (self.i32[i] as u64 | (self.i32[i + 1] as u64) << 32) as i64
    }

    #[inline]
    pub fn set_i64(&mut self, reg: u16, value: i64) {
        let i = (reg & I32_INDEX_MASK) as usize;
        self.i32[i] = value as u32;
        self.i32[i + 1] = (value as u64 >> 32) as u32;
    }

    #[inline]
    pub fn f32(&self, reg: u16) -> f32 {
        f32::from_bits(self.i32(reg) as u32)
    }

    #[inline]
    pub fn set_f32(&mut self, reg: u16, value: f32) {
        self.set_i32(reg, value.to_bits() as i32);
    }

    #[inline]
    pub fn f64(&self, reg: u16) -> f64 {
        f64::from_bits(self.i64(reg) as u64)
    }

    #[inline]
    pub fn set_f64(&mut self, reg: u16, value: f64) {
        self.set_i64(reg, value.to_bits() as i64);
    }

    /// Borrows a ref operand; the move bit does not apply to plain reads.
    #[inline]
    pub fn get_ref(&self, reg: u16) -> Option<&Ref> {
        self.refs[(reg & REF_INDEX_MASK) as usize].as_ref()
    }

    /// Reads a ref operand for passing on: moved out when the move bit is set, else retained.
    #[inline]
    pub fn take_ref(&mut self, reg: u16) -> Option<Ref> {
        let slot = &mut self.refs[(reg & REF_INDEX_MASK) as usize];
        if reg & MOVE_BIT != 0 {
            slot.take()
        } else {
            slot.clone()
        }
    }

    #[inline]
    pub fn set_ref(&mut self, reg: u16, value: Option<Ref>) {
        let old = core::mem::replace(&mut self.refs[(reg & REF_INDEX_MASK) as usize], value);
        drop(old);
    }

    pub fn release_ref(&mut self, reg: u16) {
        self.set_ref(reg, None);
    }
}
