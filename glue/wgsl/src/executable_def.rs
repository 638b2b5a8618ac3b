//! Reader for IREE's `vulkan-spirv-fb` executables (`iree/schemas/vulkan_executable_def.fbs`).
//!
//! Layout (what `iree-compile` 3.13.0 writes for `--iree-hal-target-device=vulkan`):
//! ```text
//! 64-byte header     "VKE1", u32 version 0, u64 size of what follows, zero padding
//! FlatBuffer         root uoffset, "VKE1", then the ExecutableDef table
//! ```
//! Every offset in an error is absolute within the executable's bytes.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use rt_core::vmfb::flatbuffer::{Buffer, Table};
use rt_core::{Error, Result};

const MAGIC: &[u8; 4] = b"VKE1";
const HEADER_SIZE: usize = 64;
/// `VkDescriptorType`: the only kind IREE's descriptor ABI binds.
const STORAGE_BUFFER: u32 = 7;

/// What one `vulkan-spirv-fb` executable holds, checked for internal consistency.
#[derive(Debug)]
pub struct ExecutableDef {
    pub pipelines: Vec<PipelineDef>,
    pub layouts: Vec<PipelineLayout>,
    pub shader_modules: Vec<ShaderModule>,
}

/// A shader module's SPIR-V, and where its first word sits in the executable's bytes.
#[derive(Debug)]
pub struct ShaderModule {
    pub words: Vec<u32>,
    pub offset: usize,
}

/// One export: a compute entry point of a shader module and the layout it is bound with.
#[derive(Debug)]
pub struct PipelineDef {
    pub entry_point: String,
    pub shader_module: usize,
    pub layout: usize,
    /// The `VK_EXT_subgroup_size_control` size the pipeline needs; 0 when it needs none.
    pub subgroup_size: u32,
}

/// The resources an entry point is bound with.
#[derive(Debug, PartialEq)]
pub struct PipelineLayout {
    /// Per descriptor set, the binding numbers of its storage buffers.
    pub sets: Vec<Vec<u32>>,
    /// Bytes of push constants the entry point reads (the end of the furthest range).
    pub push_constant_bytes: u32,
}

/// Reads an executable. `name` (the executable's name in the program) labels every error.
pub fn read(name: &str, bytes: &[u8]) -> Result<ExecutableDef> {
    let flatbuffer = header(name, bytes)?;
    // Each vector element and string byte is decoded at most once (see `Buffer::charge`).
    let budget = Cell::new(flatbuffer.len());
    let buf = Buffer::new(flatbuffer, HEADER_SIZE, &budget);
    if buf.len() < 8 || &flatbuffer[4..8] != MAGIC {
        return Err(Error::malformed(
            HEADER_SIZE + 4,
            format!("executable '{name}': the FlatBuffer's identifier is not 'VKE1'"),
        ));
    }
    let root = buf.root("ExecutableDef")?;
    let set_layouts = root.tables(1, "descriptor_set_layouts", |t| set_layout(name, t))?;
    let layouts = root.tables(2, "pipeline_layouts", |t| {
        pipeline_layout(name, t, &set_layouts)
    })?;
    let shader_modules = root.tables(3, "shader_modules", |t| spirv_words(name, t))?;
    let pipelines = root.tables(0, "pipelines", |t| {
        pipeline(t, layouts.len(), shader_modules.len())
    })?;
    if pipelines.is_empty() {
        return Err(Error::malformed(
            root.field_abs(0),
            format!("executable '{name}' exports no pipelines; expected at least one"),
        ));
    }
    Ok(ExecutableDef {
        pipelines,
        layouts,
        shader_modules,
    })
}

/// Checks the 64-byte header and returns the FlatBuffer it announces.
fn header<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a [u8]> {
    if bytes.len() < HEADER_SIZE || &bytes[..4] != MAGIC {
        return Err(Error::malformed(
            0,
            format!(
                "executable '{name}' does not start with a 64-byte 'VKE1' header; expected a \
                 vulkan-spirv-fb executable as iree-compile 3.13.0 writes it"
            ),
        ));
    }
    let version = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
    if version != 0 {
        return Err(Error::malformed(
            4,
            format!("executable '{name}' has header version {version}; expected version 0"),
        ));
    }
    let mut size = [0u8; 8];
    size.copy_from_slice(&bytes[8..16]);
    let size = u64::from_le_bytes(size);
    let available = (bytes.len() - HEADER_SIZE) as u64;
    if size > available {
        return Err(Error::malformed(
            8,
            format!(
                "executable '{name}' announces {size} bytes after its header but holds \
                 {available}; expected the whole FlatBuffer"
            ),
        ));
    }
    Ok(&bytes[HEADER_SIZE..HEADER_SIZE + size as usize])
}

fn set_layout(name: &str, t: Table<'_, '_>) -> Result<Vec<u32>> {
    t.tables(0, "bindings", |b| {
        let (binding, kind, count) = (
            b.u32(0, "binding", 0)?,
            b.u32(1, "descriptor_type", 0)?,
            b.u32(2, "descriptor_count", 1)?,
        );
        if kind != STORAGE_BUFFER || count != 1 {
            return Err(Error::unsupported(format!(
                "executable '{name}': binding {binding} is {count} descriptor(s) of Vulkan \
                 descriptor type {kind}; WebGPU translation supports one storage buffer \
                 (type 7) per binding, as --iree-vulkan-dispatch-abi=descriptors emits"
            )));
        }
        Ok(binding)
    })
}

fn pipeline_layout(
    name: &str,
    t: Table<'_, '_>,
    set_layouts: &[Vec<u32>],
) -> Result<PipelineLayout> {
    let mut sets = Vec::new();
    if let Some(ordinals) = t.vector(0, 4, "descriptor_set_layout_ordinals")? {
        ordinals.buffer().charge(
            ordinals.elem_pos(0),
            ordinals.len(),
            "descriptor_set_layout_ordinals",
        )?;
        for i in 0..ordinals.len() {
            let at = ordinals.elem_pos(i);
            let ordinal = ordinals
                .buffer()
                .u32_at(at, "descriptor_set_layout_ordinals")? as usize;
            let set = set_layouts.get(ordinal).ok_or_else(|| {
                Error::malformed(
                    ordinals.buffer().abs(at),
                    format!(
                        "executable '{name}': a pipeline layout names descriptor set layout \
                         {ordinal}; expected one of the {} it declares",
                        set_layouts.len()
                    ),
                )
            })?;
            sets.push(set.clone());
        }
    }
    let mut push_constant_bytes = 0u32;
    if let Some(ranges) = t.vector(1, 12, "push_constant_ranges")? {
        ranges
            .buffer()
            .charge(ranges.elem_pos(0), ranges.len(), "push_constant_ranges")?;
        for i in 0..ranges.len() {
            let at = ranges.elem_pos(i);
            let offset = ranges
                .buffer()
                .u32_at(at + 4, "push_constant_ranges.offset")?;
            let size = ranges
                .buffer()
                .u32_at(at + 8, "push_constant_ranges.size")?;
            let end = offset.checked_add(size).ok_or_else(|| {
                Error::malformed(
                    ranges.buffer().abs(at + 4),
                    format!("executable '{name}': push constant range {offset}+{size} overflows"),
                )
            })?;
            push_constant_bytes = push_constant_bytes.max(end);
        }
    }
    Ok(PipelineLayout {
        sets,
        push_constant_bytes,
    })
}

fn spirv_words(name: &str, t: Table<'_, '_>) -> Result<ShaderModule> {
    let Some(code) = t.vector(0, 4, "spirv_code")? else {
        return Err(Error::malformed(
            t.abs_pos(),
            format!("executable '{name}': a shader module has no SPIR-V code; expected its words"),
        ));
    };
    code.buffer()
        .charge(code.elem_pos(0), code.len(), "spirv_code")?;
    let words = (0..code.len())
        .map(|i| code.buffer().u32_at(code.elem_pos(i), "spirv_code"))
        .collect::<Result<_>>()?;
    Ok(ShaderModule {
        words,
        offset: code.buffer().abs(code.elem_pos(0)),
    })
}

fn pipeline(t: Table<'_, '_>, layouts: usize, shader_modules: usize) -> Result<PipelineDef> {
    let entry_point = String::from(t.required_string(1, "entry_point")?);
    let ordinal = |slot: u16, field: &str, count: usize| -> Result<usize> {
        let value = t.u32(slot, field, 0)? as usize;
        if value >= count {
            return Err(Error::malformed(
                t.field_abs(slot),
                format!(
                    "pipeline '{entry_point}': {field} is {value}; expected one of the {count} \
                     the executable declares"
                ),
            ));
        }
        Ok(value)
    };
    Ok(PipelineDef {
        shader_module: ordinal(0, "shader_module_ordinal", shader_modules)?,
        layout: ordinal(2, "pipeline_layout_ordinal", layouts)?,
        subgroup_size: t.u32(3, "subgroup_size", 0)?,
        entry_point,
    })
}
