//! glue/wgsl's translator as a wasm module of its own, so that pages which never run a GPU
//! program never download naga. A plain C ABI over the module's own memory, no bindings
//! generator: JavaScript (glue/js/gpu/wgsl.mjs) asks for an input buffer, writes the executable's
//! name and bytes into it, calls [`wgsl_translate`] with the adapter's limits and reads back one
//! JSON text: the translation, or `{"code", "message"}` (the codes of `WeftError`).
//!
//! A panic (naga can panic on corrupt SPIR-V) aborts, which traps: the caller drops the
//! instance and makes a new one, so a hostile executable cannot leave the translator broken.

use std::cell::RefCell;
use weft_boundary::{errors::Code, json};
use weft_wgsl::{limits, DeviceLimits, Executable, Pipeline};

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A buffer of `len` bytes for the next [`wgsl_translate`]: the name, then the executable.
#[no_mangle]
pub extern "C" fn wgsl_input(len: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|input| {
        input.clear();
        input.resize(len, 0);
        input.as_mut_ptr()
    })
}

/// Translates the executable in the input buffer (its first `name_len` bytes are its name) and
/// checks every pipeline against the given limits (`GPUSupportedLimits`, same order as
/// [`DeviceLimits`]). Returns 1 when the output is a translation, 0 when it is an error.
#[no_mangle]
#[allow(clippy::too_many_arguments)] // one per limit: JS passes numbers, not a struct
pub extern "C" fn wgsl_translate(
    name_len: usize,
    max_compute_invocations_per_workgroup: u32,
    max_compute_workgroup_size_x: u32,
    max_compute_workgroup_size_y: u32,
    max_compute_workgroup_size_z: u32,
    max_compute_workgroup_storage_size: u32,
    max_storage_buffers_per_shader_stage: u32,
    max_bind_groups: u32,
) -> u32 {
    let limits = DeviceLimits {
        max_compute_invocations_per_workgroup,
        max_compute_workgroup_size: [
            max_compute_workgroup_size_x,
            max_compute_workgroup_size_y,
            max_compute_workgroup_size_z,
        ],
        max_compute_workgroup_storage_size,
        max_storage_buffers_per_shader_stage,
        max_bind_groups,
    };
    let (ok, text) = INPUT.with_borrow(|input| translate(input, name_len, &limits));
    OUTPUT.with_borrow_mut(|output| *output = text);
    ok as u32
}

/// Where the output of the last [`wgsl_translate`] is, and its length in bytes.
#[no_mangle]
pub extern "C" fn wgsl_output() -> *const u8 {
    OUTPUT.with_borrow(|output| output.as_ptr())
}

#[no_mangle]
pub extern "C" fn wgsl_output_len() -> usize {
    OUTPUT.with_borrow(|output| output.len())
}

/// The translation of `input` (name, then bytes) as JSON, and whether it succeeded.
pub fn translate(input: &[u8], name_len: usize, limits: &DeviceLimits) -> (bool, String) {
    let (name, bytes) = input.split_at(name_len.min(input.len()));
    let name = String::from_utf8_lossy(name);
    let translated = weft_wgsl::translate(&name, bytes).and_then(|executable| {
        for pipeline in &executable.pipelines {
            limits::check(&name, pipeline, limits)?;
        }
        Ok(executable)
    });
    match translated {
        Ok(executable) => (true, executable_json(&executable)),
        Err(e) => (
            false,
            format!(
                r#"{{"code":{},"message":{}}}"#,
                json::string(Code::of(&e).as_str()),
                json::string(&e.to_string())
            ),
        ),
    }
}

fn executable_json(executable: &Executable) -> String {
    let shaders: Vec<String> = executable.shaders.iter().map(|s| json::string(s)).collect();
    let pipelines: Vec<String> = executable.pipelines.iter().map(pipeline_json).collect();
    format!(
        r#"{{"shaders":[{}],"pipelines":[{}]}}"#,
        shaders.join(","),
        pipelines.join(",")
    )
}

fn pipeline_json(p: &Pipeline) -> String {
    let groups: Vec<String> = p.bind_groups.iter().map(|g| format!("{g:?}")).collect();
    let written: Vec<String> = p.written.iter().map(|g| format!("{g:?}")).collect();
    let writable: Vec<String> = p.writable.iter().map(|g| format!("{g:?}")).collect();
    let push_constants = match p.push_constants {
        Some(c) => format!(
            r#"{{"group":{},"binding":{},"bytes":{}}}"#,
            c.group, c.binding, c.bytes
        ),
        None => String::from("null"),
    };
    format!(
        r#"{{"name":{},"shader":{},"entryPoint":{},"workgroupSize":{:?},"workgroupStorageBytes":{},"bindGroups":[{}],"written":[{}],"writable":[{}],"pushConstants":{}}}"#,
        json::string(&p.name),
        p.shader,
        json::string(&p.entry_point),
        p.workgroup_size,
        p.workgroup_storage_bytes,
        groups.join(","),
        written.join(","),
        writable.join(","),
        push_constants
    )
}
