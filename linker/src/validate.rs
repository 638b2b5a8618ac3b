//! Validation of the linker's input and output (the `validate` feature).

use alloc::string::{String, ToString};
use wasmparser::{Validator, WasmFeatures};

use crate::error::{Error, ErrorKind};
use crate::parse;

/// The features the runtime's engines have (and outputs are validated with).
pub fn features() -> WasmFeatures {
    WasmFeatures::default()
        | WasmFeatures::THREADS
        | WasmFeatures::SIMD
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::MULTI_VALUE
        | WasmFeatures::REFERENCE_TYPES
}

/// Validates `bytes` with [`features`]. A failure is an [`ErrorKind::Invalid`] error naming the
/// section containing the offending byte.
pub fn validate(bytes: &[u8]) -> Result<(), Error> {
    Validator::new_with_features(features())
        .validate_all(bytes)
        .map(|_| ())
        .map_err(|e| {
            let section = section_at(bytes, e.offset()).unwrap_or_else(|| "module".to_string());
            let mut message = String::from(e.message());
            if let Some(func) = function_at(bytes, e.offset()) {
                message = alloc::format!("{message} (in {func})");
            }
            Error::new(ErrorKind::Invalid, &section, e.offset(), message)
        })
}

/// Name of the section whose bytes contain `offset`.
fn section_at(bytes: &[u8], offset: u64) -> Option<String> {
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let payload = payload.ok()?;
        if let Some((id, range)) = payload.as_section() {
            if range.contains(&offset) {
                let name = match &payload {
                    wasmparser::Payload::CustomSection(c) => c.name().to_string(),
                    _ => match id {
                        1 => "type",
                        2 => "import",
                        3 => "function",
                        4 => "table",
                        5 => "memory",
                        6 => "global",
                        7 => "export",
                        8 => "start",
                        9 => "element",
                        10 => "code",
                        11 => "data",
                        12 => "datacount",
                        13 => "tag",
                        _ => "unknown",
                    }
                    .to_string(),
                };
                return Some(name);
            }
        }
    }
    None
}

/// "function N `name`" for the code body containing `offset`.
fn function_at(bytes: &[u8], offset: u64) -> Option<String> {
    let info = parse::parse(bytes).ok();
    let mut index = info.as_ref().map(|i| i.imported_funcs).unwrap_or(0);
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload {
            if body.range().contains(&offset) {
                let name = info
                    .as_ref()
                    .and_then(|i| i.func_names.get(&index))
                    .cloned();
                return Some(match name {
                    Some(n) => alloc::format!("function {index} `{n}`"),
                    None => alloc::format!("function {index}"),
                });
            }
            index += 1;
        }
    }
    None
}

