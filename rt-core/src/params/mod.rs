//! External parameters: the files programs' `#flow.parameter.named<"scope"::"key">` globals
//! are read from (through the `io_parameters` module, `modules::io_parameters`).
//!
//! Scope: the byte sources the embedder supplies (`ParameterSource`), the index formats IREE
//! 3.13.0 reads (`.irpa` archives, safetensors, GGUF; chosen by the file name's extension as
//! `iree-run-module --parameters` chooses), and the index of each scope, merged over its files
//! (`ParameterScopes`). Indexing reads only the files' headers; a parameter's bytes are read
//! later, straight into the HAL buffer they land in. And which parameters a program reads,
//! from its bytecode (`parameters_read`), for tools that describe programs.
//!
//! Non-goals: opening files or URLs (the embedder's `ParameterSource` does; `FileSource`, with
//! the `std` feature, reads files for native tools), writing archives.

#[cfg(feature = "std")]
mod file;
mod gguf;
mod index;
mod irpa;
mod json;
mod program;
mod safetensors;
mod source;

#[cfg(feature = "std")]
pub use file::FileSource;
pub use index::{Entry, ParameterFile, ParameterIndex, ParameterScopes, Storage};
pub use program::{parameters_read, ParameterCall, ParameterRead};
pub use source::ParameterSource;
