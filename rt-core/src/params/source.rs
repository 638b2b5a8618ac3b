//! Where a parameter file's bytes come from, and a windowed reader for its index.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::{Error, Result};

/// Random-access bytes of one parameter file, supplied by the embedder: a file on disk, a
/// `File` read with `FileReaderSync` in a browser worker, HTTP range requests, or bytes already
/// in memory. Calls are synchronous.
///
/// The runtime reads an index with a few small `read_at` calls and each parameter with one
/// call whose `dst` is the HAL buffer the parameter lands in: it never holds a whole file, and
/// makes no copy of a parameter's bytes of its own.
pub trait ParameterSource {
    /// The file's size in bytes.
    fn size(&self) -> u64;

    /// Fills all of `dst` with the bytes at `offset`. The runtime asks only for ranges inside
    /// `size()`; an error is the reason, which the runtime reports with the file and parameter.
    fn read_at(&self, offset: u64, dst: &mut [u8]) -> Result<(), String>;

    /// Whether `write_at` may be called: `io_parameters.scatter` writes program results into
    /// parameters of writable files. Sources are read-only unless they say otherwise.
    fn is_writable(&self) -> bool {
        false
    }

    /// Writes `src` at `offset` (inside `size()`); called only when `is_writable()`.
    fn write_at(&self, offset: u64, src: &[u8]) -> Result<(), String> {
        let _ = (offset, src);
        Err(String::from("the file is read-only"))
    }
}

/// A parameter file already in memory (read-only).
impl ParameterSource for Vec<u8> {
    fn size(&self) -> u64 {
        self.len() as u64
    }

    fn read_at(&self, offset: u64, dst: &mut [u8]) -> Result<(), String> {
        let start = usize::try_from(offset).map_err(|_| format!("offset {offset} is beyond the address space"))?;
        let bytes = start.checked_add(dst.len()).and_then(|end| self.get(start..end));
        let bytes = bytes.ok_or_else(|| format!("{} bytes at offset {offset} run past the end ({} bytes)", dst.len(), self.len()))?;
        dst.copy_from_slice(bytes);
        Ok(())
    }
}

/// Bytes read per `read_at` while indexing: index structures sit together, so most archives
/// need one or two reads; a browser turns each into a file slice or an HTTP range request.
const WINDOW: usize = 64 * 1024;

/// Reads the structures of a file's index through a cached window, with errors naming the
/// file and the structure that does not fit.
pub(super) struct Reader<'a> {
    source: &'a dyn ParameterSource,
    file: &'a str,
    len: u64,
    window: Vec<u8>,
    window_start: u64,
}

impl<'a> Reader<'a> {
    pub fn new(source: &'a dyn ParameterSource, file: &'a str) -> Reader<'a> {
        Reader { source, file, len: source.size(), window: Vec::new(), window_start: 0 }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    /// An error about this file.
    #[cold]
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::parameter_file(self.file, message)
    }

    /// Checks that `length` bytes at `offset` are inside the file; `what` names them.
    pub fn check(&self, offset: u64, length: u64, what: &str) -> Result<()> {
        match offset.checked_add(length) {
            Some(end) if end <= self.len => Ok(()),
            _ => Err(self.error(format!(
                "{what} (bytes {offset}..{}) runs past the end of the file ({} bytes): the file is truncated or corrupt",
                offset as u128 + length as u128,
                self.len
            ))),
        }
    }

    /// `length` bytes at `offset`.
    pub fn bytes(&mut self, offset: u64, length: u64, what: &str) -> Result<&[u8]> {
        self.check(offset, length, what)?;
        // Inside the file, so it fits in memory's address space only if the file does.
        let n = usize::try_from(length).map_err(|_| self.error(format!("{what} of {length} bytes does not fit in memory")))?;
        let end = offset + length;
        let cached = offset >= self.window_start && end <= self.window_start + self.window.len() as u64;
        if !cached {
            let size = (self.len - offset).min(n.max(WINDOW) as u64) as usize;
            self.window.clear();
            self.window
                .try_reserve_exact(size)
                .map_err(|_| self.error(format!("cannot allocate {size} bytes to read {what}")))?;
            self.window.resize(size, 0);
            self.window_start = offset;
            if let Err(why) = self.source.read_at(offset, &mut self.window) {
                self.window.clear();
                return Err(self.error(format!("reading {size} bytes at offset {offset} failed: {why}")));
            }
        }
        let start = (offset - self.window_start) as usize;
        Ok(&self.window[start..start + n])
    }

    pub fn u32(&mut self, offset: u64, what: &str) -> Result<u32> {
        let b = self.bytes(offset, 4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&mut self, offset: u64, what: &str) -> Result<u64> {
        let b = self.bytes(offset, 8, what)?;
        Ok(u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    }

    /// UTF-8 text (a key); invalid sequences are replaced, as keys are only compared.
    pub fn text(&mut self, offset: u64, length: u64, what: &str) -> Result<String> {
        Ok(String::from_utf8_lossy(self.bytes(offset, length, what)?).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;
    use core::cell::Cell;

    /// Counts reads, to check the window saves them.
    struct Counted(Vec<u8>, Cell<usize>);

    impl ParameterSource for Counted {
        fn size(&self) -> u64 {
            self.0.len() as u64
        }
        fn read_at(&self, offset: u64, dst: &mut [u8]) -> Result<(), String> {
            self.1.set(self.1.get() + 1);
            self.0.read_at(offset, dst)
        }
    }

    #[test]
    fn the_window_serves_nearby_reads_and_bounds_are_checked() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
        let source = Counted(bytes, Cell::new(0));
        let mut r = Reader::new(&source, "f.irpa");
        assert_eq!(r.u32(0, "magic").unwrap(), u32::from_le_bytes([0, 1, 2, 3]));
        assert_eq!(r.bytes(100, 4, "x").unwrap(), &[100, 101, 102, 103]);
        assert_eq!(source.1.get(), 1);
        assert_eq!(r.bytes(150_000, 3, "y").unwrap(), &[(150_000u32 % 256) as u8, 241, 242]);
        assert_eq!(source.1.get(), 2);
        let err = r.bytes(199_999, 2, "the entry table").unwrap_err().to_string();
        assert_eq!(
            err,
            "parameter file 'f.irpa': the entry table (bytes 199999..200001) runs past the end of the file (200000 bytes): \
             the file is truncated or corrupt"
        );
        assert!(r.bytes(u64::MAX, 2, "z").is_err());
    }

    #[test]
    fn a_failing_source_is_reported_with_the_file() {
        struct Broken;
        impl ParameterSource for Broken {
            fn size(&self) -> u64 {
                10
            }
            fn read_at(&self, _: u64, _: &mut [u8]) -> Result<(), String> {
                Err("disk on fire".to_string())
            }
        }
        let err = Reader::new(&Broken, "w.gguf").u32(0, "magic").unwrap_err().to_string();
        assert_eq!(err, "parameter file 'w.gguf': reading 10 bytes at offset 0 failed: disk on fire");
        assert_eq!(vec![1u8, 2].read_at(1, &mut [0; 2]).unwrap_err(), "2 bytes at offset 1 run past the end (2 bytes)");
    }
}
