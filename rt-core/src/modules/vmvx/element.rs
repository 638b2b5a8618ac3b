//! Little-endian element loads and stores on byte slices, by element index.

use crate::hal::narrow_float::{bf16_to_f32, f16_to_f32};

#[inline]
pub(super) fn load_u32(bytes: &[u8], index: usize) -> u32 {
    let at = index * 4;
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[inline]
pub(super) fn store_u32(bytes: &mut [u8], index: usize, value: u32) {
    bytes[index * 4..index * 4 + 4].copy_from_slice(&value.to_le_bytes());
}

#[inline]
pub(super) fn load_u16(bytes: &[u8], index: usize) -> u16 {
    u16::from_le_bytes([bytes[index * 2], bytes[index * 2 + 1]])
}

#[inline]
pub(super) fn store_u16(bytes: &mut [u8], index: usize, value: u16) {
    bytes[index * 2..index * 2 + 2].copy_from_slice(&value.to_le_bytes());
}

#[inline]
pub(super) fn load_f32(bytes: &[u8], index: usize) -> f32 {
    f32::from_bits(load_u32(bytes, index))
}

#[inline]
pub(super) fn load_f16(bytes: &[u8], index: usize) -> f32 {
    f16_to_f32(load_u16(bytes, index))
}

#[inline]
pub(super) fn load_bf16(bytes: &[u8], index: usize) -> f32 {
    bf16_to_f32(load_u16(bytes, index))
}

#[inline]
pub(super) fn load_i8(bytes: &[u8], index: usize) -> i32 {
    i32::from(bytes[index] as i8)
}

#[inline]
pub(super) fn load_i16(bytes: &[u8], index: usize) -> i32 {
    i32::from(load_u16(bytes, index) as i16)
}

#[inline]
pub(super) fn load_i32(bytes: &[u8], index: usize) -> i32 {
    load_u32(bytes, index) as i32
}

/// A 4-bit element: even indices are the low nibble of their byte, odd ones the high nibble.
#[inline]
fn nibble(bytes: &[u8], index: usize) -> u8 {
    (bytes[index / 2] >> ((index % 2) * 4)) & 0xF
}

/// A signed 4-bit element, sign-extended.
#[inline]
pub(super) fn load_s4(bytes: &[u8], index: usize) -> i32 {
    i32::from(((nibble(bytes, index) << 4) as i8) >> 4)
}

/// An unsigned 4-bit element.
#[inline]
pub(super) fn load_u4(bytes: &[u8], index: usize) -> i32 {
    i32::from(nibble(bytes, index))
}
