//! Parameter indices: the entries of each file, merged per scope.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use hashbrown::HashMap;

use super::source::{ParameterSource, Reader};
use super::{gguf, irpa, safetensors};
use crate::{Error, Result};

/// How a parameter file's index is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// IREE parameter archive (`.irpa`).
    Irpa,
    Safetensors,
    Gguf,
}

impl Format {
    /// The format a file name's extension says, as `iree-run-module --parameters` chooses it
    /// (case-insensitive; a name without an extension may be the bare extension, `irpa`).
    pub fn from_name(name: &str) -> Result<Format> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let extension = base.rsplit_once('.').map_or(base, |(_, e)| e);
        match extension.to_ascii_lowercase().as_str() {
            "irpa" => Ok(Format::Irpa),
            "safetensors" => Ok(Format::Safetensors),
            "gguf" => Ok(Format::Gguf),
            _ => Err(Error::parameter_file(
                name,
                format!("unsupported file format `{extension}`; the name must end in one of the supported formats: .irpa, .gguf, .safetensors"),
            )),
        }
    }
}

/// Where a parameter's bytes are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Storage {
    /// At `offset` of its file.
    File { offset: u64 },
    /// Nowhere: a little-endian pattern of `pattern_length` bytes repeated (an IRPA splat).
    Splat { pattern: [u8; 16], pattern_length: u8 },
}

/// One parameter of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// Its size in bytes.
    pub length: u64,
    pub storage: Storage,
}

/// A file given to a scope: its name (for messages and the format) and its bytes.
pub struct ParameterFile {
    pub name: String,
    pub source: Box<dyn ParameterSource>,
}

/// The parameters of one scope, from one or more files. A key in several files resolves to
/// the first file that has it, as in iree-run-module's index.
#[derive(Default)]
pub struct ParameterIndex {
    files: Vec<ParameterFile>,
    /// Entries with the position of their file in `files`.
    entries: Vec<(Entry, usize)>,
    first_by_key: HashMap<String, usize>,
}

impl ParameterIndex {
    /// Indexes `source` in the format its name says and appends its entries; a file that
    /// cannot be indexed adds nothing. Returns the number of entries it added.
    pub fn add_file(&mut self, name: &str, source: Box<dyn ParameterSource>) -> Result<usize> {
        let format = Format::from_name(name)?;
        let mut reader = Reader::new(source.as_ref(), name);
        let entries = match format {
            Format::Irpa => irpa::parse(&mut reader)?,
            Format::Safetensors => safetensors::parse(&mut reader)?,
            Format::Gguf => gguf::parse(&mut reader)?,
        };
        let file = self.files.len();
        self.files.push(ParameterFile { name: String::from(name), source });
        let added = entries.len();
        for entry in entries {
            self.first_by_key.entry(entry.key.clone()).or_insert(self.entries.len());
            self.entries.push((entry, file));
        }
        Ok(added)
    }

    /// The entry for `key` and the file it is in.
    pub fn lookup(&self, key: &str) -> Option<(&Entry, &ParameterFile)> {
        let (entry, file) = &self.entries[*self.first_by_key.get(key)?];
        Some((entry, &self.files[*file]))
    }

    /// Every entry in file order (keys repeated in later files included).
    pub fn entries(&self) -> impl Iterator<Item = (&Entry, &ParameterFile)> {
        self.entries.iter().map(|(e, f)| (e, &self.files[*f]))
    }

    /// The names of the files, in the order they were added.
    pub fn file_names(&self) -> Vec<&str> {
        self.files.iter().map(|f| f.name.as_str()).collect()
    }
}

/// Indices by scope name; the empty name is the scope of parameters named without one
/// (`#flow.parameter.named<"key">`, and `iree-run-module --parameters=FILE`).
#[derive(Default)]
pub struct ParameterScopes {
    scopes: Vec<(String, ParameterIndex)>,
}

impl ParameterScopes {
    /// Adds a file to `scope` (created on first use); see `ParameterIndex::add_file`.
    pub fn add_file(&mut self, scope: &str, name: &str, source: Box<dyn ParameterSource>) -> Result<usize> {
        let position = match self.scopes.iter().position(|(s, _)| s == scope) {
            Some(p) => p,
            None => {
                self.scopes.push((String::from(scope), ParameterIndex::default()));
                self.scopes.len() - 1
            }
        };
        let added = self.scopes[position].1.add_file(name, source);
        if self.scopes[position].1.files.is_empty() {
            self.scopes.remove(position);
        }
        added
    }

    pub fn index(&self, scope: &str) -> Option<&ParameterIndex> {
        self.scopes.iter().find(|(s, _)| s == scope).map(|(_, i)| i)
    }

    /// The scope names, in the order they were first given a file.
    pub fn scope_names(&self) -> Vec<&str> {
        self.scopes.iter().map(|(s, _)| s.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    /// A safetensors file with the given (key, bytes) entries, all U8.
    fn safetensors(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut header = String::from("{");
        let mut data = Vec::new();
        for (i, (key, bytes)) in entries.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            header.push_str(&format!(
                "{sep}\"{key}\":{{\"dtype\":\"U8\",\"shape\":[{}],\"data_offsets\":[{},{}]}}",
                bytes.len(),
                data.len(),
                data.len() + bytes.len()
            ));
            data.extend_from_slice(bytes);
        }
        header.push('}');
        let mut file = (header.len() as u64).to_le_bytes().to_vec();
        file.extend_from_slice(header.as_bytes());
        file.extend_from_slice(&data);
        file
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(Format::from_name("dir.v2/Model.IRPA").unwrap(), Format::Irpa);
        assert_eq!(Format::from_name("w.safetensors").unwrap(), Format::Safetensors);
        assert_eq!(Format::from_name("gguf").unwrap(), Format::Gguf);
        let err = Format::from_name("/tmp/model.bin").unwrap_err().to_string();
        assert_eq!(
            err,
            "parameter file '/tmp/model.bin': unsupported file format `bin`; the name must end in one of the supported \
             formats: .irpa, .gguf, .safetensors"
        );
    }

    #[test]
    fn the_first_file_with_a_key_wins_and_bad_files_add_nothing() {
        let mut scopes = ParameterScopes::default();
        let a = safetensors(&[("w", &[1, 2]), ("b", &[3])]);
        let b = safetensors(&[("b", &[9]), ("c", &[4, 5, 6])]);
        assert_eq!(scopes.add_file("model", "a.safetensors", Box::new(a)).unwrap(), 2);
        assert_eq!(scopes.add_file("model", "b.safetensors", Box::new(b)).unwrap(), 2);
        assert!(scopes.add_file("other", "c.safetensors", Box::new(vec![1u8, 2])).is_err());
        assert_eq!(scopes.scope_names(), ["model"]);
        let index = scopes.index("model").unwrap();
        let (entry, file) = index.lookup("b").unwrap();
        assert_eq!((entry.length, file.name.as_str()), (1, "a.safetensors"));
        assert_eq!(index.lookup("c").unwrap().1.name, "b.safetensors");
        assert!(index.lookup("d").is_none());
        assert_eq!(index.entries().count(), 4);
        assert_eq!(index.file_names(), ["a.safetensors", "b.safetensors"]);
    }
}
