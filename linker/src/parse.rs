//! Reads what the linker needs from a side module: `dylink.0`, types, imports, functions,
//! exports, data and element segments, the data relocations, names and target features.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use wasmparser::{
    BinaryReader, Dylink0Subsection, ExternalKind, KnownCustom, Name, Operator, Parser, Payload,
    TypeRef, ValType,
};

use crate::error::{Error, ErrorKind};
use crate::relocs::{self, Relocation};

/// The export naming the function that relocates the module's data.
pub const DATA_RELOCS_EXPORT: &str = "__wasm_apply_data_relocs";

/// `dylink.0` contents (the `WASM_DYLINK_MEM_INFO` and `WASM_DYLINK_NEEDED` subsections).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dylink {
    /// Bytes of static data the module expects at `__memory_base`.
    pub memory_size: u32,
    /// log2 of the alignment `__memory_base` must have.
    pub memory_p2align: u32,
    /// Table slots the module expects at `__table_base`.
    pub table_size: u32,
    /// log2 of the alignment `__table_base` must have.
    pub table_p2align: u32,
    /// Other side modules this one needs loaded first.
    pub needed: Vec<String>,
    /// Ids of subsections that were skipped (for example 6, the target arch string).
    pub skipped_subsections: Vec<u8>,
}

/// A function signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub params: Vec<ValType>,
    pub results: Vec<ValType>,
}

impl core::fmt::Display for Signature {
    /// `(i32, i32, i32) -> i32`
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let list = |types: &[ValType]| {
            types
                .iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(f, "({}) -> ({})", list(&self.params), list(&self.results))
    }
}

/// One import, with the byte offset of its entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub module: String,
    pub name: String,
    pub ty: TypeRef,
    pub offset: u64,
}

/// The constant expression placing an active segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    I32Const(i32),
    GlobalGet(u32),
}

/// A data segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSegment {
    /// `Some((memory, offset))` for an active segment, `None` for a passive one.
    pub active: Option<(u32, Placement)>,
    pub len: u32,
    pub offset: u64,
}

/// An element segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementSegment {
    /// `Some((table, offset))` for an active segment.
    pub active: Option<(u32, Placement)>,
    pub count: u32,
    /// The function indices it lists; `None` when its items are expressions.
    pub functions: Option<Vec<u32>>,
    pub offset: u64,
}

/// Everything the planner and the passes read from a module.
#[derive(Debug, Clone, Default)]
pub struct ModuleInfo {
    pub dylink: Option<Dylink>,
    pub types: Vec<Signature>,
    pub imports: Vec<Import>,
    pub imported_funcs: u32,
    pub imported_globals: u32,
    /// Type index of every defined function, in order.
    pub func_types: Vec<u32>,
    pub defined_globals: u32,
    /// `i32.const` initial value of each defined global (`None` for other initialisers).
    pub global_inits: Vec<Option<u32>>,
    pub has_global_section: bool,
    pub exports: Vec<(String, ExternalKind, u32)>,
    pub data: Vec<DataSegment>,
    pub elements: Vec<ElementSegment>,
    pub has_data_count: bool,
    pub has_start: bool,
    /// The stores of [`DATA_RELOCS_EXPORT`], when it is a function defined here, or why its
    /// body is not the relocation code wasm-ld generates (the planner refuses such a module;
    /// the linker's own passes re-parse modules whose relocations no longer have that form).
    pub relocations: Option<Result<Vec<Relocation>, Error>>,
    /// `(prefix, feature)` pairs from `target_features`; prefix `+` used, `-` disallowed.
    pub target_features: Vec<(char, String)>,
    /// Function names from the `name` section (index → name).
    pub func_names: BTreeMap<u32, String>,
    /// The module's name from the `name` section.
    pub name: Option<String>,
}

impl ModuleInfo {
    /// The signature of function `index` (imported or defined).
    pub fn func_signature(&self, index: u32) -> Option<&Signature> {
        let ty = if index < self.imported_funcs {
            let mut n = 0;
            let mut found = None;
            for imp in &self.imports {
                if let TypeRef::Func(t) = imp.ty {
                    if n == index {
                        found = Some(t);
                        break;
                    }
                    n += 1;
                }
            }
            found?
        } else {
            *self
                .func_types
                .get((index - self.imported_funcs) as usize)?
        };
        self.types.get(ty as usize)
    }

    /// Index of the function exported as `name`.
    pub fn exported_func(&self, name: &str) -> Option<u32> {
        self.exports
            .iter()
            .find(|(n, k, _)| n == name && *k == ExternalKind::Func)
            .map(|(_, _, i)| *i)
    }

    /// Global index of the imported global `module.name`.
    pub fn imported_global(&self, module: &str, name: &str) -> Option<u32> {
        self.imports
            .iter()
            .filter(|i| matches!(i.ty, TypeRef::Global(_)))
            .position(|i| i.module == module && i.name == name)
            .map(|p| p as u32)
    }

    /// Index of the first defined function called `name` in the `name` section.
    pub fn defined_func_named(&self, name: &str) -> Option<u32> {
        self.func_names
            .iter()
            .find(|(i, n)| **i >= self.imported_funcs && n.as_str() == name)
            .map(|(i, _)| *i)
    }
}

fn section_name(payload: &Payload<'_>) -> &'static str {
    match payload {
        Payload::Version { .. } => "header",
        Payload::TypeSection(_) => "type",
        Payload::ImportSection(_) => "import",
        Payload::FunctionSection(_) => "function",
        Payload::TableSection(_) => "table",
        Payload::MemorySection(_) => "memory",
        Payload::TagSection(_) => "tag",
        Payload::GlobalSection(_) => "global",
        Payload::ExportSection(_) => "export",
        Payload::StartSection { .. } => "start",
        Payload::ElementSection(_) => "element",
        Payload::DataCountSection { .. } => "datacount",
        Payload::DataSection(_) => "data",
        Payload::CodeSectionStart { .. } | Payload::CodeSectionEntry(_) => "code",
        Payload::CustomSection(_) => "custom",
        _ => "module",
    }
}

fn placement(section: &str, expr: &wasmparser::ConstExpr<'_>) -> Result<Placement, Error> {
    let mut ops = expr.get_operators_reader();
    let offset = ops.original_position();
    let first = ops.read().map_err(|e| Error::malformed(section, &e))?;
    let place = match first {
        Operator::I32Const { value } => Placement::I32Const(value),
        Operator::GlobalGet { global_index } => Placement::GlobalGet(global_index),
        // (Not printed with `{:?}`: the operators' Debug code would add 50 KB to the runtime.)
        _ => {
            return Err(Error::unsupported(
                section,
                offset,
                "segment offset expression starts with an operator other than i32.const or global.get",
            ))
        }
    };
    match ops.read().map_err(|e| Error::malformed(section, &e))? {
        Operator::End => Ok(place),
        _ => Err(Error::unsupported(
            section,
            offset,
            "segment offset expression has more than one operator (expected i32.const or global.get)",
        )),
    }
}

/// Parses `bytes` as a core wasm module. Any malformed part is an error naming its section and
/// byte offset.
pub fn parse(bytes: &[u8]) -> Result<ModuleInfo, Error> {
    let mut info = ModuleInfo::default();
    let mut section = "header";
    let mut code_entries = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| Error::malformed(section, &e))?;
        section = section_name(&payload);
        let m = |e: wasmparser::BinaryReaderError| Error::malformed(section, &e);
        match payload {
            Payload::Version {
                encoding, range, ..
            } => {
                if encoding != wasmparser::Encoding::Module {
                    return Err(Error::unsupported(
                        "header",
                        range.start,
                        "a component, not a core module",
                    ));
                }
            }
            Payload::TypeSection(reader) => {
                for group in reader.into_iter_with_offsets() {
                    let (offset, group) = group.map_err(m)?;
                    for sub in group.into_types() {
                        match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => info.types.push(Signature {
                                params: f.params().to_vec(),
                                results: f.results().to_vec(),
                            }),
                            _ => {
                                return Err(Error::unsupported(
                                    "type",
                                    offset,
                                    "a non-function type",
                                ))
                            }
                        }
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for imp in reader.into_imports_with_offsets() {
                    let (offset, imp) = imp.map_err(m)?;
                    match imp.ty {
                        TypeRef::Func(_) => info.imported_funcs += 1,
                        TypeRef::Global(_) => info.imported_globals += 1,
                        _ => {}
                    }
                    info.imports.push(Import {
                        module: imp.module.to_string(),
                        name: imp.name.to_string(),
                        ty: imp.ty,
                        offset,
                    });
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    info.func_types.push(ty.map_err(m)?);
                }
            }
            Payload::GlobalSection(reader) => {
                info.has_global_section = true;
                for g in reader {
                    let g = g.map_err(m)?;
                    info.defined_globals += 1;
                    let mut ops = g.init_expr.get_operators_reader();
                    let init = match ops.read() {
                        Ok(Operator::I32Const { value }) => Some(value as u32),
                        _ => None,
                    };
                    info.global_inits.push(init);
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e.map_err(m)?;
                    info.exports.push((e.name.to_string(), e.kind, e.index));
                }
            }
            Payload::StartSection { .. } => info.has_start = true,
            Payload::ElementSection(reader) => {
                for el in reader.into_iter_with_offsets() {
                    let (offset, el) = el.map_err(m)?;
                    let (count, functions) = match &el.items {
                        wasmparser::ElementItems::Functions(r) => (
                            r.count(),
                            Some(r.clone().into_iter().collect::<Result<Vec<_>, _>>().map_err(m)?),
                        ),
                        wasmparser::ElementItems::Expressions(_, r) => (r.count(), None),
                    };
                    let active = match &el.kind {
                        wasmparser::ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => Some((table_index.unwrap_or(0), placement("element", offset_expr)?)),
                        _ => None,
                    };
                    info.elements.push(ElementSegment {
                        active,
                        count,
                        functions,
                        offset,
                    });
                }
            }
            Payload::DataCountSection { .. } => info.has_data_count = true,
            Payload::DataSection(reader) => {
                for d in reader.into_iter_with_offsets() {
                    let (offset, d) = d.map_err(m)?;
                    let active = match &d.kind {
                        wasmparser::DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => Some((*memory_index, placement("data", offset_expr)?)),
                        wasmparser::DataKind::Passive => None,
                    };
                    info.data.push(DataSegment {
                        active,
                        len: d.data.len() as u32,
                        offset,
                    });
                }
            }
            Payload::CodeSectionEntry(body) => {
                // Walk every operator so a malformed body is reported here, with its offset.
                let mut ops = body.get_operators_reader().map_err(m)?;
                while !ops.eof() {
                    ops.read().map_err(m)?;
                }
                let index = info.imported_funcs + code_entries;
                code_entries += 1;
                if info.exported_func(DATA_RELOCS_EXPORT) == Some(index) {
                    info.relocations = Some(relocs::read(&body));
                }
            }
            Payload::CustomSection(reader) => {
                let name = reader.name();
                match reader.as_known() {
                    KnownCustom::Dylink0(sub) => info.dylink = Some(parse_dylink(sub)?),
                    KnownCustom::Name(names) => {
                        for n in names {
                            let n = n.map_err(|e| Error::malformed("name", &e))?;
                            match n {
                                Name::Function(map) => {
                                    for naming in map {
                                        let naming =
                                            naming.map_err(|e| Error::malformed("name", &e))?;
                                        info.func_names
                                            .insert(naming.index, naming.name.to_string());
                                    }
                                }
                                Name::Module { name, .. } => info.name = Some(name.to_string()),
                                _ => {}
                            }
                        }
                    }
                    _ if name == "target_features" => {
                        info.target_features =
                            parse_target_features(reader.data(), reader.data_offset())?;
                    }
                    _ => {}
                }
            }
            Payload::End(_) => {}
            Payload::CodeSectionStart { .. }
            | Payload::TableSection(_)
            | Payload::MemorySection(_)
            | Payload::TagSection(_) => {}
            other => {
                return Err(Error::unsupported(
                    section_name(&other),
                    other.as_section().map(|(_, r)| r.start).unwrap_or(0),
                    "a section core wasm modules do not have",
                ))
            }
        }
    }
    Ok(info)
}

fn parse_dylink(reader: wasmparser::Dylink0SectionReader<'_>) -> Result<Dylink, Error> {
    let mut dylink = Dylink::default();
    for sub in reader {
        let sub = sub.map_err(|e| Error::malformed("dylink.0", &e))?;
        match sub {
            Dylink0Subsection::MemInfo(mi) => {
                dylink.memory_size = mi.memory_size;
                dylink.memory_p2align = mi.memory_alignment;
                dylink.table_size = mi.table_size;
                dylink.table_p2align = mi.table_alignment;
            }
            Dylink0Subsection::Needed(names) => dylink
                .needed
                .extend(names.into_iter().map(|s| s.to_string())),
            Dylink0Subsection::ExportInfo(_) => dylink.skipped_subsections.push(3),
            Dylink0Subsection::ImportInfo(_) => dylink.skipped_subsections.push(4),
            Dylink0Subsection::RuntimePath(_) => dylink.skipped_subsections.push(5),
            Dylink0Subsection::TargetArch(_) => dylink.skipped_subsections.push(6),
            Dylink0Subsection::Unknown { ty, .. } => dylink.skipped_subsections.push(ty),
        }
    }
    if dylink.memory_p2align >= 32 || dylink.table_p2align >= 32 {
        return Err(Error::new(
            ErrorKind::Malformed,
            "dylink.0",
            0,
            "alignment exponent out of range",
        ));
    }
    Ok(dylink)
}

fn parse_target_features(data: &[u8], offset: u64) -> Result<Vec<(char, String)>, Error> {
    let mut r = BinaryReader::new(data, offset);
    let m = |e: wasmparser::BinaryReaderError| Error::malformed("target_features", &e);
    let count = r.read_var_u32().map_err(m)?;
    let mut out = Vec::new();
    for _ in 0..count {
        let at = r.original_position();
        let prefix = r.read_u8().map_err(m)?;
        let name = r.read_string().map_err(m)?;
        let prefix = match prefix {
            b'+' | b'-' | b'=' => prefix as char,
            other => {
                return Err(Error::new(
                    ErrorKind::Malformed,
                    "target_features",
                    at,
                    alloc::format!("unknown feature prefix {other:#x}"),
                ))
            }
        };
        out.push((prefix, name.to_string()));
    }
    Ok(out)
}
