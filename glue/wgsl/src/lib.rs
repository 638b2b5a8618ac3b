//! Translates IREE's `vulkan-spirv-fb` executables into WGSL compute pipelines, for Weft's
//! WebGPU device.
//!
//! The released compiler (3.13.0) has no WebGPU target, but its Vulkan target's SPIR-V
//! translates to WGSL: naga reads it, [`spirv_rewrite`] first fixes what naga would
//! mistranslate, [`push_constants`] moves the push constants WebGPU lacks into a uniform
//! buffer, and naga's validator checks the result against WGSL's rules before naga writes it.
//! Descriptor set `s`, binding `b` stays `@group(s) @binding(b)`. Anything WebGPU cannot
//! express is an `Unsupported` error naming the executable and what it needs.
//!
//! A crate of its own, built to a wasm module of its own, so that pages that never run a GPU
//! program never download naga.
#![no_std]

extern crate alloc;

pub mod executable_def;
pub mod limits;
pub mod push_constants;
pub mod spirv_rewrite;

pub use limits::DeviceLimits;
pub use push_constants::PushConstantBuffer;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use rt_core::{Error, Result};

/// One executable, translated: WGSL per shader module and what each pipeline is built with.
#[derive(Debug)]
pub struct Executable {
    pub shaders: Vec<String>,
    pub pipelines: Vec<Pipeline>,
}

/// One export of the executable, as a compute pipeline.
#[derive(Debug)]
pub struct Pipeline {
    /// The export's name in the program (IREE's entry point name).
    pub name: String,
    /// Index into [`Executable::shaders`].
    pub shader: usize,
    /// The WGSL entry point.
    pub entry_point: String,
    pub workgroup_size: [u32; 3],
    pub workgroup_storage_bytes: u32,
    /// Per bind group (IREE's descriptor set), the binding numbers of its storage buffers.
    pub bind_groups: Vec<Vec<u32>>,
    /// Per bind group, the storage buffers the entry point may write: only these need
    /// reading back after a dispatch.
    pub written: Vec<Vec<u32>>,
    /// Per bind group, the storage buffers the WGSL declares `read_write` (those some entry
    /// point of its module writes); the others are `read`, so WebGPU lets them share
    /// overlapping ranges of one buffer.
    pub writable: Vec<Vec<u32>>,
    pub push_constants: Option<PushConstantBuffer>,
}

/// Translates the executable `name` (its bytes as the program holds them).
pub fn translate(name: &str, bytes: &[u8]) -> Result<Executable> {
    let def = executable_def::read(name, bytes)?;
    let mut modules = def
        .shader_modules
        .iter()
        .enumerate()
        .map(|(index, shader)| {
            // The push constants' bind group follows every descriptor set of the pipelines
            // this module serves.
            let users = def.pipelines.iter().filter(|p| p.shader_module == index);
            let group = users
                .map(|p| def.layouts[p.layout].sets.len())
                .max()
                .unwrap_or(0);
            let mut module = read_spirv(name, &shader.words, shader.offset)?;
            let push_constants =
                push_constants::to_uniform_buffer(name, &mut module, group as u32)?;
            let storage = workgroup_storage_bytes(&module);
            Ok((module, push_constants, storage))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut pipelines = def
        .pipelines
        .iter()
        .enumerate()
        .map(|(p, pipeline)| {
            let shader = &def.shader_modules[pipeline.shader_module];
            let (module, push_constants, storage) = &mut modules[pipeline.shader_module];
            if computes_on_f16(&pipeline.entry_point) {
                return Err(Error::unsupported(format!(
                    "executable '{name}' pipeline '{}' computes on f16, which the compiler's \
                     vulkan target (no 16-bit storage) keeps as f32 in buffers the program \
                     sizes for f16, so its results would be wrong; run this program on the CPU",
                    pipeline.entry_point
                )));
            }
            if pipeline.subgroup_size != 0 {
                return Err(Error::unsupported(format!(
                    "executable '{name}' pipeline '{}' needs subgroups of {}, which WebGPU \
                     cannot require",
                    pipeline.entry_point, pipeline.subgroup_size
                )));
            }
            let entry = module
                .entry_points
                .iter_mut()
                .find(|e| e.name == pipeline.entry_point);
            let entry = entry.ok_or_else(|| {
                Error::malformed(
                    shader.offset,
                    format!(
                        "executable '{name}': pipeline '{}' names an entry point its shader \
                         module does not have",
                        pipeline.entry_point
                    ),
                )
            })?;
            if entry.stage != naga::ShaderStage::Compute {
                return Err(Error::unsupported(format!(
                    "executable '{name}' pipeline '{}' is not a compute shader",
                    pipeline.entry_point
                )));
            }
            // Named by pipeline so the WGSL name is known; naga keeps a name that is unique and
            // does not end in a digit.
            entry.name = format!("pipeline_{p}_main");
            Ok(Pipeline {
                name: pipeline.entry_point.clone(),
                shader: pipeline.shader_module,
                entry_point: entry.name.clone(),
                workgroup_size: entry.workgroup_size,
                workgroup_storage_bytes: *storage,
                bind_groups: def.layouts[pipeline.layout].sets.clone(),
                written: Vec::new(), // known once the module is validated, below
                writable: Vec::new(),
                push_constants: *push_constants,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for (module, ..) in &mut modules {
        let info = validate(name, module)?;
        declare_read_only(module, &info);
    }
    let validated = modules
        .iter()
        .map(|(module, ..)| validate(name, module))
        .collect::<Result<Vec<_>>>()?;
    for pipeline in &mut pipelines {
        let (module, ..) = &modules[pipeline.shader];
        pipeline.written = written_bindings(module, &validated[pipeline.shader], pipeline);
        pipeline.writable = bindings_where(module, pipeline, |variable| {
            matches!(variable.space, naga::AddressSpace::Storage { access } if access.contains(naga::StorageAccess::STORE))
        });
    }
    let shaders = modules
        .iter()
        .zip(&validated)
        .map(|((module, ..), info)| write_wgsl(name, module, info))
        .collect::<Result<Vec<_>>>()?;
    Ok(Executable { shaders, pipelines })
}

/// Whether IREE's name for a dispatch lists f16 among its element types (`..._f32xf16`): the
/// SPIR-V itself no longer says so, as the compiler widened every f16 to f32.
fn computes_on_f16(entry_point: &str) -> bool {
    entry_point.split(['_', 'x']).any(|token| token == "f16")
}

fn read_spirv(name: &str, words: &[u32], offset: usize) -> Result<naga::Module> {
    let words = spirv_rewrite::rewrite(name, words, offset)?;
    let options = naga::front::spv::Options {
        adjust_coordinate_space: false,
        strict_capabilities: true,
        block_ctx_dump_prefix: None,
    };
    naga::front::spv::Frontend::new(words.into_iter(), &options)
        .parse()
        .map_err(|e| {
            Error::unsupported(format!(
                "executable '{name}': its SPIR-V cannot be translated to WGSL: {e}"
            ))
        })
}

/// naga's validator, with no optional capabilities: what any WebGPU implementation accepts.
fn validate(name: &str, module: &naga::Module) -> Result<naga::valid::ModuleInfo> {
    use naga::valid::{Capabilities, ValidationFlags, Validator};
    Validator::new(ValidationFlags::all(), Capabilities::empty())
        .validate(module)
        .map_err(|e| {
            // naga's message names the function; its causes say what in it is invalid.
            let mut message = format!("{}", e.as_inner());
            let mut cause = core::error::Error::source(e.as_inner());
            while let Some(c) = cause {
                message = format!("{message}: {c}");
                cause = c.source();
            }
            Error::unsupported(format!("executable '{name}': its translation is not valid WGSL: {message}"))
        })
}

fn write_wgsl(name: &str, module: &naga::Module, info: &naga::valid::ModuleInfo) -> Result<String> {
    naga::back::wgsl::write_string(module, info, naga::back::wgsl::WriterFlags::empty()).map_err(
        |e| Error::unsupported(format!("executable '{name}': WGSL cannot express it: {e}")),
    )
}

/// Per bind group of `pipeline`, the bindings its entry point writes (naga's global uses).
fn written_bindings(module: &naga::Module, info: &naga::valid::ModuleInfo, pipeline: &Pipeline) -> Vec<Vec<u32>> {
    let entry = module.entry_points.iter().position(|e| e.name == pipeline.entry_point);
    let Some(uses) = entry.map(|e| info.get_entry_point(e)) else {
        return Vec::new();
    };
    let handles: Vec<_> = module.global_variables.iter().map(|(handle, _)| handle).collect();
    let mut next = handles.into_iter();
    bindings_where(module, pipeline, |_| next.next().is_some_and(|handle| uses[handle].contains(naga::valid::GlobalUse::WRITE)))
}

/// Per bind group of `pipeline`, the bindings of the module's globals (in their order) for
/// which `pick` holds.
fn bindings_where(module: &naga::Module, pipeline: &Pipeline, mut pick: impl FnMut(&naga::GlobalVariable) -> bool) -> Vec<Vec<u32>> {
    let mut picked: Vec<Vec<u32>> = pipeline.bind_groups.iter().map(|_| Vec::new()).collect();
    for (_, variable) in module.global_variables.iter() {
        let chosen = pick(variable);
        let Some(binding) = &variable.binding else { continue };
        if let Some(group) = picked.get_mut(binding.group as usize).filter(|_| chosen) {
            group.push(binding.binding);
        }
    }
    picked.iter_mut().for_each(|g| g.sort_unstable());
    picked
}

/// Declares `read` every storage buffer no entry point of the module writes (IREE's SPIR-V
/// leaves them all `read_write`), so a dispatch may bind overlapping ranges of one buffer to
/// them: WebGPU refuses overlapping ranges only where one binding is writable. IREE declares
/// one binding as several variables when it reads it as several types; they must keep one
/// access, so a binding is read-only only when none of its variables is written.
fn declare_read_only(module: &mut naga::Module, info: &naga::valid::ModuleInfo) {
    let entries = module.entry_points.len();
    let written = |handle: naga::Handle<naga::GlobalVariable>| (0..entries).any(|e| info.get_entry_point(e)[handle].contains(naga::valid::GlobalUse::WRITE));
    let written_bindings: Vec<naga::ResourceBinding> = module
        .global_variables
        .iter()
        .filter(|(handle, _)| written(*handle))
        .filter_map(|(_, variable)| variable.binding)
        .collect();
    for (_, variable) in module.global_variables.iter_mut() {
        if variable.binding.is_some_and(|b| written_bindings.contains(&b)) {
            continue;
        }
        if let naga::AddressSpace::Storage { access } = &mut variable.space {
            access.remove(naga::StorageAccess::STORE);
        }
    }
}

/// Bytes of `var<workgroup>` memory the module declares.
fn workgroup_storage_bytes(module: &naga::Module) -> u32 {
    let mut layouter = naga::proc::Layouter::default();
    if layouter.update(module.to_ctx()).is_err() {
        return u32::MAX; // validation refuses such a module first
    }
    let workgroup = module
        .global_variables
        .iter()
        .filter(|(_, v)| v.space == naga::AddressSpace::WorkGroup);
    workgroup.map(|(_, v)| layouter[v.ty].size).sum()
}
