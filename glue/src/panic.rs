//! The runtime's panic handler: a panic becomes a JS exception, `weft panic: <message>`, after
//! which the JS side treats the runtime as unusable. It formats on the stack, never on the
//! heap: a panic can come from inside the allocator (dlmalloc's checks of a corrupted heap),
//! whose lock its thread then holds, and allocating would wait for that lock forever.

use core::fmt;

/// Text written into a fixed buffer; what does not fit is dropped at a character boundary.
pub struct StackText<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> StackText<N> {
    pub const fn new() -> Self {
        StackText { bytes: [0; N], len: 0 }
    }

    pub fn as_str(&self) -> &str {
        // Only whole characters are ever copied in.
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl<const N: usize> Default for StackText<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> fmt::Write for StackText<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut take = s.len().min(N - self.len);
        while !s.is_char_boundary(take) {
            take -= 1;
        }
        self.bytes[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
        Ok(())
    }
}

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    let mut text = StackText::<1024>::new();
    let _ = fmt::write(&mut text, format_args!("weft panic: {info}"));
    wasm_bindgen::throw_str(text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::fmt::Write;

    #[test]
    fn keeps_what_fits_and_cuts_between_characters() {
        let mut t = StackText::<8>::new();
        write!(t, "ab{}", 12).unwrap();
        assert_eq!(t.as_str(), "ab12");
        write!(t, "x€yz").unwrap(); // '€' is 3 bytes: 5 + 3 = 8 fits, the rest does not
        assert_eq!(t.as_str(), "ab12x€");
        let mut u = StackText::<6>::new();
        write!(u, "ab12x€").unwrap(); // '€' would end at byte 8: cut before it
        assert_eq!(u.as_str(), "ab12x");
    }
}
