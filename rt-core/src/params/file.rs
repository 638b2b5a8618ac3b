//! Parameter files on disk (with the `std` feature), for native embedders such as `weft-run`.

use alloc::format;
use alloc::string::String;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::ParameterSource;

/// A file read (and, opened writable, written) in place: nothing of it is held in memory.
pub struct FileSource {
    file: File,
    size: u64,
    writable: bool,
}

impl FileSource {
    /// Opens `path` for reading.
    pub fn open(path: impl AsRef<Path>) -> std::io::Result<FileSource> {
        Self::with(File::open(path)?, false)
    }

    /// Opens `path` for reading and writing, so `io_parameters.scatter` can write into it.
    pub fn open_writable(path: impl AsRef<Path>) -> std::io::Result<FileSource> {
        Self::with(OpenOptions::new().read(true).write(true).open(path)?, true)
    }

    fn with(file: File, writable: bool) -> std::io::Result<FileSource> {
        let size = file.metadata()?.len();
        Ok(FileSource { file, size, writable })
    }
}

impl ParameterSource for FileSource {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&self, offset: u64, dst: &mut [u8]) -> Result<(), String> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset)).and_then(|_| file.read_exact(dst)).map_err(|e| format!("{e}"))
    }

    fn is_writable(&self) -> bool {
        self.writable
    }

    fn write_at(&self, offset: u64, src: &[u8]) -> Result<(), String> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset)).and_then(|_| file.write_all(src)).map_err(|e| format!("{e}"))
    }
}
