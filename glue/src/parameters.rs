//! Parameter files whose bytes JavaScript reads (wasm32 only): the `ParameterSource` over a
//! JS object that glue/js/parameters.mjs makes for each file of `load(program, {parameters})`.
//!
//! Reads are synchronous, as `io_parameters` needs them inside the program's initializer: the
//! JS object fills linear memory at the address it is given (a Node `fs.readSync`, a
//! `FileReaderSync` slice, a synchronous range request, or a copy from bytes it holds), so a
//! parameter lands straight in its HAL buffer without passing through a Rust copy.

use alloc::boxed::Box;
use alloc::string::String;

use rt_core::{ParameterScopes, ParameterSource, Storage};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A parameter file as glue/js/parameters.mjs implements it.
    pub type JsParameterFile;

    /// The file's size in bytes.
    #[wasm_bindgen(method)]
    fn size(this: &JsParameterFile) -> f64;

    /// Writes the `length` bytes at `offset` of the file to linear memory at `address`;
    /// returns nothing, or why it could not (it never throws).
    #[wasm_bindgen(method, js_name = readAt)]
    fn read_at(this: &JsParameterFile, offset: f64, address: u32, length: u32) -> Option<String>;
}

/// A [`JsParameterFile`] as rt-core reads parameter files.
pub struct JsSource {
    file: JsParameterFile,
    size: u64,
}

impl JsSource {
    pub fn new(file: JsParameterFile) -> JsSource {
        let size = file.size();
        // Sizes come from JS numbers; anything but a whole number in range reads as empty,
        // which indexing then reports as a truncated file.
        let size = if size.is_finite() && size >= 0.0 && size <= (1u64 << 53) as f64 { size as u64 } else { 0 };
        JsSource { file, size }
    }
}

impl ParameterSource for JsSource {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&self, offset: u64, dst: &mut [u8]) -> Result<(), String> {
        if dst.is_empty() {
            return Ok(());
        }
        // Linear memory is below 4 GiB, so the address and length fit in u32.
        let (address, length) = (dst.as_mut_ptr() as usize as u32, dst.len() as u32);
        match self.file.read_at(offset as f64, address, length) {
            None => Ok(()),
            Some(why) => Err(why),
        }
    }
}

/// Adds `file` to `scope` of `scopes` under `name` (its extension says the format) and
/// returns the bytes its parameters store (splats store none): what the initializer may read
/// from it, for the load's progress.
pub fn add(scopes: &mut ParameterScopes, scope: &str, name: &str, file: JsParameterFile) -> rt_core::Result<f64> {
    let before = scopes.index(scope).map_or(0, |i| i.entries().count());
    scopes.add_file(scope, name, Box::new(JsSource::new(file)))?;
    let index = scopes.index(scope).expect("a scope with a file");
    Ok(index
        .entries()
        .skip(before)
        .filter(|(e, _)| matches!(e.storage, Storage::File { .. }))
        .map(|(e, _)| e.length as f64)
        .sum())
}
