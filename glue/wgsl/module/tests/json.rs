//! The translator module's output is JSON glue/js/gpu/wgsl.mjs can parse: a translation, or a
//! WeftError's code and message.

use serde_json::Value;
use weft_test_support::vulkan_fixtures;
use weft_wgsl::DeviceLimits;
use weft_wgsl_module::translate;

/// The first Vulkan executable of corpus/gpu_dynamic_rows, prefixed by its name.
fn input(name: &str) -> Vec<u8> {
    let fixture = vulkan_fixtures()
        .into_iter()
        .find(|f| f.stem == "gpu_dynamic_rows.vulkan")
        .unwrap();
    let bytes = fixture.bytes();
    let module = rt_core::vmfb::parse(&bytes).unwrap();
    let executable = module
        .rodata_segments
        .iter()
        .find(|s| s.starts_with(b"VKE1"))
        .unwrap();
    [name.as_bytes(), executable].concat()
}

#[test]
fn a_translation_is_json() {
    let name = "rows \"#0\"";
    let (ok, text) = translate(&input(name), name.len(), &DeviceLimits::WEBGPU_DEFAULTS);
    assert!(ok, "{text}");
    let json: Value = serde_json::from_str(&text).unwrap();
    let pipeline = &json["pipelines"][0];
    assert_eq!(pipeline["name"], "row_sums_dispatch_0_reduction_DxD_f32");
    assert_eq!(pipeline["entryPoint"], "pipeline_0_main");
    assert_eq!(pipeline["bindGroups"], serde_json::json!([[0, 1]]));
    assert_eq!(
        pipeline["pushConstants"],
        serde_json::json!({ "group": 1, "binding": 0, "bytes": 16 })
    );
    let shader = json["shaders"][0].as_str().unwrap();
    assert!(shader.contains("fn pipeline_0_main("), "{shader}");
}

#[test]
fn an_error_is_a_code_and_a_message() {
    let name = "rows";
    let mut corrupt = input(name);
    corrupt[name.len()] = b'X'; // the header's magic
    let limits = DeviceLimits::WEBGPU_DEFAULTS;
    let (code, message) = refusal(&corrupt, name.len(), &limits);
    assert_eq!(code, "INVALID_PROGRAM");
    assert!(message.contains("executable 'rows' does not start with a 64-byte 'VKE1' header"), "{message}");

    let tight = DeviceLimits { max_bind_groups: 1, ..limits };
    let (code, message) = refusal(&input(name), name.len(), &tight);
    assert_eq!(code, "UNSUPPORTED");
    assert!(message.contains("needs 2 bind groups; this WebGPU adapter allows 1 (maxBindGroups)"), "{message}");
}

/// The code and message of a translation that must fail.
fn refusal(input: &[u8], name_len: usize, limits: &DeviceLimits) -> (String, String) {
    let (ok, text) = translate(input, name_len, limits);
    assert!(!ok, "{text}");
    let json: Value = serde_json::from_str(&text).unwrap();
    (json["code"].as_str().unwrap().to_string(), json["message"].as_str().unwrap().to_string())
}
